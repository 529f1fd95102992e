"""Insert many rows in a few statements and get their ids back.

Django's bulk_create prepares every value of every row through the field machinery, which
costs more than the database's own work for wide rows (bench/README.md, ingest). This
builds multi-row `INSERT … RETURNING id` statements from plain tuples, converting only the
kinds of value that need it (times, decimals, JSON), with Django's own adapters (and a
quicker path to the same text for SQLite's times).

RETURNING gives the ids in the order of the rows, as Django's bulk_create also relies on.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from datetime import datetime

from django.db import DEFAULT_DB_ALIAS, connections, models
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.backends.base.operations import BaseDatabaseOperations
from django.db.models.fields import NOT_PROVIDED

from polku.lib.fast_sql import fetch_all

# Bound parameters per statement: SQLite's limit since 3.32, and under PostgreSQL's 65 535.
MAX_PARAMETERS = 32_000


def _database() -> BaseDatabaseWrapper:
    """The connection itself: every attribute read through `django.db.connection` is a
    look-up in a context-local store, which added up to a fifth of inserting a few rows."""
    return connections[DEFAULT_DB_ALIAS]


def _sqlite_datetime(connection: BaseDatabaseWrapper) -> Callable:
    """What Django's SQLite adapter does with an aware time, less its look-ups of the settings
    and the connection for every value (a tenth of a bulk call's conversions): the naive
    text of it in the database's zone (UTC)."""
    zone = connection.timezone
    adapt = connection.ops.adapt_datetimefield_value

    def convert(value: datetime) -> str:
        if isinstance(value, datetime) and value.tzinfo is not None:
            return str(value.astimezone(zone).replace(tzinfo=None))
        return adapt(value)

    return convert


def _converter(field: models.Field, connection: BaseDatabaseWrapper) -> Callable | None:
    ops = connection.ops
    kind = field.get_internal_type()
    if kind == "DateTimeField":
        return (
            _sqlite_datetime(connection)
            if connection.vendor == "sqlite"
            else ops.adapt_datetimefield_value
        )
    if kind == "DecimalField":
        if type(ops).adapt_decimalfield_value is BaseDatabaseOperations.adapt_decimalfield_value:
            return None  # the driver takes decimals as they are (SQLite, PostgreSQL)
        return lambda value: ops.adapt_decimalfield_value(
            value, field.max_digits, field.decimal_places
        )
    if kind == "JSONField":
        return lambda value: ops.adapt_json_value(value, field.encoder)
    return None


@functools.lru_cache(maxsize=256)
def _converters(
    model: type[models.Model], columns: tuple[str, ...], connection: BaseDatabaseWrapper
) -> list[tuple[int, Callable]]:
    """(column's position, converter) for the columns whose values need converting; kept
    per model, columns and connection (a connection per thread; its zone does not change)."""
    fields = [model._meta.get_field(name) for name in columns]
    return [(i, c) for i, field in enumerate(fields) if (c := _converter(field, connection))]


def adapt_rows(model: type[models.Model], columns: Sequence[str], rows: list[tuple]) -> list:
    """The rows, as lists, with each value in the form the database driver takes (times,
    decimals, JSON).

    Separate from `insert_rows` so that a caller can do this work before it takes a lock.
    """
    converters = _converters(model, tuple(columns), _database())
    if not converters:
        return [list(row) for row in rows]
    converted = []
    # The same value in many rows (a batch's "now") is converted once.
    last: dict[int, tuple] = {}
    for row in rows:
        row = list(row)
        for i, convert in converters:
            value = row[i]
            if value is None:
                continue
            seen = last.get(i)
            if seen is not None and seen[0] is value:
                row[i] = seen[1]
            else:
                row[i] = convert(value)
                last[i] = (value, row[i])
        converted.append(row)
    return converted


def insert_rows(
    model: type[models.Model], columns: Sequence[str], rows: list, *, adapted: bool = False
) -> list[int]:
    """Insert `rows` (values in the order of the field names in `columns`); return the ids.

    With `adapted`, the rows come from `adapt_rows` already.
    """
    if not rows:
        return []
    if not adapted:
        rows = adapt_rows(model, columns, rows)
    columns = tuple(columns)
    # A nullable column that is empty in every row is left out: NULL is what the database
    # puts there, and every value left out is one less to bind and index (a bulk call's
    # events often name no touchpoint, channel, employee or promised time).
    empty = {i for i in _omissible(model, columns) if all(row[i] is None for row in rows)}
    if empty:
        columns = tuple(name for i, name in enumerate(columns) if i not in empty)
        rows = [[value for i, value in enumerate(row) if i not in empty] for row in rows]
    head, placeholder, returning = _statement_parts(model, columns, _database().vendor)
    per_statement = max(1, MAX_PARAMETERS // len(columns))
    ids: list[int] = []
    for start in range(0, len(rows), per_statement):
        chunk = rows[start : start + per_statement]
        params = [value for row in chunk for value in row]
        sql = head + ",".join([placeholder] * len(chunk)) + returning
        ids += [row[0] for row in fetch_all(sql, params)]
    return ids


@functools.lru_cache(maxsize=256)
def _omissible(model: type[models.Model], columns: tuple[str, ...]) -> tuple[int, ...]:
    """The positions of the columns a NULL may be left out of (nullable, no database default)."""
    fields = [model._meta.get_field(name) for name in columns]
    return tuple(
        i for i, field in enumerate(fields) if field.null and field.db_default is NOT_PROVIDED
    )


@functools.lru_cache(maxsize=256)
def _statement_parts(
    model: type[models.Model], columns: tuple[str, ...], vendor: str
) -> tuple[str, str, str]:
    """The statement's beginning, one row's placeholders and its end, made once per model,
    columns and database (the same for every connection to it)."""
    quote = _database().ops.quote_name
    # Table and column names come from the model, quoted; every value is a bound parameter.
    table = quote(model._meta.db_table)
    names = ", ".join(quote(model._meta.get_field(name).column) for name in columns)
    # No spaces in the placeholders: Django's SQLite cursor, where it is used, rewrites them
    # with a regular expression that reads the whole statement, a long one for many rows.
    return (
        f"INSERT INTO {table} ({names}) VALUES ",  # noqa: S608
        "(" + ",".join(["%s"] * len(columns)) + ")",
        f" RETURNING {quote('id')}",
    )


@functools.cache
def _insertable_fields(
    model: type[models.Model],
) -> tuple[list[tuple[str, models.Field | None]], tuple[str, ...]]:
    """(attribute, field) per column, the field only where its `pre_save` does more than read
    the attribute (times set on save); and the columns' names."""
    fields = [field for field in model._meta.concrete_fields if not field.primary_key]
    readers = [
        (field.attname, None if type(field).pre_save is models.Field.pre_save else field)
        for field in fields
    ]
    return readers, tuple(field.name for field in fields)


def insert_objects(objects: Sequence[models.Model]) -> None:
    """Insert new instances of one model, as `bulk_create` would, and set their ids.

    For the few rows a request stores (a response, its answers, its case): `Model.save()`
    and `bulk_create` cost about a millisecond each in Django's field machinery, several
    times the database's own work. Fields' `pre_save` still runs (times set on save). No
    signals are sent, so this is only for models that have no receivers.
    """
    if not objects:
        return
    model = type(objects[0])
    readers, names = _insertable_fields(model)
    rows = [
        tuple(
            getattr(obj, attname) if field is None else field.pre_save(obj, True)
            for attname, field in readers
        )
        for obj in objects
    ]
    ids = insert_rows(model, names, rows)
    for obj, pk in zip(objects, ids, strict=True):
        obj.pk = pk
        obj._state.adding = False
        obj._state.db = DEFAULT_DB_ALIAS
