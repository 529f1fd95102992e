import threading

import pytest
from django.db import connection, transaction

from polku.accounts.models import Organization
from polku.lib import sqlite_writes
from polku.lib.sqlite_writes import exclusive, one_writer


def test_writers_take_turns(settings, tmp_path):
    settings.VAR_DIR = tmp_path
    order: list[str] = []
    first_has_lock = threading.Event()
    release_first = threading.Event()

    def first():
        with exclusive():
            order.append("first in")
            first_has_lock.set()
            release_first.wait(5)
            order.append("first out")

    def second():
        first_has_lock.wait(5)
        with exclusive():
            order.append("second in")

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for thread in threads:
        thread.start()
    first_has_lock.wait(5)
    # The second writer is queued behind the first until it lets go.
    threads[1].join(0.2)
    assert threads[1].is_alive()
    release_first.set()
    for thread in threads:
        thread.join(5)
    assert order == ["first in", "first out", "second in"]


@pytest.mark.django_db(transaction=True)
def test_the_log_is_checkpointed_after_every_so_many_writes_by_a_thread_of_its_own(
    settings, tmp_path, monkeypatch
):
    settings.VAR_DIR = tmp_path
    monkeypatch.setattr(sqlite_writes, "CHECKPOINT_EVERY", 3)
    monkeypatch.setattr(sqlite_writes, "_writes_since_checkpoint", 0)
    done = threading.Semaphore(0)
    results: list[tuple] = []
    real = sqlite_writes.checkpoint

    def checkpoint():
        try:
            result = real()
            results.append((threading.current_thread().name, result[0]))
            return result
        finally:
            done.release()

    monkeypatch.setattr(sqlite_writes, "checkpoint", checkpoint)
    for n in range(7):
        with one_writer(), transaction.atomic():
            Organization.objects.create(name=f"Shop {n}", slug=f"shop-{n}")
        if n in (2, 5) and connection.vendor == "sqlite":
            assert done.acquire(timeout=10), "no checkpoint after the third write"
    if connection.vendor == "sqlite":
        # Two checkpoints, each by the checkpointing thread, neither busy.
        assert results == [("sqlite-checkpoint", 0)] * 2
    else:  # PostgreSQL checkpoints by itself
        assert not done.acquire(timeout=0.2)
        assert results == []
