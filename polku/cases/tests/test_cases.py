"""Which feedback becomes a case, when a case is due, and the rules of resolving it."""

from __future__ import annotations

import uuid
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from polku.accounts.models import Membership
from polku.cases.actions import add_tags, assign, change_status, open_case
from polku.cases.due import add_business_hours, due_time
from polku.cases.models import Case, CaseEntry
from polku.surveys.actions import Origin, submit_response
from polku.surveys.kinds import Parsed

pytestmark = pytest.mark.django_db
HELSINKI = ZoneInfo("Europe/Helsinki")


def at(*args) -> datetime:
    return datetime(*args, tzinfo=HELSINKI)


def answer(survey, *, nps=None, text="", rating=None):
    """Submit the store-visit survey (NPS, rating, short text, better, consent)."""
    version = survey.current_version
    keys = {q["kind"]: q["key"] for q in version.questions}
    answers = {}
    if nps is not None:
        answers[keys["nps"]] = Parsed(number=nps)
    if rating is not None:
        answers[keys["rating"]] = Parsed(number=rating)
    if text:
        answers[keys["long_text"]] = Parsed(text=text)
    response, _created = submit_response(version, answers, uuid.uuid4().hex, Origin(language="fi"))
    return response


def test_a_comment_or_a_low_score_opens_a_case_and_praise_is_low_priority(survey):
    answer(survey, nps=10)  # a happy score without a comment: nothing to answer
    assert not Case.objects.exists()
    praise = answer(survey, nps=10, text="Ihana palvelu!").case
    assert (praise.kind, praise.priority) == (Case.Kind.PRAISE, Case.Priority.LOW)
    assert praise.summary == "Ihana palvelu!"
    detractor = answer(survey, nps=3).case
    assert detractor.priority == Case.Priority.HIGH and detractor.summary == "NPS 3"
    assert detractor.touchpoint == survey.touchpoint
    assert detractor.entries.get().kind == CaseEntry.Kind.CREATED
    neutral = answer(survey, nps=8, text="Ok.").case
    assert neutral.priority == Case.Priority.NORMAL


def test_thresholds_are_the_organizations(survey, org):
    org.detractor_nps_max = 4
    org.save()
    survey.refresh_from_db()
    answer(survey, nps=5)
    assert not Case.objects.exists()
    answer(survey, nps=4)
    assert Case.objects.count() == 1


def test_a_hard_time_opens_a_case_and_an_easy_one_does_not(org):
    """The ease question: 1 very difficult … 7 very easy. Only the low end is a problem."""
    from polku.surveys.actions import create_survey, publish

    support = create_survey(org, "Support", preset="support_contact", languages=["en"])
    version = publish(support)
    (ces_key,) = [q["key"] for q in version.questions if q["kind"] == "ces"]
    for score in (7, 5, 4, 3, 1):
        submit_response(
            version, {ces_key: Parsed(number=score)}, uuid.uuid4().hex, Origin(language="en")
        )
    cases = Case.objects.filter(organization=org)
    assert sorted(cases.values_list("response__ces", flat=True)) == [1, 3]
    assert {case.priority for case in cases} == {Case.Priority.HIGH}


def test_the_same_submission_twice_opens_one_case(survey):
    version = survey.current_version
    key = uuid.uuid4().hex
    nps_key = next(q["key"] for q in version.questions if q["kind"] == "nps")
    for _ in range(2):
        submit_response(version, {nps_key: Parsed(number=1)}, key, Origin(language="fi"))
    assert Case.objects.count() == 1


class Hours:
    business_hours_start, business_hours_end = 8, 16


def test_an_ordinary_case_is_due_at_the_end_of_the_next_business_day():
    # Friday afternoon → Monday 16:00.
    assert due_time(at(2026, 11, 20, 15), Hours, urgent=False) == at(2026, 11, 23, 16)
    # Wednesday 2 December → Thursday 3 December.
    assert due_time(at(2026, 12, 2, 9), Hours, urgent=False) == at(2026, 12, 3, 16)
    # Wednesday 23 December: Christmas Eve, Christmas Day, St Stephen's Day and the weekend
    # pass → Monday 28 December.
    assert due_time(at(2026, 12, 23, 12), Hours, urgent=False) == at(2026, 12, 28, 16)


