"""The overview: this period's figures beside the previous period's, trends, the touchpoints
doing worst and those improving most, and the cases waiting. Reads rollups only."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Prefetch
from django.http import HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from polku.accounts.access import OrgRequest, member_view, org_object_or_404
from polku.accounts.models import Membership
from polku.cases.models import Case
from polku.journeys.models import Channel, Touchpoint
from polku.lib.spreadsheets import csv_chunks
from polku.surveys.kinds import TEXT_KINDS
from polku.surveys.models import Answer, Response, Survey
from polku.text.drivers import drivers

from .compare import DIMENSIONS, compare
from .comparison import (
    KINDS,
    OPEN,
    PERIODS,
    cards,
    days_asked,
    periods,
    response_rate,
    rounded,
    touchpoint_rows,
    trend,
    year_of_weeks,
)
from .forms import CompareForm
from .metrics import Figures, figures_of, rollups_of, sliced
from .models import Segment
from .people import Difference, differences, minus
from .repeat import orders_by_customer, repeat_figures
from .segments import picker_context, segment_asked

# The figures' names in spreadsheets.
FIGURE_NAMES = {"nps": "NPS", "csat": "CSAT %", "ces": "CES", "rating": "★", "gap": "Δ"}


def cases_of(organization, segment):
    """The organization's cases, or those of the segment's members."""
    cases = Case.objects.filter(organization=organization)
    if segment is not None:
        cases = cases.filter(customer__segment_memberships__segment=segment)
    return cases


@member_view()
def overview(request: OrgRequest) -> HttpResponse:
    organization = request.organization
    segment = segment_asked(request)
    days = days_asked(request, 30)
    current, previous = periods(days, timezone.localdate())
    scope = {"segment": segment}
    min_count = organization.min_answers
    now = figures_of(rollups_of(organization, current.start, current.end, **scope), min_count)
    before = figures_of(rollups_of(organization, previous.start, previous.end, **scope), min_count)
    rows = touchpoint_rows(organization, current, previous, **scope)
    open_cases = cases_of(organization, segment).filter(OPEN)
    chart, chart_rows = trend(organization, timezone.localdate(), **scope)
    context = {
        **picker_context(request, segment),
        "days": days,
        "periods": PERIODS,
        "current": current,
        "previous": previous,
        "now": now,
        "before": before,
        "cards": cards(now, before),
        "rate": response_rate(organization, current, segment),
        "worst": sorted(rows, key=lambda r: r.score)[:5],
        "improved": sorted(
            (r for r in rows if r.before.shown is not None and r.improvement > 0),
            key=lambda r: -r.improvement,
        )[:5],
        "open_cases": open_cases.count(),
        "overdue_cases": open_cases.filter(due_at__lt=timezone.now()).count(),
        "chart": chart,
        "chart_rows": chart_rows,
        "trend_csv_url": reverse("insights:trend_csv", args=[organization.slug])
        + (f"?segment={segment.pk}" if segment else ""),
        # The themes of the comments that pull satisfaction down most (of all customers).
        "pulling_down": [
            d for d in drivers(organization, current.start, current.end) if d.clearly_down
        ][:3],
    }
    return render(request, "insights/overview.html", context)


@member_view()
def trend_csv(request: OrgRequest) -> StreamingHttpResponse:
    """The overview chart's data, for a spreadsheet."""
    organization = request.organization
    segment = segment_asked(request)

    def lines():
        yield [_("week"), _("answers"), "NPS", _("NPS answers"), "CSAT %", _("CSAT answers")]
        for week, figures in year_of_weeks(organization, timezone.localdate(), segment=segment):
            yield [
                week.isoformat(),
                figures.responses,
                rounded(figures.nps.shown) if figures.nps.shown is not None else "",
                figures.nps.count,
                rounded(figures.csat.shown) if figures.csat.shown is not None else "",
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
    segment = segment_asked(request)
    # A person is served by a few answers a week: a year by default, so they can compare.
    days = days_asked(request, default=365)
    current, _previous = periods(days, timezone.localdate())
    rows = rollups_of(
        organization, current.start, current.end, segment=segment, employee__isnull=False
    )
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
        **picker_context(request, segment),
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
    segment = segment_asked(request)
    days = days_asked(request, 30)
    today = timezone.localdate()
    current, previous = periods(days, today)
    scope = {dimension: subject, "segment": segment}
    min_count = organization.min_answers
    now = figures_of(rollups_of(organization, current.start, current.end, **scope), min_count)
    before = figures_of(rollups_of(organization, previous.start, previous.end, **scope), min_count)
    trend_chart, trend_rows = trend(organization, today, **scope)
    nps_bars, csat_bars = distribution(now, "nps"), distribution(now, "csat")
    commented = Response.objects.filter(
        organization=organization, has_comment=True, **{dimension: subject}
    )
    if segment is not None:
        commented = commented.filter(customer__segment_memberships__segment=segment)
    commented = commented.order_by("-created_at").prefetch_related(
        Prefetch(
            "answers",
            queryset=Answer.objects.filter(kind__in=TEXT_KINDS).exclude(text=""),
            to_attr="comments",
        )
    )[:20]
    context = {
        **picker_context(request, segment),
        "subject": subject,
        "dimension": dimension,
        "days": days,
        "periods": PERIODS,
        "current": current,
        "cards": cards(now, before),
        "now": now,
        "before": before,
        "nps_bars": nps_bars if now.nps.count else None,
        "csat_bars": csat_bars if now.csat.count else None,
        "nps_chart": _bars(_("Answers"), nps_bars),
        "csat_chart": _bars(_("Answers"), csat_bars),
        "trend": trend_chart,
        "trend_rows": trend_rows,
        "comments": commented,
    }
    return render(request, "insights/breakdown.html", context)


REPEAT_WINDOWS = (30, 90, 180, 365)


@member_view()
def repeat_customers(request: OrgRequest) -> HttpResponse:
    organization = request.organization
    segment = segment_asked(request)
    value = request.GET.get("within", "")
    within = int(value) if value.isdigit() and int(value) in REPEAT_WINDOWS else 90
    figures = repeat_figures(
        orders_by_customer(organization, segment), within, organization.min_answers
    )
    months = [
        (month, buying, back, 100 * back / buying if buying else None)
        for month, buying, back in figures.months[-12:]
    ]
    chart = {
        "type": "bar",
        "labels": [formats.date_format(m, "YEAR_MONTH_FORMAT") for m, *_rest in months],
        "series": [
            {"label": _("Returning customers (%)"), "data": [rounded(s) for *_r, s in months]}
        ],
        "min": 0,
        "max": 100,
    }
    context = {
        **picker_context(request, segment, keep=("within",)),
        "figures": figures,
        "days_to_second": None if figures.days_to_second is None else round(figures.days_to_second),
        "within": within,
        "windows": REPEAT_WINDOWS,
        "months": months,
        "chart": chart,
    }
    return render(request, "insights/repeat.html", context)


def _compare_request(request: OrgRequest):
    """The compare page's form, and its table when the form is valid."""
    dimensions = dict(DIMENSIONS)
    if not request.membership.can_edit_journey:
        # Each person's figures are for managers and that person only (the team page).
        del dimensions["employee"]
    if not Segment.objects.filter(organization=request.organization).exists():
        del dimensions["segment"]
    data = request.GET if "by" in request.GET else {"by": "touchpoint", "then": "channel"}
    form = CompareForm(data, dimensions=dimensions)
    segment = segment_asked(request)
    if not form.is_valid():
        return form, segment, None, None
    current, _previous = periods(form.cleaned_data["days"], timezone.localdate())
    by, then = form.cleaned_data["by"], form.cleaned_data["then"] or None
    table = compare(request.organization, by, then, current.start, current.end, segment)
    return form, segment, current, table


@member_view()
def compare_page(request: OrgRequest) -> HttpResponse:
    form, segment, current, table = _compare_request(request)
    query = request.GET.copy()
    context = {
        **picker_context(request, segment, keep=("by", "then", "figure", "days")),
        "form": form,
        "table": table,
        "current": current,
        "figure": (form.cleaned_data.get("figure") if form.is_valid() else "") or "nps",
        "kinds": KINDS,
        "by_label": DIMENSIONS[table.by] if table else "",
        "then_label": DIMENSIONS[table.then] if table and table.then else "",
        "query": query.urlencode(),
    }
    return render(request, "insights/compare.html", context, status=200 if table else 400)


def figure_columns(figures: Figures) -> list:
    """A row's figures for a spreadsheet: each value (blank below the minimum) and count."""
    values = [figures.responses]
    for kind in KINDS:
        figure = getattr(figures, kind)
        values += [rounded(figure.shown) if figure.shown is not None else "", figure.count]
    return values


@member_view()
def compare_csv(request: OrgRequest) -> HttpResponse:
    form, _segment, _current, table = _compare_request(request)
    if table is None:
        return HttpResponse(
            _("Choose the slices again: %(errors)s") % {"errors": form.errors.as_text()},
            status=400,
            content_type="text/plain; charset=utf-8",
        )
    header = [str(DIMENSIONS[table.by])] + ([str(DIMENSIONS[table.then])] if table.then else [])
    header.append(_("answers"))
    for kind in KINDS:
        header += [FIGURE_NAMES[kind], _("%(figure)s answers") % {"figure": FIGURE_NAMES[kind]}]

    def lines():
        yield header
        for row_key, row_label in table.rows:
            for column_key, column_label in table.columns or [(None, None)]:
                figures = table.cell(row_key, column_key)
                if figures is None:
                    continue
                labels = [row_label] + ([column_label] if table.then else [])
                yield labels + figure_columns(figures)

    response = StreamingHttpResponse(csv_chunks(lines()), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="polku-compare.csv"'
    return response
