"""Benchmark: survey answers stored per second, latency at 200/s, page weight, vs. a peer.

    .venv/bin/python bench/submit.py [--seconds 10] [--skip-peer]

Starts Polku as `make run` does (granian, a process per core, SQLite in WAL mode) on
loopback, drives the public submit from a second process (bench/load.py), counts the stored
rows, then does the same against django-survey-and-report (installed into bench/.peer-venv)
and prints the ratio. The figures are written into bench/README.md.
"""

from __future__ import annotations

import argparse
import importlib.metadata
import json
import os
import re
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path
from statistics import mean

from polku.serving import default_workers, granian_command

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
PEER_VENV = BENCH / ".peer-venv"
# The peer runs under the same web server as Polku, so that the ratio compares the apps.
PEER_PACKAGES = [
    "django-survey-and-report==1.5.0",
    "Django>=5.2,<5.3",
    f"granian=={importlib.metadata.version('granian')}",
]
# The same defaults as `polku run` (WEB_CONCURRENCY, POLKU_THREADS).
WORKERS = os.environ.get("BENCH_WORKERS") or str(default_workers())
THREADS = os.environ.get("BENCH_THREADS", "1")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def run(cmd: list[str], env: dict, cwd: Path = ROOT) -> str:
    return subprocess.run(
        cmd,
        env=env,
        cwd=cwd,
        check=True,
        capture_output=True,
        text=True,
    ).stdout


PG_URL = os.environ.get(
    "POLKU_BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/polku_bench"
)


def fresh_polku(database: str = "sqlite", **settings: str) -> tuple[dict, Path]:
    """The environment of a new Polku for a benchmark (its own VAR_DIR; on PostgreSQL the
    database POLKU_BENCH_DATABASE_URL dropped and made anew), migrated, static collected."""
    var = Path(tempfile.mkdtemp(prefix="polku-bench-"))
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env |= {
        "POLKU_VAR_DIR": str(var),
        "SECRET_KEY": "bench-secret-key-0123456789",
        "LOG_LEVEL": "WARNING",
        "DJANGO_SETTINGS_MODULE": "polku.settings",
        **settings,
    }
    if database == "postgres":
        import psycopg

        name = urllib.parse.urlparse(PG_URL).path.lstrip("/")
        with psycopg.connect(PG_URL.rsplit("/", 1)[0] + "/postgres", autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
            admin.execute(f'CREATE DATABASE "{name}"')
        env["DATABASE_URL"] = PG_URL
    run([sys.executable, "-m", "polku", "migrate", "-v0"], env)
    run([sys.executable, "-m", "polku", "collectstatic", "--noinput", "-v0"], env)
    return env, var


def wait_until_up(url: str, server: subprocess.Popen) -> None:
    for _ in range(100):
        if server.poll() is not None:
            raise RuntimeError(f"server exited: {server.stderr.read() if server.stderr else ''}")
        try:
            urllib.request.urlopen(url, timeout=1)
            return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"{url} did not come up")


def web_server(
    python: str,
    app: str,
    port: int,
    env: dict,
    cwd: Path,
    workers: str = WORKERS,
    new_session: bool = False,
    factory: bool = False,
) -> subprocess.Popen:
    """`app` served on loopback as `polku run` serves Polku (granian, no access log); with
    `new_session`, in a process group of its own (one killpg then takes the server and its
    workers down together)."""
    return subprocess.Popen(
        granian_command(
            python,
            app,
            "127.0.0.1",
            port,
            workers,
            THREADS,
            access_log=False,
            factory=factory,
            log_level="warning",
        ),
        env=env,
        cwd=cwd,
        start_new_session=new_session,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )


def load(mode: str, kind: str, form: dict, port: int, **options) -> dict:
    cmd = [
        sys.executable,
        str(BENCH / "load.py"),
        mode,
        "--kind",
        kind,
        "--form",
        json.dumps(form),
        "--port",
        str(port),
    ]
    for name, value in options.items():
        cmd += [f"--{name}"] if value is True else [f"--{name}", str(value)]
    return json.loads(run(cmd, dict(os.environ)))


def count_rows(database: Path, table: str) -> int:
    with sqlite3.connect(database) as connection:
        return connection.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]


def page_bytes(base: str, path: str) -> int:
    html = urllib.request.urlopen(base + path).read()
    total = len(html)
    for href in re.findall(rb'(?:href|src)="(/static/[^"]+)"', html):
        total += len(urllib.request.urlopen(base + href.decode()).read())
    return total


