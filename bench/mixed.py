"""Load test: 200 requests per second of mixed traffic for 60 seconds, then every row counted.

    .venv/bin/python bench/mixed.py [--seconds 60] [--rate 200] [--databases sqlite postgres]

Against a fresh Polku under granian (as `make run` serves it; PostgreSQL from
POLKU_BENCH_DATABASE_URL) a second process sends, open loop at a fixed rate:
- 55 % survey answers (the public form), one in ten a retry of an earlier answer with its
  submission key, as a double click or a lost answer would send it;
- 35 % API events with the webshop's own ids, one in ten sent again;
- 10 % staff pages (overview, inbox, journey map) with a logged-in session.

Afterwards the database must hold exactly one response per distinct submission key and one
event per distinct id, the running totals must count every response, and no request may
have failed. The figures go into bench/README.md.
"""

from __future__ import annotations

import argparse
import asyncio
import http.cookiejar
import json
import os
import random
import re
import sqlite3
import sys
import time
import urllib.parse
import urllib.request
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import submit  # noqa: E402 - the server helpers of the survey benchmark
from load import Connection  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
PAGES = ["/o/{org}/insights/", "/o/{org}/inbox/", "/o/{org}/journey/"]
EXPECTED = {"answer": 303, "event": 201, "page": 200}


def session_cookie(base: str, email: str, password: str) -> str:
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    html = opener.open(base + "/accounts/login/").read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
    form = {"username": email, "password": password, "csrfmiddlewaretoken": token}
    opener.open(base + "/accounts/login/", urllib.parse.urlencode(form).encode())
    return "; ".join(f"{c.name}={c.value}" for c in jar)


def answer_fields(setup: dict, rng: random.Random) -> dict:
    """A new answer to the benchmark's survey, as its public form sends it."""
    return {
        setup["nps"]: str(rng.randint(0, 10)),
        setup["rating"]: str(rng.randint(1, 5)),
        setup["text"]: "Kassalla oli jonoa, muuten hyvä.",
        "submission": uuid.uuid4().hex,
        "version": str(setup["version"]),
        "lang": "fi",
        "src": "link",
        "website": "",
    }


class Traffic:
    """What to send next, and what was accepted, to count against the database."""

    def __init__(self, setup: dict, cookie: str, seed: int = 7):
        self.setup, self.cookie = setup, cookie
        self.rng = random.Random(seed)
        self.answers: list[bytes] = []  # bodies sent, for retries
        self.event_ids: list[str] = []
        self.accepted_keys: set[str] = set()
        self.accepted_events: set[str] = set()

    def next(self) -> tuple[str, str, str, bytes, dict, str]:
        """(kind, method, path, body, headers, identity)."""
        roll = self.rng.random()
        if roll < 0.55:
            if self.answers and self.rng.random() < 0.1:
                body = self.rng.choice(self.answers)
            else:
                body = urllib.parse.urlencode(answer_fields(self.setup, self.rng)).encode()
                self.answers.append(body)
            key = urllib.parse.parse_qs(body.decode())["submission"][0]
            return "answer", "POST", self.setup["path"], body, {}, key
        if roll < 0.90:
            if self.event_ids and self.rng.random() < 0.1:
                external = self.rng.choice(self.event_ids)
            else:
                external = f"order-{len(self.event_ids)}"
                self.event_ids.append(external)
            event = {
                "kind": "order_placed",
                "occurred_at": "2026-11-30T12:00:00+02:00",
                "external_id": external,
                "amount": "49.90",
                "customer": {"external_id": f"c-{external}", "name": "Kuormitus Testaaja"},
            }
            headers = {
                "Content-Type": "application/json",
                "Authorization": f"Bearer {self.setup['api_key']}",
            }
            return "event", "POST", "/api/v1/events", json.dumps(event).encode(), headers, external
        path = self.rng.choice(PAGES).format(org=self.setup["org"])
        return "page", "GET", path, b"", {"Cookie": self.cookie}, ""


async def drive(port: int, traffic: Traffic, rate: float, seconds: float) -> dict:
    pool: asyncio.Queue[Connection] = asyncio.Queue()
    for _ in range(48):
        pool.put_nowait(Connection("127.0.0.1", port))
    latencies: dict[str, list[float]] = {kind: [] for kind in EXPECTED}
    failures: list[str] = []
    start = time.perf_counter()
    total = int(rate * seconds)

    async def one(due: float, kind, method, path, body, headers, identity):
        connection = await pool.get()
        try:
            status = await connection.request(method, path, body, headers)
            latencies[kind].append(time.perf_counter() - due)
            if status != EXPECTED[kind]:
                failures.append(f"{kind} {status}")
            elif kind == "answer":
                traffic.accepted_keys.add(identity)
            elif kind == "event":
                traffic.accepted_events.add(identity)
        except (ConnectionError, OSError, asyncio.IncompleteReadError) as error:
            connection.writer = None
            failures.append(f"{kind} {type(error).__name__}")
        finally:
            pool.put_nowait(connection)

    tasks = []
    for i in range(total):
        due = start + i / rate
        await asyncio.sleep(max(0.0, due - time.perf_counter()))
        tasks.append(asyncio.create_task(one(due, *traffic.next())))
    await asyncio.gather(*tasks)
    elapsed = time.perf_counter() - start

    def pct(values: list[float], p: float) -> float:
        values = sorted(values)
        return 1000 * values[min(len(values) - 1, int(p * len(values)))] if values else 0.0

    return {
        "sent": total,
        "seconds": elapsed,
        "failures": failures,
        "by_kind": {
            kind: {"count": len(v), "p50_ms": pct(v, 0.5), "p99_ms": pct(v, 0.99)}
            for kind, v in latencies.items()
        },
    }


