"""The inbound-email webhook: a mail service posts the raw message (RFC 822) here."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, JsonResponse
from django.utils.crypto import constant_time_compare
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from .replies import receive_email


@csrf_exempt  # authenticated by the secret in its address, posted by a mail service
@require_POST
def inbound_email(request: HttpRequest, secret: str) -> JsonResponse:
    if not settings.POLKU_INBOUND_SECRET or not constant_time_compare(
        secret, settings.POLKU_INBOUND_SECRET
    ):
        return JsonResponse({"detail": "unknown address"}, status=404)
    case = receive_email(request.body)
    if case is None:
        return JsonResponse({"detail": "no case matches this message"}, status=422)
    return JsonResponse({"case": case.pk})