def measure(kind: str, form: dict, port: int, database: Path, table: str, seconds: float) -> dict:
    load("saturate", kind, form, port, seconds=2)  # warm-up, not counted
    before = count_rows(database, table)
    saturation = load("saturate", kind, form, port, seconds=seconds)
    stored = count_rows(database, table) - before
    result = {
        "saturation": saturation,
        "stored": stored,
        "stored_per_second": stored / saturation["seconds"],
    }
    if kind == "polku":
        # The fixed rate measures a server at rest, not one still catching up with the
        # saturation run (its checkpoints of the log that run filled).
        time.sleep(3)
        before = count_rows(database, table)
        result["rate"] = load("rate", kind, form, port, seconds=seconds, rate=200, connections=32)
        result["rate_stored"] = count_rows(database, table) - before
    return result


def bench_polku(seconds: float) -> dict:
    env, var = fresh_polku(POLKU_RESPONSE_RATE_LIMIT="0")
    form = json.loads(run([sys.executable, str(BENCH / "setup_polku.py")], env))
    port = free_port()
    server = web_server(sys.executable, "polku.wsgi:application", port, env, ROOT)
    try:
        wait_until_up(f"http://127.0.0.1:{port}/healthz", server)
        result = measure("polku", form, port, var / "polku.sqlite3", "surveys_response", seconds)
        result["page_bytes"] = page_bytes(f"http://127.0.0.1:{port}", form["path"])
    finally:
        server.terminate()
        server.wait()
    return result


def bench_peer(seconds: float, tuned: bool) -> dict:
    python = PEER_VENV / "bin" / "python"
    if not python.exists():
        subprocess.run([sys.executable, "-m", "venv", str(PEER_VENV)], check=True)
    if not (PEER_VENV / "bin" / "granian").exists():  # venvs made before the switch lack it
        subprocess.run(
            [str(python), "-m", "pip", "install", "-q", *PEER_PACKAGES],
            check=True,
        )
    work = Path(tempfile.mkdtemp(prefix="peer-bench-"))
    env = {
        "PATH": os.environ.get("PATH", ""),
        "PEER_DIR": str(work),
        "PYTHONPATH": str(BENCH / "peer"),
        "DJANGO_SETTINGS_MODULE": "peer_settings",
        "PEER_TUNED": "1" if tuned else "0",
    }
    form = json.loads(run([str(python), str(BENCH / "peer" / "setup_peer.py")], env))
    port = free_port()
    server = web_server(
        str(python), "django.core.wsgi:get_wsgi_application", port, env, work, factory=True
    )
    try:
        wait_until_up(f"http://127.0.0.1:{port}{form['path']}", server)
        return measure("peer", form, port, work / "peer.sqlite3", "survey_response", seconds)
    finally:
        server.terminate()
        server.wait()


def bench_ceilings(seconds: float, rounds: int = 2) -> dict[str, list[float]]:
    """Posts answered per second at saturation, interleaved in rounds, by: an application that
    only reads the post (the web server and the load generator alone), Polku thanking a bot
    (Django's whole request and the form read, nothing stored), Polku storing answers, and
    the peer storing answers."""
    env, var = fresh_polku(POLKU_RESPONSE_RATE_LIMIT="0")
    form = json.loads(run([sys.executable, str(BENCH / "setup_polku.py")], env))
    database = var / "polku.sqlite3"
    figures: dict[str, list[float]] = {"bare": [], "honeypot": [], "answers": [], "peer": []}
    for _round in range(rounds):
        port = free_port()
        server = web_server(
            sys.executable, "bare_app:application", port, env | {"PYTHONPATH": str(BENCH)}, BENCH
        )
        try:
            wait_until_up(f"http://127.0.0.1:{port}/", server)
            load("saturate", "polku", form, port, seconds=2)  # warm-up, not counted
            figures["bare"].append(
                load("saturate", "polku", form, port, seconds=seconds)["per_second"]
            )
        finally:
            server.terminate()
            server.wait()
        port = free_port()
        server = web_server(sys.executable, "polku.wsgi:application", port, env, ROOT)
        try:
            wait_until_up(f"http://127.0.0.1:{port}/healthz", server)
            load("saturate", "polku", form, port, seconds=2, honeypot=True)  # warm-up
            before = count_rows(database, "surveys_response")
            bots = load("saturate", "polku", form, port, seconds=seconds, honeypot=True)
            if count_rows(database, "surveys_response") != before:
                raise RuntimeError("a bot's post was stored")
            figures["honeypot"].append(bots["per_second"])
            before = count_rows(database, "surveys_response")
            answers = load("saturate", "polku", form, port, seconds=seconds)
            stored = count_rows(database, "surveys_response") - before
            figures["answers"].append(stored / answers["seconds"])
        finally:
            server.terminate()
            server.wait()
        figures["peer"].append(bench_peer(seconds, tuned=False)["stored_per_second"])
    return figures


