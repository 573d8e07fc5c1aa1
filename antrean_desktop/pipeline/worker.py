"""The worker: claims due jobs with a lease, sends them, and acts on BPJS's answer.

- Claims and results go through :mod:`store.jobs` (a lease per claim; finishing checks it).
- One visit's jobs go strictly in order (booking, then 3, 4, 5, 6, 7, then 99), one at a time;
  different visits go concurrently (``[worker] concurrency``).
- What an answer leads to is :func:`domain.retry.decide`; writing it is
  :func:`pipeline.job_results.apply_decision`. Every HTTP call is recorded in ``send_attempt``.
"""

from __future__ import annotations

import logging
import random
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime

from antrean_desktop.bpjs import BpjsClient
from antrean_desktop.config import Config
from antrean_desktop.domain.retry import (
    Action,
    Answer,
    Decision,
    RetryPolicy,
    backoff_seconds,
    decide,
)
from antrean_desktop.pipeline.job_results import apply_decision, log_decision
from antrean_desktop.pipeline.sending import final_answer, send_job
from antrean_desktop.store import jobs
from antrean_desktop.store.db import Store
from antrean_desktop.store.jobs import Claimed, task_rank
from antrean_desktop.store.service_state import record_state

log = logging.getLogger("antrean.worker")

__all__ = ["AUTH_STATE", "Claimed", "Worker", "WorkSummary", "task_rank"]

AUTH_STATE = "bpjs_auth"
#: after an authentication failure, one probe is allowed this often (a clock may right itself)
AUTH_RETRY_SECONDS = 300


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
        self.policy = RetryPolicy(config.worker.max_attempts, config.worker.backoff_seconds)
        self.auth_problem: str | None = None
        self._auth_at = 0.0
        self._lock = threading.Lock()
        self._pool = ThreadPoolExecutor(
            max_workers=config.worker.concurrency, thread_name_prefix="bpjs-send"
        )

    def close(self) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)

    def claim(self, limit: int) -> list[Claimed]:
        """Lease up to ``limit`` due jobs (one per visit, each visit's first in order)."""
        return jobs.claim_due(self.store, self.owner, self.clock(), self.lease_seconds, limit)

    # --- AUTH ----------------------------------------------------------------------------

    def auth_paused(self) -> bool:
        return (
            self.auth_problem is not None and time.monotonic() - self._auth_at < AUTH_RETRY_SECONDS
        )

    def clear_auth_problem(self) -> None:
        self.auth_problem = None
        self._record_auth(None)

    def _record_auth(self, message: str | None) -> None:
        with self._lock:  # several send threads may report at once
            record_state(self.store, AUTH_STATE, message)

    # --- the loop ------------------------------------------------------------------------

    def work_round(self) -> WorkSummary:
        """Claim one round of due jobs (one per visit) and send them concurrently."""
        summary = WorkSummary()
        if self.auth_paused():
            summary.auth_stopped = True
            return summary
        limit = 1 if self.auth_problem else self.config.worker.concurrency  # one probe after AUTH
        for part in self._pool.map(self._process, self.claim(limit)):
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

    def backoff(self, attempts: int) -> float:
        """Exponential backoff with jitter: base x 2^(attempts-1) x [0.8, 1.2], capped."""
        return backoff_seconds(attempts, self.policy, self.rng.uniform(0.8, 1.2))

    # --- one job -------------------------------------------------------------------------

    def _process(self, job: Claimed) -> WorkSummary:
        results = send_job(self.client, job)
        with self.store.session() as session:
            for result in results:
                jobs.record_attempt(
                    session,
                    job,
                    endpoint=str(result.request.get("endpoint", "?")),
                    request_body=result.request.get("body"),
                    http_status=result.http_status,
                    bpjs_code=result.code,
                    bpjs_message=result.message,
                    outcome=result.outcome.value,
                    duration_ms=result.duration_ms,
                )
        answer = final_answer(job, results)
        requeued = bool(((job.last_error or {}).get("params") or {}).get("requeued"))
        decision = decide(
            answer,
            job.attempts,
            self.policy,
            task_id=job.task_id,
            predecessor_requeued=requeued,
            jitter=self.rng.uniform(0.8, 1.2),
        )
        summary = WorkSummary(outcomes=[(job.visit_id, job.task_id, answer.outcome.value)])
        if decision.action is Action.PAUSE_AUTH:
            self._pause_for_auth(answer)
            summary.auth_stopped = True
        elif self.auth_problem:
            self.clear_auth_problem()
            log.info("BPJS accepts our credentials again; sending resumed")
        applied = apply_decision(self.store, job, decision, self.clock(), answer.message)
        if applied is not None:
            log_decision(job, answer, applied)
            _count(summary, applied)
        return summary

    def _pause_for_auth(self, answer: Answer) -> None:
        with self._lock:
            self.auth_problem = answer.message or "Authentication failed"
            self._auth_at = time.monotonic()
        self._record_auth(self.auth_problem)
        log.error("BPJS refused authentication (%s); sending paused, jobs kept", answer.message)


def _count(summary: WorkSummary, decision: Decision) -> None:
    if decision.action is Action.DONE:
        summary.sent += 1
    elif decision.action is Action.RETRY:
        summary.retrying += 1
    elif decision.action is Action.FAIL:
        summary.failed += 1
    elif decision.action is Action.SEND_PREDECESSOR:
        summary.waiting += 1
