"""Resend: put FAILED (or BLOCKED) tasks back in the queue, attempts reset.

Always goes through the store; the worker sends on its next round. A BLOCKED task becomes DRAFT
so the next poll and build judge it again (the poller blocks it again if its time still breaks
the rules: times are never shifted).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from antrean_desktop.domain.task_progress import get_task_progress, update_task_progress
from antrean_desktop.domain.task_states import (
    RESENDABLE_STATES,
    SEND_WINDOW_DAYS,
    task_state,
    too_old_to_send,
)
from antrean_desktop.domain.tasks import BookingStatus, TaskId, TaskStatus
from antrean_desktop.domain.words import Said, Text
from antrean_desktop.store import jobs
from antrean_desktop.store.db import Store
from antrean_desktop.store.models import VisitEvent, utcnow
from antrean_desktop.store.visits import get_visit, modify_visit

log = logging.getLogger("antrean.resend")


class ResendError(Said, ValueError):
    """The request names something that cannot be resent; the message says what."""


TOO_OLD = Text(
    "tanggal kunjungan {day} sudah lebih dari {days} hari yang lalu; BPJS tidak lagi menerima "
    "task-nya",
    "visit date {day} is more than {days} days ago; BPJS no longer accepts its tasks",
)
NOT_IN_STORE = Text(
    "kunjungan {visit!r} tidak ada di penyimpanan lokal (periksa no_rawat)",
    "visit {visit!r} is not in the local store (check the no_rawat)",
)
NOT_RESENDABLE = Text(
    "task {task} kunjungan {visit} berstatus {shown}; hanya task FAILED_BPJS atau BLOCKED yang "
    "bisa dikirim ulang",
    "task {task} of {visit} is {shown}; only FAILED_BPJS or BLOCKED tasks can be resent",
)
VISIT_CANCELLED = Text(
    "kunjungan {visit} dibatalkan di Khanza; task {task} tidak perlu dikirim",
    "visit {visit} was cancelled in Khanza; task {task} need not be sent",
)
NOT_KNOWN = Text("tidak diketahui", "not known")


def check_window(visit_date: date, today: date) -> None:
    if too_old_to_send(visit_date, today):
        raise ResendError(TOO_OLD, day=visit_date.isoformat(), days=SEND_WINDOW_DAYS)


def _current_payload(
    visit: VisitEvent, session: Session, task_id: int, entry: dict[str, Any]
) -> dict[str, Any] | None:
    """The body to resend: the visit's current booking payload, or the job's with today's time."""
    if task_id == 1:
        return dict(visit.payload) if visit.payload else None
    job = jobs.find(session, visit.visit_id, task_id)
    if job is None or entry.get("waktu") is None or "waktu" not in (job.payload or {}):
        return None
    return {**job.payload, "waktu": int(entry["waktu"])}


def _resendable(visit: VisitEvent, key: str, entry: dict[str, Any] | None) -> bool:
    """FAILED or BLOCKED as the window shows it: a cancelled visit's tasks are not (only its
    cancellation, 99, may still go)."""
    return key.isdecimal() and task_state(visit.status, entry, int(key)) in RESENDABLE_STATES


def _requeue(visit: VisitEvent, session: Session, task_id: int | None) -> list[int]:
    progress = get_task_progress(visit.task_progress)
    wanted = [str(task_id)] if task_id is not None else list(progress)
    done: list[int] = []
    for key in wanted:
        entry = progress.get(key)
        status = (entry or {}).get("status")
        if not _resendable(visit, key, entry):
            continue
        if status == TaskStatus.FAILED_BPJS.value:
            # send what Khanza says now: a mapping or a time fixed since the failure
            payload = _current_payload(visit, session, int(key), entry)
            if jobs.requeue(session, visit.visit_id, int(key), utcnow(), payload=payload):
                progress = update_task_progress(progress, key, TaskStatus.QUEUED, attempts=0)
                progress[key].pop("failedReason", None)
            else:
                progress = update_task_progress(progress, key, TaskStatus.DRAFT)
            if key == "1":
                visit.status = BookingStatus.READY_BPJS.value
            done.append(int(key))
        elif status == TaskStatus.BLOCKED.value and key != "1":
            progress = update_task_progress(progress, key, TaskStatus.DRAFT)
            done.append(int(key))
    if task_id is not None and not done:
        if visit.status == BookingStatus.CANCELLED.value and task_id != 99:
            raise ResendError(VISIT_CANCELLED, task=task_id, visit=visit.visit_id)
        shown = (progress.get(str(task_id)) or {}).get("status") or NOT_KNOWN
        raise ResendError(NOT_RESENDABLE, task=task_id, visit=visit.visit_id, shown=shown)
    if done:
        visit.task_progress = progress
    return done


