"""Retention: the worker erases customers quiet for longer than the organization keeps data,
once a day; the owner sees beforehand who the next run erases."""

from __future__ import annotations

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from polku.automation.engine import run_automation
from polku.cases.models import Case
from polku.customers.models import Consent, Customer, Event
from polku.privacy.models import Erasure
from polku.privacy.retention import apply_retention, expired_customers, kept_for_open_cases


def customer(org, name: str, months_ago: int, **last) -> Customer:
    then = timezone.now() - timedelta(days=31 * months_ago)
    person = Customer.objects.create(organization=org, name=name, created_at=then)
    if "order" in last:
        Event.objects.create(
            organization=org,
            customer=person,
            kind=Event.Kind.ORDER_PLACED,
            occurred_at=timezone.now() - timedelta(days=31 * last["order"]),
            source="test",
        )
    if "consent" in last:
        Consent.objects.create(
            customer=person,
            purpose="surveys",
            granted=True,
            source="test",
            given_at=timezone.now() - timedelta(days=31 * last["consent"]),
        )
    if "case" in last:
        Case.objects.create(
            organization=org,
            customer=person,
            summary="Odottaa vastausta",
            due_at=timezone.now(),
            created_at=timezone.now() - timedelta(days=31 * last["case"]),
            status=last.get("status", Case.Status.NEW),
        )
    return person


def names(queryset) -> set[str]:
    return set(queryset.values_list("name", flat=True))


def test_quiet_customers_expire_and_active_ones_stay(org):
    customer(org, "Vanha", 30)
    customer(org, "Vanha tilaaja", 40, order=26)
    customer(org, "Tilasi äsken", 40, order=2)
    customer(org, "Uusi", 3)
    customer(org, "Suostui äsken", 40, consent=1)
    customer(org, "Avoin asia", 40, case=30)
    customer(org, "Suljettu asia", 40, case=30, status=Case.Status.CLOSED)
    assert org.retention_months == 24
    assert names(expired_customers(org)) == {"Vanha", "Vanha tilaaja", "Suljettu asia"}
    assert kept_for_open_cases(org) == 1
    org.retention_months = 28  # the order 26 months ago counts now
    assert names(expired_customers(org)) == {"Vanha", "Suljettu asia"}


def test_the_worker_erases_once_a_day(org):
    customer(org, "Vanha", 30)
    customer(org, "Uusi", 3)
    run_automation("test")
    assert names(Customer.objects.all()) == {"Uusi"}
    erasure = Erasure.objects.get()
    assert erasure.reason == "retention" and erasure.by is None
    org.refresh_from_db()
    assert org.retention_ran_on == timezone.localdate()
    # Later the same day nothing is looked at again, the next day it is.
    customer(org, "Toinen vanha", 30)
    assert apply_retention() == 0
    assert apply_retention(timezone.now() + timedelta(days=1)) == 1


def test_a_big_backlog_is_erased_a_batch_per_tick(org, monkeypatch):
    from polku.privacy import retention

    monkeypatch.setattr(retention, "BATCH", 2)
    for n in range(5):
        customer(org, f"Vanha {n}", 30)
    assert [apply_retention() for _ in range(4)] == [2, 2, 1, 0]
    assert not Customer.objects.exists()
    assert Erasure.objects.count() == 5


def test_the_owner_sets_the_period_and_sees_the_preview(org, owner_client):
    customer(org, "Vanha Asiakas", 30)
    url = reverse("privacy:overview", kwargs={"org": org.slug})
    page = owner_client.get(url).content.decode()
    assert "Vanha Asiakas" in page and "24" in page

    refused = owner_client.post(url, {"retention_months": "0"})
    assert refused.status_code == 200 and "Between 1 and 120 months" in refused.content.decode()
    org.refresh_from_db()
    assert org.retention_months == 24

    assert owner_client.post(url, {"retention_months": "36"}).status_code == 302
    org.refresh_from_db()
    assert org.retention_months == 36
    assert "Vanha Asiakas" not in owner_client.get(url).content.decode()
