"""Refuse an oversized request body with 413 before anything reads it."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse


class BodySizeLimitMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        length = request.META.get("CONTENT_LENGTH") or "0"
        limit = settings.POLKU_MAX_BODY_BYTES
        if not length.isdigit() or int(length) > limit:
            return HttpResponse(
                f"Request body too large (limit {limit // (1024 * 1024)} MB).\n",
                status=413,
                content_type="text/plain; charset=utf-8",
            )
        return self.get_response(request)
