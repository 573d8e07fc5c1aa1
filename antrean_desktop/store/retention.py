"""Retention: the store must not grow forever.

Two steps, each with its own age:
- Request and answer bodies older than ``[store] keep_days`` (never less than the 7-day sending
  window) are removed: of the BPJS calls (``send_attempt``), of finished jobs and the booking
  snapshot of old visits. The audit line itself (when, which task, HTTP status, BPJS code,
  outcome, duration), the job and the visit with its task times stay.
- Answered requests of viewer desks (``desk_command``) older than ``keep_days`` go too.
- Visits older than ``[store] keep_visits_days`` (default 400, never less than 31 so the 30-day
  trend stays whole; 0 keeps them for good) are removed with their jobs and audit lines.

Then the freed space is given back: SQLite ``VACUUM``, MariaDB/MySQL ``OPTIMIZE TABLE``, once
what was removed since the last compaction is a quarter of the store (compaction locks the store
while it runs, so it is not done for every small removal).

:func:`run_daily` does both at most once a day (the last run is kept in ``poll_state``, so a
restart or a second process does not repeat it); the pipeline calls it after each poll.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, tzinfo
from typing import Any

from sqlalchemy import delete, func, null, select, text, update
from sqlalchemy.exc import IntegrityError

from antrean_desktop.domain.task_states import MIN_KEEP_VISITS_DAYS, SEND_WINDOW_DAYS
from antrean_desktop.domain.tasks import JobStatus
from antrean_desktop.store.db import Store
from antrean_desktop.store.models import (
    AntreanJob,
    DeskCommand,
    PollState,
    SendAttempt,
    VisitEvent,
    utcnow,
)

log = logging.getLogger("antrean.store")

MIN_KEEP_DAYS = SEND_WINDOW_DAYS
#: what a removed visit gives back, about (its row, jobs, audit lines and their indexes once the
#: bodies are gone: tests/benchmarks/bench_growth.py measured ~2,000 bytes)
VISIT_BYTES = 2000
STATE_NAME = "retention"
RUN_EVERY = timedelta(days=1)
#: the store is compacted once the bodies removed since the last compaction reach this share
COMPACT_FREED_SHARE = 0.25
_BATCH = 5000


@dataclass(frozen=True)
class RetentionResult:
    bodies_removed: int
    bytes_freed: int
    compacted: bool
    seconds: float
    visits_removed: int = 0


def _clear_in_batches(
    store: Store, model: Any, size: Any, where: list[Any], values: dict[str, Any]
) -> tuple[int, int]:
    """Set ``values`` on the rows of ``model`` matching ``where``, a batch at a time (no lock
    held for long); return (rows, about how many bytes that freed)."""
    rows = freed = 0
    while True:
        with store.session() as session:
            batch = session.execute(
                select(model.id, size).where(*where).order_by(model.id).limit(_BATCH)
            ).all()
            if not batch:
                return rows, freed
            session.execute(
                update(model)
                .where(model.id.in_([row[0] for row in batch]))
                .values(**values)
                .execution_options(synchronize_session=False)
            )
        rows += len(batch)
        freed += sum(int(row[1] or 0) for row in batch)


def _length(*columns: Any) -> Any:
    total = func.coalesce(func.length(columns[0]), 0)
    for column in columns[1:]:
        total = total + func.coalesce(func.length(column), 0)
    return total


def _local_day(utc: datetime, tz: tzinfo) -> date:
    """The hospital's date at the naive UTC moment ``utc`` (the store keeps UTC)."""
    return utc.replace(tzinfo=UTC).astimezone(tz).date()


