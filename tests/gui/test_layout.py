"""The window on a 1366x768 desk screen: enough rows, the reason column in view, panes that
can be hidden or moved and stay as the user left them."""

from __future__ import annotations

import dataclasses

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QFont, QFontMetrics, QGuiApplication

from antrean_desktop.domain.task_states import SYMBOLS, TaskState, short_word
from antrean_desktop.gui.log_pane import QtLogHandler
from antrean_desktop.gui.main_window import MainWindow
from antrean_desktop.gui.visits_model import Field, VisitsTableModel
from antrean_desktop.runtime.bridge import RuntimeBridge
from antrean_desktop.runtime.scheduler import Runtime
from tests.gui.test_visits_model import DAY, row
from tests.runtime.factories import TZ

#: the client area of a maximised window on a 1366x768 screen with a taskbar and a title bar
DESK = (1366, 697)


def desk_window(
    qtbot, gui_config, sqlite_store, settings=None, size: tuple[int, int] = DESK
) -> MainWindow:
    """The main window (its runtime not started) shown at ``size``."""
    bridge = RuntimeBridge()
    runtime = Runtime(gui_config, sqlite_store, bridge, migrate=None)
    window = MainWindow(
        gui_config,
        runtime,
        bridge,
        log_handler=QtLogHandler(),
        use_tray=False,
        settings=settings,
    )
    qtbot.addWidget(window)
    window.resize(*size)
    window.show()
    qtbot.waitExposed(window)
    return window


def rows_in_view(qtbot, window: MainWindow) -> int:
    """The table rows in view once the detail pane has its desk height."""

    def laid_out() -> None:
        assert window.detail_dock.height() <= 220

    qtbot.waitUntil(laid_out)
    table = window.table
    return table.viewport().height() // table.verticalHeader().defaultSectionSize()


def test_desk_screen_shows_15_rows_and_the_reason_column(qtbot, gui_config, sqlite_store):
    window = desk_window(qtbot, gui_config, sqlite_store)
    table = window.table
    rows = rows_in_view(qtbot, window)
    assert rows >= 15, (table.viewport().height(), window.detail_dock.height())
    header = table.horizontalHeader()
    problem = next(i for i, c in enumerate(window.model.columns) if c.field is Field.PROBLEM)
    left = header.sectionViewportPosition(problem)
    assert left + 220 <= table.viewport().width(), (left, table.viewport().width())
    assert table.horizontalScrollBar().maximum() == 0  # nothing to scroll sideways
    assert window.detail_dock.isVisible() and window.log_dock is not None
    window.close()


def test_kode_booking_is_shown_only_when_it_differs(qtbot):
    model = VisitsTableModel(TZ, (3, 4, 5))
    same = dataclasses.replace(row(1), kodebooking="2026/11/28/000001")
    mobile = dataclasses.replace(row(2), kodebooking="261128000002")
    model.replace_day(DAY, [same, mobile])
    col = next(i for i, c in enumerate(model.columns) if c.field is Field.KODEBOOKING)
    assert model.data(model.index(0, col)) == ""
    assert model.data(model.index(1, col)) == "261128000002"


def test_panes_can_be_hidden_and_the_layout_is_remembered(
    qtbot, gui_config, sqlite_store, tmp_path
):
    settings = QSettings(str(tmp_path / "window.ini"), QSettings.Format.IniFormat)
    first = desk_window(qtbot, gui_config, sqlite_store, settings)
    toggles = {a.text(): a for a in first.findChildren(type(first.detail_dock.toggleViewAction()))}
    assert {"Rincian", "Log"} <= set(toggles)
    toggles["Log"].trigger()  # the toolbar toggle hides the log
    assert not first.log_dock.isVisible()
    first.removeDockWidget(first.detail_dock)  # and the detail pane moves to the right
    first.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, first.detail_dock)
    first.detail_dock.show()
    first.quit()
    assert settings.value("mainWindow/state")

    again = desk_window(qtbot, gui_config, sqlite_store, settings)
    assert not again.log_dock.isVisible()
    assert again.dockWidgetArea(again.detail_dock) == Qt.DockWidgetArea.RightDockWidgetArea
    again.close()


