"""The service driver: carries out the service core's decisions on the pipeline.

Both runtimes use it -- the window from APScheduler jobs (:mod:`antrean_desktop.runtime.scheduler`)
and ``run`` from a plain loop (:mod:`antrean_desktop.runtime.loop`) -- so they read the same days,
pause and probe the same way, and survive the same errors. No Qt here.

Every cycle catches every error: Khanza and the local store failing are told to the
:class:`ProblemLog` (logged once, with a repeat count) and the next try backs off. A stop request
(``should_stop``) is checked between days and passed to the sender, which checks it between jobs.

Several desks on one shared store (``store/desk_lease.py``): the driver polls, sends and
reconciles only while its desk holds the desk lease; otherwise it is a viewer and leaves the
work (and the requests it writes, ``store/desk_requests.py``) to the active desk. A heartbeat
thread keeps or takes the lease; the pipeline writes through the lease's fenced store.
``viewer_only=True`` (or ``driver.lease.force_viewer(reason)`` at start-up, e.g. when the
store is newer than this program) keeps this desk a viewer.
"""

from __future__ import annotations

import logging
import math
import os
import socket
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any, Protocol

from sqlalchemy.exc import SQLAlchemyError

from antrean_desktop.config import Config
from antrean_desktop.domain.desks import DeskState
from antrean_desktop.domain.reconcile_plan import ReconcilePlanner, parse_hhmm
from antrean_desktop.domain.service_core import (
    DayPlanner,
    Pause,
    SendGate,
    SendMode,
    ServiceCore,
    sending_window,
)
from antrean_desktop.pipeline.builder import BuildResult
from antrean_desktop.runtime.problems import INTERNAL, KHANZA, STORE, Problem, ProblemLog, describe
from antrean_desktop.store.db import Store
from antrean_desktop.store.desk_lease import DeskLease, LeaseLost
from antrean_desktop.store.desk_state import desk_name
from antrean_desktop.store.migrate import StoreTooNew
from antrean_desktop.store.queries import unfinished_days
from antrean_desktop.store.service_state import save_gate_pause, save_problem

log = logging.getLogger("antrean.service")

StopFn = Callable[[], bool]

#: how often a viewer desk looks whether the sending desk is still alive (one small read)
VIEWER_LOOK_SECONDS = 1.0


#: how often a running desk reads the store's version again (another desk may upgrade it)
VERSION_CHECK_SECONDS = 5.0


def never() -> bool:
    return False


class PipelineLike(Protocol):
    """What the driver needs of :class:`antrean_desktop.pipeline.service.Pipeline`."""

    auth_problem: str | None

    def poll(self, day: date) -> object: ...
    def build(self) -> BuildResult: ...
    def work_due(self, max_jobs: int | None = None, should_stop: StopFn = never) -> object: ...
    def clear_auth_problem(self) -> None: ...
    def close(self) -> None: ...


ReconcileFn = Callable[[list[date], StopFn], list[Any]]


def _default_reconcile(config: Config, store: Store) -> ReconcileFn | None:
    """Scheduled reconciliation needs BPJS credentials; without them there is none."""
    if not (config.bpjs.cons_id and config.bpjs.secret_key and config.bpjs.user_key):
        return None

    def reconcile(days: list[date], should_stop: StopFn) -> list[Any]:
        from antrean_desktop.pipeline.reconcile import reconcile_days

        return reconcile_days(store, config, days, should_stop)

    return reconcile


def _migrate(store: Store) -> None:
    from antrean_desktop.store import migrate

    migrate.upgrade(store.engine)


def default_pipeline_factory(
    config: Config,
    store: Store,
    gate: SendGate,
    owner: str | None = None,
    audit_store: Store | None = None,
) -> Callable[[], PipelineLike]:
    """The real pipeline, its worker sharing the core's gate (pauses and probes); ``store`` is
    the desk lease's fenced store on a shared store, ``audit_store`` the plain one (calls are
    recorded even after the lease was lost)."""

    def make() -> PipelineLike:
        from antrean_desktop.pipeline.service import Pipeline

        return Pipeline(config, store, owner=owner, gate=gate, audit_store=audit_store)

    return make


