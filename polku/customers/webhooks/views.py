"""The webhook endpoint: /hooks/<platform>/<token>/. Verify, then record; never trust first."""

from __future__ import annotations

import json

from django.db import IntegrityError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from ..actions import record_events
from ..models import WebhookEndpoint
from . import common, shopify, woocommerce

PLATFORMS = {"shopify": shopify, "woocommerce": woocommerce}


@csrf_exempt
@require_POST
def receive(request: HttpRequest, platform: str, token: str) -> HttpResponse:
    endpoint = get_object_or_404(
        WebhookEndpoint.objects.select_related("organization"), platform=platform, token=token
    )
    module = PLATFORMS[platform]
    raw = request.body
    if platform == "woocommerce" and woocommerce.is_ping(request.content_type or "", raw):
        return JsonResponse({"status": "ok"})
    if not common.signature_is_valid(
        endpoint.secret, raw, request.META.get(module.SIGNATURE_HEADER, "")
    ):
        return JsonResponse({"error": "bad or missing signature"}, status=401)
    try:
        payload = json.loads(raw)
    except (UnicodeDecodeError, json.JSONDecodeError):
        return JsonResponse({"error": "the body is not JSON"}, status=400)
    topic = request.META.get(module.TOPIC_HEADER, "")
    try:
        events = module.events_from(topic, payload) if isinstance(payload, dict) else None
    except (KeyError, TypeError, ValueError):
        events = None
    if events is None:
        return JsonResponse({"error": "the payload lacks the fields of its topic"}, status=400)
    WebhookEndpoint.objects.filter(pk=endpoint.pk).update(last_received_at=timezone.now())
    if not events:  # a topic Polku does not use: acknowledged, so the shop does not retry
        return JsonResponse({"status": "ignored", "topic": topic})
    try:
        result = record_events(endpoint.organization, events)
    except IntegrityError:  # a concurrent redelivery stored it first
        result = record_events(endpoint.organization, events)
    return JsonResponse({"created": len(result.created_ids), "duplicates": result.duplicates})
