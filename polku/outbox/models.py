"""Every email Polku sends, kept so that owners can see what customers and members got."""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from polku.accounts.models import Organization


class OutboxEmail(models.Model):
    class Status(models.TextChoices):
        KEPT = "kept", _("Kept here (no mail server configured)")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Sending failed")

    # Null for system mail such as password resets: those belong to no organization and
    # are never shown to an organization's owners (a reset link is a key to an account).
    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    from_email = models.CharField(_("from"), max_length=254)
    to = models.TextField(_("to"))
    subject = models.CharField(_("subject"), max_length=998)
    body_text = models.TextField(_("text"))
    body_html = models.TextField(_("HTML"), blank=True)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices)
    error = models.TextField(_("error"), blank=True)
    created_at = models.DateTimeField(_("time"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("email")
        verbose_name_plural = _("emails")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.subject
