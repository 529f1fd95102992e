"""Polku under a real web server (granian, as `polku run` serves it) on the test database:
the server killed mid-request while answers pour in, and a bounded mixed load.

The 60-second, 200-requests-per-second load is `bench/mixed.py`; here the same traffic
runs for a few seconds so that every `make test` proves nothing is lost or doubled.
"""

from __future__ import annotations

import asyncio
import http.client
import os
import random
import signal
import subprocess
import sys
import threading
import time
import urllib.parse
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from django.db import connection

from polku.accounts.apikeys import create_api_key
from polku.cases.models import Case
from polku.conftest import PASSWORD, database_url, free_port
from polku.customers.models import Event
from polku.insights.rollups import recompute
from polku.serving import WORKERS_KILL_TIMEOUT
from polku.surveys.models import Answer, Response, ResponseRollup

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "bench"))
import mixed  # noqa: E402 - the load benchmark's traffic, run here for a few seconds
import submit  # noqa: E402 - its server helpers

pytestmark = pytest.mark.django_db(transaction=True)


class WebServer:
    """The web server on the test database in a process group of its own, so that one SIGKILL
    takes the master and its workers down at once, as a crash or an OOM kill would."""

    def __init__(self):
        self.port = free_port()
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        env = {
            **os.environ,
            # The suite's settings: its password hasher, static files without a manifest.
            "DJANGO_SETTINGS_MODULE": "polku.test_settings",
            "DATABASE_URL": database_url(),
            "POLKU_RESPONSE_RATE_LIMIT": "0",  # one client address sends all the answers
            "LOG_LEVEL": "ERROR",
        }
        self.process = submit.web_server(
            sys.executable,
            "polku.wsgi:application",
            self.port,
            env,
            ROOT,
            workers="2",
            new_session=True,
        )
        submit.wait_until_up(f"http://127.0.0.1:{self.port}/healthz", self.process)

    def kill(self) -> None:
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait()

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            # A worker caught in granian's shutdown race is killed after this long.
            self.process.wait(timeout=WORKERS_KILL_TIMEOUT + 15)

    def request(self, method: str, path: str, body: bytes = b"", headers=None):
        client = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
        try:
            client.request(method, path, body, headers or {})
            answer = client.getresponse()
            return answer.status, answer.read()
        finally:
            client.close()


@pytest.fixture
def web():
    server = WebServer()
    server.start()
    yield server
    server.stop()


def survey_setup(survey) -> dict:
    """What bench/mixed.py's traffic needs to know of the survey it answers."""
    version = survey.current_version
    by_kind = {q["kind"]: q["key"] for q in version.questions}
    return {
        "path": f"/s/{survey.public_id}/",
        "version": version.pk,
        "nps": by_kind["nps"],
        "rating": by_kind["rating"],
        "text": by_kind["long_text"],
    }


FORM = {"Content-Type": "application/x-www-form-urlencoded"}


def rollup_rows(org) -> list[tuple]:
    fields = [f.attname for f in ResponseRollup._meta.concrete_fields if f.attname != "id"]
    return sorted(ResponseRollup.objects.filter(organization=org).values_list(*fields))


def test_the_web_server_killed_mid_request_loses_and_doubles_no_answer(survey, web):
    rng = random.Random(11)  # noqa: S311 - reproducible kill points, not security
    setup = survey_setup(survey)
    path = setup["path"]
    sent: dict[str, bytes] = {}  # every answer sent, by submission key, kept for retries
    broken = []  # requests the kills cut off: no reply, or no server to reply
    in_flight = [0]
    at_kill: list[int] = []
    lock = threading.Lock()
    stop = threading.Event()

    def send(seed: int) -> None:
        sender_rng = random.Random(seed)  # noqa: S311 - test data
        while not stop.is_set():
            fields = mixed.answer_fields(setup, sender_rng)
            key, body = fields["submission"], urllib.parse.urlencode(fields).encode()
            with lock:
                sent[key] = body
                in_flight[0] += 1
            try:
                status, _ = web.request("POST", path, body, FORM)
                assert status == 303, status
            except OSError as error:
                broken.append(type(error).__name__)
                time.sleep(0.02)  # the server is down: wait a moment, as a browser would
            finally:
                with lock:
                    in_flight[0] -= 1

    senders = [threading.Thread(target=send, args=(n,)) for n in range(6)]
    for sender in senders:
        sender.start()
    try:
        for _ in range(5):
            time.sleep(rng.uniform(0.3, 0.9))
            with lock:
                at_kill.append(in_flight[0])
            web.kill()
            web.start()
        time.sleep(0.3)
    finally:
        stop.set()
        for sender in senders:
            sender.join()

    # The browser that saw no reply sends the same form again; so may one that did.
    for key, body in sent.items():
        status, _ = web.request("POST", path, body, FORM)
        assert status == 303, f"the retry of {key} got {status}"

    print(f"{len(sent)} answers sent, {len(broken)} cut off, in flight at kills: {at_kill}")
    assert sum(at_kill) > 0 and broken, "the kills did not land while answers were on the way"
    responses = Response.objects.filter(survey=survey)
    assert set(responses.values_list("submission_key", flat=True)) == set(sent)
    assert responses.count() == len(sent)  # each answer stored once
    # Each response whole: its three answers and its case, nothing half-written.
    assert Answer.objects.filter(response__survey=survey).count() == 3 * len(sent)
    assert Case.objects.filter(response__survey=survey).count() == len(sent)
    # The running totals are what a recomputation from the raw answers gives.
    kept = rollup_rows(survey.organization)
    assert sum(row.responses for row in ResponseRollup.objects.filter(survey=survey)) == len(sent)
    recompute(survey.organization)
    assert rollup_rows(survey.organization) == kept
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA integrity_check")
            assert cursor.fetchone()[0] == "ok"


def test_a_bounded_mixed_load_loses_and_doubles_nothing(org, owner, survey, web):
    _api_key, key = create_api_key(org, "load", owner)
    setup = survey_setup(survey) | {"org": org.slug, "api_key": key}
    base = f"http://127.0.0.1:{web.port}"
    traffic = mixed.Traffic(setup, mixed.session_cookie(base, owner.email, PASSWORD))

    # A thread of its own: the browser tests leave an event loop running in this one.
    with ThreadPoolExecutor(1) as pool:
        result = pool.submit(asyncio.run, mixed.drive(web.port, traffic, 80, 4)).result()

    print({kind: figures["count"] for kind, figures in result["by_kind"].items()})
    assert result["failures"] == []
    assert all(figures["count"] > 0 for figures in result["by_kind"].values())
    responses = Response.objects.filter(survey=survey)
    assert set(responses.values_list("submission_key", flat=True)) == traffic.accepted_keys
    assert responses.count() == len(traffic.accepted_keys)
    assert result["by_kind"]["answer"]["count"] > len(traffic.answers)  # some were retries
    events = Event.objects.filter(organization=org, source="api")
    assert set(events.values_list("external_id", flat=True)) == traffic.accepted_events
    assert events.count() == len(traffic.accepted_events)
    assert sum(row.responses for row in ResponseRollup.objects.filter(survey=survey)) == (
        responses.count()
    )
