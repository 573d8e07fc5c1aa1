"""How a task's state looks in the table: a kind, a short text that reads without colour, and
colours. Pure presentation; texts go through Qt translation (Bahasa Indonesia is the source)."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from enum import StrEnum
from typing import Any
from zoneinfo import ZoneInfo

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QColor

from antrean_desktop.domain import reasons
from antrean_desktop.domain.tasks import BookingStatus, TaskStatus
from antrean_desktop.runtime.snapshots import VisitRow

#: BPJS accepts task times and resends up to this many days back
RESEND_DAYS = 7


class CellKind(StrEnum):
    NONE = "none"  # nothing known yet
    WAITING = "waiting"  # time known, not yet queued (DRAFT)
    QUEUED = "queued"
    SENT = "sent"
    RETRYING = "retrying"  # queued again after an error
    FAILED = "failed"
    BLOCKED = "blocked"


PROBLEM_KINDS = frozenset({CellKind.FAILED, CellKind.BLOCKED, CellKind.RETRYING})
NOT_SENT_KINDS = frozenset({CellKind.WAITING, CellKind.QUEUED, CellKind.RETRYING})

# (background, foreground); NONE and WAITING keep the table's background
COLOURS: dict[CellKind, tuple[str | None, str]] = {
    CellKind.NONE: (None, "#9e9e9e"),
    CellKind.WAITING: (None, "#5f6b7a"),
    CellKind.QUEUED: ("#dcebfb", "#0b4f8a"),
    CellKind.SENT: ("#d7f0dc", "#1c5e2c"),
    CellKind.RETRYING: ("#fff0c2", "#7a5300"),
    CellKind.FAILED: ("#f9d3d3", "#8f1d1d"),
    CellKind.BLOCKED: ("#e6dcf5", "#4b2a7b"),
}


def kind_label(kind: CellKind) -> str:
    return {
        CellKind.NONE: QCoreApplication.translate("TaskCells", "belum ada"),
        CellKind.WAITING: QCoreApplication.translate("TaskCells", "belum dikirim"),
        CellKind.QUEUED: QCoreApplication.translate("TaskCells", "dalam antrean kirim"),
        CellKind.SENT: QCoreApplication.translate("TaskCells", "terkirim"),
        CellKind.RETRYING: QCoreApplication.translate("TaskCells", "dicoba ulang"),
        CellKind.FAILED: QCoreApplication.translate("TaskCells", "gagal"),
        CellKind.BLOCKED: QCoreApplication.translate("TaskCells", "diblokir"),
    }[kind]


def colours(kind: CellKind) -> tuple[QColor | None, QColor]:
    bg, fg = COLOURS[kind]
    return (QColor(bg) if bg else None), QColor(fg)


def task_kind(row: VisitRow, task_id: int) -> CellKind:
    entry = row.task(task_id)
    status = entry.get("status")
    if task_id == 1:
        if row.status == BookingStatus.BLOCKED.value:
            return CellKind.BLOCKED
        if row.status == BookingStatus.SENT_BPJS.value:
            return CellKind.SENT
        if row.status == BookingStatus.FAILED_BPJS.value:
            return CellKind.FAILED
    if not status:
        return CellKind.NONE if task_id != 1 else CellKind.WAITING
    if status == TaskStatus.SENT_BPJS.value:
        return CellKind.SENT
    if status == TaskStatus.FAILED_BPJS.value:
        return CellKind.FAILED
    if status == TaskStatus.BLOCKED.value:
        return CellKind.BLOCKED
    if status == TaskStatus.QUEUED.value:
        if int(entry.get("attempts") or 0) > 0 or entry.get("failedReason"):
            return CellKind.RETRYING
        return CellKind.QUEUED
    return CellKind.WAITING


def symbol(row: VisitRow, task_id: int, tz: ZoneInfo) -> str:
    """The leading symbol of the cell text (✓, ✗, ⊘, ↻, …, ○ or —)."""
    return cell_text(row, task_id, tz).split(" ", 1)[0]


def hhmm(epoch_ms: Any, tz: ZoneInfo) -> str:
    if not isinstance(epoch_ms, int | float) or epoch_ms <= 0:
        return ""
    return datetime.fromtimestamp(epoch_ms / 1000, tz).strftime("%H:%M")


def task_time(row: VisitRow, task_id: int) -> Any:
    entry = row.task(task_id)
    if task_id == 1:
        return entry.get("waktu") or entry.get("sentAt")
    return entry.get("waktu")


def cell_text(row: VisitRow, task_id: int, tz: ZoneInfo) -> str:
    kind = task_kind(row, task_id)
    entry = row.task(task_id)
    time_text = hhmm(task_time(row, task_id), tz)
    if kind is CellKind.SENT:
        return f"✓ {time_text}".strip()
    if kind is CellKind.FAILED:
        return "✗ " + QCoreApplication.translate("TaskCells", "gagal")
    if kind is CellKind.BLOCKED:
        return "⊘ " + QCoreApplication.translate("TaskCells", "blokir")
    if kind is CellKind.RETRYING:
        return f"↻ {int(entry.get('attempts') or 0)}x"
    if kind is CellKind.QUEUED:
        return "… " + QCoreApplication.translate("TaskCells", "antre")
    if kind is CellKind.WAITING:
        return f"○ {time_text}".strip() if time_text else "○"
    return "—"


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
    kind = task_kind(row, task_id)
    entry = row.task(task_id)
    name = (
        QCoreApplication.translate("TaskCells", "Booking (task 1)")
        if task_id == 1
        else QCoreApplication.translate("TaskCells", "Task {n}").format(n=task_id)
    )
    lines = [f"{name}: {kind_label(kind)}"]
    when = hhmm(task_time(row, task_id), tz)
    if when:
        lines.append(QCoreApplication.translate("TaskCells", "Waktu: {t}").format(t=when))
    if entry.get("sentAt"):
        lines.append(
            QCoreApplication.translate("TaskCells", "Terkirim: {t}").format(
                t=hhmm(entry["sentAt"], tz)
            )
        )
    attempts = int(entry.get("attempts") or 0)
    if attempts:
        lines.append(QCoreApplication.translate("TaskCells", "Percobaan: {n}").format(n=attempts))
    reason = task_reason(row, task_id, language)
    if reason:
        lines.append(QCoreApplication.translate("TaskCells", "Alasan: {r}").format(r=reason))
    return "\n".join(lines)


def last_problem(row: VisitRow, task_ids: tuple[int, ...], language: str) -> str:
    """The first problem of the visit, prefixed by its task, for the "last problem" column."""
    for task_id in task_ids:
        if task_kind(row, task_id) in PROBLEM_KINDS:
            reason = task_reason(row, task_id, language) or kind_label(task_kind(row, task_id))
            label = (
                QCoreApplication.translate("TaskCells", "Booking")
                if task_id == 1
                else QCoreApplication.translate("TaskCells", "Task {n}").format(n=task_id)
            )
            return f"{label}: {reason}"
    return ""


def can_resend(day: date, today: date) -> bool:
    """BPJS takes resends for the last :data:`RESEND_DAYS` days only."""
    return today - timedelta(days=RESEND_DAYS) <= day <= today
