"""Key drivers: for each theme, how many comments speak of it, how the answers that carry it
score beside those that do not, and how much it moves the organization's satisfaction —
with 95 % intervals, overall and per touchpoint. Read from the theme totals only
(ThemeRollup), never from the raw comments.

The satisfaction figure is NPS where the answers have it, else CSAT. A theme's effect is
what the figure would gain if the answers carrying the theme scored like the others: its
share of the answers × (figure with − figure without), in the figure's own points.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date

from polku.insights.metrics import Z95, Figure, Figures, period_start, summed
from polku.insights.rollups import COUNTERS, SENTIMENT_COUNTERS
from polku.journeys.models import Touchpoint

from .models import Theme, ThemeRollup

SUMMED = COUNTERS + SENTIMENT_COUNTERS


def _minus(whole: dict, part: dict) -> dict:
    return {name: (whole.get(name) or 0) - (part.get(name) or 0) for name in SUMMED}


def _nps_variance(figures: Figures) -> tuple[float, int]:
    n = figures.count("nps_count")
    if not n:
        return 0.0, 0
    p, d = figures.count("nps_promoters") / n, figures.count("nps_detractors") / n
    return (p + d - (p - d) ** 2) * 10_000, n


def _csat_variance(figures: Figures) -> tuple[float, int]:
    n = figures.count("csat_count")
    if not n:
        return 0.0, 0
    p = figures.count("csat_satisfied") / n
    return p * (1 - p) * 10_000, n


def mean_score(figures: Figures, kind: str) -> float | None:
    """The mean answer: 0–10 for NPS, 1–5 for CSAT."""
    scores = range(11) if kind == "nps" else range(1, 6)
    total = sum(figures.count(f"{kind}_{k}") for k in scores)
    if not total:
        return None
    return sum(k * figures.count(f"{kind}_{k}") for k in scores) / total


def difference(with_: Figures, without: Figures, kind: str, min_count: int) -> Figure:
    """Figure with the theme minus figure without it, with its 95 % interval."""
    variance = _nps_variance if kind == "nps" else _csat_variance
    a, b = getattr(with_, kind), getattr(without, kind)
    if a.value is None or b.value is None:
        return Figure(None, min(a.count, b.count))
    (va, na), (vb, nb) = variance(with_), variance(without)
    half = Z95 * math.sqrt(va / na + vb / nb)
    value = a.value - b.value
    return Figure(
        value,
        min(na, nb),
        value - half,
        value + half,
        enough=na >= min_count and nb >= min_count,
    )


@dataclass(frozen=True)
class Driver:
    theme: Theme
    kind: str  # nps or csat: the figure the effect is counted in
    with_: Figures
    without: Figures
    gap: Figure  # with − without
    share: float  # of the analysed answers that carry the theme

    @property
    def comments(self) -> int:
        return sum(self.with_.count(name) for name in SENTIMENT_COUNTERS)

    @property
    def negative(self) -> int:
        return self.with_.count("negative")

    @property
    def effect(self) -> Figure:
        """Points of the figure the theme moves it by (negative: pulls it down)."""
        gap = self.gap
        if gap.value is None:
            return gap
        scale = self.share
        return Figure(
            gap.value * scale,
            gap.count,
            gap.low * scale if gap.low is not None else None,
            gap.high * scale if gap.high is not None else None,
            enough=gap.enough,
        )

    @property
    def clearly_down(self) -> bool:
        """The interval lies below zero: the theme pulls satisfaction down, clearly."""
        return self.gap.enough and self.gap.high is not None and self.gap.high < 0

    @property
    def mean_with(self) -> float | None:
        return mean_score(self.with_, self.kind)

    @property
    def mean_without(self) -> float | None:
        return mean_score(self.without, self.kind)


def _kind(figures: Figures) -> str:
    return "nps" if figures.count("nps_count") >= figures.count("csat_count") else "csat"


def _figures(row: tuple, width: int, min_count: int) -> Figures:
    return Figures(dict(zip(SUMMED, row[width:], strict=True)), min_count)


def drivers(organization, start: date, end: date, touchpoint=None) -> list[Driver]:
    """Every theme with comments in the period, the one pulling satisfaction down most
    first (at one touchpoint, if given)."""
    min_count = organization.min_answers
    rows = ThemeRollup.objects.filter(organization=organization, day__gte=start, day__lt=end)
    if touchpoint is not None:
        rows = rows.filter(touchpoint=touchpoint)
    sums = {row[0]: _figures(row, 1, min_count) for row in summed(rows, ["theme"], SUMMED)}
    everyone = sums.pop(None, None)
    if everyone is None:
        return []
    kind = _kind(everyone)
    themes = Theme.objects.in_bulk(list(sums))
    found = []
    for theme_id, with_ in sums.items():
        if theme_id not in themes or not with_.responses:
            continue
        without = Figures(_minus(everyone.counters, with_.counters), min_count)
        found.append(
            Driver(
                theme=themes[theme_id],
                kind=kind,
                with_=with_,
                without=without,
                gap=difference(with_, without, kind, min_count),
                share=with_.responses / everyone.responses,
            )
        )
    return sorted(found, key=_pull)


def _pull(driver: Driver) -> tuple:
    # Shown figures first, by how much they pull down; then by how often the theme is named.
    effect = driver.effect
    return (not effect.enough, effect.value if effect.enough else 0, -driver.comments)


def worst_by_touchpoint(organization, start: date, end: date) -> dict[int, Driver]:
    """Per touchpoint, the theme that pulls its satisfaction down clearly and most."""
    min_count = organization.min_answers
    rows = ThemeRollup.objects.filter(organization=organization, day__gte=start, day__lt=end)
    totals: dict[int, dict] = {}
    per_theme: dict[int, dict[int, Figures]] = {}
    for row in summed(rows, ["touchpoint", "theme"], SUMMED):
        touchpoint_id, theme_id = row[0], row[1]
        if touchpoint_id is None:
            continue
        figures = _figures(row, 2, min_count)
        if theme_id is None:
            totals[touchpoint_id] = figures
        else:
            per_theme.setdefault(touchpoint_id, {})[theme_id] = figures
    themes = Theme.objects.in_bulk({t for by_theme in per_theme.values() for t in by_theme})
    worst: dict[int, Driver] = {}
    for touchpoint_id, by_theme in per_theme.items():
        everyone = totals.get(touchpoint_id)
        if everyone is None or not everyone.responses:
            continue
        kind = _kind(everyone)
        for theme_id, with_ in by_theme.items():
            without = Figures(_minus(everyone.counters, with_.counters), min_count)
            driver = Driver(
                themes[theme_id],
                kind,
                with_,
                without,
                difference(with_, without, kind, min_count),
                with_.responses / everyone.responses,
            )
            if driver.clearly_down and (
                touchpoint_id not in worst
                or driver.effect.value < worst[touchpoint_id].effect.value
            ):
                worst[touchpoint_id] = driver
    return worst


def monthly_comments(organization, end: date, months: int = 12) -> dict[int, list[tuple]]:
    """theme → [(month, comments, negative comments)] for the last `months` months."""
    first = period_start("month", end)
    for _ in range(months - 1):
        first = period_start("month", date.fromordinal(first.toordinal() - 1))
    rows = ThemeRollup.objects.filter(
        organization=organization, day__gte=first, day__lte=end, theme__isnull=False
    )
    counts: dict[int, dict[date, list[int]]] = {}
    for theme_id, day, negative, neutral, positive in summed(
        rows, ["theme", "day"], SENTIMENT_COUNTERS
    ):
        day = day if isinstance(day, date) else date.fromisoformat(day)
        month = period_start("month", day)
        cell = counts.setdefault(theme_id, {}).setdefault(month, [0, 0])
        cell[0] += (negative or 0) + (neutral or 0) + (positive or 0)
        cell[1] += negative or 0
    labels = []
    month = first
    while month <= end:
        labels.append(month)
        month = date(month.year + (month.month == 12), month.month % 12 + 1, 1)
    return {
        theme_id: [(m, *by_month.get(m, [0, 0])) for m in labels]
        for theme_id, by_month in counts.items()
    }


def touchpoint_names(ids) -> dict[int, Touchpoint]:
    return Touchpoint.objects.in_bulk(list(ids))
