"""Benchmark: events in through the bulk API, and a large CSV import's time and memory.

    .venv/bin/python bench/ingest.py [--api-events 100000] [--clients 3]
                                     [--csv-rows 100000 1000000]

Starts Polku as `make run` does on a fresh SQLite database, posts the events in bulk calls
of 1 000 (the bodies made beforehand), first from one client, then from several at once,
and prints events stored per second; then writes
CSV files of the given sizes and imports each with `polku import events` in a fresh
process, printing its time and peak memory (max RSS). Figures go into bench/README.md.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import subprocess
import sys
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import submit  # noqa: E402 - the server helpers of the survey benchmark

SETUP = r"""
import json, django
django.setup()
from polku.accounts.actions import create_organization
from polku.accounts.apikeys import create_api_key
from polku.accounts.models import User
owner = User.objects.create_user("bench@polku.test", "bench-password-1", display_name="B")
org = create_organization("Bench", owner, "fi")
print(json.dumps({"slug": org.slug, "key": create_api_key(org, "bench", owner)[1]}))
"""

KINDS = ["order_placed", "order_delivered", "store_visit"]


def event(n: int, rng: random.Random) -> dict:
    at = datetime(2026, 1, 1, tzinfo=UTC) + timedelta(minutes=n)
    return {
        "kind": KINDS[n % 3],
        "occurred_at": at.isoformat(),
        "external_id": n,
        "amount": f"{rng.randint(10, 200)}.90",
        "order_reference": f"#{n}",
        "customer": {"external_id": n % 2000, "email": f"c{n % 2000}@example.fi"},
    }


def bench_api(env: dict, key: str, total: int, clients: int, first_id: int = 0) -> dict:
    """Post `total` events in calls of 1 000 from `clients` concurrent connections."""
    port = submit.free_port()
    server = submit.web_server(sys.executable, "polku.wsgi:application", port, env, submit.ROOT)
    rng = random.Random(first_id)
    bodies = [
        json.dumps({"events": [event(n, rng) for n in range(first, first + 1000)]}).encode()
        for first in range(first_id, first_id + total, 1000)
    ]

    def post(body: bytes) -> int:
        request = urllib.request.Request(
            f"http://127.0.0.1:{port}/api/v1/events/bulk",
            body,
            headers={"Content-Type": "application/json", "Authorization": f"Bearer {key}"},
        )
        with urllib.request.urlopen(request, timeout=120) as answer:
            return json.loads(answer.read())["created"]

    try:
        submit.wait_until_up(f"http://127.0.0.1:{port}/healthz", server)
        started = time.perf_counter()
        with ThreadPoolExecutor(clients) as pool:
            created = sum(pool.map(post, bodies))
        elapsed = time.perf_counter() - started
    finally:
        server.terminate()
        server.wait()
    return {"events": created, "seconds": elapsed, "per_second": created / elapsed}


def write_csv(path: Path, rows: int) -> None:
    rng = random.Random(rows)
    with path.open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(
            [
                "kind",
                "occurred_at",
                "external_id",
                "customer_external_id",
                "customer_email",
                "amount",
                "order_reference",
            ]
        )
        for n in range(rows):
            at = datetime(2025, 1, 1, tzinfo=UTC) + timedelta(seconds=30 * n)
            writer.writerow(
                [
                    KINDS[n % 3],
                    at.strftime("%Y-%m-%d %H:%M"),
                    f"csv-{n}",
                    n % 2000,
                    f"c{n % 2000}@example.fi",
                    f"{rng.randint(10, 200)},90",
                    f"#{n}",
                ]
            )


def bench_import(env: dict, slug: str, rows: int, work: Path) -> dict:
    path = work / f"events-{rows}.csv"
    write_csv(path, rows)
    started = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, "-m", "polku", "import", "events", str(path), "--org", slug],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    # The import's own peak, not the largest of all children so far (the web server's among them).
    _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode:
        raise RuntimeError(f"polku import events exited with {process.returncode}")
    return {
        "rows": rows,
        "seconds": time.perf_counter() - started,
        "max_rss_mb": usage.ru_maxrss / 1024,
        "file_mb": path.stat().st_size / 1e6,
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--api-events", type=int, default=100_000)
    parser.add_argument("--csv-rows", type=int, nargs="*", default=[100_000, 1_000_000])
    parser.add_argument("--clients", type=int, default=3)
    args = parser.parse_args()
    env, work = submit.fresh_polku(PYTHONPATH=str(submit.ROOT))
    setup = json.loads(
        subprocess.run(
            [sys.executable, "-c", SETUP], env=env, check=True, capture_output=True, text=True
        ).stdout
    )
    one = bench_api(env, setup["key"], args.api_events, 1)
    many = bench_api(env, setup["key"], args.api_events, args.clients, args.api_events)
    lines = [
        f"Measured {time.strftime('%Y-%m-%d')} on {os.cpu_count()} cores, SQLite, granian "
        f"{submit.WORKERS} × {submit.THREADS}; each event names one of 2 000 customers.",
        "",
        "| path | amount | seconds | events per second | peak memory |",
        "| --- | --- | --- | --- | --- |",
        f"| bulk API, calls of 1 000, one client | {one['events']:,} events "
        f"| {one['seconds']:.1f} | {one['per_second']:,.0f} | — |",
        f"| bulk API, calls of 1 000, {args.clients} clients at once | {many['events']:,} events "
        f"| {many['seconds']:.1f} | {many['per_second']:,.0f} | — |",
    ]
    print("\n".join(lines[-2:]), flush=True)
    for rows in sorted(args.csv_rows):
        result = bench_import(env, setup["slug"], rows, work)
        lines.append(
            f"| `polku import events` (CSV, {result['file_mb']:.0f} MB) | {rows:,} rows "
            f"| {result['seconds']:.1f} | {rows / result['seconds']:,.0f} | "
            f"{result['max_rss_mb']:.0f} MB |"
        )
        print(lines[-1], flush=True)
    text = "\n".join(lines)
    submit.write_readme(text, "ingest", "## Customers and events in: `bench/ingest.py`")
    print(text)


if __name__ == "__main__":
    main()
