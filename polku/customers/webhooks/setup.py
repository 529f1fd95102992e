"""Creating webhook endpoints and telling the shop owner what to paste where."""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse

from polku.accounts.models import Organization

from ..models import WebhookEndpoint


def add_endpoint(organization: Organization, platform: str, secret: str = "") -> WebhookEndpoint:
    endpoint = WebhookEndpoint(organization=organization, platform=platform)
    if secret:
        endpoint.secret = secret  # e.g. the signing key Shopify's admin shows for the store
    endpoint.save()
    return endpoint


def endpoint_url(endpoint: WebhookEndpoint) -> str:
    return settings.SITE_URL + reverse("webhook", args=[endpoint.platform, endpoint.token])
