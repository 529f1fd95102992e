"""Repeat customers: who bought again, how soon, and the returning share by month."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from polku.customers.models import Customer, Event
from polku.insights.repeat import repeat_figures

HKI = ZoneInfo("Europe/Helsinki")
NOW = datetime(2026, 11, 23, 12, tzinfo=HKI)


def test_bought_again_counts_only_customers_who_had_the_time():
    orders = {
        1: [NOW - timedelta(days=100), NOW - timedelta(days=80)],  # again after 20 days
        2: [NOW - timedelta(days=100), NOW - timedelta(days=10)],  # again, but after 90 days
        3: [NOW - timedelta(days=100)],  # never again
        4: [NOW - timedelta(days=5)],  # too new to tell
    }
    figures = repeat_figures(orders, 30, min_count=1, now=NOW)
    assert figures.bought_again.count == 3
    assert figures.bought_again.value == pytest.approx(100 / 3)
    assert figures.days_to_second == 55  # median of 20 and 90
    assert figures.customers == 4
    within_year = repeat_figures(orders, 90, min_count=1, now=NOW)
    assert within_year.bought_again.value == pytest.approx(200 / 3)


def test_returning_share_by_month():
    orders = {
        1: [datetime(2026, 9, 3, tzinfo=HKI), datetime(2026, 10, 2, tzinfo=HKI)],
        2: [datetime(2026, 10, 9, tzinfo=HKI)],
    }
    months = repeat_figures(orders, 30, 1, now=NOW).months
    assert [(m.month, buying, back) for m, buying, back in months] == [(9, 1, 0), (10, 2, 1)]


def test_the_page_from_order_events(viewer_client, org):
    for n in range(3):
        customer = Customer.objects.create(organization=org, name=f"C{n}")
        for days in (200, 150)[: n + 1]:
            Event.objects.create(
                organization=org,
                customer=customer,
                kind=Event.Kind.ORDER_PLACED,
                occurred_at=NOW - timedelta(days=days),
                rules_applied=True,
            )
    page = viewer_client.get(reverse("insights:repeat", args=[org.slug]), {"within": "90"})
    assert page.status_code == 200
    figures = page.context["figures"]
    assert figures.customers == 3 and figures.second_count == 2
    empty = viewer_client.get(reverse("insights:repeat", args=["shop-a"]) + "?within=abc")
    assert empty.status_code == 200
