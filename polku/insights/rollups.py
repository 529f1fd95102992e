"""Running totals of the answers, per survey, day, touchpoint, channel and employee.

Figures are read from these rows, never from a scan of the raw responses, so a page costs the
same at ten thousand and at ten million answers. Each response is added in the transaction
that stores it (`add_response`) and taken away in the one that erases it
(`subtract_response`); `recompute` rebuilds every row from the raw data, and the tests check
that the running totals and a recomputation agree.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone

from polku.lib.sqlite_writes import one_writer
from polku.surveys.kinds import Kind
from polku.surveys.models import Answer, Response, ResponseRollup

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


def _upsert(response: Response, counts: dict[str, int]) -> None:
    """One INSERT … ON CONFLICT DO UPDATE (SQLite and PostgreSQL alike): the first response
    of a slice creates its row, later ones add to it, and concurrent writers lose no count."""
    table = ResponseRollup._meta.db_table
    columns = [
        "organization_id",
        "survey_id",
        "day",
        "touchpoint_id",
        "channel_id",
        "employee_id",
        "slice_key",
        *COUNTERS,
    ]
    values = [
        response.organization_id,
        response.survey_id,
        timezone.localdate(response.created_at),
        response.touchpoint_id,
        response.channel_id,
        response.employee_id,
        slice_key(response),
        *(counts[c] for c in COUNTERS),
    ]
    updates = ", ".join(f"{c} = {table}.{c} + excluded.{c}" for c in COUNTERS)
    sql = (
        f"INSERT INTO {table} ({', '.join(columns)}) "  # noqa: S608 - names are ours
        f"VALUES ({', '.join(['%s'] * len(columns))}) "
        f"ON CONFLICT (survey_id, day, slice_key) DO UPDATE SET {updates}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, values)


def add_response(response: Response, answers: Iterable[Scored]) -> None:
    """Add a stored response to its totals (call inside the storing transaction)."""
    _upsert(response, increments(response, answers))


def subtract_response(response: Response) -> None:
    """Take a response out of its totals (call inside the transaction that erases it,
    before its answers are gone)."""
    counts = increments(response, response.answers.values_list("kind", "number", "number2"))
    # An UPDATE, not the upsert: the row exists, and a proposed row of negative counts would
    # break the counters' CHECK (>= 0) on PostgreSQL before any conflict is looked at.
    ResponseRollup.objects.filter(
        survey_id=response.survey_id,
        day=timezone.localdate(response.created_at),
        slice_key=slice_key(response),
    ).update(**{c: F(c) - counts[c] for c in COUNTERS if counts[c]})


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
            rows[key] = {
                "organization_id": response.organization_id,
                "survey_id": response.survey_id,
                "day": key[1],
                "touchpoint_id": response.touchpoint_id,
                "channel_id": response.channel_id,
                "employee_id": response.employee_id,
                "slice_key": key[2],
                **dict.fromkeys(COUNTERS, 0),
            }
        for name, value in increments(response, answers[response.pk]).items():
            rows[key][name] += value
    return rows


BATCH = 5000


def recompute(organization=None, models=None) -> int:
    """Rebuild the rollups (of one organization, or all) from the raw responses; rows made.

    One transaction, holding the write lock: no answer stored meanwhile can be missed.
    `models` is (Response, Answer, ResponseRollup) for a migration's historical models.
    """
    response_model, answer_model, rollup_model = models or (Response, Answer, ResponseRollup)
    responses = response_model.objects.only(
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
    ).order_by("pk")
    rollups = rollup_model.objects.all()
    if organization is not None:
        responses = responses.filter(organization=organization)
        rollups = rollups.filter(organization=organization)
    totals: dict[tuple, dict] = {}
    with one_writer(), transaction.atomic():
        last = 0
        while True:
            batch = list(responses.filter(pk__gt=last)[:BATCH])
            if not batch:
                break
            for key, row in computed(batch, answer_model).items():
                if key in totals:
                    for name in COUNTERS:
                        totals[key][name] += row[name]
                else:
                    totals[key] = row
            last = batch[-1].pk
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
