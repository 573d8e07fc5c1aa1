"""The background side of the window: APScheduler jobs that poll, build, send and refresh.

Every database query and every network call of the GUI happens here, on scheduler threads;
results reach the GUI through :class:`RuntimeBridge` signals. Requests from the GUI ("sync now",
resend, load a visit's detail) are submitted as one-off scheduler jobs.
"""

from __future__ import annotations

import itertools
import logging
import threading
import time
from collections.abc import Callable
from datetime import date, datetime, timedelta
from typing import Any, Protocol

from apscheduler.executors.pool import ThreadPoolExecutor
from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.schedulers.base import BaseScheduler
from apscheduler.triggers.interval import IntervalTrigger
from sqlalchemy import select

from antrean_desktop.config import Config
from antrean_desktop.domain.tasks import TaskStatus
from antrean_desktop.runtime.bridge import RuntimeBridge
from antrean_desktop.runtime.snapshots import (
    AttemptRow,
    JobRow,
    StatusSnapshot,
    VisitDetail,
    VisitRow,
)
from antrean_desktop.store import queries
from antrean_desktop.store.db import Store
from antrean_desktop.store.models import SendAttempt, VisitEvent

log = logging.getLogger("antrean.runtime")

#: re-read rows changed this long before the newest change we saw (commit order != changed_ms order)
CHANGE_OVERLAP_MS = 5_000
#: outcomes that prove BPJS answered (even if it refused the data)
_BPJS_REACHED = {"SUCCESS", "TERMINAL", "NEEDS_PREDECESSOR", "PERMANENT"}


class _Scheduler(BackgroundScheduler):
    """BackgroundScheduler whose shutdown neither races nor blocks.

    APScheduler 3 flips the state to STOPPED before taking the job-store lock, so a round in
    progress may fail with JobLookupError; and BackgroundScheduler joins its thread without a
    timeout. Here the state changes under the lock, and :meth:`Runtime.stop` joins with a deadline.
    """

    def shutdown(self, wait: bool = True) -> None:
        with self._jobstores_lock:
            BaseScheduler.shutdown(self, wait)
        self._event.set()


class PipelineLike(Protocol):
    auth_problem: str | None

    def poll(self, day: date) -> object: ...
    def build(self) -> int: ...
    def work_due(self, max_jobs: int | None = None) -> object: ...
    def sync(self, day: date) -> object: ...
    def clear_auth_problem(self) -> None: ...
    def close(self) -> None: ...


ResendFn = Callable[[Store, str, "int | None"], int]
ResendFailedFn = Callable[[Store, date], int]


def _default_pipeline_factory(config: Config, store: Store) -> Callable[[], PipelineLike]:
    def make() -> PipelineLike:
        from antrean_desktop.pipeline.service import Pipeline

        return Pipeline(config, store, owner="gui")

    return make


def _default_resend(store: Store, visit_id: str, task_id: int | None, today: date) -> int:
    from antrean_desktop.pipeline.resend import resend

    return resend(store, visit_id, task_id, today=today)  # refuses days BPJS no longer takes


def _default_resend_failed(store: Store, day: date, today: date) -> int:
    from antrean_desktop.pipeline.resend import resend_failed

    return resend_failed(store, day, today=today)


def _migrate(store: Store) -> None:
    from antrean_desktop.store import migrate

    migrate.upgrade(store.engine)


