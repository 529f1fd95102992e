"""`polku text analyze --lang fi|sv|en [--org SLUG]`: one comment per line in, one JSON
object per line out (sentiment, score, themes, lemmas, and the words behind them).

With --org, the organization's themes and its learned sentiment model (when one is in
use); without, the starter themes and the word lists. For scripts, for checking a rule
or a word list, and for the benchmark.
"""

from __future__ import annotations

import json
import sys

from django.core.management.base import BaseCommand, CommandError

from polku.accounts.models import Organization
from polku.text.analysis import Context, compile_themes, read
from polku.text.lemmas import LANGUAGES
from polku.text.models import Theme
from polku.text.starter import STARTER_THEMES


class _Starter:
    def __init__(self, spec: dict):
        self.pk, self.rules = spec["key"], spec["rules"]
        self.name = spec["name"]


class Command(BaseCommand):
    help = "Read comments: one per line on standard input, one JSON object per line out."

    def add_arguments(self, parser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        analyze = sub.add_parser("analyze", help="themes, sentiment and lemmas of each line")
        analyze.add_argument("--lang", required=True, choices=LANGUAGES)
        analyze.add_argument("--org", help="an organization's slug: its themes and model")

    def handle(self, *args, action: str, lang: str, org: str | None, **options) -> None:
        model = None
        if org:
            organization = Organization.objects.filter(slug=org).first()
            if organization is None:
                raise CommandError(f"No organization with the slug “{org}”.")
            themes = list(Theme.objects.filter(organization=organization, active=True))
            model = Context().model(organization.pk, lang)
        else:
            themes = [_Starter(spec) for spec in STARTER_THEMES]
        names = {theme.pk: theme.name.get(lang) or theme.name.get("en", "") for theme in themes}
        compiled = compile_themes(themes)
        out = self.stdout
        for line in sys.stdin:
            text = line.strip()
            if not text:
                continue
            reading = read(text, lang, compiled, model)
            out.write(
                json.dumps(
                    {
                        "text": text,
                        "sentiment": reading.sentiment.label,
                        "score": reading.sentiment.score,
                        "sentiment_source": reading.sentiment.source,
                        "sentiment_words": [list(pair) for pair in reading.sentiment.words],
                        "themes": [names[pk] for pk, _words in reading.themes],
                        "theme_words": {names[pk]: words for pk, words in reading.themes},
                        "lemmas": reading.lemmas,
                    },
                    ensure_ascii=False,
                )
            )
