"""Demo automation: rules, a default sender, invitations already sent (some answered, one
unsubscribed, one bounced), and late orders told first or asked about first."""

from __future__ import annotations

import random
from datetime import timedelta

from django.utils import timezone

from polku.accounts.models import Membership, Organization
from polku.automation.actions import invitation_submission_key
from polku.automation.engine import (
    apply_rules,
    notice_overdue_orders,
    send_due_invitations,
    unsubscribe,
)
from polku.automation.models import Invitation, Rule
from polku.customers.actions import ConsentData, CustomerData, EventData, record_events
from polku.demo.surveys import fake_answer
from polku.journeys.models import Touchpoint
from polku.outbox.models import OutboxEmail
from polku.outbox.sending import send_due_emails
from polku.surveys.actions import Origin, submit_response
from polku.surveys.models import Response, Survey

# (event kind, touchpoint name, survey name, delay in minutes)
DEMO_RULES = {
    "demo": [
        # One minute instead of the usual hour or day, so that an order placed in the demo
        # leads to an invitation in the outbox while you watch.
        ("order_placed", "Verkkokaupan kassa ja maksutavat", "Verkkokauppatilauksen jälkeen", 1),
        ("order_delivered", "Toimitus pakettiautomaattiin", "Toimituksen jälkeen", 2 * 24 * 60),
    ],
    "clearview": [
        ("support_contact", "Workshop reception and waiting room", "After a repair", 60),
    ],
}
CLEARVIEW_CUSTOMERS = [
    ("Northwind Logistics", "Emily Hart", "fleet@northwind.example.com"),
    ("Baker & Sons Removals", "Tom Baker", "tom@bakerandsons.example.com"),
    ("Greenleaf Taxis", "Priya Shah", "priya@greenleaf.example.com"),
]
CONSENT_EN = "You may send us a short survey after a repair."


def load_demo_automation(organization: Organization, default_sender_email: str) -> None:
    organization.default_sender = Membership.objects.get(
        organization=organization, user__email=default_sender_email
    )
    organization.save(update_fields=["default_sender"])
    touchpoints = {t.name: t for t in Touchpoint.objects.filter(organization=organization)}
    surveys = {s.name: s for s in Survey.objects.filter(organization=organization)}
    for kind, touchpoint, survey, minutes in DEMO_RULES[organization.slug]:
        Rule.objects.create(
            organization=organization,
            event_kind=kind,
            touchpoint=touchpoints[touchpoint],
            survey=surveys[survey],
            delay_minutes=minutes,
        )
    if organization.slug == "clearview":
        _clearview_repairs(organization, touchpoints["Workshop reception and waiting room"])
    # What the worker would have done over the past weeks, done now so the pages have data.
    apply_rules()
    notice_overdue_orders()
    send_due_invitations()
    _history(organization)
    send_due_emails("demo")


def _clearview_repairs(organization: Organization, workshop: Touchpoint) -> None:
    now = timezone.now()
    record_events(
        organization,
        [
            EventData(
                kind="support_contact",
                occurred_at=now - timedelta(days=days),
                source="workshop",
                external_id=f"repair-{index}",
                customer=CustomerData(
                    source="workshop",
                    email=email,
                    name=company,
                    kind="company",
                    contact_person=contact,
                    language="en",
                    consents=[ConsentData("surveys", True, now - timedelta(days=200), CONSENT_EN)],
                ),
                touchpoint=workshop,
                topic="Windscreen replacement",
            )
            for index, ((company, contact, email), days) in enumerate(
                zip(CLEARVIEW_CUSTOMERS, (9, 4, 1), strict=True)
            )
        ],
    )


def _history(organization: Organization) -> None:
    """Some invitations answered, one unsubscribed, one bounced at the mail server."""
    rng = random.Random(f"polku-demo-automation-{organization.slug}")  # noqa: S311
    sent = list(
        Invitation.objects.filter(organization=organization, state=Invitation.State.SENT)
        .exclude(rule=None)
        .select_related("survey__current_version", "customer")
        .order_by("pk")
    )
    for index, invitation in enumerate(sent):
        if index % 3 == 2:
            if index == 2:
                OutboxEmail.objects.filter(pk=invitation.email_id).update(
                    status=OutboxEmail.Status.BOUNCED, error="550 5.1.1 Mailbox unavailable"
                )
            continue  # not answered (yet)
        if index == 1:
            unsubscribe(invitation)
            continue
        version = invitation.survey.current_version
        answers = _happy_answers(version.questions, rng)
        response, _created = submit_response(
            version,
            answers,
            invitation_submission_key(invitation.pk),
            Origin(
                source=Response.Source.INVITATION,
                language=invitation.customer.language or organization.language,
                touchpoint=invitation.touchpoint,
                channel=invitation.channel,
                employee=invitation.employee,
                customer=invitation.customer,
            ),
        )
        invitation.response = response
        invitation.save(update_fields=["response"])


def _happy_answers(questions: list[dict], rng: random.Random) -> dict:
    return {
        q["key"]: parsed
        for q in questions
        if (parsed := fake_answer(q, rng, rng.random() < 0.8, "fi")) is not None
    }