def test_urgent_cases_get_four_business_hours_across_a_weekend_and_a_holiday():
    # Friday 14:00: two hours on Friday, two on Monday.
    assert due_time(at(2026, 11, 20, 14), Hours, urgent=True) == at(2026, 11, 23, 10)
    # Saturday night: from Monday's opening.
    assert due_time(at(2026, 11, 21, 23), Hours, urgent=True) == at(2026, 11, 23, 12)
    # Thursday 31 December 15:00: New Year's Day (Friday) and the weekend → Monday 11:00.
    assert due_time(at(2026, 12, 31, 15), Hours, urgent=True) == at(2027, 1, 4, 11)
    # Within one day, before opening.
    assert add_business_hours(at(2026, 11, 24, 6), 4, 8, 16) == at(2026, 11, 24, 12)


def test_resolving_needs_a_note_and_closing_needs_resolving(survey, org, owner):
    case = answer(survey, nps=2, text="Jonotin puoli tuntia.").case
    member = Membership.objects.get(user=owner)
    with pytest.raises(ValidationError):
        change_status(case, member, Case.Status.RESOLVED, "  ")
    with pytest.raises(ValidationError):
        change_status(case, member, Case.Status.CLOSED)
    case.refresh_from_db()
    assert case.status == Case.Status.NEW
    change_status(case, member, Case.Status.RESOLVED, "Lisäsimme kassan ruuhka-aikaan.")
    change_status(case, member, Case.Status.CLOSED)
    case.refresh_from_db()
    assert case.status == Case.Status.CLOSED and case.resolution.startswith("Lisäsimme")
    kinds = list(case.entries.values_list("kind", flat=True))
    assert kinds == ["created", "resolved", "status"]


def test_a_complaint_by_phone_is_opened_by_hand_and_is_urgent(org, owner, journey):
    member = Membership.objects.get(user=owner)
    case = open_case(
        org,
        member,
        kind=Case.Kind.COMPLAINT,
        summary="Paketti hävisi.",
        came_by="phone",
        touchpoint=journey["touchpoint"],
    )
    assert case.priority == Case.Priority.HIGH and case.assignee == member
    assert case.status == Case.Status.IN_PROGRESS and case.came_by == "phone"


def test_assigning_and_tagging_write_the_timeline(survey, org, owner, agent):
    cases = [answer(survey, nps=1).case, answer(survey, nps=2).case]
    me = Membership.objects.get(user=owner)
    them = Membership.objects.get(user=agent)
    assert assign(cases, me, them) == 2
    assert assign(cases, me, them) == 0  # nothing changes twice
    assert add_tags(cases, me, ["jono"]) == 2
    for case in cases:
        case.refresh_from_db()
        assert case.assignee == them and case.status == Case.Status.IN_PROGRESS
        assert case.tags == ["jono"]
        assert [e.kind for e in case.entries.all()] == ["created", "assigned", "tagged"]


def test_an_overdue_case_tells_its_assignee_and_the_managers_once(
    survey, org, owner, agent, manager, viewer
):
    from datetime import timedelta

    from polku.cases.overdue import notify_overdue
    from polku.outbox.models import OutboxEmail

    case = answer(survey, nps=1).case
    assign([case], Membership.objects.get(user=owner), Membership.objects.get(user=agent))
    assert notify_overdue(case.due_at - timedelta(minutes=1)) == 0
    later = case.due_at + timedelta(minutes=1)
    assert notify_overdue(later) == 1
    assert notify_overdue(later + timedelta(hours=5)) == 0  # once
    sent = set(OutboxEmail.objects.values_list("to", flat=True))
    assert sent == {"owner@a.test", "manager@a.test", "agent@a.test"}  # not the viewer
    assert f"Case {case.pk} is overdue" in OutboxEmail.objects.first().subject
    due = timezone.localtime(case.due_at)
    assert f"was due {due:%m}/{due:%d}/{due.year} " in OutboxEmail.objects.first().body_text


def test_an_overdue_case_in_finnish_gives_its_time_the_finnish_way(survey, org):
    from datetime import timedelta

    from polku.cases.overdue import notify_overdue
    from polku.outbox.models import OutboxEmail

    org.language = "fi"
    org.save(update_fields=["language"])
    case = answer(survey, nps=1).case
    assert notify_overdue(case.due_at + timedelta(minutes=1)) == 1
    due = timezone.localtime(case.due_at)
    email = OutboxEmail.objects.first()
    assert f"Tapaus {case.pk}" in email.subject
    assert f"{due.day}.{due.month}.{due.year} {due.hour}.{due:%M}" in email.body_text
