"""What the window shows: the viewed day's rows (full, then only changes) and the status bar.

Runs on scheduler threads; the results go to the GUI thread as snapshots through the bridge.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import replace
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING

from antrean_desktop.domain.problem_groups import problem_groups
from antrean_desktop.domain.send_state import REACHED, SendFacts
from antrean_desktop.domain.task_states import count_states
from antrean_desktop.domain.tasks import TaskStatus
from antrean_desktop.runtime.bridge import RuntimeBridge
from antrean_desktop.runtime.problems import KHANZA, STORE
from antrean_desktop.runtime.snapshots import PauseState, StatusSnapshot, VisitRow
from antrean_desktop.store import queries
from antrean_desktop.store.db import Store
from antrean_desktop.store.service_state import last_khanza_read

if TYPE_CHECKING:
    from antrean_desktop.runtime.service import ServiceDriver

log = logging.getLogger("antrean.runtime")


class DayView:
    """The viewed day and the rows the window already has; thread-safe."""

    def __init__(self, store: Store, bridge: RuntimeBridge, driver: ServiceDriver) -> None:
        self.store = store
        self.bridge = bridge
        self.driver = driver
        self.lock = threading.Lock()  # guards the fields below
        self._refresh_lock = threading.Lock()
        today = driver.now().date()
        self.today = today
        self.view_day = today
        self.follow_today = True
        self.generation = 0  # bumped when the view day changes; a refresh of an old day is dropped
        self._known: dict[str, VisitRow] = {}
        self._known_day: date | None = None
        self._last_change_seq = 0
        self._last_status: StatusSnapshot | None = None

    # --- the viewed day (any thread) -------------------------------------------------------------

    def set_view_day(self, day: date) -> bool:
        """Show ``day``; False when it is already shown."""
        with self.lock:
            if day == self.view_day:
                return False
            self.view_day = day
            self.follow_today = day == self.today
            self.generation += 1
            return True

    def forget(self) -> None:
        """The next refresh publishes the whole day again."""
        with self.lock:
            self._known_day = None

    def new_day(self, today: date) -> bool:
        """Midnight (per the injected clock); True when the date really changed."""
        with self.lock:
            if today == self.today:
                return False
            self.today = today
            if self.follow_today:
                self.view_day = today
                self.generation += 1
            return True

    # --- the refresh (scheduler threads) ---------------------------------------------------------

    def refresh(self) -> None:
        """Read what changed for the viewed day and publish it, then the status."""
        with self._refresh_lock:
            with self.lock:
                day, generation = self.view_day, self.generation
                full = self._known_day != day
            if full:
                self._publish_all(day, generation)
            else:
                self._publish_changes(day, generation)
            self.publish_status(day)

    def _publish_all(self, day: date, generation: int) -> None:
        rows = [VisitRow.from_visit(v) for v in queries.day_visits(self.store, day)]
        with self.lock:
            if generation != self.generation:
                return
            self._known = {r.visit_id: r for r in rows}
            self._known_day = day
            self._last_change_seq = max((r.change_seq for r in rows), default=0)
        self.bridge.safe_emit("visitsReset", day, rows)

    def _publish_changes(self, day: date, generation: int) -> None:
        since = self._last_change_seq
        fresh = [
            VisitRow.from_visit(v) for v in queries.visits_changed_since(self.store, day, since)
        ]
        with self.lock:
            if generation != self.generation:
                return
            changed = [r for r in fresh if self._known.get(r.visit_id) != r]
            failed = [
                (r, int(k)) for r in changed for k in _newly_failed(self._known.get(r.visit_id), r)
            ]
            for r in changed:
                self._known[r.visit_id] = r
                self._last_change_seq = max(self._last_change_seq, r.change_seq)
        if changed:
            self.bridge.safe_emit("visitsUpdated", day, changed)
        if failed:
            self.bridge.safe_emit("tasksFailed", failed)

    def publish_status(self, day: date | None = None) -> None:
        """The status bar and the banner; sent only when something in it changed."""
        with self.lock:
            day = day or self.view_day
            rows = list(self._known.values()) if self._known_day == day else []
            today = self.today
        snapshot = self.status(today, day, rows)
        if snapshot != self._last_status:
            self._last_status = snapshot
            self.bridge.safe_emit("statusChanged", snapshot)

    def status(self, today: date, day: date, rows: list[VisitRow]) -> StatusSnapshot:
        driver = self.driver
        store_problem = driver.problem(STORE)
        pause = driver.pause()
        mono, now = driver.mono(), driver.now()
        send = SendFacts()
        if store_problem is None:
            send = queries.send_facts(self.store, rows, now.tzinfo or UTC)
        if pause is not None:
            state = PauseState.of(pause, send.waiting, mono, now)
            send = replace(
                send,
                pause_kind=state.kind,
                pause_since=state.since,
                next_probe_at=state.next_probe_at,
            )
        pipeline = driver.pipeline
        auth = getattr(pipeline, "auth_problem", None) if pipeline is not None else None
        if auth and send.pause_kind is None:  # refused, the pause not published (yet)
            send = replace(send, pause_kind="AUTH")
        bpjs_ok = None if send.last_outcome is None else send.last_outcome in REACHED
        khanza = driver.problem(KHANZA)
        khanza_ok = False if khanza else driver.khanza_ok
        khanza_error = khanza.message if khanza else ""
        last_poll_at = driver.last_poll_at
        desk = None
        if store_problem is None:
            try:
                desk = driver.desk_state()
                if driver.viewer():  # it reads no Khanza: the sending desk's reading, as saved
                    khanza_ok, khanza_error, last_poll_at = self._sender_khanza(now)
            except Exception as exc:  # the store failed just now: the next refresh says so
                log.debug("desk state not read: %s", type(exc).__name__)
        return StatusSnapshot(
            today=today,
            day=day,
            counts=count_states(rows),
            queue_depth=send.waiting,
            last_poll_at=last_poll_at,
            khanza_ok=khanza_ok,
            khanza_error=khanza_error,
            bpjs_ok=False if (auth or pause) else bpjs_ok,
            bpjs_error=pause.detail if pause else (auth or ""),
            auth_problem=auth,
            pause=PauseState.of(pause, send.waiting, mono, now) if pause else None,
            store_error=store_problem.message if store_problem else "",
            problems=driver.problems.active(),
            send=send,
            khanza_missing=tuple(getattr(pipeline, "khanza_missing", ()) or ()),
            groups=problem_groups(rows),
            desk=desk,
            store_too_new=driver.store_too_new,
        )

    def _sender_khanza(self, now: datetime) -> tuple[bool | None, str, datetime | None]:
        """(Khanza ok, its problem, the last clean read in the hospital's time) of the desk
        that sends, from the store."""
        last_ok, problem = last_khanza_read(self.store)
        local = last_ok.replace(tzinfo=UTC).astimezone(now.tzinfo) if last_ok else None
        return (False if problem else (True if last_ok else None)), problem or "", local


def _newly_failed(before: VisitRow | None, after: VisitRow) -> list[str]:
    if before is None:
        return []
    failed = TaskStatus.FAILED_BPJS.value
    return [
        key
        for key, entry in after.task_progress.items()
        if entry.get("status") == failed and before.task(int(key)).get("status") != failed
    ]
