"""One sending desk on a shared store: the desk lease (``desk_lease``, one row "sender").

Several PCs may share one MariaDB store. Only the desk holding the lease polls Khanza, builds,
sends, reconciles and prunes; every other desk is a viewer that reads the store. The holder
beats (``heartbeat_at``, the store server's UTC clock, so the PCs' clocks do not matter); a
viewer takes over when the heartbeat is older than ``[store] takeover_seconds`` and adds one to
``generation``. At a takeover, every job still SENDING (leased by the silent desk) is free at
once.

Fencing: every write of the sending pipeline goes through :meth:`DeskLease.fenced` -- a store
whose commits first read the lease row with ``FOR UPDATE`` and raise :class:`LeaseLost` (the
transaction is rolled back) when the generation is no longer ours. So a desk that was paused or
cut off and comes back writes nothing, and its late results never overwrite the new holder's.
Before any store round trip, a desk whose last good heartbeat began ``takeover_seconds`` ago
(paused, cut off) no longer counts itself active (:attr:`DeskLease.held`).

A desk frozen inside a transaction (paused between the fence's ``FOR UPDATE`` and its commit)
keeps the lease row locked, and the takeover would wait for it for ever. The lease and the
fenced store therefore use connections of their own on which MariaDB ends a transaction left
idle for ``takeover_seconds`` (``idle_transaction_timeout``: the frozen desk's connection is
closed and its transaction rolled back) and a lock is waited for at most as long.

A SQLite store is one desk's file: the lease is not used and that desk is always active.
"""

from __future__ import annotations

import copy
import logging
import math
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import event, func, select, update
from sqlalchemy.exc import IntegrityError, SQLAlchemyError
from sqlalchemy.orm import Session

from antrean_desktop.domain.tasks import JobStatus
from antrean_desktop.store.db import Store
from antrean_desktop.store.models import AntreanJob, utcnow
from antrean_desktop.store.models import DeskLease as LeaseRow

log = logging.getLogger("antrean.desk")

SENDER = "sender"
#: the heartbeat a desk writes when it gives the lease up (a clean stop, not a silent desk)
RELEASED_AT = datetime(2000, 1, 1)


class LeaseLost(RuntimeError):
    """This desk no longer holds the desk lease: the write was not made."""


def is_shared(store: Store) -> bool:
    """A store other desks can use too (MariaDB/MySQL); a SQLite file is one desk's."""
    return store.engine.dialect.name != "sqlite"


def server_now(session: Session) -> datetime:
    """The store server's UTC time (naive): one clock for every desk."""
    if session.get_bind().dialect.name == "sqlite":
        return utcnow()
    value = session.scalar(select(func.utc_timestamp()))
    return value.replace(microsecond=0)


@dataclass(frozen=True)
class Holder:
    """Who sends: the lease row as the store has it now."""

    desk: str
    process: str
    generation: int
    heartbeat_at: datetime  # naive UTC (the store server's clock)
    since: datetime
    age_seconds: float  # how long ago the last heartbeat was (store server's clock)


def read_holder(store: Store) -> Holder | None:
    """The lease row, or None when no desk ever sent (or the store is one desk's SQLite)."""
    with store.session() as session:
        row = session.get(LeaseRow, SENDER)
        if row is None:
            return None
        now = server_now(session)
        return Holder(
            row.desk,
            row.process,
            int(row.generation),
            row.heartbeat_at,
            row.since,
            max(0.0, (now - row.heartbeat_at).total_seconds()),
        )


def _lease_store(store: Store, seconds: float) -> Store:
    """A store on connections of the lease's own: a transaction idle (its desk frozen) for
    ``seconds`` is ended by the server, and a lock is waited for at most that long."""
    own = Store(store.url)
    wait = max(1, math.ceil(seconds))

    @event.listens_for(own.engine, "connect")
    def _short_waits(dbapi_conn, _record) -> None:
        cur = dbapi_conn.cursor()
        for variable in ("idle_transaction_timeout", "innodb_lock_wait_timeout"):
            try:
                cur.execute(f"SET SESSION {variable} = {wait}")
            except Exception:  # MySQL has no idle_transaction_timeout
                log.debug("desk lease: %s not set", variable, exc_info=True)
        cur.close()

    return own


