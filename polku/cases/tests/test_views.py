"""The inbox and the case page, per role."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from polku.accounts.models import Membership
from polku.cases.models import Case
from polku.conftest import client_for

pytestmark = pytest.mark.django_db


def make_case(org, **fields):
    return Case.objects.create(
        organization=org,
        summary=fields.pop("summary", "Jonotin kassalla."),
        due_at=fields.pop("due_at", timezone.now() + timedelta(hours=4)),
        **fields,
    )


def inbox(client, org, **params):
    return client.get(reverse("cases:inbox", args=[org.slug]), params)


def test_inbox_views_mine_unassigned_overdue(org, owner, agent):
    me = Membership.objects.get(user=owner)
    mine = make_case(org, assignee=me, summary="Minun")
    nobody = make_case(org, summary="Ei kenenkään")
    late = make_case(org, summary="Myöhässä", due_at=timezone.now() - timedelta(hours=1))
    done = make_case(org, summary="Valmis", status=Case.Status.RESOLVED)
    client = client_for(owner)

    def listed(**params):
        return set(inbox(client, org, **params).context["page"].object_list)

    assert listed() == {mine, nobody, late}
    assert listed(view="mine") == {mine}
    assert listed(view="unassigned") == {nobody, late}
    assert listed(view="overdue") == {late}
    assert listed(view="all") == {mine, nobody, late, done}
    assert listed(view="all", status="resolved") == {done}
    page = inbox(client, org).content.decode()
    assert "overdue" in page and "(3)" in page


def test_bulk_assign_and_tag_with_finnish_letters(org, owner, agent):
    cases = [make_case(org), make_case(org)]
    them = Membership.objects.get(user=agent)
    client = client_for(owner)
    url = reverse("cases:inbox", args=[org.slug])
    client.post(url, {"cases": [c.pk for c in cases], "assignee": them.pk, "assign": "1"})
    client.post(url, {"cases": [cases[0].pk], "tag": "jäätelö"})
    for case in cases:
        case.refresh_from_db()
        assert case.assignee == them
    assert cases[0].tags == ["jäätelö"]
    assert set(inbox(client, org, tag="jäätelö").context["page"].object_list) == {cases[0]}
    assert not inbox(client, org, tag="jää").context["page"].object_list


def test_bulk_with_nothing_chosen_changes_nothing(org, owner):
    case = make_case(org)
    client = client_for(owner)
    answer = client.post(reverse("cases:inbox", args=[org.slug]), {"tag": "x"}, follow=True)
    assert b"Choose at least one case." in answer.content
    case.refresh_from_db()
    assert case.tags == []


def test_case_page_note_status_and_the_resolution_rule(org, agent):
    case = make_case(org)
    client = client_for(agent)
    url = reverse("cases:detail", args=[org.slug, case.pk])
    client.post(url, {"note-text": "Soitin asiakkaalle.", "note": "1"})
    client.post(url, {"status-status": "waiting", "status": "1"})
    case.refresh_from_db()
    assert case.status == Case.Status.WAITING
    refused = client.post(url, {"resolve-resolution": "", "resolve": "1"})
    assert refused.status_code == 200 and b"errorlist" in refused.content
    client.post(url, {"resolve-resolution": "Pahoittelin ja hyvitin.", "resolve": "1"})
    case.refresh_from_db()
    assert case.status == Case.Status.RESOLVED
    page = client.get(url).content.decode()
    assert "Soitin asiakkaalle." in page and "Pahoittelin ja hyvitin." in page


def test_viewers_read_cases_but_cannot_work_them(org, viewer):
    case = make_case(org)
    client = client_for(viewer)
    url = reverse("cases:detail", args=[org.slug, case.pk])
    assert client.get(url).status_code == 200
    assert client.post(url, {"note-text": "x", "note": "1"}).status_code == 403
    assert (
        client.post(
            reverse("cases:inbox", args=[org.slug]), {"cases": [case.pk], "tag": "x"}
        ).status_code
        == 403
    )
    assert client.get(reverse("cases:new", args=[org.slug])).status_code == 403
    assert not case.entries.exists()


def test_an_agent_opens_a_complaint_that_came_by_phone(org, agent, journey):
    client = client_for(agent)
    answer = client.post(
        reverse("cases:new", args=[org.slug]),
        {
            "kind": "complaint",
            "came_by": "phone",
            "summary": "Paketti ei tullut.",
            "customer_email": "Maija@Example.fi",
            "customer_name": "Maija",
            "touchpoint": journey["touchpoint"].pk,
        },
    )
    case = Case.objects.get()
    assert answer.status_code == 302
    assert case.customer.email == "maija@example.fi" and case.came_by == "phone"
    assert case.assignee.user == agent and case.priority == Case.Priority.HIGH


def test_a_bad_new_case_is_refused(org, agent):
    client = client_for(agent)
    answer = client.post(
        reverse("cases:new", args=[org.slug]),
        {"kind": "complaint", "came_by": "pigeon", "summary": ""},
    )
    assert answer.status_code == 200 and b"errorlist" in answer.content
    assert not Case.objects.exists()


def test_case_thresholds_and_business_hours_are_settings(owner_client, org):
    url = reverse("accounts:organization_settings", args=[org.slug])
    data = {
        "name": org.name,
        "language": "en",
        "invitation_cap_days": "30",
        "detractor_nps_max": "4",
        "low_csat_max": "1",
        "low_ces_max": "2",
        "min_answers": "10",
        "business_hours_start": "9",
        "business_hours_end": "17",
    }
    assert owner_client.post(url, data).status_code == 302
    org.refresh_from_db()
    assert (org.detractor_nps_max, org.business_hours_start, org.business_hours_end) == (4, 9, 17)
    for bad in ({"detractor_nps_max": "11"}, {"business_hours_end": "8"}, {"low_ces_max": "0"}):
        answer = owner_client.post(url, {**data, **bad})
        assert answer.status_code == 200 and b"errorlist" in answer.content
    org.refresh_from_db()
    assert (org.detractor_nps_max, org.business_hours_end, org.low_ces_max) == (4, 17, 2)


def test_figures_answered_time_to_answer_and_promise(org, owner, agent):
    from polku.cases.figures import figures_for
    from polku.cases.models import CaseEntry

    now = timezone.now()
    them = Membership.objects.get(user=agent)
    quick = make_case(org, assignee=them, due_at=now + timedelta(hours=1))
    quick.created_at = now - timedelta(hours=3)
    quick.save()
    CaseEntry.objects.create(case=quick, kind="reply", at=now - timedelta(hours=1))
    slow = make_case(org, assignee=them, due_at=now - timedelta(hours=2))
    slow.created_at = now - timedelta(hours=10)
    slow.save()
    CaseEntry.objects.create(case=slow, kind="reply", at=now - timedelta(hours=1))
    make_case(org, due_at=now - timedelta(hours=1))  # unanswered, overdue
    figures = figures_for(org, 30)
    overall = figures["overall"]
    assert (overall.cases, overall.answered, overall.within_promise, overall.overdue_now) == (
        3,
        2,
        1,
        2,
    )
    assert overall.median_first_answer == timedelta(hours=5.5)
    members = dict(figures["by_member"])
    assert members["agent"].answered == 2 and members[""].answered == 0
    page = client_for(owner).get(reverse("cases:figures", args=[org.slug]), {"days": "bogus"})
    assert page.status_code == 200 and "5 h 30 min" in page.content.decode()


def test_the_timeline_says_what_polku_wrote_in_the_readers_language(org, agent):
    """A status change and an unassigning, made by someone reading Finnish, read in English
    to an English reader; the staff's own words stay as written."""
    case = make_case(org)
    me = Membership.objects.get(user=agent)
    client = client_for(agent)
    url = reverse("cases:detail", args=[org.slug, case.pk])
    finnish = {"HTTP_ACCEPT_LANGUAGE": "fi"}
    client.post(url, {"status-status": "waiting", "status": "1"}, **finnish)
    client.post(url, {"note-text": "Soitin asiakkaalle.", "note": "1"}, **finnish)
    from polku.cases.actions import assign

    assign([case], me, me)
    assign([case], me, None)
    entries = case.entries.filter(kind__in=["status", "assigned"]).order_by("pk")
    assert [(e.kind, e.status, e.text) for e in entries] == [
        ("status", "waiting", ""),
        ("assigned", "", agent.display_name or agent.email),
        ("assigned", "", ""),
    ]
    english = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Waiting for the customer" in english and "Odottaa asiakasta" not in english
    assert "<br>nobody" in english and "Soitin asiakkaalle." in english
    finnish_page = client.get(url, **finnish).content.decode()
    assert "<br>Odottaa asiakasta" in finnish_page and "<br>ei kukaan" in finnish_page
