"""``antrean-desktop run``: the headless service -- read, queue and send until stopped.

It drives the same service driver and core as the window (see ``runtime/service.py``): the same
days are read, the same pauses and probes apply, and no cycle's error ends it. Ctrl+C or SIGTERM
stops it within :data:`STOP_SECONDS`, even in the middle of a BPJS call (the job's lease covers
a call cut off).
"""

from __future__ import annotations

import argparse
import logging
import signal
import threading
import time

from antrean_desktop.cli.common import EXIT_STORE_TOO_NEW, CommandFailed, require_bpjs
from antrean_desktop.config import Config, redact_url

log = logging.getLogger("antrean.cli")

#: a stop request ends the process within this many seconds
STOP_SECONDS = 10.0
#: how long the calls in flight may finish after a stop request (like the window's Quit)
GRACE_SECONDS = 5.0


def add_parser(sub: argparse._SubParsersAction) -> None:
    sub.add_parser("run", help="headless service: poll, queue and send until stopped")


def run(args: argparse.Namespace, config: Config) -> int:
    """Tick every worker_seconds until Ctrl+C or SIGTERM."""
    from antrean_desktop.runtime.loop import run_until_stopped
    from antrean_desktop.runtime.service import ServiceDriver

    require_bpjs(config)
    stop = threading.Event()
    stopped_at: list[float] = []

    def _stop(signum, _frame) -> None:
        log.info("Stop requested (signal %s); finishing the current step", signum)
        stopped_at.append(time.monotonic())
        stop.set()

    previous = {s: signal.signal(s, _stop) for s in (signal.SIGINT, signal.SIGTERM)}
    store, ready = _open_store(config)
    driver = ServiceDriver(config, store, migrate=None if ready else _migrate)
    loop = threading.Thread(target=run_until_stopped, args=(driver, stop), name="service")
    loop.start()
    try:
        while loop.is_alive() and not stop.is_set():
            loop.join(0.5)  # the main thread stays free for the signal handler
        grace = GRACE_SECONDS - (time.monotonic() - (stopped_at or [time.monotonic()])[0])
        loop.join(max(0.5, grace))
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
    if loop.is_alive():  # a call that ignores its deadline: the lease covers it
        from antrean_desktop.app import leave_calls_behind

        log.warning("A BPJS call is still running; leaving it (its job is sent again later)")
        log.info("Service stopped")
        leave_calls_behind(0)
    store.dispose()
    return 0


def _open_store(config: Config):
    """The migrated store, or (a service must not die of it) the store still to be opened:
    its server may start after this one, or the disk be full for a moment. The driver then
    retries with back-off; only a store made by a newer program stops ``run``."""
    from sqlalchemy.exc import SQLAlchemyError

    from antrean_desktop.pipeline.errors import STORE_PROBLEM, store_problem
    from antrean_desktop.store import migrate
    from antrean_desktop.store.db import Store

    store = Store(config.store_url)
    try:
        migrate.upgrade(store.engine)
    except migrate.StoreTooNew as exc:
        store.dispose()
        where = redact_url(config.store_url)
        raise CommandFailed(
            STORE_PROBLEM(config.hospital.language, where=where, detail=exc), EXIT_STORE_TOO_NEW
        ) from None
    except (SQLAlchemyError, OSError) as exc:
        log.error("%s (will retry)", store_problem(config, exc))
        return store, False
    return store, True


def _migrate(store) -> None:
    from antrean_desktop.store import migrate

    migrate.upgrade(store.engine)
