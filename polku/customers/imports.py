"""Importing customers and events from CSV or XLSX: checked whole, then stored whole.

The file is read twice, row by row, so memory stays flat however long it is: first every
row is checked and every bad line is listed by number; only a file without a single bad
line is then stored, in one transaction. A dry run stops after the check.
"""

from __future__ import annotations

import codecs
import csv
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal, InvalidOperation
from typing import IO

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from polku.accounts.models import Membership, Organization
from polku.journeys.models import Channel, ChannelKind, Touchpoint

from .actions import ConsentData, CustomerData, EventData, record_events, upsert_customer_ids
from .models import Event

SOURCE = "import"
BATCH = 1000
SHOWN_ERRORS = 200

CUSTOMER_COLUMNS = [
    "external_id",
    "email",
    "name",
    "kind",
    "contact_person",
    "phone",
    "language",
    "tags",
    "consent_surveys",
    "consent_marketing",
]
EVENT_COLUMNS = [
    "kind",
    "occurred_at",
    "external_id",
    "customer_external_id",
    "customer_email",
    "customer_name",
    "touchpoint",
    "channel",
    "employee_email",
    "amount",
    "currency",
    "order_reference",
    "delivery_method",
    "delivery_place",
    "promised_at",
    "topic",
]
REQUIRED = {"customers": set(), "events": {"kind", "occurred_at"}}
YES, NO = {"yes", "kyllä", "1", "true"}, {"no", "ei", "0", "false"}


class RowError(ValueError):
    pass


@dataclass
class Report:
    rows: int = 0
    errors: list[tuple[int, str]] = field(default_factory=list)
    error_count: int = 0
    created: int = 0
    duplicates: int = 0
    stored: bool = False

    def add_error(self, line: int, message: str) -> None:
        self.error_count += 1
        if len(self.errors) < SHOWN_ERRORS:
            self.errors.append((line, message))


def rows_of(opener: Callable[[], IO[bytes]], filename: str) -> Iterator[tuple[int, dict]]:
    """(line number, {column: text}) for each data row; line 1 is the header."""
    if filename.lower().endswith(".xlsx"):
        from openpyxl import load_workbook

        workbook = load_workbook(opener(), read_only=True, data_only=True)
        rows = workbook.active.iter_rows(values_only=True)
        header = [str(h or "").strip().lower() for h in next(rows, [])]
        yield 1, {"__header__": header}
        for number, values in enumerate(rows, start=2):
            if any(v not in (None, "") for v in values):
                yield (
                    number,
                    {
                        h: "" if v is None else str(v).strip()
                        for h, v in zip(header, values, strict=False)
                        if h
                    },
                )
        workbook.close()
        return
    text = codecs.getreader("utf-8-sig")(opener(), errors="strict")
    sample = text.read(4096)
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=",;\t") if sample else csv.excel
    except csv.Error:  # one column, or too little to tell: plain commas
        dialect = csv.excel
    text = codecs.getreader("utf-8-sig")(opener(), errors="strict")
    reader = csv.reader(text, dialect)
    header = [h.strip().lower() for h in next(reader, [])]
    yield 1, {"__header__": header}
    for values in reader:
        if any(v.strip() for v in values):
            if len(values) > len(header):
                yield reader.line_num, {"__too_many__": ""}
                continue
            yield reader.line_num, {h: v.strip() for h, v in zip(header, values, strict=False)}


def _when(value: str, column: str) -> datetime | None:
    if not value:
        return None
    parsed = parse_datetime(value.replace(" ", "T", 1) if len(value) > 10 else value + "T00:00")
    if parsed is None:
        raise RowError(
            _("%(column)s: not a date and time (use 2026-11-20 14:30)") % {"column": column}
        )
    return timezone.make_aware(parsed) if timezone.is_naive(parsed) else parsed


def _choice(value: str, allowed: list[str], column: str) -> str:
    if value and value not in allowed:
        raise RowError(
            _("%(column)s: “%(value)s” is not one of %(allowed)s")
            % {"column": column, "value": value, "allowed": ", ".join(allowed)}
        )
    return value


def _email(value: str, column: str) -> str:
    if value:
        try:
            validate_email(value)
        except ValidationError:
            raise RowError(_("%(column)s: not an email address") % {"column": column}) from None
    return value


def _consent(value: str, purpose: str) -> list[ConsentData]:
    value = value.lower()
    if not value:
        return []
    if value not in YES | NO:
        raise RowError(_("consent_%(purpose)s: write yes or no") % {"purpose": purpose})
    return [ConsentData(purpose, value in YES, None, _("Imported from a file"))]


def _limit(value: str, column: str, length: int) -> str:
    if len(value) > length:
        raise RowError(
            _("%(column)s: longer than %(length)d characters")
            % {"column": column, "length": length}
        )
    return value


