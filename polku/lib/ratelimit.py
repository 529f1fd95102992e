"""A fixed-window request counter in Django's cache: enough to slow down a flood."""

from __future__ import annotations

import time

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest


def client_address(request: HttpRequest) -> str:
    if settings.POLKU_BEHIND_PROXY:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        if forwarded:
            # The address the trusted proxy saw is the last one it appended.
            return forwarded.split(",")[-1].strip()
    return request.META.get("REMOTE_ADDR", "")


def _key(scope: str, who: str, window_seconds: int) -> str:
    return f"ratelimit:{scope}:{who}:{int(time.time() // window_seconds)}"


def hits(scope: str, who: str, window_seconds: int) -> int:
    """How many times `who` was counted in the current window."""
    return cache.get(_key(scope, who, window_seconds), 0)


def hit(scope: str, who: str, window_seconds: int) -> int:
    """Count one more for `who` in the current window; the count now."""
    key = _key(scope, who, window_seconds)
    if cache.add(key, 1, timeout=window_seconds + 5):
        return 1
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, timeout=window_seconds + 5)
        return 1


def allow(scope: str, request: HttpRequest, limit: int, window_seconds: int = 60) -> bool:
    """Count this request; False once `limit` requests came in the current window."""
    if limit <= 0:
        return True
    return hit(scope, client_address(request), window_seconds) <= limit
