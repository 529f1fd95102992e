"""Repeat customers from the order events: who bought again, how soon, month by month.

One pass over the organization's orders (customer and time, in order), counted in plain
functions so the arithmetic is tested without a database.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from statistics import median

from django.utils import timezone

from polku.customers.models import Event

from .metrics import Figure, share_figure


def orders_by_customer(organization, segment=None) -> dict[int, list[datetime]]:
    """Each customer's (or each segment member's) order times, oldest first."""
    orders: dict[int, list[datetime]] = defaultdict(list)
    rows = Event.objects.filter(
        organization=organization, kind=Event.Kind.ORDER_PLACED, customer__isnull=False
    )
    if segment is not None:
        rows = rows.filter(customer__segment_memberships__segment=segment)
    rows = rows.order_by("customer_id", "occurred_at").values_list("customer_id", "occurred_at")
    for customer_id, at in rows.iterator(chunk_size=5000):
        orders[customer_id].append(at)
    return orders


@dataclass(frozen=True)
class Repeat:
    within_days: int
    bought_again: Figure  # share of customers who bought again within the days
    days_to_second: float | None  # median, among those who bought twice
    second_count: int
    customers: int  # with at least one order
    months: list[tuple[date, int, int]]  # (month, buying customers, of them returning)


def repeat_figures(
    orders: dict[int, list[datetime]], within_days: int, min_count: int, now: datetime | None = None
) -> Repeat:
    now = now or timezone.now()
    window = timedelta(days=within_days)
    eligible = again = 0
    gaps = []
    months: dict[date, set[int]] = defaultdict(set)
    returning: dict[date, set[int]] = defaultdict(set)
    for customer, times in orders.items():
        first = times[0]
        if len(times) > 1:
            gaps.append((times[1] - first).total_seconds() / 86400)
        # Only customers who have had the whole window to come back count.
        if first + window <= now:
            eligible += 1
            if len(times) > 1 and times[1] - first <= window:
                again += 1
        for i, at in enumerate(times):
            month = timezone.localtime(at).date().replace(day=1)
            months[month].add(customer)
            if i > 0:
                returning[month].add(customer)
    return Repeat(
        within_days=within_days,
        bought_again=share_figure(again, eligible, min_count),
        days_to_second=median(gaps) if gaps else None,
        second_count=len(gaps),
        customers=len(orders),
        months=[
            (month, len(months[month]), len(returning[month] & months[month]))
            for month in sorted(months)
        ],
    )
