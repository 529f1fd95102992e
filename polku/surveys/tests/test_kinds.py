"""Every question kind reads valid answers and refuses the rest with a clear message."""

import pytest
from django.http import QueryDict

from polku.surveys.kinds import AnswerError, Kind, estimated_minutes, nps_band, parse_answer


def read(question: dict, query: str):
    return parse_answer(question, QueryDict(query).getlist)


def q(kind, **extra):
    return {"key": "q1", "kind": kind, "text": {"en": "?"}, **extra}


@pytest.mark.parametrize(
    ("kind", "low", "high"),
    [(Kind.NPS, 0, 10), (Kind.CSAT, 1, 5), (Kind.CES, 1, 7), (Kind.RATING, 1, 5)],
)
def test_scales_accept_their_range_and_refuse_outside(kind, low, high):
    assert read(q(kind), f"q1={low}").number == low
    assert read(q(kind), f"q1={high}").number == high
    for bad in (low - 1, high + 1):
        with pytest.raises(AnswerError, match=f"from {low} to {high}"):
            read(q(kind), f"q1={bad}")
    with pytest.raises(AnswerError):
        read(q(kind), "q1=seven")
    with pytest.raises(AnswerError, match="one value"):
        read(q(kind), f"q1={low}&q1={high}")
    assert read(q(kind), "q1=").is_empty


def test_rating_out_of_ten():
    assert read(q(Kind.RATING, max=10), "q1=10").number == 10
    with pytest.raises(AnswerError):
        read(q(Kind.RATING, max=5), "q1=6")


def test_expectation_pair_needs_both_halves():
    parsed = read(q(Kind.EXPECTATION), "q1_expected=4&q1_experienced=2")
    assert (parsed.number, parsed.number2) == (4, 2)
    assert read(q(Kind.EXPECTATION), "").is_empty
    with pytest.raises(AnswerError, match="both"):
        read(q(Kind.EXPECTATION), "q1_expected=4")
    with pytest.raises(AnswerError):
        read(q(Kind.EXPECTATION), "q1_expected=4&q1_experienced=9")


CHOICES = [
    {"key": "c1", "text": {"en": "A"}},
    {"key": "c2", "text": {"en": "B"}},
    {"key": "c3", "text": {"en": "C"}},
]


def test_single_choice():
    assert read(q(Kind.CHOICE, choices=CHOICES), "q1=c2").choices == ["c2"]
    with pytest.raises(AnswerError, match="options given"):
        read(q(Kind.CHOICE, choices=CHOICES), "q1=c9")
    with pytest.raises(AnswerError, match="one option"):
        read(q(Kind.CHOICE, choices=CHOICES), "q1=c1&q1=c2")


def test_multiple_choice_keeps_survey_order_without_repeats():
    parsed = read(q(Kind.MULTICHOICE, choices=CHOICES), "q1=c3&q1=c1&q1=c3")
    assert parsed.choices == ["c1", "c3"]
    with pytest.raises(AnswerError):
        read(q(Kind.MULTICHOICE, choices=CHOICES), "q1=c1&q1=evil")


def test_texts_have_limits():
    assert read(q(Kind.SHORT_TEXT), "q1=  Hyvä palvelu  ").text == "Hyvä palvelu"
    assert read(q(Kind.LONG_TEXT), "q1=" + "a" * 2000).text == "a" * 2000
    with pytest.raises(AnswerError, match="under 200 characters"):
        read(q(Kind.SHORT_TEXT), "q1=" + "a" * 201)
    with pytest.raises(AnswerError, match="under 2000"):
        read(q(Kind.LONG_TEXT), "q1=" + "a" * 2001)


def test_consent_is_a_tick_or_nothing():
    assert read(q(Kind.CONSENT), "q1=yes").number == 1
    assert read(q(Kind.CONSENT), "").is_empty
    with pytest.raises(AnswerError):
        read(q(Kind.CONSENT), "q1=maybe")


def test_estimate_and_bands():
    assert estimated_minutes([q(Kind.NPS)]) == 1
    assert estimated_minutes([q(Kind.LONG_TEXT)] * 3) == 3
    assert [nps_band(s) for s in (0, 6, 7, 8, 9, 10, None)] == [
        "detractor",
        "detractor",
        "passive",
        "passive",
        "promoter",
        "promoter",
        None,
    ]
