"""`GET /healthz`: is the database answering, and is the worker keeping up?

A load balancer needs only the first: the web pages work while the worker is behind, so
the answer is 200 unless the database fails (503). A monitor that should also page someone
when the worker stops asks `/healthz?strict=1`, which answers 503 when work has waited
longer than POLKU_HEALTH_MAX_LAG_SECONDS.
"""

from __future__ import annotations

from datetime import datetime

from django.conf import settings
from django.db import DatabaseError, connection
from django.db.models import Max, Min
from django.http import HttpRequest, JsonResponse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from polku.outbox.models import OutboxEmail


def _seconds_since(moment: datetime | None, now: datetime) -> float | None:
    return None if moment is None else round(max((now - moment).total_seconds(), 0.0), 1)


def worker_state(now: datetime | None = None) -> dict:
    """How long the oldest waiting task and the oldest due email have waited, and when the
    worker last finished a task."""
    now = now or timezone.now()
    tasks = DBTaskResult.objects.ready().aggregate(oldest=Min("enqueued_at"))
    done = DBTaskResult.objects.filter(status="SUCCESSFUL").aggregate(last=Max("finished_at"))
    due = OutboxEmail.objects.filter(
        status=OutboxEmail.Status.QUEUED, next_attempt_at__lte=now
    ).aggregate(oldest=Min("next_attempt_at"))
    state = {
        "oldest_task_waiting_seconds": _seconds_since(tasks["oldest"], now),
        "oldest_email_due_seconds": _seconds_since(due["oldest"], now),
        "last_task_finished_seconds_ago": _seconds_since(done["last"], now),
    }
    waits = [state["oldest_task_waiting_seconds"], state["oldest_email_due_seconds"]]
    state["lag_seconds"] = max((w for w in waits if w is not None), default=0.0)
    return state


def healthz(request: HttpRequest) -> JsonResponse:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        worker = worker_state()
    except DatabaseError:
        return JsonResponse({"status": "database_unavailable"}, status=503)
    behind = worker["lag_seconds"] > settings.POLKU_HEALTH_MAX_LAG_SECONDS
    body = {"status": "worker_behind" if behind else "ok", "database": "ok", "worker": worker}
    strict = request.GET.get("strict") not in (None, "", "0")
    return JsonResponse(body, status=503 if behind and strict else 200)
