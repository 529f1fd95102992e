"""`polku worker` in real processes: killed with SIGKILL at many moments, and two at once.

The workers run on the test database (a file on SQLite, the test database on PostgreSQL)
and deliver to a real SMTP server in this process. What arrived is compared with what the
database says was sent.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from collections import Counter
from datetime import timedelta
from email import message_from_bytes

import pytest
from django.utils import timezone

from polku.automation.models import Invitation, Rule
from polku.conftest import CollectingHandler, database_url, free_port
from polku.customers.actions import ConsentData, CustomerData, EventData, record_events
from polku.customers.models import Event
from polku.outbox.models import OutboxEmail

pytestmark = pytest.mark.django_db(transaction=True)


class SlowCollectingHandler(CollectingHandler):
    """Takes a few milliseconds per message, like a real server, so kills land mid-batch."""

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's name
        import asyncio

        await asyncio.sleep(0.003)
        return await super().handle_DATA(server, session, envelope)


@pytest.fixture
def smtp():
    from aiosmtpd.controller import Controller

    handler = SlowCollectingHandler()
    controller = Controller(handler, hostname="127.0.0.1", port=free_port())
    controller.start()
    yield handler, controller.port
    controller.stop()


def start_worker(smtp_port: int) -> subprocess.Popen:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "polku.settings",
        "DATABASE_URL": database_url(),
        "DATABASE_CONN_MAX_AGE": "0",
        "EMAIL_URL": f"smtp://127.0.0.1:{smtp_port}",
        "POLKU_TICK_SECONDS": "0.2",
        "POLKU_SEND_LEASE_SECONDS": "2",
        "POLKU_WEEKLY_DIGEST": "0",  # counted mail is invitations only, whatever the weekday
    }
    return subprocess.Popen(  # noqa: S603 - our own program
        [
            sys.executable,
            "-m",
            "polku",
            "worker",
            "--interval",
            "0.05",
            "--no-startup-delay",
            "-v",
            "0",
        ],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )


def make_due_invitations(org, survey, count: int) -> None:
    Rule.objects.create(
        organization=org, event_kind="order_delivered", survey=survey, delay_minutes=0
    )
    record_events(
        org,
        [
            EventData(
                kind=Event.Kind.ORDER_DELIVERED,
                occurred_at=timezone.now() - timedelta(minutes=1),
                source="api",
                external_id=f"d{i}",
                customer=CustomerData(
                    source="api",
                    email=f"customer{i}@example.fi",
                    name=f"Asiakas {i}",
                    consents=[ConsentData("surveys", True)],
                ),
            )
            for i in range(count)
        ],
    )


def all_sent() -> bool:
    return (
        Invitation.objects.filter(state="sent").exists()
        and not Invitation.objects.exclude(state="sent").exists()
        and not OutboxEmail.objects.filter(status="queued").exists()
    )


def wait_until(condition, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.005)
    return False


def received_ids(handler) -> Counter:
    return Counter(message_from_bytes(m.content)["Message-ID"] for m in handler.messages)


def test_a_worker_killed_at_many_moments_loses_nothing_and_doubles_only_in_the_window(
    org, survey, smtp
):
    handler, port = smtp
    make_due_invitations(org, survey, 150)
    rng = random.Random(4)  # noqa: S311 - reproducible kill points, not security
    kills = 0
    progress = []
    for round_number in range(12):
        worker = start_worker(port)
        if round_number == 0:
            # While the invitations are being turned into emails, before any is sent.
            wait_until(lambda: Invitation.objects.filter(state="sent").exists(), 30)
        else:
            # After a random number of further messages: anywhere in a batch.
            target = len(handler.messages) + rng.randint(1, 25)
            wait_until(lambda target=target: len(handler.messages) >= target or all_sent(), 30)
            time.sleep(rng.uniform(0, 0.01))
        worker.send_signal(signal.SIGKILL)
        worker.wait()
        kills += 1
        progress.append(len(handler.messages))
        if all_sent():
            break
    print("messages received at each kill:", progress)
    # The kills landed while work was going on, not only before or after it.
    assert any(0 < n < 150 for n in progress), progress
    worker = start_worker(port)
    try:
        assert wait_until(all_sent, 60), "a worker after the kills did not finish the work"
    finally:
        worker.terminate()
        worker.wait(10)
    emails = list(OutboxEmail.objects.all())
    assert len(emails) == 150  # one email per invitation, whatever was killed when
    assert all(e.status == OutboxEmail.Status.SENT for e in emails)
    received = received_ids(handler)
    # Nothing lost: every email the database holds arrived.
    assert {e.message_id for e in emails} == set(received)
    # A second copy only where a worker died between the server's "250 OK" and recording
    # it: at most one per kill, and only of messages that needed another try.
    doubled = {message_id for message_id, n in received.items() if n > 1}
    print(f"{kills} kills, {len(doubled)} emails arrived twice")
    assert sum(n - 1 for n in received.values()) <= kills
    attempts = {e.message_id: e.attempts for e in emails}
    assert all(attempts[message_id] >= 2 for message_id in doubled)


def test_two_workers_never_send_the_same_email(org, survey, smtp):
    handler, port = smtp
    make_due_invitations(org, survey, 200)
    workers = [start_worker(port), start_worker(port)]
    try:
        assert wait_until(all_sent, 90)
    finally:
        for worker in workers:
            worker.terminate()
        for worker in workers:
            worker.wait(10)
    received = received_ids(handler)
    assert len(received) == 200
    assert max(received.values()) == 1
    # Both did part of the work.
    assert OutboxEmail.objects.values("claimed_by").distinct().count() == 2
