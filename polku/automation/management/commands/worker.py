"""`polku worker`: run background tasks, and ask for the automation tick every few seconds.

The tasks themselves are run by django-tasks-db's worker; this command adds a thread that
enqueues the periodic tick (when none is waiting already) and clears old tick results.
"""

from __future__ import annotations

import logging
import os
import signal
import threading
import time
from datetime import timedelta

from django.conf import settings
from django.db import DatabaseError, close_old_connections, transaction
from django.utils import timezone
from django_tasks_db.management.commands.db_worker import Command as DatabaseWorkerCommand
from django_tasks_db.models import DBTaskResult

from polku.automation.tasks import tick
from polku.lib.sqlite_writes import one_writer

log = logging.getLogger(__name__)
KEEP_RESULTS_FOR = timedelta(days=1)


def schedule_ticks(every: float, parent: int | None) -> None:
    last_cleanup = 0.0
    while True:
        if parent is not None and os.getppid() != parent:
            # The web server this worker was started beside is gone: stop gracefully.
            os.kill(os.getpid(), signal.SIGTERM)
            return
        try:
            # Queued with the worker's own writes (SQLite), rather than starved by them.
            with one_writer(), transaction.atomic():
                if not DBTaskResult.objects.ready().filter(task_path=tick.module_path).exists():
                    tick.enqueue()
            if time.monotonic() - last_cleanup > 3600:
                DBTaskResult.objects.filter(
                    task_path=tick.module_path,
                    status="SUCCESSFUL",
                    finished_at__lt=timezone.now() - KEEP_RESULTS_FOR,
                ).delete()
                last_cleanup = time.monotonic()
        except DatabaseError as error:  # a locked or restarting database: try next time
            log.warning("Could not schedule the automation tick: %s", error)
        finally:
            close_old_connections()
        time.sleep(every)


class Command(DatabaseWorkerCommand):
    help = "Run Polku's background worker: invitations, reminders, delivery notices, sending."

    def add_arguments(self, parser) -> None:
        super().add_arguments(parser)
        parser.add_argument(
            "--tick",
            type=float,
            default=settings.POLKU_TICK_SECONDS,
            help="Seconds between looks for due work (default: POLKU_TICK_SECONDS, 15).",
        )
        parser.add_argument(
            "--exit-with-parent",
            action="store_true",
            help="Stop when the process that started this one ends (used by `polku run`).",
        )

    def handle(self, *args, tick: float, exit_with_parent: bool, **options) -> None:
        options.setdefault("reload", False)
        parent = os.getppid() if exit_with_parent else None
        threading.Thread(target=schedule_ticks, args=(tick, parent), daemon=True).start()
        super().handle(*args, **options)
