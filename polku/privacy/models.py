"""What Polku records about its handling of personal data: who looked, who was erased.

Neither log holds the personal data itself: a customer is named by their number only, so
the logs can outlive the people in them.
"""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from polku.accounts.models import Membership, Organization


class Access(models.Model):
    """A member saw or exported a customer's personal data."""

    class Action(models.TextChoices):
        VIEWED = "viewed", _("Viewed the customer page")
        EXPORTED_JSON = "exported_json", _("Exported as JSON")
        EXPORTED_HTML = "exported_html", _("Exported as a readable page")
        ERASED = "erased", _("Erased")

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    # The number of the customer, kept after the customer is erased.
    customer_number = models.PositiveIntegerField()
    member = models.ForeignKey(Membership, on_delete=models.SET_NULL, null=True, related_name="+")
    # Who, in words, for when the membership is gone; the CLI has no member.
    member_name = models.CharField(max_length=200)
    action = models.CharField(max_length=16, choices=Action.choices)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("access to personal data")
        verbose_name_plural = _("accesses to personal data")
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["organization", "at"])]

    def __str__(self) -> str:
        return f"{self.member_name} {self.action} #{self.customer_number}"

    @classmethod
    def record(cls, customer, action: str, member: Membership | None, name: str = "") -> Access:
        return cls.objects.create(
            organization_id=customer.organization_id,
            customer_number=customer.pk,
            member=member,
            member_name=name or (member.user.display_name or member.user.email if member else ""),
            action=action,
        )


class Erasure(models.Model):
    """One customer erased: when, why, by whom, and how much was changed, never who."""

    class Reason(models.TextChoices):
        REQUEST = "request", _("The customer asked")
        RETENTION = "retention", _("Retention period passed")

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    customer_number = models.PositiveIntegerField()
    reason = models.CharField(max_length=10, choices=Reason.choices)
    by = models.ForeignKey(Membership, on_delete=models.SET_NULL, null=True, related_name="+")
    by_name = models.CharField(max_length=200, blank=True)
    at = models.DateTimeField(default=timezone.now)
    # What was done, by kind: {"responses": 3, "cases": 1, ...}.
    counts = models.JSONField(default=dict)

    class Meta:
        verbose_name = _("erasure")
        verbose_name_plural = _("erasures")
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"#{self.customer_number} {self.at:%Y-%m-%d}"
