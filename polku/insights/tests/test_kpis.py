"""Business figures: the essay's revenue model, entering, importing and the API."""

from __future__ import annotations

import io
import json
from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation

from polku.accounts.apikeys import create_api_key
from polku.conftest import client_for
from polku.insights.kpis import import_kpis, revenue, save_entry
from polku.insights.models import KpiEntry
from polku.lib.money import format_money


def test_the_essays_revenue_model_in_finnish():
    with translation.override("fi"):
        assert (
            format_money(revenue(10_000, Decimal(2), Decimal(120)), decimals=0) == "24\xa0000\xa0€"
        )
        assert (
            format_money(revenue(12_500, Decimal(3), Decimal(125)), decimals=0) == "46\xa0875\xa0€"
        )


def test_what_if_page_reproduces_the_essay(viewer_client, org):
    url = reverse("insights:revenue", args=[org.slug])
    query = {
        "visitors": "10000",
        "conversion": "2",
        "average_order": "120",
        "visitors2": "12500",
        "conversion2": "3",
        "average_order2": "125",
    }
    html = viewer_client.get(url, query, HTTP_ACCEPT_LANGUAGE="fi").content.decode()
    assert "24\xa0000\xa0€" in html and "46\xa0875\xa0€" in html
    assert "+22\xa0875\xa0€" in html  # the difference
    bad = viewer_client.get(url, query | {"conversion": "120"})
    assert bad.status_code == 200 and "errorlist" in bad.content.decode()


def test_the_calculator_starts_from_the_latest_month(viewer_client, org):
    save_entry(
        org,
        "month",
        date(2026, 9, 14),
        visitors=10_000,
        conversion=Decimal(2),
        average_order=Decimal(120),
    )
    html = viewer_client.get(reverse("insights:revenue", args=[org.slug])).content.decode()
    assert 'value="10000"' in html and "€24,000" in html


def test_a_month_entered_twice_is_replaced(org):
    save_entry(org, "month", date(2026, 10, 20), sales=Decimal(100))
    save_entry(org, "month", date(2026, 10, 1), sales=Decimal(200), leads=4)
    entry = KpiEntry.objects.get()
    assert (entry.starts, entry.sales, entry.leads) == (date(2026, 10, 1), 200, 4)


def test_entering_needs_a_manager(org, owner_client, viewer_client, agent):
    url = reverse("insights:kpis", args=[org.slug])
    data = {
        "kpi-period": "month",
        "kpi-starts": "2026-10-05",
        "kpi-cash": "18400",
        "kpi-sales": "24000",
        "kpi-leads": "35",
    }
    viewer_client.post(url, data)
    client_for(agent).post(url, data)
    assert not KpiEntry.objects.exists()
    assert owner_client.post(url, data).status_code == 302
    page = viewer_client.get(url).content.decode()
    assert "€18,400.00" in page and "35" in page


def csv_file(text: str):
    return lambda: io.BytesIO(text.encode())


def test_import_refuses_a_file_with_any_wrong_row(org):
    text = (
        "starts,sales,leads,conversion\n2026-08,1000,3,2\n2026-09,abc,2.5,150\nnot-a-date,1,1,1\n"
    )
    report = import_kpis(org, csv_file(text), "k.csv")
    assert not report.stored and not KpiEntry.objects.exists()
    lines = [line for line, _message in report.errors]
    assert lines == [3, 4]  # the first problem of each wrong row, by its line number


def test_import_saves_and_a_dry_run_does_not(org):
    text = "starts;cash;sales;conversion\n2026-08;18 400,50;24000;2,5\n2026-09-01;;30000;3\n"
    assert not import_kpis(org, csv_file(text), "k.csv", dry_run=True).stored
    assert not KpiEntry.objects.exists()
    report = import_kpis(org, csv_file(text), "k.csv")
    assert report.stored and report.created == 2
    august = KpiEntry.objects.get(starts=date(2026, 8, 1))
    assert (august.cash, august.conversion) == (Decimal("18400.50"), Decimal("2.5"))


def test_import_page(org, owner_client):
    upload = io.BytesIO(b"starts,sales\n2026-07,5000\n")
    upload.name = "kpis.csv"
    response = owner_client.post(reverse("insights:kpi_import", args=[org.slug]), {"file": upload})
    assert response.status_code == 302 and KpiEntry.objects.get().sales == 5000


@pytest.fixture
def key(org, owner):
    return create_api_key(org, "books", owner, "admin")[1]


def test_api_posts_and_lists_figures(client, org, key):
    headers = {"HTTP_AUTHORIZATION": f"Bearer {key}"}
    body = {
        "starts": "2026-10-01",
        "sales": "46875",
        "visitors": 12500,
        "conversion": "3",
        "average_order": "125",
    }
    response = client.post(
        "/api/v1/kpis", json.dumps(body), content_type="application/json", **headers
    )
    assert response.status_code == 200
    client.post(
        "/api/v1/kpis",
        json.dumps(body | {"sales": "46000"}),
        content_type="application/json",
        **headers,
    )
    assert KpiEntry.objects.get().sales == 46000
    bad = client.post(
        "/api/v1/kpis",
        json.dumps(body | {"conversion": "101"}),
        content_type="application/json",
        **headers,
    )
    assert bad.status_code == 422
    listed = client.get("/api/v1/kpis", **headers).json()
    assert listed[0]["visitors"] == 12500
    assert client.get("/api/v1/kpis").status_code == 401


def test_the_strip_exports_as_csv(viewer_client, org):
    save_entry(org, "month", date(2026, 9, 1), cash=Decimal("18400.50"), leads=35)
    response = viewer_client.get(reverse("insights:kpis_csv", args=[org.slug]))
    text = b"".join(response).decode().lstrip("\ufeff")
    header, row = text.strip().splitlines()
    assert header.startswith("period,starts,cash,sales,leads")
    assert row.startswith("month,2026-09-01,18400.50,,35")
