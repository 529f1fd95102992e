"""One writer at a time on SQLite, queued by the kernel instead of SQLite's retry loop.

SQLite lets one connection write at a time. A second writer waits in SQLite's busy handler,
which sleeps 1, 2, 5, 10… ms between tries: most of that sleep is wasted, because the
holder needs well under a millisecond. Taking an exclusive lock on a file first (flock)
queues writers in the kernel, which wakes the next one the moment the lock is free.
bench/README.md has the figures. On PostgreSQL this does nothing.

Checkpoints (copying the write-ahead log back into the database file, with an fsync) are
started here too, and run by a thread of their own, outside the lock. Left to SQLite, the
COMMIT that takes the log past its threshold (`wal_autocheckpoint`) runs one while this
process still holds the lock: about half of an average survey answer's time under it. The
threshold is set high (settings.SQLITE_OPTIONS), a backstop for writes made outside
`one_writer`.
"""

from __future__ import annotations

import fcntl
import logging
import os
import threading
from contextlib import contextmanager

from django.conf import settings
from django.db import connection

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
        _wake_checkpointer()


_checkpoint_due = threading.Event()
_checkpointer: threading.Thread | None = None
_checkpointer_lock = threading.Lock()


def _wake_checkpointer() -> None:
    """Ask this process's checkpointing thread for a checkpoint, starting it if need be (a
    forked process has none). A thread, so that neither the request that crossed the count
    nor the ones queued behind it on the same worker wait the ~60 ms a checkpoint takes,
    mostly in fsync; SQLite lets go of Python's lock while it works."""
    global _checkpointer
    with _checkpointer_lock:
        if _checkpointer is None or not _checkpointer.is_alive():
            _checkpointer = threading.Thread(
                target=_checkpoint_when_due, name="sqlite-checkpoint", daemon=True
            )
            _checkpointer.start()
    _checkpoint_due.set()


def _checkpoint_when_due() -> None:
    while True:
        _checkpoint_due.wait()
        _checkpoint_due.clear()
        try:
            checkpoint()
        except Exception:
            # Nothing is lost: the answers are stored, and SQLite's own threshold
            # checkpoints later. The thread goes on for the next one.
            log.warning("SQLite checkpoint failed", exc_info=True)


def checkpoint() -> tuple[int, int, int]:
    """Copy what the log holds into the database file, without waiting for readers or
    writers (PASSIVE: writers go on appending meanwhile); SQLite's (busy, pages in the log,
    pages copied)."""
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA wal_checkpoint(PASSIVE)")
        return cursor.fetchone()
