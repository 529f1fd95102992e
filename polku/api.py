"""The REST API: /api/v1/, authenticated by per-organization API keys.

The OpenAPI schema is at /api/v1/openapi.json and the interactive docs at /api/v1/docs
(served by Polku itself, no CDN). Each app brings its router.
"""

from __future__ import annotations

from django.http import HttpRequest
from ninja import NinjaAPI
from ninja.security import HttpBearer

from polku.accounts.apikeys import api_key_for
from polku.accounts.models import ApiKey
from polku.customers.api import router as customers_router
from polku.insights.api import router as insights_router


class ApiKeyAuth(HttpBearer):
    """`Authorization: Bearer polku_…`; the key decides the organization."""

    def authenticate(self, request: HttpRequest, token: str) -> ApiKey | None:
        return api_key_for(token)


api = NinjaAPI(
    title="Polku API",
    version="1",
    urls_namespace="api",
    auth=ApiKeyAuth(),
    docs_url="/docs",
    openapi_url="/openapi.json",
)
api.add_router("/", customers_router)
api.add_router("/", insights_router)
