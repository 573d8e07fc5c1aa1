"""The worker: claims due jobs with a lease, sends them, and acts on BPJS's answer.

- A claim is a compare-and-swap of the job row to SENDING with an owner and an expiry, so two
  workers (or a crashed one) never send the same job at the same time; an expired lease makes the
  job claimable again, and BPJS's 208 answers make a repeat safe.
- One visit's jobs go strictly in order (booking, then 3, 4, 5, 6, 7, then 99), one at a time;
  different visits go concurrently (``[worker] concurrency``).
- Every HTTP call is recorded in ``send_attempt``.
"""

from __future__ import annotations

import logging
import random
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import and_, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from antrean_desktop.bpjs import BpjsClient, BpjsResult, Outcome
from antrean_desktop.config import Config
from antrean_desktop.domain.reasons import Reason
from antrean_desktop.domain.task_progress import get_task_progress, update_task_progress
from antrean_desktop.domain.tasks import BookingStatus, JobStatus, TaskStatus
from antrean_desktop.store.db import Store
from antrean_desktop.store.models import AntreanJob, PollState, SendAttempt, VisitEvent, utcnow
from antrean_desktop.store.visits import modify_visit

log = logging.getLogger("antrean.worker")

AUTH_STATE = "bpjs_auth"
#: after an authentication failure, one probe is allowed this often (a clock may right itself)
AUTH_RETRY_SECONDS = 300
MAX_BACKOFF_SECONDS = 3600


def task_rank(task_id: int) -> int:
    """Send order within a visit: booking first, cancellation last."""
    return {1: 0, 99: 100}.get(task_id, task_id)


@dataclass(frozen=True)
class Claimed:
    id: int
    visit_id: str
    task_id: int
    payload: dict[str, Any]
    attempts: int  # attempts before this one


@dataclass
class WorkSummary:
    sent: int = 0
    retrying: int = 0
    failed: int = 0
    waiting: int = 0  # NEEDS_PREDECESSOR, re-queued behind the predecessor
    auth_stopped: bool = False
    outcomes: list[tuple[str, int, str]] = field(default_factory=list)  # (visit, task, outcome)

    def add(self, other: WorkSummary) -> None:
        self.sent += other.sent
        self.retrying += other.retrying
        self.failed += other.failed
        self.waiting += other.waiting
        self.auth_stopped = self.auth_stopped or other.auth_stopped
        self.outcomes.extend(other.outcomes)