class DeskLease:
    """This desk's side of the lease; thread-safe.

    ``viewer_only=True`` (or :meth:`force_viewer` later) keeps the desk a viewer whatever the
    lease says: start-up uses it when this program must not send (e.g. the store was migrated
    by a newer program).
    """

    def __init__(
        self,
        store: Store,
        desk: str,
        process: str,
        takeover_seconds: float,
        *,
        viewer_only: bool = False,
        mono: Callable[[], float] = time.monotonic,
    ) -> None:
        self.store = store
        self.desk = desk[:60]
        self.process = process[:80]
        self.takeover_seconds = float(takeover_seconds)
        self.shared = is_shared(store)
        self.mono = mono
        self.viewer_reason: str | None = "viewer_only" if viewer_only else None
        self._lock = threading.Lock()
        self.generation: int | None = None if self.shared else 0
        #: when (``mono``) the last heartbeat that kept or took the lease began
        self.last_beat: float | None = None
        #: the lease's and the fenced store's own connections (short waits, see the module)
        self._own = _lease_store(store, self.takeover_seconds) if self.shared else store
        #: the store's error at the last heartbeat (None: it answered)
        self.store_error: SQLAlchemyError | None = None
        #: called (outside the lock) with True when this desk became active, False when it lost
        self.on_change: Callable[[bool], None] | None = None

    # --- state -------------------------------------------------------------------------------

    @property
    def held(self) -> bool:
        """This desk sends (as far as it knows; the fence has the last word): it holds the
        lease and its last good heartbeat began less than ``takeover_seconds`` ago -- after
        that, another desk may have taken over while this one was paused or cut off."""
        if self.viewer_reason is not None or self.generation is None:
            return False
        if not self.shared:
            return True
        began = self.last_beat
        return began is not None and self.mono() - began < self.takeover_seconds

    def force_viewer(self, reason: str = "viewer_only") -> None:
        """From now on never send (and give the lease up if held)."""
        with self._lock:
            self.viewer_reason = reason
        self.release()

    # --- heartbeat and takeover --------------------------------------------------------------

    def beat(self) -> bool:
        """Keep the lease, or take it when free or silent; True when this desk is active now."""
        if self.viewer_reason is not None:
            return False
        if not self.shared:
            self.last_beat = self.mono()
            return True
        changed: bool | None = None
        with self._lock:
            was = self.generation
            began = self.mono()
            try:
                self.generation = self._beat_or_take()
            except SQLAlchemyError as exc:  # the store is down: the driver tells it
                log.debug("desk lease: %s", type(exc).__name__)
                self.store_error = exc
                return self.held
            self.store_error = None
            if self.generation is not None:
                self.last_beat = began
            if (was is None) != (self.generation is None):
                changed = self.generation is not None
        if changed is not None and self.on_change is not None:
            self.on_change(changed)
        return self.held

    def _beat_or_take(self) -> int | None:
        with self._own.session() as session:
            if self.generation is not None:
                kept = session.execute(
                    update(LeaseRow)
                    .where(
                        LeaseRow.name == SENDER,
                        LeaseRow.generation == self.generation,
                        LeaseRow.process == self.process,
                    )
                    .values(heartbeat_at=func.utc_timestamp())
                    .execution_options(synchronize_session=False)
                ).rowcount
                if kept == 1:
                    return self.generation
                log.warning(
                    "Another desk sends now (desk lease generation %s lost); this desk only shows "
                    "the store",
                    self.generation,
                )
                return None
            row = session.get(LeaseRow, SENDER)
            now = server_now(session)
            if row is None:
                try:
                    with session.begin_nested():  # a savepoint: the session stays usable
                        session.add(
                            LeaseRow(
                                name=SENDER,
                                desk=self.desk,
                                process=self.process,
                                generation=1,
                                heartbeat_at=now,
                                since=now,
                            )
                        )
                except IntegrityError:  # another desk was first
                    return None
                generation, before = 1, None
            else:
                silent = (now - row.heartbeat_at).total_seconds()
                if silent <= self.takeover_seconds:
                    return None
                generation, before = int(row.generation) + 1, (row.desk, silent)
                took = session.execute(
                    update(LeaseRow)
                    .where(LeaseRow.name == SENDER, LeaseRow.generation == row.generation)
                    .values(
                        desk=self.desk,
                        process=self.process,
                        generation=generation,
                        heartbeat_at=now,
                        since=now,
                    )
                    .execution_options(synchronize_session=False)
                ).rowcount
                if took != 1:
                    return None
            # in the same transaction: the lease is taken with the jobs freed, or neither
            freed = _free_jobs(session, now)
        if before is None:
            log.info("This desk sends to BPJS (desk lease generation %s)", generation)
        else:
            log.warning(
                "This desk sends to BPJS now: %s was silent for %.0f s (generation %s); "
                "%d job(s) it was sending are free",
                before[0],
                before[1],
                generation,
                freed,
            )
        return generation

    def release(self) -> None:
        """A clean stop: give the lease up so a viewer takes over at its next beat."""
        with self._lock:
            generation, self.generation = self.generation, (None if self.shared else 0)
            if not self.shared or generation is None:
                return
            try:
                with self._own.session() as session:
                    session.execute(
                        update(LeaseRow)
                        .where(LeaseRow.name == SENDER, LeaseRow.generation == generation)
                        .values(heartbeat_at=RELEASED_AT)
                        .execution_options(synchronize_session=False)
                    )
            except SQLAlchemyError:
                log.debug("desk lease not released (the store fails)", exc_info=True)

    # --- fencing -----------------------------------------------------------------------------

    def check(self, session: Session) -> None:
        """Raise :class:`LeaseLost` unless this desk still holds the lease (inside ``session``'s
        transaction, locking the lease row until it commits)."""
        generation = self.generation
        if self.viewer_reason is not None or generation is None:
            raise LeaseLost("this desk does not send")
        if not self.shared:
            return
        row = session.execute(
            select(LeaseRow.generation, LeaseRow.process)
            .where(LeaseRow.name == SENDER)
            .with_for_update()
        ).one_or_none()
        if row is None or int(row.generation) != generation or row.process != self.process:
            with self._lock:  # several send threads may find it at once: one tells it
                first = self.generation == generation
                if first:
                    self.generation = None
            if first:
                log.warning("Desk lease generation %s was lost; this write is dropped", generation)
                if self.on_change is not None:
                    self.on_change(False)
            raise LeaseLost(f"desk lease generation {generation} lost")

    def fenced(self) -> Store:
        """The store the sending pipeline writes through: each write transaction is checked."""
        fenced = copy.copy(self._own)
        fenced.fence = self.check
        return fenced

    def close(self) -> None:
        """Close the lease's own connections (after :meth:`release`)."""
        if self._own is not self.store:
            self._own.dispose()


def _free_jobs(session: Session, now: datetime) -> int:
    """Jobs the previous holder was sending are due now (the taker has nothing in flight).

    Each keeps its own due time when that is earlier (it was due when it was claimed): the
    taker claims by its PC's clock, which may be behind the store server's."""
    return session.execute(
        update(AntreanJob)
        .where(AntreanJob.status == JobStatus.SENDING.value)
        .values(
            status=JobStatus.PENDING.value,
            lease_owner=None,
            lease_expires_at=None,
            next_attempt_at=func.least(AntreanJob.next_attempt_at, now - timedelta(seconds=1)),
        )
        .execution_options(synchronize_session=False)
    ).rowcount
