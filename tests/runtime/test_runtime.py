from __future__ import annotations

import threading
from datetime import datetime, timedelta

import pytest

from antrean_desktop.runtime.bridge import RuntimeBridge
from antrean_desktop.runtime.scheduler import Runtime
from tests.runtime.factories import TZ, add_visit, realistic_day, set_task, task
from tests.runtime.fakes import FakePipeline, Recorder, fake_resend


@pytest.fixture
def bridge(qtbot):
    bridge = RuntimeBridge()
    recorder = Recorder()
    recorder.connect_to(bridge)
    bridge.recorder = recorder
    return bridge


def make_runtime(config, store, bridge, pipeline, **kw):
    kw.setdefault("refresh_seconds", 0.1)
    kw.setdefault("poll_seconds", 0.2)
    kw.setdefault("worker_seconds", 0.2)
    return Runtime(
        config,
        store,
        bridge,
        pipeline_factory=lambda: pipeline,
        resend_fn=fake_resend,
        resend_failed_fn=lambda store, day: 0,
        migrate=None,
        **kw,
    )


def test_start_publishes_the_day_and_stops_without_threads(
    qtbot, gui_config, sqlite_store, bridge, today, no_thread_leak
):
    realistic_day(sqlite_store, today, 10)
    pipeline = FakePipeline(sqlite_store)
    runtime = make_runtime(gui_config, sqlite_store, bridge, pipeline)
    runtime.start()
    rec = bridge.recorder
    try:
        qtbot.waitUntil(lambda: bool(rec.resets and rec.statuses), timeout=5000)
        qtbot.waitUntil(lambda: "poll" in pipeline.names() and "work_due" in pipeline.names())
    finally:
        assert runtime.stop(timeout=5)
    day, rows = rec.resets[0]
    assert day == today and len(rows) == 10
    assert all(rec.threads), "signals must arrive on the GUI thread"
    assert not any(on_main for _, _, on_main in pipeline.calls)
    assert pipeline.closed
    assert rec.statuses[-1].counts.visits == 10


def test_refresh_publishes_only_changed_rows(
    qtbot, gui_config, sqlite_store, bridge, today, no_thread_leak
):
    ids = realistic_day(sqlite_store, today, 6)
    runtime = make_runtime(gui_config, sqlite_store, bridge, FakePipeline(sqlite_store))
    runtime.start()
    rec = bridge.recorder
    try:
        qtbot.waitUntil(lambda: bool(rec.resets), timeout=5000)
        set_task(sqlite_store, ids[2], 5, status="SENT_BPJS")
        new_id = add_visit(sqlite_store, today, 99, name="Baru")
        qtbot.waitUntil(
            lambda: {r.visit_id for _, rows in rec.updates for r in rows} >= {ids[2], new_id},
            timeout=5000,
        )
    finally:
        assert runtime.stop()
    seen = {r.visit_id for _, rows in rec.updates for r in rows}
    assert seen == {ids[2], new_id}


def test_midnight_switches_to_the_new_day(
    qtbot, gui_config, sqlite_store, bridge, today, no_thread_leak
):
    tomorrow = today + timedelta(days=1)
    realistic_day(sqlite_store, today, 3)
    add_visit(sqlite_store, tomorrow, 1, name="Besok")
    clock = {"now": datetime.combine(today, datetime.min.time(), TZ) + timedelta(hours=23)}
    pipeline = FakePipeline(sqlite_store)
    runtime = make_runtime(
        gui_config, sqlite_store, bridge, pipeline, now=lambda: clock["now"], poll_seconds=3600
    )
    runtime.start()
    rec = bridge.recorder
    try:
        qtbot.waitUntil(lambda: bool(rec.resets), timeout=5000)
        clock["now"] += timedelta(hours=2)
        qtbot.waitUntil(lambda: rec.days == [tomorrow] and len(rec.resets) >= 2, timeout=5000)
        qtbot.waitUntil(lambda: ("poll", tomorrow) in [(n, a) for n, a, _ in pipeline.calls])
    finally:
        assert runtime.stop()
    day, rows = rec.resets[-1]
    assert day == tomorrow and [r.patient_name for r in rows] == ["Besok"]


def test_wake_from_sleep_polls_at_once(
    qtbot, gui_config, sqlite_store, bridge, today, no_thread_leak
):
    wall = {"t": 1000.0}
    pipeline = FakePipeline(sqlite_store)
    runtime = make_runtime(
        gui_config,
        sqlite_store,
        bridge,
        pipeline,
        poll_seconds=3600,
        wall_clock=lambda: wall["t"],
        wake_gap_seconds=60,
    )
    runtime.start()

    def today_polls() -> int:
        return [(n, a) for n, a, _ in pipeline.calls].count(("poll", today))

    try:
        qtbot.waitUntil(lambda: today_polls() == 1, timeout=5000)
        qtbot.wait(300)
        assert today_polls() == 1
        wall["t"] += 4 * 3600  # the PC slept four hours
        qtbot.waitUntil(lambda: today_polls() == 2, timeout=5000)
    finally:
        assert runtime.stop()


