"""The one task-state vocabulary: states, cell texts, counts and the send window."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from antrean_desktop.domain.task_states import (
    NOT_SENT_STATES,
    PROBLEM_STATES,
    RESENDABLE_STATES,
    DayCounts,
    TaskState,
    cell_text,
    count_states,
    counts_text,
    task_state,
    too_old_to_send,
    within_send_window,
    word,
)

TZ = ZoneInfo("Asia/Jakarta")
AT_0812 = int(datetime(2026, 11, 28, 8, 12, tzinfo=TZ).timestamp() * 1000)


@pytest.mark.parametrize(
    ("booking", "entry", "task_id", "state", "text_id", "text_en"),
    [
        ("SENT_BPJS", {"status": "SENT_BPJS"}, 1, TaskState.SENT, "✓", "✓"),
        ("READY_BPJS", None, 1, TaskState.WAITING, "○", "○"),
        ("BLOCKED", {"status": "BLOCKED"}, 1, TaskState.BLOCKED, "⊘ blokir", "⊘ blocked"),
        ("FAILED_BPJS", {"status": "FAILED_BPJS"}, 1, TaskState.FAILED, "✗ gagal", "✗ failed"),
        ("SENT_BPJS", None, 4, TaskState.NONE, "—", "—"),
        ("SENT_BPJS", {"status": "DRAFT", "waktu": AT_0812}, 3, TaskState.WAITING, "○ 08:12", None),
        (
            "SENT_BPJS",
            {"status": "QUEUED", "attempts": 0},
            3,
            TaskState.QUEUED,
            "… antre",
            "… queued",
        ),
        ("SENT_BPJS", {"status": "QUEUED", "attempts": 2}, 3, TaskState.RETRYING, "↻ 2x", "↻ 2x"),
        (
            "SENT_BPJS",
            {"status": "SENT_BPJS", "waktu": AT_0812},
            3,
            TaskState.SENT,
            "✓ 08:12",
            None,
        ),
        ("SENT_BPJS", {"status": "FAILED_BPJS"}, 5, TaskState.FAILED, "✗ gagal", "✗ failed"),
        ("SENT_BPJS", {"status": "BLOCKED"}, 5, TaskState.BLOCKED, "⊘ blokir", "⊘ blocked"),
    ],
)
def test_state_and_cell_text(booking, entry, task_id, state, text_id, text_en):
    assert task_state(booking, entry, task_id) is state
    assert cell_text(booking, entry, task_id, TZ, "id") == text_id
    assert cell_text(booking, entry, task_id, TZ, "en") == (text_en or text_id)


def test_every_state_has_words_in_both_languages():
    for state in TaskState:
        assert word(state, "id") and word(state, "en")
    assert word(TaskState.SENT, "id") == "terkirim" and word(TaskState.SENT, "en") == "sent"


@dataclass
class Visit:
    status: str
    task_progress: dict[str, Any] = field(default_factory=dict)


def test_counts_are_the_states_the_table_shows():
    visits = [
        Visit("SENT_BPJS", {"1": {"status": "SENT_BPJS"}, "3": {"status": "SENT_BPJS"}}),
        Visit("SENT_BPJS", {"1": {"status": "SENT_BPJS"}, "3": {"status": "FAILED_BPJS"}}),
        Visit("BLOCKED", {"1": {"status": "BLOCKED"}}),  # the booking counts once
        Visit("BLOCKED", {}),  # a blocked booking without a progress entry still counts
        Visit(
            "SENT_BPJS", {"1": {"status": "SENT_BPJS"}, "3": {"status": "QUEUED", "attempts": 1}}
        ),
        Visit("READY_BPJS", {"1": {"status": "QUEUED"}}),
        Visit("READY_BPJS", {}),
    ]
    counts = count_states(visits)
    assert counts == DayCounts(visits=7, sent=4, failed=1, blocked=2, queued=2, retrying=1)
    expected = {
        TaskState.SENT: counts.sent,
        TaskState.FAILED: counts.failed,
        TaskState.BLOCKED: counts.blocked,
    }
    shown = {s: 0 for s in expected}
    for v in visits:
        for key in {"1", *v.task_progress}:
            state = task_state(v.status, v.task_progress.get(key), int(key))
            if state in shown:
                shown[state] += 1
    assert shown == expected
    assert counts_text(counts, "id") == "✓ 4 terkirim · ✗ 1 gagal · ⊘ 2 diblokir"
    assert counts_text(counts, "en") == "✓ 4 sent · ✗ 1 failed · ⊘ 2 blocked"


def test_send_window_is_seven_days_back():
    today = date(2026, 11, 28)
    assert within_send_window(date(2026, 11, 21), today)
    assert not within_send_window(date(2026, 11, 20), today)
    assert not within_send_window(date(2026, 11, 29), today), "no future day"
    assert too_old_to_send(date(2026, 11, 20), today)
    assert not too_old_to_send(date(2026, 11, 21), today)


CANCELLED_ENTRY = {"status": "BLOCKED", "reason": {"code": "VISIT_CANCELLED", "params": {}}}


@pytest.mark.parametrize(
    ("booking", "entry", "task_id", "state", "text_id", "text_en"),
    [
        ("CANCELLED", CANCELLED_ENTRY, 1, TaskState.CANCELLED, "– batal", "– cancel."),
        (
            "CANCELLED",
            {"status": "DRAFT", "waktu": AT_0812},
            3,
            TaskState.CANCELLED,
            "– batal",
            "– cancel.",
        ),
        ("CANCELLED", {"status": "FAILED_BPJS"}, 4, TaskState.CANCELLED, "– batal", "– cancel."),
        # what went to BPJS (or is on its way) stays what it is; so does the cancellation itself
        ("CANCELLED", {"status": "SENT_BPJS"}, 1, TaskState.SENT, "✓", "✓"),
        ("CANCELLED", {"status": "QUEUED"}, 99, TaskState.QUEUED, "… antre", "… queued"),
        ("CANCELLED", {"status": "FAILED_BPJS"}, 99, TaskState.FAILED, "✗ gagal", "✗ failed"),
        ("IGNORED", None, 1, TaskState.NOT_REPORTED, "· NON JKN", "· NON JKN"),
        ("IGNORED", None, 3, TaskState.NONE, "—", "—"),
    ],
)
def test_cancelled_and_not_reported_states(booking, entry, task_id, state, text_id, text_en):
    test_state_and_cell_text(booking, entry, task_id, state, text_id, text_en)


def test_cancelled_and_not_reported_visits_are_out_of_the_problem_counts():
    visits = [
        Visit("CANCELLED", {"1": CANCELLED_ENTRY, "3": {"status": "BLOCKED", **CANCELLED_ENTRY}}),
        Visit("CANCELLED", {"1": {"status": "SENT_BPJS"}, "3": {"status": "FAILED_BPJS"}}),
        Visit("IGNORED", {}),
        Visit("BLOCKED", {"1": {"status": "BLOCKED"}}),
    ]
    counts = count_states(visits)
    assert counts == DayCounts(
        visits=4, sent=1, failed=0, blocked=1, queued=0, retrying=0, cancelled=1, not_reported=1
    )
    assert counts_text(counts, "id") == "✓ 1 terkirim · ✗ 0 gagal · ⊘ 1 diblokir"
    for state in (TaskState.CANCELLED, TaskState.NOT_REPORTED):
        assert state not in PROBLEM_STATES and state not in RESENDABLE_STATES
        assert state not in NOT_SENT_STATES
    assert word(TaskState.CANCELLED, "id") == "batal — tidak perlu dikirim"
    assert word(TaskState.NOT_REPORTED, "id") == "tidak dilaporkan (NON JKN)"
