"""The figures: NPS, CSAT, CES, star ratings and the expectation gap, each with its count
and a 95 % confidence interval, summed from the rollups and sliced any way a page needs.

Plain functions over counters, so the arithmetic is tested without a database.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, timedelta

from django.db import connections
from django.db.models import F, QuerySet

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

# What the trend charts read (NPS and CSAT), and what headline figures read: everything but
# the per-score counts of the distributions.
TREND_COUNTERS = [
    "responses",
    "nps_count",
    "nps_promoters",
    "nps_detractors",
    "csat_count",
    "csat_satisfied",
]
DISTRIBUTION_COUNTERS = {f"nps_{n}" for n in range(11)} | {f"csat_{n}" for n in range(1, 6)}
HEADLINE_COUNTERS = [c for c in COUNTERS if c not in DISTRIBUTION_COUNTERS]

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


def summed(rows: QuerySet, keys: list[str], counters: list[str]) -> list[tuple]:
    """SUM of each counter of `rows`, grouped by the `keys` (fields, or lookups such as
    touchpoint__stage): [(key values…, sums…)].

    The SQL is written around the queryset's own (its filters and joins) rather than as
    Django aggregates: building and converting 48 SUM expressions costs more than the query
    itself on a year of days, on every page."""
    inner = rows.order_by().values(*counters, **{f"key{i}": F(key) for i, key in enumerate(keys)})
    sql, params = inner.query.sql_with_params()
    key_names = [f"key{i}" for i in range(len(keys))]
    select = ", ".join([*key_names, *(f"SUM({c})" for c in counters)])
    group = f" GROUP BY {', '.join(key_names)}" if keys else ""
    with connections[rows.db].cursor() as cursor:
        cursor.execute(f"SELECT {select} FROM ({sql}) AS summed{group}", params)  # noqa: S608 - names are ours
        return cursor.fetchall()


def figures_of(
    rows: QuerySet[ResponseRollup], min_count: int, counters: list[str] = COUNTERS
) -> Figures:
    (sums,) = summed(rows, [], counters)
    return Figures(dict(zip(counters, sums, strict=True)), min_count)


def period_start(period: str, day: date) -> date:
    """The first day of the week (Monday), month or quarter that `day` is in."""
    if period == "week":
        return day - timedelta(days=day.weekday())
    if period == "month":
        return day.replace(day=1)
    return day.replace(month=3 * ((day.month - 1) // 3) + 1, day=1)


def _day(value) -> date:
    # SQLite hands a grouped day back as text; PostgreSQL as a date.
    return value if isinstance(value, date) else date.fromisoformat(value)


def sliced(
    rows: QuerySet[ResponseRollup],
    by: str,
    min_count: int,
    then: str | None = None,
    counters: list[str] = COUNTERS,
):
    """[(key, Figures)] per value of `by` (and of `then`, for combinations of two): keys are
    ids, days or period starts, in order. Reads only the rollup rows, and only `counters`
    of them (the figures a page shows).

    Weeks, months and quarters are summed here from the days the database groups by: a
    date function per row would cost more than the sums (SQLite runs it in Python)."""
    dimensions = [d for d in (by, then) if d is not None]
    names = list(dict.fromkeys("day" if d in PERIODS else DIMENSIONS[d] for d in dimensions))
    fetched = summed(rows, names, counters)
    where = {name: index for index, name in enumerate(names)}
    width = len(names)
    totals: dict[tuple, list] = {}
    for row in fetched:
        key = tuple(
            period_start(d, _day(row[where["day"]]))
            if d in PERIODS
            else (_day(row[where["day"]]) if d == "day" else row[where[DIMENSIONS[d]]])
            for d in dimensions
        )
        sums = row[width:]
        if key in totals:
            total = totals[key]
            for i, value in enumerate(sums):
                total[i] += value or 0
        else:
            totals[key] = [value or 0 for value in sums]
    return [
        (key if then else key[0], Figures(dict(zip(counters, sums, strict=True)), min_count))
        for key, sums in sorted(totals.items(), key=lambda item: _order(item[0]))
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
