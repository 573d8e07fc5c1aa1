"""The desk lease (store/desk_lease.py) on a real MariaDB store: who sends, the heartbeat on the
store server's clock, takeover, release, fencing, and the jobs a silent desk was sending.

The lease API is exercised from this one process (two DeskLease objects are two desks as far
as the store can tell); the tests with real desks as separate processes are in
tests/e2e/test_several_desks.py. A desk's silence is made by ageing its heartbeat on the
server (``UTC_TIMESTAMP() - INTERVAL n SECOND``), not by waiting.
"""

from __future__ import annotations

import logging
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.engine import make_url

from antrean_desktop.domain.task_progress import update_task_progress
from antrean_desktop.domain.tasks import JobStatus
from antrean_desktop.store import jobs
from antrean_desktop.store.db import Store
from antrean_desktop.store.desk_lease import DeskLease, LeaseLost, read_holder
from antrean_desktop.store.models import AntreanJob, PollState, VisitEvent
from tests.support.processes import reap
from tests.support.stores import migrated_store, sqlite_url
from tests.support.tcp_proxy import SilentProxy

REPO = Path(__file__).resolve().parents[2]
TAKEOVER = 20
VISIT = "2026/11/28/000001"


class Mono:
    """A monotonic clock the test moves."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def shared(mariadb_store) -> Store:
    return mariadb_store


@pytest.fixture
def desks(shared) -> Iterator:
    made: list[DeskLease] = []

    def desk(name: str, **kw) -> DeskLease:
        lease = DeskLease(shared, name, f"{name}:pid", TAKEOVER, **kw)
        made.append(lease)
        return lease

    try:
        yield desk
    finally:
        for lease in made:
            lease.close()


def _silent(store: Store, seconds: int) -> None:
    """The holder's last heartbeat was ``seconds`` ago on the store server's clock."""
    with store.session() as session:
        session.execute(
            text(
                "UPDATE desk_lease SET heartbeat_at = UTC_TIMESTAMP() - INTERVAL :s SECOND "
                "WHERE name = 'sender'"
            ),
            {"s": seconds},
        )


def _server_now(store: Store) -> datetime:
    with store.session() as session:
        return session.scalar(select(func.utc_timestamp()))


def _poll_state(store: Store, name: str) -> PollState | None:
    with store.session() as session:
        return session.get(PollState, name)


def _write(store: Store, name: str) -> None:
    with store.session() as session:
        session.add(PollState(name=name, rows_seen=1))


def _queued_job(store: Store) -> None:
    with store.session() as session:
        session.add(
            VisitEvent(
                visit_id=VISIT,
                kodebooking=VISIT,
                visit_date=date(2026, 11, 28),
                status="READY_BPJS",
                task_progress=update_task_progress({}, 1, "QUEUED"),
            )
        )
    with store.session() as session:
        assert jobs.enqueue(session, VISIT, 1, {"taskid": 1}, datetime(2026, 11, 28, 1))


def _job(store: Store) -> AntreanJob:
    with store.session() as session:
        return session.scalar(select(AntreanJob).where(AntreanJob.visit_id == VISIT))


def test_the_first_desk_sends_and_the_others_only_view(shared, desks):
    one, two, three = desks("LOKET-1"), desks("LOKET-2"), desks("LOKET-3")
    assert read_holder(shared) is None
    assert one.beat() and one.held and one.generation == 1
    assert not two.beat() and not two.held
    assert not three.beat() and not three.held
    assert one.beat(), "the holder keeps the lease at every beat"
    holder = read_holder(shared)
    assert (holder.desk, holder.process, holder.generation) == ("LOKET-1", "LOKET-1:pid", 1)
    assert holder.age_seconds <= 2


def test_the_heartbeat_is_the_store_servers_clock(shared, desks):
    one = desks("LOKET-1")
    one.beat()
    _silent(shared, 600)
    assert read_holder(shared).age_seconds >= 600
    assert one.beat()
    assert abs((_server_now(shared) - read_holder(shared).heartbeat_at).total_seconds()) <= 2


def test_a_viewer_takes_over_only_after_takeover_seconds_of_silence(shared, desks, caplog):
    one, two = desks("LOKET-1"), desks("LOKET-2")
    one.beat()
    _silent(shared, TAKEOVER - 5)
    assert not two.beat(), "silent for less than takeover_seconds: still the holder's"
    _silent(shared, TAKEOVER + 5)
    with caplog.at_level(logging.WARNING, logger="antrean.desk"):
        assert two.beat() and two.held
    assert two.generation == 2, "a takeover adds one to the generation"
    assert "LOKET-1 was silent" in caplog.text
    holder = read_holder(shared)
    assert (holder.desk, holder.generation) == ("LOKET-2", 2)
    assert not one.beat() and not one.held, "the silent desk finds it lost the lease"
    assert one.generation is None


def test_release_gives_the_lease_up_at_once(shared, desks):
    one, two = desks("LOKET-1"), desks("LOKET-2")
    one.beat()
    one.release()
    assert not one.held
    assert two.beat() and two.generation == 2


def test_a_fenced_write_after_a_takeover_raises_and_writes_nothing(shared, desks):
    one, two = desks("LOKET-1"), desks("LOKET-2")
    one.beat()
    fenced = one.fenced()
    _write(fenced, "while-held")
    assert _poll_state(shared, "while-held") is not None, "the holder writes"
    _silent(shared, TAKEOVER + 5)
    assert two.beat()
    with pytest.raises(LeaseLost):
        _write(fenced, "after-takeover")
    assert _poll_state(shared, "after-takeover") is None, "the write was rolled back"
    assert not one.held
    with pytest.raises(LeaseLost):
        _write(fenced, "again")
    _write(two.fenced(), "new-holder")
    assert _poll_state(shared, "new-holder") is not None


def test_send_threads_finding_the_lease_lost_together_tell_it_once(shared, desks, mariadb, caplog):
    """Two send threads of the sending desk commit while another desk takes over: both writes
    are refused, and the desk says so in one line (not one per thread)."""
    one = desks("LOKET-1")
    one.beat()
    fenced = one.fenced()
    database = make_url(shared.url).database
    taker = mariadb.connect(database)
    refused: list[str] = []

    def write(name: str) -> None:
        try:
            _write(fenced, name)
        except LeaseLost:
            refused.append(name)

    try:
        with taker.cursor() as cur:  # the takeover, under way: the lease row is locked
            cur.execute("SET autocommit = 0")
            cur.execute("SELECT generation FROM desk_lease WHERE name = 'sender' FOR UPDATE")
        threads = [threading.Thread(target=write, args=(f"thread-{n}",)) for n in (1, 2)]
        with caplog.at_level(logging.WARNING, logger="antrean.desk"):
            for thread in threads:
                thread.start()
            deadline = time.monotonic() + 30
            while mariadb.queries_running(database, "SELECT desk_lease.generation") < 2:
                assert time.monotonic() < deadline, "the two commits did not wait at the fence"
                time.sleep(0.05)
            with taker.cursor() as cur:
                cur.execute(
                    "UPDATE desk_lease SET generation = 2, desk = 'LOKET-2',"
                    " process = 'LOKET-2:pid' WHERE name = 'sender'"
                )
            taker.commit()
            for thread in threads:
                thread.join(30)
    finally:
        taker.close()
    assert sorted(refused) == ["thread-1", "thread-2"]
    assert caplog.text.count("was lost") == 1, caplog.text


def test_a_fenced_read_needs_no_lease(shared, desks):
    one = desks("LOKET-1")
    with one.fenced().session() as session:
        assert session.get(PollState, "nothing") is None


def test_jobs_the_silent_desk_was_sending_are_free_at_the_takeover(shared, desks):
    one, two = desks("LOKET-1"), desks("LOKET-2")
    _queued_job(shared)
    one.beat()
    [claimed] = jobs.claim_due(one.fenced(), "LOKET-1:pid", _server_now(shared), 600, 5)
    assert _job(shared).status == JobStatus.SENDING.value
    _silent(shared, TAKEOVER + 5)
    assert two.beat()
    job = _job(shared)
    assert job.status == JobStatus.PENDING.value, "free at once, not after its 600 s lease"
    assert job.lease_owner is None and job.lease_expires_at is None
    server_now = _server_now(shared)
    assert job.next_attempt_at <= server_now
    [again] = jobs.claim_due(two.fenced(), "LOKET-2:pid", server_now, 600, 5)
    assert again.id == claimed.id
    with pytest.raises(LeaseLost), one.fenced().session() as session:
        jobs.finish(session, claimed, JobStatus.DONE, attempts=1)
    assert _job(shared).lease_owner == again.lease, "the late result was not written"


def test_freed_jobs_are_due_for_a_taker_whose_clock_is_behind_the_store_servers(shared, desks):
    """The taking desk claims by its own PC's clock; ten minutes behind the store server's, the
    freed job is still due at once (it keeps the due time it was claimed with)."""
    one, two = desks("LOKET-1"), desks("LOKET-2")
    _queued_job(shared)
    one.beat()
    [claimed] = jobs.claim_due(one.fenced(), "LOKET-1:pid", _server_now(shared), 600, 5)
    _silent(shared, TAKEOVER + 5)
    assert two.beat()
    behind = _server_now(shared) - timedelta(minutes=10)
    [again] = jobs.claim_due(two.fenced(), "LOKET-2:pid", behind, 600, 5)
    assert again.id == claimed.id


def test_a_desk_whose_heartbeat_is_older_than_takeover_seconds_stops_counting_itself_active(
    shared, desks
):
    """Paused or cut off: once takeover_seconds passed since its last good beat began, another
    desk may hold the lease; the desk stops before asking the store."""
    mono = Mono()
    one = desks("LOKET-1", mono=mono)
    assert one.beat() and one.held
    mono.now += TAKEOVER - 1
    assert one.held
    mono.now += 2
    assert not one.held, "no good heartbeat for takeover_seconds"
    assert one.beat() and one.held, "nobody took over: the next beat keeps it"
    assert one.generation == 1


def test_a_store_failure_at_a_beat_keeps_the_desk_active_only_until_takeover_seconds(shared):
    """The store's server is gone: the desk cannot tell whether another took over, so after
    takeover_seconds without a good beat it stops counting itself active."""
    mono = Mono()
    url = shared.url
    with SilentProxy(make_url(url).host, make_url(url).port) as proxy:
        store = Store(proxy.url(url))
        lease = DeskLease(store, "LOKET-1", "LOKET-1:pid", TAKEOVER, mono=mono)
        try:
            assert lease.beat()
            proxy.refuse()
            mono.now += 2
            assert lease.beat(), "a beat that failed changes nothing yet"
            mono.now += TAKEOVER
            assert not lease.beat() and not lease.held
            proxy.restore()
            assert lease.beat() and lease.generation == 1, "back: nobody took over"
        finally:
            lease.close()
            store.dispose()


def test_viewer_only_never_takes_the_lease(shared, desks):
    viewer = desks("IT", viewer_only=True)
    assert not viewer.beat()
    assert read_holder(shared) is None
    one = desks("LOKET-1")
    one.beat()
    one.force_viewer("store_too_new")
    assert not one.held and not one.beat()
    assert read_holder(shared).heartbeat_at < datetime(2001, 1, 1), "force_viewer released it"


def test_a_sqlite_store_is_always_active(tmp_path):
    with migrated_store(sqlite_url(tmp_path / "one.db")) as store:
        lease = DeskLease(store, "LOKET-1", "p", TAKEOVER, mono=Mono())
        assert lease.held and lease.beat()
        fenced = lease.fenced()
        _write(fenced, "one-desk")
        assert _poll_state(store, "one-desk") is not None
        assert read_holder(store) is None, "no lease row on a desk's own file"
        lease.close()


FROZEN_DESK = """
import os, signal, sys
from antrean_desktop.store.db import Store
from antrean_desktop.store.desk_lease import DeskLease
from antrean_desktop.store.models import PollState

