"""Every email Polku sends, kept so that owners can see what customers and members got."""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from polku.accounts.models import Organization


class OutboxEmail(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", _("Waiting to be sent")
        KEPT = "kept", _("Kept here (no mail server configured)")
        SENT = "sent", _("Sent")
        BOUNCED = "bounced", _("Refused by the mail server")
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

    # Queued mail (invitations, reminders, notices) is sent by a worker; see sending.py.
    # The Message-ID is fixed when the message is queued, so every try sends the same one.
    message_id = models.CharField(max_length=255, blank=True)
    reply_to = models.CharField(max_length=254, blank=True)
    headers = models.JSONField(default=dict, blank=True)
    attempts = models.PositiveSmallIntegerField(_("tries"), default=0)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    # A worker's claim: no other worker takes the message until the claim runs out, so a
    # worker that dies mid-batch leaves its messages to be picked up again.
    claimed_by = models.CharField(max_length=64, blank=True)
    claimed_until = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)

    class Meta:
        verbose_name = _("email")
        verbose_name_plural = _("emails")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(
                fields=["next_attempt_at"],
                condition=models.Q(status="queued"),
                name="outbox_queued_due",
            )
        ]

    def __str__(self) -> str:
        return self.subject
