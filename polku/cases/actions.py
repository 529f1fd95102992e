"""Opening cases from feedback or by hand, and everything done to a case, each step written
into its timeline."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from polku.accounts.models import Membership, Organization
from polku.lib.fast_insert import insert_objects
from polku.surveys.kinds import TEXT_KINDS
from polku.surveys.models import Response
from polku.webhooks import events as webhook_events

from .due import due_time
from .models import Case, CaseEntry
from .replies import can_reply, send_reply

Kind, Priority, Status = Case.Kind, Case.Priority, Case.Status


def is_low_score(response: Response, organization: Organization) -> bool:
    return (
        (response.nps is not None and response.nps <= organization.detractor_nps_max)
        or (response.csat is not None and response.csat <= organization.low_csat_max)
        or (response.ces is not None and response.ces <= organization.low_ces_max)
    )


def _is_praise(response: Response) -> bool:
    return (response.nps is not None and response.nps >= 9) or (
        response.csat is not None and response.csat >= 4
    )


def case_for_response(
    response: Response, organization: Organization, comments: list[str]
) -> Case | None:
    """The case a response with a comment or a low score opens, not stored yet: made
    before the storing transaction, to keep that short; `store_case_for_response` stores it."""
    low = is_low_score(response, organization)
    if not comments and not low:
        return None
    if low:
        kind, priority = Kind.FEEDBACK, Priority.HIGH
    elif _is_praise(response):
        kind, priority = Kind.PRAISE, Priority.LOW
    else:
        kind, priority = Kind.FEEDBACK, Priority.NORMAL
    scores = ", ".join(
        f"{label} {value}"
        for label, value in (("NPS", response.nps), ("CSAT", response.csat), ("CES", response.ces))
        if value is not None
    )
    return Case(
        organization=organization,
        customer_id=response.customer_id,
        touchpoint_id=response.touchpoint_id,
        channel_id=response.channel_id,
        employee_id=response.employee_id,
        kind=kind,
        priority=priority,
        summary="\n\n".join(comments) or scores,
        due_at=due_time(response.created_at, organization, urgent=priority == Priority.HIGH),
        created_at=response.created_at,
    )


def store_case_for_response(case: Case, response: Response) -> None:
    """Store a case from `case_for_response` with its first timeline entry, in the
    transaction that stores the response (after it: the case points at it)."""
    case.response = response
    insert_objects([case])
    webhook_events.case_created(case)
    insert_objects([CaseEntry(case=case, kind=CaseEntry.Kind.CREATED, at=case.created_at)])


def comments_of(questions: list[dict], answers: dict) -> list[str]:
    kinds = {q["key"]: q["kind"] for q in questions}
    return [
        parsed.text.strip()
        for key, parsed in answers.items()
        if kinds.get(key) in TEXT_KINDS and parsed.text and parsed.text.strip()
    ]


@transaction.atomic
def open_case(
    organization: Organization,
    author: Membership,
    *,
    kind: str,
    summary: str,
    came_by: str,
    customer=None,
    touchpoint=None,
    employee: Membership | None = None,
) -> Case:
    """A case opened by hand: a complaint by phone, in the store, by email or on social media."""
    now = timezone.now()
    urgent = kind == Kind.COMPLAINT
    case = Case.objects.create(
        organization=organization,
        customer=customer,
        touchpoint=touchpoint,
        came_by=came_by,
        employee=employee,
        kind=kind,
        priority=Priority.HIGH if urgent else Priority.NORMAL,
        summary=summary,
        due_at=due_time(now, organization, urgent=urgent),
        assignee=author,
        status=Status.IN_PROGRESS,
        created_at=now,
    )
    CaseEntry.objects.create(case=case, kind=CaseEntry.Kind.CREATED, author=author, at=now)
    webhook_events.case_created(case)
    return case


def add_note(case: Case, author: Membership, text: str) -> CaseEntry:
    return CaseEntry.objects.create(case=case, kind=CaseEntry.Kind.NOTE, author=author, text=text)


@transaction.atomic
def change_status(case: Case, author: Membership, status: str, resolution: str = "") -> None:
    """Move a case along; resolving needs a resolution note, and reopening clears it."""
    if status == case.status:
        return
    if status == Status.CLOSED and case.status != Status.RESOLVED:
        raise ValidationError(_("Only a resolved case can be closed."))
    resolution = resolution.strip()
    if status == Status.RESOLVED:
        if not resolution:
            raise ValidationError(_("Write how the case was resolved before resolving it."))
        case.resolution, case.resolved_at = resolution, timezone.now()
        entry = {"kind": CaseEntry.Kind.RESOLVED, "text": resolution}
    else:
        if status != Status.CLOSED:
            case.resolved_at = None
        entry = {"kind": CaseEntry.Kind.STATUS, "status": status}
    case.status = status
    case.save(update_fields=["status", "resolution", "resolved_at"])
    CaseEntry.objects.create(case=case, author=author, **entry)


@transaction.atomic
def assign(cases: list[Case], author: Membership, assignee: Membership | None) -> int:
    changed = [case for case in cases if case.assignee_id != (assignee.pk if assignee else None)]
    # Nobody is left empty: the timeline says "nobody" in its reader's language.
    name = (assignee.user.display_name or assignee.user.email) if assignee else ""
    for case in changed:
        case.assignee = assignee
        if assignee and case.status == Status.NEW:
            case.status = Status.IN_PROGRESS
        case.save(update_fields=["assignee", "status"])
        CaseEntry.objects.create(case=case, kind=CaseEntry.Kind.ASSIGNED, author=author, text=name)
    return len(changed)


@transaction.atomic
def add_tags(cases: list[Case], author: Membership, tags: list[str]) -> int:
    changed = 0
    for case in cases:
        merged = sorted(set(case.tags) | set(tags))
        if merged != case.tags:
            case.tags = merged
            case.save(update_fields=["tags"])
            CaseEntry.objects.create(
                case=case, kind=CaseEntry.Kind.TAGGED, author=author, text=", ".join(merged)
            )
            changed += 1
    return changed


def must_tell_how_fixed(case: Case) -> bool:
    """Complaints and detractors hear back what was done about them."""
    return case.kind == Kind.COMPLAINT or case.priority == Priority.HIGH


@transaction.atomic
def resolve(
    case: Case,
    author: Membership,
    resolution: str,
    *,
    tell_subject: str = "",
    tell_text: str = "",
    not_told_because: str = "",
) -> None:
    """Resolve; for complaints and detractors, tell the customer how, or record why not."""
    if must_tell_how_fixed(case):
        tell_text, not_told_because = tell_text.strip(), not_told_because.strip()
        if tell_text and not can_reply(case):
            raise ValidationError(_("This customer has no email address: write why not."))
        if not tell_text and not not_told_because:
            raise ValidationError(
                _("Tell the customer how it was fixed, or write why they are not told.")
            )
    change_status(case, author, Status.RESOLVED, resolution)
    if must_tell_how_fixed(case):
        if tell_text:
            send_reply(case, author, tell_subject.strip(), tell_text, CaseEntry.Kind.TOLD)
        else:
            CaseEntry.objects.create(
                case=case, kind=CaseEntry.Kind.NOT_TOLD, author=author, text=not_told_because
            )
