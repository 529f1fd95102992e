"""Training each organization's sentiment models from its own comments, by the worker.

A language's model is trained again when its labelled comments (scored, or corrected by a
person) grew by a tenth since the last training, or a person corrected one since. After
training, the comments of that language are scored again by what is now in use: the
model when it beat the word list, else the word list.
"""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.db.models import Count, Max, Q
from django.utils import timezone

from polku.lib.sqlite_writes import one_writer

from .analysis import BATCH, sentiment_reader, theme_totals_moved
from .learning import MIN_EXAMPLES, enough, features, label_from_scores, train
from .lemmas import tokens
from .models import Comment, SentimentModel
from .sentiment import lexicon_sentiment


def examples(organization_id: int, language: str) -> tuple[list[dict], list[str]]:
    """(feature rows, labels) of the comments that have a label: a correction, else the
    response's own score."""
    rows, labels = [], []
    comments = (
        Comment.objects.filter(organization_id=organization_id, language=language)
        .select_related("answer", "response")
        .only(
            "corrected_sentiment",
            "language",
            "answer__text",
            "response__nps",
            "response__csat",
            "response__ces",
        )
        .order_by("pk")
    )
    for comment in comments.iterator(chunk_size=1000):
        response = comment.response
        label = comment.corrected_sentiment or label_from_scores(
            response.nps, response.csat, response.ces
        )
        if label is None:
            continue
        text = comment.answer.text
        rows.append(features(text, tokens(text, language), language))
        labels.append(label)
    return rows, labels


def retrain(organization_id: int, language: str, now: datetime | None = None):
    """Train (or try to train) the language's model; the stored model, or None when there
    are too few labelled comments."""
    rows, labels = examples(organization_id, language)
    if not enough(labels):
        # Remembered, so the worker waits for more examples before trying again.
        SentimentModel.objects.update_or_create(
            organization_id=organization_id,
            language=language,
            defaults={
                "trained_at": now or timezone.now(),
                "examples": len(labels),
                "parameters": {},
                "learned_f1": None,
                "lexicon_f1": None,
                "in_use": False,
            },
        )
        return None
    training = train(rows, labels)
    model, _created = SentimentModel.objects.update_or_create(
        organization_id=organization_id,
        language=language,
        defaults={
            "trained_at": now or timezone.now(),
            "examples": training.examples,
            "parameters": training.model.parameters(),
            "learned_f1": training.learned_f1,
            "lexicon_f1": training.lexicon_f1,
            "in_use": training.better_than_lexicon,
        },
    )
    if not model.transformer:  # a chosen language model reads them, not this one
        rescore(organization_id, language, model)
    return model


def rescore(organization_id: int, language: str, model: SentimentModel | None) -> int:
    """Every comment of the language scored again by what is in use now; returns how many.
    A person's correction is kept beside the new score (and still wins)."""
    reader = sentiment_reader(model)
    done, last = 0, 0
    while True:
        with one_writer(), transaction.atomic():
            comments = list(
                Comment.objects.filter(
                    organization_id=organization_id, language=language, pk__gt=last
                )
                .select_related("answer", "response")
                .order_by("pk")[: BATCH * 2]
            )
            if not comments:
                return done
            by_response: dict[int, list[Comment]] = {}
            for comment in comments:
                by_response.setdefault(comment.response_id, []).append(comment)
            with theme_totals_moved(*(group[0].response for group in by_response.values())):
                for group in by_response.values():
                    for comment in group:
                        text = comment.answer.text
                        words = tokens(text, language)
                        sentiment = (
                            reader.sentiment(text, words, language)
                            if reader
                            else lexicon_sentiment(text, words, language)
                        )
                        comment.sentiment = sentiment.label
                        comment.sentiment_score = sentiment.score
                        comment.sentiment_words = [list(pair) for pair in sentiment.words]
                        comment.sentiment_source = sentiment.source
                        comment.save(
                            update_fields=[
                                "sentiment",
                                "sentiment_score",
                                "sentiment_words",
                                "sentiment_source",
                            ]
                        )
            done += len(comments)
            last = comments[-1].pk


def due() -> list[tuple[int, str]]:
    """(organization, language) pairs whose model should be trained again."""
    labelled = Q(corrected_sentiment__gt="") | Q(response__nps__isnull=False)
    labelled |= Q(response__csat__isnull=False) | Q(response__ces__isnull=False)
    counts = (
        Comment.objects.filter(labelled)
        .values("organization_id", "language")
        .annotate(n=Count("pk"), corrected=Max("corrected_at"))
    )
    models = {(m.organization_id, m.language): m for m in SentimentModel.objects.all()}
    pairs = []
    for row in counts:
        key = (row["organization_id"], row["language"])
        model = models.get(key)
        if model is None:
            if row["n"] >= MIN_EXAMPLES:
                pairs.append(key)
        elif row["n"] >= model.examples * 1.1 + 10 or (
            row["corrected"] is not None and row["corrected"] > model.trained_at
        ):
            pairs.append(key)
    return pairs


def retrain_due(now: datetime | None = None) -> int:
    """The worker's step: train what is due, and score again the languages whose choice of
    model changed; how many models were trained."""
    trained = 0
    for organization_id, language in due():
        if retrain(organization_id, language, now) is not None:
            trained += 1
    for model in SentimentModel.objects.filter(rescore_due=True):
        # Cleared first: a choice changed again meanwhile asks for another round.
        if SentimentModel.objects.filter(pk=model.pk, rescore_due=True).update(rescore_due=False):
            rescore(model.organization_id, model.language, model)
    return trained
