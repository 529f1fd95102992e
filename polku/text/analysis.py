"""Reading comments: the pure analysis of one text (lemmas, themes, sentiment), and the
worker's steps that keep every comment's analysis and the theme totals current.

Analysis happens in the worker, never in the request that stores an answer: each tick
reads the responses whose comments are new, the comments whose organization changed its
themes, and retrains sentiment models that have new examples. Every step is safe to run
twice and in two workers at once: rows are claimed with SKIP LOCKED (SQLite has one writer
anyway), and a response's theme totals are taken out and put back in the transaction that
changes its comments.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Protocol

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from polku.insights.rollups import add_rows, take_rows, theme_totals
from polku.lib.sqlite_writes import one_writer
from polku.surveys.kinds import TEXT_KINDS
from polku.surveys.models import Response
from polku.text.models import ThemeRollup

from . import transformer
from .learning import LinearModel
from .lemmas import LANGUAGES, Token, detect_language, tokens
from .models import Comment, CommentTheme, SentimentModel, Theme, ThemeVersion
from .rules import Document, Rule, RuleError, compile_rule
from .sentiment import Sentiment, lexicon_sentiment
from .starter import STARTER_THEMES

logger = logging.getLogger(__name__)

BATCH = 200  # responses per transaction


@dataclass(frozen=True)
class CompiledTheme:
    pk: int
    rules: dict[str, Rule]  # per language


@dataclass(frozen=True)
class Reading:
    """What one comment says."""

    language: str
    tokens: list[Token]
    themes: list[tuple[int, list[str]]]  # (theme id, the words that matched)
    sentiment: Sentiment

    @property
    def lemmas(self) -> list[str]:
        return [t.lemma for t in self.tokens if t.kind in ("word", "emoji")]


def compile_themes(themes) -> list[CompiledTheme]:
    compiled = []
    for theme in themes:
        rules = {}
        for language, text in (theme.rules or {}).items():
            if text and language in LANGUAGES:
                try:
                    rules[language] = compile_rule(text, language)
                except RuleError:
                    continue  # saved before a check, or edited by hand: matches nothing
        compiled.append(CompiledTheme(theme.pk, rules))
    return compiled


def read(
    text: str,
    language: str,
    themes: list[CompiledTheme],
    model: SentimentReader | None = None,
) -> Reading:
    """Lemmas, themes and sentiment of one comment in a known language; the sentiment by
    `model` (learned or transformer) when given, else by the word list."""
    words = tokens(text, language)
    document = Document.of(words)
    found = []
    for theme in themes:
        rule = theme.rules.get(language)
        if rule is not None and (matched := rule.match(document)):
            found.append((theme.pk, matched))
    sentiment = (
        model.sentiment(text, words, language)
        if model is not None
        else lexicon_sentiment(text, words, language)
    )
    return Reading(language, words, found, sentiment)


class SentimentReader(Protocol):
    """A learned model (polku.text.learning) or a transformer (polku.text.transformer)."""

    def sentiment(self, text: str, tokens: list[Token], language: str) -> Sentiment: ...


def sentiment_reader(stored: SentimentModel | None) -> SentimentReader | None:
    """What reads a language's sentiment for an organization: its chosen transformer when
    that loads, else its learned model when in use; None: the word list."""
    if stored is None:
        return None
    if stored.transformer:
        try:
            return transformer.named(stored.transformer)
        except transformer.TransformerUnavailable as problem:
            logger.warning("Sentiment model %s not used: %s", stored.transformer, problem)
    if stored.in_use and stored.parameters:
        return LinearModel.from_parameters(stored.parameters)
    return None


# The organization's side -----------------------------------------------------------------


def theme_version(organization_id: int) -> int:
    version, _created = ThemeVersion.objects.get_or_create(organization_id=organization_id)
    return version.number


def themes_changed(organization) -> None:
    """Every comment of the organization is to be matched again (by the worker)."""
    updated = ThemeVersion.objects.filter(organization=organization).update(number=F("number") + 1)
    if not updated:
        ThemeVersion.objects.create(organization=organization, number=2)


def add_starter_themes(organization) -> list[Theme]:
    """The starter set, for an organization that has no themes yet."""
    if Theme.objects.filter(organization=organization).exists():
        return []
    made = Theme.objects.bulk_create(
        Theme(organization=organization, name=t["name"], rules=t["rules"], starter=t["key"])
        for t in STARTER_THEMES
    )
    themes_changed(organization)
    return made


class Context:
    """An organization's themes and models, compiled once for a batch."""

    def __init__(self):
        self._themes: dict[int, tuple[int, list[CompiledTheme]]] = {}
        self._models: dict[tuple[int, str], SentimentReader | None] = {}

    def themes(self, organization_id: int) -> tuple[int, list[CompiledTheme]]:
        if organization_id not in self._themes:
            version = theme_version(organization_id)
            active = Theme.objects.filter(organization_id=organization_id, active=True)
            self._themes[organization_id] = (version, compile_themes(active))
        return self._themes[organization_id]

    def model(self, organization_id: int, language: str) -> SentimentReader | None:
        key = (organization_id, language)
        if key not in self._models:
            stored = SentimentModel.objects.filter(
                organization_id=organization_id, language=language
            ).first()
            self._models[key] = sentiment_reader(stored)
        return self._models[key]


