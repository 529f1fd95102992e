"""Question kinds: their scales, how long they take, and how an answer is read and checked.

Everything here is plain data and functions over the frozen question dicts of a survey
version, so validation is tested without HTTP and the same code serves every way in.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

SHORT_TEXT_MAX = 200
LONG_TEXT_MAX = 2000


class Kind(models.TextChoices):
    NPS = "nps", _("Recommendation (NPS, 0–10)")
    CSAT = "csat", _("Satisfaction (CSAT, 1–5)")
    CES = "ces", _("Ease (CES, 1–7)")
    RATING = "rating", _("Rating (stars)")
    EXPECTATION = "expectation", _("Expectation and experience (1–5 each)")
    CHOICE = "choice", _("Single choice")
    MULTICHOICE = "multichoice", _("Multiple choice")
    SHORT_TEXT = "short_text", _("Short text")
    LONG_TEXT = "long_text", _("Long text")
    CONSENT = "consent", _("Consent to publish the comment")


# Seconds a respondent needs, for the "about N minutes" estimate shown up front.
SECONDS = {
    Kind.NPS: 6,
    Kind.CSAT: 5,
    Kind.CES: 5,
    Kind.RATING: 5,
    Kind.EXPECTATION: 10,
    Kind.CHOICE: 7,
    Kind.MULTICHOICE: 10,
    Kind.SHORT_TEXT: 20,
    Kind.LONG_TEXT: 45,
    Kind.CONSENT: 5,
}
SCALE_KINDS = {Kind.NPS, Kind.CSAT, Kind.CES, Kind.RATING}
TEXT_KINDS = {Kind.SHORT_TEXT, Kind.LONG_TEXT}
CHOICE_KINDS = {Kind.CHOICE, Kind.MULTICHOICE}


@dataclass(frozen=True)
class Scale:
    low: int
    high: int
    low_label: str
    high_label: str


def scale_of(question: dict) -> Scale | None:
    kind = question["kind"]
    if kind == Kind.NPS:
        return Scale(0, 10, _("Not at all likely"), _("Extremely likely"))
    if kind == Kind.CSAT:
        return Scale(1, 5, _("Very dissatisfied"), _("Very satisfied"))
    if kind == Kind.CES:
        return Scale(1, 7, _("Very difficult"), _("Very easy"))
    if kind == Kind.RATING:
        return Scale(1, int(question.get("max") or 5), _("Poor"), _("Excellent"))
    if kind == Kind.EXPECTATION:
        return Scale(1, 5, _("Very low"), _("Very high"))
    return None


def estimated_minutes(questions: list[dict]) -> int:
    seconds = sum(SECONDS.get(q["kind"], 10) for q in questions)
    return max(1, math.ceil(seconds / 60))


def estimate_text(questions: list[dict]) -> str:
    minutes = estimated_minutes(questions)
    return ngettext(
        "Answering takes about %(minutes)d minute.",
        "Answering takes about %(minutes)d minutes.",
        minutes,
    ) % {"minutes": minutes}


class AnswerError(ValueError):
    """An answer that does not fit its question; the message is for the respondent."""


@dataclass
class Parsed:
    """An answer ready to store; fields not used by the kind stay None."""

    number: int | None = None
    number2: int | None = None
    text: str | None = None
    choices: list[str] | None = None

    @property
    def is_empty(self) -> bool:
        return self.number is None and self.number2 is None and not self.text and not self.choices


def _integer(raw: str, scale: Scale) -> int:
    try:
        value = int(raw)
    except (TypeError, ValueError):
        raise AnswerError(_("Choose a value on the scale.")) from None
    if not scale.low <= value <= scale.high:
        raise AnswerError(
            _("Choose a value from %(low)d to %(high)d.") % {"low": scale.low, "high": scale.high}
        )
    return value


def field_names(question: dict) -> list[str]:
    """The form fields a question's answer comes in."""
    key = question["key"]
    if question["kind"] == Kind.EXPECTATION:
        return [f"{key}_expected", f"{key}_experienced"]
    return [key]


def parse_answer(question: dict, get: Callable[[str], list[str]]) -> Parsed:
    """Read one question's raw form values (`get(field)` → list); raise AnswerError."""
    kind = question["kind"]

    def values_of(field: str) -> list[str]:
        return [v.strip() for v in get(field) if v is not None and v.strip() != ""]

    key = question["key"]
    if kind == Kind.EXPECTATION:
        scale = scale_of(question)
        first, second = values_of(f"{key}_expected"), values_of(f"{key}_experienced")
        if len(first) > 1 or len(second) > 1:
            raise AnswerError(_("Choose one value."))
        parsed = Parsed(
            number=_integer(first[0], scale) if first else None,
            number2=_integer(second[0], scale) if second else None,
        )
        if (parsed.number is None) != (parsed.number2 is None):
            raise AnswerError(_("Answer both: what you expected and what you got."))
        return parsed
    values = values_of(key)
    if kind in SCALE_KINDS:
        if len(values) > 1:
            raise AnswerError(_("Choose one value."))
        return Parsed(number=_integer(values[0], scale_of(question)) if values else None)
    if kind in TEXT_KINDS:
        limit = SHORT_TEXT_MAX if kind == Kind.SHORT_TEXT else LONG_TEXT_MAX
        text = "\n".join(values)
        if len(text) > limit:
            raise AnswerError(
                _("Please keep the answer under %(limit)d characters (now %(length)d).")
                % {"limit": limit, "length": len(text)}
            )
        return Parsed(text=text or None)
    if kind in CHOICE_KINDS:
        allowed = [c["key"] for c in question.get("choices", [])]
        if any(v not in allowed for v in values):
            raise AnswerError(_("Choose from the options given."))
        if kind == Kind.CHOICE and len(values) > 1:
            raise AnswerError(_("Choose one option."))
        chosen = [c for c in allowed if c in values]  # the survey's order, no repeats
        return Parsed(choices=chosen or None)
    if kind == Kind.CONSENT:
        if values and values != ["yes"]:
            raise AnswerError(_("Tick the box or leave it empty."))
        return Parsed(number=1) if values else Parsed()
    raise AnswerError(_("Unknown question."))


def nps_band(score: int | None) -> str | None:
    if score is None:
        return None
    return "promoter" if score >= 9 else "passive" if score >= 7 else "detractor"
