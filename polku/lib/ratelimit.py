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


def allow(scope: str, request: HttpRequest, limit: int, window_seconds: int = 60) -> bool:
    """Count this request; False once `limit` requests came in the current window."""
    if limit <= 0:
        return True
    window = int(time.time() // window_seconds)
    key = f"ratelimit:{scope}:{client_address(request)}:{window}"
    if cache.add(key, 1, timeout=window_seconds + 5):
        return True
    try:
        return cache.incr(key) <= limit
    except ValueError:  # expired between add and incr
        cache.add(key, 1, timeout=window_seconds + 5)
        return True
