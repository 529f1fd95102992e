"""Sentiment learned from the organization's own answers.

Comments that came with a score label themselves (NPS 0–6, CSAT 1–2 and ease 1–3 are
negative; 9–10, 4–5 and 5–7 positive; the middle neutral), and a person's correction wins
over the score. A logistic regression (scikit-learn) over lemmas, lemma pairs, negated
lemmas and the word list's own score is trained per language; it is kept as plain numbers
(weights per feature), predicted in plain Python, and explained by the features that
pushed the comment's class most. A model is used only when, cross-validated on the same
comments, it beats the word list.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass

from .lemmas import Token
from .sentiment import (
    CLASSES,
    ENGLISH_HEDGES,
    NEGATIVE,
    NEUTRAL,
    POSITIVE,
    Sentiment,
    lexicon_sentiment,
    modifiers,
)

MIN_EXAMPLES = 60  # labelled comments in a language before a model is tried
MIN_PER_CLASS = 8
NEGATION_REACH = 3
ENGLISH_NEGATIONS = {
    "not", "no", "never", "nothing", "without", "none", "nor", "neither", "nobody", "cannot",
    "n't", "dont", "didnt", "doesnt", "isnt", "wasnt", "wont", "cant", "couldnt", "wouldnt",
}  # fmt: skip


def label_from_scores(nps: int | None, csat: int | None, ces: int | None) -> str | None:
    """The sentiment a response's own score gives its comments: NPS first, then CSAT, then
    ease."""
    if nps is not None:
        return NEGATIVE if nps <= 6 else NEUTRAL if nps <= 8 else POSITIVE
    if csat is not None:
        return NEGATIVE if csat <= 2 else NEUTRAL if csat == 3 else POSITIVE
    if ces is not None:
        return NEGATIVE if ces <= 3 else NEUTRAL if ces == 4 else POSITIVE
    return None


def _negators(language: str) -> set[str]:
    if language == "en":
        return ENGLISH_NEGATIONS
    return {word for word, (kind, _f) in modifiers(language).items() if kind == "negate"}


def features(text: str, tokens: list[Token], language: str) -> dict[str, float]:
    """What the model looks at: lemmas (marked when negated), neighbouring lemma pairs,
    compound parts, emoji, and the word list's score of the comment."""
    negators = _negators(language)
    found: dict[str, float] = {}
    previous = None
    negated = 0
    for token in tokens:
        if token.kind == "punct":
            negated, previous = 0, None
            continue
        lemma = token.lemma
        if token.text in negators or lemma in negators or token.text.endswith("n't"):
            negated = NEGATION_REACH
            found[f"w:{lemma}"] = 1.0
            previous = lemma
            continue
        found[f"{'n' if negated else 'w'}:{lemma}"] = 1.0
        for part in token.parts:
            found[f"p:{part}"] = 1.0
        if previous is not None:
            found[f"b:{previous}_{lemma}"] = 1.0
        previous = lemma
        negated = max(0, negated - 1)
    lower = text.lower()
    if "?" in text:
        found["question"] = 1.0
    if _hedged(tokens, lower, language):
        found["wish"] = 1.0
    score = lexicon_sentiment(text, tokens, language).score
    found["lexicon"] = score
    found["lexicon_positive"] = max(0.0, score)
    found["lexicon_negative"] = max(0.0, -score)
    return found


def _hedged(tokens: list[Token], lower: str, language: str) -> bool:
    """A wish or a suggestion ("voisitte", "skulle", "could you"): worded, not scored."""
    if language == "en":
        return any(hedge in lower for hedge in ENGLISH_HEDGES) or any(
            t.text in ("could", "would", "should", "please") for t in tokens
        )
    hedges = {w for w, (kind, _f) in modifiers(language).items() if kind == "hedge"}
    return any(t.text in hedges for t in tokens)


def _shown(feature: str) -> str:
    kind, _colon, word = feature.partition(":")
    if feature.startswith("lexicon"):
        return "(word list)"
    if feature in ("question", "wish"):
        return f"({feature})"
    if kind == "n":
        return f"not {word}"
    return word.replace("_", " ")


@dataclass(frozen=True)
class LinearModel:
    """A multinomial logistic regression as plain numbers."""

    classes: tuple[str, ...]
    intercepts: tuple[float, ...]
    weights: dict[str, list[float]]

    @classmethod
    def from_parameters(cls, parameters: dict) -> LinearModel:
        return cls(
            tuple(parameters["classes"]), tuple(parameters["intercepts"]), parameters["weights"]
        )

    def parameters(self) -> dict:
        return {
            "classes": list(self.classes),
            "intercepts": list(self.intercepts),
            "weights": self.weights,
        }

    def probabilities(self, found: dict[str, float]) -> list[float]:
        logits = list(self.intercepts)
        for feature, value in found.items():
            weights = self.weights.get(feature)
            if weights is not None:
                for i, weight in enumerate(weights):
                    logits[i] += weight * value
        top = max(logits)
        exps = [math.exp(logit - top) for logit in logits]
        total = sum(exps)
        return [e / total for e in exps]

    def sentiment(self, text: str, tokens: list[Token], language: str) -> Sentiment:
        return self.predict(features(text, tokens, language))

    def predict(self, found: dict[str, float]) -> Sentiment:
        probabilities = self.probabilities(found)
        by_class = dict(zip(self.classes, probabilities, strict=True))
        label = max(by_class, key=by_class.get)
        score = by_class.get(POSITIVE, 0) - by_class.get(NEGATIVE, 0)
        # Each feature's push toward positive (away from negative), for the explanation.
        positive, negative = self.classes.index(POSITIVE), self.classes.index(NEGATIVE)
        merged: dict[str, float] = {}
        for feature, value in found.items():
            weights = self.weights.get(feature)
            if weights is not None and value:
                shown = _shown(feature)
                push = (weights[positive] - weights[negative]) * value
                merged[shown] = merged.get(shown, 0.0) + push
        pushes = [(word, round(push, 2)) for word, push in merged.items() if abs(push) >= 0.05]
        pushes.sort(key=lambda item: -abs(item[1]))
        return Sentiment(label, round(score, 4), tuple(pushes[:6]), "learned")


