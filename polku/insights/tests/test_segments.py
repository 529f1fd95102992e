"""Segments: who is in one, counting members, and the segment's own running totals, which
must equal the answers of its members computed from scratch whatever happens."""

from __future__ import annotations

import uuid
from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from polku.accounts.actions import create_organization
from polku.accounts.models import User
from polku.automation.engine import run_automation
from polku.customers.models import Customer, Event
from polku.insights.models import Segment, SegmentMember, SegmentRollup
from polku.insights.rollups import COUNTERS, computed, recompute, subtract_response
from polku.insights.segments import (
    Facts,
    conditions_in_words,
    in_segment,
    matches,
    nps_category,
    refresh,
    refresh_due,
)
from polku.surveys.actions import Origin, create_survey, publish, submit_response
from polku.surveys.kinds import Kind, Parsed
from polku.surveys.models import Response

NOW = timezone.now()


def segment(**conditions) -> Segment:
    return Segment(name="S", **conditions)


def ago(days: float):
    return NOW - timedelta(days=days)


def test_nps_categories():
    assert [nps_category(n) for n in (None, 0, 6, 7, 8, 9, 10)] == [
        "",
        "detractor",
        "detractor",
        "passive",
        "passive",
        "promoter",
        "promoter",
    ]


def test_every_condition_set_must_hold():
    promoter_twice = segment(nps_category="promoter", min_orders=2)
    assert matches(promoter_twice, Facts(orders=2, nps=9), NOW)
    assert not matches(promoter_twice, Facts(orders=1, nps=10), NOW)
    assert not matches(promoter_twice, Facts(orders=3, nps=8), NOW)
    assert not matches(promoter_twice, Facts(orders=3, nps=None), NOW)


def test_order_and_spend_limits_are_inclusive():
    s = segment(min_orders=1, max_orders=3, min_spend=Decimal(100), max_spend=Decimal(200))
    assert matches(s, Facts(orders=1, spend=Decimal(100)), NOW)
    assert matches(s, Facts(orders=3, spend=Decimal(200)), NOW)
    assert not matches(s, Facts(orders=4, spend=Decimal(150)), NOW)
    assert not matches(s, Facts(orders=2, spend=Decimal("99.99")), NOW)
    assert not matches(s, Facts(orders=2, spend=Decimal("200.01")), NOW)


def test_never_bought_is_at_most_zero_orders():
    assert matches(segment(max_orders=0), Facts(), NOW)
    assert not matches(segment(max_orders=0), Facts(orders=1), NOW)


def test_recency_both_ways():
    recent = segment(bought_within_days=30)
    lapsing = segment(not_bought_days=90)
    assert matches(recent, Facts(last_order=ago(29)), NOW)
    assert not matches(recent, Facts(last_order=ago(31)), NOW)
    assert not matches(recent, Facts(), NOW)
    assert matches(lapsing, Facts(last_order=ago(91)), NOW)
    assert not matches(lapsing, Facts(last_order=ago(10)), NOW)
    # Lapsing means having bought before: someone who never ordered is not lapsing.
    assert not matches(lapsing, Facts(), NOW)


def test_tags_all_and_none_ignoring_case():
    s = segment(tags=["Kanta-asiakas", "uutiskirje"], without_tags=["kielto"])
    assert matches(s, Facts(tags=("kanta-asiakas", "UUTISKIRJE", "muu")), NOW)
    assert not matches(s, Facts(tags=("kanta-asiakas",)), NOW)
    assert not matches(s, Facts(tags=("kanta-asiakas", "uutiskirje", "Kielto")), NOW)


def test_persona():
    s = segment(persona_id=7)
    assert matches(s, Facts(persona_id=7), NOW)
    assert not matches(s, Facts(persona_id=8), NOW)
    assert not matches(s, Facts(), NOW)


def test_conditions_in_words(org):
    words = conditions_in_words(
        segment(nps_category="promoter", min_orders=2, order_days=365, tags=["vip"])
    )
    assert words == [
        "at least 2 orders in the last 365 days",
        "tagged vip",
        "Promoters (latest NPS 9–10)",
    ]


