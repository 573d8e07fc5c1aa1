"""THE one place for the order rules of a visit's task times.

BPJS refuses a task whose time is not strictly later than the previous task's, or not on the
service date (judged on the WIB clock: a WITA time before 01:00 or a WIT time before 02:00 is the
previous day for BPJS), and a task whose predecessors were not sent. The program never
invents or shifts a time: a task that breaks a rule is BLOCKED with a reason naming both times.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, tzinfo
from typing import Any

from antrean_desktop.domain.reasons import Reason
from antrean_desktop.domain.task_progress import get_task_progress
from antrean_desktop.domain.tasks import TASK_ORDER, TaskId, TaskStatus
from antrean_desktop.domain.timezone import WIB, format_local, local_date


def ordered_tasks(enabled_tasks: Iterable[int]) -> list[int]:
    """The enabled time-stamped tasks (3..7) in clinic-flow order; 1 and 99 are left out."""
    enabled = {int(t) for t in enabled_tasks}
    return [t for t in TASK_ORDER if t in enabled]


def previous_task(task: int, enabled_tasks: Iterable[int]) -> int | None:
    """The enabled task that comes right before ``task`` (3..7), or None when it is the first.

    The booking (1) precedes every task and is not returned here; 99 has no previous task.
    """
    task = int(task)
    if task not in TASK_ORDER:
        return None
    earlier = [t for t in ordered_tasks(enabled_tasks) if t < task]
    return earlier[-1] if earlier else None


def blocked_tasks(
    visit_date: date,
    tz: str | tzinfo,
    times: Mapping[int, int | None],
    enabled_tasks: Iterable[int],
) -> dict[int, Reason]:
    """Which tasks with a known time break the order rules, and why.

    ``times`` maps task id to epoch ms (None or absent = not known yet). A time must be on
    ``visit_date`` in ``tz`` and strictly later than the nearest earlier enabled task that has a
    time. Reason params carry both times as local ``YYYY-MM-DD HH:MM:SS``.
    """
    blocked: dict[int, Reason] = {}
    prev: tuple[int, int] | None = None  # (task, waktu) of the nearest earlier known time
    for task in ordered_tasks(enabled_tasks):
        waktu = times.get(task)
        if waktu is None:
            continue
        shown = format_local(waktu, tz)
        if local_date(waktu, tz) != visit_date:
            blocked[task] = Reason(
                "TIME_NOT_ON_VISIT_DATE",
                {"task": task, "time": shown, "visit_date": visit_date.isoformat()},
            )
        elif local_date(waktu, WIB) != visit_date:  # e.g. 00:30 WITA is the day before in WIB
            blocked[task] = Reason(
                "TIME_NOT_ON_WIB_DATE",
                {
                    "task": task,
                    "time": shown,
                    "wib_time": format_local(waktu, WIB),
                    "visit_date": visit_date.isoformat(),
                },
            )
        elif prev is not None and waktu <= prev[1]:
            blocked[task] = Reason(
                "TIME_NOT_INCREASING",
                {
                    "task": task,
                    "time": shown,
                    "prev_task": prev[0],
                    "prev_time": format_local(prev[1], tz),
                },
            )
        prev = (task, waktu)
    return blocked


def unsent_predecessors(
    task_id: int | str, task_progress: Mapping[str, Any] | str | None, enabled_tasks: Iterable[int]
) -> list[int]:
    """The predecessors of ``task_id`` not yet SENT_BPJS, in order (1 = the booking).

    The booking (1) has no predecessor. Tasks 3..7 need the booking and every earlier enabled task
    SENT_BPJS. 99 needs the booking sent. The task's own status (DRAFT, BLOCKED) is not judged here.
    """
    task = int(TaskId.parse(task_id))
    if task == TaskId.BOOKING:
        return []
    progress = get_task_progress(task_progress)
    needed = [int(TaskId.BOOKING)]
    if task in TASK_ORDER:
        needed += [t for t in ordered_tasks(enabled_tasks) if t < task]
    return [
        t for t in needed if progress.get(str(t), {}).get("status") != TaskStatus.SENT_BPJS.value
    ]


def may_send(
    task_id: int | str, task_progress: Mapping[str, Any] | str | None, enabled_tasks: Iterable[int]
) -> bool:
    """Whether the predecessors of ``task_id`` were all sent, so it may be sent now."""
    return not unsent_predecessors(task_id, task_progress, enabled_tasks)


def cancellation_due(task_progress: Mapping[str, Any] | str | None) -> bool:
    """Whether a cancelled visit gets ``antrean/batal`` and task 99: only when its booking was
    sent and its clinic service did not end (task 5 not sent)."""
    progress = get_task_progress(task_progress)

    def sent(t: int) -> bool:
        return progress.get(str(t), {}).get("status") == TaskStatus.SENT_BPJS.value

    return sent(TaskId.BOOKING) and not sent(TaskId.SERVICE_END)
