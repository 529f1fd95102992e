"""Benchmark: the overview, the journey map and one segment's overview at 10 000, 100 000
and 1 000 000 answers.

    .venv/bin/python bench/dashboards.py [--sizes 10000 100000 1000000] [--requests 40]
                                         [--databases sqlite postgres]

For each database and size: a fresh database with the demo, then N answers more for the
demo shop spread over the last year across its surveys, touchpoints, channels and staff
(written in bulk by `fill`, which also gives every tenth answer an expectation pair and two
in three a customer of the demo's webshop, then rolled up by `polku recompute`'s code,
segments included; the segment page shows "Isot ostajat", the demo's big spenders). Polku
is served as `make run` does (granian, a process per core); a logged-in client on loopback
requests each page `--requests` times after two warm-up requests, and the p50 and p95
latencies go into bench/README.md.

PostgreSQL runs use POLKU_BENCH_DATABASE_URL (default
postgres://postgres@127.0.0.1:5432/polku_bench), dropped and created for each size.
"""

from __future__ import annotations

import argparse
import http.cookiejar
import os
import statistics
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import submit  # noqa: E402 - the server helpers of the survey benchmark

ROOT = Path(__file__).resolve().parent.parent
PAGES = {
    "overview": "/o/demo/insights/",
    "journey map": "/o/demo/journey/",
    "segment overview": "/o/demo/insights/?segment={segment}",
}
FILL = r"""
import random, sys, uuid
from datetime import timedelta
import django
django.setup()
from django.db import transaction
from django.utils import timezone
from polku.accounts.models import Membership, Organization
from polku.customers.models import Customer
from polku.demo.loader import load_demo
from polku.insights.models import Segment
from polku.insights.rollups import recompute
from polku.lib.fast_insert import insert_rows
from polku.surveys.models import Answer, Response, Survey

total = int(sys.argv[1])
load_demo()
org = Organization.objects.get(slug="demo")
rng = random.Random(7)
surveys = list(
    Survey.objects.filter(organization=org, current_version__isnull=False)
    .select_related("touchpoint")
)
staff = [None] + list(Membership.objects.filter(organization=org).values_list("pk", flat=True))
buyers = list(Customer.objects.filter(organization=org).values_list("pk", flat=True))
customers = [None] + buyers * 2
now = timezone.now()
columns = ["organization", "survey", "version", "touchpoint", "channel", "employee", "source",
           "language", "submission_key", "created_at", "nps", "csat", "ces", "has_comment",
           "comments_analyzed", "customer"]
done = 0
while done < total:
    batch = min(20_000, total - done)
    rows, pairs = [], []
    for i in range(batch):
        survey = rng.choice(surveys)
        touchpoint = survey.touchpoint
        happy = rng.random() < 0.7
        rows.append((
            org.pk, survey.pk, survey.current_version_id, touchpoint.pk if touchpoint else None,
            touchpoint.channel_id if touchpoint else None, rng.choice(staff), "link", "fi",
            uuid.UUID(int=rng.getrandbits(128)).hex,
            now - timedelta(seconds=rng.randint(0, 365 * 86400)),
            rng.choice([9, 10, 10, 8]) if happy else rng.randint(0, 7),
            rng.choice([4, 5]) if happy else rng.randint(1, 3),
            rng.choice([6, 7]) if happy else rng.randint(1, 5),
            False,
            True,
            customers[i % len(customers)] if i % 3 else None,
        ))
        pairs.append(i % 10 == 0)
    with transaction.atomic():
        ids = insert_rows(Response, columns, rows)
        insert_rows(
            Answer,
            ["response", "question_key", "kind", "number", "number2", "text"],
            [(pk, "bench", "expectation", rng.randint(2, 5), rng.randint(1, 5), "")
             for pk, pair in zip(ids, pairs) if pair],
        )
    done += batch
rows = recompute(org)
print(rows, Segment.objects.get(organization=org, name="Isot ostajat").pk)
"""


def timed_pages(port: int, requests: int, segment: int) -> dict[str, tuple[float, float]]:
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    base = f"http://127.0.0.1:{port}"
    opener.open(base + "/accounts/login/").read()
    token = next(c.value for c in jar if c.name == "csrftoken")
    form = urllib.parse.urlencode(
        {"username": "demo@polku.test", "password": "polku-demo", "csrfmiddlewaretoken": token}
    ).encode()
    request = urllib.request.Request(base + "/accounts/login/", data=form)
    request.add_header("Referer", base + "/accounts/login/")
    opener.open(request).read()
    results = {}
    for name, page in PAGES.items():
        path = page.format(segment=segment)
        for _ in range(2):
            opener.open(base + path).read()
        times = []
        for _ in range(requests):
            started = time.perf_counter()
            response = opener.open(base + path)
            response.read()
            if response.status != 200 or not response.url.endswith(path):
                raise RuntimeError(f"{path} answered {response.status} at {response.url}")
            times.append((time.perf_counter() - started) * 1000)
        times.sort()
        results[name] = (statistics.median(times), times[int(0.95 * (len(times) - 1))])
    return results


def bench(database: str, size: int, requests: int) -> dict:
    env, _var = submit.fresh_polku(database)
    started = time.perf_counter()
    rollup_rows, segment = map(
        int, submit.run([sys.executable, "-c", FILL, str(size)], env).split()
    )
    fill_seconds = time.perf_counter() - started
    port = submit.free_port()
    server = submit.web_server(sys.executable, "polku.wsgi:application", port, env, ROOT)
    try:
        submit.wait_until_up(f"http://127.0.0.1:{port}/healthz", server)
        pages = timed_pages(port, requests, segment)
    finally:
        server.terminate()
        server.wait()
    return {"pages": pages, "rollup_rows": rollup_rows, "fill_seconds": fill_seconds}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    parser.add_argument("--requests", type=int, default=40)
    parser.add_argument("--databases", nargs="+", default=["sqlite", "postgres"])
    args = parser.parse_args()
    lines = [
        f"Measured {time.strftime('%Y-%m-%d')} on {os.cpu_count()} cores, granian "
        f"{submit.WORKERS} workers; {args.requests} requests per page after two warm-ups, "
        "one at a time, from a logged-in client on loopback. Answers are the demo's plus N "
        "more over the last year.",
        "",
        "| database | answers added | rollup rows | overview p50 / p95 | journey map p50 / p95 "
        "| segment overview p50 / p95 |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    worst: dict[str, dict[int, float]] = {}
    for database in args.databases:
        for size in args.sizes:
            result = bench(database, size, args.requests)
            pages = result["pages"]
            cells = [f"{p50:.1f} ms / {p95:.1f} ms" for p50, p95 in pages.values()]
            line = f"| {database} | {size:,} | {result['rollup_rows']:,} | {' | '.join(cells)} |"
            print(line, f"(filled in {result['fill_seconds']:.0f} s)", flush=True)
            lines.append(line)
            for name, (_p50, p95) in pages.items():
                worst.setdefault(f"{database} {name}", {})[size] = p95
    lines.append("")
    for key, by_size in worst.items():
        smallest, largest = min(by_size), max(by_size)
        ratio = by_size[largest] / by_size[smallest]
        lines.append(f"- {key}: p95 at {largest:,} is {ratio:.2f} × p95 at {smallest:,}.")
    text = "\n".join(lines)
    print(text)
    submit.write_readme(text, "dashboards", "## Dashboards: `bench/dashboards.py`")


if __name__ == "__main__":
    main()
