"""Benchmark: one `polku worker` turning 10 000 due invitations into email to a local SMTP
server.

    .venv/bin/python bench/send.py [--invitations 10000]

On a fresh SQLite database: an organization, a published survey, a rule with no delay, and
N delivery events of consenting customers, already through the rules (N scheduled, due
invitations). An SMTP server (aiosmtpd's Sink, in its own process) accepts the mail. One
worker is started and timed until every invitation is sent; the database's timestamps
split the time into composing (invitation → queued email) and sending. Figures go into
bench/README.md.
"""

from __future__ import annotations

import argparse
import os
import sqlite3
import subprocess
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import submit  # noqa: E402 - shared helpers

SETUP = r"""
import sys, django
django.setup()
from datetime import timedelta
from django.utils import timezone
from polku.accounts.actions import create_organization
from polku.accounts.models import User
from polku.automation.engine import apply_rules
from polku.automation.models import Rule
from polku.customers.actions import ConsentData, CustomerData, EventData, record_events
from polku.surveys.actions import create_survey, publish

count = int(sys.argv[1])
owner = User.objects.create_user("bench@polku.test", "bench-password-1", display_name="Bea")
org = create_organization("Bench", owner, "fi")
org.invitation_cap_days = 0
org.save()
survey = create_survey(org, "After delivery", preset="delivery", languages=["fi", "en"])
publish(survey)
Rule.objects.create(organization=org, event_kind="order_delivered", survey=survey,
                    delay_minutes=0)
at = timezone.now() - timedelta(minutes=5)
for first in range(0, count, 1000):
    record_events(org, [
        EventData(kind="order_delivered", occurred_at=at, source="bench", external_id=str(n),
                  customer=CustomerData(source="bench", external_id=str(n),
                                        email=f"c{n}@example.fi", name=f"Asiakas {n}",
                                        language="fi" if n % 3 else "en",
                                        consents=[ConsentData("surveys", True)]))
        for n in range(first, min(first + 1000, count))
    ])
apply_rules()
"""


def parse(value: str) -> datetime:
    return datetime.fromisoformat(value)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--invitations", type=int, default=10_000)
    args = parser.parse_args()
    total = args.invitations
    work = Path(tempfile.mkdtemp(prefix="polku-bench-send-"))
    database = work / "polku.sqlite3"
    smtp_port = submit.free_port()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "polku.settings",
        "DATABASE_URL": f"sqlite:///{database}",
        "POLKU_VAR_DIR": str(work),
        "SECRET_KEY": "bench-only-secret-key-0123456789-0123456789-0123456789",
        "EMAIL_URL": f"smtp://127.0.0.1:{smtp_port}",
        "POLKU_TICK_SECONDS": "0.5",
        "LOG_LEVEL": "WARNING",
    }
    python = sys.executable
    subprocess.run([python, "-m", "polku", "migrate", "-v", "0"], env=env, check=True)
    started = time.perf_counter()
    subprocess.run([python, "-c", SETUP, str(total)], env=env, check=True, cwd=submit.ROOT)
    print(f"setup: {total} due invitations in {time.perf_counter() - started:.1f} s")
    sink = subprocess.Popen(
        [
            python,
            "-m",
            "aiosmtpd",
            "-n",
            "-l",
            f"127.0.0.1:{smtp_port}",
            "-c",
            "aiosmtpd.handlers.Sink",
        ],
    )
    time.sleep(1)
    worker = subprocess.Popen(
        [python, "-m", "polku", "worker", "-v", "0", "--no-startup-delay", "--interval", "0.1"],
        env=env,
    )
    started = time.perf_counter()
    db = sqlite3.connect(database)
    try:
        while True:
            (sent,) = db.execute(
                "SELECT count(*) FROM outbox_outboxemail WHERE status = 'sent'"
            ).fetchone()
            if sent >= total:
                break
            if worker.poll() is not None:
                raise SystemExit("the worker stopped")
            time.sleep(0.2)
        elapsed = time.perf_counter() - started
    finally:
        worker.terminate()
        worker.wait()
        sink.terminate()
        sink.wait()
    first_queued, last_queued, first_sent, last_sent = (
        parse(v)
        for v in db.execute(
            "SELECT min(created_at), max(created_at), min(sent_at), max(sent_at) "
            "FROM outbox_outboxemail"
        ).fetchone()
    )
    (failed,) = db.execute(
        "SELECT count(*) FROM outbox_outboxemail WHERE status != 'sent'"
    ).fetchone()
    composing = (last_queued - first_queued).total_seconds()
    sending = (last_sent - first_sent).total_seconds()
    lines = [
        f"Measured {time.strftime('%Y-%m-%d')} on {os.cpu_count()} cores, SQLite (WAL), one "
        f"`polku worker`, aiosmtpd's Sink on loopback in its own process.",
        "",
        "| | figure |",
        "|---|---|",
        f"| due invitations | {total:,} |",
        f"| worker start to the last one sent | {elapsed:.1f} s |",
        f"| invitations sent per second, overall | {total / elapsed:,.0f} |",
        f"| composing (consent, cap, wording → queued email) | {composing:.1f} s, "
        f"{total / composing:,.0f}/s |",
        f"| sending (claim, SMTP, record) | {sending:.1f} s, {total / sending:,.0f}/s |",
        f"| not sent | {failed} |",
    ]
    text = "\n".join(lines)
    print(text)
    submit.write_readme(text, "send", "## Sending invitations (bench/send.py)")


if __name__ == "__main__":
    main()