def test_desk_screen_keeps_15_rows_under_a_two_line_outage_banner(qtbot, gui_config, sqlite_store):
    """An outage whose answer is an HTML page: the banner is two plain lines, the table keeps
    15 rows in view."""
    from datetime import datetime, timedelta

    from antrean_desktop.domain.send_state import SendFacts
    from antrean_desktop.domain.task_states import DayCounts
    from antrean_desktop.runtime.snapshots import StatusSnapshot

    window = desk_window(qtbot, gui_config, sqlite_store)
    now = datetime.now(TZ).replace(hour=10, minute=32, second=0, microsecond=0)
    send = SendFacts("RETRYABLE", 503, now, "OUTAGE", now, now + timedelta(minutes=8), waiting=143)
    window.on_status(StatusSnapshot(now.date(), now.date(), DayCounts(40), 143, send=send))
    assert window.banner.isVisible()
    assert window.banner_label.text().splitlines() == [
        "BPJS tidak dapat dihubungi sejak 10:32 (HTTP 503); pengiriman dijeda.",
        "143 task menunggu; dicoba lagi 10:40. Tidak ada yang hilang.",
    ]
    rows = rows_in_view(qtbot, window)
    assert rows >= 15, (window.table.viewport().height(), window.banner.height())
    window.close()


def test_first_start_on_a_small_screen_is_maximised_and_stays_so(
    qtbot, gui_config, sqlite_store, tmp_path
):
    from PySide6.QtCore import QSize

    from antrean_desktop.gui.main_window import needs_maximising

    assert needs_maximising(QSize(1366, 738)) and not needs_maximising(QSize(1920, 1040))
    assert needs_maximising(QGuiApplication.primaryScreen().availableSize())  # offscreen: small
    settings = QSettings(str(tmp_path / "window.ini"), QSettings.Format.IniFormat)
    bridge = RuntimeBridge()
    runtime = Runtime(gui_config, sqlite_store, bridge, migrate=None)
    window = MainWindow(gui_config, runtime, bridge, use_tray=False, settings=settings)
    qtbot.addWidget(window)
    window.show()
    assert window.isMaximized()
    window.hide()  # to the tray and back
    window.bring_forward()
    assert window.isMaximized() and window.isVisible()
    window.quit()
    again = MainWindow(gui_config, runtime, bridge, use_tray=False, settings=settings)
    qtbot.addWidget(again)
    again.show()
    assert again.isMaximized()  # kept through a restart
    again.close()


#: a maximised window's width on a 1366x768 screen, its height less a 40 px taskbar
DESK_AVAILABLE = (1366, 728)
#: room the toolbar keeps spare at that width: Windows' fonts run a little wider than these
TOOLBAR_SPARE = 40


@pytest.mark.parametrize("language", ["id", "en"])
def test_every_toolbar_action_is_reachable_without_the_overflow(
    qtbot, qapp, gui_config, sqlite_store, language
):
    """At 1366x768 less a taskbar, in Indonesian and English, nothing of the toolbar falls into
    the "»" overflow, with room to spare."""
    from PySide6.QtCore import QCoreApplication
    from PySide6.QtWidgets import QToolBar, QToolButton

    from antrean_desktop.gui.i18n import install_translator
    from antrean_desktop.gui.resources import style_sheet

    translator = install_translator(qapp, language)
    qapp.setStyleSheet(style_sheet())  # as the program styles itself (wider buttons)
    try:
        config = dataclasses.replace(
            gui_config, hospital=dataclasses.replace(gui_config.hospital, language=language)
        )
        window = desk_window(qtbot, config, sqlite_store, size=DESK_AVAILABLE)
        bar = window.findChild(QToolBar, "mainToolbar")
        assert window.sync_action.text() == ("Sync now" if language == "en" else "Sinkron sekarang")
        qtbot.waitUntil(lambda: bar.width() == DESK_AVAILABLE[0])
        overflow = bar.findChild(QToolButton, "qt_toolbar_ext_button")
        assert overflow is None or not overflow.isVisible()
        actions = [a for a in bar.actions() if not a.isSeparator()]
        assert len(actions) >= 9  # date label and field, search, filter, 4 actions, 2 panes
        for action in actions:
            widget = bar.widgetForAction(action)
            assert widget is not None and widget.isVisible(), action.text()
            assert bar.rect().contains(widget.geometry()), (action.text(), widget.geometry())
        assert bar.sizeHint().width() <= DESK_AVAILABLE[0] - TOOLBAR_SPARE, bar.sizeHint()
        window.close()
    finally:
        qapp.setStyleSheet("")
        if translator is not None:
            QCoreApplication.removeTranslator(translator)


