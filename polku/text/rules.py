"""Theme rules: which comments a theme covers, written by a person and readable by one.

    toimitus* OR posti OR "ei tullut"      any of these
    paketti* AND (rikki OR hajonnut)       both
    hinta* NOT "hyvä hinta"                the first, unless the second is there too
    kassa jono                             words side by side: any of them (as OR)

A word is matched on lemmas, so any inflection of it counts ("toimituksen" is "toimitus"),
and on the parts of compounds ("toimitusaika" has "aika"); a word ending in * is a prefix;
words in quotes are a phrase, matched as consecutive lemmas. NOT binds tightest, then AND,
then OR. A rule compiles once into a tree of small matchers; matching a comment returns the
words that made it match, which is how Polku shows why a comment has a theme.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable
from dataclasses import dataclass

from django.utils.translation import gettext as _

from .lemmas import Token, word_token

MAX_RULE = 2000  # characters


class RuleError(ValueError):
    """A rule that cannot be read, with a message for the person who wrote it."""


@dataclass(frozen=True)
class Document:
    """A comment prepared for matching: every form of its words, sorted (for prefixes),
    and the lemmas in order (for phrases)."""

    forms: frozenset[str]
    sorted_forms: tuple[str, ...]
    sequence: tuple[str, ...]
    lemmas: frozenset[str]
    # Every beginning of every form: a rule's prefixes are then one set intersection.
    beginnings: frozenset[str]

    @classmethod
    def of(cls, tokens: list[Token]) -> Document:
        words = [t for t in tokens if t.kind == "word"]
        forms = frozenset(f for t in words for f in (*t.forms, t.text))
        sequence = tuple(t.lemma for t in words)
        beginnings = frozenset(f[:n] for f in forms for n in range(2, len(f) + 1))
        return cls(forms, tuple(sorted(forms)), sequence, frozenset(sequence), beginnings)

    def has_prefix(self, prefix: str) -> str | None:
        at = bisect.bisect_left(self.sorted_forms, prefix)
        if at < len(self.sorted_forms) and self.sorted_forms[at].startswith(prefix):
            return self.sorted_forms[at]
        return None


# A matcher returns the words that matched (possibly none, for NOT), or None for no match.
Matcher = Callable[[Document], list[str] | None]

TOKEN = re.compile(r'\s*(?:(\()|(\))|("[^"]*"?)|(,)|([^\s(),"]+))')


def split_rule(rule: str) -> list[str]:
    out, position = [], 0
    while position < len(rule):
        match = TOKEN.match(rule, position)
        if not match or match.end() == position:
            if rule[position:].strip():
                raise RuleError(
                    _("The rule cannot be read near “%(text)s”.") % {"text": rule[position:][:20]}
                )
            break
        out.append(next(group for group in match.groups() if group is not None))
        position = match.end()
    return out


def _word(text: str, language: str) -> tuple[str, bool]:
    """A rule word as the matcher compares it: a prefix as written, a word as its lemma."""
    lower = text.lower()
    if lower.endswith("*"):
        stem = lower.rstrip("*")
        if len(stem) < 2:
            raise RuleError(
                _("A prefix needs at least two letters before the *: “%(word)s”.") % {"word": text}
            )
        return stem, True
    return word_token(lower, language).lemma, False


class _Word:
    """A word of a rule: its lemma, or the word as written (a name simplemma takes for
    another word: "Bring")."""

    def __init__(self, lemma: str, written: str):
        self.lemma, self.written = lemma, written

    def __call__(self, doc: Document) -> list[str] | None:
        return [self.lemma] if self.lemma in doc.forms or self.written in doc.forms else None


class _Prefix:
    def __init__(self, stem: str):
        self.stem = stem

    def __call__(self, doc: Document) -> list[str] | None:
        if self.stem not in doc.beginnings:
            return None
        return [doc.has_prefix(self.stem) or self.stem]


def _term(text: str, language: str) -> Matcher:
    word, prefix = _word(text, language)
    return _Prefix(word) if prefix else _Word(word, text.lower())


class _Phrase:
    def __init__(self, words: list[tuple[str, bool]]):
        self.words = words
        self.label = " ".join(w + ("*" if p else "") for w, p in words)
        first, first_is_prefix = words[0]
        self.first = None if first_is_prefix else first  # quick refusal

    def __call__(self, doc: Document) -> list[str] | None:
        if self.first is not None and self.first not in doc.lemmas:
            return None
        sequence, size = doc.sequence, len(self.words)
        for start in range(len(sequence) - size + 1):
            if all(
                sequence[start + i].startswith(w) if p else sequence[start + i] == w
                for i, (w, p) in enumerate(self.words)
            ):
                return [self.label]
        return None


def _phrase(text: str, language: str) -> Matcher:
    if not text.endswith('"') or len(text) < 2:
        raise RuleError(_("A phrase is missing its closing quote: %(text)s") % {"text": text})
    words = [_word(w, language) for w in text.strip('"').split()]
    if not words:
        raise RuleError(_("A phrase in quotes needs at least one word."))
    return _Phrase(words)


class _AnyOf:
    """Any of the branches, with the plain words looked up at once in the comment's forms
    and the prefixes by their lengths: a rule of forty words costs a handful of set
    lookups, not forty calls."""

    def __init__(self, branches: list[Matcher]):
        self.words: dict[str, str] = {}  # a form → the word shown for it
        stems: set[str] = set()
        self.others: list[Matcher] = []
        for branch in branches:
            if isinstance(branch, _Word):
                self.words.setdefault(branch.lemma, branch.lemma)
                self.words.setdefault(branch.written, branch.lemma)
            elif isinstance(branch, _Prefix):
                stems.add(branch.stem)
            else:
                self.others.append(branch)
        self.word_set = frozenset(self.words)
        self.stems = frozenset(stems)
        # Words found are named in the rule's order, whatever order the sets iterate in.
        self.rank = {form: i for i, form in enumerate(self.words)}
        self.stem_rank = {
            stem: i for i, stem in enumerate(b.stem for b in branches if isinstance(b, _Prefix))
        }

    def __call__(self, doc: Document) -> list[str] | None:
        hits = sorted(self.word_set & doc.forms, key=self.rank.__getitem__)
        found = [self.words[form] for form in hits]
        for stem in sorted(self.stems & doc.beginnings, key=self.stem_rank.__getitem__):
            found.append(doc.has_prefix(stem) or stem)
        held = bool(found)
        for branch in self.others:
            words = branch(doc)
            if words is not None:
                found += words
                held = True  # a branch of NOT only holds with no words
        return found if held else None


KEYWORDS = {"AND", "OR", "NOT"}


class _Parser:
    def __init__(self, lexemes: list[str], language: str):
        self.lexemes, self.at, self.language = lexemes, 0, language

    def peek(self) -> str | None:
        return self.lexemes[self.at] if self.at < len(self.lexemes) else None

    def take(self) -> str:
        lexeme = self.lexemes[self.at]
        self.at += 1
        return lexeme

    def parse(self) -> Matcher:
        matcher = self.any_of()
        if self.peek() is not None:
            raise RuleError(_("Unexpected “%(text)s” in the rule.") % {"text": self.peek()})
        return matcher

    def any_of(self) -> Matcher:
        branches = [self.all_of()]
        while self.peek() not in (None, ")"):
            if self.peek() in ("OR", ","):
                self.take()
            branches.append(self.all_of())  # side by side means OR, too
        return branches[0] if len(branches) == 1 else _AnyOf(branches)

    def all_of(self) -> Matcher:
        parts = [self.negated()]
        while self.peek() in ("AND", "NOT"):
            if self.take() == "NOT":  # "a NOT b": a, but not with b
                self.at -= 1
            parts.append(self.negated())
        if len(parts) == 1:
            return parts[0]

        def matches(doc: Document) -> list[str] | None:
            words: list[str] = []
            for part in parts:
                found = part(doc)
                if found is None:
                    return None
                words += found
            return words

        return matches

    def negated(self) -> Matcher:
        if self.peek() == "NOT":
            self.take()
            inner = self.negated()
            return lambda doc: [] if inner(doc) is None else None
        return self.atom()

    def atom(self) -> Matcher:
        lexeme = self.peek()
        if lexeme is None or lexeme in (")", "OR", "AND", ","):
            if lexeme is None:
                raise RuleError(_("A word is missing at the end of the rule."))
            raise RuleError(
                _("A word is missing in the rule before “%(text)s”.") % {"text": lexeme}
            )
        self.take()
        if lexeme == "(":
            inner = self.any_of()
            if self.peek() != ")":
                raise RuleError(_("A bracket is not closed."))
            self.take()
            return inner
        if lexeme.startswith('"'):
            return _phrase(lexeme, self.language)
        return _term(lexeme, self.language)


@dataclass(frozen=True)
class Rule:
    text: str
    matcher: Matcher

    def match(self, doc: Document) -> list[str] | None:
        """The words that made the comment match (at least one), or None."""
        found = self.matcher(doc)
        return list(dict.fromkeys(found)) if found else None


def compile_rule(text: str, language: str) -> Rule:
    """The rule as a matcher, or RuleError with what is wrong."""
    text = text.strip()
    if not text:
        raise RuleError(_("Write at least one word."))
    if len(text) > MAX_RULE:
        raise RuleError(_("A rule is at most %(count)d characters long.") % {"count": MAX_RULE})
    lexemes = split_rule(text)
    if lexemes.count("(") != lexemes.count(")"):
        raise RuleError(_("The brackets do not pair up."))
    rule = Rule(text, _Parser(lexemes, language).parse())
    if not any(lexeme not in KEYWORDS | {"(", ")", ","} for lexeme in lexemes):
        raise RuleError(_("Write at least one word."))
    return rule
