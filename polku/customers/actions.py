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
    customer = None
    if data.external_id:
        link = (
            ExternalId.objects.select_related("customer")
            .filter(organization=organization, source=data.source, value=data.external_id)
            .first()
        )
        customer = link.customer if link else None
    email = data.email.strip().lower()
    if customer is None and email:
        customer = Customer.objects.filter(organization=organization, email=email).first()
    if customer is None:
        customer = Customer(organization=organization)
    for name in ("name", "kind", "contact_person", "phone", "language"):
        if getattr(data, name):
            setattr(customer, name, getattr(data, name))
    if email:
        customer.email = email
    customer.tags = sorted(set(customer.tags) | set(data.tags))
    customer.save()
    if data.external_id:
        ExternalId.objects.get_or_create(
            organization=organization,
            source=data.source,
            value=data.external_id,
            defaults={"customer": customer},
        )
    Consent.objects.bulk_create(
        Consent(
            customer=customer,
            purpose=c.purpose,
            granted=c.granted,
            given_at=c.given_at or timezone.now(),
            source=data.source,
            wording=c.wording,
        )
        for c in data.consents
    )
    return customer


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
    created: list[Event] = []
    duplicates = 0
    customers: dict[tuple, Customer] = {}
    for data in events:
        key = (data.source, data.external_id)
        if data.external_id and key in existing:
            duplicates += 1
            continue
        existing.add(key)
        customer = None
        if data.customer is not None:
            ckey = (data.customer.source, data.customer.external_id, data.customer.email)
            customer = customers.get(ckey) or upsert_customer(organization, data.customer)
            customers[ckey] = customer
        touchpoint = data.touchpoint
        created.append(
            Event(
                organization=organization,
                customer=customer,
                kind=data.kind,
                occurred_at=data.occurred_at,
                touchpoint=touchpoint,
                channel=data.channel or (touchpoint.channel if touchpoint else None),
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
        )
    Event.objects.bulk_create(created, batch_size=1000)
    return Recorded(created=created, duplicates=duplicates)