def macro_f1(truth: list[str], predicted: list[str]) -> float:
    scores = []
    for label in CLASSES:
        tp = sum(t == p == label for t, p in zip(truth, predicted, strict=True))
        fp = sum(p == label != t for t, p in zip(truth, predicted, strict=True))
        fn = sum(t == label != p for t, p in zip(truth, predicted, strict=True))
        if tp + fp + fn:
            scores.append(2 * tp / (2 * tp + fp + fn))
    return sum(scores) / len(scores) if scores else 0.0


# Regularisation strengths tried; the choice is made by cross-validation (choose_c).
STRENGTHS = (0.03, 0.1, 0.3, 1.0, 3.0)


def _matrix(rows: list[dict[str, float]]):
    from sklearn.feature_extraction import DictVectorizer

    counts: dict[str, int] = {}
    for row in rows:
        for feature in row:
            counts[feature] = counts.get(feature, 0) + 1
    kept = [{f: v for f, v in row.items() if counts[f] >= 2} for row in rows]
    vectorizer = DictVectorizer()
    return vectorizer, vectorizer.fit_transform(kept)


def choose_c(rows: list[dict[str, float]], labels: list[str], folds: int = 5) -> float:
    """The strongest regularisation whose cross-validated macro-F1 is within one standard
    error of the best (Breiman's rule): labels that come from scores are noisy, and a
    simpler model carries better to comments worded otherwise."""
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import StratifiedKFold, cross_val_score

    _vectorizer, matrix = _matrix(rows)
    splitter = StratifiedKFold(n_splits=folds, shuffle=True, random_state=7)
    results = []
    for c in STRENGTHS:
        fold_scores = cross_val_score(
            LogisticRegression(C=c, max_iter=2000), matrix, labels, cv=splitter, scoring="f1_macro"
        )
        mean = float(fold_scores.mean())
        error = float(fold_scores.std(ddof=1) / math.sqrt(len(fold_scores)))
        results.append((c, mean, error))
    best_c, best_mean, best_error = max(results, key=lambda r: r[1])
    return min(c for c, mean, _e in results if mean >= best_mean - best_error)


def fit(rows: list[dict[str, float]], labels: list[str], c: float | None = None) -> LinearModel:
    """Train on feature dicts and labels (scikit-learn), keep features seen twice or more;
    the regularisation is chosen by cross-validation unless given."""
    from sklearn.linear_model import LogisticRegression

    if c is None:
        c = choose_c(rows, labels)
    vectorizer, matrix = _matrix(rows)
    model = LogisticRegression(C=c, max_iter=2000)
    model.fit(matrix, labels)
    classes = [str(c) for c in model.classes_]
    if len(classes) < len(CLASSES):
        raise ValueError("every class needs examples")
    names = vectorizer.get_feature_names_out()
    weights = {
        str(name): [round(float(model.coef_[k][i]), 5) for k in range(len(classes))]
        for i, name in enumerate(names)
    }
    weights = {f: w for f, w in weights.items() if any(abs(x) >= 1e-4 for x in w)}
    intercepts = tuple(round(float(x), 5) for x in model.intercept_)
    return LinearModel(tuple(classes), intercepts, weights)


@dataclass(frozen=True)
class Training:
    model: LinearModel
    learned_f1: float
    lexicon_f1: float
    examples: int

    @property
    def better_than_lexicon(self) -> bool:
        return self.learned_f1 > self.lexicon_f1


def enough(labels: Iterable[str]) -> bool:
    labels = list(labels)
    return len(labels) >= MIN_EXAMPLES and all(labels.count(c) >= MIN_PER_CLASS for c in CLASSES)


def train(rows: list[dict[str, float]], labels: list[str], folds: int = 5) -> Training:
    """A model of all the examples, with its cross-validated macro-F1 beside the word
    list's on the same comments (the word list's label is its `lexicon` feature's)."""
    from sklearn.model_selection import StratifiedKFold

    c = choose_c(rows, labels, folds)
    predicted: list[str | None] = [None] * len(rows)
    splitter = StratifiedKFold(n_splits=folds, shuffle=True, random_state=7)
    for train_index, test_index in splitter.split(rows, labels):
        model = fit([rows[i] for i in train_index], [labels[i] for i in train_index], c)
        for i in test_index:
            predicted[i] = model.predict(rows[i]).label
    from .sentiment import label_of

    lexicon_labels = [label_of(row["lexicon"]) for row in rows]
    return Training(
        model=fit(rows, labels, c),
        learned_f1=round(macro_f1(labels, predicted), 4),
        lexicon_f1=round(macro_f1(labels, lexicon_labels), 4),
        examples=len(rows),
    )
