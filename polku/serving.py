"""The web server's command line, shared by `polku run`, the benchmarks and the tests that
run Polku under a real server, so that all of them measure and test what production runs.

Granian: HTTP is parsed and answers are written in Rust, outside the GIL, and slow clients
wait in its event loop rather than in a Python worker. Under gunicorn about a fifth of the
CPU time of a survey answer went to gunicorn's own Python (bench/README.md).
"""

from __future__ import annotations

import ctypes
import os
import signal
import subprocess

PR_SET_PDEATHSIG = 1  # from <sys/prctl.h>
# On stop, a worker still busy after this many seconds is killed (gunicorn's graceful
# timeout). It also bounds a known granian race (emmett-framework/granian#875): a worker
# stopping at a busy moment can deadlock on the GIL while it shuts its runtime down.
WORKERS_KILL_TIMEOUT = 30


def default_workers() -> int:
    """Web server processes when WEB_CONCURRENCY is not set: one per core this process may
    run on. On 2 cores, 2 processes stored 17 % more survey answers a second than 3 and
    answered as fast at 200 a second (bench/README.md): SQLite takes one writer at a time,
    and a process beyond the cores mostly waits, often while holding the writers' lock."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 2


def granian_command(
    python: str,
    target: str,
    host: str,
    port: int | str,
    workers: int | str,
    threads: int | str,
    *,
    access_log: bool,
    factory: bool = False,
    log_level: str = "info",
) -> list[str]:
    """The command serving the WSGI application `target` ("module:name") with `workers`
    processes of `threads` Python threads each."""
    return [
        python,
        "-m",
        "granian",
        "--interface",
        "wsgi",
        "--host",
        host,
        "--port",
        str(port),
        "--workers",
        str(workers),
        "--blocking-threads",
        str(threads),
        "--no-ws",  # WSGI has no websockets; without this granian says so at every start
        # A worker that dies (killed for memory, say) is replaced, as gunicorn did.
        "--respawn-failed-workers",
        "--workers-kill-timeout",
        str(WORKERS_KILL_TIMEOUT),
        "--log-level",
        log_level,
        "--access-log" if access_log else "--no-access-log",
        *(["--factory"] if factory else []),
        target,
    ]


def _stop_when_parent_dies() -> None:
    """In the server's process before it starts: the kernel sends it SIGTERM when the
    process that started it dies, even of SIGKILL, which it cannot pass on. Outside the
    caller's process group, nothing else would stop the server then (Linux only)."""
    libc = ctypes.CDLL(None, use_errno=True)
    libc.prctl(PR_SET_PDEATHSIG, signal.SIGTERM)


def serve(command: list[str]) -> int:
    """Run the server `command` until it stops; its exit status.

    The server runs in a session of its own and a stop signal reaches only its main process,
    which stops the workers. Ctrl+C in a terminal signals every process of the foreground
    group at once, and a granian worker (2.8) that gets the signal both directly and from
    its main process sometimes never stops.
    """
    server = subprocess.Popen(  # noqa: S603 - our own command
        command, start_new_session=True, preexec_fn=_stop_when_parent_dies
    )

    def stop(signum: int, _frame) -> None:
        server.send_signal(signal.SIGTERM)

    signal.signal(signal.SIGINT, stop)
    signal.signal(signal.SIGTERM, stop)
    return server.wait()
