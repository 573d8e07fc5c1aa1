"""The window's runtime: one facade over APScheduler, the service driver and the day view.

Every database query and every network call of the GUI happens here, on scheduler threads;
results reach the GUI through :class:`RuntimeBridge` signals. The periodic jobs drive the same
:class:`~antrean_desktop.runtime.service.ServiceDriver` as ``run`` (which days to read, pauses,
probes, back-off come from the pure service core). Requests from the GUI ("sync now", resend,
load a visit's detail) are submitted as one-off scheduler jobs; each request has its own job
id, so a second request never drops the first.
"""

from __future__ import annotations

import itertools
import logging
import threading
import time
from collections.abc import Callable
from datetime import date, datetime, timedelta
from typing import Any

from apscheduler.executors.pool import ThreadPoolExecutor
from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.schedulers.base import BaseScheduler
from apscheduler.triggers.interval import IntervalTrigger
from sqlalchemy import select

from antrean_desktop.config import Config
from antrean_desktop.runtime.bridge import RuntimeBridge
from antrean_desktop.runtime.dashboard import bpjs_client_factory_for, export_report, load_dashboard
from antrean_desktop.runtime.loop import RECONCILE_TICK_SECONDS
from antrean_desktop.runtime.problems import STORE
from antrean_desktop.runtime.service import PipelineLike, ServiceDriver, _migrate
from antrean_desktop.runtime.snapshots import AttemptRow, JobRow, VisitDetail, VisitRow
from antrean_desktop.runtime.view import DayView
from antrean_desktop.store import desk_requests, queries
from antrean_desktop.store.db import Store
from antrean_desktop.store.models import VisitEvent

log = logging.getLogger("antrean.runtime")

#: the answer to "sync now" when the pipeline cannot start (configuration, store)
SYNC_UNAVAILABLE = "unavailable"
#: the answer to "sync now" when a part failed (the problem says which)
SYNC_FAILED = "failed"


#: a wall clock that moved back more than this (against the monotonic clock) was set back
CLOCK_BACK_SECONDS = 5.0


class _Scheduler(BackgroundScheduler):
    """BackgroundScheduler whose shutdown neither races nor blocks, and that keeps going when
    the PC's clock is set back.

    APScheduler 3 flips the state to STOPPED before taking the job-store lock, so a round in
    progress may fail with JobLookupError; and BackgroundScheduler joins its thread without a
    timeout. Here the state changes under the lock, and :meth:`Runtime.stop` joins with a deadline.

    APScheduler plans on the wall clock: set back an hour (as the clock-skew message asks
    operators to do), every job would wait an hour. When the wall clock went back against the
    monotonic clock, every job is due at once and plans from the new time.
    """

    _clock_mark: tuple[float, float] | None = None

    def shutdown(self, wait: bool = True) -> None:
        with self._jobstores_lock:
            BaseScheduler.shutdown(self, wait)
        self._event.set()

    def _process_jobs(self) -> float | None:
        self._follow_clock_back()
        return super()._process_jobs()

    def _follow_clock_back(self) -> None:
        wall, mono = datetime.now(self.timezone).timestamp(), time.monotonic()
        last, self._clock_mark = self._clock_mark, (wall, mono)
        if last is None:
            return
        moved = (wall - last[0]) - (mono - last[1])
        if moved > -CLOCK_BACK_SECONDS:
            return
        log.warning("the clock was set back %.0f s; every job runs now", -moved)
        now = datetime.now(self.timezone)
        for job in self.get_jobs():
            if job.next_run_time is not None and job.next_run_time > now:
                try:
                    job.modify(next_run_time=now)
                except Exception:  # removed meanwhile (a one-off request that ran)
                    log.debug("job %s gone while rescheduling", job.id, exc_info=True)


ResendFn = Callable[[Store, str, "int | None"], int]
ResendFailedFn = Callable[[Store, date], int]


def _default_resend(store: Store, visit_id: str, task_id: int | None, today: date) -> int:
    from antrean_desktop.pipeline.resend import resend

    return resend(store, visit_id, task_id, today=today)  # refuses days BPJS no longer takes


def _default_resend_failed(store: Store, day: date, today: date) -> int:
    from antrean_desktop.pipeline.resend import resend_failed

    return resend_failed(store, day, today=today)


