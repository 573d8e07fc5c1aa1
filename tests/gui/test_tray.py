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
