"""Statements on the path that stores a survey answer, run on SQLite's own cursor.

Through Django's cursor a statement passes several layers of wrappers, and SQLite's wrapper
rewrites its placeholders with a regular expression every time. For the few-row statements
that store an answer that cost about as much as SQLite's own work, and on SQLite it is spent
while holding the one writer's lock (polku.lib.sqlite_writes, bench/README.md). Here, on
SQLite, each statement's rewrite is made once and the statement runs on the connection's own
cursor, inside Django's error translation (a broken unique constraint is still Django's
IntegrityError). On PostgreSQL, and whenever queries are being logged (DEBUG, tests that
count queries) or wrapped, Django's cursor runs it as usual.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Sequence

from django.db import DEFAULT_DB_ALIAS, connections
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.backends.sqlite3.base import FORMAT_QMARK_REGEX


@functools.lru_cache(maxsize=512)
def _qmark(sql: str) -> str:
    """`%s` placeholders as SQLite's `?`, as Django's SQLite cursor rewrites them."""
    return FORMAT_QMARK_REGEX.sub("?", sql).replace("%%", "%")


def _sqlite_cursor(connection: BaseDatabaseWrapper):
    """SQLite's own cursor, or None where Django's cursor must run the statement."""
    if connection.vendor != "sqlite" or connection.queries_logged or connection.execute_wrappers:
        return None
    # What Django's cursor checks before a statement, in the same order.
    connection.close_if_health_check_failed()
    connection.ensure_connection()
    connection.validate_no_broken_transaction()
    return connection.connection.cursor()


def fetch_all(sql: str, params: Sequence) -> list[tuple]:
    """Run one statement (`%s` placeholders) and return its rows (none for most writes)."""
    connection = connections[DEFAULT_DB_ALIAS]
    cursor = _sqlite_cursor(connection)
    if cursor is None:
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall() if cursor.description else []
    with connection.wrap_database_errors:
        return cursor.execute(_qmark(sql), params).fetchall()


def execute_many(sql: str, param_list: Iterable[Sequence]) -> None:
    """Run one statement (`%s` placeholders) once for each set of parameters."""
    connection = connections[DEFAULT_DB_ALIAS]
    cursor = _sqlite_cursor(connection)
    if cursor is None:
        with connection.cursor() as cursor:
            cursor.executemany(sql, param_list)
        return
    with connection.wrap_database_errors:
        cursor.executemany(_qmark(sql), param_list)
