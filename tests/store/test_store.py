"""The local store on SQLite and on a real MariaDB: migration, constraints, concurrency."""

import threading
from datetime import date, datetime

import pytest
from sqlalchemy import func, inspect, select
from sqlalchemy.exc import IntegrityError

from antrean_desktop.domain.task_progress import update_task_progress
from antrean_desktop.store import migrate
from antrean_desktop.store.db import Store
from antrean_desktop.store.models import AntreanJob, PollState, SendAttempt, VisitEvent
from antrean_desktop.store.visits import get_visit, modify_visit

TABLES = {"visit_event", "antrean_job", "send_attempt", "poll_state"}


def _visit(visit_id="2026/11/28/000001", **kw) -> VisitEvent:
    values = dict(
        visit_id=visit_id,
        kodebooking=visit_id,
        visit_date=date(2026, 11, 28),
        status="READY_BPJS",
    )
    values.update(kw)
    return VisitEvent(**values)


def test_migration_creates_tables_and_is_idempotent(store_url):
    s = Store(store_url)
    try:
        assert not TABLES & set(inspect(s.engine).get_table_names())
        migrate.upgrade(s.engine)
        assert TABLES <= set(inspect(s.engine).get_table_names())
        assert migrate.current_revision(s.engine) == migrate.head_revision()
        migrate.upgrade(s.engine)  # second run changes nothing
        assert migrate.current_revision(s.engine) == migrate.head_revision()
        uniques = inspect(s.engine).get_unique_constraints("antrean_job")
        assert any(set(u["column_names"]) == {"visit_id", "task_id"} for u in uniques)
    finally:
        s.dispose()


def test_current_store_is_recognised_without_alembic(store_url):
    """The quick check (no Alembic import) agrees with Alembic about the newest revision."""
    assert migrate.shipped_head() == migrate.head_revision()
    s = Store(store_url)
    try:
        assert not migrate.is_current(s.engine)  # a new store
        migrate.upgrade(s.engine, migrate.head_revision())
        assert migrate.is_current(s.engine)
        first = migrate.head_revision()
        migrate.downgrade(s.engine, "0001")
        assert not migrate.is_current(s.engine)  # an older store is migrated
        migrate.upgrade(s.engine)
        assert migrate.current_revision(s.engine) == first
    finally:
        s.dispose()


def test_reconcile_migration_downgrades_and_keeps_the_visits(store_url):
    s = Store(store_url)
    try:
        migrate.upgrade(s.engine, "0003")
        with s.session() as session:
            session.add(_visit(reconcile_mismatches=[], reconciled_at=datetime(2026, 11, 28, 13)))
        with s.session() as session:
            session.add(
                AntreanJob(visit_id="2026/11/28/000001", task_id=1, payload={}, status="DONE")
            )
        migrate.downgrade(s.engine, "0002")
        columns = {c["name"] for c in inspect(s.engine).get_columns("visit_event")}
        assert not {"reconciled_at", "reconcile_mismatches"} & columns
        with s.session() as session:  # the visit and its job are still there
            assert session.scalar(select(func.count()).select_from(AntreanJob)) == 1
        migrate.upgrade(s.engine, "0003")
        with s.session() as session:
            visit = get_visit(session, "2026/11/28/000001")
            assert visit is not None and visit.reconciled_at is None
    finally:
        s.dispose()


def test_downgrade_removes_everything(store_url):
    s = Store(store_url)
    try:
        migrate.upgrade(s.engine)
        migrate.downgrade(s.engine, "base")
        assert not TABLES & set(inspect(s.engine).get_table_names())
        migrate.upgrade(s.engine)
        assert TABLES <= set(inspect(s.engine).get_table_names())
    finally:
        s.dispose()


def test_task_progress_defaults_to_empty_dict_and_round_trips(store):
    with store.session() as session:
        session.add(_visit())
    with store.session() as session:
        visit = get_visit(session, "2026/11/28/000001")
        assert visit.task_progress == {}
        assert visit.version == 1
        visit.task_progress = update_task_progress(
            visit.task_progress, 3, "DRAFT", waktu=1, source="x"
        )
    with store.session() as session:
        visit = get_visit(session, "2026/11/28/000001")
        assert visit.task_progress == {"3": {"status": "DRAFT", "waktu": 1, "source": "x"}}
        assert visit.version == 2


def test_visit_id_is_unique(store):
    with store.session() as session:
        session.add(_visit())
    with pytest.raises(IntegrityError), store.session() as session:
        session.add(_visit())


def test_job_unique_per_visit_and_task(store):
    with store.session() as session:
        session.add(_visit())
        session.flush()
        session.add(
            AntreanJob(visit_id="2026/11/28/000001", task_id=3, payload={}, status="PENDING")
        )
    with pytest.raises(IntegrityError), store.session() as session:
        session.add(
            AntreanJob(visit_id="2026/11/28/000001", task_id=3, payload={}, status="PENDING")
        )
    with store.session() as session:
        session.add(
            AntreanJob(visit_id="2026/11/28/000001", task_id=4, payload={}, status="PENDING")
        )
        session.add(
            SendAttempt(
                visit_id="2026/11/28/000001",
                task_id=4,
                endpoint="antrean/updatewaktu",
                outcome="SUCCESS",
            )
        )
        session.add(PollState(name="register"))
    with store.session() as session:
        assert len(session.scalars(select(AntreanJob)).all()) == 2


def test_concurrent_updates_of_different_keys_lose_nothing(store):
    with store.session() as session:
        session.add(_visit())
    rounds = 40

    def writer(task_id: int) -> None:
        for i in range(rounds):

            def change(visit, _session, i=i):
                entry = visit.task_progress.get(str(task_id), {})
                visit.task_progress = update_task_progress(
                    visit.task_progress, task_id, "DRAFT", count=entry.get("count", 0) + 1, last=i
                )

            modify_visit(store, "2026/11/28/000001", change)

    threads = [threading.Thread(target=writer, args=(t,)) for t in (3, 4, 5)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
        assert not t.is_alive()
    with store.session() as session:
        visit = get_visit(session, "2026/11/28/000001")
        for task in ("3", "4", "5"):
            assert visit.task_progress[task]["count"] == rounds, visit.task_progress
        assert visit.version == 1 + 3 * rounds
