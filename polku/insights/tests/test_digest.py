"""The weekly digest: Monday morning, once per week, to owners and managers who want it."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone

from polku.cases.models import Case
from polku.insights.digest import send_weekly_digests, stop_url
from polku.outbox.models import OutboxEmail
from polku.surveys.actions import Origin, submit_response
from polku.surveys.kinds import Parsed

HELSINKI = ZoneInfo("Europe/Helsinki")
MONDAY_8 = datetime(2026, 11, 23, 8, 0, tzinfo=HELSINKI)


@pytest.fixture(autouse=True)
def digest_on(settings):
    settings.POLKU_WEEKLY_DIGEST = True


def answer_at(survey, nps, at, times=1):
    key = survey.current_version.questions[0]["key"]
    for _ in range(times):
        submit_response(
            survey.current_version,
            {key: Parsed(number=nps)},
            uuid.uuid4().hex,
            Origin(language="en", at=at),
        )


def test_sent_on_monday_morning_once(org, owner, manager, agent, survey):
    answer_at(survey, 10, MONDAY_8 - timedelta(days=3), times=10)
    Case.objects.create(
        organization=org, summary="Parcel <b>lost</b>", due_at=timezone.now() - timedelta(days=2)
    )
    assert send_weekly_digests(MONDAY_8 - timedelta(hours=2)) == 0  # 06:00: not yet
    assert send_weekly_digests(MONDAY_8 + timedelta(days=1)) == 0  # Tuesday: not the day
    assert send_weekly_digests(MONDAY_8) == 2  # the owner and the manager, not the agent
    assert send_weekly_digests(MONDAY_8 + timedelta(hours=3)) == 0  # the same week: never again
    mails = OutboxEmail.objects.filter(organization=org)
    assert sorted(mails.values_list("to", flat=True)) == ["manager@a.test", "owner@a.test"]
    mail = mails.get(to="owner@a.test")
    assert mail.subject == "Shop A: your customers' week from 11/16/2026"
    assert "NPS: +100" in mail.body_text and "Answers: 10" in mail.body_text
    assert "1 case is overdue" in mail.body_text and "Parcel <b>lost</b>" in mail.body_text
    assert "Parcel &lt;b&gt;lost&lt;/b&gt;" in mail.body_html and "<script" not in mail.body_html
    assert mail.headers["List-Unsubscribe"].startswith("<http")


def test_a_person_stops_it_with_the_link(org, owner, manager, survey, client):
    membership = manager.memberships.get()
    url = stop_url(membership).split("testserver", 1)[-1]
    url = url[url.index("/digest/") :]
    assert "Stop the weekly emails" in client.get(url).content.decode()
    client.post(url, {"digest": "off"})
    membership.refresh_from_db()
    assert not membership.weekly_digest
    assert send_weekly_digests(MONDAY_8) == 1  # the owner only
    client.post(url, {"digest": "on"})
    membership.refresh_from_db()
    assert membership.weekly_digest


def test_a_forged_stop_link_finds_nothing(client, db):
    assert client.get(reverse("digest_stop", args=["1:forged"])).status_code == 404


def test_the_worker_tick_sends_it(org, owner, survey, settings, monkeypatch):
    from polku.automation import engine

    monkeypatch.setattr(timezone, "now", lambda: MONDAY_8)
    engine.run_automation("test")
    assert OutboxEmail.objects.filter(to="owner@a.test").exists()


def test_turned_off_by_the_operator(org, owner, settings):
    settings.POLKU_WEEKLY_DIGEST = False
    assert send_weekly_digests(MONDAY_8) == 0
