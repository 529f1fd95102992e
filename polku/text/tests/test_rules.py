"""Theme rules: what they match, why, and the errors a person sees for a wrong one."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from polku.text.lemmas import tokens
from polku.text.rules import Document, RuleError, compile_rule
from polku.text.starter import STARTER_THEMES


def match(rule: str, text: str, language: str = "fi"):
    return compile_rule(rule, language).match(Document.of(tokens(text, language)))


def test_a_word_matches_any_inflection_and_compound_parts():
    assert match("toimitus", "Toimituksen kanssa oli ongelmia") == ["toimitus"]
    assert match("aika", "Toimitusaika oli pitkä") == ["aika"]
    assert match("automaatti", "Tuli pakettiautomaattiin") == ["automaatti"]
    assert match("toimitus", "Myyjä oli mukava") is None


def test_a_prefix_and_a_phrase():
    assert match("toimit*", "Toimittaja oli nopea") == ["toimittaja"]
    assert match('"ei vastata"', "Puhelimeen ei vastattu") == ["ei vastata"]
    assert match('"ei vastata"', "Vastattiin heti, ei ongelmia") is None


def test_or_and_not_and_side_by_side():
    rule = "paketti* AND (rikki OR hajota) NOT kiitos"
    assert match(rule, "Paketti oli rikki") == ["paketti", "rikki"]
    assert match(rule, "Paketti hajosi, kiitos vaan") is None
    assert match(rule, "Paketti tuli") is None
    assert match("kassa jono", "Pitkä jono") == ["jono"]  # side by side: any of them
    assert match('hinta* NOT "hyvä hinta"', "Hyvä hinta") is None
    assert match('hinta* NOT "hyvä hinta"', "Hinta oli kova") == ["hinta"]


def test_every_word_that_matched_is_named():
    assert match("toimitus OR nopea OR kallis", "Toimitus oli nopea") == ["toimitus", "nopea"]


def test_a_name_is_matched_as_written_too():
    assert match("bring", "Bring toi paketin", "sv") == ["bringa"]


@pytest.mark.parametrize(
    ("rule", "message"),
    [
        ("", "Write at least one word"),
        ("(toimitus", "brackets do not pair up"),
        ("toimitus OR", "A word is missing"),
        ("AND hinta", "A word is missing"),
        ("t*", "at least two letters"),
        ('"ei vastata', "closing quote"),
        ("x" * 2001, "at most 2000 characters"),
    ],
)
def test_a_wrong_rule_says_what_is_wrong(rule, message):
    with pytest.raises(RuleError) as error:
        compile_rule(rule, "fi")
    assert message in str(error.value)


def test_every_starter_rule_compiles_in_every_language():
    for theme in STARTER_THEMES:
        assert set(theme["rules"]) == {"fi", "sv", "en"}
        for language, rule in theme["rules"].items():
            compile_rule(rule, language)


WORDS = ["paketti", "hinta", "jono", "kiva", "posti"]


@given(
    st.sampled_from(WORDS),
    st.sampled_from(WORDS),
    st.lists(st.sampled_from(WORDS), max_size=4),
)
def test_or_and_not_mean_what_logic_says(a, b, words):
    text = " ".join(words) or "tyhjä"
    has = {w: w in words for w in WORDS}
    assert (match(f"{a} OR {b}", text) is not None) == (has[a] or has[b])
    assert (match(f"{a} AND {b}", text) is not None) == (has[a] and has[b])
    if a != b:
        assert (match(f"{a} NOT {b}", text) is not None) == (has[a] and not has[b])
