"""Rows inserted by fast_insert read back as Django would have written them."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from decimal import Decimal

import pytest
from django.db import connection
from hypothesis import given
from hypothesis import strategies as st

from polku.cases.models import Case
from polku.customers.actions import EVENT_COLUMNS
from polku.customers.models import Event
from polku.lib.fast_insert import _converter, adapt_rows, insert_objects, insert_rows

offsets = st.integers(min_value=-14 * 60, max_value=14 * 60).map(
    lambda minutes: timezone(timedelta(minutes=minutes))
)
aware_times = st.datetimes(
    # Hypothesis takes naive bounds and adds the zones itself.
    min_value=datetime(1900, 1, 2),  # noqa: DTZ001
    max_value=datetime(9999, 12, 30),  # noqa: DTZ001
    timezones=offsets,
)


@given(aware_times)
def test_times_are_written_as_djangos_own_adapter_writes_them(value):
    convert = _converter(Event._meta.get_field("occurred_at"), connection)
    assert convert(value) == connection.ops.adapt_datetimefield_value(value)


@given(st.datetimes() | st.none())
def test_naive_times_and_none_are_left_to_djangos_adapter(value):
    convert = _converter(Event._meta.get_field("occurred_at"), connection)
    assert convert(value) == connection.ops.adapt_datetimefield_value(value)


@pytest.mark.django_db
def test_inserted_rows_read_back_exactly(org):
    at = datetime(2026, 12, 3, 10, 30, 15, 123456, tzinfo=timezone(timedelta(hours=2)))
    common = {name: "" for name in EVENT_COLUMNS} | {
        "organization": org.pk,
        "customer": None,
        "touchpoint": None,
        "channel": None,
        "employee": None,
        "promised_at": None,
        "currency": "EUR",
        "source": "api",
        "created_at": at,
        "rules_applied": False,
    }
    events = [
        common
        | {
            "kind": "order_placed",
            "occurred_at": at,
            "amount": Decimal("1234567890.05"),
            "payload": {"lines": [1, "ä"]},
            "external_id": "x1",
        },
        common | {"kind": "return", "occurred_at": at, "amount": None, "payload": {}},
    ]
    rows = [tuple(event[name] for name in EVENT_COLUMNS) for event in events]
    ids = insert_rows(Event, EVENT_COLUMNS, adapt_rows(Event, EVENT_COLUMNS, rows), adapted=True)
    first, second = (Event.objects.get(pk=pk) for pk in ids)
    assert first.occurred_at == at and first.occurred_at.astimezone(UTC).hour == 8
    assert first.amount == Decimal("1234567890.05") and first.payload == {"lines": [1, "ä"]}
    assert (second.amount, second.payload, second.kind) == (None, {}, "return")


@pytest.mark.django_db
def test_objects_inserted_read_back_as_if_saved(org):
    """insert_objects writes what Model.save() writes: defaults, JSON, times, choices."""
    at = datetime(2026, 12, 3, 10, 30, 15, 123456, tzinfo=UTC)
    values = {
        "organization": org,
        "kind": Case.Kind.COMPLAINT,
        "priority": Case.Priority.HIGH,
        "summary": "Paketti myöhästyi kaksi päivää.",
        "due_at": at + timedelta(hours=4),
        "created_at": at,
        "tags": ["toimitus", "ääkköset"],
    }
    saved = Case.objects.create(**values)
    inserted = Case(**values)
    insert_objects([inserted])
    assert inserted.pk is not None and not inserted._state.adding
    assert inserted.pk != saved.pk

    def stored(pk: int) -> dict:
        row = Case.objects.filter(pk=pk).values().get()
        row.pop("id")
        return row

    assert stored(inserted.pk) == stored(saved.pk)
    # The defaults were written, not left to the database.
    assert stored(inserted.pk)["status"] == Case.Status.NEW


@pytest.mark.django_db
def test_objects_inserted_together_get_their_ids_in_order(org):
    at = datetime(2026, 12, 3, tzinfo=UTC)
    cases = [
        Case(organization=org, summary=f"Case {n}", due_at=at, created_at=at) for n in range(3)
    ]
    insert_objects(cases)
    by_id = dict(Case.objects.filter(organization=org).values_list("pk", "summary"))
    assert [by_id[case.pk] for case in cases] == ["Case 0", "Case 1", "Case 2"]