store = Store(sys.argv[1])
lease = DeskLease(store, "LOKET-1", "LOKET-1:frozen", float(sys.argv[2]))
assert lease.beat()
check = lease.check

def check_then_freeze(session):
    check(session)  # the lease row is now locked FOR UPDATE, until the commit
    print("locked", flush=True)
    os.kill(os.getpid(), signal.SIGSTOP)

lease.check = check_then_freeze
try:
    with lease.fenced().session() as session:
        session.add(PollState(name="frozen-write", rows_seen=1))
except Exception as exc:
    print("not written:", type(exc).__name__, flush=True)
else:
    print("written", flush=True)
"""


def _state(pid: int) -> str:
    return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]


def test_a_desk_frozen_between_the_fence_and_its_commit_does_not_block_the_takeover(shared):
    """The active desk (its own process) is stopped with the lease row locked FOR UPDATE: the
    store server ends its idle transaction after takeover_seconds, so a viewer takes over
    (without that it waited for the lock for ever), and the frozen desk, continued, writes
    nothing."""
    takeover = 5
    desk = subprocess.Popen(
        [sys.executable, "-c", FROZEN_DESK, shared.url, str(takeover)],
        env={**os.environ, "PYTHONPATH": str(REPO)},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    viewer = DeskLease(shared, "LOKET-2", "LOKET-2:pid", takeover)
    try:
        assert desk.stdout.readline().strip() == "locked", desk.stderr.read()
        deadline = time.monotonic() + 60
        while _state(desk.pid) != "T":
            assert time.monotonic() < deadline, "the desk did not stop"
            time.sleep(0.05)
        while not viewer.beat():
            assert time.monotonic() < deadline, "the viewer could not take over"
            time.sleep(0.5)
        assert read_holder(shared).desk == "LOKET-2"
        desk.send_signal(signal.SIGCONT)
        out, err = desk.communicate(timeout=60)
        assert out.startswith("not written"), out + err
    finally:
        viewer.close()
        reap(desk)
    assert _poll_state(shared, "frozen-write") is None


def test_a_desk_that_loses_the_race_for_the_first_lease_is_a_viewer_not_a_store_error(
    shared, mariadb
):
    """Desks started together on a new store both find no lease row and insert it: the one
    whose insert fails is a viewer, with no store error to tell."""
    database = make_url(shared.url).database
    first = mariadb.connect(database)
    late = DeskLease(shared, "LOKET-2", "LOKET-2:pid", TAKEOVER)
    try:
        with first.cursor() as cur:
            cur.execute("SET autocommit = 0")
            cur.execute(
                "INSERT INTO desk_lease VALUES ('sender', 'LOKET-1', 'LOKET-1:pid', 1,"
                " UTC_TIMESTAMP(), UTC_TIMESTAMP())"
            )
        outcome: list[bool] = []
        racing = threading.Thread(target=lambda: outcome.append(late.beat()))
        racing.start()  # its insert waits for the first desk's (not yet committed)
        deadline = time.monotonic() + 30
        while not mariadb.queries_running(database, "INSERT INTO desk_lease"):
            assert time.monotonic() < deadline, "the second insert did not wait"
            time.sleep(0.05)
        first.commit()
        racing.join(30)
        assert outcome == [False]
        assert late.store_error is None, late.store_error
        assert read_holder(shared).desk == "LOKET-1"
    finally:
        first.close()
        late.close()
