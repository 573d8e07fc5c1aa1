"""The headless commands: sync, run, status, resend, check (the GUI has its own entry)."""

from __future__ import annotations

import argparse
import json
import logging
import signal
import threading
import time
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy.exc import SQLAlchemyError

from antrean_desktop.config import Config, redact_url
from antrean_desktop.domain.reasons import render
from antrean_desktop.domain.tasks import JobStatus, TaskStatus
from antrean_desktop.store.db import Store

log = logging.getLogger("antrean.cli")


class CommandFailed(Exception):
    """One line for the user; exit code attached (1 runtime trouble, 2 configuration)."""

    def __init__(self, message: str, exit_code: int = 1) -> None:
        super().__init__(message)
        self.exit_code = exit_code


def _today(config: Config) -> date:
    return datetime.now(config.hospital.tz).date()


def open_store(config: Config) -> Store:
    """Open and migrate the local store, or fail with a message naming it."""
    from antrean_desktop.store import migrate

    store = Store(config.store_url)
    try:
        migrate.upgrade(store.engine)
    except (SQLAlchemyError, OSError, migrate.StoreTooNew) as exc:
        store.dispose()
        detail = str(getattr(exc, "orig", None) or exc).splitlines()[0]
        raise CommandFailed(
            f"local store {redact_url(config.store_url)} cannot be opened: {detail}"
        ) from None
    return store


def require_bpjs(config: Config) -> None:
    missing = [k for k in ("cons_id", "secret_key", "user_key") if not getattr(config.bpjs, k)]
    if missing:
        where = config.path or "the configuration"
        raise CommandFailed(
            f"{where}: [bpjs] {', '.join(missing)} not set (put them in the file, the OS keyring or "
            "ANTREAN_BPJS_CONS_ID / ANTREAN_BPJS_SECRET_KEY / ANTREAN_BPJS_USER_KEY)",
            2,
        )
    if not config.khanza.url:
        raise CommandFailed(
            f"{config.path or 'the configuration'}: [khanza] url not set (or ANTREAN_KHANZA_URL)", 2
        )


def waiting_jobs(store: Store) -> int:
    from sqlalchemy import func, select

    from antrean_desktop.store.models import AntreanJob

    with store.session() as session:
        return (
            session.scalar(
                select(func.count())
                .select_from(AntreanJob)
                .where(AntreanJob.status == JobStatus.PENDING.value)
            )
            or 0
        )


def summary_line(store: Store, day: date) -> str:
    from antrean_desktop.store.queries import day_counts

    c = day_counts(store, day)
    return (
        f"{day.isoformat()}: {c.visits} visits; sent {c.sent}, blocked {c.blocked}, failed {c.failed}, "
        f"waiting {waiting_jobs(store)}"
    )


def _run_cycle(pipeline: Any, day: date, should_stop=lambda: False) -> None:
    from antrean_desktop.pipeline.service import KhanzaUnavailable

    try:
        pipeline.sync(day, should_stop=should_stop)
    except KhanzaUnavailable as exc:
        raise CommandFailed(str(exc)) from None
    except SQLAlchemyError as exc:
        detail = str(getattr(exc, "orig", None) or exc).splitlines()[0]
        raise CommandFailed(
            f"local store {redact_url(pipeline.config.store_url)}: {detail}"
        ) from None


def cmd_sync(args: argparse.Namespace, config: Config) -> int:
    from antrean_desktop.pipeline.service import Pipeline

    require_bpjs(config)
    day = args.date or _today(config)
    store = open_store(config)
    pipeline = Pipeline(config, store)
    try:
        _run_cycle(pipeline, day)
        print(summary_line(store, day))
        if pipeline.auth_problem:
            raise CommandFailed(
                f"BPJS refused authentication ({pipeline.auth_problem}): check cons_id, secret_key, "
                "user_key and this PC's clock; nothing was lost, the jobs wait in the queue"
            )
        return 0
    finally:
        pipeline.close()
        store.dispose()


