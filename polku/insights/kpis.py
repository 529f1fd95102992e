"""KPI entries (cash, sales, leads, webshop visitors, conversion, average order) and the
webshop revenue model: visitors × conversion × average order.

One way in for the form, the CSV import and the API: `save_entry`, which replaces the
period's entry, so sending a month again corrects it instead of doubling it.
"""

from __future__ import annotations

import csv
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import IO

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from polku.accounts.models import Organization
from polku.customers.imports import Report, rows_of
from polku.lib.sqlite_writes import one_writer

from .models import KpiEntry

FIGURES = ["cash", "sales", "leads", "visitors", "conversion", "average_order"]
WHOLE = {"leads", "visitors"}
COLUMNS = ["period", "starts", *FIGURES]


def revenue(visitors: int, conversion_percent: Decimal, average_order: Decimal) -> Decimal:
    """Visitors × conversion × average order, to the cent."""
    value = Decimal(visitors) * Decimal(conversion_percent) / 100 * Decimal(average_order)
    return value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class WhatIf:
    now: Decimal
    then: Decimal

    @property
    def difference(self) -> Decimal:
        return self.then - self.now


def period_start(period: str, day: date) -> date:
    """The first day of the month, or the Monday of the week, that `day` is in."""
    if period == KpiEntry.Period.WEEK:
        return day - timedelta(days=day.weekday())
    return day.replace(day=1)


@transaction.atomic
def save_entry(organization: Organization, period: str, starts: date, **figures) -> KpiEntry:
    """Create or replace the entry of one period."""
    with one_writer():
        entry, _created = KpiEntry.objects.update_or_create(
            organization=organization,
            period=period,
            starts=period_start(period, starts),
            defaults={
                **{name: figures.get(name) for name in FIGURES},
                "updated_at": timezone.now(),
            },
        )
    return entry


def latest(organization: Organization) -> KpiEntry | None:
    return KpiEntry.objects.filter(organization=organization).order_by("-starts").first()


class RowError(ValueError):
    pass


def _figure(name: str, text: str):
    text = text.replace("\xa0", "").replace(" ", "").replace("€", "").replace("%", "")
    if not text:
        return None
    text = text.replace(",", ".")
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise RowError(
            _("%(column)s is not a number: “%(value)s”.") % {"column": name, "value": text}
        ) from None
    if value < 0:
        raise RowError(_("%(column)s cannot be below zero.") % {"column": name})
    if name in WHOLE:
        if value != value.to_integral_value():
            raise RowError(_("%(column)s must be a whole number.") % {"column": name})
        return int(value)
    if name == "conversion" and value > 100:
        raise RowError(_("conversion is a percentage: at most 100."))
    if value >= Decimal("1e12"):
        raise RowError(_("%(column)s is too large.") % {"column": name})
    return value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def _starts(text: str) -> date:
    text = text.strip()
    try:
        if len(text) == 7:  # 2026-10: a month
            return date.fromisoformat(text + "-01")
        return date.fromisoformat(text)
    except ValueError:
        raise RowError(
            _("starts is not a date (YYYY-MM or YYYY-MM-DD): “%(value)s”.") % {"value": text}
        ) from None


def read_row(row: dict) -> tuple[str, date, dict]:
    period = (row.get("period") or "month").strip().lower()
    if period not in KpiEntry.Period.values:
        raise RowError(_("period must be month or week, not “%(value)s”.") % {"value": period})
    if not row.get("starts"):
        raise RowError(_("starts is missing."))
    return (
        period,
        _starts(row["starts"]),
        {name: _figure(name, row.get(name, "")) for name in FIGURES},
    )


def import_kpis(
    organization: Organization,
    opener: Callable[[], IO[bytes]],
    filename: str,
    *,
    dry_run: bool = False,
) -> Report:
    """Check every row; store them all only if none is wrong (and this is not a dry run)."""
    report = Report()
    entries = []
    try:
        for line, row in rows_of(opener, filename):
            if line == 1:
                header = row["__header__"]
                unknown = [h for h in header if h and h not in COLUMNS]
                if "starts" not in header:
                    report.add_error(1, _("The column “starts” is missing."))
                for name in unknown:
                    report.add_error(1, _("Unknown column “%(name)s”.") % {"name": name})
                if report.errors:
                    return report
                continue
            report.rows += 1
            if "__too_many__" in row:
                report.add_error(line, _("More values than columns."))
                continue
            try:
                entries.append(read_row(row))
            except RowError as error:
                report.add_error(line, str(error))
    except (UnicodeDecodeError, csv.Error) as error:
        report.add_error(
            0, _("The file cannot be read as UTF-8 CSV or XLSX: %(error)s") % {"error": error}
        )
    if report.error_count or dry_run or not entries:
        return report
    with transaction.atomic():
        for period, starts, figures in entries:
            save_entry(organization, period, starts, **figures)
    report.created = len(entries)
    report.stored = True
    return report
