"""Erasing a customer (GDPR art. 17): the person goes, what they told us stays anonymous.

The customer record, their contact details, consents, ids in other systems and the emails
sent to them are deleted. Their answers and cases stay for the figures and the history of
the work, without the link to them and with their name, email address and phone number
scrubbed from every text they or the staff wrote. Testimonials are withdrawn. The totals
stay equal to a count from scratch: the customer's answers leave their segments' totals, and
the comments are read again without the name so that theme totals follow them.

An erasure is recorded (when, why, by whom, how many rows) without anything erased.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from polku.accounts.models import Membership
from polku.cases.models import CaseEntry
from polku.customers.models import Customer, Event
from polku.insights.models import SegmentMember
from polku.insights.rollups import move_customers
from polku.lib.sqlite_writes import one_writer
from polku.surveys.models import Answer
from polku.text.analysis import Context, analyze_response, theme_totals_moved
from polku.webhooks.models import Delivery

from .models import Access, Erasure
from .personal_data import held_about

# What stands where a name, an address or a number was.
ERASED = "[…]"
# Name parts shorter than this are left alone: "Li" would take "like" too.
SHORTEST_NAME_PART = 3


@dataclass(frozen=True)
class Scrubber:
    """Finds what a text says of one person: their names (inflected too), email address
    and phone number."""

    pattern: re.Pattern | None

    @classmethod
    def of(cls, customer: Customer) -> Scrubber:
        # In this order: the whole address before the name inside it.
        pieces = []
        address = customer.email.strip().lower()
        if address:
            pieces.append(re.escape(address))
        if phone := phone_pattern(customer.phone):
            pieces.append(phone)
        local = address.split("@")[0]
        if len(local) >= 4:
            pieces.append(rf"(?<!\w){re.escape(local)}(?!\w)")
        pieces += [
            name_pattern(part) for part in name_parts(customer.name, customer.contact_person)
        ]
        if not pieces:
            return cls(None)
        return cls(re.compile("|".join(pieces), re.IGNORECASE))

    def __call__(self, text: str) -> str:
        if not text or self.pattern is None:
            return text
        return self.pattern.sub(ERASED, text)


def name_parts(*names: str) -> list[str]:
    parts = set()
    for name in names:
        for part in re.findall(r"\w[\w'-]*", name or ""):
            if len(part) >= SHORTEST_NAME_PART and not part.isdigit():
                parts.add(part.lower())
    return sorted(parts)


def name_pattern(part: str) -> str:
    """A name with any Finnish case ending: Maija, Maijalle; Virtanen, Virtasen."""
    stems = [re.escape(part)]
    if part.endswith("nen") and len(part) > 5:
        stems.append(re.escape(part[:-3] + "s"))  # Virtanen → Virtas-en, Virtas-ta
    endings = r"\w*" if len(part) > SHORTEST_NAME_PART else ""
    return rf"(?<!\w)(?:{'|'.join(stems)}){endings}(?!\w)"


def phone_pattern(phone: str) -> str | None:
    """The number as written in any usual way: +358 40 123 4567, 040-1234567, 0401234567."""
    digits = re.sub(r"\D", "", phone or "")
    if len(digits) < 6:
        return None
    national = {digits}
    if digits.startswith("358"):
        national.add("0" + digits[3:])
    elif digits.startswith("0"):
        national.add("358" + digits[1:])
    between = r"[\s().-]*"
    forms = [r"\+?" + between.join(d) for d in sorted(national)]
    return rf"(?<!\d)(?:{'|'.join(forms)})(?!\d)"


def erase(
    customer: Customer, reason: str, by: Membership | None = None, by_name: str = ""
) -> Erasure | None:
    """Erase one customer; None when someone else erased them a moment ago."""
    with one_writer(), transaction.atomic():
        customer = Customer.objects.select_for_update().filter(pk=customer.pk).first()
        if customer is None:
            return None
        scrub = Scrubber.of(customer)
        held = held_about(customer)
        # Read now: some are found through the responses, which are unlinked below.
        responses, cases = list(held.responses), list(held.cases)
        testimonials = list(held.testimonials)
        now = timezone.now()
        counts = {
            "consents": customer.consents.count(),
            "ids_in_other_systems": customer.external_ids.count(),
            "events": customer.events.count(),
            "invitations": held.invitations.count(),
            "delivery_notices": held.notices.count(),
            "emails": held.emails.count(),
        }

        # Out of their segments' totals while the answers still name them.
        for segment_id in SegmentMember.objects.filter(customer=customer).values_list(
            "segment_id", flat=True
        ):
            move_customers(segment_id, [customer.pk], joined=False)
        counts["responses"] = len(responses)
        with theme_totals_moved(*responses):
            for answer in Answer.objects.filter(response__in=responses).exclude(text=""):
                _scrub_field(answer, "text", scrub)
            context = Context()
            for response in responses:
                if response.comments_analyzed:
                    analyze_response(response, context)  # the lemmas held the name too
        held.responses.update(customer=None)

        counts["cases"] = len(cases)
        for case in cases:
            case.summary, case.resolution = scrub(case.summary), scrub(case.resolution)
            case.customer = None
            case.save(update_fields=["summary", "resolution", "customer"])
        for entry in CaseEntry.objects.filter(case__in=cases).exclude(text=""):
            _scrub_field(entry, "text", scrub)

        counts["testimonials"] = len(testimonials)
        for testimonial in testimonials:
            testimonial.quote = scrub(testimonial.quote)
            testimonial.author_name = ""
            testimonial.customer = None
            if testimonial.withdrawn_at is None:
                testimonial.withdrawn_at, testimonial.withdrawn_by = now, by
            testimonial.save()

        # Orders stay in the figures; what the webshop sent about the person does not.
        theirs = Event.objects.filter(customer=customer)
        for event in theirs.exclude(topic=""):
            _scrub_field(event, "topic", scrub)
        theirs.update(customer=None, payload={}, delivery_place="")
        held.invitations.update(customer=None)
        held.notices.update(customer=None)
        held.emails.delete()  # queued ones too: nothing more goes to them
        # Webhook messages that carried their answers or cases (polku.webhooks).
        counts["webhook_messages"] = Delivery.objects.filter(
            subscription__organization_id=customer.organization_id,
            payload__data__customer_id=customer.pk,
        ).delete()[0]

        number = customer.pk
        customer.delete()  # consents, ids and segment memberships with it
        who = by_name or (by.user.display_name if by else "")
        if by is not None:
            Access.objects.create(
                organization_id=customer.organization_id,
                customer_number=number,
                member=by,
                member_name=who,
                action=Access.Action.ERASED,
                at=now,
            )
        return Erasure.objects.create(
            organization_id=customer.organization_id,
            customer_number=number,
            reason=reason,
            by=by,
            by_name=who,
            at=now,
            counts=counts,
        )


def _scrub_field(row, field: str, scrub: Scrubber) -> None:
    text = getattr(row, field)
    cleaned = scrub(text)
    if cleaned != text:
        setattr(row, field, cleaned)
        row.save(update_fields=[field])
