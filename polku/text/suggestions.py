"""Suggested themes: what the comments no theme covers keep talking about.

Lemmas and pairs of neighbouring lemmas are counted in the uncovered comments of the last
year (the newest few thousand), each comment weighing double when its answer scored low,
without stop words (stopwordsiso's lists) and without words some theme already names.
Each suggestion comes with example comments, and becomes a theme with one click.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta
from functools import cache

from django.db.models import Exists, OuterRef
from django.utils import timezone

from .learning import label_from_scores
from .lemmas import LANGUAGES
from .models import Comment, CommentTheme, Theme
from .rules import split_rule

SCANNED = 3000  # the newest uncovered comments looked at
MIN_COMMENTS = 3


@cache
def stop_words(language: str) -> frozenset[str]:
    import stopwordsiso

    return frozenset(stopwordsiso.stopwords(language))


def content_words(lemmas, language: str) -> list[str]:
    """The lemmas worth proposing as a rule's words: of three letters or more, letters only,
    not a stop word of the language."""
    stops = stop_words(language)
    return [w for w in lemmas if len(w) >= 3 and w.isalpha() and w not in stops]


@dataclass
class Suggestion:
    words: str  # a lemma, or two in a row
    language: str
    weight: float = 0.0
    comments: int = 0
    negative: int = 0
    examples: list[Comment] = field(default_factory=list)

    @property
    def rule(self) -> str:
        return f'"{self.words}"' if " " in self.words else self.words


def rule_words(rules: dict, named: dict[str, set[str]] | None = None) -> dict[str, set[str]]:
    """The words a theme's rules name, per language (prefixes without their *), added to
    `named` when given."""
    named = named if named is not None else {language: set() for language in LANGUAGES}
    for language, text in (rules or {}).items():
        if language in named and text:
            try:
                lexemes = split_rule(text)
            except ValueError:
                continue
            for lexeme in lexemes:
                named[language].update(w.strip('"*').lower() for w in lexeme.split())
    return named


def _named_words(organization) -> dict[str, set[str]]:
    """The words the organization's themes already name, per language (prefixes too)."""
    named: dict[str, set[str]] = {language: set() for language in LANGUAGES}
    for rules in Theme.objects.filter(organization=organization).values_list("rules", flat=True):
        rule_words(rules, named)
    return named


def covered(lemma: str, named: set[str]) -> bool:
    """Whether a rule's words name the lemma already (as itself or as a prefix of it)."""
    return lemma in named or any(len(n) >= 3 and lemma.startswith(n) for n in named)


def suggestions(organization, count: int = 10) -> list[Suggestion]:
    since = timezone.now() - timedelta(days=365)
    uncovered = (
        Comment.objects.filter(organization=organization, analyzed_at__gte=since)
        .exclude(Exists(CommentTheme.objects.filter(comment=OuterRef("pk"), removed=False)))
        .select_related("answer", "response")
        .order_by("-pk")[:SCANNED]
    )
    named = _named_words(organization)
    found: dict[tuple[str, str], Suggestion] = {}
    for comment in uncovered:
        language = comment.language if comment.language in LANGUAGES else "fi"
        words = content_words(comment.lemmas, language)
        candidates = set(words) | {f"{a} {b}" for a, b in zip(words, words[1:], strict=False)}
        response = comment.response
        low = label_from_scores(response.nps, response.csat, response.ces) == "negative"
        for words_ in candidates:
            if all(covered(w, named[language]) for w in words_.split()):
                continue
            suggestion = found.setdefault((language, words_), Suggestion(words_, language))
            suggestion.weight += 2.0 if low else 1.0
            suggestion.comments += 1
            suggestion.negative += comment.shown_sentiment == "negative"
            if len(suggestion.examples) < 3:
                suggestion.examples.append(comment)
    ranked = sorted(
        (s for s in found.values() if s.comments >= MIN_COMMENTS),
        key=lambda s: (-s.weight, -s.comments, s.words),
    )
    # A pair says more than its words alone: drop a single word a chosen pair contains.
    chosen: list[Suggestion] = []
    for suggestion in ranked:
        if any(suggestion.words in other.words.split() for other in chosen):
            continue
        chosen.append(suggestion)
        if len(chosen) == count:
            break
    return chosen
