"""Comparing what the store says was sent with what BPJS has recorded (pure, no I/O).

Four kinds of mismatch, one booking at a time:

- ``missing_at_bpjs``: we hold it as SENT_BPJS, BPJS does not have it (the booking, or a task);
- ``time_differs``: both have the task, with different times (compared to the second, since
  BPJS shows times as "dd-MM-yyyy HH:mm:ss WIB");
- ``unknown_here``: BPJS has a booking, or a task, that the store does not hold as sent;
- ``cancelled_at_bpjs``: BPJS closed the booking with task 99 (or a "batal" status) while the
  store does not hold it as cancelled.

Only ``missing_at_bpjs`` can be fixed by sending again, and only inside BPJS's window (service
date + 7 days): BPJS keeps the first time it got for a task ("TaskId=N sudah ada"), so a time
that differs cannot be overwritten, and a booking closed at BPJS takes no more tasks.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from enum import StrEnum
from typing import Any

from antrean_desktop.domain.service_core import in_sending_window
from antrean_desktop.domain.task_progress import readable_progress
from antrean_desktop.domain.tasks import BookingStatus, TaskStatus

#: getlisttask's field holding the time the hospital sent (``waktu`` is BPJS's own clock)
HOSPITAL_TIME_FIELD = "wakturs"

_ZONES = {"WIB": 7, "WITA": 8, "WIT": 9}
_BPJS_TIME = re.compile(r"^\s*(\d{2})-(\d{2})-(\d{4})\s+(\d{2}):(\d{2}):(\d{2})\s*([A-Z]*)\s*$")


class MismatchKind(StrEnum):
    MISSING_AT_BPJS = "missing_at_bpjs"
    TIME_DIFFERS = "time_differs"
    UNKNOWN_HERE = "unknown_here"
    CANCELLED_AT_BPJS = "cancelled_at_bpjs"


@dataclass(frozen=True)
class Mismatch:
    visit_id: str | None  # None: BPJS has a booking the store does not know
    kodebooking: str
    kind: MismatchKind
    task: int | None  # None: the booking itself
    ours_ms: int | None = None
    bpjs_ms: int | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "visit_id": self.visit_id,
            "kodebooking": self.kodebooking,
            "kind": self.kind.value,
            "task": self.task,
            "ours_ms": self.ours_ms,
            "bpjs_ms": self.bpjs_ms,
        }

    @classmethod
    def from_json(cls, value: Mapping[str, Any]) -> Mismatch:
        return cls(
            value.get("visit_id"),
            str(value.get("kodebooking", "")),
            MismatchKind(value["kind"]),
            value.get("task"),
            value.get("ours_ms"),
            value.get("bpjs_ms"),
        )


@dataclass(frozen=True)
class OurBooking:
    """What the store holds for one visit."""

    visit_id: str
    kodebooking: str
    visit_date: date
    booking_sent: bool
    cancelled: bool
    sent: dict[int, int | None] = field(default_factory=dict)  # task -> waktu ms, SENT_BPJS only
    known: dict[int, int | None] = field(default_factory=dict)  # task -> waktu ms, any status

    @classmethod
    def from_progress(
        cls, visit_id: str, kodebooking: str, visit_date: date, status: str, task_progress: Any
    ) -> OurBooking:
        progress = readable_progress(task_progress)  # a damaged value: nothing held as sent
        sent: dict[int, int | None] = {}
        known: dict[int, int | None] = {}
        for key, entry in progress.items():
            if not key.isdigit() or key == "1":
                continue
            waktu = entry.get("waktu")
            known[int(key)] = int(waktu) if waktu is not None else None
            if entry.get("status") == TaskStatus.SENT_BPJS.value:
                sent[int(key)] = known[int(key)]
        booking_sent = (progress.get("1") or {}).get("status") == TaskStatus.SENT_BPJS.value
        cancelled = status == BookingStatus.CANCELLED.value or 99 in sent
        return cls(visit_id, kodebooking, visit_date, booking_sent, cancelled, sent, known)


@dataclass(frozen=True)
class BpjsBooking:
    """What BPJS answered for one booking: its pendaftaran row (if listed) and its tasks."""

    kodebooking: str
    status: str = ""
    tasks: dict[int, int | None] = field(default_factory=dict)  # task -> hospital time ms

    @property
    def cancelled(self) -> bool:
        return 99 in self.tasks or "batal" in self.status.lower()

    @classmethod
    def from_answers(
        cls, kodebooking: str, listed: Mapping[str, Any] | None, task_rows: Iterable[Any]
    ) -> BpjsBooking:
        tasks: dict[int, int | None] = {}
        for row in task_rows:
            if not isinstance(row, Mapping):
                continue
            taskid = _as_int(row.get("taskid"))
            if taskid is not None:
                tasks[taskid] = parse_bpjs_time(row.get(HOSPITAL_TIME_FIELD))
        status = str((listed or {}).get("status") or "")
        return cls(kodebooking, status, tasks)


def parse_bpjs_time(text: Any) -> int | None:
    """'28-11-2026 08:25:30 WIB' -> epoch ms; None for anything unreadable."""
    if not isinstance(text, str):
        return None
    match = _BPJS_TIME.match(text)
    if not match:
        return None
    dd, mm, yyyy, hh, mi, ss, zone = match.groups()
    offset = _ZONES.get(zone or "WIB")
    if offset is None:
        return None
    try:
        moment = datetime(
            int(yyyy),
            int(mm),
            int(dd),
            int(hh),
            int(mi),
            int(ss),
            tzinfo=timezone(timedelta(hours=offset)),
        )
    except ValueError:
        return None
    return int(moment.timestamp() * 1000)


def _as_int(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.strip().isdigit():
        return int(value.strip())
    return None


def _same_second(a: int | None, b: int | None) -> bool:
    return a is not None and b is not None and a // 1000 == b // 1000


def compare(
    ours: OurBooking | None, theirs: BpjsBooking | None, tracked: Iterable[int]
) -> list[Mismatch]:
    """The mismatches of one booking. ``tracked``: the task ids the hospital sends (3..7)."""
    if ours is None:
        if theirs is None:
            return []
        return [Mismatch(None, theirs.kodebooking, MismatchKind.UNKNOWN_HERE, None)]
    vid, kode = ours.visit_id, ours.kodebooking
    tasks = sorted(t for t in set(tracked) if t != 99)
    if theirs is None:
        if not ours.booking_sent:
            return []
        return [Mismatch(vid, kode, MismatchKind.MISSING_AT_BPJS, None)] + [
            Mismatch(vid, kode, MismatchKind.MISSING_AT_BPJS, t, ours.sent[t])
            for t in tasks
            if t in ours.sent
        ]
    found: list[Mismatch] = []
    if not ours.booking_sent:
        found.append(Mismatch(vid, kode, MismatchKind.UNKNOWN_HERE, None))
    if theirs.cancelled and not ours.cancelled:
        found.append(
            Mismatch(vid, kode, MismatchKind.CANCELLED_AT_BPJS, None, None, theirs.tasks.get(99))
        )
    for task in tasks:
        mine, bpjs = ours.sent.get(task), theirs.tasks.get(task)
        if task in ours.sent and task not in theirs.tasks:
            found.append(Mismatch(vid, kode, MismatchKind.MISSING_AT_BPJS, task, mine))
        elif task in ours.sent and not _same_second(mine, bpjs):
            found.append(Mismatch(vid, kode, MismatchKind.TIME_DIFFERS, task, mine, bpjs))
        elif task not in ours.sent and task in theirs.tasks:
            known = ours.known.get(task)
            found.append(Mismatch(vid, kode, MismatchKind.UNKNOWN_HERE, task, known, bpjs))
    return found


def fixable(mismatch: Mismatch, visit_date: date, today: date) -> bool:
    """Whether sending again can fix it: a missing booking or task, within the H+7 window."""
    return (
        mismatch.kind is MismatchKind.MISSING_AT_BPJS
        and mismatch.visit_id is not None
        and in_sending_window(visit_date, today)
    )
