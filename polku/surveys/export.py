"""Responses as rows for CSV and XLSX, read in batches so memory stays flat."""

from __future__ import annotations

from collections.abc import Iterator

from django.db.models import QuerySet
from django.utils import timezone

from .kinds import Kind
from .models import Answer, Survey, SurveyVersion, localized

BATCH = 1000


def question_columns(survey: Survey, language: str) -> list[tuple[str, str, str]]:
    """(key, kind, heading) for every question any version asked, newest wording first."""
    seen: dict[str, tuple[str, str, str]] = {}
    for version in SurveyVersion.objects.filter(survey=survey).order_by("-number"):
        for q in version.questions:
            if q["key"] not in seen:
                seen[q["key"]] = (q["key"], q["kind"], localized(q["text"], language))
    return list(seen.values())


def _choice_texts(survey: Survey, language: str) -> dict[tuple[int, str, str], str]:
    texts = {}
    for version in SurveyVersion.objects.filter(survey=survey):
        for q in version.questions:
            for c in q.get("choices", []):
                texts[(version.pk, q["key"], c["key"])] = localized(c["text"], language)
    return texts


def _cell(answer: Answer | None, kind: str, choice_text, version_id: int) -> list:
    if answer is None:
        return ["", ""] if kind == Kind.EXPECTATION else [""]
    if kind == Kind.EXPECTATION:
        return [answer.number, answer.number2]
    if answer.choices:
        return [
            "; ".join(
                choice_text.get((version_id, answer.question_key, c), c) for c in answer.choices
            )
        ]
    if kind == Kind.CONSENT:
        return ["yes" if answer.number else ""]
    if answer.number is not None:
        return [answer.number]
    return [answer.text]


def rows(survey: Survey, responses: QuerySet, language: str) -> Iterator[list]:
    """A header row, then one row per response (newest first)."""
    columns = question_columns(survey, language)
    header = ["id", "time", "language", "version", "touchpoint", "channel", "source"]
    for _key, kind, heading in columns:
        if kind == Kind.EXPECTATION:
            header += [f"{heading} (expected)", f"{heading} (experienced)"]
        else:
            header.append(heading)
    yield header
    choice_text = _choice_texts(survey, language)
    version_numbers = dict(SurveyVersion.objects.filter(survey=survey).values_list("pk", "number"))
    # Only what a row shows: the versions' questions are not loaded once per response.
    responses = (
        responses.select_related("touchpoint", "channel")
        .only(
            "pk",
            "created_at",
            "language",
            "source",
            "version_id",
            "touchpoint__name",
            "channel__name",
        )
        .order_by("-pk")
    )
    last_pk = None
    while True:
        batch_qs = responses if last_pk is None else responses.filter(pk__lt=last_pk)
        batch = list(batch_qs[:BATCH])
        if not batch:
            return
        answers: dict[int, dict[str, Answer]] = {}
        for answer in Answer.objects.filter(response__in=[r.pk for r in batch]):
            answers.setdefault(answer.response_id, {})[answer.question_key] = answer
        for r in batch:
            row = [
                r.pk,
                timezone.localtime(r.created_at).strftime("%Y-%m-%d %H:%M:%S"),
                r.language,
                version_numbers.get(r.version_id, ""),
                r.touchpoint.name if r.touchpoint else "",
                r.channel.name if r.channel else "",
                r.source,
            ]
            given = answers.get(r.pk, {})
            for key, kind, _heading in columns:
                row += _cell(given.get(key), kind, choice_text, r.version_id)
            yield row
        last_pk = batch[-1].pk
