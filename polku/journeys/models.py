"""The customer journey: stages, channels, touchpoints, personas and their paths."""

from __future__ import annotations

from django.core.validators import MaxValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from polku.accounts.models import Membership, Organization


class Positioned(models.Model):
    """Rows the user orders by hand; `position_scope` names the fields that group them."""

    position = models.PositiveIntegerField(_("position"), default=0)
    position_scope: tuple[str, ...] = ("organization",)

    class Meta:
        abstract = True

    def siblings(self) -> models.QuerySet:
        scope = {field: getattr(self, field) for field in self.position_scope}
        return type(self).objects.filter(**scope).order_by("position", "pk")


class Stage(Positioned):
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    name = models.CharField(_("name"), max_length=80)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        verbose_name = _("stage")
        verbose_name_plural = _("stages")
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["organization", "name"], name="stage_name_unique")
        ]

    def __str__(self) -> str:
        return self.name


class ChannelKind(models.TextChoices):
    STORE = "store", _("Store")
    WEBSHOP = "webshop", _("Webshop")
    MOBILE = "mobile", _("Mobile")
    SOCIAL = "social", _("Social media")
    PHONE = "phone", _("Phone")
    EMAIL = "email", _("Email")
    DELIVERY = "delivery", _("Delivery")
    OTHER = "other", _("Other")


class Channel(Positioned):
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    name = models.CharField(_("name"), max_length=80)
    kind = models.CharField(
        _("kind"), max_length=16, choices=ChannelKind.choices, default=ChannelKind.OTHER
    )

    class Meta:
        verbose_name = _("channel")
        verbose_name_plural = _("channels")
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["organization", "name"], name="channel_name_unique")
        ]

    def __str__(self) -> str:
        return self.name


class Touchpoint(Positioned):
    """A moment where the customer meets the business, and what happens behind it."""

    position_scope = ("organization", "stage")

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    stage = models.ForeignKey(
        Stage, on_delete=models.RESTRICT, related_name="touchpoints", verbose_name=_("stage")
    )
    channel = models.ForeignKey(
        Channel, on_delete=models.RESTRICT, related_name="touchpoints", verbose_name=_("channel")
    )
    name = models.CharField(_("name"), max_length=120)
    owner = models.ForeignKey(
        Membership,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="owned_touchpoints",
        verbose_name=_("owner"),
        help_text=_("The person who answers for this touchpoint."),
    )
    promise = models.TextField(
        _("promise"), blank=True, help_text=_("What we promise the customer here.")
    )
    frontstage = models.TextField(
        _("what the customer sees"),
        blank=True,
        help_text=_("Frontstage: actions and things the customer meets."),
    )
    backstage = models.TextField(
        _("what happens behind it"),
        blank=True,
        help_text=_("Backstage: our work the customer does not see."),
    )
    support_processes = models.TextField(
        _("support processes"),
        blank=True,
        help_text=_("Systems, partners and processes that make it possible."),
    )
    is_critical = models.BooleanField(
        _("critical"),
        default=False,
        help_text=_("A moment of truth: failing here loses the customer."),
    )

    class Meta:
        verbose_name = _("touchpoint")
        verbose_name_plural = _("touchpoints")
        ordering = ["stage__position", "position", "pk"]

    def __str__(self) -> str:
        return self.name


class Persona(Positioned):
    """An archetype of a customer, written from what the business knows of real ones."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    name = models.CharField(_("name"), max_length=80)
    age = models.PositiveSmallIntegerField(
        _("age"), null=True, blank=True, validators=[MaxValueValidator(120)]
    )
    home_town = models.CharField(_("home town"), max_length=80, blank=True)
    work = models.CharField(_("work"), max_length=120, blank=True)
    family = models.CharField(_("family"), max_length=120, blank=True)
    need = models.TextField(_("need or problem we solve"), blank=True)
    values = models.TextField(_("what they value most"), blank=True)
    why_us = models.TextField(_("why they buy from us"), blank=True)
    typical_purchase = models.DecimalField(
        _("typical purchase (€)"), max_digits=10, decimal_places=2, null=True, blank=True
    )
    preferred_channels = models.ManyToManyField(
        Channel, blank=True, related_name="personas", verbose_name=_("preferred channels")
    )

    class Meta:
        verbose_name = _("persona")
        verbose_name_plural = _("personas")
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["organization", "name"], name="persona_name_unique")
        ]

    def __str__(self) -> str:
        return self.name


class Mood(models.TextChoices):
    POSITIVE = "positive", _("Good")
    NEUTRAL = "neutral", _("Neutral")
    NEGATIVE = "negative", _("Bad")


class PersonaStep(Positioned):
    """One step of a persona's journey: a touchpoint and how it feels to them."""

    position_scope = ("persona",)

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    persona = models.ForeignKey(Persona, on_delete=models.CASCADE, related_name="steps")
    touchpoint = models.ForeignKey(
        Touchpoint,
        on_delete=models.CASCADE,
        related_name="persona_steps",
        verbose_name=_("touchpoint"),
    )
    mood = models.CharField(
        _("how it feels"), max_length=16, choices=Mood.choices, default=Mood.NEUTRAL
    )
    note = models.TextField(
        _("note"), blank=True, help_text=_("What the persona thinks and feels here.")
    )

    class Meta:
        verbose_name = _("persona step")
        verbose_name_plural = _("persona steps")
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return f"{self.persona}: {self.touchpoint}"
