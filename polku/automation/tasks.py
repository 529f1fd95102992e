"""Background work as tasks of Django's Tasks API, run by `polku worker`."""

from __future__ import annotations

import logging
import os
import socket
from dataclasses import asdict

from django_tasks import task

from .engine import run_automation

log = logging.getLogger(__name__)
# Names this process in the outbox's claims, so a stuck claim can be traced to its worker.
WORKER_ID = f"{socket.gethostname()}:{os.getpid()}"[:64]


@task()
def tick() -> dict:
    """Everything due: new events through the rules, invitations, reminders, notices, mail."""
    report = asdict(run_automation(WORKER_ID))
    if any(report.values()):
        log.info("Automation: %s", ", ".join(f"{k} {v}" for k, v in report.items() if v))
    return report
