"""The learned sentiment model: labels from scores, training, plain-number prediction and
its explanation."""

from __future__ import annotations

import json
import random

from polku.text.learning import (
    STRENGTHS,
    LinearModel,
    choose_c,
    features,
    fit,
    label_from_scores,
    macro_f1,
    train,
)
from polku.text.lemmas import tokens

GOOD = ["Nopea toimitus", "Ihana myyjä", "Kiitos avusta", "Loistava valikoima", "Hyvät hinnat"]
BAD = ["Paketti myöhässä", "Tyly myyjä", "Hinnat kalliit", "Tuote rikki", "Kukaan ei vastannut"]
WISH = ["Voisitteko avata aiemmin", "Olisi kiva saada muistutus", "Toivoisin lisää kokoja"]


def examples(count: int = 150, seed: int = 3):
    rng = random.Random(seed)  # noqa: S311 - test data
    rows, labels = [], []
    for _ in range(count):
        label, pool = rng.choice([("positive", GOOD), ("negative", BAD), ("neutral", WISH)])
        text = rng.choice(pool)
        rows.append(features(text, tokens(text, "fi"), "fi"))
        labels.append(label)
    return rows, labels


def test_scores_label_their_comments():
    assert [label_from_scores(n, None, None) for n in (0, 6, 7, 8, 9, 10)] == [
        "negative",
        "negative",
        "neutral",
        "neutral",
        "positive",
        "positive",
    ]
    assert label_from_scores(None, 2, None) == "negative"
    assert label_from_scores(None, 3, None) == "neutral"
    assert label_from_scores(None, None, 6) == "positive"  # ease: 7 is very easy
    assert label_from_scores(None, None, 2) == "negative"
    assert label_from_scores(None, None, None) is None


def test_features_mark_negation_wishes_and_questions():
    found = features("Ei ollut hyvä. Voisitteko?", tokens("Ei ollut hyvä. Voisitteko?", "fi"), "fi")
    assert "n:hyvä" in found and "w:hyvä" not in found
    assert found["wish"] == 1.0 and found["question"] == 1.0
    assert "lexicon" in found


def test_a_model_learns_predicts_and_explains():
    rows, labels = examples()
    model = fit(rows, labels, c=1.0)
    text = "Myyjä oli tyly ja paketti myöhässä"
    predicted = model.predict(features(text, tokens(text, "fi"), "fi"))
    assert predicted.label == "negative" and predicted.score < 0
    assert predicted.source == "learned"
    assert any(word in ("tyly", "myöhässä") for word, _push in predicted.words)
    # Kept as plain numbers: the same predictions after a JSON round trip.
    again = LinearModel.from_parameters(json.loads(json.dumps(model.parameters())))
    assert again.predict(features(text, tokens(text, "fi"), "fi")) == predicted


def test_regularisation_is_chosen_by_cross_validation():
    rows, labels = examples()
    assert choose_c(rows, labels) in STRENGTHS


def test_training_reports_itself_beside_the_word_list():
    rows, labels = examples()
    training = train(rows, labels)
    assert 0 <= training.lexicon_f1 <= 1 and training.learned_f1 > 0.8
    assert training.better_than_lexicon == (training.learned_f1 > training.lexicon_f1)
    assert training.examples == 150


def test_macro_f1():
    assert macro_f1(["positive", "negative"], ["positive", "negative"]) == 1.0
    assert macro_f1(["positive", "negative"], ["negative", "positive"]) == 0.0