def remove_old_bodies(
    store: Store, keep_days: int, now: datetime | None = None, tz: tzinfo = UTC
) -> tuple[int, int]:
    """Clear the request and answer bodies older than ``keep_days`` (at least 7): of every BPJS
    call (``send_attempt``), of finished jobs (``antrean_job.payload``) and the booking snapshot
    of old visits (``visit_event.payload``; resending is over after 7 days). Return how many
    calls lost their bodies and about how many bytes were freed in all. A visit's day is aged on
    the hospital's clock (``tz``), as BPJS's sending window is."""
    cutoff = (now or utcnow()) - timedelta(days=max(keep_days, MIN_KEEP_DAYS))
    calls, freed = _clear_in_batches(
        store,
        SendAttempt,
        _length(SendAttempt.request_body, SendAttempt.bpjs_message),
        [
            SendAttempt.created_at < cutoff,
            SendAttempt.request_body.is_not(None) | SendAttempt.bpjs_message.is_not(None),
        ],
        {"request_body": null(), "bpjs_message": None},  # SQL NULL, not JSON 'null'
    )
    _jobs, job_bytes = _clear_in_batches(
        store,
        AntreanJob,
        _length(AntreanJob.payload),
        [
            AntreanJob.updated_at < cutoff,
            AntreanJob.status.in_((JobStatus.DONE.value, JobStatus.FAILED.value)),
            func.length(AntreanJob.payload) > 2,
        ],
        {"payload": {}},
    )
    _visits, visit_bytes = _clear_in_batches(
        store,
        VisitEvent,
        _length(VisitEvent.payload),
        [
            VisitEvent.visit_date < _local_day(cutoff, tz),
            VisitEvent.updated_at < cutoff,  # a past day synced now is still being worked on
            VisitEvent.payload.is_not(None),
        ],
        # the version moves on, so a writer holding the old row notices (optimistic locking);
        # updated_at stays: clearing a snapshot is not work on the visit (see remove_old_visits)
        {
            "payload": null(),
            "version": VisitEvent.version + 1,
            "updated_at": VisitEvent.updated_at,
        },
    )
    return calls, freed + job_bytes + visit_bytes


def remove_old_visits(
    store: Store, keep_visits_days: int, now: datetime | None = None, tz: tzinfo = UTC
) -> tuple[int, int]:
    """Remove the visits of days older than ``keep_visits_days`` (at least 31; 0 keeps every
    visit) with their jobs and their BPJS calls' audit lines, and the audit lines of calls for
    no visit (probes) as old. A visit written to lately (``sync --date`` of an old day) stays
    until it too is old. The age of a day is counted on the hospital's clock (``tz``): at 00:05
    WIB it is already the next day, though UTC still says yesterday. Return (visits removed,
    about how many bytes that freed)."""
    if keep_visits_days <= 0:
        return 0, 0
    cutoff = (now or utcnow()) - timedelta(days=max(keep_visits_days, MIN_KEEP_VISITS_DAYS))
    cutoff_day = _local_day(cutoff, tz)
    visits = 0
    while True:
        with store.session() as session:
            ids = list(
                session.scalars(
                    select(VisitEvent.visit_id)
                    .where(VisitEvent.visit_date < cutoff_day, VisitEvent.updated_at < cutoff)
                    .order_by(VisitEvent.id)
                    .limit(_BATCH)
                )
            )
            if not ids:
                break
            for model in (SendAttempt, AntreanJob, VisitEvent):  # children first
                session.execute(
                    delete(model)
                    .where(model.visit_id.in_(ids))
                    .execution_options(synchronize_session=False)
                )
        visits += len(ids)
    while True:  # calls that belong to no visit (probes, reconciliation) as old
        with store.session() as session:
            ids = list(
                session.scalars(
                    select(SendAttempt.id)
                    .where(SendAttempt.visit_id.is_(None), SendAttempt.created_at < cutoff)
                    .limit(_BATCH)
                )
            )
            if not ids:
                break
            session.execute(
                delete(SendAttempt)
                .where(SendAttempt.id.in_(ids))
                .execution_options(synchronize_session=False)
            )
    return visits, visits * VISIT_BYTES


