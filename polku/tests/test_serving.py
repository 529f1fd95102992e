"""`polku run`'s web server: Ctrl+C stops it, workers and all, and so does `polku run` dying.

A terminal's Ctrl+C sends SIGINT to every process of the foreground group. Run as a plain
child of that group, a granian worker that got the signal from both the terminal and its
main process sometimes never stopped; `serve` keeps the server out of the group.
"""

from __future__ import annotations

import http.client
import os
import signal
import subprocess
import sys
import textwrap
import time

import pytest

from polku.conftest import free_port
from polku.serving import WORKERS_KILL_TIMEOUT, granian_command

APP = """
def application(environ, start_response):
    start_response("200 OK", [("Content-Type", "text/plain")])
    return [b"up"]
"""


def wait_for(port: int, process: subprocess.Popen) -> None:
    for _ in range(150):
        assert process.poll() is None, "the server stopped before it answered"
        client = http.client.HTTPConnection("127.0.0.1", port, timeout=1)
        try:
            client.request("GET", "/")
            client.getresponse().read()
            return
        except OSError:
            time.sleep(0.1)
        finally:
            client.close()
    raise AssertionError(f"port {port} never answered")


def group_alive(group: int) -> bool:
    try:
        os.killpg(group, 0)
    except ProcessLookupError:
        return False
    return True


@pytest.fixture
def runner(tmp_path):
    """A stand-in for `polku run` in a terminal, serving a tiny app: a process group of its
    own, like a shell's foreground job. Yields it and the server's process group."""
    (tmp_path / "tiny_app.py").write_text(APP)
    port = free_port()
    command = granian_command(
        sys.executable, "tiny_app:application", "127.0.0.1", port, 3, 1, access_log=False
    )
    program = textwrap.dedent(
        f"""
        import sys
        from polku.serving import serve
        sys.exit(serve({command!r}))
        """
    )
    process = subprocess.Popen(  # noqa: S603 - our own program
        [sys.executable, "-c", program],
        cwd=tmp_path,
        start_new_session=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    server_group = None
    try:
        wait_for(port, process)
        with open(f"/proc/{process.pid}/task/{process.pid}/children") as children:
            server_group = os.getpgid(int(children.read().split()[0]))
        yield process, server_group
    finally:
        for group in (process.pid, server_group):
            if group is not None:
                try:
                    os.killpg(group, signal.SIGKILL)
                except ProcessLookupError:
                    pass
        process.wait()


def assert_gone(group: int) -> None:
    # Past granian's kill timeout: a worker caught in its shutdown race (granian#875) is
    # killed only then.
    deadline = time.monotonic() + WORKERS_KILL_TIMEOUT + 15
    while group_alive(group) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not group_alive(group), "a server process outlived the stop"


def test_ctrl_c_stops_the_server_and_its_workers(runner):
    process, server_group = runner
    os.killpg(process.pid, signal.SIGINT)  # what Ctrl+C does
    # Not a timing check: a stuck worker would never stop. A worker caught in granian's
    # shutdown race (granian#875, seen here on a busy machine) is killed by granian after
    # WORKERS_KILL_TIMEOUT; that still counts as stopped.
    assert process.wait(timeout=WORKERS_KILL_TIMEOUT + 15) == 0
    assert_gone(server_group)


def test_the_server_stops_when_polku_run_is_killed(runner):
    process, server_group = runner
    process.kill()  # SIGKILL: nothing is passed on
    process.wait()
    assert_gone(server_group)
