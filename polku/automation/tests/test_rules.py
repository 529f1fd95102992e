"""Rules turn events into invitations; consent, unsubscribes and the frequency cap decide
which are sent; the email is personal and carries a one-click unsubscribe."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from polku.accounts.models import Membership
from polku.automation.engine import apply_rules, send_due_invitations, send_reminders
from polku.automation.models import Invitation, MessageTemplate, Rule
from polku.customers.actions import ConsentData, CustomerData, EventData, record_events
from polku.customers.models import Consent, Event
from polku.outbox.models import OutboxEmail

pytestmark = pytest.mark.django_db


@pytest.fixture
def rule(org, survey, journey):
    return Rule.objects.create(
        organization=org,
        event_kind=Event.Kind.ORDER_DELIVERED,
        touchpoint=journey["touchpoint"],
        survey=survey,
        delay_minutes=2 * 24 * 60,
    )


def deliver(
    org,
    journey,
    *,
    email="maija@example.fi",
    name="Maija Meikäläinen",
    consent=True,
    language="",
    at=None,
    employee=None,
    ref="1001",
):
    customer = CustomerData(
        source="api",
        email=email,
        name=name,
        language=language,
        consents=[ConsentData("surveys", True, wording="Saa kysyä.")] if consent else [],
    )
    event = EventData(
        kind=Event.Kind.ORDER_DELIVERED,
        occurred_at=at or timezone.now(),
        source="api",
        external_id=f"delivered-{ref}",
        customer=customer,
        touchpoint=journey["touchpoint"],
        employee=employee,
        order_reference=ref,
    )
    return record_events(org, [event]).created[0]


def later(days: float):
    return timezone.now() + timedelta(days=days)


def test_a_rule_schedules_an_invitation_after_its_delay(org, rule, journey):
    event = deliver(org, journey)
    assert apply_rules() == 1
    invitation = Invitation.objects.get()
    assert invitation.state == Invitation.State.SCHEDULED
    assert invitation.send_at == event.occurred_at + timedelta(days=2)
    assert invitation.touchpoint == journey["touchpoint"]
    # Not due yet: nothing is sent.
    assert send_due_invitations() == 0
    assert not OutboxEmail.objects.exists()
    # Looking at the same events again makes nothing new.
    Event.objects.update(rules_applied=False)
    apply_rules()
    assert Invitation.objects.count() == 1


def test_the_due_invitation_is_a_personal_email_with_one_click_unsubscribe(
    org, rule, journey, owner
):
    employee = Membership.objects.get(user=owner)
    deliver(org, journey, employee=employee)
    apply_rules()
    assert send_due_invitations(later(2)) == 1
    invitation = Invitation.objects.get()
    assert invitation.state == Invitation.State.SENT
    email = invitation.email
    assert email.status == OutboxEmail.Status.QUEUED
    assert email.to == "maija@example.fi"
    assert email.body_text.startswith("Hi Maija,")
    assert "Olivia Owner" in email.body_text  # signed by the employee who served
    assert "Olivia Owner, Shop A" in email.from_email
    assert email.reply_to == "owner@a.test"
    assert "answering takes about 2 minutes." in email.body_text
    assert "/i/" in email.body_text and 'href="http://testserver/i/' in email.body_html
    unsubscribe = email.headers["List-Unsubscribe"]
    assert unsubscribe.startswith("<http://testserver/u/") and unsubscribe.endswith("/>")
    assert email.headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert email.message_id.startswith("<") and email.message_id.endswith(">")


def test_no_consent_no_invitation(org, rule, journey):
    deliver(org, journey, consent=False)
    apply_rules()
    send_due_invitations(later(3))
    invitation = Invitation.objects.get()
    assert invitation.state == Invitation.State.SKIPPED
    assert invitation.skip_reason == Invitation.Skip.NO_CONSENT
    assert not OutboxEmail.objects.exists()


def test_withdrawn_consent_wins(org, rule, journey):
    event = deliver(org, journey)
    Consent.objects.create(customer=event.customer, purpose="surveys", granted=False, source="api")
    apply_rules()
    send_due_invitations(later(3))
    assert Invitation.objects.get().skip_reason == Invitation.Skip.NO_CONSENT


def test_one_click_unsubscribe_works_without_login_and_is_honoured(client, org, rule, journey):
    deliver(org, journey, ref="1")
    apply_rules()
    send_due_invitations(later(2))
    email = OutboxEmail.objects.get()
    url = email.headers["List-Unsubscribe"].strip("<>").removeprefix("http://testserver")
    # Opening the link only asks; a link checker following it unsubscribes nobody.
    page = client.get(url)
    assert page.status_code == 200
    assert b"No more surveys from Shop A?" in page.content
    assert not Consent.objects.filter(granted=False).exists()
    # The mail program's one-click POST (RFC 8058), without cookies or a CSRF token.
    answer = client.post(url, {"List-Unsubscribe": "One-Click"})
    assert answer.status_code == 200
    assert Consent.objects.filter(purpose="surveys", granted=False, source="unsubscribe").exists()
    assert Invitation.objects.get().unsubscribed_at is not None
    # A later consent from the webshop does not undo the unsubscribe.
    deliver(org, journey, ref="2", at=later(40))
    apply_rules(later(40))
    send_due_invitations(later(43))
    second = Invitation.objects.get(event__order_reference="2")
    assert second.skip_reason == Invitation.Skip.UNSUBSCRIBED
    assert OutboxEmail.objects.count() == 1


def test_a_forged_unsubscribe_link_changes_nothing(client, org):
    answer = client.post("/u/not-a-token/", {"List-Unsubscribe": "One-Click"})
    assert answer.status_code == 404
    assert not Consent.objects.exists()


def test_frequency_cap(org, rule, journey):
    deliver(org, journey, ref="1")
    deliver(org, journey, ref="2", at=later(10))
    apply_rules()
    send_due_invitations(later(3))
    send_due_invitations(later(13))
    states = dict(Invitation.objects.values_list("event__order_reference", "skip_reason"))
    assert states == {"1": "", "2": Invitation.Skip.RECENTLY_INVITED}
    # After the cap has passed, the customer can be asked again.
    deliver(org, journey, ref="3", at=later(35))
    apply_rules(later(35))
    send_due_invitations(later(38))
    assert Invitation.objects.get(event__order_reference="3").state == Invitation.State.SENT


def test_frequency_cap_is_an_organization_setting(org, rule, journey):
    org.invitation_cap_days = 0
    org.save()
    deliver(org, journey, ref="1")
    deliver(org, journey, ref="2")
    apply_rules()
    send_due_invitations(later(3))
    assert Invitation.objects.filter(state=Invitation.State.SENT).count() == 2


def test_language_is_the_customers_else_the_organizations(org, rule, journey):
    deliver(org, journey, email="fi@example.fi", language="fi", ref="1")
    deliver(org, journey, email="none@example.fi", name="", ref="2")
    apply_rules()
    send_due_invitations(later(3))
    finnish = OutboxEmail.objects.get(to="fi@example.fi")
    assert finnish.subject == "Shop A: miten onnistuimme?"
    assert finnish.body_text.startswith("Hei Maija,")
    english = OutboxEmail.objects.get(to="none@example.fi")
    assert english.subject == "Shop A: how did we do?"
    assert english.body_text.startswith("Hi,")


def test_the_organizations_own_wording_is_used(org, rule, journey):
    MessageTemplate.objects.create(
        organization=org,
        kind="invitation",
        language="en",
        subject="{organization} asks",
        body="{greeting} tell us: {survey_link}",
    )
    deliver(org, journey)
    apply_rules()
    send_due_invitations(later(3))
    email = OutboxEmail.objects.get()
    assert email.subject == "Shop A asks"
    assert email.body_text.startswith("Hi Maija, tell us: http://testserver/i/")
    assert "No more surveys from Shop A" in email.body_text  # the footer is always added


def test_old_events_are_history_not_news(org, rule, journey):
    deliver(org, journey, at=timezone.now() - timedelta(days=60))
    assert apply_rules() == 1
    assert not Invitation.objects.exists()


def test_events_of_other_kinds_or_touchpoints_do_not_match(org, rule, journey):
    other = EventData(
        kind=Event.Kind.ORDER_PLACED,
        occurred_at=timezone.now(),
        source="api",
        customer=CustomerData(source="api", email="x@example.fi"),
    )
    record_events(org, [other])
    apply_rules()
    assert not Invitation.objects.exists()


def test_anonymous_events_invite_nobody(org, rule, journey):
    record_events(
        org,
        [
            EventData(
                kind=Event.Kind.ORDER_DELIVERED,
                occurred_at=timezone.now(),
                source="till",
                touchpoint=journey["touchpoint"],
            )
        ],
    )
    apply_rules()
    assert not Invitation.objects.exists()


def test_a_closed_survey_sends_nothing(org, rule, journey, survey):
    deliver(org, journey)
    apply_rules()
    survey.status = survey.Status.CLOSED
    survey.save()
    send_due_invitations(later(3))
    assert Invitation.objects.get().skip_reason == Invitation.Skip.SURVEY_CLOSED


def test_reminders_are_off_by_default_and_sent_once_when_on(org, rule, journey):
    deliver(org, journey, ref="1")
    deliver(org, journey, email="b@example.fi", ref="2")
    apply_rules()
    send_due_invitations(later(2))
    assert send_reminders(later(10)) == 0
    org.reminder_after_days = 3
    org.save()
    assert send_reminders(later(4)) == 0  # not yet three days since sending
    answered = Invitation.objects.get(event__order_reference="2")
    answered.response = None
    from polku.surveys.models import Response

    answered.response = Response.objects.create(
        organization=org,
        survey=answered.survey,
        version=answered.survey.current_version,
        language="en",
        submission_key="k1",
    )
    answered.save()
    assert send_reminders(later(6)) == 1
    assert send_reminders(later(7)) == 0
    reminded = Invitation.objects.get(event__order_reference="1")
    assert "reminder" in reminded.reminder_email.subject
    assert reminded.reminder_email.headers["List-Unsubscribe-Post"]
