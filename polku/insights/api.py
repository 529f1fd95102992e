"""API routes for business figures (mounted under /api/v1/ by polku.api)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Annotated, Literal

from ninja import Field, Router, Schema
from pydantic import BaseModel, StrictInt

from polku.accounts.apikeys import ApiKeyAuth
from polku.accounts.models import ApiKey
from polku.lib.api_schemas import ERRORS, Day

from .kpis import save_entry
from .models import KpiEntry

router = Router(tags=["business figures"])

Money = Annotated[Decimal, Field(ge=0, lt=Decimal("1e12"), max_digits=14, decimal_places=2)]
Whole = Annotated[StrictInt, Field(ge=0, le=2_000_000_000)]


class KpiIn(BaseModel):
    period: Literal["month", "week"] = "month"
    starts: Day
    cash: Money | None = None
    sales: Money | None = None
    leads: Whole | None = None
    visitors: Whole | None = None
    conversion: Annotated[Decimal, Field(ge=0, le=100, max_digits=5, decimal_places=2)] | None = (
        None
    )
    average_order: Money | None = None


class KpiOut(Schema):
    period: str
    starts: date
    cash: Decimal | None
    sales: Decimal | None
    leads: int | None
    visitors: int | None
    conversion: Decimal | None
    average_order: Decimal | None


@router.post(
    "/kpis",
    auth=ApiKeyAuth(ApiKey.Scope.ADMIN),
    response={200: KpiOut, **ERRORS},
    summary="Save one month's (or week's) figures",
)
def post_kpi(request, entry: KpiIn):
    """Creates the period's entry or replaces it: sending a month again corrects it."""
    data = entry.model_dump()
    return save_entry(request.auth.organization, data.pop("period"), data.pop("starts"), **data)


@router.get(
    "/kpis", response={200: list[KpiOut], **ERRORS}, summary="The figures entered, newest first"
)
def list_kpis(request):
    return KpiEntry.objects.filter(organization=request.auth.organization).order_by("-starts")[:500]
