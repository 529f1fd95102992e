"""The REST API: /api/v1/, authenticated by per-organization API keys.

The OpenAPI schema is at /api/v1/openapi.json and the interactive docs at /api/v1/docs
(served by Polku itself, no CDN). Each app brings its router.
"""

from __future__ import annotations

from ninja import NinjaAPI

from polku.accounts.apikeys import ApiKeyAuth
from polku.customers.api import router as customers_router
from polku.insights.api import router as insights_router

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
