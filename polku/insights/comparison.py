"""This period against the one before: the periods, each figure's change, the touchpoints
ranked by how they do, and a year's weekly trend. Shared by the pages and the digest."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Q
from django.utils import formats

from polku.automation.models import Invitation
from polku.cases.models import Case
from polku.journeys.models import Touchpoint

from .metrics import (
    HEADLINE_COUNTERS,
    TREND_COUNTERS,
    Figure,
    Figures,
    normalized,
    rollups_of,
    share_figure,
    sliced,
)

KINDS = ("nps", "csat", "ces", "rating", "gap")
PERIODS = (30, 90, 365)  # the lengths a page offers, in days
OPEN = ~Q(status__in=[Case.Status.RESOLVED, Case.Status.CLOSED])


@dataclass(frozen=True)
class Period:
    start: date
    end: date  # the day after the last

    @property
    def last_day(self) -> date:
        return self.end - timedelta(days=1)


def periods(days: int, today: date) -> tuple[Period, Period]:
    """The last `days` days up to today, and the same number of days before them."""
    current = Period(today - timedelta(days=days - 1), today + timedelta(days=1))
    return current, Period(current.start - timedelta(days=days), current.start)


def days_asked(request, default: int) -> int:
    """The period length in `?days=`, if it is one of PERIODS, else `default`."""
    value = request.GET.get("days", "")
    return int(value) if value.isdigit() and int(value) in PERIODS else default


def difference(now: Figure, before: Figure) -> float | None:
    if now.shown is None or before.shown is None:
        return None
    return now.value - before.value


def cards(now: Figures, before: Figures) -> list[tuple[str, Figure, float | None]]:
    """(kind, figure, change from before) for each headline figure."""
    return [
        (kind, getattr(now, kind), difference(getattr(now, kind), getattr(before, kind)))
        for kind in KINDS
    ]


def response_rate(organization, period: Period, segment=None) -> Figure:
    """Answered of the invitations sent in the period (to the segment's members)."""
    sent = Invitation.objects.filter(
        organization=organization, sent_at__date__gte=period.start, sent_at__date__lt=period.end
    )
    if segment is not None:
        sent = sent.filter(customer__segment_memberships__segment=segment)
    return share_figure(
        sent.filter(response__isnull=False).count(), sent.count(), organization.min_answers
    )


@dataclass(frozen=True)
class TouchpointRow:
    touchpoint: Touchpoint
    kind: str
    now: Figure
    before: Figure

    @property
    def change(self) -> float | None:
        return difference(self.now, self.before)

    @property
    def score(self) -> float:
        return normalized(self.kind, self.now.value)

    @property
    def improvement(self) -> float:
        return normalized(self.kind, self.now.value) - normalized(self.kind, self.before.value)


def touchpoint_rows(
    organization, current: Period, previous: Period, **scope
) -> list[TouchpointRow]:
    min_count = organization.min_answers
    now = dict(
        sliced(
            rollups_of(organization, current.start, current.end, **scope),
            "touchpoint",
            min_count,
            counters=HEADLINE_COUNTERS,
        )
    )
    before = dict(
        sliced(
            rollups_of(organization, previous.start, previous.end, **scope),
            "touchpoint",
            min_count,
            counters=HEADLINE_COUNTERS,
        )
    )
    names = Touchpoint.objects.in_bulk([pk for pk in now if pk])
    rows = []
    for pk, figures in now.items():
        headline = figures.satisfaction
        if pk is None or headline is None or not headline[1].enough:
            continue
        kind, figure = headline
        earlier = getattr(before.get(pk, Figures({}, min_count)), kind)
        rows.append(TouchpointRow(names[pk], kind, figure, earlier))
    return rows


def rounded(value: float | None) -> float | None:
    return None if value is None else round(value, 1)


def year_of_weeks(organization, today: date, **scope) -> list[tuple[date, Figures]]:
    rows = rollups_of(organization, today - timedelta(days=364), today + timedelta(days=1), **scope)
    return sliced(rows, "week", organization.min_answers, counters=TREND_COUNTERS)


def trend(organization, today: date, **scope) -> tuple[dict, list[tuple]]:
    """NPS and CSAT per week over the last year: the chart's data, and the same as table rows
    (week, NPS, CSAT)."""
    weeks = year_of_weeks(organization, today, **scope)
    labels = [formats.date_format(week, "SHORT_DATE_FORMAT") for week, _f in weeks]
    nps = [rounded(f.nps.shown) for _w, f in weeks]
    csat = [rounded(f.csat.shown) for _w, f in weeks]
    chart = {
        "labels": labels,
        "series": [{"label": "NPS", "data": nps}, {"label": "CSAT %", "data": csat}],
    }
    return chart, list(zip(labels, nps, csat, strict=True))
