"""Problems grouped by cause: when many visits fail for the same reason, one banner line that
names the cause, the count and the fix, instead of the same sentence in 21 rows.

Tasks are taken by :func:`task_states.task_state` (what the table shows): FAILED and BLOCKED
ones with a reason, grouped by :func:`next_steps.cause_key`. Tasks given up without BPJS's
verdict (:data:`send_state.GAVE_UP_CODES`) have their own banner and are left out here.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from antrean_desktop.domain.next_steps import cause_key, step_for
from antrean_desktop.domain.reasons import Reason
from antrean_desktop.domain.send_state import GAVE_UP_CODES
from antrean_desktop.domain.task_states import TaskState, task_state
from antrean_desktop.domain.tasks import BookingStatus

#: this many tasks failing for one cause make a grouped banner
GROUP_MIN = 5


def task_reason(
    booking_status: str, blocked_reason: Any, entry: Mapping[str, Any] | None, task_id: int
) -> Reason | None:
    """Why a task (1: the booking) is not sent, as a stored reason; None if none is kept."""
    entry = entry if isinstance(entry, Mapping) else {}
    if task_id == 1 and booking_status == BookingStatus.BLOCKED.value and blocked_reason:
        return Reason.from_json(blocked_reason)
    return Reason.from_json(entry.get("reason") or entry.get("failedReason"))


@dataclass(frozen=True)
class ProblemGroup:
    key: str  # next_steps.cause_key
    state: TaskState  # FAILED or BLOCKED
    booking: bool  # the booking (task 1), or later tasks
    count: int
    reason: Reason  # one of them, for its words

    def line(self, language: str = "id") -> str:
        """ "21 booking ditolak: <cause> — <fix>"."""
        step = step_for(self.reason)
        en = language == "en"
        what = ("bookings" if en else "booking") if self.booking else ("tasks" if en else "task")
        if self.reason.code == "BPJS_REJECTED":
            verb = "refused" if en else "ditolak"
        elif self.state is TaskState.BLOCKED:
            verb = "blocked" if en else "diblokir"
        else:
            verb = "failed" if en else "gagal"
        if step is None:
            return f"{self.count} {what} {verb}: {self.reason.render(language)}"
        return (
            f"{self.count} {what} {verb}: {step.cause_text(language)} — {step.fix_text(language)}"
        )


def problem_groups(visits: Iterable[Any]) -> tuple[ProblemGroup, ...]:
    """Groups of at least :data:`GROUP_MIN` tasks failing for one cause, the largest first."""
    counts: dict[tuple[str, TaskState, bool], list[Any]] = {}
    for visit in visits:
        progress = visit.task_progress if isinstance(visit.task_progress, Mapping) else {}
        for key in {"1", *(k for k in progress if str(k).isdecimal())}:
            entry = progress.get(key)
            state = task_state(visit.status, entry, int(key))
            if state not in (TaskState.FAILED, TaskState.BLOCKED):
                continue
            reason = task_reason(visit.status, visit.blocked_reason, entry, int(key))
            if reason is None or reason.code in GAVE_UP_CODES:
                continue
            slot = counts.setdefault((cause_key(reason), state, key == "1"), [0, reason])
            slot[0] += 1
    groups = [
        ProblemGroup(k, state, booking, n, reason)
        for (k, state, booking), (n, reason) in counts.items()
        if n >= GROUP_MIN
    ]
    return tuple(sorted(groups, key=lambda g: (-g.count, g.key)))


#: the window's buttons a fix names, and the command ``status`` names instead
_COMMANDS = {
    "«Kirim ulang kunjungan»": "antrean-desktop resend <no_rawat>",
    "«Resend visit»": "antrean-desktop resend <no_rawat>",
    "«Kirim ulang»": "antrean-desktop resend",
    "«Resend»": "antrean-desktop resend",
}


def group_lines(
    groups: tuple[ProblemGroup, ...], language: str = "id", *, cli: bool = False
) -> tuple[str, ...]:
    """The banner's lines for the largest two groups; () when there is none. ``cli``: the
    words for ``antrean-desktop status``, which names the command, not the button."""
    lines = [g.line(language) for g in groups[:2]]
    if cli:
        for button, command in _COMMANDS.items():
            lines = [line.replace(button, command) for line in lines]
    return tuple(lines)