class ServiceLoop:
    """The body of ``run``: poll on the poll interval (re-reading yesterday once after
    midnight, so late entries are not lost), build, then send what is due."""

    def __init__(self, pipeline: Any, config: Config, today=None, clock=time.monotonic) -> None:
        self.pipeline = pipeline
        self.config = config
        self.today = today or (lambda: _today(config))
        self.clock = clock
        self.next_poll = 0.0
        self.last_day: date | None = None

    def step(self, should_stop=lambda: False) -> None:
        from antrean_desktop.pipeline.service import KhanzaUnavailable

        now = self.clock()
        if now >= self.next_poll:
            day = self.today()
            days = [day] if self.last_day in (None, day) else [self.last_day, day]
            for each in days:
                try:
                    self.pipeline.poll(each)
                except KhanzaUnavailable as exc:
                    log.error("%s (will retry)", exc)
                    break
            else:
                self.last_day = day
            self.pipeline.build()
            self.next_poll = now + self.config.schedule.poll_seconds
        self.pipeline.work_due(should_stop=should_stop)


def cmd_run(args: argparse.Namespace, config: Config) -> int:
    """Poll every poll_seconds and send every worker_seconds until Ctrl+C or SIGTERM."""
    from antrean_desktop.pipeline.service import Pipeline

    require_bpjs(config)
    stop = threading.Event()

    def _stop(signum, _frame) -> None:
        log.info("Stop requested (signal %s); finishing the current step", signum)
        stop.set()

    previous = {s: signal.signal(s, _stop) for s in (signal.SIGINT, signal.SIGTERM)}
    store = open_store(config)
    pipeline = Pipeline(config, store)
    loop = ServiceLoop(pipeline, config)
    log.info(
        "Service started: poll every %ss, send every %ss",
        config.schedule.poll_seconds,
        config.schedule.worker_seconds,
    )
    try:
        while not stop.is_set():
            loop.step(should_stop=stop.is_set)
            stop.wait(config.schedule.worker_seconds)
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
        pipeline.close()
        store.dispose()
        log.info("Service stopped")
    return 0


def _task_cell(entry: dict[str, Any] | None) -> str:
    if not entry:
        return "-"
    return {
        TaskStatus.SENT_BPJS.value: "sent",
        TaskStatus.QUEUED.value: "retry" if entry.get("attempts") else "queued",
        TaskStatus.FAILED_BPJS.value: "FAILED",
        TaskStatus.BLOCKED.value: "BLOCKED",
        TaskStatus.DRAFT.value: "draft",
    }.get(entry.get("status", ""), entry.get("status", "?"))


def cmd_status(args: argparse.Namespace, config: Config) -> int:
    from antrean_desktop.store.queries import day_visits

    day = args.date or _today(config)
    store = open_store(config)
    try:
        visits = day_visits(store, day)
        language = config.hospital.language
        if args.json:
            out = {
                "date": day.isoformat(),
                "visits": [
                    {
                        "visit_id": v.visit_id,
                        "kodebooking": v.kodebooking,
                        "jenispasien": v.jenispasien,
                        "status": v.status,
                        "blocked_reason": render(v.blocked_reason, language) or None,
                        "blocked_reason_code": (v.blocked_reason or {}).get("code"),
                        "task_progress": v.task_progress,
                    }
                    for v in visits
                ],
            }
            print(json.dumps(out, ensure_ascii=False, indent=1))
            return 0
        tasks = ["1", *(str(t) for t in config.hospital.tasks)]
        print(f"{day.isoformat()}  {len(visits)} visits")
        print(
            f"{'no_rawat':<18} {'kodebooking':<18} {'jenis':<7} {'status':<11} "
            + " ".join(f"{t:>7}" for t in tasks)
            + "  problem"
        )
        for v in visits:
            problem = render(v.blocked_reason, language)
            for key in tasks:
                entry = (v.task_progress or {}).get(key) or {}
                if (
                    entry.get("status") in (TaskStatus.FAILED_BPJS.value, TaskStatus.BLOCKED.value)
                    and not problem
                ):
                    problem = f"task {key}: " + (
                        render(entry.get("reason"), language) or entry.get("failedReason", "")
                    )
            cells = " ".join(f"{_task_cell((v.task_progress or {}).get(t)):>7}" for t in tasks)
            print(
                f"{v.visit_id:<18} {v.kodebooking[:18]:<18} {v.jenispasien:<7} {v.status:<11} {cells}  {problem}"
            )
        print(summary_line(store, day))
        _print_auth_state(store)
        return 0
    finally:
        store.dispose()


