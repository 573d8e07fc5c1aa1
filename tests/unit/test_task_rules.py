"""domain.task_rules: the order rules of task times and the may-send decision."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from antrean_desktop.domain import task_rules
from antrean_desktop.domain.task_rules import blocked_tasks, may_send, previous_task
from antrean_desktop.domain.timezone import epoch_ms_to_local, format_local, local_to_epoch_ms

DAY = date(2026, 1, 20)
TZ = "Asia/Jakarta"


def ms(local: str, tz: str = TZ) -> int:
    return local_to_epoch_ms(datetime.fromisoformat(local), tz)


def test_local_time_conversions():
    assert ms("2026-01-20 07:00:00") == int(
        datetime(2026, 1, 20, 0, 0, tzinfo=UTC).timestamp() * 1000
    )
    assert ms("2026-01-20 07:00:00", "Asia/Jayapura") == ms("2026-01-20 07:00:00") - 2 * 3600_000
    assert format_local(ms("2026-01-20 23:59:59"), TZ) == "2026-01-20 23:59:59"
    assert epoch_ms_to_local(ms("2026-01-20 08:00:00"), "Asia/Makassar") == datetime(
        2026, 1, 20, 9, 0
    )


@pytest.mark.parametrize(
    "task, enabled, expected",
    [
        (3, (3, 4, 5), None),
        (4, (3, 4, 5), 3),
        (5, (3, 4, 5), 4),
        (5, (3, 5), 3),
        (4, (4, 5), None),
        (7, (3, 4, 5, 6, 7, 99), 6),
        (7, (3, 4, 5, 7), 5),
        (99, (3, 4, 5, 99), None),
    ],
)
def test_previous_task(task, enabled, expected):
    assert previous_task(task, enabled) == expected


def test_increasing_times_on_the_day_pass():
    times = {
        3: ms("2026-01-20 07:30:00"),
        4: ms("2026-01-20 08:00:00"),
        5: ms("2026-01-20 08:30:00"),
    }
    assert blocked_tasks(DAY, TZ, times, (3, 4, 5)) == {}


def test_equal_or_earlier_time_is_blocked_with_both_times():
    times = {
        3: ms("2026-01-20 08:00:00"),
        4: ms("2026-01-20 08:00:00"),
        5: ms("2026-01-20 07:59:00"),
    }
    blocked = blocked_tasks(DAY, TZ, times, (3, 4, 5))
    assert set(blocked) == {4, 5}
    assert blocked[4].to_json() == {
        "code": "TIME_NOT_INCREASING",
        "params": {
            "task": 4,
            "time": "2026-01-20 08:00:00",
            "prev_task": 3,
            "prev_time": "2026-01-20 08:00:00",
        },
    }
    assert blocked[5].params["prev_task"] == 4
    assert "2026-01-20 07:59:00" in blocked[5].render("en") and "2026-01-20 08:00:00" in blocked[
        5
    ].render("id")


def test_unknown_time_in_between_compares_with_the_nearest_known():
    times = {3: ms("2026-01-20 09:00:00"), 4: None, 5: ms("2026-01-20 08:30:00")}
    assert blocked_tasks(DAY, TZ, times, (3, 4, 5))[5].params["prev_task"] == 3
    assert blocked_tasks(DAY, TZ, times, (4, 5)) == {}  # 3 disabled: nothing to compare with


def test_time_off_the_visit_date_in_the_hospital_zone():
    # 00:30 on the 21st in Jakarta is still the 20th in UTC: the hospital's zone decides
    times = {3: ms("2026-01-20 07:30:00"), 4: ms("2026-01-21 00:30:00")}
    blocked = blocked_tasks(DAY, TZ, times, (3, 4, 5))
    assert blocked[4].to_json() == {
        "code": "TIME_NOT_ON_VISIT_DATE",
        "params": {"task": 4, "time": "2026-01-21 00:30:00", "visit_date": "2026-01-20"},
    }
    assert (
        blocked_tasks(DAY, TZ, {3: ms("2026-01-19 23:59:00")}, (3,))[3].code
        == "TIME_NOT_ON_VISIT_DATE"
    )


def test_disabled_tasks_are_ignored():
    times = {3: ms("2026-01-20 08:00:00"), 6: ms("2026-01-20 07:00:00")}
    assert blocked_tasks(DAY, TZ, times, (3, 4, 5)) == {}


def sent(*tasks):
    return {str(t): {"status": "SENT_BPJS"} for t in tasks}


def test_may_send_needs_booking_and_every_earlier_enabled_task():
    enabled = (3, 4, 5, 99)
    assert may_send(1, {}, enabled)
    assert not may_send(3, {}, enabled)
    assert not may_send(3, {"1": {"status": "QUEUED"}}, enabled)
    assert may_send(3, sent(1), enabled)
    assert not may_send(4, sent(1), enabled)
    assert not may_send(5, {**sent(1, 3), "4": {"status": "FAILED_BPJS"}}, enabled)
    assert may_send(5, sent(1, 3, 4), enabled)
    assert may_send(5, sent(1, 3), (3, 5))  # 4 is not enabled at this hospital
    assert may_send(99, sent(1), enabled)
    assert not may_send("99", {}, enabled)
    assert may_send(
        "5",
        '{"1": {"status": "SENT_BPJS"}, "3": {"status": "SENT_BPJS"}, "4": {"status": "SENT_BPJS"}}',
        enabled,
    )


def test_time_off_the_service_date_in_wib():
    """Issue 11 item 4: BPJS judges the date in WIB; 00:30 WITA is 23:30 WIB the day before."""
    wita = "Asia/Makassar"
    times = {
        3: ms("2026-01-19 23:30:00"),  # 00:30 WITA on the 20th
        4: ms("2026-01-20 00:00:00"),  # 01:00 WITA: the 20th in WIB too
    }
    blocked = blocked_tasks(DAY, wita, times, (3, 4, 5))
    assert blocked[3].to_json() == {
        "code": "TIME_NOT_ON_WIB_DATE",
        "params": {
            "task": 3,
            "time": "2026-01-20 00:30:00",
            "wib_time": "2026-01-19 23:30:00",
            "visit_date": "2026-01-20",
        },
    }
    assert 4 not in blocked
    wit = blocked_tasks(DAY, "Asia/Jayapura", {3: ms("2026-01-19 23:59:00")}, (3,))
    assert wit[3].code == "TIME_NOT_ON_WIB_DATE"  # 01:59 WIT


def test_unsent_predecessors_in_order_booking_first() -> None:
    progress = {"1": {"status": "SENT_BPJS"}, "3": {"status": "SENT_BPJS"}}
    assert task_rules.unsent_predecessors(5, progress, (3, 4, 5)) == [4]
    assert task_rules.unsent_predecessors(5, {}, (3, 4, 5)) == [1, 3, 4]
    assert task_rules.unsent_predecessors(99, {}, (3, 4, 5, 99)) == [1]
    assert task_rules.unsent_predecessors(1, {}, (3, 4, 5)) == []


def test_cancellation_due_only_after_the_booking_and_before_task_5() -> None:
    sent = {"status": "SENT_BPJS"}
    assert task_rules.cancellation_due({"1": sent})
    assert task_rules.cancellation_due({"1": sent, "4": sent})
    assert not task_rules.cancellation_due({"1": sent, "5": sent})
    assert not task_rules.cancellation_due({"1": {"status": "QUEUED"}})
    assert not task_rules.cancellation_due({})
