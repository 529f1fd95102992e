"""The running totals agree with a computation from scratch, whatever the answers: stored,
erased, on any day, touchpoint, channel and employee (property-based, with Hypothesis)."""

from __future__ import annotations

import uuid
from datetime import timedelta

from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from polku.accounts.actions import create_organization, remove_member
from polku.accounts.models import Membership, Role, User
from polku.insights.metrics import figures_of, rollups_of
from polku.insights.rollups import COUNTERS, computed, recompute, subtract_response
from polku.journeys.models import Channel, Stage, Touchpoint
from polku.surveys.actions import Origin, create_survey, publish, submit_response
from polku.surveys.kinds import Kind, Parsed
from polku.surveys.models import Response, ResponseRollup

SCALES = {Kind.NPS: (0, 10), Kind.CSAT: (1, 5), Kind.CES: (1, 7), Kind.RATING: (1, 5)}

answer_strategy = st.fixed_dictionaries(
    {
        "scores": st.fixed_dictionaries(
            {kind: st.none() | st.integers(*SCALES[kind]) for kind in SCALES}
        ),
        "pairs": st.lists(
            st.none() | st.tuples(st.integers(1, 5), st.integers(1, 5)), min_size=2, max_size=2
        ),
        "comment": st.booleans(),
        "days_ago": st.integers(0, 45),
        "minutes": st.integers(0, 24 * 60 - 1),
        "touchpoint": st.integers(0, 2),
        "employee": st.integers(0, 2),
        "erase": st.booleans(),
    }
)


def rows_now() -> dict[tuple, dict]:
    return {
        (r["survey_id"], r["day"], r["slice_key"]): r
        for r in ResponseRollup.objects.values(
            "organization_id",
            "survey_id",
            "day",
            "touchpoint_id",
            "channel_id",
            "employee_id",
            "slice_key",
            *COUNTERS,
        )
    }


def without_empty(rows: dict) -> dict:
    """Erasing every answer of a slice leaves a row of zeros: the same as no row."""
    return {k: v for k, v in rows.items() if v["responses"]}


