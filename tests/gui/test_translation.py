from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt

from antrean_desktop.gui.detail_pane import DetailPane
from antrean_desktop.gui.i18n import install_translator
from antrean_desktop.gui.visits_model import VisitsTableModel
from tests.gui.test_visits_model import DAY, sample_rows
from tests.runtime.factories import TZ


def test_english_translation_is_loaded(qtbot, qapp):
    translator = install_translator(qapp, "en")
    assert translator is not None, "resources/translations/antrean_en.qm missing"
    try:
        model = VisitsTableModel(TZ, (3, 4, 5), language="en")
        model.replace_day(DAY, sample_rows())
        headers = [
            model.headerData(i, Qt.Orientation.Horizontal) for i in range(model.columnCount())
        ]
        assert "Visit no." in headers and "Last problem" in headers
        assert model.data(model.index(3, 9)) == "✗ failed"
        pane = DetailPane(TZ, "en", (1, 3, 4, 5))
        qtbot.addWidget(pane)
        assert pane.resend_task.text() == "Resend task"
    finally:
        QCoreApplication.removeTranslator(translator)
    assert install_translator(qapp, "id") is None
