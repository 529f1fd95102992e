"""What people's corrections say about a theme's rule.

When someone gives a comment a theme by hand, the rule missed it: the words of such comments
that the rule does not name are candidates to add, shown with how often they appear in
comments without the theme (a word that is everywhere would bring those along). When someone
takes a theme off a comment its rule found, a word of the rule misfired: each rule word is
shown with how often its finds were taken off and how often they were kept. A person reads
both and decides; a missing word goes into the rule with one click.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from .lemmas import LANGUAGES
from .models import Comment, CommentTheme, Theme
from .suggestions import content_words, covered, rule_words

SCANNED = 3000  # the newest comments looked at
MIN_COMMENTS = 2  # comments given the theme by hand that a word must appear in
# Of all comments with a word, the share given the theme by hand below which the word is
# left out: it is everywhere ("paketti" in a quality complaint), and would bring the rest.
MIN_SHARE = 20  # percent
SHOWN = 8


@dataclass
class MissingWord:
    """A word of comments a person gave the theme to and the rule missed."""

    word: str
    language: str
    added: int = 0  # comments given the theme by hand that have the word
    elsewhere: int = 0  # comments without the theme that have it
    examples: list[str] = field(default_factory=list)

    @property
    def share(self) -> int:
        """Of the comments with the word, the percentage that have the theme by hand."""
        return round(100 * self.added / (self.added + self.elsewhere))


@dataclass
class Misfire:
    """A rule word behind the theme on comments a person took the theme off."""

    word: str
    taken_off: int = 0
    kept: int = 0
    examples: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Seen:
    """One comment as the advice needs it."""

    text: str
    language: str
    lemmas: tuple[str, ...]
    has_theme: bool  # with the theme now (by its rule or by hand)
    missed: bool  # given the theme by hand where its rule found nothing


def missing_words(
    seen: Iterable[Seen], named: dict[str, set[str]], minimum: int = MIN_COMMENTS
) -> list[MissingWord]:
    """The words of the missed comments that the rule does not name (nor a stop word), that
    appear in at least `minimum` of them and not mostly elsewhere (MIN_SHARE); most missed
    comments first, then the fewest comments without the theme."""
    found: dict[tuple[str, str], MissingWord] = {}
    rows = list(seen)
    for row in rows:
        if not row.missed:
            continue
        for word in dict.fromkeys(content_words(row.lemmas, row.language)):
            if covered(word, named.get(row.language, set())):
                continue
            advice = found.setdefault((row.language, word), MissingWord(word, row.language))
            advice.added += 1
            if len(advice.examples) < 3:
                advice.examples.append(row.text)
    candidates = {key: a for key, a in found.items() if a.added >= minimum}
    for row in rows:
        if row.has_theme:
            continue
        for word in set(row.lemmas):
            advice = candidates.get((row.language, word))
            if advice is not None:
                advice.elsewhere += 1
    return sorted(
        (a for a in candidates.values() if a.share >= MIN_SHARE),
        key=lambda a: (-a.added, a.elsewhere, a.word),
    )


def misfires(links: Iterable[tuple[list[str], bool, str]]) -> list[Misfire]:
    """The rule words behind the theme's finds, (matched words, taken off, comment text)
    per find, with how often each was taken off and kept; only words taken off at least
    once, most taken off first."""
    found: dict[str, Misfire] = {}
    for matched, taken_off, text in links:
        for word in dict.fromkeys(matched):
            misfire = found.setdefault(word, Misfire(word))
            if taken_off:
                misfire.taken_off += 1
                if len(misfire.examples) < 3:
                    misfire.examples.append(text)
            else:
                misfire.kept += 1
    return sorted(
        (m for m in found.values() if m.taken_off),
        key=lambda m: (-m.taken_off, m.kept, m.word),
    )


@dataclass
class Advice:
    missing: list[MissingWord]
    misfiring: list[Misfire]


def advice_for(theme: Theme, scanned: int = SCANNED) -> Advice:
    """What the corrections among the organization's newest comments say about the theme."""
    newest = list(
        Comment.objects.filter(organization=theme.organization)
        .order_by("-pk")
        .values_list("pk", "language", "lemmas", "answer__text")[:scanned]
    )
    links = {
        link["comment_id"]: link
        for link in CommentTheme.objects.filter(
            theme=theme, comment_id__in=[pk for pk, *_rest in newest]
        ).values("comment_id", "source", "removed", "matched")
    }
    seen, finds = [], []
    for pk, language, lemmas, text in newest:
        link = links.get(pk)
        has_theme = link is not None and not link["removed"]
        missed = (
            link is not None
            and not link["removed"]
            and link["source"] == CommentTheme.Source.MANUAL
            and not link["matched"]
        )
        language = language if language in LANGUAGES else "fi"
        seen.append(Seen(text, language, tuple(lemmas or ()), has_theme, missed))
        if link is not None and link["matched"]:
            finds.append((link["matched"], link["removed"], text))
    return Advice(
        missing=missing_words(seen, rule_words(theme.rules))[:SHOWN],
        misfiring=misfires(finds)[:SHOWN],
    )