class Runtime:
    """Owns the scheduler, the service driver and the day view."""

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
        mono: Callable[[], float] = time.monotonic,
        max_workers: int = 4,
        bpjs_client_factory: Callable[[], Any] | None | bool = True,
        viewer_only: bool = False,
    ) -> None:
        self.config = config
        self.store = store
        self.bridge = bridge
        self.tz = config.hospital.tz
        self.driver = ServiceDriver(
            config,
            store,
            pipeline_factory=pipeline_factory,
            migrate=migrate,
            poll_seconds=poll_seconds,
            worker_seconds=worker_seconds,
            now=now,
            mono=mono,
            viewer_only=viewer_only,
        )
        self.view = DayView(store, bridge, self.driver)
        self._resend = resend_fn or (lambda st, v, t: _default_resend(st, v, t, self.today()))
        self._resend_failed = resend_failed_fn or (
            lambda st, day: _default_resend_failed(st, day, self.today())
        )
        # the dashboard's BPJS figures: True = a client from the configuration, None = none
        self._own_bpjs_client = bpjs_client_factory is True
        self._bpjs_client_factory = (
            bpjs_client_factory_for(config) if bpjs_client_factory is True else bpjs_client_factory
        )
        self.refresh_seconds = refresh_seconds
        self.poll_seconds = self.driver.poll_seconds
        self.worker_seconds = self.driver.worker_seconds
        # the poll job ticks often; the core decides when a poll is really due (and backs off)
        self._poll_tick = min(self.poll_seconds, max(1.0, self.worker_seconds))
        self.wake_gap_seconds = wake_gap_seconds or max(90.0, 4 * self.poll_seconds)
        self._wall = wall_clock
        self._last_refresh_wall: float | None = None

        self._scheduler = _Scheduler(
            executors={"default": ThreadPoolExecutor(max_workers)},
            job_defaults={"coalesce": True, "max_instances": 1, "misfire_grace_time": None},
            timezone=self.tz,
        )
        self._stopping = threading.Event()
        self._inflight = 0
        self._idle = threading.Condition()
        self._ids = itertools.count(1)
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
            IntervalTrigger(seconds=self._poll_tick, timezone=self.tz),
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
        sched.add_job(
            self._guard(self._reconcile_job),
            IntervalTrigger(seconds=RECONCILE_TICK_SECONDS, timezone=self.tz),
            id="reconcile",
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

        Running jobs see the stop between days and between jobs. A request still in flight after
        the timeout is abandoned: its job's lease expires and the next start sends it again.
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
        if self.driver.pipeline is not None and clean:
            closer = threading.Thread(target=self.driver.close, name="pipeline-close")
            closer.start()  # off the calling (GUI) thread: closing may touch the network
            closer.join(max(0.0, deadline - time.monotonic()))
        for thread in self._threads():
            thread.join(max(0.0, deadline - time.monotonic()))
        clean = clean and not any(t.is_alive() for t in self._threads())
        log.info("runtime stopped%s", "" if clean else " (a request was abandoned)")
        return clean

    def stopping(self) -> bool:
        return self._stopping.is_set()

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
        return self.driver.pipeline

    # --- what the GUI asks for (called on the GUI thread: only schedules work) ----------------

    def today(self) -> date:
        with self.view.lock:
            return self.view.today

    def view_day(self) -> date:
        with self.view.lock:
            return self.view.view_day

    def set_view_day(self, day: date) -> None:
        """Show ``day`` (today follows midnight; other days stay put)."""
        if self.view.set_view_day(day):
            self.request_refresh(full=True)

    def request_refresh(self, full: bool = False) -> None:
        if full:
            self.view.forget()
        self._submit("refresh-now", self._refresh_job)

    def request_sync(self) -> None:
        self._submit(f"sync-{next(self._ids)}", self._sync_now)

    def request_detail(self, visit_id: str) -> None:
        """Load ``visit_id``'s detail; every request runs (the window shows the latest one)."""
        self._submit(f"detail-{next(self._ids)}", self._detail_job, visit_id)

    def request_resend(self, visit_id: str, task_id: int | None = None) -> None:
        self._submit(f"resend-{next(self._ids)}", self._resend_job, visit_id, task_id)

    def request_resend_failed(self, day: date) -> None:
        self._submit(f"resend-failed-{next(self._ids)}", self._resend_failed_job, day)

    def request_fix(self, visit_id: str) -> None:
        """Send again what the last reconciliation found missing at BPJS (operator confirmed)."""
        self._submit(f"fix-{next(self._ids)}", self._fix_job, visit_id)

    def request_dashboard(self, day: date) -> None:
        """Load the compliance dashboard of ``day`` (answer: ``dashboardLoaded``)."""
        self._submit(f"dashboard-{next(self._ids)}", self._dashboard_job, day)

    def request_export(self, start: date, end: date, path: str) -> None:
        """Write the compliance report of ``start``..``end`` to ``path`` (.xlsx or .csv)."""
        self._submit(f"export-{next(self._ids)}", self._export_job, start, end, path)

    def request_clear_auth_problem(self) -> None:
        self._submit("clear-auth", self._clear_auth_job)

    def apply_config(self, config: Config) -> None:
        """Take up settings saved while running (off the GUI thread; the driver waits for the
        cycle in progress). ``actionFinished("settings", "")`` when done."""
        self._submit(f"apply-config-{next(self._ids)}", self._apply_config_job, config)

    def request_retry_now(self) -> None:
        """ "Kirim ulang sekarang": what waits for its next try goes now, a pause probes now."""
        self._submit(f"retry-now-{next(self._ids)}", self._retry_now_job)

    def request_pause_sending(self) -> None:
        """The tray's "Jeda pengiriman": nothing is sent until resumed (polling goes on).
        The hold is a flag of the service core, set here so that a pause and a resume follow
        in the order clicked; the status is published by a job."""
        self.driver.hold_sending()
        self._submit(f"hold-{next(self._ids)}", self._hold_job)

    def request_resume_sending(self) -> None:
        """The tray's "Lanjutkan pengiriman": what is due is sent now."""
        self.driver.resume_sending()
        self._submit(f"resume-{next(self._ids)}", self._resume_job)

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

    # --- the jobs (scheduler threads) -----------------------------------------------------------

    def _startup(self) -> None:
        self.driver.ensure_ready()
        self._refresh_job()

    def _poll_job(self) -> None:
        if self.driver.poll_cycle(self.stopping) is not None:
            self._refresh_job()

    def _work_job(self) -> None:
        if self.driver.work_cycle(self.stopping) is not None:
            self._refresh_job()

    def _asked_active_desk(self, action: str, kind: str, **what: object) -> bool:
        """On a viewer desk (a shared store, another desk sends): the active desk carries the
        request out within its next worker tick; its answer goes to the window as
        ``actionFinished(action, result)``. False on the desk that sends (it does it itself)."""
        if not self.driver.viewer():
            return False
        result = self.driver.ask_active_desk(kind, self.stopping, **what)
        self._refresh_job()
        self.bridge.safe_emit("actionFinished", action, result)
        return True

    def _sync_now(self) -> None:
        """ "Sync now": always answers ``actionFinished("sync", outcome)``, whatever happens."""
        outcome = SYNC_FAILED
        try:
            ready = self.driver.ensure_ready()
            if self.driver.viewer():
                outcome = self.driver.ask_active_desk(desk_requests.SYNC, self.stopping)
            elif ready is None:
                outcome = SYNC_UNAVAILABLE
            elif self.driver.sync_now(self.stopping):
                outcome = ""
            self._refresh_job()
        finally:
            self.bridge.safe_emit("actionFinished", "sync", outcome)

    def _kick_work(self) -> None:
        """After a resend: queue what is ready and send it now."""
        pipeline = self.driver.ensure_ready()
        if pipeline is not None:
            with self.driver.work_lock:
                pipeline.build()
            self.driver.work_cycle(self.stopping, force=True)

    def _resend_job(self, visit_id: str, task_id: int | None) -> None:
        self.driver.ensure_ready()
        if self._asked_active_desk(
            "resend", desk_requests.RESEND, visit_id=visit_id, task_id=task_id
        ):
            return
        count = self._resend(self.store, visit_id, task_id)
        log.info("resend %s task %s: %d re-queued", visit_id, task_id or "all", count)
        self._refresh_job()
        self.bridge.safe_emit("actionFinished", "resend", str(count))
        self._kick_work()
        self._refresh_job()

    def _resend_failed_job(self, day: date) -> None:
        self.driver.ensure_ready()
        if self._asked_active_desk("resend", desk_requests.RESEND_FAILED, day=day):
            return
        count = self._resend_failed(self.store, day)
        log.info("resend failed of %s: %d re-queued", day, count)
        self._refresh_job()
        self.bridge.safe_emit("actionFinished", "resend", str(count))
        self._kick_work()
        self._refresh_job()

    def _retry_now_job(self) -> None:
        from antrean_desktop.pipeline.resend import retry_now

        pipeline = self.driver.ensure_ready()
        if self._asked_active_desk("retry_now", desk_requests.RETRY_NOW):
            return
        count = retry_now(self.store)
        if pipeline is not None:
            pipeline.clear_auth_problem()  # a paused sending probes at the next round
        self.bridge.safe_emit("actionFinished", "retry_now", str(count))
        self._kick_work()
        self._refresh_job()

    def _hold_job(self) -> None:
        self.driver.save_hold()
        self._refresh_job()

    def _resume_job(self) -> None:
        self.driver.save_hold()
        self._refresh_job()
        if self.driver.work_cycle(self.stopping) is not None:
            self._refresh_job()

    def _clear_auth_job(self) -> None:
        pipeline = self.driver.ensure_ready()
        if self._asked_active_desk("retry_now", desk_requests.RETRY_NOW):
            return  # the paused sending is the active desk's: it probes at once
        if pipeline is not None:
            pipeline.clear_auth_problem()
        self._refresh_job()

    def _fix_job(self, visit_id: str) -> None:
        from antrean_desktop.pipeline.reconcile import forget_fixed, queue_recorded_fixes

        self.driver.ensure_ready()
        if self._asked_active_desk("resend", desk_requests.FIX, visit_id=visit_id):
            return
        queued = queue_recorded_fixes(self.store, visit_id, self.today())
        log.info("resend of what BPJS lacks for %s: tasks %s", visit_id, queued)
        self._refresh_job()
        self.bridge.safe_emit("actionFinished", "resend", str(len(queued)))
        if queued:
            self._kick_work()
            forget_fixed(self.store, {visit_id: queued})
        self._refresh_job()

    def _reconcile_job(self) -> None:
        if self.driver.reconcile_cycle(self.stopping):
            self._refresh_job()

    def _apply_config_job(self, config: Config) -> None:
        self.driver.apply_config(config)
        self.config = config
        if self._own_bpjs_client:
            self._bpjs_client_factory = bpjs_client_factory_for(config)
        self.poll_seconds = self.driver.poll_seconds
        self.worker_seconds = self.driver.worker_seconds
        self._poll_tick = min(self.poll_seconds, max(1.0, self.worker_seconds))
        for job_id, seconds in (("poll", self._poll_tick), ("work", self.worker_seconds)):
            try:
                self._scheduler.reschedule_job(
                    job_id, trigger=IntervalTrigger(seconds=seconds, timezone=self.tz)
                )
            except Exception:  # stopping: the job is gone
                log.debug("rescheduling %s", job_id, exc_info=True)
        self._submit("poll-now", self._poll_job)
        self.bridge.safe_emit("actionFinished", "settings", "")

    def _dashboard_job(self, day: date) -> None:
        self.driver.ensure_ready()
        data = load_dashboard(self.store, self.config, day, self._bpjs_client_factory)
        self.bridge.safe_emit("dashboardLoaded", data)

    def _export_job(self, start: date, end: date, path: str) -> None:
        self.driver.ensure_ready()
        export_report(self.store, self.config, start, end, path)
        self.bridge.safe_emit("actionFinished", "export", path)

    def _detail_job(self, visit_id: str) -> None:
        self.driver.ensure_ready()
        with self.store.session() as session:
            visit = session.scalar(select(VisitEvent).where(VisitEvent.visit_id == visit_id))
            if visit is None:  # gone meanwhile (retention): say so, not "loading" for ever
                log.info("detail of %s: not in the store", visit_id)
                self.bridge.safe_emit("problem", "detail_job", f"visit {visit_id} not in the store")
                return
            row = VisitRow.from_visit(visit)
        jobs = tuple(JobRow.from_job(j) for j in queries.jobs_for_visit(self.store, visit_id))
        attempts = tuple(
            AttemptRow.from_attempt(a) for a in queries.attempts_for_visit(self.store, visit_id)
        )
        self.bridge.safe_emit("detailLoaded", VisitDetail(row, jobs, attempts))

    def _refresh_job(self) -> None:
        """Notice midnight and wake-up, then publish what changed for the viewed day."""
        self.driver.ensure_ready()
        self._check_clock()
        try:
            self.view.refresh()
            if self.driver.recovered(STORE) is not None:
                self.view.publish_status()
        except Exception as exc:  # the store fails: say so in the status bar, keep going
            self.driver.report_failure(exc, source=STORE)
            self.view.publish_status()  # without the store's numbers

    def _check_clock(self) -> None:
        """Midnight switches today (and the view, if it followed today); a long gap between
        refreshes (sleep, hibernation) triggers an immediate poll."""
        wall = self._wall()
        last, self._last_refresh_wall = self._last_refresh_wall, wall
        today = self.driver.now().date()
        new_day = self.view.new_day(today)
        if new_day:
            log.info("a new day: %s", today)
            self.bridge.safe_emit("dayChanged", today)
        if last is not None and wall - last > self.wake_gap_seconds:
            log.info("woke up after %.0f s; polling now", wall - last)
            self.driver.poll_soon()
            self._submit("poll-now", self._poll_job)
        elif new_day:
            self._submit("poll-now", self._poll_job)
