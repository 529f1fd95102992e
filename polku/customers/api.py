"""API routes for customers and events (mounted under /api/v1/ by polku.api)."""

from __future__ import annotations

from decimal import Decimal
from functools import lru_cache
from typing import Annotated, Literal

from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import validate_email
from django.db import IntegrityError
from ninja import Field, Router, Schema, Status
from ninja.errors import HttpError
from pydantic import BaseModel, StrictBool, StrictInt, field_validator

from polku.accounts.apikeys import ApiKeyAuth
from polku.accounts.models import ApiKey, Membership
from polku.journeys.models import Channel, ChannelKind, Touchpoint
from polku.lib.api_schemas import ERRORS, Moment

from . import actions
from .models import Event

router = Router(tags=["customers and events"])

# Ids from other systems arrive as strings or numbers; numbers are kept exactly (Shopify's
# exceed 2^53, so nothing may pass them through a float) and stored as text.
SourceId = Annotated[str | StrictInt, Field(union_mode="left_to_right")]
Text = Annotated[str, Field(max_length=200)]
MAX_BULK = 10_000
# Sending customers and events takes a key of at least this scope.
SENDS = ApiKeyAuth(ApiKey.Scope.EVENTS)


# Input models are plain pydantic models: ninja's Schema adds a validator for reading Django
# objects that costs a tenth of a bulk call's time and is of no use for JSON input. Mutable
# defaults come from factories: a plain `= []` is deep-copied for every item of a bulk call.


@lru_cache(maxsize=4096)
def _is_email(value: str) -> bool:
    # A bulk call names the same customers again and again; Django's check is regular
    # expressions, worth doing once per address.
    try:
        validate_email(value)
    except DjangoValidationError:
        return False
    return True


def _as_text(value: str | int | None) -> str:
    return "" if value is None else str(value).strip()


class ConsentIn(BaseModel):
    purpose: Literal["surveys", "marketing"]
    granted: StrictBool
    given_at: Moment | None = None
    wording: Annotated[str, Field(max_length=2000)] = ""


class CustomerIn(BaseModel):
    external_id: SourceId | None = None
    email: Annotated[str, Field(max_length=254)] = ""
    name: Text = ""
    kind: Literal["person", "company", ""] = ""
    contact_person: Text = ""
    phone: Annotated[str, Field(max_length=40)] = ""
    language: Literal["fi", "en", ""] = ""
    tags: Annotated[list[Annotated[str, Field(max_length=50)]], Field(max_length=50)] = Field(
        default_factory=list
    )
    consents: Annotated[list[ConsentIn], Field(max_length=10)] = Field(default_factory=list)

    @field_validator("email")
    @classmethod
    def email_is_valid(cls, value: str) -> str:
        if value and not _is_email(value):
            raise ValueError("not a valid email address")
        return value


class EventIn(BaseModel):
    kind: Literal[tuple(Event.Kind.values)]  # type: ignore[valid-type]
    occurred_at: Moment
    external_id: SourceId | None = None
    customer: CustomerIn | None = None
    touchpoint_id: Annotated[StrictInt, Field(ge=1, le=2**63 - 1)] | None = None
    channel: Literal[tuple(ChannelKind.values)] | None = None  # type: ignore[valid-type]
    employee_email: Annotated[str, Field(max_length=254)] = ""
    amount: Annotated[Decimal, Field(max_digits=12, decimal_places=2)] | None = None
    currency: Annotated[str, Field(min_length=3, max_length=3)] = "EUR"
    order_reference: Annotated[str, Field(max_length=100)] = ""
    delivery_method: Literal["home", "pickup_point", "store_pickup", ""] = ""
    delivery_place: Text = ""
    promised_at: Moment | None = None
    topic: Text = ""
    payload: dict = Field(default_factory=dict)


class BulkIn(BaseModel):
    events: Annotated[list[EventIn], Field(min_length=1, max_length=MAX_BULK)]


class Recorded(Schema):
    created: int
    duplicates: int
    ids: list[int]


class CustomerOut(Schema):
    id: int
    name: str
    email: str
    consents: dict[str, bool]


