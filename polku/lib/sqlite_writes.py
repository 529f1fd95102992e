"""One writer at a time on SQLite, queued by the kernel instead of SQLite's retry loop.

SQLite lets one connection write at a time. A second writer waits in SQLite's busy handler,
which sleeps 1, 2, 5, 10… ms between tries: most of that sleep is wasted, because the
holder needs well under a millisecond. Taking an exclusive lock on a file first (flock)
queues writers in the kernel, which wakes the next one the moment the lock is free.
bench/README.md has the figures. On PostgreSQL this does nothing.
"""

from __future__ import annotations

import fcntl
import os
import threading
from contextlib import contextmanager

from django.conf import settings
from django.db import connection

_thread_lock = threading.Lock()  # flock excludes processes; threads share the descriptor
_lock_file: int | None = None


def _descriptor() -> int:
    global _lock_file
    if _lock_file is None:
        path = os.path.join(settings.VAR_DIR, "sqlite-write.lock")
        os.makedirs(settings.VAR_DIR, exist_ok=True)
        _lock_file = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    return _lock_file


@contextmanager
def exclusive():
    """Hold the writers' lock: one thread of one process at a time."""
    with _thread_lock:
        descriptor = _descriptor()
        fcntl.flock(descriptor, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(descriptor, fcntl.LOCK_UN)


@contextmanager
def one_writer():
    """Wrap a short write transaction (around `transaction.atomic()`, not inside it).

    Inside an outer transaction the database lock may already be held; waiting for the
    file lock there could deadlock against a process that holds the file lock and waits
    for the database, so nothing is taken.
    """
    if connection.vendor != "sqlite" or connection.in_atomic_block:
        yield
        return
    with exclusive():
        yield
