"""One writer at a time on SQLite, queued by the kernel instead of SQLite's retry loop.

SQLite lets one connection write at a time. A second writer waits in SQLite's busy handler,
which sleeps 1, 2, 5, 10… ms between tries: most of that sleep is wasted, because the
holder needs well under a millisecond. Taking an exclusive lock on a file first (flock)
queues writers in the kernel, which wakes the next one the moment the lock is free.
bench/README.md has the figures. On PostgreSQL this does nothing.

Checkpoints (copying the write-ahead log back into the database file, with an fsync) are
run here too, after the lock is let go. Left to SQLite, the COMMIT that takes the log past
its threshold (`wal_autocheckpoint`) runs one, while this process still holds the lock:
about half of an average survey answer's time under it. The threshold is set high
(settings.SQLITE_OPTIONS) so that it is only a backstop for writes made outside
`one_writer`.
"""

from __future__ import annotations

import fcntl
import logging
import os
import threading
from contextlib import contextmanager

from django.conf import settings
from django.db import DatabaseError, connection

log = logging.getLogger(__name__)

_thread_lock = threading.Lock()  # flock excludes processes; threads share the descriptor
_lock_file: int | None = None
# A passive checkpoint after every this many write transactions of a process. About 20
# pages change per stored survey answer: with three web processes, one checkpoint every
# 85 answers or so copies about 1 700 pages (7 MB) of log. Rarer checkpoints copy a page
# written many times once, but make each one longer.
CHECKPOINT_EVERY = 256
_writes_since_checkpoint = 0


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
    _count_write()


def _count_write() -> None:
    global _writes_since_checkpoint
    with _thread_lock:
        _writes_since_checkpoint += 1
        due = _writes_since_checkpoint >= CHECKPOINT_EVERY
        if due:
            _writes_since_checkpoint = 0
    if due:
        try:
            checkpoint()
        except DatabaseError:
            # The answer is stored; SQLite's own threshold checkpoints later.
            log.warning("SQLite checkpoint failed", exc_info=True)


def checkpoint() -> tuple[int, int, int]:
    """Copy what the log holds into the database file, without waiting for readers or
    writers (PASSIVE: writers go on appending meanwhile); SQLite's (busy, pages in the log,
    pages copied)."""
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA wal_checkpoint(PASSIVE)")
        return cursor.fetchone()
