"""Before and after: a touchpoint's figures in the days before an improvement was done and as
many days after, so the team decides from results whether it worked."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import datetime, timedelta

from django.db.models import Avg, Count, F
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from polku.cases.models import Case
from polku.surveys.figures import figures_of
from polku.surveys.kinds import Kind
from polku.surveys.models import Answer, Response

from .models import Improvement


@dataclass(frozen=True)
class Period:
    start: datetime
    end: datetime
    responses: int
    nps: float | None
    nps_count: int
    csat: float | None
    csat_count: int
    ces: float | None
    ces_count: int
    gap: float | None  # experience minus expectation, mean over the answered pairs
    gap_count: int
    cases: int  # cases opened, praise left out

    def as_json(self) -> dict:
        data = asdict(self)
        data["start"] = self.start.isoformat()
        data["end"] = self.end.isoformat()
        return data

    @classmethod
    def from_json(cls, data: dict) -> Period:
        return cls(
            **{**data, "start": parse_datetime(data["start"]), "end": parse_datetime(data["end"])}
        )


def period_figures(improvement: Improvement, start: datetime, end: datetime) -> Period:
    """The improvement's touchpoint (or the whole organization) between start and end."""
    scope = {"organization_id": improvement.organization_id}
    if improvement.touchpoint_id:
        scope["touchpoint_id"] = improvement.touchpoint_id
    responses = Response.objects.filter(created_at__gte=start, created_at__lt=end, **scope)
    figures = figures_of(responses)
    gap = Answer.objects.filter(
        response__in=responses,
        kind=Kind.EXPECTATION,
        number__isnull=False,
        number2__isnull=False,
    ).aggregate(mean=Avg(F("number2") - F("number")), count=Count("pk"))
    return Period(
        start=start,
        end=end,
        responses=figures.responses,
        nps=figures.nps,
        nps_count=figures.nps_count,
        csat=figures.csat,
        csat_count=figures.csat_count,
        ces=figures.ces,
        ces_count=figures.ces_count,
        gap=gap["mean"],
        gap_count=gap["count"],
        # Praise opens a case too, but it is not the volume an improvement means to lower.
        cases=Case.objects.filter(created_at__gte=start, created_at__lt=end, **scope)
        .exclude(kind=Case.Kind.PRAISE)
        .count(),
    )


@dataclass(frozen=True)
class BeforeAfter:
    before: Period
    after: Period
    after_ends: datetime
    complete: bool  # the whole "after" period has passed


def before_after(improvement: Improvement, now: datetime | None = None) -> BeforeAfter | None:
    """None until the improvement is done; the recorded figures once its result is."""
    if improvement.done_at is None:
        return None
    now = now or timezone.now()
    days = timedelta(days=improvement.measure_days)
    done = improvement.done_at
    if improvement.measured_figures:
        before = Period.from_json(improvement.measured_figures["before"])
        after = Period.from_json(improvement.measured_figures["after"])
        return BeforeAfter(before, after, done + days, complete=True)
    after_ends = done + days
    return BeforeAfter(
        before=period_figures(improvement, done - days, done),
        after=period_figures(improvement, done, min(after_ends, now)),
        after_ends=after_ends,
        complete=now >= after_ends,
    )