@contextmanager
def theme_totals_moved(*responses: Response) -> Iterator[None]:
    """Around a change to responses' comments: their theme totals are taken out before and
    put back after, so they always equal a count from scratch (a few queries for a whole
    batch)."""
    take_rows(ThemeRollup, list(theme_totals(responses).values()))
    yield
    add_rows(ThemeRollup, list(theme_totals(responses).values()))


def _store(comment: Comment, reading: Reading, version: int) -> None:
    """A comment's analysis written over its last one; a person's corrections stay."""
    comment.language = reading.language
    comment.lemmas = reading.lemmas
    comment.sentiment = reading.sentiment.label
    comment.sentiment_score = reading.sentiment.score
    comment.sentiment_words = [list(pair) for pair in reading.sentiment.words]
    comment.sentiment_source = reading.sentiment.source
    comment.themes_version = version
    comment.analyzed_at = timezone.now()
    comment.save()
    _relink(comment, dict(reading.themes))


def _relink(comment: Comment, found: dict[int, list[str]]) -> None:
    """The comment's rule themes made what its rules find now. A theme a person set or
    removed stays as they left it (its matched words are kept current)."""
    links = {link.theme_id: link for link in comment.theme_links.all()}
    for theme_id, link in links.items():
        if link.source == CommentTheme.Source.RULE and theme_id not in found:
            link.delete()
        elif theme_id in found and link.matched != found[theme_id]:
            link.matched = found[theme_id]
            link.save(update_fields=["matched"])
    CommentTheme.objects.bulk_create(
        CommentTheme(
            comment=comment, theme_id=theme_id, source=CommentTheme.Source.RULE, matched=words
        )
        for theme_id, words in found.items()
        if theme_id not in links
    )


def analyze_response(response: Response, context: Context) -> int:
    """Analyse (again) every comment of a response; how many. (Inside theme_totals_moved.)"""
    version, themes = context.themes(response.organization_id)
    answers = [
        a for a in response.answers.all() if a.kind in TEXT_KINDS and a.text and a.text.strip()
    ]
    existing = {c.answer_id: c for c in Comment.objects.filter(response=response)}
    for answer in answers:
        language = detect_language(answer.text, (response.language or "fi")[:2])
        model = context.model(response.organization_id, language)
        comment = existing.get(answer.pk) or Comment(
            organization_id=response.organization_id, answer=answer, response=response
        )
        _store(comment, read(answer.text, language, themes, model), version)
    return len(answers)


def analyze_pending(limit: int | None = None) -> int:
    """Comments not read yet: the worker's step. Returns how many comments were read."""
    context = Context()
    done = responses = 0
    while limit is None or responses < limit:
        with one_writer(), transaction.atomic():
            batch = list(
                Response.objects.filter(has_comment=True, comments_analyzed=False)
                .order_by("pk")
                .select_for_update(skip_locked=True)
                .prefetch_related("answers")[:BATCH]
            )
            if not batch:
                break
            with theme_totals_moved(*batch):
                for response in batch:
                    done += analyze_response(response, context)
            Response.objects.filter(pk__in=[r.pk for r in batch]).update(comments_analyzed=True)
            responses += len(batch)
    return done


def rematch_themes() -> int:
    """Comments matched under older theme rules, matched again; a person's additions and
    removals stay. Lemmas come from simplemma's cache, so this is mostly the rules: fast.
    Returns how many comments were matched."""
    done = 0
    for version in ThemeVersion.objects.all():
        if not Comment.objects.filter(
            organization_id=version.organization_id, themes_version__lt=version.number
        ).exists():
            continue
        themes = compile_themes(
            Theme.objects.filter(organization_id=version.organization_id, active=True)
        )
        while True:
            with one_writer(), transaction.atomic():
                comments = list(
                    Comment.objects.filter(
                        organization_id=version.organization_id,
                        themes_version__lt=version.number,
                    )
                    .select_related("answer", "response")
                    .order_by("pk")
                    .select_for_update(skip_locked=True, of=("self",))[: BATCH * 2]
                )
                if not comments:
                    break
                by_response: dict[int, list[Comment]] = {}
                for comment in comments:
                    by_response.setdefault(comment.response_id, []).append(comment)
                with theme_totals_moved(*(group[0].response for group in by_response.values())):
                    for group in by_response.values():
                        for comment in group:
                            document = Document.of(tokens(comment.answer.text, comment.language))
                            found = {}
                            for theme in themes:
                                rule = theme.rules.get(comment.language)
                                if rule is not None and (matched := rule.match(document)):
                                    found[theme.pk] = matched
                            _relink(comment, found)
                Comment.objects.filter(pk__in=[c.pk for c in comments]).update(
                    themes_version=version.number
                )
                done += len(comments)
    return done
