"""Words of a comment: lemmas from simplemma, compound parts, emoji, language."""

from __future__ import annotations

from polku.text.lemmas import detect_language, lemmas, tokens, word_token


def test_inflected_forms_share_their_lemma():
    assert {word_token(w, "fi").lemma for w in ("toimitus", "toimituksen", "toimitukset")} == {
        "toimitus"
    }
    assert word_token("leveransen", "sv").lemma == "leverans"
    assert word_token("deliveries", "en").lemma == "delivery"


def test_compounds_are_split_on_the_dictionary():
    assert word_token("toimitusaika", "fi").parts == ("toimitus", "aika")
    # The head carries the ending, and is lemmatized: paketti + automaattiin.
    assert word_token("pakettiautomaattiin", "fi").parts == ("paketti", "automaatti")
    assert word_token("asiakaspalvelun", "fi").parts == ("asiakas", "palvelu")
    assert word_token("leveranstiden", "sv").parts == ("leverans", "tid")
    assert word_token("betalningssätt", "sv").parts == ("betalning", "sätt")
    assert "alennus" in word_token("kanta-asiakasalennuksesta", "fi").parts


def test_short_and_plain_words_are_not_split():
    assert word_token("pakkaukset", "fi").parts == ()
    assert word_token("ystävällisesti", "fi").parts == ()
    assert word_token("shipping", "en").parts == ()


def test_emoji_and_emoticons_are_tokens_of_their_own():
    kinds = [(t.text, t.kind) for t in tokens("Kiitos :) 😊 paketti!", "fi")]
    assert kinds == [
        ("kiitos", "word"),
        (":)", "emoji"),
        ("😊", "emoji"),
        ("paketti", "word"),
        ("!", "punct"),
    ]


def test_lemmas_in_order():
    assert lemmas("Myyjät olivat ystävällisiä", "fi") == ["myyjä", "olla", "ystävällinen"]


def test_language_is_detected_when_the_text_says_clearly():
    assert detect_language("Leveransen var snabb men paketet var trasigt", "fi") == "sv"
    assert detect_language("The delivery was quick and friendly", "fi") == "en"
    assert detect_language("Ok!", "fi") == "fi"  # too short to tell: the answer's language
