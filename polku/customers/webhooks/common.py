"""What every platform's webhook shares: the signature check and date parsing."""

from __future__ import annotations

import base64
import hashlib
import hmac
from datetime import UTC, datetime
from decimal import Decimal, InvalidOperation

from django.utils import timezone
from django.utils.dateparse import parse_datetime


def signature_is_valid(secret: str, raw_body: bytes, given: str) -> bool:
    """Base64 HMAC-SHA256 of the raw body, compared in constant time."""
    if not given:
        return False
    expected = base64.b64encode(hmac.new(secret.encode(), raw_body, hashlib.sha256).digest())
    return hmac.compare_digest(expected, given.strip().encode())


def when(value, fallback: datetime | None = None) -> datetime:
    parsed = parse_datetime(value) if isinstance(value, str) else None
    if parsed is None:
        return fallback or timezone.now()
    if timezone.is_naive(parsed):
        parsed = timezone.make_aware(parsed, UTC)  # WooCommerce's *_gmt fields
    return parsed


def text(value, limit: int = 200) -> str:
    return "" if value is None else str(value)[:limit]


def amount(value) -> Decimal | None:
    """A shop's money field ("199.65", 12.5, "" or missing) as a Decimal, or None."""
    if value in (None, ""):
        return None
    try:
        return Decimal(str(value))
    except InvalidOperation:
        return None
