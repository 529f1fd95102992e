"""Customers of an organization, their consents, ids in other systems, and their events."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from polku.accounts.models import Membership, Organization
from polku.journeys.models import Channel, Persona, Touchpoint


class Customer(models.Model):
    class Kind(models.TextChoices):
        PERSON = "person", _("Person")
        COMPANY = "company", _("Company")

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.PERSON)
    name = models.CharField(_("name"), max_length=200, blank=True)
    contact_person = models.CharField(
        _("contact person"), max_length=200, blank=True, help_text=_("For companies.")
    )
    email = models.EmailField(_("email address"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES, blank=True)
    tags = models.JSONField(_("tags"), default=list, blank=True)
    # Which of the organization's personas this customer is most like: set by the staff, so
    # that segments (and their figures) can follow a persona's real customers.
    persona = models.ForeignKey(
        Persona,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="customers",
        verbose_name=_("persona"),
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("customer")
        verbose_name_plural = _("customers")
        indexes = [models.Index(fields=["organization", "email"])]

    def __str__(self) -> str:
        return self.name or self.email or str(_("anonymous customer"))

    def consents_now(self) -> dict[str, bool]:
        """The latest decision per purpose."""
        latest: dict[str, bool] = {}
        for consent in self.consents.order_by("given_at", "pk"):
            latest[consent.purpose] = consent.granted
        return latest


class ExternalId(models.Model):
    """A customer's id in another system (a webshop, a till), kept exactly as a string."""

    # No index of its own: the unique one below starts with the organization.
    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="+", db_index=False
    )
    customer = models.ForeignKey(Customer, on_delete=models.CASCADE, related_name="external_ids")
    source = models.CharField(max_length=40)
    value = models.CharField(max_length=100)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "source", "value"], name="one_customer_per_external_id"
            )
        ]

    def __str__(self) -> str:
        return f"{self.source}:{self.value}"


class Consent(models.Model):
    """One decision of a customer: a row per change, with time, source and wording."""

    class Purpose(models.TextChoices):
        SURVEYS = "surveys", _("Surveys")
        MARKETING = "marketing", _("Marketing")

    customer = models.ForeignKey(Customer, on_delete=models.CASCADE, related_name="consents")
    purpose = models.CharField(max_length=20, choices=Purpose.choices)
    granted = models.BooleanField()
    given_at = models.DateTimeField(default=timezone.now)
    source = models.CharField(max_length=40)
    wording = models.TextField(blank=True)

    class Meta:
        ordering = ["given_at", "pk"]

    def __str__(self) -> str:
        return f"{self.customer} {self.purpose}={self.granted}"

    # The history is the proof of what the customer agreed to and when: a change of mind is
    # a new row. Only erasing the customer removes their rows (polku.privacy.erasure).
    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise ValueError("Consents are append-only: record a new decision instead.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError("Consents are append-only: record a new decision instead.")


class Event(models.Model):
    """Something that happened to a customer at a touchpoint."""

    class Kind(models.TextChoices):
        ORDER_PLACED = "order_placed", _("Order placed")
        ORDER_DELIVERED = "order_delivered", _("Order delivered")
        ORDER_DELAYED = "order_delayed", _("Order delayed")
        RETURN = "return", _("Return")
        SUPPORT_CONTACT = "support_contact", _("Support contact")
        COMPLAINT = "complaint", _("Complaint")
        STORE_VISIT = "store_visit", _("Store visit")

    class Delivery(models.TextChoices):
        HOME = "home", _("Home delivery")
        PICKUP_POINT = "pickup_point", _("Pickup point")
        STORE_PICKUP = "store_pickup", _("Store pickup")

    # No index of its own: the indexes below all start with the organization, and each
    # index costs every insert of a bulk call.
    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="+", db_index=False
    )
    customer = models.ForeignKey(
        Customer, on_delete=models.SET_NULL, null=True, blank=True, related_name="events"
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    occurred_at = models.DateTimeField()
    touchpoint = models.ForeignKey(
        Touchpoint, on_delete=models.SET_NULL, null=True, blank=True, related_name="events"
    )
    channel = models.ForeignKey(
        Channel, on_delete=models.SET_NULL, null=True, blank=True, related_name="events"
    )
    employee = models.ForeignKey(
        Membership, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    amount = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    currency = models.CharField(max_length=3, default="EUR")
    order_reference = models.CharField(max_length=100, blank=True)
    delivery_method = models.CharField(max_length=20, choices=Delivery.choices, blank=True)
    delivery_place = models.CharField(max_length=200, blank=True)
    promised_at = models.DateTimeField(null=True, blank=True)
    topic = models.CharField(max_length=200, blank=True)
    source = models.CharField(max_length=40)
    # The source's own id of this event: a second delivery of it is recognised and skipped.
    external_id = models.CharField(max_length=100, blank=True)
    payload = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    # Set once the automation rules have looked at the event (polku.automation.rules).
    rules_applied = models.BooleanField(default=False)

    class Meta:
        ordering = ["-occurred_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "source", "external_id"],
                condition=~models.Q(external_id=""),
                name="one_event_per_source_id",
            )
        ]
        indexes = [
            models.Index(fields=["organization", "occurred_at"]),
            models.Index(fields=["organization", "order_reference"]),
            models.Index(
                fields=["id"], condition=models.Q(rules_applied=False), name="event_rules_pending"
            ),
            # The worker's look for orders past their promised delivery time.
            models.Index(
                fields=["promised_at"],
                condition=models.Q(kind="order_placed", promised_at__isnull=False),
                name="event_order_promised",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.occurred_at:%Y-%m-%d}"


def _webhook_token() -> str:
    import secrets

    return secrets.token_urlsafe(18)


def _webhook_secret() -> str:
    import secrets

    return secrets.token_urlsafe(32)


class WebhookEndpoint(models.Model):
    """Where a webshop sends its webhooks: a URL of its own and the secret that signs them."""

    class Platform(models.TextChoices):
        SHOPIFY = "shopify", "Shopify"
        WOOCOMMERCE = "woocommerce", "WooCommerce"

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    platform = models.CharField(_("platform"), max_length=20, choices=Platform.choices)
    token = models.CharField(max_length=40, unique=True, default=_webhook_token)
    secret = models.CharField(_("signing secret"), max_length=200, default=_webhook_secret)
    created_at = models.DateTimeField(default=timezone.now)
    last_received_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("webshop connection")
        verbose_name_plural = _("webshop connections")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return self.get_platform_display()
