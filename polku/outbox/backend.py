"""Email backend that records every message and, if configured, delivers it by SMTP."""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.mail import get_connection
from django.core.mail.backends.base import BaseEmailBackend

from .models import OutboxEmail

log = logging.getLogger(__name__)


def _html_part(message) -> str:
    for content, mimetype in getattr(message, "alternatives", []) or []:
        if mimetype == "text/html":
            return content
    return ""


class OutboxBackend(BaseEmailBackend):
    def send_messages(self, email_messages) -> int:
        delivery_path = settings.POLKU_OUTBOX_DELIVERY_BACKEND
        delivered = 0
        for message in email_messages:
            record = OutboxEmail.objects.create(
                organization_id=getattr(message, "polku_organization_id", None),
                from_email=message.from_email or settings.DEFAULT_FROM_EMAIL,
                to=", ".join(message.to),
                subject=message.subject,
                body_text=message.body,
                body_html=_html_part(message),
                status=OutboxEmail.Status.KEPT,
            )
            if not delivery_path:
                log.info(
                    "Email kept in the outbox (no EMAIL_URL): %s → %s", message.subject, record.to
                )
                delivered += 1
                continue
            try:
                get_connection(delivery_path, fail_silently=False).send_messages([message])
            except Exception as error:  # noqa: BLE001 - any transport error is recorded
                record.status, record.error = OutboxEmail.Status.FAILED, str(error)[:2000]
                record.save(update_fields=["status", "error"])
                log.warning("Email to %s failed: %s", record.to, error)
                if not self.fail_silently:
                    raise
            else:
                record.status = OutboxEmail.Status.SENT
                record.save(update_fields=["status"])
                delivered += 1
        return delivered
