"""The tray in three states: green, amber, red following the counts and the problems, with a
tooltip of the counts and the last Khanza read."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from antrean_desktop.domain.task_states import DayCounts
from antrean_desktop.gui.tray import TrayIcon, tray_level
from antrean_desktop.runtime.snapshots import StatusSnapshot

DAY = date.today() - timedelta(days=2)  # any day: the outcome does not depend on it


def status(**counts) -> StatusSnapshot:
    return StatusSnapshot(
        today=DAY,
        day=DAY,
        counts=DayCounts(visits=10, **counts),
        queue_depth=0,
        last_poll_at=datetime(DAY.year, DAY.month, DAY.day, 12, 19),
    )


def test_tray_state_follows_the_counts(qtbot):
    assert tray_level(status(sent=12)) == "ok"
    assert tray_level(status(sent=12, blocked=4)) == "warn"
    assert tray_level(status(sent=12, retrying=1, queued=1)) == "warn"
    assert tray_level(status(sent=12, failed=2, blocked=4)) == "error"
    assert tray_level(status(sent=3, cancelled=2, not_reported=5)) == "ok"  # not problems
    from dataclasses import replace

    assert tray_level(replace(status(sent=1), khanza_ok=False)) == "error"
    assert tray_level(replace(status(sent=1), store_error="disk I/O error")) == "error"
    tray = TrayIcon()
    before = tray.icon().cacheKey()
    assert tray.show_status(status(failed=2, blocked=4)) == "error"
    assert tray.toolTip() == "Antrean Desktop: 2 gagal · 4 diblokir · baca Khanza 12:19"
    assert tray.icon().cacheKey() != before
    assert tray.show_status(status(blocked=4)) == "warn"
    assert tray.toolTip().startswith("Antrean Desktop: 0 gagal · 4 diblokir")


def test_tray_menu_tells_the_last_result_in_plain_words():
    from antrean_desktop.domain.send_state import SendFacts, last_result_text

    at = datetime(DAY.year, DAY.month, DAY.day, 12, 19)
    sent = SendFacts(last_outcome="SUCCESS", last_at=at, last_task=4)
    assert last_result_text(sent) == "Terakhir: 12:19 task 4 terkirim"
    assert last_result_text(sent, "en") == "Last: 12:19 task 4 sent"
    down = SendFacts(last_outcome="RETRYABLE", last_http_status=503, last_at=at, last_task=1)
    assert last_result_text(down) == "Terakhir: 12:19 booking gagal (HTTP 503)"
    refused = SendFacts(last_outcome="PERMANENT", last_http_status=200, last_at=at, last_task=5)
    assert last_result_text(refused) == "Terakhir: 12:19 task 5 ditolak BPJS"
    assert last_result_text(SendFacts()) == "Terakhir: belum ada kiriman"
    tray = TrayIcon()
    from dataclasses import replace

    tray.show_status(replace(status(sent=3), send=down))
    assert tray.last_result.text() == "Terakhir: 12:19 booking gagal (HTTP 503)"
    assert not tray.last_result.isEnabled()  # a line to read, not a command
    assert tray.pause_action.isVisible() and not tray.resume_action.isVisible()
    held = replace(status(sent=3), send=replace(down, pause_kind="HELD"))
    tray.show_status(held)
    assert not tray.pause_action.isVisible() and tray.resume_action.isVisible()
    from antrean_desktop.domain.desks import DeskState

    viewer = DeskState(shared=True, this_desk_sends=False, holder="LOKET-2", age_seconds=3.0)
    tray.show_status(replace(status(sent=3), desk=viewer))  # another PC sends: no pause here
    assert tray.pause_action.isVisible() and not tray.pause_action.isEnabled()
    tray.show_status(replace(status(sent=3), desk=replace(viewer, this_desk_sends=True)))
    assert tray.pause_action.isEnabled()


def test_pause_from_the_tray_stops_sending_and_resume_sends_again(
    qtbot, no_thread_leak, sim, config, local_store
):
    """The tray's "Jeda pengiriman" reaches the runtime through the window: the real pipeline
    sends nothing to the BPJS simulator until "Lanjutkan pengiriman"; the window and the tray
    say it is paused meanwhile."""
    from types import SimpleNamespace

    from antrean_desktop.cli.status import service_lines
    from antrean_desktop.store import queries
    from antrean_desktop.store.service_state import load_pause
    from tests.gui.window_env import no_khanza_window
    from tests.pipeline.conftest import DAY, FULL_DAY, add_visit

    NONE = SimpleNamespace(kind=None)

    store = local_store
    first = add_visit(store, 1, times=FULL_DAY)
    with no_khanza_window(qtbot, config, store, poll_seconds=0.3, worker_seconds=0.3) as window:
        tray = TrayIcon(window, "id")
        window.attach_tray(tray)
        qtbot.waitUntil(lambda: set(sim.tasks(first)) >= {3, 4, 5}, timeout=15000)
        qtbot.waitUntil(lambda: tray.last_result.text().endswith("task 5 terkirim"), timeout=5000)
        assert tray.last_result.text().startswith("Terakhir: ")

        tray.pause_action.trigger()
        qtbot.waitUntil(lambda: tray.resume_action.isVisible(), timeout=5000)
        assert window.runtime.driver.pause().kind.value == "HELD"
        assert window.bpjs_label.text() == "BPJS: dijeda operator"
        assert "dijeda operator" in window.banner_label.text()
        assert "«Lanjutkan pengiriman»" in window.banner_label.text()
        assert tray.level == "error"  # red: nothing goes out
        assert tray.toolTip().endswith(" · pengiriman dijeda"), tray.toolTip()
        # status (the command line) reads the pause from the store: it says so too
        qtbot.waitUntil(lambda: (load_pause(store) or NONE).kind == "HELD", timeout=5000)
        said = service_lines(store, config, queries.day_visits(store, DAY))
        assert said[0] == "BPJS: dijeda operator", said
        assert said[1].startswith("DIJEDA (HELD): Pengiriman ke BPJS dijeda operator sejak ")
        assert said[1].endswith("untuk mengirim lagi."), said  # no empty "[]" of a detail

        second = add_visit(store, 2, times=FULL_DAY)  # found by the next poll, queued
        qtbot.waitUntil(lambda: window.queue_label.text() != "Antrean kirim: 0", timeout=10000)
        qtbot.wait(1500)  # five send rounds
        assert sim.booking(second) is None, "sent while paused"

        tray.resume_action.trigger()
        qtbot.waitUntil(lambda: set(sim.tasks(second)) >= {3, 4, 5}, timeout=15000)
        qtbot.waitUntil(lambda: tray.pause_action.isVisible(), timeout=5000)
        assert window.runtime.driver.pause() is None
        qtbot.waitUntil(lambda: load_pause(store) is None, timeout=5000)
        assert "dijeda" not in window.bpjs_label.text()