@pytest.fixture
def buyers(org, survey):
    """Three customers: a promoter who ordered twice this year, a one-off detractor, and a
    tagged customer who never ordered."""
    nps_key = survey.current_version.questions[0]["key"]
    people = {}
    for name, orders, score, tags in (
        ("Pia", [10, 200], 10, []),
        ("Dan", [400], 3, []),
        ("Tom", [], None, ["vip"]),
    ):
        customer = Customer.objects.create(organization=org, name=name, tags=tags)
        for days, amount in zip((10, 200), orders, strict=False):
            Event.objects.create(
                organization=org,
                customer=customer,
                kind=Event.Kind.ORDER_PLACED,
                occurred_at=ago(days),
                amount=Decimal(amount),
                source="test",
            )
        if score is not None:
            submit_response(
                survey.current_version,
                {nps_key: Parsed(number=score)},
                uuid.uuid4().hex,
                Origin(language="en", customer=customer),
            )
        people[name] = customer
    return people


def member_names(s: Segment) -> set[str]:
    return set(s.members.values_list("customer__name", flat=True))


def test_refresh_counts_the_members_from_orders_answers_and_tags(org, buyers):
    promoters = Segment.objects.create(
        organization=org, name="P", nps_category="promoter", min_orders=2, order_days=365
    )
    big = Segment.objects.create(organization=org, name="B", min_spend=300, order_days=365)
    vip = Segment.objects.create(organization=org, name="V", tags=["VIP"])
    never = Segment.objects.create(organization=org, name="N", max_orders=0)
    assert refresh(promoters).members == 1 and member_names(promoters) == {"Pia"}
    assert refresh(big).members == 1 and member_names(big) == {"Dan"}
    assert member_names(vip) == set() and refresh(vip).members == 1
    assert member_names(vip) == {"Tom"}
    refresh(never)
    assert member_names(never) == {"Tom"}
    promoters.refresh_from_db()
    assert promoters.member_count == 1 and promoters.refreshed_at is not None


def test_a_window_of_days_counts_only_recent_orders(org, buyers):
    recent_twice = Segment.objects.create(organization=org, name="R", min_orders=2, order_days=30)
    refresh(recent_twice)
    assert member_names(recent_twice) == set()  # Pia's second order was 200 days ago


def test_the_latest_answer_decides_the_nps_category(org, buyers, survey):
    detractors = Segment.objects.create(organization=org, name="D", nps_category="detractor")
    refresh(detractors)
    assert member_names(detractors) == {"Dan"}
    nps_key = survey.current_version.questions[0]["key"]
    submit_response(
        survey.current_version,
        {nps_key: Parsed(number=10)},
        uuid.uuid4().hex,
        Origin(language="en", customer=buyers["Dan"], at=timezone.now() + timedelta(minutes=1)),
    )
    assert refresh(detractors).left == 1
    assert member_names(detractors) == set()


def test_a_persona_segment_follows_the_customers_persona(org, buyers, journey):
    laura = journey["persona"]
    s = Segment.objects.create(organization=org, name="L", persona=laura)
    Customer.objects.filter(pk=buyers["Tom"].pk).update(persona=laura)
    refresh(s)
    assert member_names(s) == {"Tom"}
    assert in_segment(s, buyers["Tom"].pk, timezone.now())
    assert not in_segment(s, buyers["Pia"].pk, timezone.now())


def test_another_organizations_customers_never_join(org, other_org, buyers):
    Customer.objects.create(organization=other_org, name="Other", tags=["vip"])
    s = Segment.objects.create(organization=org, name="V", tags=["vip"])
    refresh(s)
    assert member_names(s) == {"Tom"}


