"""The one vocabulary for what a task's state is and how people read it.

The table, the detail pane, the status bar, the banner and ``antrean-desktop status`` all take a
task's state, its symbol, its words and the day's counts from here, so they cannot disagree.
Words are (Bahasa Indonesia, English), chosen by the user's language like :mod:`reasons`.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from enum import StrEnum
from typing import Any, Protocol

from antrean_desktop.domain.tasks import BookingStatus, TaskStatus

#: BPJS accepts a visit's task times (and so its resends) up to this many days after the visit
SEND_WINDOW_DAYS = 7
#: the compliance dashboard's trend, in days
TREND_DAYS = 30
#: the store keeps whole visits at least this long, so the trend is always complete
MIN_KEEP_VISITS_DAYS = TREND_DAYS + 1


def too_old_to_send(day: date, today: date) -> bool:
    """True once BPJS no longer takes the tasks of a visit on ``day``."""
    return today - day > timedelta(days=SEND_WINDOW_DAYS)


def send_window_end(day: date, tz: tzinfo) -> datetime:
    """When BPJS stops taking the tasks of a visit on ``day`` (the hospital's midnight after
    H+7, as :func:`too_old_to_send` counts), in naive UTC like the store's times."""
    end = datetime.combine(day + timedelta(days=SEND_WINDOW_DAYS + 1), time(0), tzinfo=tz)
    return end.astimezone(UTC).replace(tzinfo=None)


def within_send_window(day: date, today: date) -> bool:
    """True for a past day (or today) whose tasks BPJS still takes."""
    return day <= today and not too_old_to_send(day, today)


class TaskState(StrEnum):
    """A task as the operator sees it (the booking is task 1)."""

    NONE = "none"  # nothing known yet
    WAITING = "waiting"  # time known, not yet queued (DRAFT)
    QUEUED = "queued"
    SENT = "sent"
    RETRYING = "retrying"  # queued again after an error
    FAILED = "failed"
    BLOCKED = "blocked"
    CANCELLED = "cancelled"  # the visit was cancelled in Khanza: nothing left to send
    NOT_REPORTED = "not_reported"  # a NON JKN visit this hospital does not report


#: states that need a look (the "problems" filter and the "last problem" column); a cancelled
#: or not-reported visit is none of them: it needs nothing
PROBLEM_STATES = frozenset({TaskState.FAILED, TaskState.BLOCKED, TaskState.RETRYING})
#: states of a task that is known but not at BPJS yet
NOT_SENT_STATES = frozenset({TaskState.WAITING, TaskState.QUEUED, TaskState.RETRYING})
#: states a person can queue again ("resend")
RESENDABLE_STATES = frozenset({TaskState.FAILED, TaskState.BLOCKED})

SYMBOLS: dict[TaskState, str] = {
    TaskState.NONE: "—",
    TaskState.WAITING: "○",
    TaskState.QUEUED: "…",
    TaskState.RETRYING: "↻",
    TaskState.SENT: "✓",
    TaskState.FAILED: "✗",
    TaskState.BLOCKED: "⊘",
    TaskState.CANCELLED: "–",
    TaskState.NOT_REPORTED: "·",
}

# state -> (Bahasa Indonesia, English): the full word (tooltips, counts, banner) ...
_WORDS: dict[TaskState, tuple[str, str]] = {
    TaskState.NONE: ("belum ada", "none yet"),
    TaskState.WAITING: ("belum dikirim", "not sent yet"),
    TaskState.QUEUED: ("dalam antrean kirim", "in the send queue"),
    TaskState.RETRYING: ("dicoba ulang", "retrying"),
    TaskState.SENT: ("terkirim", "sent"),
    TaskState.FAILED: ("gagal", "failed"),
    TaskState.BLOCKED: ("diblokir", "blocked"),
    TaskState.CANCELLED: ("batal — tidak perlu dikirim", "cancelled — nothing to send"),
    TaskState.NOT_REPORTED: ("tidak dilaporkan (NON JKN)", "not reported (NON JKN)"),
}
# ... and the short word of a table cell
_SHORT: dict[TaskState, tuple[str, str]] = {
    TaskState.QUEUED: ("antre", "queued"),
    TaskState.FAILED: ("gagal", "failed"),
    TaskState.BLOCKED: ("blokir", "blocked"),
    TaskState.CANCELLED: ("batal", "cancel."),  # a cell: "– cancelled" did not fit
    TaskState.NOT_REPORTED: ("NON JKN", "NON JKN"),
}


def short_word(state: TaskState, language: str = "id") -> str:
    """The word a table cell shows after the symbol ("antre", "blokir"); "" when the cell shows
    a time or a count instead."""
    return _pick(_SHORT[state], language) if state in _SHORT else ""


def _pick(words: tuple[str, str], language: str) -> str:
    return words[1] if language == "en" else words[0]


def word(state: TaskState, language: str = "id") -> str:
    """The state in words: "terkirim" / "sent"."""
    return _pick(_WORDS[state], language)


def whole(value: Any) -> int:
    """A count from a stored value that may be damaged ('3', 3.0, None, a list): 0 if unusable."""
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, int):
        return value
    if isinstance(value, float) and math.isfinite(value):
        return int(value)
    if isinstance(value, str) and value.strip().isdecimal():
        return int(value.strip())
    return 0


