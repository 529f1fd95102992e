"""State changes of customers and events: upserting customers, recording events once."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from functools import cached_property

from django.db import connection, transaction
from django.db.models import QuerySet
from django.utils import timezone

from polku.accounts.models import Membership, Organization
from polku.journeys.models import Channel, Touchpoint
from polku.lib.fast_insert import adapt_rows, insert_rows
from polku.lib.sqlite_writes import one_writer

from .models import Consent, Customer, Event, ExternalId


def customer_by_email(
    organization: Organization, email: str, name: str = "", language: str = ""
) -> Customer:
    """The organization's customer with this email, created if new (name filled if empty)."""
    email = email.strip().lower()
    customer = Customer.objects.filter(organization=organization, email=email).first()
    if customer is None:
        return Customer.objects.create(
            organization=organization, email=email, name=name, language=language
        )
    if name and not customer.name:
        customer.name = name
        customer.save(update_fields=["name"])
    return customer


@dataclass
class ConsentData:
    purpose: str
    granted: bool
    given_at: datetime | None = None
    wording: str = ""


@dataclass
class CustomerData:
    """What a source tells about a customer; empty fields leave what Polku has."""

    source: str
    external_id: str = ""
    email: str = ""
    name: str = ""
    kind: str = ""
    contact_person: str = ""
    phone: str = ""
    language: str = ""
    tags: list[str] = field(default_factory=list)
    consents: list[ConsentData] = field(default_factory=list)


def _by_source(keys: Iterable[tuple[str, str]]) -> dict[str, set[str]]:
    """Ids in other systems grouped by their source, for look-ups that use the unique
    indexes on (organization, source, id); empty ids are left out."""
    grouped: dict[str, set[str]] = {}
    for source, value in keys:
        if value:
            grouped.setdefault(source, set()).add(value)
    return grouped


def upsert_customer(organization: Organization, data: CustomerData) -> Customer:
    """Find the customer by the source's id, else by email; create one if neither matches."""
    return upsert_customers(organization, [data])[0]


UPDATABLE = ("name", "kind", "contact_person", "phone", "language")


def upsert_customers(organization: Organization, batch: list[CustomerData]) -> list[Customer]:
    """`upsert_customer` for many at once, in a handful of queries whatever the batch size.

    Returns the customer of each item, in order. Items naming the same person (by the
    source's id or by email) within the batch end up on the same customer.
    """
    ids = upsert_customer_ids(organization, batch)
    customers = Customer.objects.in_bulk(ids)
    return [customers[pk] for pk in ids]


FIELDS = (*UPDATABLE, "email", "tags")
NEW_CUSTOMER = {
    "name": "",
    "kind": Customer.Kind.PERSON,
    "contact_person": "",
    "phone": "",
    "language": "",
    "email": "",
    "tags": [],
}


def customers_by_source_id(
    organization: Organization, source: str, values: set[str], fields: Sequence[str]
) -> QuerySet:
    """(id in the source, customer id, *fields) of the customers with those ids of `source`,
    found through the unique index of external ids."""
    return Customer.objects.filter(
        external_ids__organization=organization,
        external_ids__source=source,
        external_ids__value__in=values,
    ).values_list("external_ids__value", "pk", *fields)


def upsert_customer_ids(organization: Organization, batch: list[CustomerData]) -> list[int]:
    """`upsert_customers`, returning ids: customers are handled as plain values here, since
    building a model object per row would cost more than the queries (bench/README.md)."""
    # Tags are JSON, by far the costliest column to read: read only if the batch brings some.
    fields = FIELDS if any(d.tags for d in batch) else FIELDS[:-1]
    # A customer's values by id (read with the look-ups that find them); new customers get
    # the keys "new0", "new1", …
    state: dict[int | str, dict] = {}
    refs: dict[tuple[str, str], int | str] = {}
    for source, values in _by_source((d.source, d.external_id) for d in batch).items():
        for value, pk, *row in customers_by_source_id(organization, source, values, fields):
            refs[source, value] = pk
            state[pk] = dict(zip(fields, row, strict=True))
    # Emails are looked up only for the items their source's id did not find.
    emails = {
        d.email.strip().lower()
        for d in batch
        if d.email.strip() and (d.source, d.external_id) not in refs
    }
    by_email: dict[str, int | str] = {}
    for pk, *row in (
        Customer.objects.filter(organization=organization, email__in=emails)
        .order_by("pk")
        .values_list("pk", *fields)
    ):
        state.setdefault(pk, dict(zip(fields, row, strict=True)))
        by_email.setdefault(state[pk]["email"], pk)
    changed: set[int] = set()
    links: list[tuple[CustomerData, int | str]] = []
    result: list[int | str] = []
    for data in batch:
        email = data.email.strip().lower()
        key = (data.source, data.external_id)
        ref = (refs.get(key) if data.external_id else None) or by_email.get(email)
        if ref is None:
            ref = f"new{len(state)}"
            state[ref] = {**NEW_CUSTOMER, "tags": []}
        row = state[ref]
        before = tuple(row.values())
        for name in UPDATABLE:
            if value := getattr(data, name):
                row[name] = value
        if email:
            row["email"] = email
            by_email.setdefault(email, ref)
        if data.tags:
            row["tags"] = sorted(set(row["tags"]) | set(data.tags))
        if isinstance(ref, int) and before != tuple(row.values()):
            changed.add(ref)
        if data.external_id and key not in refs:
            refs[key] = ref
            links.append((data, ref))
        result.append(ref)
    new = [ref for ref in state if isinstance(ref, str)]
    now = timezone.now()
    created = insert_rows(
        Customer,
        ("organization", *FIELDS, "created_at"),
        [(organization.pk, *state[ref].values(), now) for ref in new],
    )
    real = dict(zip(new, created, strict=True))
    Customer.objects.bulk_update(
        [Customer(pk=pk, **state[pk]) for pk in changed], list(fields), batch_size=1000
    )
    ExternalId.objects.bulk_create(
        [
            ExternalId(
                organization=organization,
                customer_id=real.get(ref, ref),
                source=data.source,
                value=data.external_id,
            )
            for data, ref in links
        ],
        batch_size=1000,
        ignore_conflicts=True,
    )
    ids = [real.get(ref, ref) for ref in result]
    insert_rows(
        Consent,
        ("customer", "purpose", "granted", "given_at", "source", "wording"),
        [
            (customer_id, c.purpose, c.granted, c.given_at or now, data.source, c.wording)
            for data, customer_id in zip(batch, ids, strict=True)
            for c in data.consents
        ],
    )
    return ids


