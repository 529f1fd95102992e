"""State changes of customers and events: upserting customers, recording events once."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from polku.accounts.models import Membership, Organization
from polku.journeys.models import Channel, Touchpoint

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


def upsert_customer(organization: Organization, data: CustomerData) -> Customer:
    """Find the customer by the source's id, else by email; create one if neither matches."""
    return upsert_customers(organization, [data])[0]


UPDATABLE = ("name", "kind", "contact_person", "phone", "language")


def upsert_customers(organization: Organization, batch: list[CustomerData]) -> list[Customer]:
    """`upsert_customer` for many at once, in a handful of queries whatever the batch size.

    Returns the customer of each item, in order. Items naming the same person (by the
    source's id or by email) within the batch end up on the same customer.
    """
    by_id: dict[tuple[str, str], Customer] = {
        (link.source, link.value): link.customer
        for link in ExternalId.objects.filter(
            organization=organization, value__in={d.external_id for d in batch if d.external_id}
        ).select_related("customer")
    }
    emails = {d.email.strip().lower() for d in batch if d.email.strip()}
    by_email: dict[str, Customer] = {}
    for customer in Customer.objects.filter(organization=organization, email__in=emails).order_by(
        "pk"
    ):
        by_email.setdefault(customer.email, customer)
    new: list[Customer] = []
    changed: dict[int, Customer] = {}
    links: list[tuple[CustomerData, Customer]] = []
    result: list[Customer] = []
    for data in batch:
        email = data.email.strip().lower()
        key = (data.source, data.external_id)
        customer = (by_id.get(key) if data.external_id else None) or by_email.get(email)
        if customer is None:
            customer = Customer(organization=organization)
            new.append(customer)
        before = (*(getattr(customer, f) for f in UPDATABLE), customer.email, customer.tags)
        for name in UPDATABLE:
            if getattr(data, name):
                setattr(customer, name, getattr(data, name))
        if email:
            customer.email = email
            by_email.setdefault(email, customer)
        customer.tags = sorted(set(customer.tags) | set(data.tags))
        if customer.pk and before != (
            *(getattr(customer, f) for f in UPDATABLE),
            customer.email,
            customer.tags,
        ):
            changed[customer.pk] = customer
        if data.external_id and key not in by_id:
            by_id[key] = customer
            links.append((data, customer))
        result.append(customer)
    Customer.objects.bulk_create(new, batch_size=1000)
    Customer.objects.bulk_update(
        list(changed.values()), [*UPDATABLE, "email", "tags"], batch_size=1000
    )
    ExternalId.objects.bulk_create(
        [
            ExternalId(
                organization=organization,
                customer=customer,
                source=data.source,
                value=data.external_id,
            )
            for data, customer in links
        ],
        batch_size=1000,
        ignore_conflicts=True,
    )
    Consent.objects.bulk_create(
        [
            Consent(
                customer=customer,
                purpose=c.purpose,
                granted=c.granted,
                given_at=c.given_at or timezone.now(),
                source=data.source,
                wording=c.wording,
            )
            for data, customer in zip(batch, result, strict=True)
            for c in data.consents
        ],
        batch_size=1000,
    )
    return result


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
    created: list[Event]
    duplicates: int


@transaction.atomic
def record_events(organization: Organization, events: list[EventData]) -> Recorded:
    """Store events, skipping those whose source id was stored before (or twice in one go)."""
    existing = {
        (source, value)
        for source, value in Event.objects.filter(
            organization=organization,
            external_id__in=[e.external_id for e in events if e.external_id],
        ).values_list("source", "external_id")
    }
    fresh: list[EventData] = []
    duplicates = 0
    for data in events:
        key = (data.source, data.external_id)
        if data.external_id and key in existing:
            duplicates += 1
            continue
        existing.add(key)
        fresh.append(data)
    with_customer = [data for data in fresh if data.customer is not None]
    customers = dict(
        zip(
            map(id, with_customer),
            upsert_customers(organization, [data.customer for data in with_customer]),
            strict=True,
        )
    )
    created = [
        Event(
            organization=organization,
            customer=customers.get(id(data)),
            kind=data.kind,
            occurred_at=data.occurred_at,
            touchpoint=data.touchpoint,
            channel=data.channel or (data.touchpoint.channel if data.touchpoint else None),
            employee=data.employee,
            amount=data.amount,
            currency=data.currency,
            order_reference=data.order_reference,
            delivery_method=data.delivery_method,
            delivery_place=data.delivery_place,
            promised_at=data.promised_at,
            topic=data.topic,
            source=data.source,
            external_id=data.external_id,
            payload=data.payload,
        )
        for data in fresh
    ]
    Event.objects.bulk_create(created, batch_size=1000)
    return Recorded(created=created, duplicates=duplicates)
