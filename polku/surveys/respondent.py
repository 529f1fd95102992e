"""Turning a frozen survey version into what the respondent sees, and reading a submission."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.http import QueryDict
from django.utils.translation import gettext as _

from .kinds import CHOICE_KINDS, AnswerError, Kind, Parsed, field_names, parse_answer, scale_of
from .models import localized

# Form fields that are not answers.
CONTROL_FIELDS = {"submission", "version", "website", "lang", "src", "ch", "csrfmiddlewaretoken"}
LANGUAGE_NAMES = {"fi": "Suomeksi", "en": "In English", "sv": "På svenska"}


@dataclass
class ShownQuestion:
    key: str
    kind: str
    number: int
    text: str
    help: str
    required: bool
    scale: list[int] = field(default_factory=list)
    low_label: str = ""
    high_label: str = ""
    choices: list[tuple[str, str]] = field(default_factory=list)
    values: dict[str, list[str]] = field(default_factory=dict)
    error: str = ""

    @property
    def is_multiple(self) -> bool:
        return self.kind == Kind.MULTICHOICE

    def value(self, name: str = "") -> list[str]:
        return self.values.get(name or self.key, [])


def shown_questions(
    questions: list[dict],
    language: str,
    data: QueryDict | None = None,
    errors: dict[str, str] | None = None,
) -> list[ShownQuestion]:
    shown = []
    for number, q in enumerate(questions, start=1):
        item = ShownQuestion(
            key=q["key"],
            kind=q["kind"],
            number=number,
            text=localized(q["text"], language),
            help=localized(q.get("help", {}), language),
            required=q.get("required", False),
            error=(errors or {}).get(q["key"], ""),
        )
        scale = scale_of(q)
        if scale:
            item.scale = list(range(scale.low, scale.high + 1))
            item.low_label, item.high_label = str(scale.low_label), str(scale.high_label)
        if q["kind"] in CHOICE_KINDS:
            item.choices = [(c["key"], localized(c["text"], language)) for c in q["choices"]]
        if data is not None:
            item.values = {name: data.getlist(name) for name in field_names(q)}
        shown.append(item)
    return shown


def read_submission(
    questions: list[dict], data: QueryDict
) -> tuple[dict[str, Parsed], dict[str, str]]:
    """The parsed answers and, per question key, what is wrong (for the respondent)."""
    answers: dict[str, Parsed] = {}
    errors: dict[str, str] = {}
    for q in questions:
        try:
            parsed = parse_answer(q, data.getlist)
        except AnswerError as error:
            errors[q["key"]] = str(error)
            continue
        if parsed.is_empty:
            if q.get("required"):
                errors[q["key"]] = _("This question needs an answer.")
            continue
        answers[q["key"]] = parsed
    return answers, errors


def unknown_fields(questions: list[dict], data: QueryDict) -> list[str]:
    expected = {name for q in questions for name in field_names(q)} | CONTROL_FIELDS
    return sorted(set(data.keys()) - expected)
