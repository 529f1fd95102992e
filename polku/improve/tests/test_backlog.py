"""The improvement backlog: the matrix, items from cases, statuses, before/after figures."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone, translation

from polku.cases.models import Case
from polku.conftest import client_for
from polku.improve import actions
from polku.improve.measure import before_after
from polku.improve.models import Improvement, ImprovementEntry
from polku.surveys.actions import Origin, create_survey, publish, submit_response
from polku.surveys.kinds import Kind, Parsed


@pytest.mark.parametrize(
    ("impact", "effort", "quadrant"),
    [(5, 1, "quick_win"), (3, 3, "big_bet"), (2, 2, "fill_in"), (1, 5, "not_now")],
)
def test_quadrant_of_impact_and_effort(impact, effort, quadrant):
    assert Improvement(impact=impact, effort=effort).quadrant == quadrant


def make_case(org, touchpoint=None, at=None, **fields):
    return Case.objects.create(
        organization=org,
        summary=fields.pop("summary", "Parcel came late"),
        due_at=timezone.now(),
        touchpoint=touchpoint,
        created_at=at or timezone.now(),
        **fields,
    )


def test_a_case_becomes_an_idea_once(org, owner, journey):
    case = make_case(org, journey["touchpoint"], priority=Case.Priority.HIGH)
    me = owner.memberships.get()
    item, created = actions.improvement_from_case(case, me)
    again, created_again = actions.improvement_from_case(case, me)
    assert created and not created_again and again == item
    assert (item.source, item.status, item.touchpoint, item.impact) == (
        "case",
        "idea",
        journey["touchpoint"],
        4,
    )
    assert list(item.cases.all()) == [case]
    assert Improvement.objects.count() == 1


def test_one_click_from_the_case_page(org, owner_client, viewer_client, journey):
    case = make_case(org, journey["touchpoint"])
    url = reverse("improve:from_case", args=[org.slug, case.pk])
    assert viewer_client.post(url).status_code == 403
    response = owner_client.post(url)
    item = Improvement.objects.get()
    assert response["Location"] == reverse("improve:detail", args=[org.slug, item.pk])
    page = owner_client.get(reverse("cases:detail", args=[org.slug, case.pk])).content.decode()
    assert "In the backlog" in page


def test_done_sets_the_time_and_measured_needs_a_result(org, owner, journey):
    me = owner.memberships.get()
    item = actions.create_improvement(
        org, me, title="Faster parcels", touchpoint=journey["touchpoint"]
    )
    item.status = Improvement.Status.DONE
    actions.update_improvement(item, me, ["status"])
    item.refresh_from_db()
    assert item.done_at is not None
    item.status = Improvement.Status.MEASURED
    with pytest.raises(ValidationError):
        actions.update_improvement(item, me, ["status"])
    item.refresh_from_db()
    assert item.status == Improvement.Status.DONE
    # Back to doing: the done time goes, so a later "done" starts a new comparison.
    item.status = Improvement.Status.DOING
    actions.update_improvement(item, me, ["status"])
    item.refresh_from_db()
    assert item.done_at is None
    kinds = list(item.entries.values_list("kind", flat=True))
    assert kinds == ["created", "status", "status"]


def gap_survey(org, touchpoint):
    survey = create_survey(org, "Gap", touchpoint=touchpoint, languages=["en"])
    survey.questions.create(organization=org, kind=Kind.CSAT, text={"en": "Happy?"}, position=1)
    survey.questions.create(
        organization=org, kind=Kind.EXPECTATION, text={"en": "Delivery time"}, position=2
    )
    publish(survey)
    return survey


def answer_at(survey, at, csat, expected, got):
    csat_key, gap_key = (q["key"] for q in survey.current_version.questions)
    submit_response(
        survey.current_version,
        {csat_key: Parsed(number=csat), gap_key: Parsed(number=expected, number2=got)},
        f"{at.isoformat()}{csat}",
        Origin(language="en", at=at),
    )


def test_before_and_after_compare_the_touchpoint(org, owner, journey):
    touchpoint = journey["touchpoint"]
    survey = gap_survey(org, touchpoint)
    done = timezone.now() - timedelta(days=40)
    for days, csat, expected, got in [(-20, 2, 4, 2), (-10, 4, 4, 3), (-50, 5, 5, 5)]:
        answer_at(survey, done + timedelta(days=days), csat, expected, got)
    for days, csat, expected, got in [(5, 5, 4, 5), (25, 4, 4, 4), (35, 1, 1, 1)]:
        answer_at(survey, done + timedelta(days=days), csat, expected, got)
    item = Improvement.objects.create(
        organization=org, title="Couriers", touchpoint=touchpoint, status="done", done_at=done
    )
    comparison = before_after(item)
    before, after = comparison.before, comparison.after
    # Only the 30 days each side count: the answers 50 days before and 35 after do not.
    assert (before.responses, after.responses) == (2, 2)
    assert (before.csat, after.csat) == (50.0, 100.0)
    assert (before.gap, after.gap) == (-1.5, 0.5)
    # Each low score opened a case.
    assert (before.cases, after.cases) == (1, 0)
    assert comparison.complete


def test_the_result_waits_for_the_after_period(org, owner, journey):
    me = owner.memberships.get()
    item = Improvement.objects.create(
        organization=org,
        title="Signs",
        touchpoint=journey["touchpoint"],
        status="done",
        done_at=timezone.now() - timedelta(days=3),
    )
    with pytest.raises(ValidationError):
        actions.record_result(item, me, "worked", "")
    item.done_at = timezone.now() - timedelta(days=31)
    item.save()
    actions.record_result(item, me, "worked", "Fewer questions at the counter")
    item.refresh_from_db()
    assert item.status == "measured" and item.verdict == "worked"
    assert set(item.measured_figures) == {"before", "after"}
    # The recorded figures stay as they were, whatever comes in later.
    assert before_after(item).after.responses == item.measured_figures["after"]["responses"]
    entry = item.entries.get(kind=ImprovementEntry.Kind.MEASURED)
    assert (entry.verdict, entry.text) == ("worked", "Fewer questions at the counter")


def test_the_log_says_what_polku_wrote_in_the_readers_language(org, owner, owner_client, journey):
    """Statuses and the result are kept as values: a change made in Finnish reads in English
    to an English reader, and the team's note as written."""
    me = owner.memberships.get()
    item = actions.create_improvement(org, me, title="Kyltit", touchpoint=journey["touchpoint"])
    with translation.override("fi"):
        item.status = Improvement.Status.DONE
        actions.update_improvement(item, me, ["status"])
    Improvement.objects.filter(pk=item.pk).update(done_at=timezone.now() - timedelta(days=31))
    item.refresh_from_db()
    with translation.override("fi"):
        actions.record_result(item, me, "worked", "Vähemmän kysymyksiä kassalla")
    url = reverse("improve:detail", args=[org.slug, item.pk])
    english = owner_client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "<br>Idea → Done" in english and "<br>It worked<br>Vähemmän kysymyksiä" in english
    assert "Valmis" not in english and "Se toimi" not in english
    finnish = owner_client.get(url, HTTP_ACCEPT_LANGUAGE="fi").content.decode()
    assert "<br>Idea → Valmis" in finnish and "<br>Se toimi<br>Vähemmän kysymyksiä" in finnish


