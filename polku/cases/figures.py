"""How well feedback is answered: the share answered, the time to the first reply, the share
answered within the promise, and what is overdue now.

A case counts as answered at its first reply to the customer (a reply, or the message
telling how it was fixed); a case with nobody to write to counts as answered when it is
resolved. Figures are computed from the period's cases in Python: a small business has
hundreds of cases a month, not millions, and a median is not portable SQL.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from statistics import median

from django.utils import timezone

from .models import Case, CaseEntry

ANSWERS = (CaseEntry.Kind.REPLY, CaseEntry.Kind.TOLD)
CLOSED = (Case.Status.RESOLVED, Case.Status.CLOSED)


@dataclass
class Figures:
    cases: int
    answered: int
    within_promise: int
    overdue_now: int
    median_first_answer: timedelta | None

    @property
    def share_answered(self) -> float | None:
        return 100 * self.answered / self.cases if self.cases else None

    @property
    def share_within_promise(self) -> float | None:
        return 100 * self.within_promise / self.cases if self.cases else None


def _figures(rows: list[dict], now: datetime) -> Figures:
    waits = [row["answered_at"] - row["created_at"] for row in rows if row["answered_at"]]
    return Figures(
        cases=len(rows),
        answered=len(waits),
        within_promise=sum(
            1 for row in rows if row["answered_at"] and row["answered_at"] <= row["due_at"]
        ),
        overdue_now=sum(1 for row in rows if row["status"] not in CLOSED and row["due_at"] < now),
        median_first_answer=median(waits) if waits else None,
    )


def case_rows(organization, since: datetime, until: datetime) -> list[dict]:
    cases = list(
        Case.objects.filter(
            organization=organization, created_at__gte=since, created_at__lt=until
        ).values(
            "pk",
            "created_at",
            "due_at",
            "status",
            "resolved_at",
            "touchpoint__name",
            "assignee__user__display_name",
            "assignee__user__email",
        )
    )
    first_answer: dict[int, datetime] = {}
    for case_id, at in (
        CaseEntry.objects.filter(case__in=[c["pk"] for c in cases], kind__in=ANSWERS)
        .order_by("at")
        .values_list("case_id", "at")
    ):
        first_answer.setdefault(case_id, at)
    for case in cases:
        case["answered_at"] = first_answer.get(case["pk"]) or case["resolved_at"]
        case["assignee"] = case["assignee__user__display_name"] or case["assignee__user__email"]
    return cases


def figures_for(organization, days: int = 30) -> dict:
    """The organization's figures for the last `days`, overall, per member and touchpoint."""
    now = timezone.now()
    rows = case_rows(organization, now - timedelta(days=days), now)

    def grouped(key: str) -> list[tuple[str, Figures]]:
        names = sorted({row[key] or "" for row in rows})
        return [
            (name, _figures([r for r in rows if (r[key] or "") == name], now)) for name in names
        ]

    return {
        "overall": _figures(rows, now),
        "by_member": grouped("assignee"),
        "by_touchpoint": grouped("touchpoint__name"),
    }
