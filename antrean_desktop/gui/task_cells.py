"""How a task's state looks in the table: colours on top of the state, symbol and words of
:mod:`antrean_desktop.domain.task_states` (the one vocabulary the CLI and the banner use too)."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QColor

from antrean_desktop.domain import next_steps, problem_groups, reasons, task_states
from antrean_desktop.domain.reasons import Reason
from antrean_desktop.domain.task_states import PROBLEM_STATES, TaskState, whole
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


def reason_of(row: VisitRow, task_id: int) -> Reason | None:
    """The stored reason a task (or the booking) is not sent; None if none."""
    return problem_groups.task_reason(row.status, row.blocked_reason, row.task(task_id), task_id)


def task_reason(row: VisitRow, task_id: int, language: str) -> str:
    """The reason a task (or the booking) is not sent, in ``language``; "" if none."""
    return reasons.render(reason_of(row, task_id), language)


def task_next_step(row: VisitRow, task_id: int, language: str) -> str:
    """The "Langkah perbaikan" of a FAILED or BLOCKED task; "" for any other."""
    if task_kind(row, task_id) not in (TaskState.FAILED, TaskState.BLOCKED):
        return ""
    return next_steps.next_step(reason_of(row, task_id), language)


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
    step = task_next_step(row, task_id, language)
    if step:
        lines.append(
            QCoreApplication.translate("TaskCells", "Langkah perbaikan: {s}").format(s=step)
        )
    return "\n".join(lines)


def first_problem(row: VisitRow, task_ids: tuple[int, ...]) -> int | None:
    """The first task of the visit that needs a look (None: none does)."""
    return next((t for t in task_ids if task_kind(row, t) in PROBLEM_STATES), None)


def last_problem(
    row: VisitRow, task_ids: tuple[int, ...], language: str, *, short: bool = False
) -> str:
    """The first problem of the visit, prefixed by its task: the whole reason (tooltip, copy),
    or ``short`` for the "last problem" column, where a reason with a known cause reads as that
    cause in a few words ("Booking: jam praktek di Khanza tidak sama dengan jadwal HFIS"), as in
    the grouped banner; the whole reason stays in the tooltip and the detail pane. A BPJS
    refusal no rule knows and a free text keep their words: they are all the clerk has."""
    task_id = first_problem(row, task_ids)
    if task_id is None:
        return ""
    state = task_kind(row, task_id)
    reason = task_reason(row, task_id, language) or task_states.word(state, language)
    stored = reason_of(row, task_id)
    step = next_steps.step_for(stored) if short else None
    known = stored is not None and (
        stored.code not in ("BPJS_REJECTED", "TEXT")  # words from outside: shown whole
        or next_steps.rejection_rule(stored) is not None
    )
    if step is not None and known:
        reason = step.cause_text(language)
    label = (
        QCoreApplication.translate("TaskCells", "Booking")
        if task_id == 1
        else QCoreApplication.translate("TaskCells", "Task {n}").format(n=task_id)
    )
    return f"{label}: {reason}"