def _customer_data(data: CustomerIn, source: str) -> actions.CustomerData:
    return actions.CustomerData(
        source=source,
        external_id=_as_text(data.external_id),
        email=data.email,
        name=data.name,
        kind=data.kind,
        contact_person=data.contact_person,
        phone=data.phone,
        language=data.language,
        tags=data.tags,
        consents=[
            actions.ConsentData(c.purpose, c.granted, c.given_at, c.wording) for c in data.consents
        ],
    )


def _events_data(request, events: list[EventIn], source: str) -> list[actions.EventData]:
    """Turn checked input into events, resolving references inside the key's organization.

    Every problem is collected first: one bad event refuses the whole call.
    """
    organization = request.auth.organization
    # Each look-up only when some event needs it: most bulk calls name none of these.
    wanted = {e.touchpoint_id for e in events if e.touchpoint_id is not None}
    touchpoints = (
        Touchpoint.objects.filter(organization=organization, pk__in=wanted)
        .select_related("channel")
        .in_bulk()
        if wanted
        else {}
    )
    channels = (
        {c.kind: c for c in Channel.objects.filter(organization=organization).order_by("-position")}
        if any(e.channel for e in events)
        else {}
    )
    emails = {e.employee_email.lower() for e in events if e.employee_email}
    employees = (
        {
            m.user.email: m
            for m in Membership.objects.filter(
                organization=organization, user__email__in=emails
            ).select_related("user")
        }
        if emails
        else {}
    )
    problems = []
    for index, event in enumerate(events):
        if event.touchpoint_id is not None and event.touchpoint_id not in touchpoints:
            problems.append(f"events[{index}].touchpoint_id: no such touchpoint")
        if event.channel and event.channel not in channels:
            problems.append(f"events[{index}].channel: the organization has no such channel")
        if event.employee_email and event.employee_email.lower() not in employees:
            problems.append(f"events[{index}].employee_email: not a member")
    if problems:
        raise HttpError(422, "; ".join(problems[:20]))
    return [
        actions.EventData(
            kind=e.kind,
            occurred_at=e.occurred_at,
            source=source,
            external_id=_as_text(e.external_id),
            customer=_customer_data(e.customer, source) if e.customer else None,
            touchpoint=touchpoints.get(e.touchpoint_id),
            channel=channels.get(e.channel) if e.channel else None,
            employee=employees.get(e.employee_email.lower()) if e.employee_email else None,
            amount=e.amount,
            currency=e.currency.upper(),
            order_reference=e.order_reference,
            delivery_method=e.delivery_method,
            delivery_place=e.delivery_place,
            promised_at=e.promised_at,
            topic=e.topic,
            payload=e.payload,
        )
        for e in events
    ]


def _record(request, events: list[EventIn]) -> Recorded:
    organization = request.auth.organization
    data = _events_data(request, events, source="api")
    try:
        result = actions.record_events(organization, data)
    except IntegrityError:
        # A concurrent call stored one of these ids first; now they count as duplicates.
        result = actions.record_events(organization, data)
    return Recorded(
        created=len(result.created_ids),
        duplicates=result.duplicates,
        ids=result.created_ids,
    )


@router.post("/events", auth=SENDS, response={201: Recorded, **ERRORS}, summary="Record one event")
def create_event(request, event: EventIn):
    """Record one event. An event with an `external_id` seen before is not stored again."""
    return Status(201, _record(request, [event]))


@router.post(
    "/events/bulk",
    auth=SENDS,
    response={201: Recorded, **ERRORS},
    summary="Record up to 10 000 events",
)
def create_events(request, body: BulkIn):
    """All or nothing: if any event is invalid, none is stored and the reasons are listed."""
    return Status(201, _record(request, body.events))


@router.post(
    "/customers",
    auth=SENDS,
    response={200: CustomerOut, **ERRORS},
    summary="Create or update a customer",
)
def upsert_customer(request, customer: CustomerIn):
    """Matched by `external_id` (for source "api"), else by email; consents are appended."""
    if not customer.external_id and not customer.email and not customer.name:
        raise HttpError(422, "give at least an external_id, an email or a name")
    found = actions.upsert_customer(request.auth.organization, _customer_data(customer, "api"))
    return Status(
        200,
        CustomerOut(id=found.pk, name=found.name, email=found.email, consents=found.consents_now()),
    )
