"""Job persistence: the one place that writes ``antrean_job`` rows.

- :func:`enqueue` (builder) and :func:`requeue` (resend, a missing predecessor) put a job in the
  queue; a job already waiting or being sent is left alone.
- :func:`claim_due` leases due jobs with a compare-and-swap to SENDING. Every claim gets its own
  lease token (``lease_owner`` = worker + token), so even a second claim by the same worker after
  an expired lease is told apart.
- :func:`finish` and :func:`record_attempt` run after a send. ``finish`` writes only while the job
  is still SENDING under the caller's lease: a late finisher (its lease expired and someone else
  claimed and finished the job) never overwrites the newer result.
"""

from __future__ import annotations

import logging
import secrets
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import and_, func, or_, select, update
from sqlalchemy.orm import Session

from antrean_desktop.domain.reasons import Reason
from antrean_desktop.domain.tasks import JobStatus
from antrean_desktop.store.db import Store
from antrean_desktop.store.models import AntreanJob, SendAttempt, VisitEvent

log = logging.getLogger("antrean.jobs")

UNFINISHED = (JobStatus.PENDING.value, JobStatus.SENDING.value)
FINISHED = (JobStatus.DONE.value, JobStatus.FAILED.value)
_OWNER_WIDTH = 80 - 9  # lease_owner is String(80): owner + "#" + 8 hex digits


def task_rank(task_id: int) -> int:
    """Send order within a visit: booking first, cancellation last."""
    return {1: 0, 99: 100}.get(task_id, task_id)


@dataclass(frozen=True)
class Claimed:
    """A job leased to one sender."""

    id: int
    visit_id: str
    task_id: int
    payload: dict[str, Any]
    attempts: int  # attempts before this one
    lease: str = ""  # the lease token written to ``lease_owner``
    last_error: dict[str, Any] | None = None
    visit_date: date | None = None  # the service date: BPJS takes the task until H+7


def new_lease(owner: str) -> str:
    return f"{owner[:_OWNER_WIDTH]}#{secrets.token_hex(4)}"


def find(session: Session, visit_id: str, task_id: int) -> AntreanJob | None:
    return session.scalar(
        select(AntreanJob).where(AntreanJob.visit_id == visit_id, AntreanJob.task_id == task_id)
    )


def _reset(job: AntreanJob, now: datetime, payload: dict[str, Any] | None) -> None:
    if payload is not None:
        job.payload = payload
    job.status = JobStatus.PENDING.value
    job.attempts = 0
    job.next_attempt_at = now
    job.last_error = None
    job.lease_owner = job.lease_expires_at = None


def enqueue(
    session: Session, visit_id: str, task_id: int, payload: dict[str, Any], now: datetime
) -> bool:
    """Queue a send of ``payload``: a new job, or a finished one reset (attempts 0).

    Returns False when the job is already waiting or being sent (it is left as is).
    """
    job = find(session, visit_id, task_id)
    if job is None:
        session.add(
            AntreanJob(
                visit_id=visit_id,
                task_id=task_id,
                payload=payload,
                status=JobStatus.PENDING.value,
                attempts=0,
                next_attempt_at=now,
            )
        )
        return True
    if job.status in UNFINISHED:
        return False
    _reset(job, now, payload)
    return True


def requeue(
    session: Session,
    visit_id: str,
    task_id: int,
    now: datetime,
    *,
    payload: dict[str, Any] | None = None,
) -> bool:
    """Put an existing job back in the queue with attempts reset (``payload`` replaces the body).

    A DONE or FAILED job becomes PENDING; one already waiting or being sent is left alone.
    Returns False when the visit has no such job.
    """
    job = find(session, visit_id, task_id)
    if job is None:
        return False
    if job.status in FINISHED:
        _reset(job, now, payload)
    return True


