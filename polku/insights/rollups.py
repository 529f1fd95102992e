"""Running totals of the answers, per survey, day, touchpoint, channel and employee.

Figures are read from these rows, never from a scan of the raw responses, so a page costs the
same at ten thousand and at ten million answers. Each response is added in the transaction
that stores it (`add_response`) and taken away in the one that erases it
(`subtract_response`); `recompute` rebuilds every row from the raw data, and the tests check
that the running totals and a recomputation agree. Each segment has the same totals of its
members' answers (SegmentRollup), also moved when a customer joins or leaves it.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from django.db import connection, transaction
from django.utils import timezone

from polku.customers.models import Customer
from polku.lib.sqlite_writes import one_writer
from polku.surveys.kinds import Kind
from polku.surveys.models import Answer, Response, ResponseRollup

from .models import Segment, SegmentMember, SegmentRollup

COUNTERS = [
    "responses",
    "nps_count",
    "nps_promoters",
    "nps_detractors",
    "csat_count",
    "csat_satisfied",
    "ces_count",
    "ces_sum",
    "ces_sq",
    "rating_count",
    "rating_sum",
    "rating_sq",
    "gap_count",
    "gap_sum",
    "gap_sq",
    "comments",
    *(f"nps_{n}" for n in range(11)),
    *(f"csat_{n}" for n in range(1, 6)),
]

# (kind, number, number2) of one answer: all a rollup needs to know of it.
Scored = tuple[str, int | None, int | None]


def slice_key(response: Response) -> str:
    # NULLs in a unique constraint are not comparable on SQLite: the key spells them out.
    ids = (response.touchpoint_id, response.channel_id, response.employee_id)
    return ":".join(str(i) if i else "-" for i in ids)


def increments(response: Response, answers: Iterable[Scored]) -> dict[str, int]:
    """What one response adds to each counter of its slice."""
    nps, csat, ces = response.nps, response.csat, response.ces
    counts = dict.fromkeys(COUNTERS, 0)
    counts.update(
        responses=1,
        nps_count=int(nps is not None),
        nps_promoters=int(nps is not None and nps >= 9),
        nps_detractors=int(nps is not None and nps <= 6),
        csat_count=int(csat is not None),
        csat_satisfied=int(csat is not None and csat >= 4),
        ces_count=int(ces is not None),
        ces_sum=ces or 0,
        ces_sq=(ces or 0) ** 2,
        comments=int(response.has_comment),
    )
    if nps is not None:
        counts[f"nps_{nps}"] = 1
    if csat is not None:
        counts[f"csat_{csat}"] = 1
    for kind, number, number2 in answers:
        if kind == Kind.RATING and number is not None:
            counts["rating_count"] += 1
            counts["rating_sum"] += number
            counts["rating_sq"] += number * number
        elif kind == Kind.EXPECTATION and number is not None and number2 is not None:
            gap = number2 - number  # what they got minus what they expected
            counts["gap_count"] += 1
            counts["gap_sum"] += gap
            counts["gap_sq"] += gap * gap
    return counts


# The columns that say which slice a row totals: the same in both rollup tables, beside
# the segment's id in SegmentRollup.
SLICE_COLUMNS = [
    "organization_id",
    "survey_id",
    "day",
    "touchpoint_id",
    "channel_id",
    "employee_id",
    "slice_key",
]
# What identifies a row of each table (its unique constraint).
ROW_KEYS = {
    ResponseRollup: ["survey_id", "day", "slice_key"],
    SegmentRollup: ["segment_id", "survey_id", "day", "slice_key"],
}


def slice_of(response: Response) -> dict:
    return {
        "organization_id": response.organization_id,
        "survey_id": response.survey_id,
        "day": timezone.localdate(response.created_at),
        "touchpoint_id": response.touchpoint_id,
        "channel_id": response.channel_id,
        "employee_id": response.employee_id,
        "slice_key": slice_key(response),
    }


def _add(model, rows: list[dict]) -> None:
    """INSERT … ON CONFLICT DO UPDATE (SQLite and PostgreSQL alike): the first answer of a
    slice creates its row, later ones add to it, and concurrent writers lose no count."""
    if not rows:
        return
    table = model._meta.db_table
    columns = (["segment_id"] if model is SegmentRollup else []) + SLICE_COLUMNS + COUNTERS
    updates = ", ".join(f"{c} = {table}.{c} + excluded.{c}" for c in COUNTERS)
    sql = (
        f"INSERT INTO {table} ({', '.join(columns)}) "  # noqa: S608 - names are ours
        f"VALUES ({', '.join(['%s'] * len(columns))}) "
        f"ON CONFLICT ({', '.join(ROW_KEYS[model])}) DO UPDATE SET {updates}"
    )
    with connection.cursor() as cursor:
        cursor.executemany(sql, [[row[c] for c in columns] for row in rows])


def _take(model, rows: list[dict]) -> None:
    """Subtract rows from the totals they were added to.

    An UPDATE, not the upsert: the rows exist, and a proposed row of negative counts would
    break the counters' CHECK (>= 0) on PostgreSQL before any conflict is looked at."""
    if not rows:
        return
    table = model._meta.db_table
    keys = ROW_KEYS[model]
    sets = ", ".join(f"{c} = {c} - %s" for c in COUNTERS)
    where = " AND ".join(f"{k} = %s" for k in keys)
    sql = f"UPDATE {table} SET {sets} WHERE {where}"  # noqa: S608 - names are ours
    with connection.cursor() as cursor:
        cursor.executemany(sql, [[row[c] for c in COUNTERS + keys] for row in rows])


