"""Queued mail goes to a real SMTP server with a fixed Message-ID, is claimed by one worker
at a time, retries with backoff and gives up visibly."""

from __future__ import annotations

from datetime import timedelta
from email import message_from_bytes

import pytest
from django.utils import timezone

from polku.outbox.models import OutboxEmail
from polku.outbox.sending import (
    MAX_ATTEMPTS,
    claim_due_emails,
    queue_email,
    send_due_emails,
)

pytestmark = pytest.mark.django_db


def queue(org, n=1, to="maija@example.fi"):
    return [
        queue_email(
            organization=org,
            to=to,
            subject=f"Message {i}",
            body_text="Hello",
            body_html="<p>Hello</p>",
            from_email='"Olivia Owner, Shop A" <polku@localhost>',
            reply_to="owner@a.test",
            headers={"List-Unsubscribe": "<http://testserver/u/x/>"},
        )
        for i in range(n)
    ]


def test_queued_mail_arrives_with_its_own_message_id_and_headers(org, smtp_server):
    [email] = queue(org)
    assert send_due_emails("w1").sent == 1
    [envelope] = smtp_server.messages
    received = message_from_bytes(envelope.content)
    assert received["Message-ID"] == email.message_id
    assert received["List-Unsubscribe"] == "<http://testserver/u/x/>"
    assert received["Reply-To"] == "owner@a.test"
    assert received.is_multipart()
    email.refresh_from_db()
    assert email.status == OutboxEmail.Status.SENT
    assert email.sent_at is not None and email.attempts == 1
    # Nothing is sent twice.
    assert send_due_emails("w1").sent == 0
    assert len(smtp_server.messages) == 1


def test_without_a_mail_server_mail_stays_in_the_outbox(org):
    [email] = queue(org)
    assert send_due_emails("w1").sent == 1
    email.refresh_from_db()
    assert email.status == OutboxEmail.Status.KEPT


def test_two_workers_never_claim_the_same_message(org):
    queue(org, 5)
    first = claim_due_emails("w1", 3)
    second = claim_due_emails("w2", 3)
    assert len(first) == 3 and len(second) == 2
    assert not {e.pk for e in first} & {e.pk for e in second}
    assert claim_due_emails("w3", 3) == []


def test_a_dead_workers_claim_runs_out(org, settings):
    settings.POLKU_SEND_LEASE_SECONDS = 60
    [email] = queue(org)
    assert claim_due_emails("dead", 10)
    assert claim_due_emails("alive", 10) == []
    OutboxEmail.objects.filter(pk=email.pk).update(
        claimed_until=timezone.now() - timedelta(seconds=1)
    )
    [again] = claim_due_emails("alive", 10)
    assert again.pk == email.pk and again.attempts == 2


class RefusingHandler:
    """An SMTP server that answers DATA with a fixed reply."""

    def __init__(self, reply: str):
        self.reply = reply
        self.tries = 0

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's name
        self.tries += 1
        return self.reply


@pytest.fixture
def refusing_server(settings, smtp_server):
    from aiosmtpd.controller import Controller

    from polku.conftest import free_port

    def start(reply: str) -> RefusingHandler:
        handler = RefusingHandler(reply)
        controller = Controller(handler, hostname="127.0.0.1", port=free_port())
        controller.start()
        started.append(controller)
        settings.EMAIL_PORT = controller.port
        return handler

    started: list = []
    yield start
    for controller in started:
        controller.stop()


def test_a_temporary_failure_is_retried_with_backoff_then_given_up(org, refusing_server):
    handler = refusing_server("451 4.3.0 Try again later")
    [email] = queue(org)
    waits = []
    for _attempt in range(MAX_ATTEMPTS):
        OutboxEmail.objects.filter(pk=email.pk).update(next_attempt_at=timezone.now())
        report = send_due_emails("w1")
        assert report.failed == 1
        email.refresh_from_db()
        if email.status == OutboxEmail.Status.QUEUED:
            waits.append(email.next_attempt_at - timezone.now())
    assert handler.tries == MAX_ATTEMPTS
    assert email.status == OutboxEmail.Status.FAILED
    assert "Try again later" in email.error
    # Each wait about twice the one before.
    assert [round(w.total_seconds() / 60) for w in waits] == [1, 2, 4, 8, 16]


def test_a_permanent_refusal_is_a_bounce_and_not_retried(org, refusing_server):
    handler = refusing_server("550 5.1.1 No such user")
    [email] = queue(org)
    send_due_emails("w1")
    email.refresh_from_db()
    assert email.status == OutboxEmail.Status.BOUNCED
    assert handler.tries == 1
    assert send_due_emails("w1").failed == 0


def test_an_unreachable_server_is_retried(org, settings):
    from polku.conftest import free_port

    settings.POLKU_OUTBOX_DELIVERY_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", free_port()  # nobody listens
    [email] = queue(org)
    assert send_due_emails("w1").failed == 1
    email.refresh_from_db()
    assert email.status == OutboxEmail.Status.QUEUED and email.next_attempt_at > timezone.now()


def test_a_message_that_cannot_be_built_fails_at_once_and_the_rest_go_on(org, smtp_server):
    broken, fine = queue(org, 2)
    OutboxEmail.objects.filter(pk=broken.pk).update(to="not an address, <")
    report = send_due_emails("w1")
    assert (report.sent, report.failed) == (1, 1)
    broken.refresh_from_db()
    assert broken.status == OutboxEmail.Status.FAILED
    assert len(smtp_server.messages) == 1
