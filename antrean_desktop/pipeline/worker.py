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
from concurrent.futures import FIRST_COMPLETED, ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from datetime import UTC, datetime

from sqlalchemy.exc import SQLAlchemyError

from antrean_desktop.bpjs import BpjsClient, BpjsResult, Outcome
from antrean_desktop.config import Config
from antrean_desktop.domain.retry import (
    Action,
    Answer,
    Decision,
    RetryPolicy,
    backoff_seconds,
    decide,
)
from antrean_desktop.domain.service_core import Pause, PauseKind, SendGate, SendMode
from antrean_desktop.domain.task_states import send_window_end
from antrean_desktop.pipeline.job_results import apply_decision, log_decision, refund_attempt
from antrean_desktop.pipeline.sending import final_answer, send_job
from antrean_desktop.store import jobs
from antrean_desktop.store.db import Store
from antrean_desktop.store.jobs import Claimed, task_rank
from antrean_desktop.store.service_state import save_gate_pause

log = logging.getLogger("antrean.worker")

__all__ = ["Claimed", "Worker", "WorkSummary", "task_rank"]


@dataclass
class WorkSummary:
    sent: int = 0
    retrying: int = 0
    failed: int = 0
    waiting: int = 0  # NEEDS_PREDECESSOR, re-queued behind the predecessor
    auth_stopped: bool = False  # sending is paused (AUTH or an outage): stop this cycle
    outcomes: list[tuple[str, int, str]] = field(default_factory=list)  # (visit, task, outcome)
    #: the store failed writing an answer (kept by the worker, written at its next round)
    store_error: SQLAlchemyError | None = None

    def add(self, other: WorkSummary) -> None:
        self.sent += other.sent
        self.retrying += other.retrying
        self.failed += other.failed
        self.waiting += other.waiting
        self.auth_stopped = self.auth_stopped or other.auth_stopped
        self.outcomes.extend(other.outcomes)
        self.store_error = self.store_error or other.store_error