def segments_of_customer(customer_id: int) -> list[int]:
    """The segments a customer is in, read so that a segment's recount cannot slip past.

    On PostgreSQL the customer's row is locked first: a recount moving this customer in or
    out of a segment locks it too (polku.insights.segments), so either this answer is stored
    before the recount reads the customer's answers, or it sees the new membership. SQLite
    has one writer at a time already.
    """
    if connection.vendor != "sqlite":
        list(Customer.objects.select_for_update(no_key=True).filter(pk=customer_id).values("pk"))
    return list(
        SegmentMember.objects.filter(customer_id=customer_id).values_list("segment_id", flat=True)
    )


def _rows_for(response: Response, counts: dict[str, int]) -> tuple[dict, list[dict]]:
    """The organization's row of a response and one row per segment its customer is in."""
    row = {**slice_of(response), **counts}
    segments = segments_of_customer(response.customer_id) if response.customer_id else []
    return row, [{**row, "segment_id": segment_id} for segment_id in segments]


def add_response(response: Response, answers: Iterable[Scored]) -> None:
    """Add a stored response to its totals (call inside the storing transaction)."""
    row, segment_rows = _rows_for(response, increments(response, answers))
    _add(ResponseRollup, [row])
    _add(SegmentRollup, segment_rows)


def subtract_response(response: Response) -> None:
    """Take a response out of its totals (call inside the transaction that erases it,
    before its answers are gone)."""
    counts = increments(response, response.answers.values_list("kind", "number", "number2"))
    row, segment_rows = _rows_for(response, counts)
    _take(ResponseRollup, [row])
    _take(SegmentRollup, segment_rows)


def move_customers(segment_id: int, customer_ids: Iterable[int], joined: bool) -> None:
    """Add the answers of customers who joined a segment to its totals, or take those of
    customers who left out (inside the transaction that changes the membership)."""
    rows = _totals(Response.objects.filter(customer_id__in=list(customer_ids)))
    change = [{**row, "segment_id": segment_id} for row in rows.values()]
    (_add if joined else _take)(SegmentRollup, change)


