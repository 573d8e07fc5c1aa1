"""Resend from the window goes through the real Pipeline to the BPJS simulator."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Qt

from antrean_desktop.runtime.bridge import RuntimeBridge
from antrean_desktop.sim.bpjs_server import BpjsSimulator
from antrean_desktop.store.db import Store
from tests.gui.window_env import no_khanza_window, pipeline_window, select_visit
from tests.pipeline.conftest import AFTERNOON, DAY, FULL_DAY, add_visit, make_config
from tests.runtime.factories import set_task
from tests.support.stores import migrated_store


def test_resend_from_the_window_reaches_the_simulator(
    qtbot, no_thread_leak, sim: BpjsSimulator, config, local_store: Store
):
    store = local_store
    visit_id = add_visit(store, 1, times=FULL_DAY)
    set_task(store, visit_id, 3, status="FAILED_BPJS", failedReason="timeout", attempts=3)
    with no_khanza_window(qtbot, config, store, poll_seconds=0.5, worker_seconds=0.5) as window:
        qtbot.waitUntil(lambda: window.model.rowCount() == 1, timeout=5000)
        # the booking goes out by itself; task 3 waits for the operator
        qtbot.waitUntil(lambda: sim.booking(visit_id) is not None, timeout=10000)
        assert 3 not in sim.tasks(visit_id)
        select_visit(window, visit_id)
        qtbot.waitUntil(lambda: window.detail.visit_id == visit_id, timeout=5000)
        window.detail.select_task(3)
        qtbot.waitUntil(lambda: window.detail.resend_task.isEnabled(), timeout=5000)
        qtbot.mouseClick(window.detail.resend_task, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: set(sim.tasks(visit_id)) >= {3, 4, 5}, timeout=15000)
        row = window.model.row_of(visit_id)
        qtbot.waitUntil(
            lambda: window.model.row_at(row).task(5).get("status") == "SENT_BPJS", timeout=5000
        )
        assert window.model.data(window.model.index(row, 9)).startswith("✓")
    assert DAY == AFTERNOON.date()


def test_window_tells_once_what_an_older_khanza_lacks(
    qtbot, tmp_path, khanza_variant, no_thread_leak
):
    """The real pipeline polls an older Khanza: the status bar says what it lacks, as a state
    (label and tooltip), not as a recurring error."""
    base = make_config("http://127.0.0.1:9", tmp_path)  # nothing to send: BPJS is never called
    config = replace(base, khanza=replace(base.khanza, url=khanza_variant("old")))
    bridge = RuntimeBridge()
    problems: list[tuple[str, str]] = []
    bridge.problem.connect(lambda kind, message: problems.append((kind, message)))
    with (
        migrated_store(config.store_url) as store,
        pipeline_window(
            qtbot, config, store, bridge=bridge, poll_seconds=0.3, worker_seconds=3600
        ) as window,
    ):
        qtbot.waitUntil(lambda: "5 sumber tidak ada" in window.khanza_label.text(), timeout=10000)
        assert window.khanza_label.text().startswith("Khanza: terhubung")
        tip = window.khanza_label.toolTip()
        assert "pemeriksaan_ralan.nip tidak ada: task 4/5 dari catatan dokter" in tip
        assert "Tabel referensi_mobilejkn_bpjs tidak ada" in tip
        assert not window.banner.isVisible() and problems == []