class RollupsAgreeWithRecomputation(TestCase):
    def setUp(self):
        owner = User.objects.create_user("o@x.test", "pw-pw-pw-1", display_name="O")
        self.org = create_organization("Shop", owner, "fi")
        stage = Stage.objects.filter(organization=self.org).first()
        channels = list(Channel.objects.filter(organization=self.org)[:2])
        self.touchpoints = [None] + [
            Touchpoint.objects.create(
                organization=self.org, stage=stage, channel=channels[i], name=f"T{i}"
            )
            for i in range(2)
        ]
        self.employees = [None, owner.memberships.get()] + [
            Membership.objects.create(
                organization=self.org,
                user=User.objects.create_user("a@x.test", "pw-pw-pw-1", display_name="A"),
                role=Role.AGENT,
            )
        ]
        survey = create_survey(self.org, "Everything", languages=["fi"])
        for position, kind in enumerate(
            [
                Kind.NPS,
                Kind.CSAT,
                Kind.CES,
                Kind.RATING,
                Kind.EXPECTATION,
                Kind.EXPECTATION,
                Kind.LONG_TEXT,
            ]
        ):
            survey.questions.create(
                organization=self.org, kind=kind, text={"fi": kind}, position=position
            )
        self.version = publish(survey)

    def answer(self, spec) -> Response:
        keys = {q["kind"]: [] for q in self.version.questions}
        for q in self.version.questions:
            keys[q["kind"]].append(q["key"])
        answers = {}
        for kind, score in spec["scores"].items():
            if score is not None:
                answers[keys[kind][0]] = Parsed(number=score)
        for key, pair in zip(keys[Kind.EXPECTATION], spec["pairs"], strict=True):
            if pair is not None:
                answers[key] = Parsed(number=pair[0], number2=pair[1])
        if spec["comment"]:
            answers[keys[Kind.LONG_TEXT][0]] = Parsed(text="Kommentti")
        at = timezone.now() - timedelta(days=spec["days_ago"], minutes=spec["minutes"])
        response, _created = submit_response(
            self.version,
            answers,
            uuid.uuid4().hex,
            Origin(
                language="fi",
                at=at,
                touchpoint=self.touchpoints[spec["touchpoint"]],
                employee=self.employees[spec["employee"]],
            ),
        )
        return response

    @settings(max_examples=40, deadline=None)
    @given(st.lists(answer_strategy, max_size=25))
    def test_running_totals_equal_a_computation_from_scratch(self, specs):
        for spec in specs:
            response = self.answer(spec)
            if spec["erase"]:
                subtract_response(response)
                response.delete()
        expected = computed(Response.objects.all())
        self.assertEqual(without_empty(rows_now()), expected)
        # The totals, worked out here from the answers alone, without the module's arithmetic.
        kept = [spec for spec in specs if not spec["erase"]]
        nps = [s["scores"][Kind.NPS] for s in kept if s["scores"][Kind.NPS] is not None]
        gaps = [b - a for s in kept for pair in s["pairs"] if pair for a, b in [pair]]
        ratings = [s["scores"][Kind.RATING] for s in kept if s["scores"][Kind.RATING] is not None]
        totals = {c: sum(row[c] for row in rows_now().values()) for c in COUNTERS}
        self.assertEqual(totals["responses"], len(kept))
        self.assertEqual(totals["nps_promoters"], sum(n >= 9 for n in nps))
        self.assertEqual(totals["nps_detractors"], sum(n <= 6 for n in nps))
        self.assertEqual((totals["gap_count"], totals["gap_sum"]), (len(gaps), sum(gaps)))
        self.assertEqual(totals["gap_sq"], sum(g * g for g in gaps))
        self.assertEqual(totals["rating_sum"], sum(ratings))
        self.assertEqual(totals["comments"], sum(s["comment"] for s in kept))
        # And `polku recompute` rebuilds the same rows from the raw data.
        recompute()
        self.assertEqual(rows_now(), expected)


def test_recompute_command_rebuilds_lost_rollups(survey, capsys):
    nps_key = survey.current_version.questions[0]["key"]
    for score in (10, 9, 3):
        submit_response(
            survey.current_version,
            {nps_key: Parsed(number=score)},
            uuid.uuid4().hex,
            Origin(language="fi"),
        )
    before = rows_now()
    ResponseRollup.objects.update(nps_promoters=0)
    call_command("recompute")
    assert rows_now() == before
    assert "1 rollup row" in capsys.readouterr().out


def overall_nps(org):
    figures = figures_of(rollups_of(org), 1)
    return figures.responses, round(figures.nps.value, 6)


def test_deleting_an_answered_touchpoint_keeps_its_answers_in_the_figures(
    manager_client, org, survey, journey
):
    """The answers lose their touchpoint but still count, as a recount would have them."""
    nps_key = survey.current_version.questions[0]["key"]
    for score in (10, 10, 0):
        submit_response(
            survey.current_version,
            {nps_key: Parsed(number=score)},
            uuid.uuid4().hex,
            Origin(language="fi"),
        )
    assert overall_nps(org) == (3, 33.333333)
    touchpoint = journey["touchpoint"]
    journey["step"].delete()
    url = reverse("journeys:section_delete", args=[org.slug, "touchpoints", touchpoint.pk])
    assert manager_client.post(url).status_code == 302
    assert overall_nps(org) == (3, 33.333333)
    assert without_empty(rows_now()) == computed(Response.objects.all())


def test_removing_a_member_who_served_keeps_their_answers_in_the_figures(org, survey, agent):
    served_by = Membership.objects.get(user=agent)
    nps_key = survey.current_version.questions[0]["key"]
    submit_response(
        survey.current_version,
        {nps_key: Parsed(number=9)},
        uuid.uuid4().hex,
        Origin(language="fi", employee=served_by),
    )
    remove_member(served_by)
    assert overall_nps(org) == (1, 100)
    assert rows_now() == computed(Response.objects.all())
