"""The arithmetic of the figures: NPS, shares and means with their intervals, the minimum
count, and slicing the rollups."""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from polku.insights.metrics import (
    Figures,
    figures_of,
    mean_figure,
    nps_figure,
    rollups_of,
    share_figure,
    sliced,
)
from polku.surveys.actions import Origin, submit_response
from polku.surveys.kinds import Parsed


def test_nps_is_promoters_minus_detractors_in_points():
    figure = nps_figure(promoters=50, detractors=20, count=100, min_count=10)
    assert figure.value == pytest.approx(30)
    # Var = p + d − (p − d)² = 0.7 − 0.09 = 0.61; half-width 1.96·√(0.61/100)·100 ≈ 15.3
    assert figure.low == pytest.approx(30 - 15.31, abs=0.01)
    assert figure.high == pytest.approx(30 + 15.31, abs=0.01)
    assert figure.enough


def test_too_few_answers_hides_the_value():
    figure = nps_figure(promoters=3, detractors=0, count=3, min_count=10)
    assert figure.value == 100 and not figure.enough and figure.shown is None
    assert nps_figure(0, 0, 0, 10).value is None


def test_csat_share_uses_wilson_which_stays_inside_0_and_100():
    figure = share_figure(part=20, count=20, min_count=10)
    assert figure.value == 100 and figure.high == 100
    assert 80 < figure.low < 90  # Wilson: about 83.9 % for 20 of 20
    assert share_figure(0, 20, 10).low == 0


def test_mean_with_its_interval():
    # Four answers 1, 3, 5, 7: mean 4, sample variance 20/3.
    figure = mean_figure(total=16, squares=84, count=4, min_count=2, bounds=(1, 7))
    assert figure.value == 4
    half = 1.959964 * (20 / 3 / 4) ** 0.5
    assert figure.low == pytest.approx(max(1, 4 - half))
    assert figure.high == pytest.approx(min(7, 4 + half))


@given(st.lists(st.integers(0, 10), min_size=1, max_size=200))
def test_nps_matches_its_definition(scores):
    promoters = sum(s >= 9 for s in scores)
    detractors = sum(s <= 6 for s in scores)
    figure = nps_figure(promoters, detractors, len(scores), 1)
    assert figure.value == pytest.approx(100 * (promoters - detractors) / len(scores))
    assert -100 <= figure.low <= figure.value <= figure.high <= 100


def test_the_headline_and_its_colour():
    happy = Figures({"csat_count": 20, "csat_satisfied": 19}, 10)
    assert happy.satisfaction[0] == "csat" and happy.mood == "good"
    unhappy = Figures({"nps_count": 30, "nps_detractors": 20, "nps_promoters": 2}, 10)
    assert unhappy.satisfaction[0] == "nps" and unhappy.mood == "poor"
    assert Figures({"nps_count": 3, "nps_promoters": 3}, 10).mood == "unknown"
    assert Figures({}, 10).satisfaction is None


def test_sliced_by_touchpoint_and_month(survey, org, journey):
    nps_key = survey.current_version.questions[0]["key"]
    now = timezone.now()
    for score, days_ago in ((10, 0), (9, 1), (2, 40)):
        submit_response(
            survey.current_version,
            {nps_key: Parsed(number=score)},
            uuid.uuid4().hex,
            Origin(language="fi", at=now - timedelta(days=days_ago)),
        )
    rows = rollups_of(org)
    ((touchpoint, figures),) = sliced(rows, "touchpoint", 1)
    assert touchpoint == journey["touchpoint"].pk and figures.responses == 3
    months = sliced(rows, "month", 1)
    assert sum(f.responses for _m, f in months) == 3
    pairs = sliced(rows, "touchpoint", 1, then="month")
    assert {key[0] for key, _f in pairs} == {journey["touchpoint"].pk}
    recent = figures_of(rollups_of(org, start=(now - timedelta(days=7)).date()), 1)
    assert recent.nps.value == 100
