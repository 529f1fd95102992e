"""The overview: this period's figures beside the previous period's, trends, the touchpoints
doing worst and those improving most, and the cases waiting. Reads rollups only."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Prefetch, Q
from django.http import HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from polku.accounts.access import OrgRequest, member_view, org_object_or_404
from polku.accounts.models import Membership
from polku.automation.models import Invitation
from polku.cases.models import Case
from polku.journeys.models import Channel, Touchpoint
from polku.lib.spreadsheets import csv_chunks
from polku.surveys.kinds import TEXT_KINDS
from polku.surveys.models import Answer, Response, Survey

from .metrics import Figure, Figures, figures_of, normalized, rollups_of, share_figure, sliced
from .people import Difference, differences, minus
from .repeat import orders_by_customer, repeat_figures

PERIODS = (30, 90, 365)
KINDS = ("nps", "csat", "ces", "rating", "gap")
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


def _days(request: OrgRequest, default: int = 30) -> int:
    value = request.GET.get("days", "")
    return int(value) if value.isdigit() and int(value) in PERIODS else default


def _difference(now: Figure, before: Figure) -> float | None:
    if now.shown is None or before.shown is None:
        return None
    return now.value - before.value


def response_rate(organization, period: Period) -> Figure:
    """Answered of the invitations sent in the period."""
    sent = Invitation.objects.filter(
        organization=organization, sent_at__date__gte=period.start, sent_at__date__lt=period.end
    )
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
        return _difference(self.now, self.before)

    @property
    def score(self) -> float:
        return normalized(self.kind, self.now.value)

    @property
    def improvement(self) -> float:
        return normalized(self.kind, self.now.value) - normalized(self.kind, self.before.value)


def touchpoint_rows(organization, current: Period, previous: Period) -> list[TouchpointRow]:
    min_count = organization.min_answers
    now = dict(
        sliced(rollups_of(organization, current.start, current.end), "touchpoint", min_count)
    )
    before = dict(
        sliced(rollups_of(organization, previous.start, previous.end), "touchpoint", min_count)
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


def trend(organization, today: date) -> dict:
    """NPS and CSAT per week over the last year, for the chart and its table."""
    rows = rollups_of(organization, today - timedelta(days=364), today + timedelta(days=1))
    weeks = sliced(rows, "week", organization.min_answers)
    return {
        "labels": [formats.date_format(week, "SHORT_DATE_FORMAT") for week, _f in weeks],
        "series": [
            {
                "label": "NPS",
                "data": [_rounded(f.nps.shown) for _w, f in weeks],
                "counts": [f.nps.count for _w, f in weeks],
            },
            {
                "label": "CSAT %",
                "data": [_rounded(f.csat.shown) for _w, f in weeks],
                "counts": [f.csat.count for _w, f in weeks],
            },
        ],
    }


def _rounded(value: float | None) -> float | None:
    return None if value is None else round(value, 1)


@member_view()
def overview(request: OrgRequest) -> HttpResponse:
    organization = request.organization
    days = _days(request)
    current, previous = periods(days, timezone.localdate())
    now = figures_of(rollups_of(organization, current.start, current.end), organization.min_answers)
    before = figures_of(
        rollups_of(organization, previous.start, previous.end), organization.min_answers
    )
    cards = [
        (kind, getattr(now, kind), _difference(getattr(now, kind), getattr(before, kind)))
        for kind in KINDS
    ]
    rows = touchpoint_rows(organization, current, previous)
    open_cases = Case.objects.filter(OPEN, organization=organization)
    chart = trend(organization, timezone.localdate())
    context = {
        "days": days,
        "periods": PERIODS,
        "current": current,
        "previous": previous,
        "now": now,
        "before": before,
        "cards": cards,
        "rate": response_rate(organization, current),
        "rate_before": response_rate(organization, previous),
        "worst": sorted(rows, key=lambda r: r.score)[:5],
        "improved": sorted(
            (r for r in rows if r.before.shown is not None and r.improvement > 0),
            key=lambda r: -r.improvement,
        )[:5],
        "open_cases": open_cases.count(),
        "overdue_cases": open_cases.filter(due_at__lt=timezone.now()).count(),
        "chart": chart,
        "chart_json": json.dumps(chart),
        "chart_rows": list(
            zip(
                chart["labels"], chart["series"][0]["data"], chart["series"][1]["data"], strict=True
            )
        ),
    }
    return render(request, "insights/overview.html", context)


@member_view()
def trend_csv(request: OrgRequest) -> StreamingHttpResponse:
    """The overview chart's data, for a spreadsheet."""
    organization = request.organization
    rows = rollups_of(
        organization,
        timezone.localdate() - timedelta(days=364),
        timezone.localdate() + timedelta(days=1),
    )

    def lines():
        yield [_("week"), _("answers"), "NPS", _("NPS answers"), "CSAT %", _("CSAT answers")]
        for week, figures in sliced(rows, "week", organization.min_answers):
            yield [
                week.isoformat(),
                figures.responses,
                _rounded(figures.nps.shown) if figures.nps.shown is not None else "",
                figures.nps.count,
                _rounded(figures.csat.shown) if figures.csat.shown is not None else "",
                figures.csat.count,
            ]

    response = StreamingHttpResponse(csv_chunks(lines()), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="polku-trend.csv"'
    return response


@dataclass(frozen=True)
class PersonRow:
    member: Membership
    figures: Figures
    differences: list[Difference]

    @property
    def clearly_better(self) -> list[Difference]:
        return [d for d in self.differences if d.direction > 0]

    @property
    def clearly_worse(self) -> list[Difference]:
        return [d for d in self.differences if d.direction < 0]


@member_view()
def people(request: OrgRequest) -> HttpResponse:
    """Managers see everyone; everyone else sees only themself."""
    organization, me = request.organization, request.membership
    # A person is served by a few answers a week: a year by default, so they can compare.
    days = _days(request, default=365)
    current, _previous = periods(days, timezone.localdate())
    rows = rollups_of(organization, current.start, current.end, employee__isnull=False)
    min_count = organization.min_answers
    team = figures_of(rows, min_count)
    by_person = dict(sliced(rows, "employee", min_count))
    members = Membership.objects.filter(organization=organization).select_related("user")
    if not me.can_edit_journey:
        members = members.filter(pk=me.pk)
    empty = Figures({}, min_count)
    people_rows = []
    for member in members.order_by("user__display_name"):
        figures = by_person.get(member.pk, empty)
        people_rows.append(PersonRow(member, figures, differences(figures, minus(team, figures))))
    context = {
        "days": days,
        "periods": PERIODS,
        "current": current,
        "team": team,
        "rows": people_rows,
        "sees_everyone": me.can_edit_journey,
    }
    return render(request, "insights/people.html", context)


# The pages of one touchpoint, channel or survey: which rollup field names it, and its model.
BREAKDOWNS = {"touchpoint": Touchpoint, "channel": Channel, "survey": Survey}


def distribution(figures: Figures, kind: str) -> list[tuple[int, int]]:
    """(score, answers) for each score of NPS (0–10) or CSAT (1–5)."""
    scores = range(11) if kind == "nps" else range(1, 6)
    return [(n, figures.counters.get(f"{kind}_{n}") or 0) for n in scores]


def _bars(title: str, bars: list[tuple[int, int]]) -> dict:
    return {
        "type": "bar",
        "labels": [str(score) for score, _count in bars],
        "series": [{"label": title, "data": [count for _score, count in bars]}],
    }


@member_view()
def breakdown(request: OrgRequest, pk: int, dimension: str) -> HttpResponse:
    """One touchpoint's, channel's or survey's figures, distributions, trend and comments."""
    organization = request.organization
    subject = org_object_or_404(request, BREAKDOWNS[dimension], pk=pk)
    days = _days(request)
    today = timezone.localdate()
    current, previous = periods(days, today)
    scope = {dimension: subject}
    min_count = organization.min_answers
    now = figures_of(rollups_of(organization, current.start, current.end, **scope), min_count)
    before = figures_of(rollups_of(organization, previous.start, previous.end, **scope), min_count)
    year = rollups_of(organization, today - timedelta(days=364), today + timedelta(days=1), **scope)
    weeks = sliced(year, "week", min_count)
    trend_data = {
        "labels": [formats.date_format(week, "SHORT_DATE_FORMAT") for week, _f in weeks],
        "series": [
            {"label": "NPS", "data": [_rounded(f.nps.shown) for _w, f in weeks]},
            {"label": "CSAT %", "data": [_rounded(f.csat.shown) for _w, f in weeks]},
        ],
    }
    nps_bars, csat_bars = distribution(now, "nps"), distribution(now, "csat")
    commented = (
        Response.objects.filter(organization=organization, has_comment=True, **scope)
        .order_by("-created_at")
        .prefetch_related(
            Prefetch(
                "answers",
                queryset=Answer.objects.filter(kind__in=TEXT_KINDS).exclude(text=""),
                to_attr="comments",
            )
        )[:20]
    )
    context = {
        "subject": subject,
        "dimension": dimension,
        "days": days,
        "periods": PERIODS,
        "current": current,
        "cards": [
            (kind, getattr(now, kind), _difference(getattr(now, kind), getattr(before, kind)))
            for kind in KINDS
        ],
        "now": now,
        "before": before,
        "nps_bars": nps_bars if now.nps.count else None,
        "csat_bars": csat_bars if now.csat.count else None,
        "nps_chart": _bars(_("Answers"), nps_bars),
        "csat_chart": _bars(_("Answers"), csat_bars),
        "trend": trend_data,
        "trend_rows": list(
            zip(
                trend_data["labels"],
                trend_data["series"][0]["data"],
                trend_data["series"][1]["data"],
                strict=True,
            )
        ),
        "comments": commented,
    }
    return render(request, "insights/breakdown.html", context)


REPEAT_WINDOWS = (30, 90, 180, 365)


@member_view()
def repeat_customers(request: OrgRequest) -> HttpResponse:
    organization = request.organization
    value = request.GET.get("within", "")
    within = int(value) if value.isdigit() and int(value) in REPEAT_WINDOWS else 90
    figures = repeat_figures(orders_by_customer(organization), within, organization.min_answers)
    months = [
        (month, buying, back, 100 * back / buying if buying else None)
        for month, buying, back in figures.months[-12:]
    ]
    chart = {
        "type": "bar",
        "labels": [formats.date_format(m, "YEAR_MONTH_FORMAT") for m, *_rest in months],
        "series": [
            {"label": _("Returning customers (%)"), "data": [_rounded(s) for *_r, s in months]}
        ],
        "min": 0,
        "max": 100,
    }
    context = {
        "figures": figures,
        "days_to_second": None if figures.days_to_second is None else round(figures.days_to_second),
        "within": within,
        "windows": REPEAT_WINDOWS,
        "months": months,
        "chart": chart,
    }
    return render(request, "insights/repeat.html", context)
