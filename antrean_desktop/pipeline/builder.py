"""The builder: turns what the pollers found into ``antrean_job`` rows, in the allowed order.

It queues the booking (task 1) of READY visits, a task (3..7) only once the booking and every
earlier enabled task were sent (``domain.task_rules.may_send``), and the cancellation (99) of a
cancelled visit whose booking was sent and whose service did not end. It reads only visits that
changed since its last run (by the store's change counter, never a clock), so its cost follows
the changes, not the size of the day.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from antrean_desktop.config import Config
from antrean_desktop.domain import task_rules
from antrean_desktop.domain.service_core import SENDING_WINDOW_DAYS
from antrean_desktop.domain.task_progress import (
    get_task_progress,
    readable_progress,
    update_task_progress,
)
from antrean_desktop.domain.tasks import BookingStatus, TaskStatus
from antrean_desktop.store import changes, jobs
from antrean_desktop.store.db import Store
from antrean_desktop.store.models import PollState, VisitEvent, utcnow
from antrean_desktop.store.visits import modify_visit

log = logging.getLogger("antrean.builder")

#: the last visit change number (``visit_event.change_seq``) the builder has read
CURSOR = "builder_changes"

TASK_NAMES = {
    1: "BOOKING",
    3: "CHECKIN",
    4: "SERVICE_START",
    5: "SERVICE_END",
    6: "PHARMACY_START",
    7: "PHARMACY_DONE",
    99: "CANCEL",
}


@dataclass(frozen=True)
class BuildResult:
    visits_read: int
    jobs_queued: int


def job_payload(
    visit: VisitEvent, task_id: int, entry: dict[str, Any], alasan_batal: str
) -> dict[str, Any]:
    """The request body of a job; the worker sends exactly this. The cancellation carries the
    reason the poller kept in task 99's entry (Khanza's own), else ``alasan_batal``."""
    if task_id == 1:
        return dict(visit.payload or {})
    body: dict[str, Any] = {
        "kodebooking": visit.kodebooking,
        "taskid": task_id,
        "waktu": int(entry["waktu"]),
    }
    if task_id == 99:
        body["keterangan"] = entry.get("alasan") or alasan_batal
    return body


def _is_ms(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value > 0


def tasks_to_queue(visit: VisitEvent, enabled: tuple[int, ...]) -> list[int]:
    """Which of the visit's tasks may be queued now (pure decision on the loaded row). A damaged
    ``task_progress`` (not a JSON object, a time that is not a number) queues nothing."""
    progress = readable_progress(visit.task_progress)
    ready: list[int] = []
    booking = progress.get("1", {})
    if (
        visit.status == BookingStatus.READY_BPJS.value
        and booking.get("status") == TaskStatus.DRAFT.value
        and visit.payload
    ):
        ready.append(1)
    for task in enabled:
        entry = progress.get(str(task), {})
        waktu = entry.get("waktu")
        if entry.get("status") != TaskStatus.DRAFT.value or not _is_ms(waktu):
            continue
        if task == 99:
            if visit.status == BookingStatus.CANCELLED.value and task_rules.cancellation_due(
                progress
            ):
                ready.append(99)
            continue
        if visit.status == BookingStatus.CANCELLED.value:
            continue
        if task_rules.may_send(task, progress, enabled):
            ready.append(task)
    return ready


def waiting_reason(visit: VisitEvent, task: int, enabled: tuple[int, ...]) -> str | None:
    """Why a DRAFT task is not queued yet, for the log (None when it is not waiting)."""
    progress = readable_progress(visit.task_progress)
    if progress.get(str(task), {}).get("status") != TaskStatus.DRAFT.value or task == 99:
        return None
    unsent = task_rules.unsent_predecessors(task, progress, enabled)
    if not unsent:
        return None
    return "booking not sent yet" if unsent[0] == 1 else f"task {unsent[0]} not sent yet"


def _queue_visit(
    visit: VisitEvent, session: Session, enabled: tuple[int, ...], alasan_batal: str
) -> list[int]:
    queued = tasks_to_queue(visit, enabled)
    if not queued:
        return []
    progress = get_task_progress(visit.task_progress)
    for task in queued:
        entry = progress.get(str(task), {})
        payload = job_payload(visit, task, entry, alasan_batal)
        jobs.enqueue(session, visit.visit_id, task, payload, utcnow())
        progress = update_task_progress(progress, task, TaskStatus.QUEUED)
    visit.task_progress = progress
    return queued


def _full_read(session: Session, query: Select[Any]) -> tuple[int, Select[Any]]:
    """A full build's cursor and query: the counter's committed value, read first (every lower
    number is visible by then), and only the service days BPJS still takes, counted back from the
    newest day held (older tasks cannot be sent; a store keeps ~90 days)."""
    top = changes.current(session)
    latest = session.scalar(select(func.max(VisitEvent.visit_date)))
    if latest is not None:
        query = query.where(VisitEvent.visit_date >= latest - timedelta(days=SENDING_WINDOW_DAYS))
    return top, query


def build(store: Store, config: Config, *, full: bool = False) -> BuildResult:
    """Queue what is ready among the visits changed since the last run (or all, ``full``)."""
    enabled = tuple(config.hospital.tasks)
    with store.session() as session:
        state = session.get(PollState, CURSOR)
        cursor = 0 if (full or state is None or not state.cursor) else int(state.cursor)
        newest = cursor
        query = select(VisitEvent).where(VisitEvent.change_seq > cursor)
        if cursor == 0:
            newest, query = _full_read(session, query)
        rows = session.scalars(query.order_by(VisitEvent.change_seq)).all()
        session.expunge_all()
    queued_total = 0
    for row in rows:
        newest = max(newest, row.change_seq)
        ready = tasks_to_queue(row, enabled)
        for task in enabled:
            why = None if task in ready else waiting_reason(row, task, enabled)
            if why:
                log.debug("Skipped %s for %s: %s", TASK_NAMES.get(task, task), row.visit_id, why)
        if not ready:
            continue  # decided on the loaded row; only visits with work open a transaction

        def change(visit: VisitEvent, session: Session) -> list[int]:
            return _queue_visit(visit, session, enabled, config.hospital.alasan_batal)

        queued = modify_visit(store, row.visit_id, change)
        for task in queued:
            log.debug("Queued %s (task %s)", row.visit_id, task)
        queued_total += len(queued)
    with store.session() as session:
        state = session.get(PollState, CURSOR) or PollState(name=CURSOR)
        state.cursor = str(newest)
        state.last_run_at = state.last_ok_at = utcnow()
        state.rows_seen = len(rows)
        session.add(state)
    return BuildResult(len(rows), queued_total)
