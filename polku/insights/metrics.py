"""The figures: NPS, CSAT, CES, star ratings and the expectation gap, each with its count
and a 95 % confidence interval, summed from the rollups and sliced any way a page needs.

Plain functions over counters, so the arithmetic is tested without a database.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import QuerySet, Sum

from polku.journeys.models import PersonaStep
from polku.surveys.models import ResponseRollup

from .models import SegmentRollup
from .rollups import COUNTERS

Z95 = 1.959964


@dataclass(frozen=True)
class Figure:
    """A figure with its count and 95 % interval; `enough` is False below the minimum count,
    and pages then say "too few answers" instead of the value."""

    value: float | None
    count: int
    low: float | None = None
    high: float | None = None
    enough: bool = False

    @property
    def shown(self) -> float | None:
        return self.value if self.enough else None


def _figure(value, count, half_width, min_count, bounds) -> Figure:
    if count == 0:
        return Figure(None, 0)
    low, high = bounds
    return Figure(
        value,
        count,
        max(low, value - half_width),
        min(high, value + half_width),
        enough=count >= min_count,
    )


def nps_figure(promoters: int, detractors: int, count: int, min_count: int) -> Figure:
    """Promoters (9–10) minus detractors (0–6), in points; the interval from the variance of
    the difference of two shares of one sample."""
    if count == 0:
        return Figure(None, 0)
    p, d = promoters / count, detractors / count
    variance = p + d - (p - d) ** 2
    return _figure(
        100 * (p - d), count, 100 * Z95 * math.sqrt(variance / count), min_count, (-100, 100)
    )


def share_figure(part: int, count: int, min_count: int) -> Figure:
    """A share in per cent with Wilson's interval (sound near 0 % and 100 % too)."""
    if count == 0:
        return Figure(None, 0)
    p = part / count
    z2 = Z95 * Z95
    centre = (p + z2 / (2 * count)) / (1 + z2 / count)
    half = Z95 * math.sqrt(p * (1 - p) / count + z2 / (4 * count * count)) / (1 + z2 / count)
    return Figure(
        100 * p,
        count,
        max(0.0, 100 * (centre - half)),
        min(100.0, 100 * (centre + half)),
        enough=count >= min_count,
    )


def mean_figure(total: int, squares: int, count: int, min_count: int, bounds) -> Figure:
    """A mean with the normal interval from the sample variance."""
    if count == 0:
        return Figure(None, 0)
    mean = total / count
    if count < 2:
        return Figure(mean, count, None, None, enough=count >= min_count)
    variance = max(0.0, (squares - total * total / count) / (count - 1))
    return _figure(mean, count, Z95 * math.sqrt(variance / count), min_count, bounds)


@dataclass(frozen=True)
class Figures:
    """The figures of a set of rollup rows (summed counters)."""

    counters: dict
    min_count: int

    def count(self, name: str) -> int:
        """One summed counter (0 when there were no rows)."""
        return self.counters.get(name) or 0

    @property
    def responses(self) -> int:
        return self.count("responses")

    @property
    def comments(self) -> int:
        return self.count("comments")

    @property
    def nps(self) -> Figure:
        return nps_figure(
            self.count("nps_promoters"),
            self.count("nps_detractors"),
            self.count("nps_count"),
            self.min_count,
        )

    @property
    def csat(self) -> Figure:
        return share_figure(self.count("csat_satisfied"), self.count("csat_count"), self.min_count)

    @property
    def ces(self) -> Figure:
        return mean_figure(
            self.count("ces_sum"),
            self.count("ces_sq"),
            self.count("ces_count"),
            self.min_count,
            (1, 7),
        )

    @property
    def rating(self) -> Figure:
        return mean_figure(
            self.count("rating_sum"),
            self.count("rating_sq"),
            self.count("rating_count"),
            self.min_count,
            (1, 10),
        )

    @property
    def gap(self) -> Figure:
        return mean_figure(
            self.count("gap_sum"),
            self.count("gap_sq"),
            self.count("gap_count"),
            self.min_count,
            (-4, 4),
        )

    @property
    def satisfaction(self) -> tuple[str, Figure] | None:
        """The headline of a touchpoint: the first of CSAT, NPS, rating and ease it has."""
        for name in ("csat", "nps", "rating", "ces"):
            figure = getattr(self, name)
            if figure.count:
                return name, figure
        return None

    @property
    def mood(self) -> str:
        """good / fair / poor / unknown, for colouring a card by its headline figure."""
        headline = self.satisfaction
        if headline is None or not headline[1].enough:
            return "unknown"
        name, figure = headline
        good, poor = MOOD_LIMITS[name]
        if figure.value >= good:
            return "good"
        return "poor" if figure.value < poor else "fair"