def test_pages_by_role(org, owner_client, agent, viewer_client, manager, journey):
    new = reverse("improve:new", args=[org.slug])
    data = {
        "title": "Bigger price tags",
        "touchpoint": journey["touchpoint"].pk,
        "impact": "4",
        "effort": "1",
        "status": "idea",
        "measure_days": "30",
    }
    assert viewer_client.post(new, data).status_code == 403
    agent_client = client_for(agent)
    assert agent_client.post(new, data).status_code == 302
    item = Improvement.objects.get()
    assert (item.source, item.quadrant) == ("team", "quick_win")
    backlog = viewer_client.get(reverse("improve:backlog", args=[org.slug])).content.decode()
    assert "Bigger price tags" in backlog and "Quick wins" in backlog
    detail = reverse("improve:detail", args=[org.slug, item.pk])
    assert viewer_client.post(detail, {"note": "1", "note-text": "x"}).status_code == 403
    agent_client.post(detail, {"note": "1", "note-text": "Printed the first ten"})
    assert item.entries.filter(kind="note").count() == 1
    # Bad input changes nothing: an impact of 9 is refused.
    bad = agent_client.post(
        detail, {"edit": "1", **{f"edit-{k}": v for k, v in data.items()}, "edit-impact": "9"}
    )
    assert bad.status_code == 200
    item.refresh_from_db()
    assert item.impact == 4
    delete = reverse("improve:delete", args=[org.slug, item.pk])
    assert agent_client.post(delete).status_code == 403
    assert client_for(manager).post(delete).status_code == 302
    assert not Improvement.objects.exists()


def test_linking_a_case_of_another_organization_is_refused(org, owner_client, other_org):
    item = Improvement.objects.create(organization=org, title="X")
    foreign = make_case(other_org)
    url = reverse("improve:detail", args=[org.slug, item.pk])
    page = owner_client.post(url, {"link": "1", "link-case": foreign.pk})
    assert page.status_code == 200 and "There is no case" in page.content.decode()
    assert not item.cases.exists()


def test_backlog_list_queries_stay_flat(org, owner_client, journey, django_assert_max_num_queries):
    for n in range(12):
        Improvement.objects.create(
            organization=org, title=f"Item {n}", touchpoint=journey["touchpoint"]
        )
    with django_assert_max_num_queries(12):
        owner_client.get(reverse("improve:backlog", args=[org.slug]))
