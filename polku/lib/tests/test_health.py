"""/healthz: 200 while the database answers; the worker's lag is reported, and fails the
strict check once work has waited too long."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from polku.automation.tasks import tick
from polku.outbox.models import OutboxEmail


def queue_email(due_in: timedelta) -> OutboxEmail:
    return OutboxEmail.objects.create(
        from_email="a@x.test",
        to="b@x.test",
        subject="Hei",
        body_text="Hei",
        status="queued",
        next_attempt_at=timezone.now() + due_in,
    )


def test_a_quiet_system_is_healthy(client, db):
    answer = client.get("/healthz")
    assert answer.status_code == 200
    body = answer.json()
    assert body["status"] == "ok" and body["database"] == "ok"
    assert body["worker"]["lag_seconds"] == 0.0
    assert body["worker"]["last_task_finished_seconds_ago"] is None  # no worker has run yet
    assert client.get("/healthz?strict=1").status_code == 200


def test_a_stalled_worker_shows_as_lag_and_fails_the_strict_check(client, db, settings):
    settings.POLKU_HEALTH_MAX_LAG_SECONDS = 60
    tick.enqueue()
    DBTaskResult.objects.update(enqueued_at=timezone.now() - timedelta(minutes=10))
    queue_email(timedelta(minutes=-3))
    body = client.get("/healthz").json()
    assert body["status"] == "worker_behind"
    assert 599 <= body["worker"]["oldest_task_waiting_seconds"] <= 660
    assert 179 <= body["worker"]["oldest_email_due_seconds"] <= 240
    assert body["worker"]["lag_seconds"] == body["worker"]["oldest_task_waiting_seconds"]
    # A load balancer keeps the web server: its pages work without the worker.
    assert client.get("/healthz").status_code == 200
    assert client.get("/healthz?strict=1").status_code == 503


def test_mail_not_yet_due_is_no_lag(client, db):
    queue_email(timedelta(minutes=5))
    assert client.get("/healthz").json()["worker"]["oldest_email_due_seconds"] is None