def task_state(booking_status: str, entry: Mapping[str, Any] | None, task_id: int) -> TaskState:
    """The state of task ``task_id`` from the visit's booking status and its task_progress entry.

    On a visit cancelled in Khanza every task not at BPJS (and not on its way) is CANCELLED,
    except the cancellation itself (99); a NON JKN visit left out (IGNORED) is NOT_REPORTED."""
    entry = entry if isinstance(entry, Mapping) else {}
    if booking_status == BookingStatus.IGNORED.value:
        return TaskState.NOT_REPORTED if task_id == 1 else TaskState.NONE
    state = _entry_state(booking_status, entry, task_id)
    if booking_status == BookingStatus.CANCELLED.value and task_id != 99:
        if state in (TaskState.WAITING, TaskState.BLOCKED, TaskState.FAILED):
            return TaskState.CANCELLED
        if state is TaskState.NONE and task_id == 1:
            return TaskState.CANCELLED
    return state


def _entry_state(booking_status: str, entry: Mapping[str, Any], task_id: int) -> TaskState:
    if task_id == 1:
        if booking_status == BookingStatus.BLOCKED.value:
            return TaskState.BLOCKED
        if booking_status == BookingStatus.SENT_BPJS.value:
            return TaskState.SENT
        if booking_status == BookingStatus.FAILED_BPJS.value:
            return TaskState.FAILED
    status = entry.get("status")
    if not status:
        return TaskState.WAITING if task_id == 1 else TaskState.NONE
    if status == TaskStatus.SENT_BPJS.value:
        return TaskState.SENT
    if status == TaskStatus.FAILED_BPJS.value:
        return TaskState.FAILED
    if status == TaskStatus.BLOCKED.value:
        return TaskState.BLOCKED
    if status == TaskStatus.QUEUED.value:
        if whole(entry.get("attempts")) > 0 or entry.get("failedReason"):
            return TaskState.RETRYING
        return TaskState.QUEUED
    return TaskState.WAITING


def task_time(entry: Mapping[str, Any] | None, task_id: int) -> Any:
    """The time a cell shows: the task's time (the booking falls back to when it was sent)."""
    entry = entry if isinstance(entry, Mapping) else {}
    if task_id == 1:
        return entry.get("waktu") or entry.get("sentAt")
    return entry.get("waktu")


def hhmm(epoch_ms: Any, tz: tzinfo) -> str:
    if isinstance(epoch_ms, bool) or not isinstance(epoch_ms, int | float) or not epoch_ms > 0:
        return ""
    try:
        return datetime.fromtimestamp(epoch_ms / 1000, tz).strftime("%H:%M")
    except (OverflowError, ValueError, OSError):  # a damaged value far outside any calendar
        return ""


def cell_text(
    booking_status: str,
    entry: Mapping[str, Any] | None,
    task_id: int,
    tz: tzinfo,
    language: str = "id",
) -> str:
    """What a task's cell reads, with or without colour: "✓ 08:12", "✗ gagal", "↻ 2x", …"""
    state = task_state(booking_status, entry, task_id)
    symbol = SYMBOLS[state]
    time_text = hhmm(task_time(entry, task_id), tz)
    if state in (TaskState.SENT, TaskState.WAITING):
        return f"{symbol} {time_text}".strip()
    if state is TaskState.RETRYING:
        return f"{symbol} {whole((entry or {}).get('attempts'))}x"
    if state in _SHORT:
        return f"{symbol} {_pick(_SHORT[state], language)}"
    return symbol


class VisitLike(Protocol):
    status: str
    task_progress: Any


@dataclass(frozen=True)
class DayCounts:
    """A day's tasks (the booking included) by state, for the status bar, the banner and the CLI."""

    visits: int = 0
    sent: int = 0
    failed: int = 0
    blocked: int = 0
    queued: int = 0  # in the send queue, retries included
    retrying: int = 0  # of ``queued``: queued again after an error
    cancelled: int = 0  # visits cancelled in Khanza (no problem: nothing to send)
    not_reported: int = 0  # NON JKN visits this hospital does not report (no problem either)


def count_states(visits: Iterable[VisitLike]) -> DayCounts:
    """Count every task of ``visits`` by :func:`task_state` (what the table shows)."""
    n = sent = failed = blocked = queued = retrying = cancelled = not_reported = 0
    for visit in visits:
        n += 1
        progress = visit.task_progress if isinstance(visit.task_progress, Mapping) else {}
        for key in {"1", *(k for k in progress if str(k).isdecimal())}:
            state = task_state(visit.status, progress.get(key), int(key))
            if key == "1":
                cancelled += state is TaskState.CANCELLED
                not_reported += state is TaskState.NOT_REPORTED
            if state is TaskState.SENT:
                sent += 1
            elif state is TaskState.FAILED:
                failed += 1
            elif state is TaskState.BLOCKED:
                blocked += 1
            elif state in (TaskState.QUEUED, TaskState.RETRYING):
                queued += 1
                retrying += state is TaskState.RETRYING
    return DayCounts(n, sent, failed, blocked, queued, retrying, cancelled, not_reported)


def counts_text(counts: DayCounts, language: str = "id") -> str:
    """ "✓ 12 terkirim · ✗ 1 gagal · ⊘ 2 diblokir" (the same words as the table's tooltips)."""
    parts = [
        f"{SYMBOLS[state]} {value} {word(state, language)}"
        for state, value in (
            (TaskState.SENT, counts.sent),
            (TaskState.FAILED, counts.failed),
            (TaskState.BLOCKED, counts.blocked),
        )
    ]
    return " · ".join(parts)