@dataclass
class _Kept:
    """A call made whose answer the store could not take yet."""

    job: Claimed
    results: list[BpjsResult]
    recorded: bool = False  # its send_attempt rows are written


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
        gate: SendGate | None = None,
        mono: Callable[[], float] = time.monotonic,
        audit_store: Store | None = None,
    ) -> None:
        self.store = store
        #: where every call is recorded (``send_attempt``): on a shared store not fenced by the
        #: desk lease, so a call made by a desk that lost it meanwhile is still on record
        self.audit_store = audit_store or store
        self.client = client
        self.config = config
        self.owner = owner
        # a send is at most two calls (a cancel), each within the call deadline
        self.lease_seconds = lease_seconds or (2 * config.bpjs.deadline_seconds + 10)
        self.clock = clock
        self.rng = rng or random.Random()
        self.policy = RetryPolicy(config.worker.max_attempts, config.worker.backoff_seconds)
        #: pauses instead of failures (AUTH, outage) and when to probe: the service core's gate,
        #: shared with the runtime that drives this worker
        self.gate = gate or SendGate(
            auth_probe_seconds=config.worker.auth_probe_seconds,
            outage_probe_seconds=config.worker.outage_probe_seconds,
        )
        self.mono = mono
        self._lock = threading.Lock()
        self._apply_lock = threading.Lock()
        self._saved_pause: object = ()
        #: answers BPJS gave while the store failed, to write when it works again
        self._kept: list[_Kept] = []
        self._pool = ThreadPoolExecutor(
            max_workers=config.worker.concurrency, thread_name_prefix="bpjs-send"
        )

    def close(self, wait: bool = True) -> None:
        """Stop the send threads (``wait=False``: leave a call in flight to its lease)."""
        self._pool.shutdown(wait=wait, cancel_futures=True)

    def claim(self, limit: int) -> list[Claimed]:
        """Lease up to ``limit`` due jobs (one per visit, each visit's first in order)."""
        return jobs.claim_due(self.store, self.owner, self.clock(), self.lease_seconds, limit)

    # --- pauses ----------------------------------------------------------------------------

    @property
    def pause(self) -> Pause | None:
        return self.gate.pause

    @property
    def auth_problem(self) -> str | None:
        """BPJS's words while sending is paused for authentication, else None."""
        pause = self.gate.pause
        if pause is None or pause.kind is not PauseKind.AUTH:
            return None
        return pause.detail or "Authentication failed"

    def clear_auth_problem(self) -> None:
        """The operator says the cause is fixed: probe at the next round."""
        with self._lock:
            self.gate.probe_now(self.mono())

    def _local_now(self) -> datetime:
        return datetime.now(self.config.hospital.tz)

    def save_pause(self) -> None:
        """Keep the pause in the store (``status`` and a second window read it)."""
        pause = self.gate.pause
        key = None if pause is None else (pause.kind, pause.since, pause.next_probe, pause.detail)
        if key == self._saved_pause:
            return
        if save_gate_pause(self.store, pause, self.mono(), self._local_now()):
            self._saved_pause = key

    # --- the loop ------------------------------------------------------------------------

    def work_round(
        self, should_stop: Callable[[], bool] = lambda: False, budget: int | None = None
    ) -> WorkSummary:
        """Send due jobs (one per visit at a time) with ``concurrency`` calls in flight: each
        finished call makes room for the next due job, so no call waits for a slower one of its
        round, until a call does not simply succeed. While paused, only a probe (one job) when
        the gate says it is time.

        ``budget``: at most this many jobs; new jobs stop when ``should_stop()`` or a pause."""
        summary = self.write_kept()
        with self._lock:
            mode = self.gate.mode(self.mono())
            if mode is SendMode.PROBE:
                self.gate.probing(self.mono())
        if mode is SendMode.WAIT:
            summary.auth_stopped = True
            return summary
        limit = 1 if mode is SendMode.PROBE else self.config.worker.concurrency
        if budget is not None:
            limit = min(limit, budget)
        claimed = self.claim(limit) if limit > 0 else []
        if mode is SendMode.PROBE and claimed:
            log.info("Probing BPJS with %s task %s", claimed[0].visit_id, claimed[0].task_id)
        started = len(claimed)
        refill = mode is not SendMode.PROBE
        running = {self._pool.submit(self._process, job) for job in claimed}
        while running:
            done, running = wait(running, return_when=FIRST_COMPLETED)
            for future in done:
                part = future.result()
                summary.add(part)
                # anything but a plain success (an error, a refusal, a pause) ends the round as
                # before: the calls under way finish and the next round decides afresh
                refill = refill and part.sent == len(part.outcomes) > 0
            room = len(done) if budget is None else min(len(done), budget - started)
            if summary.store_error is not None:
                continue  # the calls under way finish; their answers are kept too
            stopped = self.gate.pause is not None or self.gate.held is not None
            if not refill or room <= 0 or should_stop() or stopped:
                continue
            more = self.claim(room)
            started += len(more)
            running |= {self._pool.submit(self._process, job) for job in more}
        if summary.store_error is not None:
            raise summary.store_error
        summary.auth_stopped = summary.auth_stopped or self.gate.pause is not None
        self.save_pause()
        return summary

    def work_due(
        self, max_jobs: int | None = None, should_stop: Callable[[], bool] = lambda: False
    ) -> WorkSummary:
        """Send until no job is due now (or ``max_jobs`` were handled, or AUTH stopped us)."""
        total = WorkSummary()
        handled = 0
        while not should_stop():
            budget = None if max_jobs is None else max_jobs - handled
            part = self.work_round(should_stop, budget)
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
        kept = _Kept(job, send_job(self.client, job))
        try:
            return self._write(kept)
        except SQLAlchemyError as exc:  # the store fails: keep the answer, not the call
            log.debug("answer of %s task %s kept until the store works", job.visit_id, job.task_id)
            with self._lock:
                self._kept.append(kept)
            return WorkSummary(store_error=exc)

    def write_kept(self) -> WorkSummary:
        """Write the answers kept while the store failed (the call is not made again); raises
        the store's error while it still fails, the rest kept."""
        with self._lock:
            kept, self._kept = self._kept, []
        summary = WorkSummary()
        for n, item in enumerate(kept):
            try:
                summary.add(self._write(item))
            except SQLAlchemyError:
                with self._lock:
                    self._kept[:0] = kept[n:]
                raise
        return summary

    def let_go_of_kept(self) -> int:
        """This desk lost the desk lease while it kept answers (the store failed under its
        calls, and another desk took over as it came back): the calls are recorded in
        ``send_attempt`` (an append, through the unfenced store: every call is on record) and
        the answers let go -- their jobs are the new sender's, which sends them again (BPJS
        answers 208). How many were let go; the store's error while it still fails, the rest
        kept."""
        with self._lock:
            kept, self._kept = self._kept, []
        for n, item in enumerate(kept):
            try:
                if not item.recorded:
                    self._record(item.job, item.results)
                    item.recorded = True
            except SQLAlchemyError:
                with self._lock:
                    self._kept[:0] = kept[n:]
                raise
        if kept:
            log.info(
                "%d answer(s) kept while the store failed are on record; this desk no longer "
                "sends, so the new sender sends those tasks",
                len(kept),
            )
        return len(kept)

    def _write(self, kept: _Kept) -> WorkSummary:
        """Record the calls of ``kept`` and write what their answer means."""
        job, results = kept.job, kept.results
        if not kept.recorded:
            self._record(job, results)
            kept.recorded = True
        answer = final_answer(job, results)
        # judged and written one job at a time: an outage recognised by another send thread
        # must find this job's attempt already written, so it can give it back
        with self._apply_lock:
            return self._decide_and_apply(job, answer)

    def _record(self, job: Claimed, results: list[BpjsResult]) -> None:
        with self.audit_store.session() as session:
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

    def _decide_and_apply(self, job: Claimed, answer: Answer) -> WorkSummary:
        outage = self._judge(job, answer)
        requeued = bool(((job.last_error or {}).get("params") or {}).get("requeued"))
        now = self.clock()
        until = send_window_end(job.visit_date, self.config.hospital.tz) if job.visit_date else None
        decision = decide(
            answer,
            job.attempts,
            self.policy,
            task_id=job.task_id,
            predecessor_requeued=requeued,
            jitter=self.rng.uniform(0.8, 1.2),
            outage=outage,
            now=now,
            send_until=until,
        )
        summary = WorkSummary(outcomes=[(job.visit_id, job.task_id, answer.outcome.value)])
        if decision.action in (Action.PAUSE_AUTH, Action.PAUSE_OUTAGE):
            summary.auth_stopped = True
        applied = apply_decision(self.store, job, decision, now, answer.message)
        if applied is not None and applied.action is not Action.PAUSE_OUTAGE:
            log_decision(job, answer, applied)
        if applied is not None:
            _count(summary, applied)
        return summary

    def _judge(self, job: Claimed, answer: Answer) -> bool:
        """Tell the gate what this call showed; True when it belongs to an outage (no attempt)."""
        with self._lock:
            before = self.gate.pause
            if answer.outcome is Outcome.AUTH:
                self.gate.auth_failed(self.mono(), self._local_now(), answer.message)
                verdict = None
            elif not answer.reached_bpjs:
                verdict = self.gate.transport_failed(
                    self.mono(), self._local_now(), job.visit_id, job.id, answer.message
                )
            else:
                self.gate.answered()
                verdict = None
            after = self.gate.pause
        if before is None and after is not None:
            if after.kind is PauseKind.AUTH:
                log.error(
                    "BPJS refused authentication (%s); sending paused, jobs kept", answer.message
                )
            else:
                log.error(
                    "BPJS cannot be reached (%s, for %d visits in a row); sending paused, "
                    "no attempt spent, next try in %.0fs",
                    answer.message,
                    self.gate.outage_threshold,
                    self.gate.outage_probe_seconds,
                )
        elif before is not None and after is None:
            log.warning(
                "BPJS answers again (%s pause since %s); sending resumed",
                before.kind.value,
                before.since.strftime("%H:%M:%S"),
            )
        for visit_id, job_id in verdict.refund if verdict else ():
            refund_attempt(self.store, job_id, visit_id)
        return verdict is not None and not verdict.spend_attempt


def _count(summary: WorkSummary, decision: Decision) -> None:
    if decision.action is Action.DONE:
        summary.sent += 1
    elif decision.action is Action.RETRY:
        summary.retrying += 1
    elif decision.action is Action.FAIL:
        summary.failed += 1
    elif decision.action is Action.SEND_PREDECESSOR:
        summary.waiting += 1