class Worker:
    def __init__(
        self,
        store: Store,
        client: BpjsClient,
        config: Config,
        owner: str,
        *,
        lease_seconds: float | None = None,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC).replace(tzinfo=None),
        rng: random.Random | None = None,
    ) -> None:
        self.store = store
        self.client = client
        self.config = config
        self.owner = owner
        # a send is at most two calls (cancel) of connect + read timeout each
        self.lease_seconds = lease_seconds or (4 * config.bpjs.timeout_seconds + 10)
        self.clock = clock
        self.rng = rng or random.Random()
        self.auth_problem: str | None = None
        self._auth_at = 0.0
        self._lock = threading.Lock()
        self._pool = ThreadPoolExecutor(
            max_workers=config.worker.concurrency, thread_name_prefix="bpjs-send"
        )

    def close(self) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)

    # --- claiming ------------------------------------------------------------------------

    def claim(self, limit: int) -> list[Claimed]:
        """Claim up to ``limit`` due jobs, at most one per visit and each visit's first in order."""
        now = self.clock()
        unfinished = [JobStatus.PENDING.value, JobStatus.SENDING.value]
        with self.store.session() as session:
            # plain columns, no payload: this runs every round, and ORM objects for every
            # waiting job cost CPU the GUI thread would wait for (the GIL)
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
                ).where(AntreanJob.status.in_(unfinished))
            ).all()
        first: dict[str, Any] = {}
        for job in rows:
            current = first.get(job.visit_id)
            if current is None or task_rank(job.task_id) < task_rank(current.task_id):
                first[job.visit_id] = job
        claimed: list[Claimed] = []
        for job in sorted(first.values(), key=lambda j: (j.next_attempt_at, j.visit_id)):
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
            with self.store.session() as session:
                result = session.execute(
                    update(AntreanJob)
                    .where(AntreanJob.id == job.id, guard)
                    .values(
                        status=JobStatus.SENDING.value,
                        lease_owner=self.owner,
                        lease_expires_at=now + timedelta(seconds=self.lease_seconds),
                        updated_at=now,
                    )
                )
                payload = (
                    session.scalar(select(AntreanJob.payload).where(AntreanJob.id == job.id))
                    if result.rowcount == 1
                    else None
                )
            if payload is not None:
                claimed.append(
                    Claimed(job.id, job.visit_id, job.task_id, dict(payload), job.attempts)
                )
        return claimed

    # --- the loop ------------------------------------------------------------------------

    def auth_paused(self) -> bool:
        return (
            self.auth_problem is not None and time.monotonic() - self._auth_at < AUTH_RETRY_SECONDS
        )

    def clear_auth_problem(self) -> None:
        self.auth_problem = None
        self._record_auth(None)

    def work_round(self) -> WorkSummary:
        """Claim one round of due jobs (one per visit) and send them concurrently."""
        summary = WorkSummary()
        if self.auth_paused():
            summary.auth_stopped = True
            return summary
        limit = 1 if self.auth_problem else self.config.worker.concurrency  # one probe after AUTH
        jobs = self.claim(limit)
        for part in self._pool.map(self._process, jobs):
            summary.add(part)
        return summary

    def work_due(
        self, max_jobs: int | None = None, should_stop: Callable[[], bool] = lambda: False
    ) -> WorkSummary:
        """Send until no job is due now (or ``max_jobs`` were handled, or AUTH stopped us)."""
        total = WorkSummary()
        handled = 0
        while not should_stop():
            part = self.work_round()
            total.add(part)
            handled += len(part.outcomes)
            if (
                not part.outcomes
                or part.auth_stopped
                or (max_jobs is not None and handled >= max_jobs)
            ):
                break
        return total

    # --- one job -------------------------------------------------------------------------

    def _send(self, job: Claimed) -> list[BpjsResult]:
        body = job.payload
        if job.task_id == 1:
            return [self.client.add_antrean(body)]
        if job.task_id == 99:
            first = self.client.batal(body["kodebooking"], body.get("keterangan") or "Batal")
            if first.outcome not in (Outcome.SUCCESS, Outcome.TERMINAL):
                return [first]
            return [first, self.client.update_waktu(body["kodebooking"], 99, int(body["waktu"]))]
        return [self.client.update_waktu(body["kodebooking"], job.task_id, int(body["waktu"]))]

    def _process(self, job: Claimed) -> WorkSummary:
        try:
            results = self._send(job)
        except Exception as exc:  # a programming error must not leave the job SENDING forever
            log.exception("Sending %s task %s failed unexpectedly", job.visit_id, job.task_id)
            results = [_internal_error(job, exc)]
        with self.store.session() as session:
            for result in results:
                session.add(
                    SendAttempt(
                        job_id=job.id,
                        visit_id=job.visit_id,
                        task_id=job.task_id,
                        endpoint=str(result.request.get("endpoint", "?")),
                        request_body=result.request.get("body"),
                        http_status=result.http_status,
                        bpjs_code=result.code,
                        bpjs_message=result.message,
                        outcome=result.outcome.value,
                        duration_ms=result.duration_ms,
                    )
                )
        final = results[-1]
        if job.task_id == 99 and final.outcome is Outcome.TERMINAL and "99" in final.message:
            final = _as_success(final)  # already cancelled at BPJS
        return self._apply(job, final)

    def _apply(self, job: Claimed, result: BpjsResult) -> WorkSummary:
        summary = WorkSummary(outcomes=[(job.visit_id, job.task_id, result.outcome.value)])
        attempts = job.attempts + 1
        outcome = result.outcome
        code_text = f"{result.code}" if result.code is not None else f"HTTP {result.http_status}"
        now = self.clock()

        if outcome is Outcome.AUTH:
            with self._lock:
                self.auth_problem = result.message or "Authentication failed"
                self._auth_at = time.monotonic()
            self._record_auth(self.auth_problem)
            log.error("BPJS refused authentication (%s); sending paused, jobs kept", result.message)
            self._finish(
                job,
                JobStatus.PENDING,
                attempts=job.attempts,
                next_at=now,
                error=Reason("BPJS_AUTH", {"message": result.message}),
            )
            summary.auth_stopped = True
            return summary
        if self.auth_problem:
            self.clear_auth_problem()
            log.info("BPJS accepts our credentials again; sending resumed")

        if outcome is Outcome.SUCCESS:
            self._finish(job, JobStatus.DONE, attempts=attempts, task_status=TaskStatus.SENT_BPJS)
            log.info("Sent %s task %s to BPJS (code %s)", job.visit_id, job.task_id, code_text)
            summary.sent += 1
        elif outcome is Outcome.RETRYABLE:
            if attempts >= self.config.worker.max_attempts:
                reason = Reason(
                    "BPJS_UNREACHABLE", {"attempts": attempts, "message": result.message}
                )
                self._fail(job, attempts, reason, result.message)
                log.error(
                    "Gave up %s task %s after %d attempts: %s",
                    job.visit_id,
                    job.task_id,
                    attempts,
                    result.message,
                )
                summary.failed += 1
            else:
                delay = self.backoff(attempts)
                reason = Reason("TEXT", {"text": result.message})
                self._finish(
                    job,
                    JobStatus.PENDING,
                    attempts=attempts,
                    next_at=now + timedelta(seconds=delay),
                    error=reason,
                )
                log.warning(
                    "Retry %s task %s in %.0fs (attempt %d): %s",
                    job.visit_id,
                    job.task_id,
                    delay,
                    attempts,
                    result.message,
                )
                summary.retrying += 1
        elif outcome is Outcome.NEEDS_PREDECESSOR:
            summary.add(self._needs_predecessor(job, result, attempts))
        else:  # PERMANENT or TERMINAL
            code = "BPJS_CLOSED" if outcome is Outcome.TERMINAL else "BPJS_REJECTED"
            reason = Reason(code, {"code": code_text, "message": result.message})
            self._fail(job, attempts, reason, result.message)
            log.error(
                "BPJS rejected %s task %s (code %s): %s",
                job.visit_id,
                job.task_id,
                code_text,
                result.message,
            )
            summary.failed += 1
        return summary

    def _needs_predecessor(self, job: Claimed, result: BpjsResult, attempts: int) -> WorkSummary:
        """Re-queue the missing predecessor once, then wait behind it; never loop."""
        summary = WorkSummary()
        missing = result.missing_task or 1
        reason = Reason("PREDECESSOR_MISSING", {"missing": missing, "message": result.message})
        requeued = False
        if missing != job.task_id:
            with self.store.session() as session:
                pred = session.scalar(
                    select(AntreanJob).where(
                        AntreanJob.visit_id == job.visit_id, AntreanJob.task_id == missing
                    )
                )
                already = bool(
                    (session.get(AntreanJob, job.id).last_error or {})
                    .get("params", {})
                    .get("requeued")
                )
                if pred is not None and not already:
                    if pred.status in (JobStatus.DONE.value, JobStatus.FAILED.value):
                        pred.status = JobStatus.PENDING.value
                        pred.attempts = 0
                        pred.next_attempt_at = self.clock()
                        pred.lease_owner = pred.lease_expires_at = None
                    requeued = True
            if requeued:

                def mark(visit: VisitEvent, _s: Session) -> None:
                    visit.task_progress = update_task_progress(
                        visit.task_progress, missing, TaskStatus.QUEUED
                    )

                modify_visit(self.store, job.visit_id, mark)
        if requeued:
            error = Reason(
                "PREDECESSOR_MISSING",
                {"missing": missing, "message": result.message, "requeued": True},
            )
            self._finish(
                job, JobStatus.PENDING, attempts=attempts, next_at=self.clock(), error=error
            )
            log.warning(
                "Skipped %s task %s: BPJS lacks task %s, sending that first",
                job.visit_id,
                job.task_id,
                missing,
            )
            summary.waiting += 1
        else:
            self._fail(job, attempts, reason, result.message)
            log.error(
                "BPJS lacks task %s before %s task %s and it cannot be sent: %s",
                missing,
                job.visit_id,
                job.task_id,
                result.message,
            )
            summary.failed += 1
        return summary

    def _fail(self, job: Claimed, attempts: int, reason: Reason, message: str) -> None:
        """Final failure: job FAILED, task FAILED_BPJS with BPJS's words and the reason."""
        self._finish(
            job,
            JobStatus.FAILED,
            attempts=attempts,
            task_status=TaskStatus.FAILED_BPJS,
            error=reason,
            failed_text=message,
        )

    def backoff(self, attempts: int) -> float:
        """Exponential backoff with jitter: base x 2^(attempts-1) x [0.8, 1.2], capped."""
        base = self.config.worker.backoff_seconds * (2 ** (attempts - 1))
        return min(MAX_BACKOFF_SECONDS, base * self.rng.uniform(0.8, 1.2))

    def _finish(
        self,
        job: Claimed,
        status: JobStatus,
        *,
        attempts: int,
        next_at: datetime | None = None,
        task_status: TaskStatus | None = None,
        error: Reason | None = None,
        failed_text: str | None = None,
    ) -> None:
        """Update the job and the visit's task_progress in ONE transaction (CAS on the visit)."""

        def change(visit: VisitEvent, session: Session) -> None:
            row = session.get(AntreanJob, job.id)
            if row is not None:
                row.status = status.value
                row.attempts = attempts
                row.last_error = error.to_json() if error else None
                row.lease_owner = row.lease_expires_at = None
                if next_at is not None:
                    row.next_attempt_at = next_at
            progress = get_task_progress(visit.task_progress)
            fields: dict[str, Any] = {"attempts": attempts}
            if task_status is TaskStatus.SENT_BPJS:
                progress = update_task_progress(
                    progress, job.task_id, TaskStatus.SENT_BPJS, **fields
                )
                progress[str(job.task_id)].pop("lastError", None)
                if job.task_id == 1:
                    visit.status = BookingStatus.SENT_BPJS.value
                    visit.blocked_reason = None
            elif task_status is TaskStatus.FAILED_BPJS:
                fields["reason"] = error.to_json() if error else None
                progress = update_task_progress(
                    progress, job.task_id, TaskStatus.FAILED_BPJS, failed_text, **fields
                )
                if job.task_id == 1:
                    visit.status = BookingStatus.FAILED_BPJS.value
            else:  # still queued: waiting for a retry or a predecessor
                if error is not None:
                    fields["lastError"] = error.to_json()
                progress = update_task_progress(progress, job.task_id, TaskStatus.QUEUED, **fields)
            visit.task_progress = progress

        modify_visit(self.store, job.visit_id, change)

    def _record_auth(self, message: str | None) -> None:
        """Keep the AUTH state in the store so ``status`` and the window can show it."""
        with self._lock:  # several send threads may report at once
            for _ in range(3):
                try:
                    with self.store.session() as session:
                        state = session.get(PollState, AUTH_STATE) or PollState(name=AUTH_STATE)
                        state.last_run_at = utcnow()
                        state.last_error = message
                        if message is None:
                            state.last_ok_at = utcnow()
                        session.add(state)
                    return
                except IntegrityError:  # another process inserted the row first
                    continue


def _as_success(result: BpjsResult) -> BpjsResult:
    from dataclasses import replace

    return replace(result, outcome=Outcome.SUCCESS)


def _internal_error(job: Claimed, exc: Exception) -> BpjsResult:
    return BpjsResult(
        outcome=Outcome.PERMANENT,
        code=None,
        message=f"internal error while sending: {type(exc).__name__}: {exc}",
        request={"endpoint": "(not sent)", "body": job.payload},
    )
