"""The sending desk carries out what viewer desks asked for (``store/desk_requests.py``), and a
viewer waits for the answer. The same functions as on the desk that sends do the work (resend,
"sync now"), so a click on a viewer has the same effect as on the sending PC."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import TYPE_CHECKING

from antrean_desktop.store import desk_requests as requests

if TYPE_CHECKING:
    from antrean_desktop.runtime.service import ServiceDriver

log = logging.getLogger("antrean.desk")

#: the answer to a viewer whose request no desk carried out in time
NO_ANSWER = "no_answer"


def carry_out_waiting(driver: ServiceDriver, should_stop: Callable[[], bool]) -> int:
    """Carry out every waiting request; how many. Each result is written through the lease's
    fenced store: a desk that lost the lease meanwhile answers nothing."""
    done = 0
    for request in requests.waiting(driver.store):
        if should_stop():
            break
        result = _carry_out(driver, request, should_stop)
        fenced = driver.sender_store
        if requests.answer(fenced, request.id, driver.lease.desk, result):
            done += 1
            log.info(
                "request %s of %s (%s %s): %s",
                request.id,
                request.requested_by,
                request.kind,
                request.visit_id or (request.day.isoformat() if request.day else ""),
                result or "ok",
            )
    return done


def _carry_out(driver: ServiceDriver, request: requests.Request, should_stop) -> str:
    from antrean_desktop.pipeline.reconcile import forget_fixed, queue_recorded_fixes
    from antrean_desktop.pipeline.resend import resend, resend_failed

    store = driver.sender_store
    today = driver.now().date()
    if request.kind == requests.RESEND and request.visit_id:
        return str(resend(store, request.visit_id, request.task_id, today=today))
    if request.kind == requests.RESEND_FAILED and request.day:
        return str(resend_failed(store, request.day, today=today))
    if request.kind == requests.FIX and request.visit_id:
        queued = queue_recorded_fixes(store, request.visit_id, today)
        if queued:
            forget_fixed(store, {request.visit_id: queued})
        return str(len(queued))
    if request.kind == requests.SYNC:
        return "" if driver.read_now(should_stop) else "failed"
    return "unknown"


def ask_and_wait(
    driver: ServiceDriver,
    kind: str,
    stopping: Callable[[], bool],
    sleep: Callable[[float], object] = time.sleep,
    **what: object,
) -> str:
    """Write a request (a viewer) and wait until the sending desk answered it; its result, or
    :data:`NO_ANSWER` when no desk did within a takeover time and two worker ticks (the
    request stays: the next desk that sends carries it out)."""
    request_id = requests.ask(driver.store, kind, driver.lease.desk, **what)  # type: ignore[arg-type]
    wait = driver.lease.takeover_seconds + 2 * driver.worker_seconds
    deadline = driver.mono() + wait
    while not stopping():
        result = requests.result_of(driver.store, request_id)
        if result is not None:
            return result
        if driver.mono() >= deadline:
            break
        sleep(0.5)
    return NO_ANSWER
