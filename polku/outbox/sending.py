"""Queued email: written to the outbox first, then sent by a worker, at most once as far as
mail allows.

Every queued message gets its Message-ID when it is queued, so each try sends the same
message. A worker claims a few messages at a time for a limited lease; one that dies
mid-batch leaves its claims to run out, and the next worker sends those messages again.
A message is marked sent right after the mail server accepts it: a second copy can only
happen if the worker dies between those two steps.
"""

from __future__ import annotations

import logging
import smtplib
from dataclasses import dataclass
from datetime import datetime, timedelta
from email.utils import make_msgid

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from polku.lib.sqlite_writes import one_writer

from .models import OutboxEmail

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 6
# 1, 2, 4, 8, 16 minutes between tries: about half an hour before giving up.
FIRST_RETRY_AFTER = timedelta(minutes=1)


def queue_email(
    *,
    organization,
    to: str,
    subject: str,
    body_text: str,
    body_html: str,
    from_email: str = "",
    reply_to: str = "",
    headers: dict[str, str] | None = None,
) -> OutboxEmail:
    domain = settings.DEFAULT_FROM_EMAIL.rsplit("@", 1)[-1].strip(">") or "polku.local"
    return OutboxEmail.objects.create(
        organization=organization,
        from_email=from_email or settings.DEFAULT_FROM_EMAIL,
        to=to,
        subject=subject,
        body_text=body_text,
        body_html=body_html,
        reply_to=reply_to,
        headers=headers or {},
        status=OutboxEmail.Status.QUEUED,
        message_id=make_msgid(domain=domain),
        next_attempt_at=timezone.now(),
    )


def due_emails(now: datetime):
    return OutboxEmail.objects.filter(status=OutboxEmail.Status.QUEUED, next_attempt_at__lte=now)


def claim_due_emails(worker_id: str, limit: int) -> list[OutboxEmail]:
    """Claim up to `limit` due messages for this worker; no two workers get the same one."""
    now = timezone.now()
    lease = timedelta(seconds=settings.POLKU_SEND_LEASE_SECONDS)
    unclaimed = Q(claimed_until__isnull=True) | Q(claimed_until__lt=now)
    with one_writer(), transaction.atomic():
        # PostgreSQL: rows another worker is claiming right now are skipped, not waited for.
        # SQLite: the transaction takes the write lock when it begins, one claimer at a time.
        ids = list(
            due_emails(now)
            .filter(unclaimed)
            .order_by("next_attempt_at", "pk")
            .select_for_update(skip_locked=True)
            .values_list("pk", flat=True)[:limit]
        )
        if not ids:
            return []
        OutboxEmail.objects.filter(pk__in=ids).filter(unclaimed).update(
            claimed_by=worker_id, claimed_until=now + lease, attempts=F("attempts") + 1
        )
    return list(OutboxEmail.objects.filter(pk__in=ids, claimed_by=worker_id).order_by("pk"))


def build_message(email: OutboxEmail, connection=None) -> EmailMultiAlternatives:
    headers = {"Message-ID": email.message_id, **email.headers} if email.message_id else {}
    message = EmailMultiAlternatives(
        subject=email.subject,
        body=email.body_text,
        from_email=email.from_email,
        to=[address.strip() for address in email.to.split(",") if address.strip()],
        reply_to=[email.reply_to] if email.reply_to else None,
        headers=headers,
        connection=connection,
    )
    if email.body_html:
        message.attach_alternative(email.body_html, "text/html")
    return message


def _finish(email: OutboxEmail, worker_id: str, **fields) -> None:
    # Only while the claim is ours: a worker that outlived its lease records nothing.
    with one_writer():
        OutboxEmail.objects.filter(pk=email.pk, claimed_by=worker_id).update(
            claimed_until=None, **fields
        )


def _failed(email: OutboxEmail, worker_id: str, error: Exception) -> None:
    if isinstance(error, smtplib.SMTPRecipientsRefused) or (
        isinstance(error, smtplib.SMTPResponseException) and 500 <= error.smtp_code < 600
    ):
        log.warning("Email %s refused for good: %s", email.pk, error)
        _finish(email, worker_id, status=OutboxEmail.Status.BOUNCED, error=str(error)[:2000])
    elif email.attempts >= MAX_ATTEMPTS:
        log.error("Email %s failed %s times; giving up: %s", email.pk, email.attempts, error)
        _finish(email, worker_id, status=OutboxEmail.Status.FAILED, error=str(error)[:2000])
    else:
        retry_at = timezone.now() + FIRST_RETRY_AFTER * 2 ** (email.attempts - 1)
        log.warning(
            "Email %s failed (try %s), retry at %s: %s", email.pk, email.attempts, retry_at, error
        )
        _finish(email, worker_id, next_attempt_at=retry_at, error=str(error)[:2000])


@dataclass
class SendReport:
    sent: int = 0
    failed: int = 0


def send_claimed(emails: list[OutboxEmail], worker_id: str) -> SendReport:
    report = SendReport()
    if not settings.POLKU_OUTBOX_DELIVERY_BACKEND:
        # No mail server configured: the outbox is where the mail stays (the demo).
        for email in emails:
            _finish(email, worker_id, status=OutboxEmail.Status.KEPT, sent_at=timezone.now())
            report.sent += 1
        return report
    connection = get_connection(settings.POLKU_OUTBOX_DELIVERY_BACKEND, fail_silently=False)
    try:
        for email in emails:
            try:
                # One connection for the batch: send_messages closes only what it opened.
                if getattr(connection, "connection", None) is None:
                    connection.open()
                connection.send_messages([build_message(email, connection)])
            except ValueError as error:  # a malformed address: no retry can help
                log.error("Email %s cannot be sent as written: %s", email.pk, error)
                _finish(email, worker_id, status=OutboxEmail.Status.FAILED, error=str(error))
                report.failed += 1
                continue
            except (TimeoutError, smtplib.SMTPException, OSError) as error:
                _failed(email, worker_id, error)
                report.failed += 1
                # A broken connection is reopened for the next message.
                connection.close()
                continue
            _finish(
                email, worker_id, status=OutboxEmail.Status.SENT, sent_at=timezone.now(), error=""
            )
            report.sent += 1
    finally:
        connection.close()
    return report


def send_due_emails(
    worker_id: str, *, batch_size: int = 20, limit: int | None = None
) -> SendReport:
    """Send everything due now, a claimed batch at a time."""
    total = SendReport()
    while limit is None or total.sent + total.failed < limit:
        claimed = claim_due_emails(worker_id, batch_size)
        if not claimed:
            break
        report = send_claimed(claimed, worker_id)
        total.sent += report.sent
        total.failed += report.failed
    return total
