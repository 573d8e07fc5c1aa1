"""Writing a send's decision: the job row and the visit's ``task_progress`` in ONE transaction.

The job is finished first, guarded by its lease (:func:`store.jobs.finish`); when the lease was
lost nothing is written, so a late finisher never overwrites a newer result.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy.orm import Session

from antrean_desktop.domain.reasons import Reason
from antrean_desktop.domain.retry import Action, Answer, Decision
from antrean_desktop.domain.task_progress import get_task_progress, update_task_progress
from antrean_desktop.domain.tasks import BookingStatus, JobStatus, TaskStatus
from antrean_desktop.store import jobs
from antrean_desktop.store.db import Store
from antrean_desktop.store.models import VisitEvent
from antrean_desktop.store.visits import modify_visit

log = logging.getLogger("antrean.worker")

_JOB_STATUS = {
    Action.DONE: JobStatus.DONE,
    Action.FAIL: JobStatus.FAILED,
    Action.RETRY: JobStatus.PENDING,
    Action.PAUSE_AUTH: JobStatus.PENDING,
    Action.PAUSE_OUTAGE: JobStatus.PENDING,
    Action.SEND_PREDECESSOR: JobStatus.PENDING,
}


def _without_predecessor(decision: Decision) -> Decision:
    """The predecessor has no job here: waiting behind it would never end, so fail."""
    params = dict(decision.reason.params if decision.reason else {})
    params.pop("requeued", None)
    return Decision(Action.FAIL, decision.attempts, Reason("PREDECESSOR_MISSING", params))


def _progress_after(
    visit: VisitEvent, task_id: int, decision: Decision, failed_text: str
) -> dict[str, Any]:
    progress = get_task_progress(visit.task_progress)
    fields: dict[str, Any] = {"attempts": decision.attempts}
    error = decision.reason.to_json() if decision.reason else None
    if decision.action is Action.DONE:
        progress = update_task_progress(progress, task_id, TaskStatus.SENT_BPJS, **fields)
        progress[str(task_id)].pop("lastError", None)
        if task_id == 1:
            visit.status = BookingStatus.SENT_BPJS.value
            visit.blocked_reason = None
    elif decision.action is Action.FAIL:
        fields["reason"] = error
        progress = update_task_progress(
            progress, task_id, TaskStatus.FAILED_BPJS, failed_text, **fields
        )
        if task_id == 1:
            visit.status = BookingStatus.FAILED_BPJS.value
    else:  # still queued: waiting for a retry, a predecessor, or BPJS to accept us again
        if error is not None:
            fields["lastError"] = error
        progress = update_task_progress(progress, task_id, TaskStatus.QUEUED, **fields)
    if decision.action is Action.SEND_PREDECESSOR and decision.missing_task is not None:
        progress = update_task_progress(progress, decision.missing_task, TaskStatus.QUEUED)
    return progress


def apply_decision(
    store: Store, job: jobs.Claimed, decision: Decision, now: datetime, failed_text: str = ""
) -> Decision | None:
    """Write ``decision`` for ``job``; returns what was written, or None when the lease was lost."""

    def change(visit: VisitEvent, session: Session) -> Decision | None:
        applied = decision
        if applied.action is Action.SEND_PREDECESSOR and (
            applied.missing_task is None
            or jobs.find(session, job.visit_id, applied.missing_task) is None
        ):
            applied = _without_predecessor(applied)
        next_at = None
        if applied.action is Action.RETRY:
            next_at = now + timedelta(seconds=applied.delay_seconds)
        elif applied.action in (Action.PAUSE_AUTH, Action.PAUSE_OUTAGE, Action.SEND_PREDECESSOR):
            next_at = now  # the pause's probe decides when; a predecessor goes first
        status = _JOB_STATUS[applied.action]
        if not jobs.finish(
            session, job, status, attempts=applied.attempts, next_at=next_at, error=applied.reason
        ):
            return None
        if applied.action is Action.SEND_PREDECESSOR and applied.missing_task is not None:
            jobs.requeue(session, job.visit_id, applied.missing_task, now)
        visit.task_progress = _progress_after(visit, job.task_id, applied, failed_text)
        return applied

    return modify_visit(store, job.visit_id, change)


def refund_attempt(store: Store, job_id: int, visit_id: str) -> bool:
    """Give back an attempt spent on an outage (job and ``task_progress`` together)."""

    def change(visit: VisitEvent, session: Session) -> bool:
        job = jobs.refund_attempt(session, job_id)
        if job is None:
            return False
        progress = get_task_progress(visit.task_progress)
        entry = progress.get(str(job.task_id))
        if entry is not None:
            progress[str(job.task_id)] = {**entry, "attempts": job.attempts}
            visit.task_progress = progress
        return True

    return bool(modify_visit(store, visit_id, change))


def log_decision(job: jobs.Claimed, answer: Answer, decision: Decision) -> None:
    """The log line of a written decision (English; the operator reads the reason)."""
    what = (job.visit_id, job.task_id)
    if decision.action is Action.DONE:
        log.info("Sent %s task %s to BPJS (code %s)", *what, answer.code_text)
    elif decision.action is Action.RETRY:
        log.warning(
            "Retry %s task %s in %.0fs (attempt %d): %s",
            *what,
            decision.delay_seconds,
            decision.attempts,
            answer.message,
        )
    elif decision.action is Action.SEND_PREDECESSOR:
        log.warning(
            "Skipped %s task %s: BPJS lacks task %s, sending that first",
            *what,
            decision.missing_task,
        )
    elif decision.action is Action.FAIL:
        code = decision.reason.code if decision.reason else ""
        if code == "BPJS_UNREACHABLE":
            log.error(
                "Gave up %s task %s after %d attempts: %s",
                *what,
                decision.attempts,
                answer.message,
            )
        elif code == "PREDECESSOR_MISSING":
            log.error(
                "BPJS lacks task %s before %s task %s and it cannot be sent: %s",
                (decision.reason.params if decision.reason else {}).get("missing"),
                *what,
                answer.message,
            )
        else:
            log.error(
                "BPJS rejected %s task %s (code %s): %s", *what, answer.code_text, answer.message
            )
