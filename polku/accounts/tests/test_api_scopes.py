"""API keys have a scope: a read-only key reads, a webshop's key also sends customers and
events, only an admin key enters business figures. A refused call gets 403, stores
nothing, and the key can still do what its scope allows."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import call_command
from django.urls import reverse

from polku.accounts.apikeys import create_api_key
from polku.accounts.models import ApiKey
from polku.customers.models import Customer, Event
from polku.insights.models import KpiEntry

EVENT = {"kind": "order_placed", "occurred_at": "2026-11-30T12:00:00+02:00", "amount": "20.00"}
CUSTOMER = {"email": "maija@example.fi", "name": "Maija"}
KPI = {"starts": "2026-11-01", "sales": "1000"}


def call(client, key: str, method: str, path: str, body: dict | None = None):
    headers = {"HTTP_AUTHORIZATION": f"Bearer {key}"}
    if method == "get":
        return client.get(f"/api/v1/{path}", **headers)
    return client.post(
        f"/api/v1/{path}", json.dumps(body), content_type="application/json", **headers
    )


@pytest.mark.parametrize(
    ("scope", "allowed"),
    [
        ("read", {"list kpis"}),
        ("events", {"list kpis", "event", "customer"}),
        ("admin", {"list kpis", "event", "customer", "kpi"}),
    ],
)
def test_a_key_does_what_its_scope_allows_and_nothing_else(client, org, owner, scope, allowed):
    key = create_api_key(org, scope, owner, scope)[1]
    calls = {
        "list kpis": ("get", "kpis", None),
        "event": ("post", "events", EVENT),
        "customer": ("post", "customers", CUSTOMER),
        "kpi": ("post", "kpis", KPI),
    }
    for name, (method, path, body) in calls.items():
        status = call(client, key, method, path, body).status_code
        if name in allowed:
            assert status in {200, 201}, (scope, name, status)
        else:
            assert status == 403, (scope, name, status)
    assert Event.objects.exists() == ("event" in allowed)
    assert Customer.objects.exists() == ("customer" in allowed)
    assert KpiEntry.objects.exists() == ("kpi" in allowed)


def test_the_refusal_says_which_scope_is_needed(client, org, owner):
    key = create_api_key(org, "reader", owner, ApiKey.Scope.READ)[1]
    answer = call(client, key, "post", "events", EVENT)
    assert answer.status_code == 403 and "'events'" in answer.json()["detail"]


def test_owners_choose_the_scope_and_see_it(owner_client, org):
    url = reverse("accounts:api_keys", args=[org.slug])
    page = owner_client.post(url, {"name": "kirjanpito", "scope": "read"})
    assert page.status_code == 200 and ApiKey.objects.get().scope == "read"
    assert "Read only" in page.content.decode()
    refused = owner_client.post(url, {"name": "x", "scope": "root"})
    assert refused.status_code == 200 and ApiKey.objects.count() == 1


def test_the_command_line_makes_a_key_of_a_scope(org):
    out = io.StringIO()
    call_command("apikey", "create", "--org", org.slug, "--scope", "admin", "--json", stdout=out)
    key = json.loads(out.getvalue())["key"]
    assert ApiKey.objects.get().scope == "admin" and key.startswith("polku_")
