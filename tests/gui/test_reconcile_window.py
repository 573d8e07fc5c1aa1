"""The window after a reconciliation: the "Beda dengan BPJS" filter, the detail pane's account of
what BPJS lacks, and the confirmed resend that reaches the BPJS simulator through the real
Pipeline (nothing is sent without the operator's yes)."""

from __future__ import annotations

from PySide6.QtCore import Qt

from antrean_desktop.gui.visits_model import FilterMode
from antrean_desktop.pipeline.reconcile import Reconciler
from antrean_desktop.pipeline.service import make_client
from antrean_desktop.sim.bpjs_server import BpjsSimulator
from antrean_desktop.store.db import Store
from tests.gui.window_env import no_khanza_window, select_visit
from tests.pipeline.conftest import DAY, FULL_DAY, add_visit, send_all


def test_mismatch_filter_and_confirmed_resend(
    qtbot, no_thread_leak, sim: BpjsSimulator, config, local_store: Store
):
    store = local_store
    lost = add_visit(store, 1, times=FULL_DAY)
    add_visit(store, 2, times=FULL_DAY)
    send_all(config, store)
    sim.state.remove_task(lost, 4)
    client = make_client(config)
    try:
        Reconciler(store, client, config).reconcile_day(DAY)
    finally:
        client.close()
    asked: list[str] = []
    with no_khanza_window(qtbot, config, store, poll_seconds=3600, worker_seconds=3600) as window:
        qtbot.waitUntil(lambda: window.model.rowCount() == 2, timeout=5000)
        window.filter.setCurrentIndex(window.filter.findData(int(FilterMode.MISMATCH)))
        assert window.filter.currentText() == "Beda dengan BPJS"
        assert window.proxy.rowCount() == 1
        select_visit(window, lost)
        qtbot.waitUntil(lambda: window.detail.visit_id == lost, timeout=5000)
        text = window.detail.text.toPlainText()
        assert "Dicocokkan dengan BPJS" in text and "task 4: missing_at_bpjs" in text
        assert window.detail.fix.isEnabled()

        window.confirm = lambda title, question: asked.append(question) or False
        qtbot.mouseClick(window.detail.fix, Qt.MouseButton.LeftButton)
        assert asked and lost in asked[0]
        qtbot.wait(300)
        assert 4 not in sim.tasks(lost)  # the operator said no: nothing was sent

        window.confirm = lambda title, question: True
        qtbot.mouseClick(window.detail.fix, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: sim.tasks(lost) == FULL_DAY, timeout=15000)
        # BPJS took it: the visit no longer differs, and leaves the filtered list
        qtbot.waitUntil(lambda: window.proxy.rowCount() == 0, timeout=5000)
        row = window.model.row_at(window.model.row_of(lost))
        assert row.reconcile_mismatches == [] and row.task(4)["status"] == "SENT_BPJS"
