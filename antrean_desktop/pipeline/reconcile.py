"""Reconciliation: ask BPJS what it has recorded for a day and compare it with the store.

One ``antrean/pendaftaran/tanggal/{date}`` call for the day, then one ``antrean/getlisttask`` per
booking (ours that were sent, and every booking BPJS lists), spaced by ``[reconcile]
calls_per_second``. It runs only while nothing waits to be sent, and stops as soon as something
does (the sending comes first). The comparison itself is ``domain.reconcile``; each visit keeps
the time of its last reconciliation and what differed. No Qt here.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import select

from antrean_desktop.bpjs import BpjsClient, BpjsResult, Outcome
from antrean_desktop.bpjs.ratelimit import RateLimiter
from antrean_desktop.config import Config
from antrean_desktop.domain.reconcile import (
    BpjsBooking,
    Mismatch,
    MismatchKind,
    OurBooking,
    compare,
    fixable,
)
from antrean_desktop.domain.tasks import JobStatus
from antrean_desktop.domain.words import Said, Text
from antrean_desktop.store import queries
from antrean_desktop.store.db import Store
from antrean_desktop.store.models import AntreanJob, PollState, VisitEvent, utcnow
from antrean_desktop.store.visits import modify_visit

log = logging.getLogger("antrean.reconcile")

#: ``poll_state`` row that remembers the last reconciliation run
STATE = "reconcile"


class ReconcileError(Said, RuntimeError):
    """Reconciliation could not finish; the message says why in one line."""


class QueueNotEmpty(ReconcileError):
    """Jobs wait to be sent: reconciliation waits for them."""


class ReconcileStopped(ReconcileError):
    """The program is stopping."""


JOBS_WAITING = Text(
    "{waiting} task menunggu dikirim ke BPJS; rekonsiliasi setelah semuanya terkirim",
    "{waiting} job(s) wait to be sent to BPJS; reconcile once they are sent",
)
STOPPED = Text("berhenti sebelum rekonsiliasi selesai", "stopped before reconciliation finished")
BPJS_UNREAD = Text("BPJS {what}: {outcome}: {message}", "BPJS {what}: {outcome}: {message}")


@dataclass
class ReconcileReport:
    day: date
    checked: int = 0
    mismatches: list[Mismatch] = field(default_factory=list)
    fixed: int = 0
    calls: int = 0

    def to_json(self) -> dict[str, Any]:
        return {
            "date": self.day.isoformat(),
            "checked": self.checked,
            "mismatches": [m.to_json() for m in self.mismatches],
            "fixed": self.fixed,
        }

    def fixable(self, today: date) -> list[Mismatch]:
        return [m for m in self.mismatches if fixable(m, self.day, today)]


class Reconciler:
    def __init__(
        self,
        store: Store,
        client: BpjsClient,
        config: Config,
        *,
        limiter: RateLimiter | None = None,
        should_stop: Callable[[], bool] = lambda: False,
    ) -> None:
        self.store = store
        self.client = client
        self.config = config
        self.limiter = limiter or RateLimiter(config.reconcile.calls_per_second)
        self.should_stop = should_stop
        self.calls = 0

    # --- reading BPJS, politely ------------------------------------------------------------

    def _call(self, fn: Callable[..., BpjsResult], *args: Any) -> BpjsResult:
        waiting = queries.queue_depth(self.store)
        if waiting:
            raise QueueNotEmpty(JOBS_WAITING, waiting=waiting)
        if self.should_stop() or not self.limiter.wait() or self.should_stop():
            raise ReconcileStopped(STOPPED)
        self.calls += 1
        try:
            return fn(*args)
        finally:
            self.limiter.done()

    def _failed(self, what: str, result: BpjsResult) -> ReconcileError:
        return ReconcileError(
            BPJS_UNREAD, what=what, outcome=result.outcome.value, message=result.message
        )

    # --- one day ----------------------------------------------------------------------------

    def reconcile_day(self, day: date) -> ReconcileReport:
        """Compare ``day`` with BPJS and record the outcome on every visit that was checked."""
        ours = {
            v.kodebooking: OurBooking.from_progress(
                v.visit_id, v.kodebooking, v.visit_date, v.status, v.task_progress
            )
            for v in queries.day_visits(self.store, day)
        }
        listed_answer = self._call(self.client.pendaftaran_tanggal, day.isoformat())
        if not listed_answer.ok:
            raise self._failed(f"antrean/pendaftaran/tanggal/{day.isoformat()}", listed_answer)
        listed = {
            str(row["kodebooking"]): row
            for row in listed_answer.data or []
            if isinstance(row, dict) and row.get("kodebooking")
        }
        wanted = sorted({k for k, o in ours.items() if o.booking_sent} | set(listed))
        report = ReconcileReport(day)
        tracked = self.config.hospital.tasks
        for kode in wanted:
            theirs = self._bpjs_booking(kode, listed.get(kode))
            report.mismatches.extend(compare(ours.get(kode), theirs, tracked))
        report.checked = len(wanted)
        report.calls = self.calls
        self._record(report, [ours[k].visit_id for k in wanted if k in ours])
        log.info(
            "Reconciled %s: %d booking(s) checked, %d mismatch(es), %d call(s)",
            day.isoformat(),
            report.checked,
            len(report.mismatches),
            report.calls,
        )
        return report

    def _bpjs_booking(self, kode: str, listed: dict[str, Any] | None) -> BpjsBooking | None:
        answer = self._call(self.client.get_list_task, kode)
        if answer.ok:
            return BpjsBooking.from_answers(kode, listed, answer.data or [])
        if answer.outcome is Outcome.NEEDS_PREDECESSOR and answer.missing_task == 1:
            # "Kode Booking tidak ditemukan": BPJS has no such booking (unless it lists it)
            return BpjsBooking.from_answers(kode, listed, []) if listed else None
        raise self._failed(f"antrean/getlisttask {kode}", answer)

    def _record(self, report: ReconcileReport, visit_ids: list[str]) -> None:
        by_visit: dict[str, list[dict[str, Any]]] = {v: [] for v in visit_ids}
        for mismatch in report.mismatches:
            if mismatch.visit_id in by_visit:
                by_visit[mismatch.visit_id].append(mismatch.to_json())
        stamp = utcnow()
        for visit_id, found in by_visit.items():

            def change(visit, _session, found=found) -> None:
                visit.reconciled_at = stamp
                visit.reconcile_mismatches = found

            modify_visit(self.store, visit_id, change)
        with self.store.session() as session:
            state = session.get(PollState, STATE) or PollState(name=STATE)
            state.poll_date = report.day
            state.last_run_at = state.last_ok_at = stamp
            state.rows_seen = report.checked
            state.cursor = str(len(report.mismatches))
            state.last_error = None
            session.add(state)

    # --- fixing -----------------------------------------------------------------------------

    def queue_fixes(self, report: ReconcileReport, today: date) -> dict[str, list[int]]:
        """Queue again what BPJS lacks and may still take; returns {visit_id: [task ids]}."""
        from antrean_desktop.pipeline.resend import requeue_sent

        wanted: dict[str, set[int]] = {}
        for mismatch in report.fixable(today):
            assert mismatch.visit_id is not None  # fixable() guarantees it
            wanted.setdefault(mismatch.visit_id, set()).add(mismatch.task or 1)
        return {
            visit_id: requeue_sent(self.store, visit_id, tasks, today=today)
            for visit_id, tasks in wanted.items()
        }

    def settle_fixes(self, report: ReconcileReport, queued: dict[str, list[int]]) -> int:
        """After sending: count the queued fixes BPJS accepted and drop them from the visits'
        recorded mismatches. Returns how many mismatches were fixed."""
        fixed = forget_fixed(self.store, queued)
        report.fixed = sum(
            1
            for m in report.mismatches
            if m.visit_id is not None and _is_fixed(m.to_json(), m.visit_id, fixed)
        )
        return report.fixed


def _is_fixed(m: dict[str, Any], visit_id: str, fixed: set[tuple[str, int]]) -> bool:
    return (
        m.get("kind") == MismatchKind.MISSING_AT_BPJS.value
        and (visit_id, m.get("task") or 1) in fixed
    )


def forget_fixed(store: Store, queued: dict[str, list[int]]) -> set[tuple[str, int]]:
    """The queued fixes whose job is DONE now (BPJS accepted them); they are dropped from the
    visits' recorded mismatches. Returns {(visit_id, task)}."""
    fixed: set[tuple[str, int]] = set()
    with store.session() as session:
        for visit_id, tasks in queued.items():
            for task in tasks:
                status = session.scalar(
                    select(AntreanJob.status).where(
                        AntreanJob.visit_id == visit_id, AntreanJob.task_id == task
                    )
                )
                if status == JobStatus.DONE.value:
                    fixed.add((visit_id, task))
    for visit_id in {v for v, _ in fixed}:

        def change(visit, _session, visit_id=visit_id) -> None:
            left = [
                m for m in visit.reconcile_mismatches or [] if not _is_fixed(m, visit_id, fixed)
            ]
            visit.reconcile_mismatches = left

        modify_visit(store, visit_id, change)
    return fixed


def queue_recorded_fixes(store: Store, visit_id: str, today: date) -> list[int]:
    """Queue again what the last reconciliation found missing at BPJS for one visit (the
    window's confirmed resend). Returns the task ids queued (1 = the booking)."""
    from antrean_desktop.pipeline.resend import requeue_sent

    with store.session() as session:
        visit = session.scalar(select(VisitEvent).where(VisitEvent.visit_id == visit_id))
        if visit is None:
            return []
        found = [Mismatch.from_json(m) for m in visit.reconcile_mismatches or []]
        tasks = {m.task or 1 for m in found if fixable(m, visit.visit_date, today)}
    return requeue_sent(store, visit_id, tasks, today=today) if tasks else []


def reconcile_days(
    store: Store, config: Config, days: list[date], should_stop: Callable[[], bool]
) -> list[ReconcileReport]:
    """Reconcile ``days`` in order with a client of its own (the runtime's scheduled runs)."""
    from antrean_desktop.pipeline.service import make_client

    client = make_client(config)
    try:
        reconciler = Reconciler(store, client, config, should_stop=should_stop)
        return [reconciler.reconcile_day(day) for day in days]
    finally:
        client.close()