def ceilings_text(figures: dict[str, list[float]], seconds: float) -> str:
    def runs(key: str) -> str:
        return ", ".join(f"{value:,.0f}" for value in figures[key])

    return "\n".join(
        [
            f"Measured {time.strftime('%Y-%m-%d %H:%M', time.gmtime())} UTC on "
            f"{os.cpu_count()} cores, granian {WORKERS} workers × {THREADS} threads, "
            f"{seconds:g} s per run, the four kinds of run taking turns.",
            "",
            "| what answers the posts | posts answered per second at saturation |",
            "| --- | --- |",
            f"| `bench/bare_app.py`: reads the post, redirects (web server + load generator) "
            f"| {runs('bare')} |",
            f"| Polku, a bot's post: Django's whole request and the form read, nothing stored "
            f"| {runs('honeypot')} |",
            f"| Polku, answers stored | {runs('answers')} |",
            "| django-survey-and-report, answers stored (Django's default SQLite settings) "
            f"| {runs('peer')} |",
            "",
            f"20 × the peer's mean is {20 * mean(figures['peer']):,.0f} posts per second; "
            f"Polku's whole request with nothing stored reached {mean(figures['honeypot']):,.0f}.",
        ]
    )


def write_readme(text: str, marker: str = "submit", heading: str = "") -> None:
    """Put `text` between the `<!-- marker:start/end -->` lines of bench/README.md."""
    readme = BENCH / "README.md"
    content = readme.read_text() if readme.exists() else ""
    start, end = f"<!-- {marker}:start -->", f"<!-- {marker}:end -->"
    block = f"{start}\n{text}\n{end}"
    if start in content:
        before, _, rest = content.partition(start)
        content = before + block + rest.partition(end)[2]
    else:
        content += f"\n{heading}\n\n{block}\n" if heading else f"\n{block}\n"
    readme.write_text(content)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--skip-peer", action="store_true")
    parser.add_argument(
        "--ceilings",
        action="store_true",
        help="instead: what the web server alone and Django's request alone allow",
    )
    args = parser.parse_args()
    if args.ceilings:
        text = ceilings_text(bench_ceilings(args.seconds), args.seconds)
        print(text)
        write_readme(text, "ceilings", "### What the web server and Django alone allow")
        return
    polku = bench_polku(args.seconds)
    peer = None if args.skip_peer else bench_peer(args.seconds, tuned=False)
    tuned = None if args.skip_peer else bench_peer(args.seconds, tuned=True)
    rate = polku["rate"]
    lines = [
        f"Measured {time.strftime('%Y-%m-%d')} on {os.cpu_count()} cores, "
        f"granian {WORKERS} workers × {THREADS} threads, SQLite (WAL), "
        f"{args.seconds:g} s per run, load from a second process on loopback.",
        "",
        "| figure | Polku | django-survey-and-report (Django's default SQLite settings) |",
        "| --- | --- | --- |",
        f"| answers stored per second at saturation | {polku['stored_per_second']:.0f} | "
        f"{peer['stored_per_second']:.0f} |"
        if peer
        else f"| answers stored per second at saturation | {polku['stored_per_second']:.0f} | — |",
        f"| p50 / p99 latency at 200 posts per second | {rate['p50_ms']:.1f} ms / "
        f"{rate['p99_ms']:.1f} ms | — |",
        f"| respondent page with everything it loads | {polku['page_bytes']:,} bytes | — |",
    ]
    if peer:
        ratio = polku["stored_per_second"] / max(peer["stored_per_second"], 0.001)
        lines.append(f"| throughput ratio | {ratio:.1f} × | 1 × |")
        tuned_ratio = polku["stored_per_second"] / max(tuned["stored_per_second"], 0.001)
        lines.append(
            "| the peer with Polku's SQLite settings (WAL, persistent connections) | — | "
            f"{tuned['stored_per_second']:.0f} answers/s (Polku {tuned_ratio:.1f} ×) |"
        )
    lines += [
        "",
        f"Polku: {polku['saturation']['ok']} posts answered 303 at saturation, "
        f"{polku['stored']} rows stored; at 200/s {rate['sent']} sent, {rate['ok']} answered, "
        f"{polku['rate_stored']} stored, {rate['failed']} failed.",
    ]
    if peer:
        lines.append(
            f"Peer: {peer['saturation']['ok']} posts answered 302, {peer['stored']} rows stored."
        )
    text = "\n".join(lines)
    print(text)
    write_readme(text)
    print(
        json.dumps({"polku": polku, "peer": peer, "peer_tuned": tuned}, indent=2), file=sys.stderr
    )


if __name__ == "__main__":
    main()
