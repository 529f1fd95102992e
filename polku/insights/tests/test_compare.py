"""The compare page: any slice of the figures, or two crossed, from the rollups."""

from __future__ import annotations

import csv
import io
import uuid

from django.urls import reverse
from django.utils import timezone

from polku.accounts.models import Membership
from polku.conftest import client_for
from polku.insights.compare import compare
from polku.insights.comparison import periods
from polku.journeys.models import Channel
from polku.surveys.actions import Origin, submit_response
from polku.surveys.kinds import Parsed


def answer(survey, score, **origin):
    nps_key = survey.current_version.questions[0]["key"]
    submit_response(
        survey.current_version,
        {nps_key: Parsed(number=score)},
        uuid.uuid4().hex,
        Origin(language="en", **origin),
    )


def test_touchpoint_by_channel(org, survey, journey):
    store = Channel.objects.filter(organization=org).exclude(pk=journey["channel"].pk).first()
    for _ in range(10):
        answer(survey, 10)  # the touchpoint's own channel
        answer(survey, 0, channel=store)
    current, _previous = periods(30, timezone.localdate())
    table = compare(org, "touchpoint", "channel", current.start, current.end)
    touchpoint = journey["touchpoint"]
    assert table.rows == [(touchpoint.pk, "Checkout")]
    assert [label for _key, label in table.columns] == [journey["channel"].name, store.name]
    assert table.cell(touchpoint.pk, journey["channel"].pk).nps.value == 100
    assert table.cell(touchpoint.pk, store.pk).nps.value == -100
    assert table.cell(touchpoint.pk, None) is None


def test_the_page_shows_the_chosen_figure_with_its_count(viewer_client, org, survey, journey):
    for _ in range(10):
        answer(survey, 10)
    page = viewer_client.get(
        reverse("insights:compare", args=[org.slug]), {"by": "stage", "then": "month"}
    )
    assert page.status_code == 200
    html = page.content.decode()
    assert journey["stage"].name in html and "+100" in html and "n=10" in html


def test_one_slice_lists_every_figure(viewer_client, org, survey, journey):
    answer(survey, 9)
    page = viewer_client.get(reverse("insights:compare", args=[org.slug]), {"by": "persona"})
    html = page.content.decode()
    assert page.status_code == 200 and "Laura" in html and "too few answers (1)" in html


def test_the_same_slice_twice_is_refused(viewer_client, org):
    page = viewer_client.get(
        reverse("insights:compare", args=[org.slug]), {"by": "stage", "then": "stage"}
    )
    assert page.status_code == 400
    assert "Choose a different slice" in page.content.decode()
    bad = viewer_client.get(reverse("insights:compare", args=[org.slug]), {"by": "nonsense"})
    assert bad.status_code == 400


def test_only_managers_compare_people(org, agent, manager, survey):
    served_by = Membership.objects.get(user=agent)
    for _ in range(10):
        answer(survey, 3, employee=served_by)
    query = {"by": "employee"}
    refused = client_for(agent).get(reverse("insights:compare", args=[org.slug]), query)
    assert refused.status_code == 400 and refused.context["table"] is None
    assert "Person who served" not in refused.content.decode()
    shown = client_for(manager).get(reverse("insights:compare", args=[org.slug]), query)
    assert shown.status_code == 200
    assert [label for _key, label in shown.context["table"].rows] == ["agent"]


def test_the_csv_has_a_row_per_pair(viewer_client, org, survey, journey):
    for score in [10] * 6 + [0] * 4:
        answer(survey, score)
    response = viewer_client.get(
        reverse("insights:compare_csv", args=[org.slug]), {"by": "touchpoint", "then": "survey"}
    )
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    assert rows[0][:4] == ["Touchpoint", "Survey", "answers", "NPS"]
    assert rows[1][:5] == ["Checkout", "Store visit", "10", "20.0", "10"]
    bad = viewer_client.get(
        reverse("insights:compare_csv", args=[org.slug]), {"by": "stage", "then": "stage"}
    )
    assert bad.status_code == 400
