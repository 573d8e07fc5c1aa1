"""How a task's state looks in the table: colours on top of the state, symbol and words of
:mod:`antrean_desktop.domain.task_states` (the one vocabulary the CLI and the banner use too)."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QColor

from antrean_desktop.domain import reasons, task_states
from antrean_desktop.domain.task_states import PROBLEM_STATES, TaskState, whole
from antrean_desktop.domain.tasks import BookingStatus
from antrean_desktop.runtime.snapshots import VisitRow

# (background, foreground); NONE and WAITING keep the table's background
COLOURS: dict[TaskState, tuple[str | None, str]] = {
    TaskState.NONE: (None, "#9e9e9e"),
    TaskState.WAITING: (None, "#5f6b7a"),
    TaskState.QUEUED: ("#dcebfb", "#0b4f8a"),
    TaskState.SENT: ("#d7f0dc", "#1c5e2c"),
    TaskState.RETRYING: ("#fff0c2", "#7a5300"),
    TaskState.FAILED: ("#f9d3d3", "#8f1d1d"),
    TaskState.BLOCKED: ("#e6dcf5", "#4b2a7b"),
    TaskState.CANCELLED: ("#eeeeee", "#757575"),  # grey: nothing to do
    TaskState.NOT_REPORTED: ("#eeeeee", "#757575"),
}


def colours(state: TaskState) -> tuple[QColor | None, QColor]:
    bg, fg = COLOURS[state]
    return (QColor(bg) if bg else None), QColor(fg)


def task_kind(row: VisitRow, task_id: int) -> TaskState:
    return task_states.task_state(row.status, row.task(task_id), task_id)


def task_time(row: VisitRow, task_id: int):
    return task_states.task_time(row.task(task_id), task_id)


def cell_text(row: VisitRow, task_id: int, tz: ZoneInfo, language: str) -> str:
    return task_states.cell_text(row.status, row.task(task_id), task_id, tz, language)


def task_reason(row: VisitRow, task_id: int, language: str) -> str:
    """The reason a task (or the booking) is not sent, in ``language``; "" if none."""
    entry = row.task(task_id)
    if task_id == 1 and row.status == BookingStatus.BLOCKED.value and row.blocked_reason:
        return reasons.render(row.blocked_reason, language)
    if entry.get("reason"):
        return reasons.render(entry["reason"], language)
    if entry.get("failedReason"):
        return reasons.render(entry["failedReason"], language)
    return ""


def cell_tooltip(row: VisitRow, task_id: int, tz: ZoneInfo, language: str) -> str:
    state = task_kind(row, task_id)
    entry = row.task(task_id)
    name = (
        QCoreApplication.translate("TaskCells", "Booking (task 1)")
        if task_id == 1
        else QCoreApplication.translate("TaskCells", "Task {n}").format(n=task_id)
    )
    lines = [f"{name}: {task_states.word(state, language)}"]
    when = task_states.hhmm(task_time(row, task_id), tz)
    if when:
        lines.append(QCoreApplication.translate("TaskCells", "Waktu: {t}").format(t=when))
    if entry.get("sentAt"):
        lines.append(
            QCoreApplication.translate("TaskCells", "Terkirim: {t}").format(
                t=task_states.hhmm(entry["sentAt"], tz)
            )
        )
    attempts = whole(entry.get("attempts"))
    if attempts:
        lines.append(QCoreApplication.translate("TaskCells", "Percobaan: {n}").format(n=attempts))
    reason = task_reason(row, task_id, language)
    if reason:
        lines.append(QCoreApplication.translate("TaskCells", "Alasan: {r}").format(r=reason))
    return "\n".join(lines)


def last_problem(row: VisitRow, task_ids: tuple[int, ...], language: str) -> str:
    """The first problem of the visit, prefixed by its task, for the "last problem" column."""
    for task_id in task_ids:
        state = task_kind(row, task_id)
        if state in PROBLEM_STATES:
            reason = task_reason(row, task_id, language) or task_states.word(state, language)
            label = (
                QCoreApplication.translate("TaskCells", "Booking")
                if task_id == 1
                else QCoreApplication.translate("TaskCells", "Task {n}").format(n=task_id)
            )
            return f"{label}: {reason}"
    return ""