# (good from, poor below) per headline figure.
MOOD_LIMITS = {"csat": (80, 60), "nps": (30, 0), "rating": (4.2, 3.5), "ces": (5.5, 4.5)}

SUMS = {name: Sum(name) for name in COUNTERS}

PERIODS = ("week", "month", "quarter")
# What a page may slice by: a rollup field, or a period of its day.
DIMENSIONS = {
    "survey": "survey",
    "touchpoint": "touchpoint",
    "stage": "touchpoint__stage",
    "channel": "channel",
    "employee": "employee",
    "segment": "segment",  # of SegmentRollup rows only
    "day": "day",
}


def rollups_of(
    organization,
    start: date | None = None,
    end: date | None = None,
    persona=None,
    segment=None,
    every_segment: bool = False,
    **filters,
) -> QuerySet[ResponseRollup] | QuerySet[SegmentRollup]:
    """The organization's rollup rows from `start` up to (not including) `end`: of every
    answer, of the answers of one segment's members, or (`every_segment`) of each segment's
    members, to slice by segment."""
    if every_segment:
        rows = SegmentRollup.objects.filter(organization=organization, **filters)
    elif segment is not None:
        rows = SegmentRollup.objects.filter(organization=organization, segment=segment, **filters)
    else:
        rows = ResponseRollup.objects.filter(organization=organization, **filters)
    if start is not None:
        rows = rows.filter(day__gte=start)
    if end is not None:
        rows = rows.filter(day__lt=end)
    if persona is not None:
        touchpoints = PersonaStep.objects.filter(persona=persona).values("touchpoint_id")
        rows = rows.filter(touchpoint_id__in=touchpoints)
    return rows


def figures_of(rows: QuerySet[ResponseRollup], min_count: int) -> Figures:
    return Figures(rows.aggregate(**SUMS), min_count)


def period_start(period: str, day: date) -> date:
    """The first day of the week (Monday), month or quarter that `day` is in."""
    if period == "week":
        return day - timedelta(days=day.weekday())
    if period == "month":
        return day.replace(day=1)
    return day.replace(month=3 * ((day.month - 1) // 3) + 1, day=1)


def sliced(rows: QuerySet[ResponseRollup], by: str, min_count: int, then: str | None = None):
    """[(key, Figures)] per value of `by` (and of `then`, for combinations of two): keys are
    ids, days or period starts, in order. Reads only the rollup rows.

    Weeks, months and quarters are summed here from the days the database groups by: a
    date function per row would cost more than the sums (SQLite runs it in Python)."""
    dimensions = [d for d in (by, then) if d is not None]
    names = ["day" if d in PERIODS else DIMENSIONS[d] for d in dimensions]
    grouped = rows.values(*dict.fromkeys(names)).annotate(**SUMS).order_by()
    totals: dict[tuple, dict] = {}
    for row in grouped:
        key = tuple(
            period_start(d, row["day"]) if d in PERIODS else row[DIMENSIONS[d]] for d in dimensions
        )
        if key in totals:
            for c in COUNTERS:
                totals[key][c] += row[c] or 0
        else:
            totals[key] = {c: row[c] or 0 for c in COUNTERS}
    return [
        (key if then else key[0], Figures(counters, min_count))
        for key, counters in sorted(totals.items(), key=lambda item: _order(item[0]))
    ]


def _order(key: tuple) -> tuple:
    # None (no touchpoint, say) sorts first; dates and ids among their kind.
    return tuple((value is not None, value if value is not None else 0) for value in key)


def normalized(kind: str, value: float) -> float:
    """A headline figure on a 0–100 scale, so touchpoints measured differently compare."""
    if kind == "nps":
        return (value + 100) / 2
    if kind == "rating":
        return (value - 1) / 4 * 100
    if kind == "ces":
        return (value - 1) / 6 * 100
    return value  # CSAT is a share already