def test_the_reason_column_reads_whole_at_the_desk_screen(qtbot, qapp, gui_config, sqlite_store):
    """At 1366 px the "last problem" column shows the cause whole, not cut: a BPJS refusal of a
    known rule in a few words (BPJS's sentence and the next step in the tooltip), our own
    reasons as they are."""
    from antrean_desktop.gui.resources import style_sheet

    hfis = "Jam praktek 07:00-21:00 tidak sesuai dengan jadwal dokter (08:00-12:00)"
    refused = {"code": "BPJS_REJECTED", "params": {"code": 201, "message": hfis}}
    rejected = dataclasses.replace(
        row(1, status="FAILED_BPJS"),
        task_progress={"1": {"status": "FAILED_BPJS", "attempts": 1, "reason": refused}},
    )
    other = {"code": "BPJS_REJECTED", "params": {"code": 201, "message": "Nomor kartu tidak aktif"}}
    unknown = {"1": {"status": "FAILED_BPJS", "attempts": 1, "reason": other}}
    no_doctor = row(2, status="BLOCKED")  # NO_DOCTOR_MAPPING of D1
    no_poli = dataclasses.replace(
        row(3, status="BLOCKED"),
        blocked_reason={"code": "NO_POLI_MAPPING", "params": {"kd_poli": "U0004"}},
    )
    qapp.setStyleSheet(style_sheet())
    try:
        window = desk_window(qtbot, gui_config, sqlite_store)
        day = [rejected, no_doctor, no_poli] + [row(n) for n in range(4, 41)]  # a scroll bar
        window.model.replace_day(DAY, day)
        table = window.table
        col = next(i for i, c in enumerate(window.model.columns) if c.field is Field.PROBLEM)
        qtbot.waitUntil(lambda: table.verticalScrollBar().isVisible())
        width = table.columnWidth(col)
        assert width >= 390, width
        texts = {}
        for visit in (rejected, no_doctor, no_poli):
            source = window.model.index(window.model.row_of(visit.visit_id), col)
            index = window.proxy.mapFromSource(source)
            text = index.data()
            texts[text] = index.data(Qt.ItemDataRole.ToolTipRole)
            needed = table.fontMetrics().horizontalAdvance(text) + 12  # the cell's padding
            assert needed <= width, (text, needed, width)
        bold = QFont(table.horizontalHeader().font())
        bold.setBold(True)  # the style sheet's header font
        for i in range(window.model.columnCount()):  # no header is cut either
            title = window.model.headerData(i, Qt.Orientation.Horizontal)
            needed = QFontMetrics(bold).horizontalAdvance(title) + 8  # its padding
            assert needed <= table.columnWidth(i), (title, needed, table.columnWidth(i))
        task_col = next(i for i, c in enumerate(window.model.columns) if c.field is Field.TASK)
        for state in TaskState:  # every state's cell, in both languages, is whole too
            for language in ("id", "en"):
                cell = (
                    f"{SYMBOLS[state]} {word}"
                    if (word := short_word(state, language))
                    else f"{SYMBOLS[state]} 12:59"
                )
                needed = table.fontMetrics().horizontalAdvance(cell) + 8  # the cell's margins
                assert needed <= table.columnWidth(task_col), (cell, needed)
        from antrean_desktop.domain.next_steps import REJECTIONS, STEPS

        for code, step in {**STEPS, **REJECTIONS}.items():  # every known cause, both languages
            for language in ("id", "en"):
                cell = f"Booking: {step.cause_text(language)}"
                needed = table.fontMetrics().horizontalAdvance(cell) + 8
                assert needed <= width, (code, cell, needed, width)
        tip = texts["Booking: jam praktek di Khanza tidak sama dengan jadwal HFIS"]
        assert f"Ditolak BPJS (kode 201): {hfis}" in tip and "Langkah perbaikan: " in tip
        assert "Booking: dokter belum dipetakan ke dokter HFIS" in texts  # D1: its Dokter cell
        poli = texts["Booking: poli belum dipetakan ke poli BPJS"]
        assert "U0004" in poli and "Langkah perbaikan: " in poli
        window.model.replace_day(DAY, [dataclasses.replace(rejected, task_progress=unknown)])
        text = window.proxy.index(0, col).data()  # a refusal no rule knows: BPJS's words
        assert text == "Booking: Ditolak BPJS (kode 201): Nomor kartu tidak aktif"
        window.close()
    finally:
        qapp.setStyleSheet("")


