"""Running totals of the answers, per survey, day, touchpoint, channel and employee.

Figures are read from these rows, never from a scan of the raw responses, so a page costs the
same at ten thousand and at ten million answers. Each response is added in the transaction
that stores it (`add_response`) and taken away in the one that erases it
(`subtract_response`); `recompute` rebuilds every row from the raw data, and the tests check
that the running totals and a recomputation agree. Each segment has the same totals of its
members' answers (SegmentRollup), also moved when a customer joins or leaves it.
"""

from __future__ import annotations

import functools
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import connection, transaction
from django.utils import timezone

from polku.accounts.models import Organization
from polku.customers.models import Customer
from polku.lib.fast_sql import execute_many
from polku.lib.sqlite_writes import one_writer
from polku.surveys.kinds import Kind
from polku.surveys.models import Answer, Response, ResponseRollup
from polku.text.models import Comment, CommentTheme, ThemeRollup

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
SENTIMENT_COUNTERS = ["negative", "neutral", "positive"]


@dataclass(frozen=True)
class Table:
    """A rollup table: the columns that say which slice a row is, the columns that
    identify it (its unique constraint), and the counters it sums."""

    slice_columns: list[str]
    keys: list[str]
    counters: list[str]


TABLES = {
    ResponseRollup: Table(SLICE_COLUMNS, ["survey_id", "day", "slice_key"], COUNTERS),
    SegmentRollup: Table(
        ["segment_id", *SLICE_COLUMNS], ["segment_id", "survey_id", "day", "slice_key"], COUNTERS
    ),
    ThemeRollup: Table(
        ["organization_id", "theme_id", "day", "touchpoint_id", "slice_key"],
        ["organization_id", "day", "slice_key"],
        COUNTERS + SENTIMENT_COUNTERS,
    ),
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


def add_rows(model, rows: list[dict]) -> None:
    """INSERT … ON CONFLICT DO UPDATE (SQLite and PostgreSQL alike): the first answer of a
    slice creates its row, later ones add to it, and concurrent writers lose no count."""
    if not rows:
        return
    sql, columns = _upsert(model)
    execute_many(sql, [[row[c] for c in columns] for row in rows])


@functools.cache
def _upsert(model) -> tuple[str, list[str]]:
    """add_rows' statement for `model` and the columns it takes, in order; made once (it runs
    in every stored answer, under SQLite's one writer's lock)."""
    layout = TABLES[model]
    table = model._meta.db_table
    columns = layout.slice_columns + layout.counters
    updates = ", ".join(f"{c} = {table}.{c} + excluded.{c}" for c in layout.counters)
    sql = (
        f"INSERT INTO {table} ({', '.join(columns)}) "  # noqa: S608 - names are ours
        f"VALUES ({', '.join(['%s'] * len(columns))}) "
        f"ON CONFLICT ({', '.join(layout.keys)}) DO UPDATE SET {updates}"
    )
    return sql, columns


def take_rows(model, rows: list[dict]) -> None:
    """Subtract rows from the totals they were added to.

    An UPDATE, not the upsert: the rows exist, and a proposed row of negative counts would
    break the counters' CHECK (>= 0) on PostgreSQL before any conflict is looked at."""
    if not rows:
        return
    layout = TABLES[model]
    table = model._meta.db_table
    sets = ", ".join(f"{c} = {c} - %s" for c in layout.counters)
    where = " AND ".join(f"{k} = %s" for k in layout.keys)
    sql = f"UPDATE {table} SET {sets} WHERE {where}"  # noqa: S608 - names are ours
    with connection.cursor() as cursor:
        cursor.executemany(sql, [[row[c] for c in layout.counters + layout.keys] for row in rows])


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
    add_rows(ResponseRollup, [row])
    add_rows(SegmentRollup, segment_rows)


def subtract_response(response: Response) -> None:
    """Take a response out of its totals (call inside the transaction that erases it,
    before its answers are gone)."""
    counts = increments(response, response.answers.values_list("kind", "number", "number2"))
    row, segment_rows = _rows_for(response, counts)
    take_rows(ResponseRollup, [row])
    take_rows(SegmentRollup, segment_rows)
    take_rows(ThemeRollup, theme_rows(response))


def move_customers(segment_id: int, customer_ids: Iterable[int], joined: bool) -> None:
    """Add the answers of customers who joined a segment to its totals, or take those of
    customers who left out (inside the transaction that changes the membership)."""
    rows = _totals(Response.objects.filter(customer_id__in=list(customer_ids)))
    change = [{**row, "segment_id": segment_id} for row in rows.values()]
    (add_rows if joined else take_rows)(SegmentRollup, change)


def theme_totals(responses: Iterable[Response]) -> dict[tuple, dict]:
    """The theme totals that `responses` make, from their analysed comments as they are now:
    one row for every analysed response (theme None) and one per theme of its comments,
    per day and touchpoint. The score counters count a response once; the sentiment
    counters count comments."""
    responses = [r for r in responses]
    ids = [r.pk for r in responses]
    comments: dict[int, list[tuple]] = defaultdict(list)
    for response_id, pk, sentiment, corrected in Comment.objects.filter(
        response_id__in=ids
    ).values_list("response_id", "pk", "sentiment", "corrected_sentiment"):
        comments[response_id].append((pk, corrected or sentiment))
    themes_of: dict[int, set[int]] = defaultdict(set)
    for comment_id, theme_id in CommentTheme.objects.filter(
        comment__response_id__in=ids, removed=False
    ).values_list("comment_id", "theme_id"):
        themes_of[comment_id].add(theme_id)
    scored: dict[int, list[Scored]] = defaultdict(list)
    for response_id, kind, number, number2 in Answer.objects.filter(
        response_id__in=[pk for pk in ids if pk in comments],
        kind__in=[Kind.RATING, Kind.EXPECTATION],
    ).values_list("response_id", "kind", "number", "number2"):
        scored[response_id].append((kind, number, number2))
    totals: dict[tuple, dict] = {}
    for response in responses:
        if response.pk not in comments:
            continue
        counts = increments(response, scored[response.pk])
        day = timezone.localdate(response.created_at)
        touchpoint = response.touchpoint_id
        themes = {t for pk, _mood in comments[response.pk] for t in themes_of[pk]}
        for theme in (None, *themes):
            moods = [
                mood
                for pk, mood in comments[response.pk]
                if theme is None or theme in themes_of[pk]
            ]
            key = (response.organization_id, day, f"{theme or '-'}:{touchpoint or '-'}")
            row = totals.setdefault(
                key,
                {
                    "organization_id": response.organization_id,
                    "theme_id": theme,
                    "day": day,
                    "touchpoint_id": touchpoint,
                    "slice_key": key[2],
                    **dict.fromkeys(COUNTERS + SENTIMENT_COUNTERS, 0),
                },
            )
            for name, value in counts.items():
                row[name] += value
            for mood in moods:
                row[mood] += 1
    return totals


def theme_rows(response: Response) -> list[dict]:
    """A response's rows of the theme totals. A change to its comments is written as: its
    rows taken before the change, added after it (polku.text.analysis)."""
    return list(theme_totals([response]).values())


def rebuild_themes(organization) -> int:
    """The organization's theme totals made again from its analysed comments; rows made."""
    ThemeRollup.objects.filter(organization=organization).delete()
    responses = Response.objects.filter(organization=organization, text_comments__isnull=False)
    ids = list(responses.values_list("pk", flat=True).distinct().order_by("pk"))
    rows: dict[tuple, dict] = {}
    for start in range(0, len(ids), BATCH):
        batch = Response.objects.filter(pk__in=ids[start : start + BATCH]).only(*RESPONSE_FIELDS)
        for key, row in theme_totals(batch).items():
            if key in rows:
                for name in COUNTERS + SENTIMENT_COUNTERS:
                    rows[key][name] += row[name]
            else:
                rows[key] = row
    ThemeRollup.objects.bulk_create((ThemeRollup(**row) for row in rows.values()), batch_size=1000)
    return len(rows)


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
    """Rebuild the rollups (of one organization, or all) from the raw responses, each
    segment's from its members' responses, and the theme totals from the analysed
    comments; the organizations' rows made.

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
            for org in [organization] if organization else Organization.objects.all():
                rebuild_themes(org)
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