def check_resend(
    store: Store, visit_id: str | None, day: date | None = None, *, today: date | None = None
) -> None:
    """Raise :class:`ResendError` when ``visit_id`` (or ``day``) cannot be resent at all: not
    in the store, or older than BPJS's window. Only reads (a viewer desk says it before it
    asks the sending desk)."""
    if visit_id is None:
        if day is not None and today is not None:
            check_window(day, today)
        return
    with store.session() as session:
        visit = get_visit(session, visit_id)
        if visit is None:
            raise ResendError(NOT_IN_STORE, visit=visit_id)
        if today is not None:
            check_window(visit.visit_date, today)


def resend(
    store: Store, visit_id: str, task_id: int | None = None, *, today: date | None = None
) -> int:
    """Re-queue the FAILED/BLOCKED task(s) of one visit; returns how many were re-queued."""
    if task_id is not None:
        task_id = int(TaskId.parse(task_id))
    check_resend(store, visit_id, today=today)
    done = modify_visit(store, visit_id, lambda v, s: _requeue(v, s, task_id))
    for task in done:
        log.info("Resend requested for %s task %s", visit_id, task)
    return len(done)


def resend_failed(store: Store, day: date, *, today: date | None = None) -> int:
    """Re-queue every FAILED task of ``day``; returns how many were re-queued."""
    check_resend(store, None, day, today=today)
    with store.session() as session:
        rows = session.scalars(select(VisitEvent).where(VisitEvent.visit_date == day)).all()
        failing = [
            v.visit_id
            for v in rows
            if any(
                e.get("status") == TaskStatus.FAILED_BPJS.value
                for e in (v.task_progress or {}).values()
            )
        ]
    total = 0
    for visit_id in failing:

        def change(visit: VisitEvent, session: Session) -> int:
            progress = get_task_progress(visit.task_progress)
            keys = [
                k
                for k, e in progress.items()
                if e.get("status") == TaskStatus.FAILED_BPJS.value and _resendable(visit, k, e)
            ]
            return sum(len(_requeue(visit, session, int(k))) for k in keys)

        total += modify_visit(store, visit_id, change)
    log.info("Resend of all failed tasks of %s: %d re-queued", day.isoformat(), total)
    return total


def retry_now(store: Store, now: datetime | None = None) -> int:
    """ "Kirim ulang sekarang": every task waiting for its next try after an error (network,
    5xx) is due at once instead of after its back-off; returns how many. A running ``run`` or
    window sends them at its next round (the store is shared)."""
    with store.session() as session:
        count = jobs.retry_now(session, now or utcnow())
    log.info("Retry now requested: %d waiting task(s) due at once", count)
    return count


def requeue_sent(store: Store, visit_id: str, task_ids: Iterable[int], *, today: date) -> list[int]:
    """Queue again tasks the store holds as SENT_BPJS but BPJS does not have (reconciliation
    found them missing). 1 is the booking. Returns the task ids queued."""
    from antrean_desktop.pipeline.builder import job_payload

    wanted = {str(int(TaskId.parse(t))) for t in task_ids}
    with store.session() as session:
        visit = get_visit(session, visit_id)
        if visit is None:
            raise ResendError(NOT_IN_STORE, visit=visit_id)
        check_window(visit.visit_date, today)

    def change(visit: VisitEvent, session: Session) -> list[int]:
        progress = get_task_progress(visit.task_progress)
        done: list[int] = []
        for key in sorted(wanted, key=int):
            entry = progress.get(key) or {}
            if entry.get("status") != TaskStatus.SENT_BPJS.value:
                continue
            payload = _current_payload(visit, session, int(key), entry) or job_payload(
                visit, int(key), entry, ""
            )
            jobs.enqueue(session, visit.visit_id, int(key), payload, utcnow())
            progress = update_task_progress(progress, key, TaskStatus.QUEUED, attempts=0)
            if key == "1" and visit.status == BookingStatus.SENT_BPJS.value:
                visit.status = BookingStatus.READY_BPJS.value
            done.append(int(key))
        if done:
            visit.task_progress = progress
        return done

    done = modify_visit(store, visit_id, change)
    if done:
        log.info("Reconciliation re-queued %s tasks %s (BPJS does not have them)", visit_id, done)
    return done
