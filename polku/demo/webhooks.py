"""Demo outgoing webhooks: the shop's customer service tool hears of every new case and
every overdue one; a few of last week's messages, one of which needed a second try."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from polku.cases.models import Case
from polku.webhooks.models import Delivery, Subscription

URLS = {
    "fi": "https://asiakaspalvelu.kaisla.example/polku",
    "en": "https://crm.clearview.example/hooks/polku",
}


def load_demo_webhooks(organization) -> None:
    subscription = Subscription.objects.create(
        organization=organization,
        url=URLS[organization.language],
        topics=["case.created", "case.overdue"],
    )
    now = timezone.now()
    recent = Case.objects.filter(organization=organization).order_by("-created_at")[:6]
    for n, case in enumerate(recent):
        at = now - timedelta(days=n, hours=2 * n + 1)
        Delivery.objects.create(
            subscription=subscription,
            topic="case.created",
            payload={"topic": "case.created", "sent_for": organization.pk, "data": {"id": case.pk}},
            created_at=at,
            status=Delivery.Status.SENT,
            attempts=2 if n == 3 else 1,
            last_status_code=200,
            last_error="",
            next_attempt_at=at,
            sent_at=at + timedelta(minutes=1 if n == 3 else 0, seconds=1),
        )
