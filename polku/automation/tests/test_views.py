"""The pages: rules, message wording, the invitations overview, settings, unsubscribe."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from polku.automation.engine import apply_rules, send_due_invitations
from polku.automation.models import Invitation, MessageTemplate, Rule
from polku.conftest import client_for
from polku.customers.actions import ConsentData, CustomerData, EventData, record_events
from polku.customers.models import Event
from polku.outbox.models import OutboxEmail

pytestmark = pytest.mark.django_db
CASE_SETTINGS = {
    "detractor_nps_max": "6",
    "low_csat_max": "2",
    "low_ces_max": "3",
    "min_answers": "10",
    "business_hours_start": "8",
    "business_hours_end": "16",
}


def rule_data(survey, journey, **changes):
    return {
        "event_kind": "order_delivered",
        "touchpoint": journey["touchpoint"].pk,
        "delay": "2",
        "delay_unit": "days",
        "survey": survey.pk,
        "active": "on",
        **changes,
    }


def test_a_manager_makes_edits_and_deletes_a_rule(manager_client, org, survey, journey):
    url = reverse("automation:rules", args=[org.slug])
    assert manager_client.get(url).status_code == 200
    response = manager_client.post(url, rule_data(survey, journey))
    assert response.status_code == 302
    rule = Rule.objects.get()
    assert rule.delay_minutes == 2 * 24 * 60 and rule.organization == org
    page = manager_client.get(url).content.decode()
    assert "Order delivered" in page and "2 days" in page
    edit = reverse("automation:rule_edit", args=[org.slug, rule.pk])
    assert 'value="2"' in manager_client.get(edit).content.decode()
    manager_client.post(edit, rule_data(survey, journey, delay="90", delay_unit="minutes"))
    rule.refresh_from_db()
    assert rule.delay_minutes == 90
    delete = reverse("automation:rule_delete", args=[org.slug, rule.pk])
    assert b"Delete" in manager_client.get(delete).content
    manager_client.post(delete)
    assert not Rule.objects.exists()


def test_a_bad_rule_is_refused_with_reasons(manager_client, org, survey, journey, other_org):
    from polku.surveys.actions import create_survey

    foreign = create_survey(other_org, "B's survey", preset="store_visit", languages=["fi"])
    url = reverse("automation:rules", args=[org.slug])
    for data in (
        rule_data(survey, journey, delay="-1"),
        rule_data(survey, journey, delay="91", delay_unit="days"),
        {**rule_data(survey, journey), "survey": foreign.pk},
        rule_data(survey, journey, event_kind="teleported"),
    ):
        response = manager_client.post(url, data)
        assert response.status_code == 200
        assert b"errorlist" in response.content
    assert not Rule.objects.exists()


def test_agents_and_viewers_read_rules_but_cannot_change_them(org, survey, journey, agent, viewer):
    for user in (agent, viewer):
        client = client_for(user)
        url = reverse("automation:rules", args=[org.slug])
        assert client.get(url).status_code == 200
        assert client.post(url, rule_data(survey, journey)).status_code == 403
    assert not Rule.objects.exists()


def test_message_wording_is_edited_checked_and_reset(manager_client, org):
    url = reverse("automation:template_edit", args=[org.slug, "invitation", "fi"])
    page = manager_client.get(url).content.decode()
    assert "{survey_link}" in page  # the form starts from the default wording
    bad = manager_client.post(url, {"subject": "{order_reference}", "body": "Hei!"})
    assert bad.status_code == 200
    text = bad.content.decode()
    assert "{order_reference} is not available" in text
    assert "must contain {survey_link}" in text
    assert not MessageTemplate.objects.exists()
    manager_client.post(url, {"subject": "Kiitos!", "body": "{greeting} {survey_link}"})
    template = MessageTemplate.objects.get()
    assert (template.kind, template.language, template.subject) == ("invitation", "fi", "Kiitos!")
    listing = manager_client.get(reverse("automation:templates", args=[org.slug])).content
    assert b"your own wording" in listing
    manager_client.post(url, {"reset": "1"})
    assert not MessageTemplate.objects.exists()


def test_unknown_message_kinds_are_404(manager_client, org):
    url = reverse("automation:template_edit", args=[org.slug, "spam", "fi"])
    assert manager_client.get(url).status_code == 404


def test_the_overview_counts_sent_answered_unsubscribed_and_bounced(
    owner_client, org, survey, journey
):
    Rule.objects.create(
        organization=org, event_kind="order_delivered", survey=survey, delay_minutes=0
    )
    record_events(
        org,
        [
            EventData(
                kind=Event.Kind.ORDER_DELIVERED,
                occurred_at=timezone.now(),
                source="api",
                touchpoint=journey["touchpoint"],
                customer=CustomerData(
                    source="api",
                    email=f"c{i}@example.fi",
                    consents=[ConsentData("surveys", i != 3)],
                ),
            )
            for i in range(4)
        ],
    )
    apply_rules()
    send_due_invitations(timezone.now() + timedelta(seconds=1))
    sent = list(Invitation.objects.filter(state="sent").order_by("pk"))
    OutboxEmail.objects.filter(pk=sent[0].email_id).update(status="bounced")
    Invitation.objects.filter(pk=sent[1].pk).update(unsubscribed_at=timezone.now())
    page = owner_client.get(reverse("automation:overview", args=[org.slug]))
    assert page.status_code == 200
    figures = page.context["counts"]
    assert figures["sent"] == 3 and figures["skipped"] == 1
    assert figures["bounced"] == 1 and figures["unsubscribed"] == 1
    assert page.context["by_touchpoint"][0]["sent"] == 3
    assert b"no consent to surveys" in page.content


def test_the_overview_has_an_empty_state(viewer_client, org):
    page = viewer_client.get(reverse("automation:overview", args=[org.slug])).content
    assert b"No invitations yet" in page and b"No rule is active" in page


def test_organization_settings_hold_the_cap_reminders_and_sender(owner_client, org, owner):
    url = reverse("accounts:organization_settings", args=[org.slug])
    member = org.memberships.get()
    data = {
        "name": org.name,
        "language": "en",
        "invitation_cap_days": "14",
        "reminder_after_days": "3",
        "default_sender": member.pk,
        **CASE_SETTINGS,
    }
    assert owner_client.post(url, data).status_code == 302
    org.refresh_from_db()
    assert (org.invitation_cap_days, org.reminder_after_days, org.default_sender) == (14, 3, member)
    bad = owner_client.post(url, {**data, "reminder_after_days": "45"})
    assert bad.status_code == 200 and b"errorlist" in bad.content
    org.refresh_from_db()
    assert org.reminder_after_days == 3


def test_unsubscribe_page_asks_then_confirms(client, org, survey, journey):
    Rule.objects.create(
        organization=org, event_kind="order_delivered", survey=survey, delay_minutes=0
    )
    record_events(
        org,
        [
            EventData(
                kind=Event.Kind.ORDER_DELIVERED,
                occurred_at=timezone.now(),
                source="api",
                customer=CustomerData(
                    source="api",
                    email="fi@example.fi",
                    language="fi",
                    consents=[ConsentData("surveys", True)],
                ),
            )
        ],
    )
    apply_rules()
    send_due_invitations(timezone.now() + timedelta(seconds=1))
    url = OutboxEmail.objects.get().headers["List-Unsubscribe"].strip("<>")
    page = client.get(url)
    assert page.status_code == 200 and b'lang="fi"' in page.content
    done = client.post(url)
    assert done.status_code == 200
    assert Invitation.objects.get().unsubscribed_at is not None
    assert client.get(url).context["done"] is True


def test_the_customer_page_lists_invitations_and_notices(owner_client, org, survey, journey):
    Rule.objects.create(
        organization=org, event_kind="order_delivered", survey=survey, delay_minutes=0
    )
    customer = CustomerData(
        source="api", email="maija@example.fi", consents=[ConsentData("surveys", True)]
    )
    now = timezone.now()
    record_events(
        org,
        [
            EventData(
                kind=Event.Kind.ORDER_DELIVERED,
                occurred_at=now,
                source="api",
                customer=customer,
                order_reference="A-1",
            ),
            EventData(
                kind=Event.Kind.ORDER_DELAYED,
                occurred_at=now,
                source="api",
                customer=customer,
                order_reference="A-2",
            ),
        ],
    )
    apply_rules()
    send_due_invitations(now + timedelta(seconds=1))
    invitation = Invitation.objects.get()
    page = owner_client.get(reverse("customers:detail", args=[org.slug, invitation.customer_id]))
    text = page.content.decode()
    assert "Invitation to “Store visit”" in text and "sent" in text
    assert "Delivery notice for order A-2" in text
