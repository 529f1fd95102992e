"""Webhooks Polku sends: an organization's subscriptions and each message to them.

(Webhooks Polku receives from webshops live in polku.customers.webhooks.)
"""

from __future__ import annotations

import secrets

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from polku.accounts.models import Organization


class Topic(models.TextChoices):
    RESPONSE_CREATED = "response.created", _("A survey was answered")
    CASE_CREATED = "case.created", _("A case was opened")
    CASE_OVERDUE = "case.overdue", _("A case went past its due time")


def _secret() -> str:
    return "whsec_" + secrets.token_urlsafe(32)


class Subscription(models.Model):
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    url = models.URLField(
        _("address"),
        max_length=500,
        help_text=_("Where Polku posts, e.g. https://example.fi/polku-hook"),
    )
    topics = models.JSONField(_("what to send"), default=list)
    # Signs every message (HMAC-SHA256); the receiver checks it with the same secret.
    secret = models.CharField(max_length=80, default=_secret)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("webhook subscription")
        verbose_name_plural = _("webhook subscriptions")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return self.url


class Delivery(models.Model):
    """One message to one subscription, tried until the receiver answers 2xx."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Waiting to be sent")
        SENT = "sent", _("Delivered")
        FAILED = "failed", _("Gave up")

    subscription = models.ForeignKey(
        Subscription, on_delete=models.CASCADE, related_name="deliveries"
    )
    topic = models.CharField(max_length=30, choices=Topic.choices)
    payload = models.JSONField()
    created_at = models.DateTimeField(default=timezone.now)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    attempts = models.PositiveSmallIntegerField(default=0)
    # Due time of the next try; a worker taking the message moves it on by its lease.
    next_attempt_at = models.DateTimeField(default=timezone.now)
    last_status_code = models.PositiveSmallIntegerField(null=True, blank=True)
    last_error = models.TextField(blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(
                fields=["next_attempt_at"],
                condition=models.Q(status="queued"),
                name="webhook_delivery_due",
            )
        ]

    def __str__(self) -> str:
        return f"{self.topic} → {self.subscription_id}"
