"""`polku backup` under write load: the copy holds every answer committed before it began,
in a consistent state (each answer with its totals), and `polku restore` brings it back."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import threading
import time

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from polku.conftest import database_url
from polku.surveys.models import Response, ResponseRollup

pytestmark = pytest.mark.django_db(transaction=True)

# Answers the survey again and again, printing each response's id once it is committed.
WRITER = """
import sys, uuid, django
django.setup()
from polku.surveys.actions import Origin, submit_response
from polku.surveys.kinds import Parsed
from polku.surveys.models import Survey
survey = Survey.objects.get(pk=int(sys.argv[1]))
version = survey.current_version
nps = next(q["key"] for q in version.questions if q["kind"] == "nps")
n = 0
while True:
    response, _ = submit_response(version, {nps: Parsed(number=n % 11)}, uuid.uuid4().hex,
                                  Origin())
    print(response.pk, flush=True)
    n += 1
"""


def start_writer(survey) -> tuple[subprocess.Popen, list[int]]:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "polku.settings",
        "DATABASE_URL": database_url(),
    }
    writer = subprocess.Popen(  # noqa: S603 - our own program
        [sys.executable, "-c", WRITER, str(survey.pk)],
        env=env,
        stdout=subprocess.PIPE,
        text=True,
    )
    committed: list[int] = []

    def read():
        for line in writer.stdout:
            committed.append(int(line))

    threading.Thread(target=read, daemon=True).start()
    return writer, committed


def wait_for(condition, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.02)


def test_a_backup_under_write_load_holds_every_committed_answer(survey, tmp_path):
    if connection.vendor != "sqlite":
        # PostgreSQL is backed up with its own pg_dump: the commands say so and stop.
        with pytest.raises(CommandError, match="pg_dump"):
            call_command("backup", str(tmp_path / "x"))
        assert not (tmp_path / "x").exists()
        return
    writer, committed = start_writer(survey)
    try:
        wait_for(lambda: len(committed) >= 30)
        before = list(committed)  # committed before the backup began
        target = tmp_path / "polku.sqlite3"
        call_command("backup", str(target))
        wait_for(lambda: len(committed) >= len(before) + 30)  # and the writing went on
    finally:
        writer.kill()
        writer.wait()
    copy = sqlite3.connect(target)
    saved = {row[0] for row in copy.execute("SELECT id FROM surveys_response")}
    totals = copy.execute("SELECT coalesce(sum(responses), 0) FROM surveys_responserollup")
    assert copy.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert set(before) <= saved  # nothing committed before the copy is missing
    assert totals.fetchone()[0] == len(saved)  # each answer with its totals, none half-made
    copy.close()

    # Restored over a database that has moved on: exactly the backup's answers are back.
    assert Response.objects.count() > len(saved)
    call_command("restore", str(target), "--yes")
    assert set(Response.objects.values_list("pk", flat=True)) == saved
    assert sum(ResponseRollup.objects.values_list("responses", flat=True)) == len(saved)


def test_restore_refuses_a_bad_file_or_no_confirmation_and_changes_nothing(survey, tmp_path):
    broken = tmp_path / "broken.sqlite3"
    broken.write_bytes(b"this is not a database" * 100)
    if connection.vendor != "sqlite":
        # PostgreSQL is restored with its own pg_restore: the command says so, touching nothing.
        with pytest.raises(CommandError, match="pg_restore"):
            call_command("restore", str(broken), "--yes")
        assert survey.__class__.objects.filter(pk=survey.pk).exists()
        return
    with pytest.raises(CommandError, match="cannot be restored"):
        call_command("restore", str(broken), "--yes")
    with pytest.raises(CommandError, match="No backup file"):
        call_command("restore", str(tmp_path / "missing.sqlite3"), "--yes")
    target = tmp_path / "good.sqlite3"
    call_command("backup", str(target))
    with pytest.raises(CommandError, match="exists already"):
        call_command("backup", str(target))
    with pytest.raises(CommandError, match="--yes"):
        call_command("restore", str(target))
    assert survey.__class__.objects.filter(pk=survey.pk).exists()
