import threading

from polku.lib.sqlite_writes import exclusive


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
