"""The overview and the live journey map show figures from the rollups."""

from __future__ import annotations

import csv
import io
import uuid
from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from polku.insights.comparison import periods
from polku.surveys.actions import Origin, submit_response
from polku.surveys.kinds import Parsed


def answer_nps(survey, scores, days_ago=0):
    nps_key = survey.current_version.questions[0]["key"]
    for score in scores:
        submit_response(
            survey.current_version,
            {nps_key: Parsed(number=score)},
            uuid.uuid4().hex,
            Origin(language="en", at=timezone.now() - timedelta(days=days_ago)),
        )


def test_periods_are_the_last_days_and_as_many_before():
    today = timezone.localdate()
    current, previous = periods(30, today)
    assert (current.last_day - current.start).days == 29
    assert previous.end == current.start and (previous.end - previous.start).days == 30


def test_the_map_card_shows_its_figure_or_too_few(viewer_client, org, survey, journey):
    url = reverse("journeys:map", args=[org.slug])
    answer_nps(survey, [10, 9, 3])
    html = viewer_client.get(url).content.decode()
    assert "too few answers (3)" in html and "mood-unknown" in html
    answer_nps(survey, [10] * 7)  # 10 answers: 9 promoters, 1 detractor → NPS +80
    html = viewer_client.get(url).content.decode()
    assert "NPS +80" in html and "mood-good" in html
    assert "1 open case" in html  # the detractor's


def test_the_overview_compares_with_the_previous_period(viewer_client, org, survey):
    answer_nps(survey, [10] * 10)
    answer_nps(survey, [3] * 10, days_ago=40)
    page = viewer_client.get(reverse("insights:overview", args=[org.slug]))
    html = page.content.decode()
    assert page.status_code == 200
    now = page.context["now"]
    before = page.context["before"]
    assert (now.nps.value, before.nps.value) == (100, -100)
    assert "+200 from before" in html
    assert [row.touchpoint.name for row in page.context["improved"]] == ["Checkout"]
    assert "too few" not in html.split("Doing worst")[1][:300]


def test_overview_in_finnish_numbers(client, owner, org, survey, settings):
    answer_nps(survey, [10] * 6 + [9] * 4)
    client.force_login(owner)
    html = client.get(
        reverse("insights:overview", args=[org.slug]), HTTP_ACCEPT_LANGUAGE="fi"
    ).content.decode()
    assert "+100" in html


def test_trend_csv(viewer_client, org, survey):
    answer_nps(survey, [10] * 10)
    response = viewer_client.get(reverse("insights:trend_csv", args=[org.slug]))
    rows = list(csv.reader(io.StringIO(b"".join(response).decode().lstrip("\ufeff"))))
    assert rows[0][:3] == ["week", "answers", "NPS"]
    assert rows[-1][1:4] == ["10", "100.0", "10"]


def test_overview_reads_a_fixed_number_of_queries(
    viewer_client, org, survey, django_assert_max_num_queries
):
    for days_ago in range(0, 300, 7):
        answer_nps(survey, [9, 10], days_ago=days_ago)
    viewer_client.get(reverse("insights:overview", args=[org.slug]))
    with django_assert_max_num_queries(16):
        viewer_client.get(reverse("insights:overview", args=[org.slug]))


def test_touchpoint_channel_and_survey_pages(viewer_client, org, survey, journey):
    answer_nps(survey, [10, 10, 9, 3, 0, 7, 8, 10, 10, 9])
    touchpoint = journey["touchpoint"]
    page = viewer_client.get(reverse("insights:touchpoint", args=[org.slug, touchpoint.pk]))
    assert page.status_code == 200
    assert dict(page.context["nps_bars"])[10] == 4 and dict(page.context["nps_bars"])[0] == 1
    html = page.content.decode()
    assert "NPS +40" in html or "+40" in html  # 6 promoters, 2 detractors of 10
    channel = viewer_client.get(reverse("insights:channel", args=[org.slug, touchpoint.channel_id]))
    assert channel.context["now"].responses == 10
    by_survey = viewer_client.get(reverse("insights:survey", args=[org.slug, survey.pk]))
    assert by_survey.context["now"].nps.value == 40


def test_latest_comments_on_the_touchpoint_page(viewer_client, org, survey, journey):
    keys = [q["key"] for q in survey.current_version.questions]
    submit_response(
        survey.current_version,
        {keys[0]: Parsed(number=4), keys[2]: Parsed(text="<b>Queue</b> too long")},
        uuid.uuid4().hex,
        Origin(language="en"),
    )
    html = viewer_client.get(
        reverse("insights:touchpoint", args=[org.slug, journey["touchpoint"].pk])
    ).content.decode()
    assert "&lt;b&gt;Queue&lt;/b&gt; too long" in html
