"""A pipeline with the shape of ``antrean_desktop.pipeline.service.Pipeline``, for tests."""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import date
from typing import Any

from PySide6.QtCore import QObject, Slot

from antrean_desktop.pipeline.builder import BuildResult
from antrean_desktop.store.db import Store
from antrean_desktop.store.models import VisitEvent
from antrean_desktop.store.visits import modify_visit


class FakePipeline:
    def __init__(self, store: Store, on_poll: Callable[[date], None] | None = None) -> None:
        self.store = store
        self.on_poll = on_poll
        self.calls: list[tuple[str, Any, bool]] = []
        self.auth_problem: str | None = None
        self.closed = False
        self.poll_error: Exception | None = None

    def _record(self, name: str, arg: Any = None) -> None:
        self.calls.append((name, arg, threading.current_thread() is threading.main_thread()))

    def names(self) -> list[str]:
        return [c[0] for c in self.calls]

    def poll(self, day: date) -> object:
        self._record("poll", day)
        if self.poll_error is not None:
            raise self.poll_error
        if self.on_poll:
            self.on_poll(day)
        return None

    def build(self) -> BuildResult:
        self._record("build")
        return BuildResult(0, 0)

    def work_due(self, max_jobs: int | None = None, should_stop=lambda: False) -> object:
        self._record("work_due")
        from sqlalchemy import select

        with self.store.session() as session:
            ids = [
                v.visit_id
                for v in session.scalars(select(VisitEvent))
                if any(e.get("status") == "QUEUED" for e in (v.task_progress or {}).values())
            ]
        for visit_id in ids:
            modify_visit(self.store, visit_id, _send_queued)
        return len(ids)

    def clear_auth_problem(self) -> None:
        self._record("clear_auth_problem")
        self.auth_problem = None

    def close(self) -> None:
        self._record("close")
        self.closed = True


def _send_queued(visit: VisitEvent, _session: Any) -> None:
    progress = {k: dict(v) for k, v in (visit.task_progress or {}).items()}
    for entry in progress.values():
        if entry.get("status") == "QUEUED":
            entry["status"] = "SENT_BPJS"
            entry.pop("failedReason", None)
    visit.task_progress = progress


def fake_resend(store: Store, visit_id: str, task_id: int | None = None) -> int:
    counted = []

    def change(visit: VisitEvent, _session: Any) -> None:
        counted.clear()
        progress = {k: dict(v) for k, v in (visit.task_progress or {}).items()}
        for key, entry in progress.items():
            if task_id is not None and key != str(task_id):
                continue
            if entry.get("status") in ("FAILED_BPJS", "BLOCKED"):
                entry.update(status="QUEUED", attempts=0)
                entry.pop("reason", None)
                entry.pop("failedReason", None)
                counted.append(key)
        visit.task_progress = progress

    modify_visit(store, visit_id, change)
    return len(counted)


class Recorder(QObject):
    """Receives bridge signals on the GUI thread (queued), like the window does."""

    def __init__(self) -> None:
        super().__init__()
        self.resets: list[tuple[date, list]] = []
        self.updates: list[tuple[date, list]] = []
        self.statuses: list = []
        self.days: list[date] = []
        self.problems: list[tuple[str, str]] = []
        self.actions: list[tuple[str, str]] = []
        self.details: list = []
        self.failed: list = []
        self.threads: list[bool] = []

    def connect_to(self, bridge) -> None:
        bridge.visitsReset.connect(self.on_reset)
        bridge.visitsUpdated.connect(self.on_update)
        bridge.statusChanged.connect(self.on_status)
        bridge.dayChanged.connect(self.on_day)
        bridge.problem.connect(self.on_problem)
        bridge.actionFinished.connect(self.on_action)
        bridge.detailLoaded.connect(self.on_detail)
        bridge.tasksFailed.connect(self.on_failed)

    def _mark(self) -> None:
        self.threads.append(threading.current_thread() is threading.main_thread())

    @Slot(object, object)
    def on_reset(self, day, rows) -> None:
        self._mark()
        self.resets.append((day, rows))

    @Slot(object, object)
    def on_update(self, day, rows) -> None:
        self._mark()
        self.updates.append((day, rows))

    @Slot(object)
    def on_status(self, snapshot) -> None:
        self._mark()
        self.statuses.append(snapshot)

    @Slot(object)
    def on_day(self, day) -> None:
        self.days.append(day)

    @Slot(str, str)
    def on_problem(self, kind, message) -> None:
        self.problems.append((kind, message))

    @Slot(str, str)
    def on_action(self, kind, message) -> None:
        self.actions.append((kind, message))

    @Slot(object)
    def on_detail(self, detail) -> None:
        self._mark()
        self.details.append(detail)

    @Slot(object)
    def on_failed(self, failed) -> None:
        self.failed.append(failed)
