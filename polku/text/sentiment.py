"""A comment's sentiment — negative, neutral or positive, with a score from −1 to 1 and the
words that drove it — by a word list, or by a model learned from the organization's own
scored comments (polku.text.learning).

Word lists: Finnish and Swedish are Polku's own (lexicons/fi.tsv, sv.tsv: polarity −3…+3
per lemma, with negation, intensifiers, "but" and wishes in *-modifiers.tsv); English is
VADER (vaderSentiment, MIT licence, its lexicon shipped in the package) with Polku's
supplement of shop and service words (lexicons/en-supplement.tsv). Words are looked up as
written first, then by lemma, so "ei ollut hyvä" and "inte bra" turn the sign and "todella
hyvä" counts more than "hyvä".
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from .lemmas import Token

LEXICONS = Path(__file__).resolve().parent / "lexicons"
NEGATIVE, NEUTRAL, POSITIVE = "negative", "neutral", "positive"
CLASSES = (NEGATIVE, NEUTRAL, POSITIVE)
# Beyond ±THRESHOLD a score is negative or positive (both word lists and learned models).
THRESHOLD = 0.15
NEGATION_REACH = 3  # words after a negation that it turns
BOOST_REACH = 2  # words after an intensifier that it can reach
ALPHA = 15  # VADER's normalisation: score = s / sqrt(s² + α)
EMOJI = {
    "👍": 2, "👌": 1.5, "🙂": 1, "😊": 2, "😀": 2, "😃": 2, "😄": 2, "😁": 2, "😍": 3,
    "🥰": 3, "❤": 3, "❤️": 3, "💕": 3, "💖": 3, "⭐": 1.5, "🌟": 2, "👏": 2, "🙏": 1.5,
    "🎉": 2, ":)": 1.5, ":-)": 1.5, ":D": 2, ":-D": 2, ";)": 1, "<3": 2.5,
    "👎": -2, "🙁": -1.5, "☹": -1.5, "😕": -1.5, "😞": -2, "😢": -2, "😭": -2.5, "😠": -2.5,
    "😡": -3, "🤬": -3, "💩": -2.5, "😤": -2, ":(": -1.5, ":-(": -1.5, ":/": -1,
}  # fmt: skip


@dataclass(frozen=True)
class Sentiment:
    label: str
    score: float  # −1 … 1
    words: tuple[tuple[str, float], ...]  # what drove it, strongest first
    source: str  # lexicon, learned or transformer


def label_of(score: float) -> str:
    if score >= THRESHOLD:
        return POSITIVE
    return NEGATIVE if score <= -THRESHOLD else NEUTRAL


def _table(path: Path) -> list[list[str]]:
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            rows.append(line.split("\t"))
    return rows


@cache
def lexicon(language: str) -> dict[str, float]:
    """word → polarity, for fi and sv."""
    return {word: float(value) for word, value in _table(LEXICONS / f"{language}.tsv")}


@cache
def modifiers(language: str) -> dict[str, tuple[str, float]]:
    """word → (negate | boost | contrast, factor), for fi and sv."""
    path = LEXICONS / f"{language}-modifiers.tsv"
    return {word: (kind, float(factor)) for word, kind, factor in _table(path)}


@cache
def _vader():
    """VADER with Polku's supplement for shop and service words (en-supplement.tsv)."""
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    analyzer = SentimentIntensityAnalyzer()
    supplement = _table(LEXICONS / "en-supplement.tsv")
    analyzer.lexicon.update({word: float(value) for word, value in supplement})
    return analyzer


def normalized(total: float) -> float:
    return total / math.sqrt(total * total + ALPHA) if total else 0.0


def _value(token: Token, words: dict[str, float]) -> float | None:
    if token.kind == "emoji":
        return EMOJI.get(token.text)
    value = words.get(token.text)
    if value is None:
        value = words.get(token.lemma)
    if value is None and token.parts:
        # A compound unknown as a whole speaks through its parts ("huippupalvelu").
        found = [words[p] for p in token.parts if p in words]
        value = 0.8 * max(found, key=abs) if found else None
    return value


