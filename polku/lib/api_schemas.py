"""The API's error answers, documented on every operation so that the OpenAPI schema says
what a client can get back (the fuzz test holds the API to it)."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Annotated, Any

from ninja import Schema
from pydantic import AfterValidator, BeforeValidator


class Message(Schema):
    detail: str


class ValidationErrors(Schema):
    # Pydantic's list of problems, or Polku's own sentence (e.g. a touchpoint not found).
    detail: list[dict[str, Any]] | str


# A body that is not JSON; a missing, revoked or wrong key; a key whose scope does not allow
# this; a body or a parameter that does not fit the schema.
ERRORS = {400: Message, 401: Message, 403: Message, 422: ValidationErrors}


def _written_as_text(value: Any) -> Any:
    # Pydantic would take a number as seconds since 1970: a client's bug, not a time.
    if isinstance(value, int | float):
        raise ValueError("a date (and time) written as text, e.g. 2026-12-01T10:00:00+02:00")
    return value


def _real_offset(value: datetime) -> datetime:
    # Real time zones lie within ±14 hours; PostgreSQL refuses some offsets beyond that, and
    # a 500 for a typo in a client's offset would be wrong.
    offset = value.utcoffset()
    if offset is not None and abs(offset) > timedelta(hours=14):
        raise ValueError("a UTC offset between -14:00 and +14:00")
    return value


# Inputs exactly of the type the schema names: no bool for a number, no number for a time.
Moment = Annotated[datetime, BeforeValidator(_written_as_text), AfterValidator(_real_offset)]
Day = Annotated[date, BeforeValidator(_written_as_text)]
