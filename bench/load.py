"""A small HTTP/1.1 load generator for form posts (asyncio, keep-alive, no dependencies).

    python load.py saturate URL-ARGS...   as many posts as the server takes, for N seconds
    python load.py rate URL-ARGS...       a fixed number of posts per second, open loop
    add --honeypot for posts a bot would send: answered the same, stored nowhere

Every post carries a fresh submission key, so each one is a new answer. Prints JSON.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import time
import uuid
from urllib.parse import urlencode


def body_for(form: dict, kind: str, honeypot: bool = False) -> bytes:
    """A form post with random scores; with `honeypot`, one with the field bots fill in, which
    Polku thanks and stores nothing of (the whole request, less the storing)."""
    fields = {
        form["nps"]: str(random.randint(0, 10)),  # noqa: S311 - load data
        form["rating"]: str(random.randint(1, 5)),  # noqa: S311
        form["text"]: "Kassalla oli jonoa, muuten hyvä.",
    }
    if kind == "polku":
        fields |= {
            "submission": uuid.uuid4().hex,
            "version": str(form["version"]),
            "lang": "fi",
            "src": "link",
            "website": "bot" if honeypot else "",
        }
    return urlencode(fields).encode()


class Connection:
    def __init__(self, host: str, port: int):
        self.host, self.port = host, port
        self.reader = self.writer = None

    async def post(self, path: str, body: bytes) -> int:
        return await self.request("POST", path, body)

    async def request(
        self,
        method: str,
        path: str,
        body: bytes = b"",
        headers: dict[str, str] | None = None,
    ) -> int:
        """Send one request on the kept-alive connection; the answer's status."""
        if self.writer is None:
            self.reader, self.writer = await asyncio.open_connection(self.host, self.port)
        fields = {"Content-Type": "application/x-www-form-urlencoded", **(headers or {})}
        extra = "".join(f"{name}: {value}\r\n" for name, value in fields.items())
        head = (
            f"{method} {path} HTTP/1.1\r\nHost: {self.host}:{self.port}\r\n{extra}"
            f"Content-Length: {len(body)}\r\nConnection: keep-alive\r\n\r\n"
        ).encode()
        self.writer.write(head + body)
        status_line = await self.reader.readline()
        if not status_line:
            self.writer = None
            raise ConnectionError("closed")
        status = int(status_line.split()[1])
        length, close = 0, False
        while (line := await self.reader.readline()) not in (b"\r\n", b""):
            name, _, value = line.decode("latin-1").partition(":")
            if name.lower() == "content-length":
                length = int(value)
            elif name.lower() == "connection" and value.strip().lower() == "close":
                close = True
        if length:
            await self.reader.readexactly(length)
        if close:
            self.writer.close()
            self.writer = None
        return status


def ok(kind: str, status: int) -> bool:
    return status == (303 if kind == "polku" else 302)


async def saturate(args, form) -> dict:
    deadline = time.perf_counter() + args.seconds
    counts = {"ok": 0, "failed": 0}

    async def worker():
        connection = Connection(args.host, args.port)
        while time.perf_counter() < deadline:
            try:
                status = await connection.post(
                    form["path"], body_for(form, args.kind, args.honeypot)
                )
            except (ConnectionError, OSError, asyncio.IncompleteReadError):
                connection.writer = None
                counts["failed"] += 1
                continue
            counts["ok" if ok(args.kind, status) else "failed"] += 1

    started = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(args.connections)))
    elapsed = time.perf_counter() - started
    return {**counts, "seconds": elapsed, "per_second": counts["ok"] / elapsed}


async def fixed_rate(args, form) -> dict:
    pool: asyncio.Queue[Connection] = asyncio.Queue()
    for _ in range(args.connections):
        pool.put_nowait(Connection(args.host, args.port))
    latencies: list[float] = []
    failed = 0
    start = time.perf_counter()
    total = int(args.rate * args.seconds)

    async def one(scheduled: float):
        nonlocal failed
        connection = await pool.get()
        try:
            status = await connection.post(form["path"], body_for(form, args.kind, args.honeypot))
            # Measured from when the request was due, so a queue behind a slow server counts.
            latencies.append(time.perf_counter() - scheduled)
            if not ok(args.kind, status):
                failed += 1
        except (ConnectionError, OSError, asyncio.IncompleteReadError):
            connection.writer = None
            failed += 1
        finally:
            pool.put_nowait(connection)

    tasks = []
    for i in range(total):
        due = start + i / args.rate
        await asyncio.sleep(max(0.0, due - time.perf_counter()))
        tasks.append(asyncio.create_task(one(due)))
    await asyncio.gather(*tasks)
    latencies.sort()

    def pct(p: float) -> float:
        return 1000 * latencies[min(len(latencies) - 1, int(p * len(latencies)))]

    return {
        "sent": total,
        "ok": len(latencies) - failed,
        "failed": failed,
        "p50_ms": pct(0.50),
        "p99_ms": pct(0.99),
        "max_ms": 1000 * latencies[-1],
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("mode", choices=["saturate", "rate"])
    parser.add_argument("--kind", choices=["polku", "peer"], required=True)
    parser.add_argument("--form", required=True, help="JSON from the setup script")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--rate", type=float, default=200)
    parser.add_argument("--honeypot", action="store_true", help="posts that store nothing")
    args = parser.parse_args()
    form = json.loads(args.form)
    run = saturate if args.mode == "saturate" else fixed_rate
    print(json.dumps(asyncio.run(run(args, form))))


if __name__ == "__main__":
    main()
