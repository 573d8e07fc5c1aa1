"""Change tracking by the store's own counter (store/changes.py, migration 0002), on SQLite and
on a real MariaDB: clocks set back and a second process on the same store lose nothing."""

from __future__ import annotations

import threading
from datetime import date, datetime, timedelta

import pytest
from sqlalchemy import inspect, select, text

from antrean_desktop.config import BpjsConfig, Config, HospitalConfig, StoreConfig
from antrean_desktop.domain import task_progress as task_progress_module
from antrean_desktop.domain.task_progress import update_task_progress
from antrean_desktop.pipeline.builder import build
from antrean_desktop.store import migrate, queries
from antrean_desktop.store.db import Store
from antrean_desktop.store.models import AntreanJob, PollState, StoreCounter, VisitEvent
from antrean_desktop.store.visits import get_visit, modify_visit

DAY = date(2026, 11, 28)
T3 = int(datetime(2026, 11, 28, 1, 5).timestamp() * 1000)


def _config(store_url: str) -> Config:
    return Config(
        store=StoreConfig(url=store_url),
        bpjs=BpjsConfig(base_url="http://127.0.0.1:9", cons_id="1", secret_key="s", user_key="u"),
        hospital=HospitalConfig(tasks=(3,)),
    )


def _add(store: Store, n: int) -> str:
    """A visit whose booking was sent and whose task 3 is not known yet."""
    visit_id = f"2026/11/28/{n:06d}"
    with store.session() as session:
        session.add(
            VisitEvent(
                visit_id=visit_id,
                kodebooking=visit_id,
                visit_date=DAY,
                status="SENT_BPJS",
                payload={"kodebooking": visit_id},
                task_progress=update_task_progress({}, 1, "SENT_BPJS"),
            )
        )
    return visit_id


def _check_in(store: Store, visit_id: str) -> None:
    """What the poller does when Khanza shows the check-in time."""

    def change(visit: VisitEvent, _session) -> None:
        visit.task_progress = update_task_progress(visit.task_progress, 3, "DRAFT", waktu=T3)

    modify_visit(store, visit_id, change)


def _queued(store: Store) -> set[str]:
    with store.session() as session:
        return set(session.scalars(select(AntreanJob.visit_id).where(AntreanJob.task_id == 3)))


def _seq(store: Store, visit_id: str) -> int:
    with store.session() as session:
        return get_visit(session, visit_id).change_seq


class _HourBehind(datetime):
    """The PC clock after an operator set it back an hour."""

    @classmethod
    def now(cls, tz=None):
        return datetime.now(tz) - timedelta(hours=1)


def test_every_write_takes_a_higher_number_and_no_write_takes_none(store):
    a, b = _add(store, 1), _add(store, 2)
    assert 0 < _seq(store, a) < _seq(store, b)
    _check_in(store, a)
    assert _seq(store, a) > _seq(store, b)
    before = _seq(store, a)
    modify_visit(store, a, lambda visit, _s: None)  # nothing changed: no number taken
    assert _seq(store, a) == before
    with store.session() as session:
        assert session.get(StoreCounter, "visit_event").value == before


def test_clock_set_back_an_hour_still_queues_changes(store, monkeypatch):
    config = _config(store.url)
    ids = [_add(store, n) for n in range(1, 4)]
    assert build(store, config).visits_read == 3
    _check_in(store, ids[0])
    assert build(store, config).jobs_queued == 1
    window_cursor = max(v.change_seq for v in queries.day_visits(store, DAY))

    monkeypatch.setattr(task_progress_module, "datetime", _HourBehind)
    _check_in(store, ids[1])  # stamped an hour "earlier" than everything before
    late = _add(store, 4)
    _check_in(store, late)

    assert build(store, config).jobs_queued == 2
    assert _queued(store) == {ids[0], ids[1], late}
    changed = {v.visit_id for v in queries.visits_changed_since(store, DAY, window_cursor)}
    assert changed == {ids[1], late}, "the window's refresh sees them too"


def test_two_processes_on_one_store_lose_nothing(store):
    """Two stores on one database (two PCs): one writes while the other builds incrementally."""
    config = _config(store.url)
    other = Store(store.url)  # its own engine and connections, like a second process
    ids = [_add(store, n) for n in range(1, 41)]
    build(other, config)
    done = threading.Event()
    errors: list[BaseException] = []

    def writer(which: Store, part: list[str]) -> None:
        try:
            for visit_id in part:
                _check_in(which, visit_id)
        except BaseException as exc:  # noqa: BLE001 - reported by the assertion below
            errors.append(exc)

    def builder() -> None:
        try:
            while not done.is_set():
                build(other, config)
        except BaseException as exc:  # noqa: BLE001
            errors.append(exc)

    threads = [
        threading.Thread(target=writer, args=(store, ids[0::2])),
        threading.Thread(target=writer, args=(other, ids[1::2])),
    ]
    reader = threading.Thread(target=builder)
    try:
        reader.start()
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=120)
    finally:
        done.set()
        reader.join(timeout=120)
    build(other, config)  # one more incremental build (never a full one) after the writers
    other.dispose()
    assert not errors
    assert _queued(store) == set(ids)


