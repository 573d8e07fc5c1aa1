"""``run``'s adapter: a plain loop around the service driver, stopped by an event (SIGTERM)."""

from __future__ import annotations

import logging
import threading

from antrean_desktop.runtime.service import ServiceDriver

log = logging.getLogger("antrean.service")


def run_until_stopped(driver: ServiceDriver, stop: threading.Event) -> None:
    """Tick every ``worker_seconds`` until ``stop`` is set; never dies of a cycle's error."""
    log.info(
        "Service started: poll every %ss, send every %ss",
        driver.poll_seconds,
        driver.worker_seconds,
    )
    reconciling = threading.Thread(
        target=_reconcile_until_stopped, args=(driver, stop), name="reconcile", daemon=True
    )
    reconciling.start()
    try:
        while not stop.is_set():
            try:
                driver.step(should_stop=stop.is_set)
            except Exception:  # the driver catches Khanza and store errors; this is a bug
                log.exception("service cycle failed; going on")
            stop.wait(driver.worker_seconds)
    finally:
        reconciling.join(timeout=5)
        driver.close()
        log.info("Service stopped")


#: how often ``run`` asks whether a reconciliation with BPJS is due
RECONCILE_TICK_SECONDS = 60.0


def _reconcile_until_stopped(driver: ServiceDriver, stop: threading.Event) -> None:
    """Beside the send loop: the scheduled reconciliations (they stop when jobs queue up)."""
    while not stop.wait(RECONCILE_TICK_SECONDS):
        try:
            driver.reconcile_cycle(should_stop=stop.is_set)
        except Exception:
            log.exception("reconciliation failed; going on")
