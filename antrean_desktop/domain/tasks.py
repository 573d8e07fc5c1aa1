"""BPJS task ids and the status vocabularies used across the program."""

from __future__ import annotations

from enum import IntEnum, StrEnum


class TaskId(IntEnum):
    """BPJS Antrean RS task ids. ``BOOKING`` (1) stands for ``antrean/add`` in ``task_progress``."""

    BOOKING = 1  # start waiting for admission; key "1" is the booking (antrean/add)
    ADMISSION_START = 2  # admission service starts
    CLINIC_WAIT = 3  # admission done / start waiting at the clinic (check-in)
    SERVICE_START = 4  # clinic service starts
    SERVICE_END = 5  # clinic service ends / start waiting at the pharmacy
    PHARMACY_START = 6  # pharmacy starts preparing
    PHARMACY_DONE = 7  # medicine handed over
    CANCELLED = 99  # cancelled / did not attend

    @property
    def label(self) -> str:
        return _LABELS[self]

    @classmethod
    def parse(cls, value: int | str) -> TaskId:
        """Turn 3, "3" or "CLINIC_WAIT" into a TaskId; ValueError names the bad value."""
        if isinstance(value, TaskId):
            return value
        text = str(value).strip()
        if text.isdigit():
            try:
                return cls(int(text))
            except ValueError:
                pass
        elif text.upper() in cls.__members__:
            return cls[text.upper()]
        allowed = ", ".join(str(int(t)) for t in cls)
        raise ValueError(f"unknown BPJS task id {value!r} (expected one of {allowed})")


_LABELS = {
    TaskId.BOOKING: "booking (antrean/add)",
    TaskId.ADMISSION_START: "admission service starts",
    TaskId.CLINIC_WAIT: "waiting at the clinic (check-in)",
    TaskId.SERVICE_START: "clinic service starts",
    TaskId.SERVICE_END: "clinic service ends",
    TaskId.PHARMACY_START: "pharmacy starts preparing",
    TaskId.PHARMACY_DONE: "medicine handed over",
    TaskId.CANCELLED: "cancelled",
}

#: Tasks a hospital may enable in ``[hospital] tasks`` (1 is always sent; 2 is not tracked).
CONFIGURABLE_TASKS = frozenset({3, 4, 5, 6, 7, 99})
DEFAULT_TASKS = (3, 4, 5)
#: Clinic-flow order of the time-stamped tasks (99 stands outside the order).
TASK_ORDER = (3, 4, 5, 6, 7)
#: The time-stamped task lists a hospital may report: BPJS refuses a task whose predecessor is
#: missing, so a list with a gap (e.g. 3, 5) would fail for ever. 99 may be added to any.
TASK_CHAINS = ((3, 4, 5), (3, 4, 5, 6), (3, 4, 5, 6, 7))


class TaskStatus(StrEnum):
    """Status of one task inside ``task_progress``."""

    DRAFT = "DRAFT"  # time known, not yet queued
    QUEUED = "QUEUED"  # a job exists and will be sent
    SENT_BPJS = "SENT_BPJS"
    FAILED_BPJS = "FAILED_BPJS"
    BLOCKED = "BLOCKED"  # cannot be sent as is; reason says why


class BookingStatus(StrEnum):
    """Status of a visit's booking (``visit_event.status``)."""

    READY_BPJS = "READY_BPJS"
    BLOCKED = "BLOCKED"
    SENT_BPJS = "SENT_BPJS"
    FAILED_BPJS = "FAILED_BPJS"
    CANCELLED = "CANCELLED"
    IGNORED = "IGNORED"  # NON JKN while include_non_jkn is off


class JobStatus(StrEnum):
    PENDING = "PENDING"
    SENDING = "SENDING"
    DONE = "DONE"
    FAILED = "FAILED"
