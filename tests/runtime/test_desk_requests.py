"""A viewer's request when the active desk does not answer: withdrawn, so that no desk carries
it out by surprise later; an answer that comes at the last moment still counts."""

from __future__ import annotations

from antrean_desktop.runtime.desk_requests import NO_ANSWER, NO_DESK, ask_and_wait
from antrean_desktop.store import desk_requests as requests
from antrean_desktop.store.desk_lease import DeskLease, is_shared
from tests.support.stores import migrated_store


class Clock:
    """A monotonic clock that moves only when the waiting sleeps."""

    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.now += seconds


def active_desk(store) -> None:
    if is_shared(store):
        assert DeskLease(store, "LOKET-2", "elsewhere:1:abc", 20).beat()


def test_no_answer_within_the_wait_withdraws_the_request(store):
    active_desk(store)
    clock = Clock()
    result = ask_and_wait(
        store, requests.SYNC, "LOKET-1", 20, 5, lambda: False, mono=clock, sleep=clock.sleep
    )
    assert result == NO_ANSWER
    assert 30 <= clock.now < 31  # the takeover time and two worker ticks
    assert requests.waiting(store) == []  # nothing left for the next desk that sends


def test_an_answer_is_returned_as_the_desk_wrote_it(store):
    active_desk(store)
    clock = Clock()

    def sleep(seconds: float) -> None:  # the sending desk answers while the viewer waits
        for waiting in requests.waiting(store):
            assert (waiting.kind, waiting.visit_id, waiting.task_id) == ("resend", "v1", 3)
            assert requests.answer(store, waiting.id, "LOKET-2", "2")
        clock.sleep(seconds)

    what = {"visit_id": "v1", "task_id": 3}
    result = ask_and_wait(
        store, requests.RESEND, "LOKET-1", 20, 5, lambda: False, mono=clock, sleep=sleep, **what
    )
    assert result == "2" and clock.now < 1


def test_no_active_desk_writes_nothing(shared_store_url):
    """(A store of its own has no such case: its desk is the active one.)"""
    with migrated_store(shared_store_url) as store:
        lease = DeskLease(store, "LOKET-2", "elsewhere:1:abc", 20)
        assert lease.beat()
        lease.release()  # a clean stop: nobody sends now
        result = ask_and_wait(store, requests.SYNC, "LOKET-1", 20, 5, lambda: False)
        assert result == NO_DESK and requests.waiting(store) == []
