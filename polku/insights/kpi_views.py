"""KPI pages: the strip of cash, sales, leads and satisfaction, entering and importing
entries, and the revenue model's what-if calculator."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from polku.accounts.access import OrgRequest, member_view
from polku.lib.money import format_money
from polku.lib.spreadsheets import csv_chunks

from .forms import KpiEntryForm, KpiImportForm, RevenueForm
from .kpis import FIGURES, WhatIf, import_kpis, latest, revenue, save_entry
from .metrics import rollups_of, sliced
from .models import KpiEntry


@member_view()
def kpis(request: OrgRequest) -> HttpResponse:
    organization = request.organization
    form = KpiEntryForm(request.POST or None, prefix="kpi")
    if request.method == "POST":
        if not request.membership.can_edit_journey:
            messages.error(request, _("Only owners and managers enter figures."))
            return redirect("insights:kpis", org=organization.slug)
        if form.is_valid():
            data = dict(form.cleaned_data)
            save_entry(organization, data.pop("period"), data.pop("starts"), **data)
            messages.success(request, _("The figures were saved."))
            return redirect("insights:kpis", org=organization.slug)
    entries = list(
        KpiEntry.objects.filter(organization=organization, period="month").order_by("starts")
    )
    months = dict(sliced(rollups_of(organization), "month", organization.min_answers))
    rows = []
    for entry in entries:
        figures = months.get(entry.starts)
        csat = figures.csat.shown if figures else None
        modelled = (
            revenue(entry.visitors, entry.conversion, entry.average_order)
            if None not in (entry.visitors, entry.conversion, entry.average_order)
            else None
        )
        rows.append({"entry": entry, "csat": csat, "modelled": modelled})
    labels = [formats.date_format(row["entry"].starts, "YEAR_MONTH_FORMAT") for row in rows]

    def numbers(values):
        return [None if v is None else float(v) for v in values]

    strip = [
        ("cash", _("Cash"), numbers(r["entry"].cash for r in rows)),
        ("sales", _("Sales"), numbers(r["entry"].sales for r in rows)),
        ("leads", _("Leads"), numbers(r["entry"].leads for r in rows)),
        ("csat", _("Satisfied customers (CSAT %)"), numbers(r["csat"] for r in rows)),
    ]
    charts = [
        (
            f"kpi-{key}",
            title,
            {
                "type": "line" if key == "csat" else "bar",
                "labels": labels,
                "series": [{"label": title, "data": data}],
            },
        )
        for key, title, data in strip
    ]
    return render(
        request,
        "insights/kpis.html",
        {"form": form, "rows": list(reversed(rows)), "charts": charts},
    )


@member_view()
def kpis_csv(request: OrgRequest) -> StreamingHttpResponse:
    """The KPI strip's data, month by month, for a spreadsheet."""
    organization = request.organization
    months = dict(sliced(rollups_of(organization), "month", organization.min_answers))

    def lines():
        yield ["period", "starts", *FIGURES, "csat", "csat_answers", "nps", "nps_answers"]
        for entry in KpiEntry.objects.filter(organization=organization).order_by("starts"):
            figures = months.get(entry.starts) if entry.period == "month" else None
            csat = figures.csat if figures else None
            nps = figures.nps if figures else None
            yield [
                entry.period,
                entry.starts.isoformat(),
                *("" if getattr(entry, name) is None else getattr(entry, name) for name in FIGURES),
                "" if csat is None or csat.shown is None else round(csat.value, 1),
                csat.count if csat else 0,
                "" if nps is None or nps.shown is None else round(nps.value, 1),
                nps.count if nps else 0,
            ]

    response = StreamingHttpResponse(csv_chunks(lines()), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="polku-business-figures.csv"'
    return response


@member_view("can_edit_journey")
def kpi_import(request: OrgRequest) -> HttpResponse:
    form = KpiImportForm(request.POST or None, request.FILES or None)
    report = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        report = import_kpis(
            request.organization,
            lambda: upload.open("rb"),
            upload.name,
            dry_run=form.cleaned_data["dry_run"],
        )
        if report.stored:
            messages.success(
                request,
                ngettext(
                    "%(count)d entry was saved.", "%(count)d entries were saved.", report.created
                )
                % {"count": report.created},
            )
            return redirect("insights:kpis", org=request.organization.slug)
    return render(request, "insights/kpi_import.html", {"form": form, "report": report})


@member_view()
def revenue_model(request: OrgRequest) -> HttpResponse:
    """Visitors × conversion × average order, now and with other numbers."""
    entry = latest(request.organization)
    initial = {}
    if entry and None not in (entry.visitors, entry.conversion, entry.average_order):
        initial = {
            "visitors": entry.visitors,
            "conversion": entry.conversion,
            "average_order": entry.average_order,
            "visitors2": entry.visitors,
            "conversion2": entry.conversion,
            "average_order2": entry.average_order,
        }
    form = RevenueForm(request.GET or None, initial=initial)
    if form.is_bound:
        data = form.cleaned_data if form.is_valid() else None
    else:  # unasked: the latest month, the what-if column equal to it
        data = initial or None
    result = None
    if data:
        result = WhatIf(
            revenue(data["visitors"], data["conversion"], data["average_order"]),
            revenue(data["visitors2"], data["conversion2"], data["average_order2"]),
        )
    context = {"form": form, "result": result, "entry": entry}
    if result:
        context["now_text"] = format_money(result.now, decimals=0)
        context["then_text"] = format_money(result.then, decimals=0)
        difference = format_money(result.difference, decimals=0)
        context["difference_text"] = ("+" if result.difference > 0 else "") + difference
    return render(request, "insights/revenue.html", context)