def make_owner() -> str:
    """This process on every desk: host, process id and a random part (a restarted desk with
    the same pid is still another process)."""
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:6]}"


@dataclass(frozen=True)
class PollReport:
    days: tuple[date, ...]  # days read completely
    ok: bool  # False: Khanza or the store failed (see the problems)


class ServiceDriver:
    """One per runtime. Thread-safe: the window polls and sends on different threads."""

    def __init__(
        self,
        config: Config,
        store: Store,
        *,
        pipeline_factory: Callable[[], PipelineLike] | None = None,
        migrate: Callable[[Store], None] | None = _migrate,
        poll_seconds: float | None = None,
        worker_seconds: float | None = None,
        now: Callable[[], datetime] | None = None,
        mono: Callable[[], float] = time.monotonic,
        problems: ProblemLog | None = None,
        reconcile_fn: ReconcileFn | None | bool = True,
        lease: DeskLease | None = None,
        viewer_only: bool = False,
    ) -> None:
        self.config = config
        self.store = store
        self.owner = lease.process if lease is not None else make_owner()
        self.lease = lease or DeskLease(
            store,
            desk_name(config),
            self.owner,
            config.store.takeover_seconds,
            viewer_only=viewer_only,
            mono=mono,
        )
        self.lease.on_change = self._lease_changed
        self._beat_stop = threading.Event()
        self._beating: threading.Thread | None = None
        self.tz = config.hospital.tz
        self._migrate = migrate
        self.now = now or (lambda: datetime.now(self.tz))
        self.mono = mono
        self.problems = problems or ProblemLog()
        self._fixed_seconds = (poll_seconds, worker_seconds)  # given: not from the config
        self.poll_seconds = float(poll_seconds or config.schedule.poll_seconds)
        self.worker_seconds = float(worker_seconds or config.schedule.worker_seconds)
        gate = SendGate(
            auth_probe_seconds=config.worker.auth_probe_seconds,
            outage_probe_seconds=config.worker.outage_probe_seconds,
        )
        self.core = ServiceCore(DayPlanner(self.poll_seconds), gate, self.worker_seconds)
        #: what the sending pipeline writes through (fenced by the desk lease when shared)
        self.sender_store = self.lease.fenced() if self.lease.shared else store
        self._own_factory = pipeline_factory is None  # made from the config: remade with it
        self._factory = pipeline_factory or default_pipeline_factory(
            config, self.sender_store, gate, self.owner, store
        )
        self._core_lock = threading.Lock()
        self.poll_lock = threading.Lock()
        self.work_lock = threading.Lock()
        self._ready_lock = threading.Lock()
        self._migrated = False
        #: set when the store was migrated by a newer program: this desk then neither migrates
        #: nor builds a pipeline (it must not send); the error says "update this PC"
        self.store_too_new: StoreTooNew | None = None
        self._version_read_at = -1e18  # when check_store_version last read the store's version
        self.pipeline: PipelineLike | None = None
        # scheduled reconciliation with BPJS: True = with the configured credentials, if any
        self._own_reconcile = reconcile_fn is True
        self._reconcile = (
            _default_reconcile(config, self.sender_store) if reconcile_fn is True else reconcile_fn
        )
        self.reconcile_plan = ReconcilePlanner(
            parse_hhmm(config.reconcile.evening_at), parse_hhmm(config.reconcile.window_at)
        )
        self.reconcile_lock = threading.Lock()
        self.last_poll_at: datetime | None = None
        self.khanza_ok: bool | None = None

    # --- start and stop -------------------------------------------------------------------------

    def ensure_ready(self) -> PipelineLike | None:
        """Migrate the store and build the pipeline once; None (problem told) while that fails."""
        if self.pipeline is not None:
            return self.pipeline
        with self._ready_lock:
            try:
                if not self._migrated and self._migrate is not None:
                    self._migrate(self.store)
                self._migrated = True
                self.store_too_new = None
                if self.pipeline is None:
                    self.pipeline = self._factory()
            except Exception as exc:
                if isinstance(exc, StoreTooNew):
                    self.store_too_new = exc
                    self.lease.force_viewer("store_too_new")  # never sends on a newer store
                self.report_failure(exc)
                return None
            self._start_heartbeat()
        self.recovered(STORE)
        return self.pipeline

    def apply_config(self, config: Config) -> None:
        """Take up a changed configuration without a restart (the settings dialog saved it).

        Between cycles (it waits for a poll, a send or a reconciliation in progress), the
        pipeline made from the old configuration is closed; the next cycle builds one from
        ``config`` (Khanza's connection, payer codes, quotas, BPJS's address and keys, ...).
        Poll and send intervals and probe times change at once, and Khanza is read at the next
        tick. The store, the desk lease and the time zone stay as they were opened
        (``config.NEEDS_RESTART``: the window says those need a restart)."""
        with self.poll_lock, self.work_lock, self.reconcile_lock, self._ready_lock:
            old, self.pipeline = self.pipeline, None
            self.config = config
            poll, worker = self._fixed_seconds
            self.poll_seconds = float(poll or config.schedule.poll_seconds)
            self.worker_seconds = float(worker or config.schedule.worker_seconds)
            if self._own_factory:
                self._factory = default_pipeline_factory(
                    config, self.sender_store, self.core.gate, self.owner, self.store
                )
            if self._own_reconcile:
                self._reconcile = _default_reconcile(config, self.sender_store)
            with self._core_lock:
                self.core.days.poll_seconds = self.poll_seconds
                self.core.worker_seconds = self.worker_seconds
                self.core.gate.auth_probe_seconds = config.worker.auth_probe_seconds
                self.core.gate.outage_probe_seconds = config.worker.outage_probe_seconds
                self.reconcile_plan.evening_at = parse_hhmm(config.reconcile.evening_at)
                self.reconcile_plan.window_at = parse_hhmm(config.reconcile.window_at)
                self.core.days.poll_now()
        log.info(
            "settings applied: poll every %ss, send every %ss",
            self.poll_seconds,
            self.worker_seconds,
        )
        if old is not None:
            try:
                old.close()
            except Exception:
                log.warning("closing the pipeline of the old settings failed", exc_info=True)

    # --- the desk lease --------------------------------------------------------------------------

    def sending(self) -> bool:
        """This desk polls and sends (always, on a store of its own)."""
        return self.lease.held

    def viewer(self) -> bool:
        """A desk on a shared store that does not send: its clicks go to the active desk."""
        return self.lease.shared and not self.lease.held

    def ask_active_desk(self, kind: str, stopping: StopFn, **what: object) -> str:
        """A viewer's "Kirim ulang …" or "Sinkron sekarang": carried out by the active desk; its
        result (``runtime/desk_requests.py``: a count, "" done, or why not)."""
        from antrean_desktop.runtime.desk_requests import ask_and_wait

        return ask_and_wait(
            self.store,
            kind,
            self.lease.desk,
            self.lease.takeover_seconds,
            self.worker_seconds,
            stopping,
            mono=self.mono,
            **what,
        )

    def desk_state(self) -> DeskState:
        """Who sends (this desk, another one and its heartbeat age, or nobody)."""
        from antrean_desktop.store.desk_state import desk_state

        return desk_state(
            self.store,
            self.lease.takeover_seconds,
            this_desk_sends=self.sending(),
            too_new=self.store_too_new is not None,
        )

    def check_store_version(self) -> bool:
        """While running: has another desk upgraded the store past this program? Then this
        desk stops sending (it gives the lease up) and says "update this PC"; True then."""
        from antrean_desktop.store.migrate import store_compat

        if self.store_too_new is not None:
            return True
        mono = self.mono()
        if mono - self._version_read_at < VERSION_CHECK_SECONDS:
            return False
        self._version_read_at = mono
        try:
            compat = store_compat(self.store.engine)
        except Exception:  # the store is down: the cycles say so
            log.debug("store version not read", exc_info=True)
            return False
        if not compat.too_new:
            return False
        self.store_too_new = compat.error()
        log.warning("%s; this desk stops sending", self.store_too_new)
        self.lease.force_viewer("store_too_new")
        return True

    def _start_heartbeat(self) -> None:
        if self._beating is not None or self._beat_stop.is_set():
            return
        self.lease.beat()
        if not self.lease.shared:
            return  # one desk's SQLite file: nothing to beat

        def beat() -> None:
            while not self._beat_stop.wait(self.beat_seconds()):
                try:
                    if not self.check_store_version():
                        self.lease.beat()
                        self._tell_store_at_beat()
                    if not self.lease.held:
                        self._let_go_of_kept()
                except Exception:
                    log.exception("desk heartbeat failed; going on")

        self._beating = threading.Thread(target=beat, name="desk-heartbeat", daemon=True)
        self._beating.start()

    def beat_seconds(self) -> float:
        """Seconds to the next heartbeat: the sender renews every ``takeover_seconds / 4`` (1 to
        5 s); a viewer looks every second, so a silent sender's turn passes within about a second
        of ``takeover_seconds`` (looking as seldom as the sender renews added up to 5 s)."""
        if self.lease.held:
            return max(1.0, min(5.0, self.lease.takeover_seconds / 4))
        return VIEWER_LOOK_SECONDS

    def _tell_store_at_beat(self) -> None:
        """A viewer reaches the store only by its heartbeat: it tells the store failing (and
        working again) as the active desk's cycles do."""
        if self.sending():
            return
        if self.lease.store_error is not None:
            self.report_failure(self.lease.store_error, source=STORE)
        elif self.problem(STORE) is not None:
            self.recovered(STORE)

    def _let_go_of_kept(self) -> None:
        """A desk that lost the lease records the calls whose answers it kept while the store
        failed (``Worker.let_go_of_kept``); the store still failing, at a later look."""
        let_go = getattr(self.pipeline, "let_go_of_kept", None)
        if let_go is None:
            return
        try:
            let_go()
        except SQLAlchemyError:
            log.debug("kept answers not recorded yet: the store fails")

    def stop_heartbeat(self) -> None:
        """Stop beating and give the lease up (a viewer takes over at once)."""
        self._beat_stop.set()
        beating, self._beating = self._beating, None
        if beating is not None:
            beating.join(10)
        self.lease.release()

    def _lease_changed(self, active: bool) -> None:
        if active:
            with self._core_lock:
                self.core.days.today = None  # read the whole sending window, as at start-up
                self.core.days.poll_now()
                self.core.next_work = -1e18

    def _active(self, should_stop: StopFn) -> StopFn:
        """``should_stop`` that also stops when this desk lost the lease."""
        return lambda: should_stop() or not self.lease.held

    def close(self) -> None:
        self.stop_heartbeat()
        pipeline, self.pipeline = self.pipeline, None
        if pipeline is not None:
            try:
                pipeline.close()
            except Exception:
                log.warning("closing the pipeline failed", exc_info=True)
        self.lease.close()

    # --- the cycles ----------------------------------------------------------------------------

    def poll_cycle(self, should_stop: StopFn = never, *, force: bool = False) -> PollReport | None:
        """Read the days the core asks for (None when no poll is due), then queue what is ready."""
        pipeline = self.ensure_ready()
        if pipeline is None or not self.sending() or not self.poll_lock.acquire(blocking=False):
            return None
        try:
            return self._poll(pipeline, self._active(should_stop), force)
        except LeaseLost:
            log.info("poll stopped: another desk sends now")
            return None
        finally:
            self.poll_lock.release()

    def _poll(self, pipeline: PipelineLike, should_stop: StopFn, force: bool) -> PollReport | None:
        now = self.now()
        with self._core_lock:
            if not force and not self.core.days.poll_due(self.mono(), now.date()):
                return None
        try:
            window = sending_window(now.date(), self.core.days.window_days)
            unfinished = unfinished_days(self.store, window[0], window[-2])
        except Exception as exc:
            self.report_failure(exc, source=STORE)
            with self._core_lock:
                self.core.days.finished(self.mono(), ok=False)
            return PollReport((), False)
        with self._core_lock:
            if force:
                self.core.days.poll_now()
            days = self.core.tick(self.mono(), now, unfinished).read_days
        if not days:
            return None
        done: list[date] = []
        ok = True
        for day in days:
            if should_stop():
                break
            try:
                pipeline.poll(day)
            except LeaseLost:
                raise
            except Exception as exc:
                self.report_failure(exc, source=KHANZA)
                ok = False
                break  # the next try comes after the back-off
            with self._core_lock:
                self.core.days.read(day)
            done.append(day)
        if ok and done:
            self.khanza_ok = True
            self.last_poll_at = self.now()
            self.recovered(KHANZA)
        try:
            pipeline.build()  # what is already in the store can still be queued without Khanza
        except LeaseLost:
            raise
        except Exception as exc:
            self.report_failure(exc, source=STORE)
            ok = False
        else:
            if ok:
                self.recovered(STORE)
        with self._core_lock:
            self.core.days.finished(self.mono(), ok)
        if len(done) > 1:
            log.debug("read %s", ", ".join(d.isoformat() for d in done))
        return PollReport(tuple(done), ok)

    def work_cycle(self, should_stop: StopFn = never, *, force: bool = False) -> Any:
        """Send what is due (or one probe while paused); the sender's summary or None."""
        pipeline = self.ensure_ready()
        if pipeline is None or not self.sending():
            return None
        should_stop = self._active(should_stop)
        self.carry_out_requests(should_stop)
        with self._core_lock:
            mode = self.core.tick(self.mono(), self.now()).send
            held = self.core.gate.held is not None
        if held or (mode is SendMode.WAIT and not force):  # a hold stops "sync now" too
            return None
        if not self.work_lock.acquire(blocking=False):
            return None
        try:
            summary = pipeline.work_due(should_stop=should_stop)
        except LeaseLost:
            log.info("sending stopped: another desk sends now")
            return None
        except Exception as exc:
            self.report_failure(exc)
            with self._core_lock:
                self.core.work_finished(self.mono(), ok=False)
            return None
        finally:
            self.work_lock.release()
        with self._core_lock:
            self.core.work_finished(self.mono(), ok=True)
        return summary

    def step(self, should_stop: StopFn = never) -> None:
        """One tick of ``run``: poll if due, then send if allowed."""
        self.poll_cycle(should_stop)
        if not should_stop():
            self.work_cycle(should_stop)

    def sync_now(self, should_stop: StopFn = never) -> bool:
        """ "Sync now": read today (and the days the core wants) and send at once; True if clean."""
        ok = self.read_now(should_stop)
        self.work_cycle(should_stop, force=True)
        return ok

    def read_now(self, should_stop: StopFn = never) -> bool:
        """Read from Khanza now (not waiting for the poll interval); True if clean."""
        with self.poll_lock:
            pipeline = self.ensure_ready()
            if pipeline is None or not self.sending():
                return False
            try:
                report = self._poll(pipeline, self._active(should_stop), force=True)
            except LeaseLost:
                return False
        return report is None or report.ok

    def reconcile_cycle(self, should_stop: StopFn = never) -> list[Any] | None:
        """Reconcile what the plan says is due (evening: today; off-peak: the H+7 window), only
        while sending is not paused; the reports, or None when nothing ran or it was put off."""
        from antrean_desktop.pipeline.reconcile import ReconcileError

        if self._reconcile is None or self.pause() is not None or not self.sending():
            return None
        should_stop = self._active(should_stop)
        now, mono = self.now(), self.mono()
        with self._core_lock:
            days = self.reconcile_plan.due(now, mono)
        if not days or not self.reconcile_lock.acquire(blocking=False):
            return None
        reports: list[Any] | None = None
        try:
            reports = self._reconcile(days, should_stop)
        except ReconcileError as exc:  # jobs waiting, BPJS unreachable, stopping: later
            log.info("reconciliation of %s put off: %s", days[-1].isoformat(), exc)
        except LeaseLost:
            log.info("reconciliation stopped: another desk sends now")
        except Exception as exc:
            self.report_failure(exc)
        finally:
            self.reconcile_lock.release()
        with self._core_lock:
            self.reconcile_plan.finished(now, mono, days, reports is not None)
        return reports

    def carry_out_requests(self, should_stop: StopFn = never) -> int:
        """The active desk does what viewers asked ("Kirim ulang", "Sinkron sekarang")."""
        if not self.lease.shared or not self.sending():
            return 0
        from antrean_desktop.runtime.desk_requests import carry_out_waiting

        try:
            return carry_out_waiting(self, should_stop)
        except LeaseLost:
            return 0
        except Exception as exc:
            self.report_failure(exc, source=STORE)
            return 0

    def poll_soon(self) -> None:
        """Read at the next poll tick (after a wake-up from sleep)."""
        with self._core_lock:
            self.core.days.poll_now()

    # --- state for the window and ``status`` --------------------------------------------------

    def pause(self) -> Pause | None:
        """The operator's hold, else an AUTH or outage pause, else None."""
        with self._core_lock:
            return self.core.gate.shown()

    def hold_sending(self) -> None:
        """The operator pauses sending ("Jeda pengiriman"): polling goes on, nothing is sent
        until :meth:`resume_sending` (or the program starts again)."""
        with self._core_lock:
            began = self.core.gate.held is None
            self.core.gate.hold(self.now())
        if began:
            log.info("sending paused by the operator")

    def save_hold(self) -> None:
        """Keep the hold (after a resume: what is under it) in the store, where ``status``
        reads the pause; on a scheduler thread. The worker keeps it up to date from then on."""
        if not self.sending():
            return
        with self._core_lock:
            pause = self.core.gate.shown()
        try:
            save_gate_pause(self.sender_store, pause, self.mono(), self.now())
        except Exception as exc:  # a lost lease, a failing store: status is not told, no more
            log.warning("could not record the operator's pause: %s", type(exc).__name__)

    def resume_sending(self) -> None:
        """The operator resumes sending: what is due goes at the next round."""
        with self._core_lock:
            ended = self.core.gate.release()
            self.core.next_work = -math.inf
        if ended is not None:
            log.info("sending resumed by the operator")

    def problem(self, source: str) -> Problem | None:
        return self.problems.get(source)

    def report_failure(self, exc: BaseException, source: str = INTERNAL) -> Problem:
        """Tell the problem log (logged once per distinct error) and the store (for ``status``).

        ``source`` is the part the cycle was talking to, for errors that do not say it.
        """
        kind, message = describe(exc, self.config.store_url, source)
        if kind == KHANZA:
            self.khanza_ok = False
        if kind == INTERNAL:
            log.debug("cycle failed", exc_info=exc)
        problem = self.problems.failed(kind, message, self.now())
        if kind != STORE:  # a failing store cannot take the note; status names it itself
            save_problem(self.store, kind, message, _utc(problem.since), problem.count)
        return problem

    def recovered(self, source: str) -> Problem | None:
        problem = self.problems.recovered(source)
        if problem is not None:
            save_problem(self.store, source, None)
        return problem


def _utc(moment: datetime) -> datetime:
    return moment.astimezone(UTC).replace(tzinfo=None, microsecond=0)