def test_a_status_bar_message_is_whole_at_the_desk_screen(qtbot, qapp, gui_config, sqlite_store):
    """The longest messages of the status bar read whole beside its fields at 1366 px; the
    fields that stepped aside come back when the message ends."""
    from PySide6.QtWidgets import QLabel

    from antrean_desktop.gui.main_window import problem_text
    from antrean_desktop.gui.resources import style_sheet

    qapp.setStyleSheet(style_sheet())
    try:
        window = desk_window(qtbot, gui_config, sqlite_store, size=DESK_AVAILABLE)
        bar = window.statusBar()
        for label, text in (
            (window.khanza_label, "Khanza: terhubung"),
            (window.bpjs_label, "BPJS: dijeda (autentikasi ditolak)"),
            (window.desk_label, "PC ini mengirim ke BPJS"),
            (window.poll_label, "Baca Khanza terakhir: 12:19:58"),
            (window.queue_label, "Antrean kirim: 1234"),
            (
                window.counts_label,
                "07-12: 140 kunjungan · ✓ 560 terkirim · ✗ 21 gagal · ⊘ 4 diblokir",
            ),
        ):
            label.setText(text)
        messages = [
            problem_text("detail_job"),
            window.tr("Sinkronisasi selesai dengan masalah (lihat baris status dan Log)"),
            window.tr("Mengantrekan ulang {v}…").format(v="2026/12/07/000123"),
        ]
        for message in messages:
            bar.showMessage(message)
            qtbot.wait(50)
            fields = [w for w in bar.findChildren(QLabel) if w.isVisible() and w.parent() is bar]
            room = min(w.geometry().left() for w in fields)
            needed = bar.fontMetrics().horizontalAdvance(message) + 16
            assert needed <= room, (message, needed, room)
        bar.clearMessage()
        qtbot.wait(50)
        assert window.poll_label.isVisible() and window.queue_label.isVisible()
        window.close()
    finally:
        qapp.setStyleSheet("")


def test_who_sends_is_not_claimed_while_the_shared_store_does_not_answer(
    qtbot, gui_config, sqlite_store
):
    """A viewer whose shared store went down does not keep 'Dikirim oleh LOKET-1 (aktif 3 detik
    lalu)' for the whole outage (its view reads no desk state then); a desk with its own store
    still sends itself."""
    from datetime import datetime

    from antrean_desktop.domain.desks import DeskState
    from antrean_desktop.domain.task_states import DayCounts
    from antrean_desktop.runtime.snapshots import StatusSnapshot

    window = desk_window(qtbot, gui_config, sqlite_store)
    today = datetime.now(TZ).date()

    def show(**kw) -> str:
        window.on_status(StatusSnapshot(today, today, DayCounts(4), 0, **kw))
        return window.desk_label.text()

    other = DeskState(shared=True, this_desk_sends=False, holder="LOKET-1", age_seconds=3.0)
    assert show(desk=other) == "Dikirim oleh LOKET-1 (aktif 3 detik lalu)"
    down = "(2003, \"Can't connect to MySQL server on '10.0.0.5'\")"
    assert show(store_error=down) == "Pengirim tidak diketahui: penyimpanan bersama tidak menjawab"
    assert show(desk=other) == "Dikirim oleh LOKET-1 (aktif 3 detik lalu)"
    own = DeskState(shared=False, this_desk_sends=True)
    assert show(desk=own) == "PC ini mengirim ke BPJS"
    assert show(store_error=down) == "PC ini mengirim ke BPJS"
    window.close()
