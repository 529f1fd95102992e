"""Everything done to an improvement, each step written into its timeline."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import formats, timezone
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from polku.accounts.models import Membership, Organization
from polku.cases.models import Case

from .measure import before_after
from .models import AuditResult, Improvement, ImprovementEntry

Status = Improvement.Status


def _log(
    improvement: Improvement, kind: str, author: Membership | None, text: str = "", **values
) -> None:
    ImprovementEntry.objects.create(
        improvement=improvement, kind=kind, author=author, text=text, **values
    )


@transaction.atomic
def create_improvement(
    organization: Organization, author: Membership | None, **fields
) -> Improvement:
    cases = fields.pop("cases", [])
    improvement = Improvement.objects.create(organization=organization, **fields)
    if improvement.status in (Status.DONE, Status.MEASURED):
        improvement.done_at = improvement.created_at
        improvement.save(update_fields=["done_at"])
    if cases:
        improvement.cases.set(cases)
    _log(improvement, ImprovementEntry.Kind.CREATED, author)
    return improvement


def _title_of(text: str) -> str:
    first_line = text.strip().splitlines()[0] if text.strip() else ""
    return Truncator(first_line).chars(120)


@transaction.atomic
def improvement_from_case(case: Case, author: Membership) -> tuple[Improvement, bool]:
    """The case's improvement: the one already made from it, else a new idea; (item, created)."""
    existing = case.improvements.order_by("pk").first()
    if existing is not None:
        return existing, False
    improvement = create_improvement(
        case.organization,
        author,
        title=_title_of(case.summary) or _("From case %(number)d") % {"number": case.pk},
        description=case.summary,
        touchpoint=case.touchpoint,
        source=Improvement.Source.CASE,
        impact=4 if case.priority == Case.Priority.HIGH else 3,
        effort=2,
        cases=[case],
    )
    return improvement, True


@transaction.atomic
def improvement_from_finding(result: AuditResult, author: Membership) -> tuple[Improvement, bool]:
    """A failed audit item as an improvement, once; (item, created)."""
    existing = Improvement.objects.filter(finding=result).order_by("pk").first()
    if existing is not None:
        return existing, False
    if not result.failed:
        raise ValidationError(_("Only a failed item becomes an improvement."))
    description = result.note or ""
    audit = result.audit
    origin = _("Found in the audit “%(audit)s” on %(date)s, at “%(section)s”.") % {
        "audit": audit.name,
        "date": formats.date_format(timezone.localtime(audit.started_at), "SHORT_DATE_FORMAT"),
        "section": result.section_title,
    }
    improvement = create_improvement(
        result.organization,
        author,
        title=Truncator(result.text).chars(200),
        description=f"{description}\n\n{origin}".strip(),
        touchpoint=result.touchpoint,
        source=Improvement.Source.AUDIT,
        finding=result,
        # What an auditor finds is mostly a small fix near the customer: a quick win until
        # the team says otherwise.
        impact=3,
        effort=2,
    )
    return improvement, True


def update_improvement(improvement: Improvement, author: Membership, changed: list[str]) -> None:
    """Save a form's changes (the form has set them), logging a status change."""
    with transaction.atomic():
        if "status" in changed:
            old = Improvement.objects.get(pk=improvement.pk).status
            _apply_status(improvement, old, author)
        improvement.save()


def _apply_status(improvement: Improvement, old: str, author: Membership) -> None:
    new = improvement.status
    if new == old:
        return
    if new == Status.MEASURED:
        raise ValidationError(_("Record the result to mark the improvement measured."))
    if new == Status.DONE:
        improvement.done_at = timezone.now()
    else:
        # Back to work: the old before/after no longer says anything.
        improvement.done_at = None
    if old == Status.MEASURED:
        improvement.verdict = ""
        improvement.measured_at = None
        improvement.measured_figures = None
    _log(improvement, ImprovementEntry.Kind.STATUS, author, previous_status=old, status=new)


@transaction.atomic
def add_note(improvement: Improvement, author: Membership, text: str) -> None:
    _log(improvement, ImprovementEntry.Kind.NOTE, author, text)


@transaction.atomic
def link_case(improvement: Improvement, author: Membership, case: Case) -> bool:
    if improvement.cases.filter(pk=case.pk).exists():
        return False
    improvement.cases.add(case)
    _log(improvement, ImprovementEntry.Kind.LINKED, author, f"#{case.pk}")
    return True


@transaction.atomic
def record_result(improvement: Improvement, author: Membership, verdict: str, note: str) -> None:
    """Keep the before/after figures with the team's verdict; the item becomes measured."""
    if improvement.status != Status.DONE:
        raise ValidationError(_("Only a done improvement can be measured."))
    comparison = before_after(improvement)
    if comparison is None:
        raise ValidationError(_("Only a done improvement can be measured."))
    if not comparison.complete:
        ends = timezone.localtime(comparison.after_ends)
        raise ValidationError(
            _("The period after the change is not over yet: wait until %(date)s.")
            % {"date": formats.date_format(ends, "SHORT_DATE_FORMAT")}
        )
    improvement.status = Status.MEASURED
    improvement.verdict = verdict
    improvement.measured_at = timezone.now()
    improvement.measured_figures = {
        "before": comparison.before.as_json(),
        "after": comparison.after.as_json(),
    }
    improvement.save()
    _log(improvement, ImprovementEntry.Kind.MEASURED, author, note.strip(), verdict=verdict)
