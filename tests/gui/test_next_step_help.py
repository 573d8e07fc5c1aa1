"""Each reason says what to do next and where the guide explains it (issue 22 point 7): the
detail pane's "Langkah perbaikan" and "Bantuan", the tooltips, and the table's row menu."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication

from antrean_desktop.domain.reasons import CATALOG
from antrean_desktop.gui.help_viewer import HelpViewer, guide_path
from antrean_desktop.store import queries
from antrean_desktop.store.visits import modify_visit
from tests.gui.window_env import open_window, select_visit
from tests.runtime.factories import realistic_day


@pytest.mark.parametrize("language", ["id", "en"])
def test_the_shipped_guide_opens_at_every_reason_code(qtbot, language):
    viewer = HelpViewer(language)
    qtbot.addWidget(viewer)
    assert guide_path(language).name == (
        "troubleshooting.md" if language == "en" else "troubleshooting.id.md"
    )
    for code in CATALOG:
        assert viewer.show_code(code), code
        assert viewer.current_code() == code
        assert viewer.browser.textCursor().block().text().startswith(code), code


def test_the_detail_pane_says_the_next_step_and_opens_the_guide_there(
    qtbot, gui_config, sqlite_store, today, no_thread_leak
):
    realistic_day(sqlite_store, today, 16)
    # a booking BLOCKED because its doctor is not mapped
    blocked = next(
        v.visit_id for v in queries.day_visits(sqlite_store, today) if v.status == "BLOCKED"
    )
    env = open_window(qtbot, gui_config, sqlite_store)
    try:
        w = env.window
        qtbot.waitUntil(lambda: w.model.rowCount() == 16, timeout=5000)
        select_visit(w, blocked)
        qtbot.waitUntil(lambda: w.detail.visit_id == blocked, timeout=5000)
        assert w.detail.next_step.text() == (
            "Langkah perbaikan (Booking): Petakan dokter di Khanza: Mapping Dokter DPJP VClaim "
            "(kode HFIS); dikirim otomatis setelah diperbaiki"
        )
        row = w.model.row_of(blocked)
        problem_col = next(i for i, c in enumerate(w.model.columns) if c.field == "problem")
        tip = w.model.data(w.model.index(row, problem_col), Qt.ItemDataRole.ToolTipRole)
        assert "Langkah perbaikan: Petakan dokter di Khanza" in tip
        qtbot.mouseClick(w.detail.help_button, Qt.MouseButton.LeftButton)
        assert w.help_viewer is not None and w.help_viewer.isVisible()
        assert w.help_viewer.current_code() == "NO_DOCTOR_MAPPING"
        w.help_viewer.close()

        # the row menu: resend, copy (no patient name), help
        menu = w.row_menu(w.model.row_at(row))
        resend, copy, help_action = menu.actions()
        assert resend.text() == "Kirim ulang kunjungan" and help_action.isEnabled()
        copy.trigger()
        copied = QGuiApplication.clipboard().text()
        assert copied.startswith(blocked) and "Langkah perbaikan: Petakan dokter" in copied
        assert (w.model.row_at(row).patient_name or "-") not in copied
        help_action.trigger()
        assert w.help_viewer.current_code() == "NO_DOCTOR_MAPPING"
        w.help_viewer.close()

        # a cancelled visit is offered no resend and no help: nothing is wrong with it
        def cancel(visit, _s):
            visit.status = "CANCELLED"

        modify_visit(sqlite_store, blocked, cancel)
        qtbot.waitUntil(lambda: w.model.row_at(row).status == "CANCELLED", timeout=5000)
        resend, _copy, help_action = w.row_menu(w.model.row_at(row)).actions()
        assert not resend.isEnabled() and not help_action.isEnabled()
    finally:
        env.stop()
