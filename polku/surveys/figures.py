"""The headline figures of a set of responses: NPS, CSAT and CES with their counts."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Avg, Count, Q, QuerySet


def nps(promoters: int, detractors: int, count: int) -> float | None:
    """Promoters (9–10) minus detractors (0–6), in points from −100 to 100."""
    return None if count == 0 else 100 * (promoters - detractors) / count


def share(part: int, count: int) -> float | None:
    return None if count == 0 else 100 * part / count


@dataclass(frozen=True)
class Figures:
    responses: int
    nps: float | None
    nps_count: int
    csat: float | None
    csat_count: int
    ces: float | None
    ces_count: int
    comments: int


def figures_of(responses: QuerySet) -> Figures:
    totals = responses.aggregate(
        responses=Count("pk"),
        nps_count=Count("nps"),
        promoters=Count("pk", filter=Q(nps__gte=9)),
        detractors=Count("pk", filter=Q(nps__lte=6)),
        csat_count=Count("csat"),
        satisfied=Count("pk", filter=Q(csat__gte=4)),
        ces_count=Count("ces"),
        ces_mean=Avg("ces"),
        comments=Count("pk", filter=Q(has_comment=True)),
    )
    return Figures(
        responses=totals["responses"],
        nps=nps(totals["promoters"], totals["detractors"], totals["nps_count"]),
        nps_count=totals["nps_count"],
        csat=share(totals["satisfied"], totals["csat_count"]),
        csat_count=totals["csat_count"],
        ces=totals["ces_mean"],
        ces_count=totals["ces_count"],
        comments=totals["comments"],
    )