def contributions(tokens: list[Token], language: str) -> list[tuple[str, float]]:
    """Each sentiment word of a Finnish or Swedish comment with what it adds, after
    negation, intensifiers and contrast."""
    words, mods = lexicon(language), modifiers(language)
    found: list[tuple[str, float]] = []
    negation_left, negation = 0, 1.0
    boost_left, boost = 0, 1.0
    main_weight = weight = 1.0  # "but" weighs the rest of the comment; "although" a clause
    for index, token in enumerate(tokens):
        if token.kind == "punct":
            negation_left = boost_left = 0
            weight = main_weight
            if token.text.startswith("!") and found:
                word, value = found[-1]
                found[-1] = (word, value * (1 + 0.1 * min(len(token.text), 3)))
            continue
        modifier = mods.get(token.text) or mods.get(token.lemma)
        if modifier is not None:
            kind, factor = modifier
            if kind == "negate":
                negation_left, negation = NEGATION_REACH, factor
                continue
            if kind == "contrast":
                if factor > 1:
                    found = [(w, v / factor) for w, v in found]
                    main_weight = weight = factor
                else:
                    weight = factor
                continue
            if kind == "hedge":  # "olisi kiva", "kunde ni": a wish, not a verdict
                weight = min(weight, factor)
                continue
            # "hyvin" is an intensifier before a sentiment word, and praise on its own.
            if _sentiment_follows(tokens, index, words) or _value(token, words) is None:
                boost_left, boost = BOOST_REACH, factor
                continue
        value = _value(token, words)
        if value is not None:
            value *= weight
            if boost_left:
                value *= boost
                boost_left = 0
            if negation_left:
                value *= negation
            found.append((token.text, round(value, 3)))
        negation_left = max(0, negation_left - 1)
        boost_left = max(0, boost_left - 1)
    return found


def _sentiment_follows(tokens: list[Token], index: int, words: dict[str, float]) -> bool:
    for token in tokens[index + 1 : index + 1 + BOOST_REACH]:
        if token.kind == "punct":
            return False
        if _value(token, words) is not None:
            return True
    return False


def strongest(found: list[tuple[str, float]], count: int = 6) -> tuple[tuple[str, float], ...]:
    ranked = sorted(found, key=lambda item: -abs(item[1]))[:count]
    return tuple((word, round(value, 2)) for word, value in ranked)


def lexicon_sentiment(text: str, tokens: list[Token], language: str) -> Sentiment:
    """The word-list sentiment of a comment."""
    if language == "en":
        return _english(text, tokens)
    found = contributions(tokens, language)
    score = normalized(sum(value for _word, value in found))
    return Sentiment(label_of(score), round(score, 4), strongest(found), "lexicon")


# A wish rather than a verdict ("it would be nice if…"): VADER scores the words, not the
# mood, so its score counts for less.
ENGLISH_HEDGES = ("could you", "would be", "would like", "i'd like", "please add", "it would")


def _english(text: str, tokens: list[Token]) -> Sentiment:
    analyzer = _vader()
    score = analyzer.polarity_scores(text)["compound"]
    if any(hedge in text.lower() for hedge in ENGLISH_HEDGES):
        score *= 0.2
    # VADER gives no per-word account; its lexicon's values of the words present are what
    # drove it, before VADER's own negation and emphasis rules.
    lexicon_en = analyzer.lexicon
    words = [(t.text, lexicon_en[t.text]) for t in tokens if t.text in lexicon_en]
    words += [
        (t.text, EMOJI[t.text])
        for t in tokens
        if t.kind == "emoji" and t.text in EMOJI and t.text not in lexicon_en
    ]
    return Sentiment(label_of(score), round(score, 4), strongest(words), "lexicon")