class Runtime:
    """Owns the scheduler, the pipeline and the view state the refresh job works from."""

    def __init__(
        self,
        config: Config,
        store: Store,
        bridge: RuntimeBridge,
        *,
        pipeline_factory: Callable[[], PipelineLike] | None = None,
        resend_fn: ResendFn | None = None,
        resend_failed_fn: ResendFailedFn | None = None,
        migrate: Callable[[Store], None] | None = _migrate,
        refresh_seconds: float = 2.0,
        poll_seconds: float | None = None,
        worker_seconds: float | None = None,
        wake_gap_seconds: float | None = None,
        now: Callable[[], datetime] | None = None,
        wall_clock: Callable[[], float] = time.time,
        max_workers: int = 4,
    ) -> None:
        self.config = config
        self.store = store
        self.bridge = bridge
        self.tz = config.hospital.tz
        self._pipeline_factory = pipeline_factory or _default_pipeline_factory(config, store)
        self._resend = resend_fn or (lambda st, v, t: _default_resend(st, v, t, self.today()))
        self._resend_failed = resend_failed_fn or (
            lambda st, day: _default_resend_failed(st, day, self.today())
        )
        self._migrate = migrate
        self.refresh_seconds = refresh_seconds
        self.poll_seconds = float(poll_seconds or config.schedule.poll_seconds)
        self.worker_seconds = float(worker_seconds or config.schedule.worker_seconds)
        self.wake_gap_seconds = wake_gap_seconds or max(90.0, 4 * self.poll_seconds)
        self._now = now or (lambda: datetime.now(self.tz))
        self._wall = wall_clock

        self._scheduler = _Scheduler(
            executors={"default": ThreadPoolExecutor(max_workers)},
            job_defaults={"coalesce": True, "max_instances": 1, "misfire_grace_time": None},
            timezone=self.tz,
        )
        self._pipeline: PipelineLike | None = None
        self._ready = False
        self._ready_lock = threading.Lock()
        self._poll_lock = threading.Lock()
        self._work_lock = threading.Lock()
        self._refresh_lock = threading.Lock()
        self._state_lock = threading.Lock()
        self._stopping = threading.Event()
        self._inflight = 0
        self._idle = threading.Condition()
        self._ids = itertools.count(1)

        self._today = self._now().date()
        self._view_day = self._today
        self._follow_today = True
        self._generation = 0  # bumped when the view day changes; a refresh of an old day is dropped
        self._known: dict[str, VisitRow] = {}
        self._known_day: date | None = None
        self._last_changed_ms = 0
        self._last_refresh_wall: float | None = None
        self._last_poll_at: datetime | None = None
        self._khanza_ok: bool | None = None
        self._khanza_error = ""
        self._last_status: StatusSnapshot | None = None
        self.started = False

    # --- lifecycle -----------------------------------------------------------------------------

    def start(self) -> None:
        """Start the scheduler: start-up (migrate, build the pipeline), then the periodic jobs."""
        if self.started:
            return
        self.started = True
        now = datetime.now(self.tz)  # the scheduler runs on the real clock
        sched = self._scheduler
        sched.add_job(self._guard(self._startup), id="startup", next_run_time=now)
        sched.add_job(
            self._guard(self._poll_job),
            IntervalTrigger(seconds=self.poll_seconds, timezone=self.tz),
            id="poll",
            next_run_time=now + timedelta(milliseconds=200),
        )
        sched.add_job(
            self._guard(self._work_job),
            IntervalTrigger(seconds=self.worker_seconds, timezone=self.tz),
            id="work",
        )
        sched.add_job(
            self._guard(self._refresh_job),
            IntervalTrigger(seconds=self.refresh_seconds, timezone=self.tz),
            id="refresh",
            next_run_time=now,
        )
        sched.start()
        log.info(
            "runtime started: poll every %ss, send every %ss, refresh every %ss",
            self.poll_seconds,
            self.worker_seconds,
            self.refresh_seconds,
        )

    def stop(self, timeout: float = 5.0) -> bool:
        """Stop the scheduler and wait up to ``timeout`` s for running jobs; True if all ended.

        A request still in flight after the timeout is abandoned: its job's lease expires and the
        next start sends it again.
        """
        deadline = time.monotonic() + timeout
        self._stopping.set()
        if self.started:
            try:
                self._scheduler.shutdown(wait=False)
            except Exception:  # already stopped
                log.debug("scheduler shutdown", exc_info=True)
        with self._idle:
            while self._inflight and time.monotonic() < deadline:
                self._idle.wait(max(0.0, deadline - time.monotonic()))
            clean = self._inflight == 0
        if self._pipeline is not None and clean:
            closer = threading.Thread(target=self._close_pipeline, name="pipeline-close")
            closer.start()  # off the calling (GUI) thread: closing may touch the network
            closer.join(max(0.0, deadline - time.monotonic()))
        for thread in self._threads():
            thread.join(max(0.0, deadline - time.monotonic()))
        clean = clean and not any(t.is_alive() for t in self._threads())
        log.info("runtime stopped%s", "" if clean else " (a request was abandoned)")
        return clean

    def _close_pipeline(self) -> None:
        try:
            if self._pipeline is not None:
                self._pipeline.close()
        except Exception:
            log.warning("closing the pipeline failed", exc_info=True)

    def _threads(self) -> list[threading.Thread]:
        threads: list[threading.Thread] = []
        sched_thread = getattr(self._scheduler, "_thread", None)
        if isinstance(sched_thread, threading.Thread):
            threads.append(sched_thread)
        executor = self._scheduler._executors.get("default")
        pool = getattr(executor, "_pool", None)
        threads.extend(getattr(pool, "_threads", ()) or ())
        return [t for t in threads if t is not threading.current_thread()]

    @property
    def pipeline(self) -> PipelineLike | None:
        return self._pipeline

    # --- what the GUI asks for (called on the GUI thread: only schedules work) ----------------

    def today(self) -> date:
        with self._state_lock:
            return self._today

    def view_day(self) -> date:
        with self._state_lock:
            return self._view_day

    def set_view_day(self, day: date) -> None:
        """Show ``day`` (today follows midnight; other days stay put)."""
        with self._state_lock:
            if day == self._view_day:
                return
            self._view_day = day
            self._follow_today = day == self._today
            self._generation += 1
        self.request_refresh(full=True)

    def request_refresh(self, full: bool = False) -> None:
        if full:
            with self._state_lock:
                self._known_day = None
        self._submit("refresh-now", self._refresh_job)

    def request_sync(self) -> None:
        self._submit("sync-now", self._sync_now)

    def request_detail(self, visit_id: str) -> None:
        self._submit("detail", self._detail_job, visit_id)

    def request_resend(self, visit_id: str, task_id: int | None = None) -> None:
        self._submit(f"resend-{next(self._ids)}", self._resend_job, visit_id, task_id)

    def request_resend_failed(self, day: date) -> None:
        self._submit(f"resend-failed-{next(self._ids)}", self._resend_failed_job, day)

    def request_clear_auth_problem(self) -> None:
        self._submit("clear-auth", self._clear_auth_job)

    def _submit(self, job_id: str, fn: Callable[..., Any], *args: Any) -> None:
        if self._stopping.is_set() or not self.started:
            log.debug("not submitting %s: runtime not running", job_id)
            return
        self._scheduler.add_job(
            self._guard(fn),
            id=job_id,
            args=args,
            replace_existing=True,
            next_run_time=datetime.now(self.tz),
        )

    # --- job plumbing ---------------------------------------------------------------------------

    def _guard(self, fn: Callable[..., Any]) -> Callable[..., Any]:
        name = getattr(fn, "__name__", "job").strip("_")

        def run(*args: Any) -> None:
            if self._stopping.is_set():
                return
            with self._idle:
                self._inflight += 1
            try:
                fn(*args)
            except Exception as exc:
                log.exception("%s failed", name)
                self.bridge.safe_emit("problem", name, f"{type(exc).__name__}: {exc}")
            finally:
                with self._idle:
                    self._inflight -= 1
                    self._idle.notify_all()

        run.__name__ = name
        return run

    def _ensure_ready(self) -> PipelineLike | None:
        if self._ready:
            return self._pipeline
        with self._ready_lock:
            if not self._ready:
                if self._migrate is not None:
                    self._migrate(self.store)
                self._ready = True
            if self._pipeline is None:
                try:
                    self._pipeline = self._pipeline_factory()
                except Exception as exc:
                    log.warning("the send pipeline cannot start: %s: %s", type(exc).__name__, exc)
                    self.bridge.safe_emit("problem", "pipeline", f"{type(exc).__name__}: {exc}")
        return self._pipeline

    # --- the jobs (scheduler threads) -----------------------------------------------------------

    def _startup(self) -> None:
        self._ensure_ready()
        self._refresh_job()

    def _poll_job(self) -> None:
        pipeline = self._ensure_ready()
        if pipeline is None or not self._poll_lock.acquire(blocking=False):
            return
        try:
            self._poll_and_build(pipeline, self.today())
        finally:
            self._poll_lock.release()
        self._refresh_job()

    def _poll_and_build(self, pipeline: PipelineLike, day: date) -> None:
        try:
            pipeline.poll(day)
        except Exception as exc:
            self._khanza_ok, self._khanza_error = False, f"{type(exc).__name__}: {exc}"
            log.warning("Khanza poll failed: %s", self._khanza_error)
            self.bridge.safe_emit("problem", "poll", self._khanza_error)
        else:
            self._khanza_ok, self._khanza_error = True, ""
            self._last_poll_at = self._now()
        pipeline.build()  # what is already in the store can still be queued without Khanza

    def _work_job(self) -> None:
        pipeline = self._ensure_ready()
        if pipeline is None or pipeline.auth_problem or not self._work_lock.acquire(blocking=False):
            return
        try:
            pipeline.work_due()
        finally:
            self._work_lock.release()
        self._refresh_job()

    def _sync_now(self) -> None:
        pipeline = self._ensure_ready()
        if pipeline is None:
            self.bridge.safe_emit("actionFinished", "sync", "pipeline not available")
            return
        with self._poll_lock, self._work_lock:
            self._poll_and_build(pipeline, self.today())
            if not pipeline.auth_problem:
                pipeline.work_due()
        self._refresh_job()
        self.bridge.safe_emit("actionFinished", "sync", "")

    def _kick_work(self) -> None:
        """After a resend: queue what is ready and send it now."""
        pipeline = self._ensure_ready()
        if pipeline is not None and not pipeline.auth_problem:
            with self._work_lock:
                pipeline.build()
                pipeline.work_due()

    def _resend_job(self, visit_id: str, task_id: int | None) -> None:
        self._ensure_ready()
        count = self._resend(self.store, visit_id, task_id)
        log.info("resend %s task %s: %d re-queued", visit_id, task_id or "all", count)
        self._refresh_job()
        self.bridge.safe_emit("actionFinished", "resend", str(count))
        self._kick_work()
        self._refresh_job()

    def _resend_failed_job(self, day: date) -> None:
        self._ensure_ready()
        count = self._resend_failed(self.store, day)
        log.info("resend failed of %s: %d re-queued", day, count)
        self._refresh_job()
        self.bridge.safe_emit("actionFinished", "resend", str(count))
        self._kick_work()
        self._refresh_job()

    def _clear_auth_job(self) -> None:
        pipeline = self._ensure_ready()
        if pipeline is not None:
            pipeline.clear_auth_problem()
        self._refresh_job()

    def _detail_job(self, visit_id: str) -> None:
        self._ensure_ready()
        with self.store.session() as session:
            visit = session.scalar(select(VisitEvent).where(VisitEvent.visit_id == visit_id))
            if visit is None:
                return
            row = VisitRow.from_visit(visit)
        jobs = tuple(JobRow.from_job(j) for j in queries.jobs_for_visit(self.store, visit_id))
        attempts = tuple(
            AttemptRow.from_attempt(a) for a in queries.attempts_for_visit(self.store, visit_id)
        )
        self.bridge.safe_emit("detailLoaded", VisitDetail(row, jobs, attempts))

    def _refresh_job(self) -> None:
        """Read what changed for the viewed day and publish it; notice midnight and wake-up."""
        self._ensure_ready()
        with self._refresh_lock:
            self._check_clock()
            with self._state_lock:
                day, generation = self._view_day, self._generation
                full = self._known_day != day
            if full:
                rows = [VisitRow.from_visit(v) for v in queries.day_visits(self.store, day)]
                failed: list[tuple[VisitRow, int]] = []
                with self._state_lock:
                    if generation != self._generation:
                        return
                    self._known = {r.visit_id: r for r in rows}
                    self._known_day = day
                    self._last_changed_ms = max((r.changed_ms for r in rows), default=0)
                self.bridge.safe_emit("visitsReset", day, rows)
            else:
                since = max(0, self._last_changed_ms - CHANGE_OVERLAP_MS)
                fresh = [
                    VisitRow.from_visit(v)
                    for v in queries.visits_changed_since(self.store, day, since)
                ]
                with self._state_lock:
                    if generation != self._generation:
                        return
                    changed = [r for r in fresh if self._known.get(r.visit_id) != r]
                    failed = [
                        (r, int(k))
                        for r in changed
                        for k in _newly_failed(self._known.get(r.visit_id), r)
                    ]
                    for r in changed:
                        self._known[r.visit_id] = r
                        self._last_changed_ms = max(self._last_changed_ms, r.changed_ms)
                if changed:
                    self.bridge.safe_emit("visitsUpdated", day, changed)
                if failed:
                    self.bridge.safe_emit("tasksFailed", failed)
            self._publish_status(day)

    def _publish_status(self, day: date) -> None:
        with self._state_lock:
            rows = list(self._known.values())
        depth = queries.queue_depth(self.store)
        with self.store.session() as session:
            last = session.scalar(select(SendAttempt).order_by(SendAttempt.id.desc()).limit(1))
            outcome = last.outcome if last is not None else None
            message = (last.bpjs_message or "") if last is not None else ""
        pipeline = self._pipeline
        auth = getattr(pipeline, "auth_problem", None) if pipeline is not None else None
        if outcome is None:
            bpjs_ok, bpjs_error = None, ""
        elif outcome in _BPJS_REACHED:
            bpjs_ok, bpjs_error = True, ""
        else:
            bpjs_ok, bpjs_error = False, message or outcome
        snapshot = StatusSnapshot(
            today=self.today(),
            day=day,
            counts=queries.count_tasks(rows),  # type: ignore[arg-type]  # duck-typed rows
            queue_depth=depth,
            last_poll_at=self._last_poll_at,
            khanza_ok=self._khanza_ok,
            khanza_error=self._khanza_error,
            bpjs_ok=False if auth else bpjs_ok,
            bpjs_error=auth or bpjs_error,
            auth_problem=auth,
        )
        if snapshot != self._last_status:
            self._last_status = snapshot
            self.bridge.safe_emit("statusChanged", snapshot)

    def _check_clock(self) -> None:
        """Midnight switches today (and the view, if it followed today); a long gap between
        refreshes (sleep, hibernation) triggers an immediate poll."""
        wall = self._wall()
        last, self._last_refresh_wall = self._last_refresh_wall, wall
        today = self._now().date()
        new_day = False
        with self._state_lock:
            if today != self._today:
                new_day = True
                self._today = today
                if self._follow_today:
                    self._view_day = today
                    self._generation += 1
        if new_day:
            log.info("a new day: %s", today)
            self.bridge.safe_emit("dayChanged", today)
        if last is not None and wall - last > self.wake_gap_seconds:
            log.info("woke up after %.0f s; polling now", wall - last)
            self._submit("poll-now", self._poll_job)
        elif new_day:
            self._submit("poll-now", self._poll_job)


def _newly_failed(before: VisitRow | None, after: VisitRow) -> list[str]:
    if before is None:
        return []
    failed = TaskStatus.FAILED_BPJS.value
    return [
        key
        for key, entry in after.task_progress.items()
        if entry.get("status") == failed and before.task(int(key)).get("status") != failed
    ]
