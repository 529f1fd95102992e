"""Customers matched and updated in bulk: the same person is one customer, in few queries."""

from datetime import UTC, datetime

from django.db import connection

from polku.customers.actions import (
    ConsentData,
    CustomerData,
    EventData,
    customers_by_source_id,
    record_events,
    stored_event_ids,
    upsert_customers,
)
from polku.customers.models import Consent, Customer, ExternalId


def test_same_person_by_id_or_email_within_a_batch_is_one_customer(org):
    batch = [
        CustomerData(source="shop", external_id="7", email="A@x.fi", name="Aili"),
        CustomerData(source="shop", email="a@x.fi", phone="040 123"),
        CustomerData(
            source="shop", external_id="7", tags=["vip"], consents=[ConsentData("surveys", True)]
        ),
        CustomerData(source="shop", email="b@x.fi"),
    ]
    first, second, third, other = upsert_customers(org, batch)
    assert first is second is third and other is not first
    assert Customer.objects.count() == 2
    aili = Customer.objects.get(email="a@x.fi")
    assert (aili.name, aili.phone, aili.tags) == ("Aili", "040 123", ["vip"])
    assert ExternalId.objects.get().customer == aili
    assert Consent.objects.get().customer == aili


def test_existing_customers_are_found_and_only_changed_ones_written(
    org, django_assert_max_num_queries
):
    upsert_customers(
        org,
        [CustomerData(source="shop", external_id=str(n), email=f"{n}@x.fi") for n in range(300)],
    )
    batch = [
        CustomerData(source="shop", external_id=str(n), name=f"N{n}" if n < 5 else "")
        for n in range(300)
    ]
    with django_assert_max_num_queries(8):
        customers = upsert_customers(org, batch)
    assert Customer.objects.count() == 300
    assert [c.name for c in customers[:6]] == ["N0", "N1", "N2", "N3", "N4", ""]


def test_a_thousand_events_cost_a_fixed_number_of_queries(org, django_assert_max_num_queries):
    at = datetime(2026, 11, 20, tzinfo=UTC)
    events = [
        EventData(
            kind="order_placed",
            occurred_at=at,
            source="api",
            external_id=str(n),
            customer=CustomerData(source="api", external_id=str(n % 100), email=f"c{n % 100}@x.fi"),
        )
        for n in range(1000)
    ]
    # SQLite inserts at most 999 values per statement: the events go in about 20 inserts.
    with django_assert_max_num_queries(30):
        result = record_events(org, events)
    assert len(result.created) == 1000 and Customer.objects.count() == 100


def test_a_batch_without_tags_keeps_the_customers_tags(org):
    upsert_customers(org, [CustomerData(source="shop", external_id="7", tags=["vip", "b2b"])])
    upsert_customers(org, [CustomerData(source="shop", external_id="7", name="Aili")])
    upsert_customers(org, [CustomerData(source="shop", external_id="7", tags=["newsletter"])])
    aili = Customer.objects.get()
    assert (aili.name, aili.tags) == ("Aili", ["b2b", "newsletter", "vip"])


def _sqlite_plan(org, queryset) -> str:
    """SQLite's plan for the query, on tables with a thousand events and customers and fresh
    statistics; elsewhere "" (the tests check the query's shape there).

    PostgreSQL's choice depends on statistics that a test cannot give it without changing
    them for all later tests: ANALYZE's row counts outlive the test's rolled-back
    transaction, and with "no rows" recorded, later tests' queries took seconds each.
    """
    if connection.vendor != "sqlite":
        return ""
    at = datetime(2026, 11, 20, tzinfo=UTC)
    record_events(
        org,
        [
            EventData(
                kind="order_placed",
                occurred_at=at,
                source="api",
                external_id=str(n),
                order_reference=f"#{n % 50}",
                customer=CustomerData(source="api", external_id=str(n)),
            )
            for n in range(1000)
        ],
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return queryset.explain()


def test_events_sent_before_are_found_through_the_unique_index(org):
    # Any other plan reads all of the organization's events on every bulk call: at a million
    # events the import and the API slowed to a crawl.
    query = stored_event_ids(org, "api", {"1", "2"})
    sql = str(query.query)
    # What lets a database use the partial unique index: the source named, the index's
    # condition repeated, and no ordering by another index.
    assert '"source" = ' in sql and 'NOT ("customers_event"."external_id" = ' in sql, sql
    assert "ORDER BY" not in sql, sql
    if plan := _sqlite_plan(org, query):
        assert "one_event_per_source_id" in plan, plan


def test_customers_are_found_by_their_id_through_the_unique_index(org):
    query = customers_by_source_id(org, "api", {"1", "2"}, ["name"])
    sql = str(query.query)
    assert '"customers_externalid"."organization_id" = ' in sql, sql
    assert '"customers_externalid"."source" = ' in sql, sql
    if plan := _sqlite_plan(org, query):
        assert "sqlite_autoindex_customers_externalid" in plan, plan