def _print_auth_state(store: Store) -> None:
    from antrean_desktop.pipeline.worker import AUTH_STATE
    from antrean_desktop.store.models import PollState

    with store.session() as session:
        state = session.get(PollState, AUTH_STATE)
        if state is not None and state.last_error:
            print(
                f"WARNING: BPJS refused authentication at {state.last_run_at} UTC: {state.last_error}"
            )


def cmd_resend(args: argparse.Namespace, config: Config) -> int:
    from antrean_desktop.pipeline.resend import ResendError, resend, resend_failed

    if bool(args.visit_id) == bool(args.failed):
        raise CommandFailed("give either a visit id (no_rawat) or --failed", 2)
    if args.task is not None and not args.visit_id:
        raise CommandFailed("--task needs a visit id", 2)
    store = open_store(config)
    today = _today(config)
    try:
        if args.failed:
            day = args.date or today
            count = resend_failed(store, day, today=today)
            print(
                f"{count} failed task(s) of {day.isoformat()} queued again; they go out on the next send round."
            )
        else:
            count = resend(store, args.visit_id, args.task, today=today)
            print(
                f"{count} task(s) of {args.visit_id} queued again; they go out on the next send round."
            )
        return 0
    except (ResendError, ValueError) as exc:
        raise CommandFailed(str(exc)) from None
    finally:
        store.dispose()


#: a local clock further off than this from BPJS's Date header is reported as a failure
CLOCK_TOLERANCE_SECONDS = 60


def cmd_check(args: argparse.Namespace, config: Config) -> int:
    from antrean_desktop.bpjs import Outcome
    from antrean_desktop.pipeline.service import make_client

    ok = True

    def line(passed: bool, name: str, detail: str) -> None:
        nonlocal ok
        ok = ok and passed
        print(f"[{'OK' if passed else 'FAIL'}] {name}: {detail}")

    # the local store
    try:
        store = open_store(config)
        from antrean_desktop.store import migrate

        line(
            True,
            "local store",
            f"{redact_url(config.store_url)} at version {migrate.current_revision(store.engine)}",
        )
        store.dispose()
    except CommandFailed as exc:
        line(False, "local store", str(exc))
    # Khanza
    if not config.khanza.url:
        line(False, "Khanza", "[khanza] url is not set (or ANTREAN_KHANZA_URL)")
    else:
        from antrean_desktop.khanza import KhanzaError, KhanzaReader

        reader = KhanzaReader(config.khanza.url, config.khanza, config.hospital)
        try:
            today = _today(config)
            visits = reader.read_day(today)
            line(
                True,
                "Khanza",
                f"{redact_url(config.khanza.url)}: {len(visits)} outpatient visit(s) today ({today.isoformat()})",
            )
        except KhanzaError as exc:
            line(False, "Khanza", str(exc))
        finally:
            reader.close()
    # BPJS and the clock
    missing = [k for k in ("cons_id", "secret_key", "user_key") if not getattr(config.bpjs, k)]
    if missing:
        line(False, "BPJS", f"[bpjs] {', '.join(missing)} not set")
    else:
        client = make_client(config)
        try:
            result = client.ref_poli()
        finally:
            client.close()
        if result.outcome is Outcome.SUCCESS:
            count = len(result.data) if isinstance(result.data, list) else 0
            line(
                True,
                "BPJS",
                f"{config.bpjs.base_url}: signed ref/poli answered ({count} clinics, {result.duration_ms} ms)",
            )
        else:
            line(False, "BPJS", f"{config.bpjs.base_url}: {result.outcome.value}: {result.message}")
        if result.server_date is None:
            line(False, "clock", "BPJS sent no Date header; cannot compare clocks")
        else:
            skew = (datetime.now(UTC) - result.server_date).total_seconds()
            line(
                abs(skew) <= CLOCK_TOLERANCE_SECONDS,
                "clock",
                f"this PC is {skew:+.0f} s from BPJS's clock (tolerance {CLOCK_TOLERANCE_SECONDS} s)",
            )
    return 0 if ok else 1
