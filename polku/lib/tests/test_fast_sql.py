"""Statements run by polku.lib.fast_sql behave as through Django's cursor: the same rows, the
same errors, and logged wherever Django logs queries."""

from __future__ import annotations

import pytest
from django.db import IntegrityError, connection, transaction
from django.db.transaction import TransactionManagementError
from django.test.utils import CaptureQueriesContext

from polku.journeys.models import Channel
from polku.lib import fast_sql

pytestmark = pytest.mark.django_db

INSERT_CHANNEL = (
    f"INSERT INTO {Channel._meta.db_table} (organization_id, kind, name, position)"  # noqa: S608
    " VALUES (%s, %s, %s, %s) RETURNING id"
)


SELECT_TEST_CHANNELS = (
    f"SELECT name, kind FROM {Channel._meta.db_table}"  # noqa: S608
    " WHERE organization_id = %s AND name LIKE %s ORDER BY name"
)


def channel_rows(org) -> list[tuple]:
    return fast_sql.fetch_all(SELECT_TEST_CHANNELS, [org.pk, "Test %%"])


def test_rows_come_back_as_through_djangos_cursor(org):
    (first,) = fast_sql.fetch_all(INSERT_CHANNEL, [org.pk, "email", "Test mail", 0])
    fast_sql.execute_many(
        INSERT_CHANNEL.removesuffix(" RETURNING id"),
        [[org.pk, "store", "Test shop", 0], [org.pk, "phone", "Test line", 0]],
    )
    assert Channel.objects.get(pk=first[0]).name == "Test mail"
    with connection.cursor() as cursor:
        cursor.execute(SELECT_TEST_CHANNELS, [org.pk, "Test %%"])
        expected = cursor.fetchall()
    assert [tuple(row) for row in channel_rows(org)] == [tuple(row) for row in expected]
    assert [name for name, _kind in expected] == ["Test line", "Test mail", "Test shop"]


def test_a_broken_constraint_is_djangos_integrity_error(org):
    """What submit_response relies on when two posts of one answer race."""
    fast_sql.fetch_all(INSERT_CHANNEL, [org.pk, "email", "Test twice", 0])
    with pytest.raises(IntegrityError), transaction.atomic():
        fast_sql.fetch_all(INSERT_CHANNEL, [org.pk, "store", "Test twice", 0])
    with pytest.raises(IntegrityError), transaction.atomic():
        fast_sql.execute_many(
            INSERT_CHANNEL.removesuffix(" RETURNING id"), [[org.pk, None, "Test no kind", 0]]
        )
    assert [row[0] for row in channel_rows(org)] == ["Test twice"]


def test_a_transaction_that_failed_takes_no_more_statements(org):
    with transaction.atomic():
        fast_sql.fetch_all(INSERT_CHANNEL, [org.pk, "email", "Test twice", 0])
        # An error out of an inner block without a savepoint spoils the whole transaction.
        with pytest.raises(IntegrityError), transaction.atomic(savepoint=False):
            fast_sql.fetch_all(INSERT_CHANNEL, [org.pk, "store", "Test twice", 0])
        assert connection.needs_rollback
        with pytest.raises(TransactionManagementError):
            fast_sql.fetch_all("SELECT 1", [])


def test_statements_are_logged_where_django_logs_queries(org):
    with CaptureQueriesContext(connection) as queries:
        fast_sql.fetch_all(INSERT_CHANNEL, [org.pk, "email", "Test logged", 0])
        fast_sql.execute_many(
            INSERT_CHANNEL.removesuffix(" RETURNING id"), [[org.pk, "store", "Test many", 0]]
        )
    assert len(queries) == 2
    assert "Test logged" in queries[0]["sql"]


def test_wrapped_statements_go_through_the_wrapper(org):
    seen = []

    def wrapper(execute, sql, params, many, context):
        seen.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(wrapper):
        fast_sql.fetch_all(INSERT_CHANNEL, [org.pk, "email", "Test wrapped", 0])
    assert len(seen) == 1