def test_resend_requeues_and_sends_off_the_gui_thread(
    qtbot, gui_config, sqlite_store, bridge, today, no_thread_leak
):
    visit_id = add_visit(
        sqlite_store,
        today,
        1,
        tasks={3: task("FAILED_BPJS", today, "08:00", attempts=5, failedReason="timeout")},
    )
    pipeline = FakePipeline(sqlite_store)
    runtime = make_runtime(gui_config, sqlite_store, bridge, pipeline, worker_seconds=3600)
    runtime.start()
    rec = bridge.recorder
    try:
        qtbot.waitUntil(lambda: bool(rec.resets), timeout=5000)
        runtime.request_resend(visit_id, 3)
        qtbot.waitUntil(lambda: ("resend", "1") in rec.actions, timeout=5000)
        qtbot.waitUntil(
            lambda: any(
                r.task(3).get("status") == "SENT_BPJS" for _, rows in rec.updates for r in rows
            ),
            timeout=5000,
        )
    finally:
        assert runtime.stop()
    assert not any(on_main for _, _, on_main in pipeline.calls)


def test_a_failing_poll_is_reported(qtbot, gui_config, sqlite_store, bridge, today, no_thread_leak):
    pipeline = FakePipeline(sqlite_store)
    pipeline.poll_error = ConnectionError("Khanza tidak bisa dihubungi")
    runtime = make_runtime(gui_config, sqlite_store, bridge, pipeline)
    runtime.start()
    rec = bridge.recorder
    try:
        qtbot.waitUntil(
            lambda: bool(rec.statuses) and rec.statuses[-1].khanza_ok is False, timeout=5000
        )
    finally:
        assert runtime.stop()
    status = rec.statuses[-1]
    assert "Khanza tidak bisa" in status.khanza_error
    assert not status.store_error, "a Khanza problem is not the local store's"
    assert [p.source for p in status.problems] == ["khanza"]


def test_newly_failed_tasks_are_announced(
    qtbot, gui_config, sqlite_store, bridge, today, no_thread_leak
):
    visit_id = add_visit(sqlite_store, today, 1, tasks={3: task("QUEUED", today, "08:00")})
    runtime = make_runtime(
        gui_config, sqlite_store, bridge, FakePipeline(sqlite_store), worker_seconds=3600
    )
    runtime.start()
    rec = bridge.recorder
    try:
        qtbot.waitUntil(lambda: bool(rec.resets), timeout=5000)
        set_task(sqlite_store, visit_id, 3, status="FAILED_BPJS", failedReason="x")
        qtbot.waitUntil(lambda: bool(rec.failed), timeout=5000)
    finally:
        assert runtime.stop()
    ((row, task_id),) = rec.failed[0]
    assert row.visit_id == visit_id and task_id == 3


def test_stop_waits_for_a_running_job(qtbot, gui_config, sqlite_store, bridge, no_thread_leak):
    started, finished = threading.Event(), threading.Event()

    def slow_poll(day):
        started.set()
        threading.Event().wait(0.5)  # still running when stop() is called
        finished.set()

    pipeline = FakePipeline(sqlite_store, on_poll=slow_poll)
    runtime = make_runtime(gui_config, sqlite_store, bridge, pipeline)
    runtime.start()
    assert started.wait(5)
    assert runtime.stop(timeout=10)
    assert finished.is_set(), "stop() returned before the running poll had ended"


def test_polls_of_several_days_write_no_info_line_each(
    qtbot, gui_config, sqlite_store, bridge, today, no_thread_leak, caplog
):
    """Issue 22 point 10: "read <days>" on every poll was 2,880 INFO lines a day at 30 s."""
    import logging

    realistic_day(sqlite_store, today, 4)
    realistic_day(sqlite_store, today - timedelta(days=1), 4)  # a day with work left
    pipeline = FakePipeline(sqlite_store)
    runtime = make_runtime(gui_config, sqlite_store, bridge, pipeline)
    caplog.set_level(logging.DEBUG, logger="antrean")
    runtime.start()
    try:
        polled = lambda: {a for name, a, _ in pipeline.calls if name == "poll"}  # noqa: E731
        qtbot.waitUntil(lambda: len(polled()) >= 2, timeout=10000)
        qtbot.waitUntil(
            lambda: any(r.getMessage().startswith("read ") for r in caplog.records), timeout=5000
        )
    finally:
        assert runtime.stop(timeout=5)
    reads = [r for r in caplog.records if r.getMessage().startswith("read ")]
    assert reads and all(r.levelno == logging.DEBUG for r in reads), reads
