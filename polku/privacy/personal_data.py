"""Everything Polku holds about one customer, gathered for an export (GDPR art. 15 and 20).

One function finds it all, so the export, the erasure and its tests agree on what
"everything" is: the customer record, ids in other systems, consents, events, invitations,
delivery notices, survey responses with their answers, cases with their timelines,
testimonials, segment memberships and the emails sent to them.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import get_language

from polku.automation.models import DeliveryNotice, Invitation
from polku.cases.models import Case, CaseEntry
from polku.customers.models import Customer
from polku.improve.models import Testimonial
from polku.outbox.models import OutboxEmail
from polku.surveys.models import Response, localized


@dataclass
class Held:
    """The rows that hold a customer's personal data."""

    customer: Customer
    responses: QuerySet
    cases: QuerySet
    testimonials: QuerySet
    invitations: QuerySet
    notices: QuerySet
    emails: QuerySet


def held_about(customer: Customer) -> Held:
    organization = customer.organization_id
    invitations = Invitation.objects.filter(customer=customer)
    notices = DeliveryNotice.objects.filter(customer=customer)
    # A case or a testimonial may name the customer only through the response it came from.
    theirs = Q(customer=customer) | Q(response__customer=customer)
    cases = Case.objects.filter(theirs, organization_id=organization)
    # The emails Polku sent them: linked from invitations, notices and case replies, and any
    # other mail of this organization to their address.
    linked = (
        list(invitations.values_list("email_id", flat=True))
        + list(invitations.values_list("reminder_email_id", flat=True))
        + list(notices.values_list("email_id", flat=True))
        + list(
            CaseEntry.objects.filter(case__in=cases, email__isnull=False).values_list(
                "email_id", flat=True
            )
        )
    )
    to_them = Q(pk__in=[pk for pk in linked if pk])
    if customer.email:
        to_them |= Q(to__icontains=customer.email)
    return Held(
        customer=customer,
        responses=Response.objects.filter(organization_id=organization, customer=customer),
        cases=cases,
        testimonials=Testimonial.objects.filter(theirs, organization_id=organization),
        invitations=invitations,
        notices=notices,
        emails=OutboxEmail.objects.filter(to_them, organization_id=organization),
    )


def _response(response: Response, language: str) -> dict:
    questions = {q["key"]: q for q in response.version.questions}
    answers = []
    for answer in response.answers.all():
        question = questions.get(answer.question_key, {})
        answers.append(
            {
                "question": localized(question.get("text", {}), language) or answer.question_key,
                "kind": answer.kind,
                "number": answer.number,
                "number2": answer.number2,
                "text": answer.text,
                "choices": answer.choices,
            }
        )
    return {
        "survey": response.survey.name,
        "answered_at": response.created_at,
        "language": response.language,
        "touchpoint": response.touchpoint.name if response.touchpoint else None,
        "channel": response.channel.name if response.channel else None,
        "employee": response.employee.user.display_name if response.employee else None,
        "answers": answers,
    }


def export(customer: Customer) -> dict:
    """The customer's data as plain values (times as datetimes: DjangoJSONEncoder writes them
    out), question texts in the language of the request."""
    language = get_language() or "fi"
    held = held_about(customer)
    return {
        "exported_at": timezone.now(),
        "organization": customer.organization.name,
        "customer": {
            "number": customer.pk,
            "kind": customer.kind,
            "name": customer.name,
            "contact_person": customer.contact_person,
            "email": customer.email,
            "phone": customer.phone,
            "language": customer.language,
            "tags": customer.tags,
            "persona": customer.persona.name if customer.persona else None,
            "created_at": customer.created_at,
        },
        "ids_in_other_systems": [
            {"source": x.source, "id": x.value} for x in customer.external_ids.all()
        ],
        "consents": [
            {
                "purpose": c.purpose,
                "granted": c.granted,
                "at": c.given_at,
                "source": c.source,
                "wording": c.wording,
            }
            for c in customer.consents.all()
        ],
        "segments": [
            m.segment.name for m in customer.segment_memberships.select_related("segment")
        ],
        "events": [
            {
                "kind": e.kind,
                "at": e.occurred_at,
                "touchpoint": e.touchpoint.name if e.touchpoint else None,
                "order": e.order_reference,
                "amount": e.amount,
                "currency": e.currency,
                "delivery_method": e.delivery_method,
                "delivery_place": e.delivery_place,
                "promised_at": e.promised_at,
                "topic": e.topic,
                "source": e.source,
                "as_received": e.payload,
            }
            for e in customer.events.select_related("touchpoint").order_by("occurred_at", "pk")
        ],
        "invitations": [
            {
                "survey": i.survey.name,
                "created_at": i.created_at,
                "state": i.state,
                "sent_at": i.sent_at,
                "answered": i.response_id is not None,
                "unsubscribed_at": i.unsubscribed_at,
            }
            for i in held.invitations.select_related("survey").order_by("created_at", "pk")
        ],
        "delivery_notices": [
            {"order": n.order_reference, "reason": n.reason, "at": n.created_at}
            for n in held.notices.order_by("created_at", "pk")
        ],
        "responses": [
            _response(r, language)
            for r in held.responses.select_related(
                "survey", "version", "touchpoint", "channel", "employee__user"
            )
            .prefetch_related("answers")
            .order_by("created_at", "pk")
        ],
        "cases": [
            {
                "number": c.pk,
                "kind": c.kind,
                "status": c.status,
                "opened_at": c.created_at,
                "summary": c.summary,
                "resolution": c.resolution,
                "timeline": [
                    {"kind": entry.kind, "at": entry.at, "text": entry.text}
                    | ({"status": entry.status} if entry.status else {})
                    # Internal notes too: what the staff wrote about them is theirs to see.
                    for entry in c.entries.all()
                ],
            }
            for c in held.cases.prefetch_related("entries").order_by("created_at", "pk")
        ],
        "testimonials": [
            {
                "quote": t.quote,
                "author_name": t.author_name,
                "consent_text": t.consent_text,
                "consented_at": t.consented_at,
                "withdrawn_at": t.withdrawn_at,
            }
            for t in held.testimonials.order_by("consented_at", "pk")
        ],
        "emails_sent": [
            {
                "to": m.to,
                "subject": m.subject,
                "text": m.body_text,
                "status": m.status,
                "at": m.sent_at or m.created_at,
            }
            for m in held.emails.order_by("created_at", "pk")
        ],
    }
