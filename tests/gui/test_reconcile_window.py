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
        assert (
            "Dicocokkan dengan BPJS" in text
            and "task 4: tidak ada di BPJS (missing_at_bpjs)" in text
        )
        assert window.detail.fix.isEnabled()

        fixes: list[str] = []  # what the window asked the runtime to resend (it still does)
        request_fix = window.runtime.request_fix
        window.runtime.request_fix = lambda visit_id: (
            fixes.append(visit_id) or request_fix(visit_id)
        )
        window.confirm = lambda title, question: asked.append(question) or False
        qtbot.mouseClick(window.detail.fix, Qt.MouseButton.LeftButton)
        assert asked and lost in asked[0]
        assert fixes == [], "the operator said no: nothing may be queued"
        assert 4 not in sim.tasks(lost)

        window.confirm = lambda title, question: True
        qtbot.mouseClick(window.detail.fix, Qt.MouseButton.LeftButton)
        assert fixes == [lost]
        qtbot.waitUntil(lambda: sim.tasks(lost) == FULL_DAY, timeout=15000)
        # BPJS took it: the visit no longer differs, and leaves the filtered list
        qtbot.waitUntil(lambda: window.proxy.rowCount() == 0, timeout=5000)
        row = window.model.row_at(window.model.row_of(lost))
        assert row.reconcile_mismatches == [] and row.task(4)["status"] == "SENT_BPJS"


def test_the_confirmation_shows_the_visit_number_as_plain_text(
    qtbot, qapp, monkeypatch, gui_config
):
    """The question quotes a Khanza value: Qt would read a text starting with a tag as markup."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QMessageBox

    from antrean_desktop.gui.main_window import MainWindow
    from antrean_desktop.runtime.bridge import RuntimeBridge
    from antrean_desktop.runtime.scheduler import Runtime
    from antrean_desktop.store.db import Store

    asked: list[tuple[Qt.TextFormat, str]] = []

    def answer(box: QMessageBox) -> int:
        asked.append((box.textFormat(), box.text()))
        return QMessageBox.StandardButton.No

    monkeypatch.setattr(QMessageBox, "exec", answer)
    store = Store("sqlite://")  # never opened: the runtime is not started
    bridge = RuntimeBridge()
    runtime = Runtime(gui_config, store, bridge, migrate=None)
    window = MainWindow(gui_config, runtime, bridge, use_tray=False)
    qtbot.addWidget(window)
    # a box shown some other way than QMessageBox.exec is closed, so the test fails, not hangs
    closer = QTimer()
    closer.timeout.connect(lambda: (box := qapp.activeModalWidget()) and box.close())
    closer.start(100)
    try:
        window.fix_at_bpjs("<b>2026/11/29/000001</b>")
    finally:
        closer.stop()
    assert asked == [(Qt.TextFormat.PlainText, asked[0][1])]
    assert "<b>2026/11/29/000001</b>" in asked[0][1]
