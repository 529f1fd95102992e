"""Personal survey invitations: one signed, single-use, expiring link per customer."""

from __future__ import annotations

from datetime import timedelta

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from polku.accounts.models import Membership, Organization
from polku.customers.models import Customer
from polku.journeys.models import Channel, Touchpoint
from polku.surveys.models import Response, Survey

INVITATION_VALID_FOR = timedelta(days=30)


def _expiry():
    return timezone.now() + INVITATION_VALID_FOR


class Invitation(models.Model):
    """Carries who is asked, about which touchpoint and channel, and who served them."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="invitations")
    customer = models.ForeignKey(
        Customer, on_delete=models.SET_NULL, null=True, blank=True, related_name="invitations"
    )
    touchpoint = models.ForeignKey(
        Touchpoint, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    channel = models.ForeignKey(
        Channel, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    employee = models.ForeignKey(
        Membership,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("employee who served"),
    )
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField(default=_expiry)
    response = models.OneToOneField(
        Response, on_delete=models.SET_NULL, null=True, blank=True, related_name="invitation"
    )

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.survey} → {self.customer or '—'}"

    @property
    def is_expired(self) -> bool:
        return self.expires_at <= timezone.now()
