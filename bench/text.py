"""Benchmark: how well and how fast Polku reads comments.

    .venv/bin/python bench/text.py [--train 3000] [--throughput 20000]

Quality, on the labelled evaluation sets bench/data/eval-fi.jsonl and eval-en.jsonl (written
for Polku, never trained on): precision, recall and F1 of each starter theme (also on the
held-out half of the set and on the tuning sets bench/data/tune-*.jsonl, which the rules were
written against; see bench/data/README.md), and of each sentiment class with the macro-F1,
for the word list ("lexicon") and for a model learned from a generated training set
("learned"). The training set is made here, seeded, from the
fragments in bench/data/train-fragments-*.txt (written apart from the evaluation set) and
labelled as Polku labels real comments: by a simulated NPS answer that mostly, not always,
agrees with the comment.

Speed: comments read per second on one core (lemmas + themes + sentiment), cold (empty
word caches) and warm, in each mode.

Both go into bench/README.md.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "polku.settings")
os.environ.setdefault("POLKU_VAR_DIR", tempfile.mkdtemp(prefix="polku-bench-text-"))

import django  # noqa: E402

django.setup()

import submit  # noqa: E402

from polku.text.analysis import compile_themes, read  # noqa: E402
from polku.text.learning import features, fit, label_from_scores  # noqa: E402
from polku.text.lemmas import tokens, word_token  # noqa: E402
from polku.text.sentiment import CLASSES  # noqa: E402
from polku.text.starter import STARTER_THEMES  # noqa: E402

DATA = Path(__file__).resolve().parent / "data"
LANGUAGES = ("fi", "en")
JOINERS = {"fi": (" Mutta ", " mutta "), "en": (" But ", " but ")}
OPENERS = {
    "fi": ["", "", "", "Moi! ", "Kiitos. ", "No, ", "Yleisesti ottaen: "],
    "en": ["", "", "", "Hi! ", "Thanks. ", "Well, ", "Overall: "],
}


class StarterTheme:
    """The starter themes as compile_themes expects a theme (pk = its key)."""

    def __init__(self, spec: dict):
        self.pk, self.rules = spec["key"], spec["rules"]


def evaluation_set(language: str, name: str = "eval") -> list[dict]:
    path = DATA / f"{name}-{language}.jsonl"
    return [json.loads(line) for line in path.open(encoding="utf-8")]


def found_themes(rows: list[dict], language: str, themes) -> list[set]:
    return [{pk for pk, _words in read(r["text"], language, themes).themes} for r in rows]


def fragments(language: str) -> list[tuple[str, str, str]]:
    rows = []
    for line in (DATA / f"train-fragments-{language}.txt").open(encoding="utf-8"):
        if line.strip() and not line.startswith("#"):
            theme, mood, text = line.rstrip("\n").split("|", 2)
            rows.append((theme, {"p": "positive", "n": "negative", "u": "neutral"}[mood], text))
    return rows


def simulated_nps(mood: str, rng: random.Random) -> int:
    draw = rng.random()
    if mood == "positive":
        return rng.choice([9, 10]) if draw < 0.85 else rng.choice([7, 8])
    if mood == "negative":
        return rng.randint(0, 6) if draw < 0.85 else rng.choice([7, 8])
    return rng.choice([7, 8]) if draw < 0.6 else rng.choice([9, 10]) if draw < 0.85 else 5


def training_set(language: str, size: int, seed: int = 11) -> list[tuple[str, str]]:
    """(text, label) pairs: one to three fragments, labelled by a simulated score."""
    rng = random.Random(f"{seed}-{language}")  # noqa: S311 - made-up data
    pool = fragments(language)
    rows = []
    for _ in range(size):
        count = rng.choices([1, 2, 3], weights=[6, 3, 1])[0]
        picked = rng.sample(pool, count)
        moods = [mood for _theme, mood, _text in picked]
        text = OPENERS[language][rng.randrange(len(OPENERS[language]))] + picked[0][2]
        mood = moods[0]
        for _theme, next_mood, sentence in picked[1:]:
            if next_mood != mood and "neutral" not in (mood, next_mood) and rng.random() < 0.6:
                text += rng.choice(JOINERS[language]) + sentence[0].lower() + sentence[1:]
                mood = next_mood  # what follows "but" is the verdict
            else:
                text += " " + sentence
                if mood == "neutral" or next_mood == "negative":
                    mood = next_mood
        if rng.random() < 0.2:
            text = text.lower()
        rows.append((text, label_from_scores(simulated_nps(mood, rng), None, None)))
    return rows


def scores(truth: list, predicted: list, labels) -> dict[str, tuple[float, float, float, int]]:
    """label → (precision, recall, F1, support); truth/predicted are sets or single labels."""
    out = {}
    for label in labels:

        def has(value, label=label):
            return label in value if isinstance(value, set) else value == label

        tp = sum(has(t) and has(p) for t, p in zip(truth, predicted, strict=True))
        fp = sum(has(p) and not has(t) for t, p in zip(truth, predicted, strict=True))
        fn = sum(has(t) and not has(p) for t, p in zip(truth, predicted, strict=True))
        precision = tp / (tp + fp) if tp + fp else 0.0
        recall = tp / (tp + fn) if tp + fn else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        out[label] = (precision, recall, f1, tp + fn)
    return out


def micro_f1(truth: list[set], predicted: list[set]) -> float:
    tp = sum(len(t & p) for t, p in zip(truth, predicted, strict=True))
    fp = sum(len(p - t) for t, p in zip(truth, predicted, strict=True))
    fn = sum(len(t - p) for t, p in zip(truth, predicted, strict=True))
    return 2 * tp / (2 * tp + fp + fn) if tp else 0.0


def evaluate(language: str, train_size: int) -> dict:
    themes = compile_themes(StarterTheme(spec) for spec in STARTER_THEMES)
    keys = [spec["key"] for spec in STARTER_THEMES]
    rows = evaluation_set(language)
    training = training_set(language, train_size)
    model = fit(
        [features(text, tokens(text, language), language) for text, _label in training],
        [label for _text, label in training],
    )
    result = {
        "size": len(rows),
        "train": len(training),
        "labels": Counter(r["sentiment"] for r in rows),
    }
    truth_themes = [set(r["themes"]) for r in rows]
    truth_moods = [r["sentiment"] for r in rows]
    for mode, used in (("lexicon", None), ("learned", model)):
        readings = [read(r["text"], language, themes, used) for r in rows]
        found = [{pk for pk, _words in reading.themes} for reading in readings]
        moods = [reading.sentiment.label for reading in readings]
        result[mode] = {
            "themes": scores(truth_themes, found, keys),
            "theme_micro": micro_f1(truth_themes, found),
            # The second half was never looked at while the rules were written.
            "theme_micro_held_out": micro_f1(truth_themes[1::2], found[1::2]),
            "themes_held_out": scores(truth_themes[1::2], found[1::2], keys),
            "sentiment": scores(truth_moods, moods, CLASSES),
        }
        per_class = result[mode]["sentiment"]
        result[mode]["macro"] = sum(f1 for _p, _r, f1, _n in per_class.values()) / len(CLASSES)
    tuning = evaluation_set(language, "tune")
    truth_tuning = [set(r["themes"]) for r in tuning]
    found_tuning = found_themes(tuning, language, themes)
    result["tuning"] = {
        "size": len(tuning),
        "themes": scores(truth_tuning, found_tuning, keys),
        "theme_micro": micro_f1(truth_tuning, found_tuning),
    }
    result["model"] = model
    result["themes_compiled"] = themes
    return result


def throughput(language: str, result: dict, count: int) -> dict[str, tuple[float, float]]:
    """Comments per second, one core: (cold, warm) per mode."""
    texts = [r["text"] for r in evaluation_set(language)]
    out = {}
    for mode, model in (("lexicon", None), ("learned", result["model"])):
        word_token.cache_clear()
        started = time.perf_counter()
        for text in texts:
            read(text, language, result["themes_compiled"], model)
        cold = len(texts) / (time.perf_counter() - started)
        started = time.perf_counter()
        done = 0
        while done < count:
            for text in texts:
                read(text, language, result["themes_compiled"], model)
            done += len(texts)
        out[mode] = (cold, done / (time.perf_counter() - started))
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--train", type=int, default=3000)
    parser.add_argument("--throughput", type=int, default=20000)
    args = parser.parse_args()
    try:
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})  # one core
    except (AttributeError, OSError):
        pass
    lines = [
        f"Measured {time.strftime('%Y-%m-%d')}, one core. Evaluation sets: "
        + ", ".join(f"`bench/data/eval-{lang}.jsonl`" for lang in LANGUAGES)
        + f"; learned mode trained on {args.train} generated comments per language, "
        "labelled by a simulated NPS answer (see the docstring of bench/text.py).",
        "",
    ]
    for language in LANGUAGES:
        result = evaluate(language, args.train)
        speed = throughput(language, result, args.throughput)
        labels = ", ".join(f"{n} {label}" for label, n in sorted(result["labels"].items()))
        lines += [
            f"### {language}: {result['size']} comments ({labels})",
            "",
            "| theme | precision | recall | F1 | comments | F1, held-out half | F1, tuning set |",
            "| --- | --- | --- | --- | --- | --- | --- |",
        ]
        held_out = result["lexicon"]["themes_held_out"]
        tuned = result["tuning"]["themes"]
        for key, (p, r, f1, n) in result["lexicon"]["themes"].items():
            lines.append(
                f"| {key} | {p:.2f} | {r:.2f} | {f1:.2f} | {n} | {held_out[key][2]:.2f} "
                f"| {tuned[key][2]:.2f} |"
            )
        lines += [
            "",
            f"Themes, all together: micro-F1 **{result['lexicon']['theme_micro']:.2f}** "
            f"(on the held-out half, whose comments were never read while the rules were "
            "written: "
            f"{result['lexicon']['theme_micro_held_out']:.2f}; on the "
            f"{result['tuning']['size']} comments of the tuning set: "
            f"{result['tuning']['theme_micro']:.2f}). Themes come from the rules "
            "alone, the same in both modes.",
            "",
            "| sentiment | lexicon P / R / F1 | learned P / R / F1 |",
            "| --- | --- | --- |",
        ]
        for label in CLASSES:
            lp, lr, lf, _n = result["lexicon"]["sentiment"][label]
            mp, mr, mf, _n = result["learned"]["sentiment"][label]
            lines.append(
                f"| {label} | {lp:.2f} / {lr:.2f} / {lf:.2f} | {mp:.2f} / {mr:.2f} / {mf:.2f} |"
            )
        lines += [
            f"| **macro-F1** | **{result['lexicon']['macro']:.2f}** | "
            f"**{result['learned']['macro']:.2f}** |",
            "",
            "Comments read per second on one core (lemmas + themes + sentiment), "
            "cold caches / warm: "
            + "; ".join(f"{mode} {cold:,.0f} / {warm:,.0f}" for mode, (cold, warm) in speed.items())
            + ".",
            "",
        ]
        print("\n".join(lines[-30:]), flush=True)
    text = "\n".join(lines).rstrip()
    print(text)
    submit.write_readme(text, "text", "## Reading comments: `bench/text.py`")


if __name__ == "__main__":
    main()
