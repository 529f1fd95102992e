"""Sentiment by the word lists: their size, negation, intensifiers, "but", wishes, and the
words shown as the reason."""

from __future__ import annotations

import simplemma

from polku.text.lemmas import tokens
from polku.text.sentiment import lexicon, lexicon_sentiment, modifiers


def sentiment(text: str, language: str = "fi"):
    return lexicon_sentiment(text, tokens(text, language), language)


def lemmas_in(language: str) -> int:
    """Entries that are base forms (simplemma's own lemma of themselves), with a polarity."""
    return sum(
        1
        for word, value in lexicon(language).items()
        if value and simplemma.lemmatize(word, lang=language) == word
    )


def test_the_word_lists_are_big_enough():
    assert lemmas_in("fi") >= 800
    assert lemmas_in("sv") >= 400
    assert {kind for kind, _f in modifiers("fi").values()} == {
        "negate",
        "boost",
        "contrast",
        "hedge",
    }


def test_polarity_and_the_words_behind_it():
    good = sentiment("Myyjä oli ystävällinen ja toimitus nopea")
    assert good.label == "positive" and good.score > 0.5
    assert {word for word, _value in good.words} == {"ystävällinen", "nopea"}
    assert sentiment("Paketti oli rikki ja myyjä töykeä").label == "negative"
    assert sentiment("Tilasin kolme tuotetta").label == "neutral"


def test_negation_turns_the_sign():
    assert sentiment("Palvelu ei ollut hyvä").label == "negative"
    assert sentiment("Ei ongelmia").label == "positive"
    assert sentiment("Servicen var inte bra", "sv").label == "negative"


def test_intensifiers_and_dampeners():
    plain = sentiment("Palvelu oli hyvä").score
    assert sentiment("Palvelu oli todella hyvä").score > plain
    assert sentiment("Palvelu oli vähän hyvä").score < plain
    assert (
        sentiment("Mycket trevlig personal", "sv").score > sentiment("Trevlig personal", "sv").score
    )
    # "hirveän" is "very" before a sentiment word, not "terrible".
    assert sentiment("Hirveän hyvä palvelu").label == "positive"


def test_what_follows_but_weighs_more():
    assert sentiment("Hyvä palvelu mutta hinnat liian kalliit").label == "negative"
    assert sentiment("Hinnat kalliit mutta palvelu erinomainen").label == "positive"


def test_a_wish_is_not_a_verdict():
    assert sentiment("Olisi kiva jos olisitte auki sunnuntaisin").label == "neutral"
    assert sentiment("It would be great to have a Sunday opening", "en").label == "neutral"


def test_emoji_count():
    assert sentiment("Kiitos 😊").score > sentiment("Kiitos").score
    assert sentiment("Tilaus 😡").label == "negative"


def test_english_is_vader_with_polkus_shop_words():
    assert sentiment("Overpriced.", "en").label == "negative"
    assert sentiment("Checkout was smooth and hassle-free.", "en").label == "positive"
    words = dict(sentiment("The staff were rude", "en").words)
    assert words["rude"] < 0
