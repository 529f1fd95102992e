"""Benchmark: exporting responses keeps memory flat as the number of responses grows.

    .venv/bin/python bench/export.py [--sizes 100000 1000000] [--xlsx-max 200000]

Fills a fresh SQLite database with N answered responses (raw inserts, fast), then exports
them in a separate process exactly as the CSV download streams them (and, up to
--xlsx-max, as XLSX), and prints rows, seconds and that process's peak memory (max RSS).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))
import submit  # noqa: E402 - the shared README writer

ROOT = BENCH.parent

EXPORT_CHILD = r"""
import json, os, resource, sys, time
import django
django.setup()
from polku.surveys import export
from polku.surveys.models import Response, Survey
survey = Survey.objects.get()
kind = sys.argv[1]
started = time.perf_counter()
rows = export.rows(survey, Response.objects.filter(survey=survey), "fi")
count = -1
if kind == "csv":
    with open(os.devnull, "w") as sink:
        for chunk in export.csv_chunks(rows):
            sink.write(chunk)
            count += 1
else:
    handle = export.xlsx_file(rows)
    handle.seek(0, 2)
    count = handle.tell()
print(json.dumps({"seconds": time.perf_counter() - started, "count": count,
                  "max_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def django_env(var: Path) -> dict:
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    return env | {
        "POLKU_VAR_DIR": str(var),
        "SECRET_KEY": "bench-secret-key-0123456789",
        "DJANGO_SETTINGS_MODULE": "polku.settings",
        "LOG_LEVEL": "WARNING",
        "PYTHONPATH": str(ROOT),
    }


def fill(database: Path, survey: dict, total: int, already: int) -> None:
    """Add responses (and their three answers) until the survey has `total`."""
    rng = random.Random(total)
    connection = sqlite3.connect(database)
    connection.execute("PRAGMA journal_mode=WAL")
    connection.execute("PRAGMA synchronous=OFF")
    chunk = 50_000
    next_id = already + 1
    while next_id <= total:
        upto = min(total, next_id + chunk - 1)
        responses, answers = [], []
        for pk in range(next_id, upto + 1):
            nps = rng.randint(0, 10)
            responses.append(
                (
                    pk,
                    survey["organization"],
                    survey["id"],
                    survey["version"],
                    "link",
                    "fi",
                    f"{pk:032x}",
                    "2026-11-01 12:00:00",
                    nps,
                    1,
                )
            )
            answers += [
                (pk, survey["nps"], "nps", nps, None, "", None),
                (pk, survey["rating"], "rating", rng.randint(1, 5), None, "", None),
                (
                    pk,
                    survey["text"],
                    "long_text",
                    None,
                    None,
                    "Kassalla oli jonoa, muuten hyvä palvelu.",
                    None,
                ),
            ]
        connection.executemany(
            "INSERT INTO surveys_response (id, organization_id, survey_id, version_id, source,"
            " language, submission_key, created_at, nps, has_comment) VALUES"
            " (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            responses,
        )
        connection.executemany(
            "INSERT INTO surveys_answer (response_id, question_key, kind, number, number2,"
            " text, choices) VALUES (?, ?, ?, ?, ?, ?, ?)",
            answers,
        )
        connection.commit()
        next_id = upto + 1
    connection.close()


SETUP = r"""
import json, django
django.setup()
from polku.accounts.actions import create_organization
from polku.accounts.models import User
from polku.surveys.actions import create_survey, publish
owner = User.objects.create_user("bench@polku.test", "bench-password-1", display_name="B")
org = create_organization("Bench", owner, "fi")
survey = create_survey(org, "Bench", preset="store_visit", languages=["fi"])
version = publish(survey)
keys = {q["kind"]: q["key"] for q in version.questions}
print(json.dumps({"organization": org.pk, "id": survey.pk, "version": version.pk,
                  "nps": keys["nps"], "rating": keys["rating"], "text": keys["long_text"]}))
"""


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="+", default=[100_000, 1_000_000])
    parser.add_argument("--xlsx-max", type=int, default=200_000)
    args = parser.parse_args()
    var = Path(tempfile.mkdtemp(prefix="polku-export-bench-"))
    env = django_env(var)
    subprocess.run([sys.executable, "-m", "polku", "migrate", "-v0"], env=env, check=True)
    survey = json.loads(
        subprocess.run(
            [sys.executable, "-c", SETUP], env=env, check=True, capture_output=True, text=True
        ).stdout
    )
    lines = [
        "| responses | format | seconds | peak memory of the exporting process |",
        "| --- | --- | --- | --- |",
    ]
    have = 0
    for size in sorted(args.sizes):
        started = time.perf_counter()
        fill(var / "polku.sqlite3", survey, size, have)
        have = size
        print(
            f"filled {size:,} responses in {time.perf_counter() - started:.0f} s", file=sys.stderr
        )
        kinds = ["csv", "xlsx"] if size <= args.xlsx_max else ["csv"]
        for kind in kinds:
            result = json.loads(
                subprocess.run(
                    [sys.executable, "-c", EXPORT_CHILD, kind],
                    env=env,
                    check=True,
                    capture_output=True,
                    text=True,
                ).stdout
            )
            lines.append(
                f"| {size:,} | {kind.upper()} | {result['seconds']:.1f} | "
                f"{result['max_rss_mb']:.0f} MB |"
            )
            print(lines[-1], flush=True)
    text = "\n".join(lines)
    when = f"Measured {time.strftime('%Y-%m-%d')} on {os.cpu_count()} cores, SQLite."
    submit.write_readme(f"{when}\n\n{text}", "export")
    print(text)


if __name__ == "__main__":
    main()