def counted(database: str, var: Path, survey: int) -> dict:
    queries = {
        "responses": f"SELECT count(*) FROM surveys_response WHERE survey_id = {survey}",
        "distinct_keys": "SELECT count(DISTINCT submission_key) FROM surveys_response "
        f"WHERE survey_id = {survey}",
        "rollup_responses": "SELECT coalesce(sum(responses), 0) FROM surveys_responserollup "
        f"WHERE survey_id = {survey}",
        "events": "SELECT count(*) FROM customers_event WHERE source = 'api'",
        "distinct_events": "SELECT count(DISTINCT external_id) FROM customers_event "
        "WHERE source = 'api'",
    }
    if database == "postgres":
        import psycopg

        with psycopg.connect(submit.PG_URL) as connection:
            return {k: connection.execute(q).fetchone()[0] for k, q in queries.items()}
    with sqlite3.connect(var / "polku.sqlite3") as connection:
        return {k: connection.execute(q).fetchone()[0] for k, q in queries.items()}


def bench(database: str, rate: float, seconds: float) -> dict:
    env, var = submit.fresh_polku(database, POLKU_RESPONSE_RATE_LIMIT="0")
    setup = json.loads(submit.run([sys.executable, str(ROOT / "bench" / "setup_polku.py")], env))
    port = submit.free_port()
    server = submit.web_server(sys.executable, "polku.wsgi:application", port, env, ROOT)
    try:
        base = f"http://127.0.0.1:{port}"
        submit.wait_until_up(base + "/healthz", server)
        traffic = Traffic(setup, session_cookie(base, setup["email"], setup["password"]))
        result = asyncio.run(drive(port, traffic, rate, seconds))
    finally:
        server.terminate()
        server.wait()
    rows = counted(database, var, setup["survey"])
    result |= {
        "rows": rows,
        "accepted_answers": len(traffic.accepted_keys),
        "accepted_events": len(traffic.accepted_events),
        "lost_or_doubled_responses": rows["responses"] - len(traffic.accepted_keys),
        "lost_or_doubled_events": rows["events"] - len(traffic.accepted_events),
    }
    return result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--rate", type=float, default=200)
    parser.add_argument("--databases", nargs="+", default=["sqlite", "postgres"])
    args = parser.parse_args()
    lines = [
        f"Measured {time.strftime('%Y-%m-%d')} on {os.cpu_count()} cores, granian "
        f"{submit.WORKERS} workers × {submit.THREADS} threads, {args.rate:g} requests per "
        f"second for {args.seconds:g} s, open loop from a second process on loopback "
        "(55 % answers, 1 in 10 a retry; 35 % API events, 1 in 10 sent again; 10 % staff "
        "pages).",
        "",
        "| database | requests | failed | answers p50 / p99 | events p50 / p99 | pages p50 / p99 "
        "| responses stored / distinct keys accepted | events stored / distinct ids accepted "
        "| totals count |",
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    clean = True
    for database in args.databases:
        r = bench(database, args.rate, args.seconds)
        k, rows = r["by_kind"], r["rows"]
        cells = [f"{k[x]['p50_ms']:.0f} / {k[x]['p99_ms']:.0f} ms" for x in EXPECTED]
        lines.append(
            f"| {database} | {r['sent']:,} | {len(r['failures'])} | {' | '.join(cells)} | "
            f"{rows['responses']:,} / {r['accepted_answers']:,} | "
            f"{rows['events']:,} / {r['accepted_events']:,} | {rows['rollup_responses']:,} |"
        )
        clean &= (
            not r["failures"]
            and r["lost_or_doubled_responses"] == 0
            and r["lost_or_doubled_events"] == 0
            and rows["responses"] == rows["distinct_keys"] == rows["rollup_responses"]
            and rows["events"] == rows["distinct_events"]
        )
        if r["failures"]:
            print(database, "failures:", sorted(set(r["failures"]))[:10], file=sys.stderr)
    lines += [
        "",
        "Every request answered as expected, nothing lost, nothing doubled."
        if clean
        else "NOT CLEAN: see the table (failed requests, or rows that do not match).",
    ]
    text = "\n".join(lines)
    print(text)
    submit.write_readme(text, "mixed", "## Mixed load: `bench/mixed.py`")
    sys.exit(0 if clean else 1)


if __name__ == "__main__":
    main()