class Importer:
    """Reads rows into customers or events of one organization."""

    def __init__(self, organization: Organization, what: str):
        self.organization = organization
        self.what = what
        self.touchpoints = {
            **{
                t.name.lower(): t
                for t in Touchpoint.objects.filter(organization=organization).select_related(
                    "channel"
                )
            },
            **{
                str(t.pk): t
                for t in Touchpoint.objects.filter(organization=organization).select_related(
                    "channel"
                )
            },
        }
        self.channels = {
            c.kind: c
            for c in Channel.objects.filter(organization=organization).order_by("-position")
        }
        self.employees = {
            m.user.email.lower(): m
            for m in Membership.objects.filter(organization=organization).select_related("user")
        }

    def check_header(self, header: list[str]) -> list[str]:
        columns = CUSTOMER_COLUMNS if self.what == "customers" else EVENT_COLUMNS
        problems = []
        unknown = [h for h in header if h and h not in columns]
        if unknown:
            problems.append(
                _("unknown columns: %(columns)s (known: %(known)s)")
                % {"columns": ", ".join(unknown), "known": ", ".join(columns)}
            )
        missing = sorted(REQUIRED[self.what] - set(header))
        if missing:
            problems.append(_("missing columns: %(columns)s") % {"columns": ", ".join(missing)})
        return problems

    def customer(self, row: dict) -> CustomerData:
        return CustomerData(
            source=SOURCE,
            external_id=_limit(row.get("external_id", ""), "external_id", 100),
            email=_email(row.get("email", ""), "email"),
            name=_limit(row.get("name", ""), "name", 200),
            kind=_choice(row.get("kind", ""), ["person", "company"], "kind"),
            contact_person=_limit(row.get("contact_person", ""), "contact_person", 200),
            phone=_limit(row.get("phone", ""), "phone", 40),
            language=_choice(row.get("language", ""), ["fi", "en"], "language"),
            tags=[t.strip() for t in row.get("tags", "").split(";") if t.strip()],
            consents=_consent(row.get("consent_surveys", ""), "surveys")
            + _consent(row.get("consent_marketing", ""), "marketing"),
        )

    def event(self, row: dict) -> EventData:
        kind = _choice(row.get("kind", ""), list(Event.Kind.values), "kind")
        if not kind:
            raise RowError(_("kind: required"))
        occurred_at = _when(row.get("occurred_at", ""), "occurred_at")
        if occurred_at is None:
            raise RowError(_("occurred_at: required"))
        touchpoint = None
        if row.get("touchpoint"):
            touchpoint = self.touchpoints.get(row["touchpoint"].lower())
            if touchpoint is None:
                raise RowError(_("touchpoint: no touchpoint with that name or id"))
        channel_kind = _choice(row.get("channel", ""), list(ChannelKind.values), "channel")
        if channel_kind and channel_kind not in self.channels:
            raise RowError(_("channel: the organization has no such channel"))
        employee = None
        if row.get("employee_email"):
            employee = self.employees.get(row["employee_email"].lower())
            if employee is None:
                raise RowError(_("employee_email: not a member"))
        amount = None
        if row.get("amount"):
            try:
                amount = Decimal(row["amount"].replace(",", ".").replace("\xa0", ""))
            except InvalidOperation:
                raise RowError(_("amount: not a number")) from None
        customer = None
        if row.get("customer_external_id") or row.get("customer_email"):
            customer = CustomerData(
                source=SOURCE,
                external_id=_limit(
                    row.get("customer_external_id", ""), "customer_external_id", 100
                ),
                email=_email(row.get("customer_email", ""), "customer_email"),
                name=_limit(row.get("customer_name", ""), "customer_name", 200),
            )
        return EventData(
            kind=kind,
            occurred_at=occurred_at,
            source=SOURCE,
            external_id=_limit(row.get("external_id", ""), "external_id", 100),
            customer=customer,
            touchpoint=touchpoint,
            channel=self.channels.get(channel_kind) if channel_kind else None,
            employee=employee,
            amount=amount,
            currency=_limit(row.get("currency", "") or "EUR", "currency", 3).upper(),
            order_reference=_limit(row.get("order_reference", ""), "order_reference", 100),
            delivery_method=_choice(
                row.get("delivery_method", ""),
                ["home", "pickup_point", "store_pickup"],
                "delivery_method",
            ),
            delivery_place=_limit(row.get("delivery_place", ""), "delivery_place", 200),
            promised_at=_when(row.get("promised_at", ""), "promised_at"),
            topic=_limit(row.get("topic", ""), "topic", 200),
            payload={k: v for k, v in row.items() if v},
        )

    def read(self, row: dict):
        if "__too_many__" in row:
            raise RowError(_("more values than there are columns"))
        return self.customer(row) if self.what == "customers" else self.event(row)


def import_file(
    organization: Organization,
    what: str,
    opener: Callable[[], IO[bytes]],
    filename: str,
    *,
    dry_run: bool = False,
) -> Report:
    """Check the whole file; unless it has errors or this is a dry run, store it."""
    importer = Importer(organization, what)
    report = Report()
    try:
        for line, row in rows_of(opener, filename):
            if line == 1:
                for problem in importer.check_header(row["__header__"]):
                    report.add_error(1, problem)
                if report.errors:
                    return report
                continue
            report.rows += 1
            try:
                importer.read(row)
            except RowError as error:
                report.add_error(line, str(error))
    except (UnicodeDecodeError, csv.Error) as error:
        report.add_error(
            0, _("The file cannot be read as UTF-8 CSV or XLSX: %(error)s") % {"error": error}
        )
        return report
    except Exception as error:  # noqa: BLE001 - a broken XLSX raises many kinds of errors
        report.add_error(0, _("The file cannot be read: %(error)s") % {"error": error})
        return report
    if report.error_count or dry_run or report.rows == 0:
        return report
    with transaction.atomic():
        batch = []
        for line, row in rows_of(opener, filename):
            if line == 1:
                continue
            batch.append(importer.read(row))
            if len(batch) >= BATCH:
                _store(organization, what, batch, report)
                batch = []
        _store(organization, what, batch, report)
    report.stored = True
    return report


def _store(organization: Organization, what: str, batch: list, report: Report) -> None:
    if not batch:
        return
    if what == "customers":
        upsert_customer_ids(organization, batch)
        report.created += len(batch)
        return
    result = record_events(organization, batch)
    report.created += len(result.created_ids)
    report.duplicates += result.duplicates
