"""A living demo inbox: old cases answered and resolved, this week's in progress or waiting,
today's new, a few overdue, a complaint that came by phone, a customer's answer."""

from __future__ import annotations

import random
from datetime import timedelta

from django.utils import timezone

from polku.accounts.models import Membership, Organization, Role
from polku.cases.actions import assign, change_status, open_case, resolve
from polku.cases.models import Case, CaseEntry
from polku.cases.replies import can_reply, draft, send_reply
from polku.journeys.models import Touchpoint
from polku.outbox.models import OutboxEmail
from polku.outbox.sending import send_due_emails

RESOLUTIONS = {
    "fi": [
        "Kävimme palautteen läpi aamupalaverissa ja sovimme, että ruuhka-aikaan kassalla on kaksi.",
        "Pahoittelimme asiakkaalle ja korjasimme tuotesivun ainesosaluettelon.",
        "Lisäsimme noutopisteen aukioloajat tilausvahvistukseen.",
        "Kiitimme palautteesta; välitetty koko tiimille.",
        "Hyvitimme toimituskulut ja muistutimme kuljetusyhtiötä.",
    ],
    "en": [
        "Talked it through at the Monday meeting: the workshop now calls when a car is ready.",
        "Apologised and corrected the invoice; one invoice per job from now on.",
        "Thanked the customer; shared with the whole team.",
    ],
}
NOT_TOLD = {"fi": "Palaute oli nimetön.", "en": "The feedback was anonymous."}
PHONE_COMPLAINT = {
    "fi": "Asiakas soitti: tilattu voide oli vaihtunut toiseen sävyyn, eikä vaihto onnistunut "
    "noutopisteessä.",
    "en": "The customer rang: the courtesy car was not ready at the agreed time.",
}


def load_demo_cases(organization: Organization) -> None:
    rng = random.Random(f"polku-demo-cases-{organization.slug}")  # noqa: S311 - made-up data
    language = organization.language
    workers = list(
        Membership.objects.filter(organization=organization)
        .exclude(role=Role.VIEWER)
        .select_related("user")
        .order_by("pk")
    )
    now = timezone.now()
    for case in Case.objects.filter(organization=organization).select_related("customer"):
        age = now - case.created_at
        who = rng.choice(workers)
        if age < timedelta(days=2) and not can_reply(case):
            continue  # today's and yesterday's: new, waiting for someone to take them
        assign([case], who, who)
        if can_reply(case):
            subject, text = draft(case, who)
            send_reply(case, who, subject, text.replace("\n\n\n\n", "\n\nKiitos!\n\n"))
        if age < timedelta(days=7):
            if rng.random() < 0.4:
                change_status(case, who, Case.Status.WAITING)
        else:
            resolution = rng.choice(RESOLUTIONS[language])
            if can_reply(case) and case.priority == Case.Priority.HIGH:
                subject, text = draft(case, who, "fix_told")
                resolve(
                    case,
                    who,
                    resolution,
                    tell_subject=subject,
                    tell_text=text.replace("\n\n\n\n", f"\n\n{resolution}\n\n"),
                )
            else:
                resolve(case, who, resolution, not_told_because=NOT_TOLD[language])
            if rng.random() < 0.5:
                change_status(case, who, Case.Status.CLOSED)
        _backdate(case, rng, now)
    _phone_complaint(organization, workers[0], now)
    _customer_answers(organization, now)
    # Overdue cases of the past were told about then; the worker tells about new ones.
    Case.objects.filter(organization=organization, due_at__lt=now).update(overdue_notified_at=now)
    send_due_emails("demo")


def _backdate(case: Case, rng: random.Random, now) -> None:
    """Spread the case's timeline after its opening, as if the work happened then."""
    moment = case.created_at
    entries = list(case.entries.order_by("pk"))
    for entry in entries[1:]:
        moment = min(moment + timedelta(hours=rng.uniform(1, 20)), now)
        CaseEntry.objects.filter(pk=entry.pk).update(at=moment)
        if entry.email_id:
            OutboxEmail.objects.filter(pk=entry.email_id).update(created_at=moment, sent_at=moment)
        if entry.kind == CaseEntry.Kind.RESOLVED:
            Case.objects.filter(pk=case.pk).update(resolved_at=moment)


CUSTOMER_ANSWER = {
    "fi": "Kiitos nopeasta vastauksesta! Tulen mielelläni uudestaan.",
    "en": "Thanks for getting back to me so quickly.",
}


def _customer_answers(organization: Organization, now) -> None:
    """A customer who answered our reply by email: their words are in the case."""
    case = (
        Case.objects.filter(organization=organization, entries__kind=CaseEntry.Kind.REPLY)
        .select_related("customer")
        .first()
    )
    if case is None:
        return
    CaseEntry.objects.create(
        case=case,
        kind=CaseEntry.Kind.CUSTOMER_REPLY,
        text=f"{case.customer.name} <{case.customer.email}>\n\n"
        + CUSTOMER_ANSWER[organization.language],
        at=now - timedelta(hours=2),
    )
    Case.objects.filter(pk=case.pk).update(status=Case.Status.IN_PROGRESS)


def _phone_complaint(organization: Organization, author: Membership, now) -> None:
    touchpoint = Touchpoint.objects.filter(organization=organization).order_by("-pk").first()
    open_case(
        organization,
        author,
        kind=Case.Kind.COMPLAINT,
        summary=PHONE_COMPLAINT[organization.language],
        came_by="phone",
        touchpoint=touchpoint,
    )
