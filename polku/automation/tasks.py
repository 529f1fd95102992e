"""Background work as tasks of Django's Tasks API, run by `polku worker`."""

from __future__ import annotations

import os
import socket
from dataclasses import asdict

from django_tasks import task

from .engine import run_automation

# Names this process in the outbox's claims, so a stuck claim can be traced to its worker.
WORKER_ID = f"{socket.gethostname()}:{os.getpid()}"[:64]


@task()
def tick() -> dict:
    """Everything due: new events through the rules, invitations, reminders, notices, mail."""
    return asdict(run_automation(WORKER_ID))