def test_migration_0002_numbers_old_rows_and_downgrades_keeping_data(store_url):
    s = Store(store_url)
    try:
        migrate.upgrade(s.engine, "0001")
        with s.engine.begin() as conn:
            conn.execute(
                text(
                    "INSERT INTO visit_event (visit_id, kodebooking, visit_date, jenispasien,"
                    " status, task_progress, version, created_at, updated_at, changed_ms)"
                    " VALUES (:v, :v, '2026-11-28', 'JKN', 'READY_BPJS', '{}', 1,"
                    " '2026-11-28 01:00:00', '2026-11-28 01:00:00', :ms)"
                ),
                [{"v": "2026/11/28/000001", "ms": 9_000}, {"v": "2026/11/28/000002", "ms": 1}],
            )
            conn.execute(
                text(
                    "INSERT INTO antrean_job (visit_id, task_id, payload, status, attempts,"
                    " next_attempt_at, created_at, updated_at) VALUES ('2026/11/28/000001', 1,"
                    " '{}', 'PENDING', 0, '2026-11-28 01:00:00', '2026-11-28 01:00:00',"
                    " '2026-11-28 01:00:00')"
                )
            )
            conn.execute(
                PollState.__table__.insert().values(name="builder", cursor="9000", rows_seen=2)
            )
        migrate.upgrade(s.engine)
        with s.session() as session:
            seqs = [v.change_seq for v in session.scalars(select(VisitEvent).order_by("id"))]
            assert seqs == [1, 2]
            assert session.get(StoreCounter, "visit_event").value == 2
            assert session.get(PollState, "builder") is None, "the clock cursor is gone"
        assert build(s, _config(store_url)).visits_read == 2
        _check_in(s, "2026/11/28/000002")  # task 3 on a visit whose booking is not sent: DRAFT
        assert _seq(s, "2026/11/28/000002") == 3

        migrate.downgrade(s.engine, "0001")
        names = {c["name"] for c in inspect(s.engine).get_columns("visit_event")}
        assert "change_seq" not in names and "changed_ms" in names
        assert "store_counter" not in inspect(s.engine).get_table_names()
        with s.engine.connect() as conn:
            assert conn.execute(text("SELECT COUNT(*) FROM antrean_job")).scalar() == 1
            assert conn.execute(text("SELECT COUNT(*) FROM visit_event")).scalar() == 2
        migrate.upgrade(s.engine)
        assert migrate.current_revision(s.engine) == migrate.head_revision()
    finally:
        s.dispose()


@pytest.mark.parametrize("count", [1, 3])
def test_numbers_are_reserved_in_blocks(store, count):
    from antrean_desktop.store.changes import take_numbers

    with store.engine.begin() as conn:
        first = take_numbers(conn, "visit_event", count)
        second = take_numbers(conn, "visit_event", 1)
    assert second == first + count


def test_a_deadlock_victim_is_retried_and_other_errors_are_not(store):
    """Two writers inserting jobs of one visit can deadlock on MariaDB (each holds the visit's
    shared foreign-key lock and waits for the change counter): the victim re-applies its change."""
    import pymysql
    from sqlalchemy.exc import OperationalError

    visit_id = _add(store, 1)
    calls = []

    def change(visit: VisitEvent, _session) -> int:
        calls.append(1)
        if len(calls) == 1:
            raise OperationalError(
                "UPDATE store_counter", {}, pymysql.err.OperationalError(1213, "Deadlock found")
            )
        visit.task_progress = update_task_progress(visit.task_progress, 3, "DRAFT", waktu=T3)
        return len(calls)

    assert modify_visit(store, visit_id, change) == 2
    with store.session() as session:
        assert get_visit(session, visit_id).task_progress["3"]["status"] == "DRAFT"

    def broken(_visit, _session):
        raise OperationalError(
            "SELECT 1", {}, pymysql.err.OperationalError(2013, "Lost connection")
        )

    with pytest.raises(OperationalError):
        modify_visit(store, visit_id, broken)


def test_full_build_reads_the_sending_window_and_sets_the_cursor_to_the_counter(store):
    config = _config(store.url)
    recent = _add(store, 1)
    old_id = "2026/10/29/000001"  # 30 days before: BPJS no longer takes its tasks
    with store.session() as session:
        session.add(
            VisitEvent(
                visit_id=old_id,
                kodebooking=old_id,
                visit_date=date(2026, 10, 29),
                status="SENT_BPJS",
                task_progress=update_task_progress({}, 1, "SENT_BPJS"),
            )
        )
    _check_in(store, recent)
    assert build(store, config, full=True).visits_read == 1, "the old day is not read"
    with store.session() as session:
        cursor = int(session.get(PollState, "builder_changes").cursor)
        counter = session.get(StoreCounter, "visit_event").value
    # the counter as it was when the build read (above the old visit's number, so the old visit
    # is not read next time either); the build's own queueing took one number more
    assert _seq(store, old_id) < cursor == counter - 1
    assert build(store, config).visits_read == 1, "only the visit the build itself queued"
    _check_in(store, old_id)  # a later change of an old visit is still seen
    assert build(store, config).visits_read == 1
