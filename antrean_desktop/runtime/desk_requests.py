"""The sending desk carries out what viewer desks asked for (``store/desk_requests.py``), and a
viewer (a window or a command on a PC that does not send) waits for the answer. The same
functions as on the desk that sends do the work (resend, "sync now"), so a click on a viewer
has the same effect as on the sending PC."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import TYPE_CHECKING

from antrean_desktop.store import desk_requests as requests
from antrean_desktop.store.db import Store
from antrean_desktop.store.desk_state import desk_state

if TYPE_CHECKING:
    from antrean_desktop.runtime.service import ServiceDriver

log = logging.getLogger("antrean.desk")

#: the answer to a viewer whose request no desk carried out in time (the request is withdrawn)
NO_ANSWER = "no_answer"
#: no desk sends now: the request was not written
NO_DESK = "no_desk"
#: the sending desk could not do it (e.g. the visit is older than BPJS's window); see its log
REFUSED = "refused"


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
    from antrean_desktop.pipeline.resend import ResendError, resend, resend_failed, retry_now

    store = driver.sender_store
    today = driver.now().date()
    try:
        if request.kind == requests.RESEND and request.visit_id:
            result = str(resend(store, request.visit_id, request.task_id, today=today))
        elif request.kind == requests.RESEND_FAILED and request.day:
            result = str(resend_failed(store, request.day, today=today))
        elif request.kind == requests.RETRY_NOW:
            result = str(retry_now(store))
            if driver.pipeline is not None:
                driver.pipeline.clear_auth_problem()  # a paused sending probes at once
        elif request.kind == requests.FIX and request.visit_id:
            queued = queue_recorded_fixes(store, request.visit_id, today)
            if queued:
                forget_fixed(store, {request.visit_id: queued})
            result = str(len(queued))
        elif request.kind == requests.SYNC:
            return "" if driver.read_now(should_stop) else "failed"
        else:
            return "unknown"
    except ResendError as exc:
        log.info("request %s of %s refused: %s", request.id, request.requested_by, exc)
        return REFUSED
    _queue_ready(driver)
    return result


def _queue_ready(driver: ServiceDriver) -> None:
    """What a resend made ready (a BLOCKED task back to DRAFT) is queued before this tick sends."""
    pipeline = driver.pipeline
    if pipeline is not None:
        with driver.work_lock:
            pipeline.build()


def ask_and_wait(
    store: Store,
    kind: str,
    desk: str,
    takeover_seconds: float,
    tick_seconds: float,
    stopping: Callable[[], bool],
    *,
    mono: Callable[[], float] = time.monotonic,
    sleep: Callable[[float], object] = time.sleep,
    **what: object,
) -> str:
    """A viewer's request: written for the active desk, then waited for; the desk's result.

    :data:`NO_DESK` at once when no desk sends now (nothing is written: a click must not be
    carried out by surprise much later). :data:`NO_ANSWER` when the active desk did not answer
    within a takeover time and two worker ticks; the request is then withdrawn the same way.
    """
    if not desk_state(store, takeover_seconds).active:
        return NO_DESK
    request_id = requests.ask(store, kind, desk, **what)  # type: ignore[arg-type]
    deadline = mono() + takeover_seconds + 2 * tick_seconds
    while True:
        result = requests.result_of(store, request_id)
        if result is not None:
            return result
        if stopping() or mono() >= deadline:
            break
        sleep(0.2)
    if requests.answer(store, request_id, desk, NO_ANSWER):  # withdrawn: nobody does it later
        log.info("request %s (%s): no desk answered; withdrawn", request_id, kind)
        return NO_ANSWER
    return requests.result_of(store, request_id) or ""