def computed(responses, answer_model=Answer) -> dict[tuple, dict]:
    """The rollup rows that `responses` make, computed from scratch: key → row values."""
    rows: dict[tuple, dict] = {}
    answers: dict[int, list[Scored]] = defaultdict(list)
    responses = list(responses)
    ids = [r.pk for r in responses]
    for start in range(0, len(ids), 500):
        for response_id, kind, number, number2 in answer_model.objects.filter(
            response_id__in=ids[start : start + 500], kind__in=[Kind.RATING, Kind.EXPECTATION]
        ).values_list("response_id", "kind", "number", "number2"):
            answers[response_id].append((kind, number, number2))
    for response in responses:
        key = (response.survey_id, timezone.localdate(response.created_at), slice_key(response))
        if key not in rows:
            rows[key] = {**slice_of(response), **dict.fromkeys(COUNTERS, 0)}
        for name, value in increments(response, answers[response.pk]).items():
            rows[key][name] += value
    return rows


BATCH = 5000
# What computing a response's rows reads of it.
RESPONSE_FIELDS = (
    "pk",
    "organization_id",
    "survey_id",
    "touchpoint_id",
    "channel_id",
    "employee_id",
    "created_at",
    "nps",
    "csat",
    "ces",
    "has_comment",
)


def _totals(responses, answer_model=Answer) -> dict[tuple, dict]:
    """`computed` over any number of responses, read in batches."""
    responses = responses.only(*RESPONSE_FIELDS).order_by("pk")
    totals: dict[tuple, dict] = {}
    last = 0
    while True:
        batch = list(responses.filter(pk__gt=last)[:BATCH])
        if not batch:
            return totals
        for key, row in computed(batch, answer_model).items():
            if key in totals:
                for name in COUNTERS:
                    totals[key][name] += row[name]
            else:
                totals[key] = row
        last = batch[-1].pk


def recompute(organization=None, models=None) -> int:
    """Rebuild the rollups (of one organization, or all) from the raw responses, and each
    segment's from its members' responses; the organizations' rows made.

    One transaction, holding the write lock: no answer stored meanwhile can be missed.
    `models` is (Response, Answer, ResponseRollup) for a migration's historical models.
    """
    response_model, answer_model, rollup_model = models or (Response, Answer, ResponseRollup)
    responses = response_model.objects.all()
    rollups = rollup_model.objects.all()
    if organization is not None:
        responses = responses.filter(organization=organization)
        rollups = rollups.filter(organization=organization)
    with one_writer(), transaction.atomic():
        totals = _totals(responses, answer_model)
        rollups.delete()
        # A migration's historical model may not have the counters added after it.
        known = {field.name for field in rollup_model._meta.get_fields()} | {
            f"{field.name}_id" for field in rollup_model._meta.get_fields() if field.is_relation
        }
        rollup_model.objects.bulk_create(
            (
                rollup_model(**{k: v for k, v in row.items() if k in known})
                for row in totals.values()
            ),
            batch_size=1000,
        )
        if models is None:
            segments = Segment.objects.all()
            if organization is not None:
                segments = segments.filter(organization=organization)
            for segment in segments:
                rebuild_segment(segment)
    return len(totals)


def rebuild_segment(segment: Segment) -> int:
    """A segment's totals made again from its members' responses; rows made."""
    SegmentRollup.objects.filter(segment=segment).delete()
    members = SegmentMember.objects.filter(segment=segment).values("customer_id")
    totals = _totals(Response.objects.filter(customer_id__in=members))
    SegmentRollup.objects.bulk_create(
        (SegmentRollup(segment=segment, **row) for row in totals.values()), batch_size=1000
    )
    return len(totals)


def recompute_in_migration(apps, schema_editor) -> None:
    """For a migration that adds counters: fill them for every existing row."""
    recompute(
        models=(
            apps.get_model("surveys", "Response"),
            apps.get_model("surveys", "Answer"),
            apps.get_model("surveys", "ResponseRollup"),
        )
    )