def test_the_worker_counts_segments_once_an_hour(org, buyers):
    s = Segment.objects.create(organization=org, name="V", tags=["vip"])
    assert refresh_due() == 1 and member_names(s) == {"Tom"}
    assert refresh_due() == 0  # counted just now
    assert refresh_due(timezone.now() + timedelta(hours=2)) == 1
    Segment.objects.update(refreshed_at=None)
    run_automation("test")
    s.refresh_from_db()
    assert s.refreshed_at is not None


def segment_rows(s: Segment) -> dict[tuple, dict]:
    return {
        (r["survey_id"], r["day"], r["slice_key"]): r
        for r in SegmentRollup.objects.filter(segment=s)
        .values(
            "organization_id",
            "survey_id",
            "day",
            "touchpoint_id",
            "channel_id",
            "employee_id",
            "slice_key",
            *COUNTERS,
        )
        .order_by()
        if r["responses"]  # a row of zeros is the same as no row
    }


def members_computed(s: Segment) -> dict[tuple, dict]:
    members = SegmentMember.objects.filter(segment=s).values("customer_id")
    return computed(Response.objects.filter(customer_id__in=members))


# One step of a segment's life: answer (as one of two customers, or anonymously), erase an
# answer, or tag or untag a customer; after each, the segments are counted again or not.
step_strategy = st.tuples(
    st.one_of(
        st.tuples(
            st.just("answer"),
            st.integers(0, 2),  # customer, 2 = anonymous
            st.integers(0, 10),
            st.booleans(),
            st.integers(0, 20),
        ),
        st.tuples(st.just("erase"), st.integers(0, 30)),
        st.tuples(st.just("tag"), st.integers(0, 1), st.booleans()),
    ),
    st.booleans(),
)


class SegmentTotalsAgreeWithItsMembersAnswers(TestCase):
    def setUp(self):
        owner = User.objects.create_user("o@x.test", "pw-pw-pw-1", display_name="O")
        self.org = create_organization("Shop", owner, "fi")
        survey = create_survey(self.org, "S", languages=["fi"])
        for position, kind in enumerate([Kind.NPS, Kind.RATING, Kind.LONG_TEXT]):
            survey.questions.create(
                organization=self.org, kind=kind, text={"fi": kind}, position=position
            )
        self.version = publish(survey)
        self.keys = [q["key"] for q in self.version.questions]
        self.customers = [
            Customer.objects.create(organization=self.org, name=f"C{i}") for i in range(2)
        ]
        self.tagged = Segment.objects.create(organization=self.org, name="T", tags=["x"])
        self.promoters = Segment.objects.create(
            organization=self.org, name="P", nps_category="promoter"
        )

    @settings(max_examples=50, deadline=None)
    @given(st.lists(step_strategy, max_size=30))
    def test_segment_totals_equal_its_members_answers(self, steps):
        for step, count_again in steps:
            if step[0] == "answer":
                _kind, who, nps, comment, days_ago = step
                answers = {self.keys[0]: Parsed(number=nps), self.keys[1]: Parsed(number=3)}
                if comment:
                    answers[self.keys[2]] = Parsed(text="Hyvä")
                submit_response(
                    self.version,
                    answers,
                    uuid.uuid4().hex,
                    Origin(
                        language="fi",
                        customer=self.customers[who] if who < 2 else None,
                        at=timezone.now() - timedelta(days=days_ago),
                    ),
                )
            elif step[0] == "erase":
                responses = list(Response.objects.order_by("pk"))
                if responses:
                    response = responses[step[1] % len(responses)]
                    subtract_response(response)
                    response.delete()
            else:
                customer = self.customers[step[1]]
                customer.tags = ["x"] if step[2] else []
                customer.save(update_fields=["tags"])
            if count_again:
                refresh(self.tagged)
                refresh(self.promoters)
        for s in (self.tagged, self.promoters):
            self.assertEqual(segment_rows(s), members_computed(s))
        # A recount from scratch gives the same rows.
        before = {s.pk: segment_rows(s) for s in (self.tagged, self.promoters)}
        recompute(self.org)
        for s in (self.tagged, self.promoters):
            self.assertEqual(segment_rows(s), before[s.pk])
