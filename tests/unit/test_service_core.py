"""The service core decides with an injected clock: days to read, pauses, probes, back-off."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from antrean_desktop.domain.service_core import (
    OUTAGE_THRESHOLD,
    DayPlanner,
    PauseKind,
    SendGate,
    SendMode,
    ServiceCore,
    in_sending_window,
    retry_delay,
    sending_window,
)

WIB = ZoneInfo("Asia/Jakarta")
TODAY = date(2026, 11, 28)
NOW = datetime(2026, 11, 28, 10, 32, tzinfo=WIB)


def test_sending_window_is_the_service_date_plus_seven_days():
    days = sending_window(TODAY)
    assert days[0] == date(2026, 11, 21) and days[-1] == TODAY and len(days) == 8
    assert in_sending_window(date(2026, 11, 21), TODAY)
    assert not in_sending_window(date(2026, 11, 20), TODAY)
    assert not in_sending_window(date(2026, 11, 29), TODAY)


def test_start_up_reads_every_day_of_the_window_once_then_only_today():
    planner = DayPlanner(poll_seconds=30)
    assert planner.due(0.0, TODAY) == tuple(sending_window(TODAY))
    for day in sending_window(TODAY):
        planner.read(day)
    planner.finished(0.0, ok=True)
    assert not planner.poll_due(10.0, TODAY)
    assert planner.due(10.0, TODAY) == ()  # not due yet
    assert planner.poll_due(30.0, TODAY) and planner.poll_due(10.0, TODAY + timedelta(days=1))
    assert planner.due(30.0, TODAY) == (TODAY,)


def test_a_past_day_with_unfinished_work_is_read_again_until_it_is_done():
    planner = DayPlanner(poll_seconds=30)
    for day in planner.due(0.0, TODAY):
        planner.read(day)
    planner.finished(0.0, ok=True)
    yesterday, old = TODAY - timedelta(days=1), TODAY - timedelta(days=8)
    assert planner.due(30.0, TODAY, [yesterday, old]) == (yesterday, TODAY)  # old: out of window
    planner.finished(30.0, ok=True)
    assert planner.due(60.0, TODAY, []) == (TODAY,)


def test_midnight_reads_the_whole_window_again():
    planner = DayPlanner(poll_seconds=3600)
    for day in planner.due(0.0, TODAY):
        planner.read(day)
    planner.finished(0.0, ok=True)
    tomorrow = TODAY + timedelta(days=1)
    assert planner.due(5.0, tomorrow) == tuple(sending_window(tomorrow))  # at once, not in 1 h


def test_a_day_that_failed_to_read_stays_in_the_catch_up_and_polls_back_off():
    planner = DayPlanner(poll_seconds=10)
    due = planner.due(0.0, TODAY)
    planner.read(due[-1])  # only today could be read, then Khanza went away
    assert planner.finished(0.0, ok=False) == 10
    assert planner.due(5.0, TODAY) == ()
    assert planner.due(10.0, TODAY) == due  # the unread days are still wanted
    assert planner.finished(10.0, ok=False) == 20
    assert planner.finished(30.0, ok=False) == 40
    assert planner.finished(70.0, ok=True) == 10


def test_retry_delay_doubles_up_to_the_cap():
    assert [retry_delay(n, 30) for n in (1, 2, 3, 4, 5, 6, 50)] == [30, 60, 120, 240, 300, 300, 300]


def test_auth_pauses_probes_on_its_interval_and_resumes_on_any_answer():
    gate = SendGate(auth_probe_seconds=300, outage_probe_seconds=60)
    assert gate.mode(0.0) is SendMode.SEND
    began = gate.auth_failed(0.0, NOW, "Authentication failed")
    assert began is not None and began.kind is PauseKind.AUTH and began.since == NOW
    assert gate.mode(299.0) is SendMode.WAIT
    assert gate.mode(300.0) is SendMode.PROBE
    gate.probing(300.0)
    assert gate.auth_failed(300.5, NOW, "Authentication failed") is None  # still the same pause
    assert gate.mode(599.0) is SendMode.WAIT and gate.mode(600.0) is SendMode.PROBE
    gate.probing(600.0)
    gate.probe_now(601.0)  # "fixed, go on": the next round probes
    assert gate.mode(601.0) is SendMode.PROBE
    ended = gate.answered()
    assert ended is not None and ended.kind is PauseKind.AUTH
    assert gate.mode(600.0) is SendMode.SEND and gate.pause is None


def test_an_outage_needs_failures_of_different_visits_in_a_row():
    gate = SendGate(outage_probe_seconds=60)
    # the same visit failing again and again is that visit's problem: attempts are spent
    for n in range(5):
        assert gate.transport_failed(n, NOW, "v1", 1, "timeout").spend_attempt
    assert gate.pause is None
    # an answer in between starts the count again
    assert gate.transport_failed(6, NOW, "v2", 2, "timeout").spend_attempt
    gate.answered()
    assert gate.transport_failed(7, NOW, "v3", 3, "timeout").spend_attempt
    assert gate.transport_failed(8, NOW, "v4", 4, "HTTP 503").spend_attempt
    assert gate.pause is None
    verdict = gate.transport_failed(9, NOW, "v5", 5, "HTTP 503")
    assert OUTAGE_THRESHOLD == 3
    assert not verdict.spend_attempt
    # the failures that made the outage spend nothing either
    assert verdict.refund == (("v3", 3), ("v4", 4))
    assert verdict.pause_began is not None and verdict.pause_began.kind is PauseKind.OUTAGE
    assert gate.mode(9.0) is SendMode.WAIT and gate.mode(69.0) is SendMode.PROBE


def test_failures_during_an_outage_spend_nothing_and_the_first_answer_resumes():
    gate = SendGate(outage_probe_seconds=60)
    for n, visit in enumerate(("a", "b", "c")):
        gate.transport_failed(n, NOW, visit, n, "connection refused")
    late = gate.transport_failed(3, NOW, "d", 9, "connection refused")  # was already in flight
    assert late == type(late)(spend_attempt=False)
    gate.probing(62.0)
    assert not gate.transport_failed(62.5, NOW, "a", 0, "still down").spend_attempt
    assert gate.pause is not None and gate.pause.probes == 2 and gate.pause.detail == "still down"
    assert gate.mode(100.0) is SendMode.WAIT and gate.mode(122.0) is SendMode.PROBE
    assert gate.answered() is not None and gate.mode(122.0) is SendMode.SEND


def test_the_operators_hold_sends_nothing_not_even_a_probe_until_released():
    gate = SendGate(outage_probe_seconds=60)
    held = gate.hold(NOW)
    assert held.kind is PauseKind.HELD and gate.shown() is held
    assert gate.mode(0.0) is SendMode.WAIT and gate.mode(1e9) is SendMode.WAIT
    assert held.next_probe_at(5.0, NOW) == NOW  # no probe planned: no overflow either
    assert gate.hold(NOW + timedelta(minutes=5)) is held  # a second hold keeps the first time
    for n, visit in enumerate(("a", "b", "c")):  # calls in flight when the hold began
        gate.transport_failed(n, NOW, visit, n, "connection refused")
    assert gate.pause is not None and gate.shown() is held
    assert gate.answered() is not None and gate.held is held  # an answer ends no hold
    assert gate.release() is held and gate.shown() is None and gate.mode(0.0) is SendMode.SEND
    assert gate.release() is None


def test_the_core_ties_days_sending_and_the_store_back_off_together():
    core = ServiceCore(DayPlanner(30), SendGate(), worker_seconds=5)
    tick = core.tick(0.0, NOW)
    assert tick.read_days[-1] == TODAY and tick.send is SendMode.SEND and tick.pause is None
    assert core.work_finished(0.0, ok=False) == 5  # the store failed: wait, then try again
    assert core.tick(1.0, NOW).send is SendMode.WAIT
    assert core.tick(5.0, NOW).send is SendMode.SEND
    assert core.work_finished(5.0, ok=False) == 10
    assert core.work_finished(15.0, ok=True) == 0
    core.gate.auth_failed(16.0, NOW, "x")
    assert core.tick(17.0, NOW).pause is not None
    assert core.tick(17.0, NOW).send is SendMode.WAIT
    assert core.tick(316.0, NOW).send is SendMode.PROBE


def test_new_years_eve_turns_the_window_over_on_the_hospitals_clock():
    """23:59 WIB on 31 December is still the old year's day; 00:00:30 WIB is 1 January (though
    UTC still says 31 December), and the whole window, across the year, is read again."""
    core = ServiceCore(DayPlanner(3600), SendGate(), worker_seconds=5)
    eve = datetime(2026, 12, 31, 23, 59, tzinfo=WIB)
    first = core.tick(0.0, eve)
    assert first.read_days == tuple(sending_window(date(2026, 12, 31)))
    core.days.finished(0.0, ok=True)
    assert core.tick(10.0, eve + timedelta(seconds=50)).read_days == ()
    new_year = datetime(2027, 1, 1, 0, 0, 30, tzinfo=WIB)
    assert new_year.astimezone(ZoneInfo("UTC")).date() == date(2026, 12, 31)
    days = core.tick(60.0, new_year).read_days
    assert days[0] == date(2026, 12, 25) and days[-1] == date(2027, 1, 1) and len(days) == 8
    assert in_sending_window(date(2026, 12, 25), date(2027, 1, 1))
    assert not in_sending_window(date(2026, 12, 24), date(2027, 1, 1))
