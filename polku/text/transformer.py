"""Sentiment from a transformer model that the operator has put on the server's disk.

Optional: `pip install "polku[transformers]"` brings transformers and PyTorch. The operator
names the model folders in POLKU_TRANSFORMER_MODELS (settings.TEXT_TRANSFORMER_MODELS) and an
organization chooses one per language on its sentiment page. Nothing is ever downloaded:
the hub is switched off before transformers is imported, every load is local_files_only,
and only safetensors weights are read (no pickles, no code from the model folder).

A sequence-classification model gives class probabilities; its labels are read from its
config (negative/neutral/positive by name, "1 star"…"5 stars", or LABEL_0… by position).
The words that drove it are found by leaving each word out in turn and seeing how far the
score moves — one batch per comment, so a person can still see why.
"""

from __future__ import annotations

import os
import re
from functools import lru_cache
from pathlib import Path

from django.conf import settings
from django.utils.translation import gettext as _

from .lemmas import Token
from .sentiment import CLASSES, NEGATIVE, NEUTRAL, POSITIVE, Sentiment, label_of, strongest

MAX_WORDS = 40  # words left out one at a time for the explanation
MAX_TOKENS = 256  # model input length; longer comments are cut
STARS = re.compile(r"^\s*(\d)\s*stars?\s*$")


class TransformerUnavailable(Exception):
    """Why a configured model cannot be used, in words for the page."""


def configured() -> dict[str, str]:
    """Model names the operator has configured, and their folders."""
    return dict(getattr(settings, "TEXT_TRANSFORMER_MODELS", {}) or {})


def classes_of(id2label: dict) -> list[str]:
    """The sentiment class of each output of the model, in output order."""
    names = [str(id2label[i]) for i in sorted(id2label, key=int)]
    classes: list[str] = []
    for name in names:
        lower = name.lower()
        stars = STARS.match(lower)
        if stars:
            count = int(stars.group(1))
            classes.append(NEGATIVE if count <= 2 else NEUTRAL if count == 3 else POSITIVE)
        elif lower.startswith("neg"):
            classes.append(NEGATIVE)
        elif lower.startswith("neu"):
            classes.append(NEUTRAL)
        elif lower.startswith("pos"):
            classes.append(POSITIVE)
        else:
            classes = []
            break
    if not classes and all(re.fullmatch(r"LABEL_\d+", name) for name in names):
        # Unnamed outputs: the usual order of two- and three-class sentiment models.
        classes = {2: [NEGATIVE, POSITIVE], 3: [NEGATIVE, NEUTRAL, POSITIVE]}.get(len(names), [])
    if NEGATIVE not in classes or POSITIVE not in classes:
        raise TransformerUnavailable(
            _("The model's labels (%(labels)s) do not say which is negative and positive.")
            % {"labels": ", ".join(names)}
        )
    return classes


class TransformerModel:
    """A loaded model, read like the other sentiment models: sentiment(text, tokens, language)."""

    def __init__(self, tokenizer, model, classes: list[str]):
        self.tokenizer = tokenizer
        self.model = model
        self.classes = classes

    def probabilities(self, texts: list[str]) -> list[dict[str, float]]:
        import torch

        encoded = self.tokenizer(
            texts, padding=True, truncation=True, max_length=MAX_TOKENS, return_tensors="pt"
        )
        with torch.no_grad():
            rows = torch.softmax(self.model(**encoded).logits, dim=-1).tolist()
        merged = []
        for row in rows:
            by_class = dict.fromkeys(CLASSES, 0.0)
            for name, probability in zip(self.classes, row, strict=True):
                by_class[name] += probability
            merged.append(by_class)
        return merged

    def sentiment(self, text: str, tokens: list[Token], language: str) -> Sentiment:
        words = [i for i, token in enumerate(tokens) if token.kind == "word"][:MAX_WORDS]
        joined = " ".join(token.text for token in tokens)
        left_out = [" ".join(t.text for j, t in enumerate(tokens) if j != i) for i in words]
        whole, base, *without = self.probabilities([text, joined, *left_out])
        score = whole[POSITIVE] - whole[NEGATIVE]
        if NEUTRAL in self.classes:
            label = max(CLASSES, key=whole.get)
        else:
            label = label_of(score)
        base_score = base[POSITIVE] - base[NEGATIVE]
        pushes = [
            (tokens[i].text, base_score - (other[POSITIVE] - other[NEGATIVE]))
            for i, other in zip(words, without, strict=True)
        ]
        shown = [(word, push) for word, push in pushes if abs(push) >= 0.02]
        return Sentiment(label, round(score, 4), strongest(shown), "transformer")


def _offline() -> None:
    # Before transformers is imported: it reads these once.
    os.environ["HF_HUB_OFFLINE"] = "1"
    os.environ["TRANSFORMERS_OFFLINE"] = "1"
    os.environ["HF_HUB_DISABLE_TELEMETRY"] = "1"


@lru_cache(maxsize=4)
def load(path: str) -> TransformerModel:
    """The model in a folder on disk (cached per process)."""
    folder = Path(path)
    if not (folder / "config.json").is_file():
        raise TransformerUnavailable(
            _("There is no model folder (with a config.json) at %(path)s.") % {"path": path}
        )
    _offline()
    try:
        from transformers import AutoModelForSequenceClassification, AutoTokenizer
    except ImportError:
        raise TransformerUnavailable(
            _('Language models need the optional packages: pip install "polku[transformers]".')
        ) from None
    try:
        tokenizer = AutoTokenizer.from_pretrained(folder, local_files_only=True)
        model = AutoModelForSequenceClassification.from_pretrained(
            folder, local_files_only=True, use_safetensors=True
        )
    except Exception as error:  # transformers raises OSError, ValueError, KeyError…
        raise TransformerUnavailable(
            _("The model at %(path)s could not be loaded: %(error)s")
            % {"path": path, "error": str(error)[:300]}
        ) from error
    model.eval()
    return TransformerModel(tokenizer, model, classes_of(model.config.id2label))


def named(name: str) -> TransformerModel:
    """A configured model by its name."""
    path = configured().get(name)
    if path is None:
        raise TransformerUnavailable(
            _("No language model called “%(name)s” is configured on this server.") % {"name": name}
        )
    return load(path)
