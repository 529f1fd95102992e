"""Words of a comment: tokens, their lemmas (base forms) and the parts of compound words,
in Finnish, Swedish and English.

Tokenizing and lemmatizing come from simplemma, which ships its dictionaries: nothing is
fetched at run time and no suffix list is made here. Compounds ("toimitusaika",
"pakettiautomaattiin", "leveranstiden") are split on simplemma's dictionary: the word is
cut where both sides are known words, and the head is lemmatized, so a theme about
"aika" or "automaatti" finds them. Emoji and emoticons are kept as tokens of their own,
for sentiment. Results are cached per word: comments repeat their words.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import simplemma

LANGUAGES = ("fi", "sv", "en")
# Languages whose compounds are written as one word.
COMPOUNDING = {"fi", "sv"}
MIN_PART = 3  # letters in the shorter side of a compound split
MIN_COMPOUND = 9  # letters in the lemma of a word worth splitting

# Emoji and the common emoticons: kept whole, before the word tokenizer sees them.
EMOJI = re.compile(
    r"(?::-?[()DPp/|]|;-?\)|<3|"
    r"[\U0001F300-\U0001FAFF\u2600-\u27BF\u2B50\u2764\uFE0F]+)"
)
PUNCTUATION = re.compile(r"^[^\w\s]+$")


@dataclass(frozen=True, slots=True)
class Token:
    text: str  # lower case, as written
    lemma: str
    parts: tuple[str, ...] = ()  # a compound's parts (lemmas), else empty
    kind: str = "word"  # word, punct or emoji

    @property
    def forms(self) -> tuple[str, ...]:
        """What a theme term may match: the lemma, and the parts of a compound."""
        return (self.lemma, *self.parts)


@lru_cache(maxsize=200_000)
def _is_base(word: str, language: str) -> bool:
    return simplemma.is_known(word, lang=language)


@lru_cache(maxsize=200_000)
def word_token(word: str, language: str) -> Token:
    """One lower-case word's lemma and compound parts (cached)."""
    lemma = simplemma.lemmatize(word, lang=language).lower()
    if "-" in word:  # "kanta-asiakasalennus": kanta, asiakas, alennus
        pieces = [p for p in lemma.split("-") if p]
        parts = []
        for piece in pieces:
            parts.append(piece)
            if language in COMPOUNDING and len(piece) >= MIN_COMPOUND:
                parts += _compound_parts(piece, language)
        return Token(word, lemma, tuple(dict.fromkeys(parts)))
    if language not in COMPOUNDING or len(lemma) < MIN_COMPOUND:
        return Token(word, lemma)
    return Token(word, lemma, _compound_parts(word, language))


def _compound_parts(word: str, language: str, shortest: int = MIN_PART) -> tuple[str, ...]:
    """A compound's parts, as lemmas, where simplemma's dictionary knows every part.

    The first part must be a base form (the rest carries the ending: "paketti|automaattiin");
    of the two-part splits, the most even wins; failing one, the rest is split again, with
    parts of four letters at least, so that short dictionary words do not cut real words
    into pieces."""
    best: tuple[tuple[int, int], tuple[str, ...]] | None = None
    for cut in range(shortest, len(word) - shortest + 1):
        left, right = word[:cut], word[cut:]
        base = _base_of_first_part(left, language)
        if base is None or not _is_base(right, language):
            continue
        head = simplemma.lemmatize(right, lang=language)
        # The split whose parts' lemmas keep most of the word (the head keeps its stem,
        # "automaattiin" → "automaatti"), then the most even.
        score = (len(base) + len(head), min(len(left), len(right)))
        if best is None or score > best[0]:
            best = (score, (base, head))
    if best:
        return best[1]
    for cut in range(4, len(word) - 7):
        left, right = word[:cut], word[cut:]
        base = _base_of_first_part(left, language)
        if base is not None:
            rest = _compound_parts(right, language, shortest=4)
            if rest:
                return (base, *rest)
    return ()


def _base_of_first_part(left: str, language: str) -> str | None:
    """The first part of a compound as a base form, or None: Swedish joins many parts with
    an s ("leverans|tid", "betalning|s|sätt")."""
    for candidate in (left, left[:-1] if language == "sv" and left.endswith("s") else None):
        if (
            candidate
            and len(candidate) >= MIN_PART
            and _is_base(candidate, language)
            and simplemma.lemmatize(candidate, lang=language) == candidate
        ):
            return candidate
    return None


def tokens(text: str, language: str) -> list[Token]:
    """The comment's tokens in order: words (with lemmas), punctuation and emoji."""
    language = language if language in LANGUAGES else "en"
    found: list[Token] = []
    position = 0
    for match in EMOJI.finditer(text):
        found += _words(text[position : match.start()], language)
        found.append(Token(match.group(), match.group(), kind="emoji"))
        position = match.end()
    found += _words(text[position:], language)
    return found


def _words(text: str, language: str) -> list[Token]:
    out = []
    for piece in simplemma.simple_tokenizer(text):
        lower = piece.lower()
        if PUNCTUATION.match(lower):
            out.append(Token(lower, lower, kind="punct"))
        elif any(ch.isalpha() for ch in lower):
            out.append(word_token(lower, language))
    return out


def lemmas(text: str, language: str) -> list[str]:
    """The lemmas of the comment's words, in order."""
    return [t.lemma for t in tokens(text, language) if t.kind == "word"]


def detect_language(text: str, default: str, choices: tuple[str, ...] = LANGUAGES) -> str:
    """The comment's language among `choices`, when the text says clearly; else `default`
    (the language the respondent answered in)."""
    if len(text.split()) < 4:
        return default
    ranked = simplemma.langdetect(text, lang=choices)
    language, share = ranked[0]
    return language if language in choices and share >= 0.6 else default
