"""Retention on a store with old rows: bodies older than keep_days go, the audit stays, the
space is given back, and the daily job runs once a day."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from sqlalchemy import func, select

from antrean_desktop.store import migrate
from antrean_desktop.store.db import Store
from antrean_desktop.store.models import SendAttempt, utcnow
from antrean_desktop.store.retention import apply_retention, compact, run_daily

NOW = datetime(2026, 11, 28, 12, 0, 0)
BODY = {"kodebooking": "2026/11/28/000001", "nik": "3171000000000001", "pad": "x" * 2000}


def _fill(store: Store, ages_days: list[float], per_age: int = 1) -> None:
    with store.session() as session:
        for age in ages_days:
            for i in range(per_age):
                session.add(
                    SendAttempt(
                        visit_id=f"v{age}-{i}",
                        task_id=1,
                        endpoint="antrean/add",
                        request_body=BODY,
                        http_status=200,
                        bpjs_code=200,
                        bpjs_message="Ok.",
                        outcome="SUCCESS",
                        duration_ms=40,
                        created_at=NOW - timedelta(days=age),
                    )
                )


def _rows(store: Store) -> list[SendAttempt]:
    with store.session() as session:
        return list(session.scalars(select(SendAttempt).order_by(SendAttempt.id)))


def test_bodies_older_than_keep_days_are_removed_and_the_audit_stays(store):
    _fill(store, [200, 91, 89, 8, 0])
    result = apply_retention(store, keep_days=90, now=NOW)
    assert result.bodies_removed == 2
    rows = _rows(store)
    assert len(rows) == 5  # every call is still audited
    by_age = {round((NOW - r.created_at).days): r for r in rows}
    for age in (200, 91):
        assert by_age[age].request_body is None and by_age[age].bpjs_message is None
        assert by_age[age].http_status == 200 and by_age[age].outcome == "SUCCESS"
    for age in (89, 8, 0):
        assert by_age[age].request_body == BODY and by_age[age].bpjs_message == "Ok."
    assert apply_retention(store, keep_days=90, now=NOW).bodies_removed == 0


def test_keep_days_never_below_the_sending_window(store):
    _fill(store, [8, 6.9, 1])
    assert apply_retention(store, keep_days=1, now=NOW).bodies_removed == 1
    kept = [r for r in _rows(store) if r.request_body is not None]
    assert len(kept) == 2


def test_daily_job_runs_once_a_day(store):
    _fill(store, [100])
    first = run_daily(store, 90, now=NOW)
    assert first is not None and first.bodies_removed == 1
    _fill(store, [100])
    assert run_daily(store, 90, now=NOW + timedelta(hours=23)) is None
    later = run_daily(store, 90, now=NOW + timedelta(hours=25))
    assert later is not None and later.bodies_removed == 1
    # a clock set back does not stop retention for good
    assert run_daily(store, 90, now=NOW - timedelta(days=3)) is not None


def test_sqlite_file_shrinks_after_retention(tmp_path):
    path = tmp_path / "antrean.db"
    store = Store(f"sqlite:///{path.as_posix()}")
    try:
        migrate.upgrade(store.engine)
        _fill(store, [120, 100, 2], per_age=1000)  # two thirds of the calls are old
        compact(store)
        before = path.stat().st_size
        result = apply_retention(store, keep_days=90, now=NOW)
        assert result.bodies_removed == 2000 and result.compacted and result.bytes_freed == 0
        after = path.stat().st_size
        assert after < before * 0.5, (before, after)
        with store.session() as session:
            assert session.scalar(select(func.count()).select_from(SendAttempt)) == 3000
    finally:
        store.dispose()


def test_small_removals_are_carried_until_compaction_is_worth_it(store):
    _fill(store, [2], per_age=40)
    _fill(store, [100])
    first = run_daily(store, 90, now=NOW)
    assert first is not None and first.bodies_removed == 1 and not first.compacted
    assert first.bytes_freed > 2000  # carried to the next run
    _fill(store, [100], per_age=120)  # the freed share of the store decides, not a count
    second = run_daily(store, 90, now=NOW + timedelta(days=1))
    assert second is not None and second.bodies_removed == 120 and second.compacted
    assert second.bytes_freed == 0


def test_the_pipeline_runs_retention_after_a_poll(tmp_path, khanza_db):
    """The daily hook: a real poll of (an empty day in) Khanza, then retention of old rows."""
    from antrean_desktop.config import Config, KhanzaConfig, StoreConfig
    from antrean_desktop.pipeline.service import Pipeline
    from antrean_desktop.store.models import PollState

    url = f"sqlite:///{(tmp_path / 'antrean.db').as_posix()}"
    config = Config(khanza=KhanzaConfig(url=khanza_db), store=StoreConfig(url=url, keep_days=30))
    store = Store(url)
    migrate.upgrade(store.engine)
    now = utcnow()
    _fill(store, [(NOW - now).days + 40, (NOW - now).days + 10])
    pipeline = Pipeline(config, store)
    try:
        pipeline.poll(now.date())
        old, recent = _rows(store)
        assert old.request_body is None and recent.request_body == BODY
        with store.session() as session:
            assert session.get(PollState, "retention").rows_seen == 1
        _fill(store, [(NOW - now).days + 40])
        pipeline.poll(now.date())  # not due again within the day
        assert _rows(store)[-1].request_body == BODY
    finally:
        pipeline.close()
        store.dispose()


def _visit_with_work(
    store: Store, visit_id: str, day, calls: int = 2, touched=None, job: str = "DONE"
) -> None:
    """A visit of ``day`` with one job in state ``job`` and ``calls`` audited BPJS calls."""
    from antrean_desktop.store.models import AntreanJob, VisitEvent

    at = touched or datetime.combine(day, datetime.min.time())
    with store.session() as session:
        session.add(
            VisitEvent(
                visit_id=visit_id,
                kodebooking=visit_id,
                visit_date=day,
                status="SENT_BPJS",
                payload=BODY,
                task_progress={"1": {"status": "SENT_BPJS"}},
                updated_at=at,
            )
        )
        session.flush()
        row = AntreanJob(visit_id=visit_id, task_id=1, payload=BODY, status=job, updated_at=at)
        session.add(row)
        session.flush()
        for _ in range(calls):
            session.add(
                SendAttempt(
                    job_id=row.id,
                    visit_id=visit_id,
                    task_id=1,
                    endpoint="antrean/add",
                    request_body=BODY,
                    http_status=200,
                    outcome="SUCCESS",
                    created_at=at,
                )
            )


def _visit_ids(store: Store) -> dict[str, tuple[int, int]]:
    """visit id -> (its jobs, its audited calls)."""
    from antrean_desktop.store.models import AntreanJob, VisitEvent

    with store.session() as session:
        return {
            v: (
                session.scalar(select(func.count()).where(AntreanJob.visit_id == v)),
                session.scalar(select(func.count()).where(SendAttempt.visit_id == v)),
            )
            for v in session.scalars(select(VisitEvent.visit_id))
        }


def test_old_job_payloads_and_booking_snapshots_are_cleared_too(store):
    from antrean_desktop.store.models import AntreanJob, VisitEvent

    for visit_id, day, status in (
        ("old", NOW.date() - timedelta(days=120), "DONE"),
        ("old-pending", NOW.date() - timedelta(days=120), "PENDING"),
        ("new", NOW.date() - timedelta(days=3), "DONE"),
    ):
        _visit_with_work(store, visit_id, day, calls=0, job=status)
    result = apply_retention(store, keep_days=90, now=NOW)
    assert result.bodies_removed == 0  # no BPJS call in this store
    with store.session() as session:
        visits = {v.visit_id: v for v in session.scalars(select(VisitEvent))}
        jobs = {j.visit_id: j for j in session.scalars(select(AntreanJob))}
    assert visits["old"].payload is None and visits["old-pending"].payload is None
    assert visits["new"].payload == BODY
    assert visits["old"].task_progress == {"1": {"status": "SENT_BPJS"}}  # the times stay
    assert jobs["old"].payload == {} and jobs["old"].status == "DONE"
    assert jobs["old-pending"].payload == BODY  # unfinished work keeps what it will send
    assert jobs["new"].payload == BODY
    # a day far in the past synced just now (sync --date) keeps its booking snapshot
    with store.session() as session:
        session.add(
            VisitEvent(
                visit_id="old-day-synced-now",
                kodebooking="x",
                visit_date=NOW.date() - timedelta(days=200),
                status="READY_BPJS",
                payload=BODY,
                task_progress={},
                updated_at=NOW,
            )
        )
    apply_retention(store, keep_days=90, now=NOW)
    with store.session() as session:
        assert session.get(VisitEvent, visits["old"].id).payload is None
        kept = session.scalar(select(VisitEvent).where(VisitEvent.visit_id == "old-day-synced-now"))
        assert kept.payload == BODY


def test_visits_older_than_keep_visits_days_go_with_their_jobs_and_calls(store):
    from antrean_desktop.store.models import VisitEvent

    today = NOW.date()
    _visit_with_work(store, "old", today - timedelta(days=401))
    _visit_with_work(store, "year", today - timedelta(days=399))
    _visit_with_work(store, "new", today - timedelta(days=2))
    # an old day synced again lately (sync --date) stays until it is old itself
    _visit_with_work(store, "old-synced-now", today - timedelta(days=500), touched=NOW)
    with store.session() as session:  # a probe: a call for no visit
        session.add(SendAttempt(visit_id=None, task_id=None, endpoint="ref/poli", outcome="AUTH",
                                created_at=NOW - timedelta(days=401)))  # fmt: skip
    result = apply_retention(store, keep_days=90, now=NOW, keep_visits_days=400)
    assert result.visits_removed == 1
    assert _visit_ids(store) == {"year": (1, 2), "new": (1, 2), "old-synced-now": (1, 2)}
    with store.session() as session:  # clearing its snapshot is not work on the visit
        year = session.scalar(select(VisitEvent).where(VisitEvent.visit_id == "year"))
        assert year.payload is None
        assert year.updated_at == datetime.combine(today - timedelta(days=399), datetime.min.time())
    with store.session() as session:
        assert session.scalar(select(func.count()).where(SendAttempt.visit_id.is_(None))) == 0
    assert apply_retention(store, 90, now=NOW, keep_visits_days=400).visits_removed == 0


def test_the_age_of_a_day_is_counted_on_the_hospitals_clock(store):
    """00:05 WIB on New Year's Day is 17:05 UTC on New Year's Eve: the 31 days kept end on the
    hospital's date, not UTC's (which still says 31 December)."""
    from zoneinfo import ZoneInfo

    wib = ZoneInfo("Asia/Jakarta")
    now = datetime(2027, 1, 1, 0, 5, tzinfo=wib).astimezone(UTC).replace(tzinfo=None)
    assert now.date() == date(2026, 12, 31)
    _visit_with_work(store, "32-days", date(2026, 11, 30))
    _visit_with_work(store, "31-days", date(2026, 12, 1))
    assert apply_retention(store, 90, now=now, keep_visits_days=31).visits_removed == 0
    assert apply_retention(store, 90, now=now, keep_visits_days=31, tz=wib).visits_removed == 1
    assert set(_visit_ids(store)) == {"31-days"}


def test_keep_visits_days_zero_keeps_every_visit_and_never_less_than_a_month(store):
    today = NOW.date()
    for age in (3000, 40, 30):
        _visit_with_work(store, f"age{age}", today - timedelta(days=age))
    assert apply_retention(store, 90, now=NOW, keep_visits_days=0).visits_removed == 0
    assert len(_visit_ids(store)) == 3
    # asked for 5 days, keeps 31: the dashboard's 30-day trend stays whole
    assert apply_retention(store, 90, now=NOW, keep_visits_days=5).visits_removed == 2
    assert set(_visit_ids(store)) == {"age30"}


def test_the_pipeline_removes_old_visits_by_the_configured_age(tmp_path, khanza_db):
    from antrean_desktop.config import Config, KhanzaConfig, StoreConfig
    from antrean_desktop.pipeline.service import Pipeline

    url = f"sqlite:///{(tmp_path / 'antrean.db').as_posix()}"
    config = Config(
        khanza=KhanzaConfig(url=khanza_db), store=StoreConfig(url=url, keep_visits_days=60)
    )
    store = Store(url)
    migrate.upgrade(store.engine)
    now = utcnow()
    _visit_with_work(store, "61-days", now.date() - timedelta(days=61))
    _visit_with_work(store, "59-days", now.date() - timedelta(days=59))
    pipeline = Pipeline(config, store)
    try:
        pipeline.poll(now.date())
        assert set(_visit_ids(store)) == {"59-days"}
    finally:
        pipeline.close()
        store.dispose()


def test_answered_desk_requests_older_than_keep_days_are_removed(store):
    from antrean_desktop.store.desk_requests import RESEND, answer, ask, waiting
    from antrean_desktop.store.models import DeskCommand

    old, fresh, open_one = (ask(store, RESEND, "LOKET-1", visit_id=f"v{i}") for i in range(3))
    answer(store, old, "LOKET-2", "1")
    answer(store, fresh, "LOKET-2", "0")
    with store.session() as session:  # answered 91 and 89 days before NOW
        session.get(DeskCommand, old).done_at = NOW - timedelta(days=91)
        session.get(DeskCommand, fresh).done_at = NOW - timedelta(days=89)
        session.get(DeskCommand, open_one).requested_at = NOW - timedelta(days=200)
    apply_retention(store, keep_days=90, now=NOW)
    with store.session() as session:
        left = sorted(session.scalars(select(DeskCommand.id)))
    assert left == sorted([fresh, open_one])  # one not answered yet waits for its desk
    assert [r.id for r in waiting(store)] == [open_one]