@dataclass
class EventData:
    kind: str
    occurred_at: datetime
    source: str
    external_id: str = ""
    customer: CustomerData | None = None
    touchpoint: Touchpoint | None = None
    channel: Channel | None = None
    employee: Membership | None = None
    amount: Decimal | None = None
    currency: str = "EUR"
    order_reference: str = ""
    delivery_method: str = ""
    delivery_place: str = ""
    promised_at: datetime | None = None
    topic: str = ""
    payload: dict = field(default_factory=dict)


@dataclass
class Recorded:
    created_ids: list[int]
    duplicates: int

    @cached_property
    def created(self) -> list[Event]:
        """The stored events, read back (callers mostly need only the ids)."""
        events = Event.objects.select_related("customer").in_bulk(self.created_ids)
        return [events[pk] for pk in self.created_ids]


# The columns record_events writes, in the order of its rows.
EVENT_COLUMNS = (
    "organization",
    "customer",
    "kind",
    "occurred_at",
    "touchpoint",
    "channel",
    "employee",
    "amount",
    "currency",
    "order_reference",
    "delivery_method",
    "delivery_place",
    "promised_at",
    "topic",
    "source",
    "external_id",
    "payload",
    "created_at",
    "rules_applied",
)
CUSTOMER, CREATED_AT = EVENT_COLUMNS.index("customer"), EVENT_COLUMNS.index("created_at")


def _channel_id(data: EventData) -> int | None:
    channel = data.channel or (data.touchpoint.channel if data.touchpoint else None)
    return channel.pk if channel else None


def stored_event_ids(organization: Organization, source: str, external_ids: set[str]) -> QuerySet:
    """Those of `external_ids` (of `source`) the organization's events already have."""
    # Written to match the partial unique index, and without the default ordering (which
    # would have SQLite walk the organization's events by time instead): a look-up that
    # misses the index reads every event the organization has, on every bulk call.
    return (
        Event.objects.filter(organization=organization, source=source, external_id__in=external_ids)
        .exclude(external_id="")
        .order_by()
        .values_list("external_id", flat=True)
    )


def record_events(organization: Organization, events: list[EventData]) -> Recorded:
    """Store events, skipping those whose source id was stored before (or twice in one go)."""
    # The rows are made before the write lock is taken, so that other writers wait only for
    # the database's own work; the customer of each is filled in once known.
    rows = adapt_rows(Event, EVENT_COLUMNS, [_event_row(organization, data) for data in events])
    # Writers queue for SQLite's lock in the kernel, not in SQLite's sleeping retry loop.
    with one_writer(), transaction.atomic():
        return _record_events(organization, events, rows)


def _event_row(organization: Organization, data: EventData) -> tuple:
    return (
        organization.pk,
        None,  # the customer, once upserted
        data.kind,
        data.occurred_at,
        data.touchpoint.pk if data.touchpoint else None,
        _channel_id(data),
        data.employee.pk if data.employee else None,
        data.amount,
        data.currency,
        data.order_reference,
        data.delivery_method,
        data.delivery_place,
        data.promised_at,
        data.topic,
        data.source,
        data.external_id,
        data.payload,
        None,  # the time it was stored, set in the transaction
        False,
    )


def _record_events(organization: Organization, events: list[EventData], rows: list) -> Recorded:
    existing = {
        (source, value)
        for source, values in _by_source((e.source, e.external_id) for e in events).items()
        for value in stored_event_ids(organization, source, values)
    }
    fresh: list[EventData] = []
    fresh_rows: list[list] = []
    duplicates = 0
    for data, row in zip(events, rows, strict=True):
        key = (data.source, data.external_id)
        if data.external_id and key in existing:
            duplicates += 1
            continue
        existing.add(key)
        fresh.append(data)
        fresh_rows.append(row)
    with_customer = [data for data in fresh if data.customer is not None]
    customers = dict(
        zip(
            map(id, with_customer),
            upsert_customer_ids(organization, [data.customer for data in with_customer]),
            strict=True,
        )
    )
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    for data, row in zip(fresh, fresh_rows, strict=True):
        row[CUSTOMER] = customers.get(id(data))
        row[CREATED_AT] = now
    ids = insert_rows(Event, EVENT_COLUMNS, fresh_rows, adapted=True)
    return Recorded(created_ids=ids, duplicates=duplicates)