def claim_due(
    store: Store, owner: str, now: datetime, lease_seconds: float, limit: int
) -> list[Claimed]:
    """Lease up to ``limit`` due jobs, at most one per visit and each visit's first in order.

    Due: PENDING with ``next_attempt_at <= now``, or SENDING with an expired lease (its sender
    died or hung; BPJS's 208 answers make the repeat safe).
    """
    pending = AntreanJob.status == JobStatus.PENDING.value
    sending = AntreanJob.status == JobStatus.SENDING.value
    # each visit's first unfinished job: task ids sort as task_rank does (1 < 3..7 < 99)
    first = (
        select(AntreanJob.visit_id, func.min(AntreanJob.task_id).label("task_id"))
        .where(AntreanJob.status.in_(UNFINISHED))
        .group_by(AntreanJob.visit_id)
        .subquery()
    )
    with store.session() as session:
        # plain columns, no payload, and only the due candidates: this runs every round, and
        # Python objects for every waiting job cost CPU the GUI thread would wait for (the GIL)
        rows = session.execute(
            select(
                AntreanJob.id,
                AntreanJob.visit_id,
                AntreanJob.task_id,
                AntreanJob.status,
                AntreanJob.attempts,
                AntreanJob.next_attempt_at,
                AntreanJob.lease_owner,
                AntreanJob.lease_expires_at,
                VisitEvent.visit_date,
            )
            .join(VisitEvent, VisitEvent.visit_id == AntreanJob.visit_id)
            .join(
                first,
                and_(
                    AntreanJob.visit_id == first.c.visit_id, AntreanJob.task_id == first.c.task_id
                ),
            )
            .where(
                or_(
                    and_(pending, AntreanJob.next_attempt_at <= now),
                    and_(sending, AntreanJob.lease_expires_at < now),
                )
            )
            .order_by(AntreanJob.next_attempt_at, AntreanJob.visit_id)
            .limit(2 * limit)  # room for jobs another sender claims first
        ).all()
    claimed: list[Claimed] = []
    for job in rows:
        if len(claimed) >= limit:
            break
        if job.status == JobStatus.PENDING.value:
            due = job.next_attempt_at <= now
            guard = and_(
                AntreanJob.status == JobStatus.PENDING.value, AntreanJob.next_attempt_at <= now
            )
        else:
            due = job.lease_expires_at is not None and job.lease_expires_at < now
            guard = and_(
                AntreanJob.status == JobStatus.SENDING.value,
                or_(AntreanJob.lease_expires_at.is_(None), AntreanJob.lease_expires_at < now),
            )
            if due:
                log.warning(
                    "Lease of %s task %s (owner %s) expired; sending again",
                    job.visit_id,
                    job.task_id,
                    job.lease_owner,
                )
        if not due:
            continue
        lease = new_lease(owner)
        with store.session() as session:
            result = session.execute(
                update(AntreanJob)
                .where(AntreanJob.id == job.id, guard)
                .values(
                    status=JobStatus.SENDING.value,
                    lease_owner=lease,
                    lease_expires_at=now + timedelta(seconds=lease_seconds),
                    updated_at=now,
                )
            )
            row = (
                session.execute(
                    select(AntreanJob.payload, AntreanJob.last_error).where(AntreanJob.id == job.id)
                ).one_or_none()
                if result.rowcount == 1
                else None
            )
        if row is not None:
            claimed.append(
                Claimed(
                    job.id,
                    job.visit_id,
                    job.task_id,
                    dict(row.payload),
                    job.attempts,
                    lease,
                    row.last_error,
                    job.visit_date,
                )
            )
    return claimed


def retry_now(session: Session, now: datetime) -> int:
    """Make every job waiting for its next try after an error due now ("Kirim ulang
    sekarang"); returns how many. Attempts and errors stay as they are."""
    result = session.execute(
        update(AntreanJob)
        .where(
            AntreanJob.status == JobStatus.PENDING.value,
            AntreanJob.attempts > 0,
            AntreanJob.next_attempt_at > now,
        )
        .values(next_attempt_at=now)
        .execution_options(synchronize_session=False)
    )
    return result.rowcount or 0


def finish(
    session: Session,
    job: Claimed,
    status: JobStatus,
    *,
    attempts: int,
    next_at: datetime | None = None,
    error: Reason | None = None,
) -> bool:
    """End the lease of ``job`` with ``status``; only while it is still SENDING under our lease.

    Returns False (and writes nothing) when the lease was lost: the job was claimed again,
    finished, or re-queued by someone else since we claimed it.
    """
    values: dict[str, Any] = {
        "status": status.value,
        "attempts": attempts,
        "last_error": error.to_json() if error else None,
        "lease_owner": None,
        "lease_expires_at": None,
    }
    if next_at is not None:
        values["next_attempt_at"] = next_at
    result = session.execute(
        update(AntreanJob)
        .where(
            AntreanJob.id == job.id,
            AntreanJob.status == JobStatus.SENDING.value,
            AntreanJob.lease_owner == job.lease,
        )
        .values(**values)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:
        log.warning(
            "Lease of %s task %s was lost while sending (%s); its newer result is kept",
            job.visit_id,
            job.task_id,
            job.lease,
        )
        return False
    return True


def record_attempt(
    session: Session,
    job: Claimed,
    *,
    endpoint: str,
    request_body: dict[str, Any] | None,
    http_status: int | None,
    bpjs_code: int | None,
    bpjs_message: str | None,
    outcome: str,
    duration_ms: int,
) -> None:
    """Audit one HTTP call of ``job``. Kept even after a lost lease: the call did happen."""
    session.add(
        SendAttempt(
            job_id=job.id,
            visit_id=job.visit_id,
            task_id=job.task_id,
            endpoint=endpoint,
            request_body=request_body,
            http_status=http_status,
            bpjs_code=bpjs_code,
            bpjs_message=bpjs_message,
            outcome=outcome,
            duration_ms=duration_ms,
        )
    )


def refund_attempt(session: Session, job_id: int) -> AntreanJob | None:
    """Give back the attempt a waiting job spent on what turned out to be an outage.

    Only a job still waiting (PENDING) with an attempt to give back; returns it, or None.
    """
    job = session.get(AntreanJob, job_id)
    if job is None or job.status != JobStatus.PENDING.value or job.attempts < 1:
        return None
    job.attempts -= 1
    return job