def remove_old_requests(store: Store, keep_days: int, now: datetime | None = None) -> int:
    """Viewer desks' requests answered more than ``keep_days`` ago (a few a day; the log has
    each one): how many were removed."""
    cutoff = (now or utcnow()) - timedelta(days=max(keep_days, MIN_KEEP_DAYS))
    with store.session() as session:
        return session.execute(
            delete(DeskCommand)
            .where(DeskCommand.done_at.is_not(None), DeskCommand.done_at < cutoff)
            .execution_options(synchronize_session=False)
        ).rowcount


def store_bytes(store: Store) -> int:
    """The size of the store's data (SQLite: the file; MariaDB: tables and indexes)."""
    with store.engine.connect() as conn:
        if store.engine.dialect.name == "sqlite":
            pages = conn.exec_driver_sql("PRAGMA page_count").scalar() or 0
            return int(pages) * int(conn.exec_driver_sql("PRAGMA page_size").scalar() or 0)
        return int(
            conn.execute(
                text(
                    "SELECT COALESCE(SUM(data_length + index_length), 0) "
                    "FROM information_schema.tables WHERE table_schema = DATABASE()"
                )
            ).scalar()
            or 0
        )


def compact(store: Store) -> None:
    """Give freed space back to the disk (SQLite VACUUM, MariaDB/MySQL OPTIMIZE TABLE)."""
    engine = store.engine
    if engine.dialect.name == "sqlite":
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.exec_driver_sql("VACUUM")
            conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    else:
        with engine.connect() as conn:
            conn.execute(text("OPTIMIZE TABLE send_attempt, antrean_job, visit_event")).fetchall()


def apply_retention(
    store: Store,
    keep_days: int,
    now: datetime | None = None,
    freed_before: int = 0,
    keep_visits_days: int = 0,
    tz: tzinfo = UTC,
) -> RetentionResult:
    """Remove old bodies and old visits; compact when what was freed (now and since the last
    compaction, ``freed_before``) is at least a quarter of the store."""
    started = time.monotonic()
    visits, visit_bytes = remove_old_visits(store, keep_visits_days, now, tz)
    removed, freed = remove_old_bodies(store, keep_days, now, tz)
    remove_old_requests(store, keep_days, now)
    freed += visit_bytes
    pending = freed_before + freed
    compacted = False
    if pending and pending >= COMPACT_FREED_SHARE * store_bytes(store):
        compact(store)
        compacted = True
    result = RetentionResult(
        removed,
        pending if not compacted else 0,
        compacted,
        round(time.monotonic() - started, 3),
        visits,
    )
    if removed or visits or compacted:
        log.info(
            "Retention: removed the bodies of %d BPJS calls older than %d days and %d visits "
            "older than %s (%d kB)%s (%.1f s)",
            removed,
            max(keep_days, MIN_KEEP_DAYS),
            visits,
            f"{max(keep_visits_days, MIN_KEEP_VISITS_DAYS)} days" if keep_visits_days else "ever",
            freed // 1024,
            "; store compacted" if compacted else "",
            result.seconds,
        )
    return result


def run_daily(
    store: Store,
    keep_days: int,
    now: datetime | None = None,
    keep_visits_days: int = 0,
    tz: tzinfo = UTC,
) -> RetentionResult | None:
    """Apply retention if it did not run in the last day; None when it was not due. The bytes
    freed but not yet compacted are carried in ``poll_state`` until a compaction is worth it."""
    now = now or utcnow()
    with store.session() as session:
        state = session.get(PollState, STATE_NAME)
        last = state.last_ok_at if state is not None else None
        carried = int(state.cursor or 0) if state is not None and state.cursor else 0
    if last is not None and now - last < RUN_EVERY and now >= last:
        return None
    result = apply_retention(
        store, keep_days, now, freed_before=carried, keep_visits_days=keep_visits_days, tz=tz
    )
    try:
        with store.session() as session:
            state = session.get(PollState, STATE_NAME) or PollState(name=STATE_NAME)
            state.last_run_at = state.last_ok_at = now
            state.rows_seen = result.bodies_removed
            state.cursor = str(result.bytes_freed)
            session.add(state)
    except IntegrityError:  # another process ran it at the same moment and recorded it
        pass
    return result
