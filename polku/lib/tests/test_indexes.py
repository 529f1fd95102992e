"""The indexes a stored answer goes into, on the database the suite runs on.

The migrations drop Django's own foreign-key indexes by name (surveys 0006, cases 0004);
these tests fail if a name did not match on this database and the old index is still there.
"""

import pytest
from django.db import connection

from polku.cases.models import Case
from polku.surveys.models import Response

pytestmark = pytest.mark.django_db

OPTIONAL = {
    Response: ["touchpoint", "channel", "employee", "customer"],
    Case: ["customer", "touchpoint", "channel", "employee", "assignee"],
}


def _indexes(model) -> dict[str, list[str]]:
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, model._meta.db_table)
    return {
        name: info["columns"]
        for name, info in constraints.items()
        if info["index"] and not info["primary_key"]
    }


def _definition(index: str) -> str:
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT sql FROM sqlite_master WHERE name = %s", [index])
        else:
            cursor.execute("SELECT indexdef FROM pg_indexes WHERE indexname = %s", [index])
        return cursor.fetchone()[0]


@pytest.mark.parametrize(
    ("model", "prefix", "kept"),
    [
        # A response's version; the partial index over the ids of unread comments.
        (Response, "response", {"version_id", "id"}),
        (Case, "case", set()),
    ],
)
def test_optional_keys_are_indexed_only_where_set(model, prefix, kept):
    indexes = _indexes(model)
    for field in OPTIONAL[model]:
        definition = _definition(f"{prefix}_{field}_set")
        assert f"{field}_id" in definition and "IS NOT NULL" in definition, definition
    one_column = sorted(columns[0] for columns in indexes.values() if len(columns) == 1)
    # Django's own indexes on the organization, the survey and the time are gone too: the
    # composite indexes start with them.
    assert one_column == sorted(kept | {f"{field}_id" for field in OPTIONAL[model]}), indexes


def test_responses_are_indexed_by_organization_and_time_together():
    assert ["organization_id", "created_at"] in _indexes(Response).values()


def test_a_look_up_by_customer_can_use_the_partial_index():
    query = str(Response.objects.filter(customer_id=5).only("pk").query)
    assert '"surveys_response"."customer_id" = 5' in query, query
    if connection.vendor == "sqlite":  # PostgreSQL's plan depends on its statistics
        with connection.cursor() as cursor:
            cursor.execute("EXPLAIN QUERY PLAN " + query)
            plan = " ".join(str(row) for row in cursor.fetchall())
        assert "response_customer_set" in plan, plan
