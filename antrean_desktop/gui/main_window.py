"""The operator window: today's visits, colour-coded tasks, failure reasons, resend.

The window only shows snapshots the runtime publishes and asks the runtime for work; it never
queries a database or calls the network itself.
"""

from __future__ import annotations

import gc
from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import (
    QByteArray,
    QCoreApplication,
    QDate,
    QModelIndex,
    QPoint,
    QRect,
    QSettings,
    QSize,
    Qt,
    QTimer,
    Signal,
    Slot,
)
from PySide6.QtGui import (
    QAction,
    QCloseEvent,
    QFont,
    QFontMetrics,
    QGuiApplication,
    QKeySequence,
    QShowEvent,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QDockWidget,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMenu,
    QMessageBox,
    QPushButton,
    QTableView,
    QTabWidget,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from antrean_desktop.config import DEV_BASE_URL, Config, insecure_transport
from antrean_desktop.domain import next_steps
from antrean_desktop.domain.desks import UNKNOWN_STORE_DOWN
from antrean_desktop.domain.problem_groups import group_lines
from antrean_desktop.domain.reasons import render
from antrean_desktop.domain.send_state import (
    SendState,
    banner_lines,
    problem_level,
    send_state,
    status_text,
)
from antrean_desktop.domain.task_states import (
    RESENDABLE_STATES,
    SYMBOLS,
    TaskState,
    counts_text,
    short_word,
    within_send_window,
)
from antrean_desktop.gui import task_cells
from antrean_desktop.gui.banner import BannerLabel, plain_tooltip
from antrean_desktop.gui.detail_pane import DetailPane
from antrean_desktop.gui.help_viewer import HelpViewer
from antrean_desktop.gui.log_pane import LogDock, QtLogHandler
from antrean_desktop.gui.resources import icon
from antrean_desktop.gui.row_builder import RowBuilder
from antrean_desktop.gui.tray import TrayIcon
from antrean_desktop.gui.visits_model import (
    BuiltRow,
    Field,
    FilterMode,
    VisitsFilterProxy,
    VisitsTableModel,
)
from antrean_desktop.runtime.bridge import RuntimeBridge
from antrean_desktop.runtime.desk_requests import NO_ANSWER, NO_DESK, REFUSED
from antrean_desktop.runtime.scheduler import SYNC_UNAVAILABLE, Runtime
from antrean_desktop.runtime.snapshots import StatusSnapshot, VisitDetail, VisitRow

if TYPE_CHECKING:
    from antrean_desktop.gui.dashboard import DashboardWidget


def insecure_transport_text(config: Config) -> str:
    """The window's warning when the BPJS connection is not protected ('' when it is)."""
    why = insecure_transport(config.bpjs)
    if not why or config.demo:  # the demo's BPJS simulator runs on this PC
        return ""
    parts = {
        "http": QCoreApplication.translate("MainWindow", "base_url memakai http://"),
        "no-verify": QCoreApplication.translate("MainWindow", "verify_tls = false"),
    }
    return QCoreApplication.translate(
        "MainWindow",
        "Peringatan: koneksi ke BPJS tidak aman ({why}); data pasien dapat dibaca atau diubah di "
        "jaringan. Pakai base_url https:// dan verify_tls = true di Pengaturan.",
    ).format(why=", ".join(parts[w] for w in why))


def dev_server_text(config: Config) -> str:
    """The permanent warning while BPJS's test (dev) server is configured ('' otherwise)."""
    if config.demo or config.bpjs.base_url.rstrip("/") != DEV_BASE_URL:
        return ""
    return QCoreApplication.translate(
        "MainWindow",
        "UJI COBA: kiriman masuk ke server uji coba (dev) BPJS, bukan ke server produksi; "
        "antrean rumah sakit tidak terlapor. Pilih alamat Produksi di Pengaturan.",
    )


def problem_text(kind: str) -> str:
    """The desk's words for a background step that failed (``RuntimeBridge.problem``'s kind is
    the runtime job's name); the technical text is in the log."""
    resend = QCoreApplication.translate("MainWindow", "Kirim ulang gagal")
    what = {
        "sync_now": QCoreApplication.translate("MainWindow", "Sinkronisasi gagal"),
        "export_job": QCoreApplication.translate("MainWindow", "Laporan tidak tersimpan"),
        "dashboard_job": QCoreApplication.translate(
            "MainWindow", "Angka kepatuhan tidak dapat dimuat"
        ),
        "detail_job": QCoreApplication.translate(
            "MainWindow", "Rincian kunjungan tidak dapat dimuat"
        ),
        "resend_job": resend,
        "resend_failed_job": resend,
        "retry_now_job": resend,
        "fix_job": resend,
    }.get(kind) or QCoreApplication.translate("MainWindow", "Pekerjaan latar belakang gagal")
    return QCoreApplication.translate("MainWindow", "{what}; rinciannya ada di Log.").format(
        what=what
    )


#: the dock widgets may be closed, floated and moved
DOCK_FEATURES = (
    QDockWidget.DockWidgetFeature.DockWidgetClosable
    | QDockWidget.DockWidgetFeature.DockWidgetMovable
    | QDockWidget.DockWidgetFeature.DockWidgetFloatable
)
DOCK_HEIGHT = 190
LAYOUT_KEY = "mainWindow/state"
GEOMETRY_KEY = "mainWindow/geometry"
LAYOUT_VERSION = 2


def needs_maximising(available: QSize) -> bool:
    """A first start on a screen whose work area is under 1400x800 fills it (the default size
    would put the status bar under the taskbar)."""
    return available.width() < 1400 or available.height() < 800


#: the room a window's title bar takes on Windows, outside its client area
TITLE_BAR = 40


def dashboard_size(work: QRect | None) -> QSize:
    """The dashboard's first size: 1200x760, within the screen's work area ``work`` (on 1366x768
    less a taskbar its bottom rows would sit under the taskbar)."""
    size = QSize(1200, 760)
    if work is None:
        return size
    return QSize(min(size.width(), work.width()), min(size.height(), work.height() - TITLE_BAR))


class MainWindow(QMainWindow):
    #: the window closed for good (not just hidden to the tray): the application should quit
    closedForGood = Signal()

    def __init__(
        self,
        config: Config,
        runtime: Runtime,
        bridge: RuntimeBridge,
        *,
        log_handler: QtLogHandler | None = None,
        open_settings: Callable[[QWidget], None] | None = None,
        use_tray: bool = True,
        settings: QSettings | None = None,
    ) -> None:
        super().__init__()
        self.settings = settings  # where the panes' layout is remembered (None: not at all)
        self.config = config
        self.runtime = runtime
        self.bridge = bridge
        self.tz = config.hospital.tz
        self.language = config.hospital.language
        self._open_settings = open_settings
        self._quitting = False
        self._told_about_tray = False
        title = self.tr("Antrean Desktop — antrean BPJS")
        self.setWindowTitle(f"[DEMO] {title}" if config.demo else title)
        self.setWindowIcon(icon("app"))
        self.resize(1280, 760)

        self.model = VisitsTableModel(self.tz, config.hospital.tasks, self.language, self)
        self.proxy = VisitsFilterProxy(self)
        self.proxy.setSourceModel(self.model)
        self.rows = RowBuilder(self.model.build_row, self)
        self.rows.built.connect(self._on_built)
        self._build_toolbar()
        self._build_center()
        self._build_status_bar()
        self.log_dock: LogDock | None = None
        if log_handler is not None:
            self.log_dock = LogDock(log_handler, self)
            self.log_dock.setFeatures(DOCK_FEATURES)
            self.tabifyDockWidget(self.detail_dock, self.log_dock)
            self.detail_dock.raise_()
        self._build_view_actions()
        self.restore_layout()
        self.tray: TrayIcon | None = None
        if use_tray and TrayIcon.isSystemTrayAvailable():
            self.attach_tray(TrayIcon(self, self.language))
        self.dashboard: DashboardWidget | None = None  # made on first use
        self.help_viewer: HelpViewer | None = None  # made on first use
        self._connect_bridge()
        self._day_changed_ui(runtime.view_day())

    # --- construction --------------------------------------------------------------------------

    def attach_tray(self, tray: TrayIcon) -> None:
        """The tray icon's menu drives the window and the runtime; it follows the status."""
        self.tray = tray
        tray.showRequested.connect(self.bring_forward)
        tray.syncRequested.connect(self.sync_now)
        tray.pauseRequested.connect(self.pause_sending)
        tray.resumeRequested.connect(self.resume_sending)
        tray.quitRequested.connect(self.quit)
        tray.show()

    def _build_toolbar(self) -> None:
        bar = QToolBar(self.tr("Alat"), self)
        bar.setObjectName("mainToolbar")
        bar.setMovable(False)
        bar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.addToolBar(bar)
        bar.addWidget(QLabel(self.tr("Tanggal:"), bar))
        self.date_edit = QDateEdit(bar)
        self.date_edit.setCalendarPopup(True)
        self.date_edit.setDisplayFormat("dd-MM-yyyy")
        today = self.runtime.today()
        self.date_edit.setDate(QDate(today.year, today.month, today.day))
        self.date_edit.setMaximumDate(QDate(today.year, today.month, today.day))
        self.date_edit.dateChanged.connect(self._date_changed)
        bar.addWidget(self.date_edit)

        self.search = QLineEdit(bar)
        self.search.setPlaceholderText(self.tr("Cari no. rawat, RM, nama, booking"))
        self.search.setToolTip(self.tr("Cari no. rawat, no. RM, nama pasien atau kode booking"))
        self.search.setClearButtonEnabled(True)
        self.search.setMinimumWidth(230)  # the toolbar fits 1366 px with room to spare
        self.search.textChanged.connect(self.proxy.set_search)
        bar.addWidget(self.search)

        self.filter = QComboBox(bar)
        for label, mode in (
            (self.tr("Semua"), FilterMode.ALL),
            (self.tr("Bermasalah"), FilterMode.PROBLEMS),
            (self.tr("Diblokir"), FilterMode.BLOCKED),
            (self.tr("Gagal"), FilterMode.FAILED),
            (self.tr("Belum terkirim"), FilterMode.NOT_SENT),
            (self.tr("Beda dengan BPJS"), FilterMode.MISMATCH),
        ):
            self.filter.addItem(label, int(mode))
        self.filter.currentIndexChanged.connect(self._filter_changed)
        bar.addWidget(self.filter)
        bar.addSeparator()

        self.sync_action = QAction(icon("sync"), self.tr("Sinkron sekarang"), self)
        self.sync_action.setShortcut(QKeySequence.StandardKey.Refresh)
        self.sync_action.triggered.connect(self.sync_now)
        bar.addAction(self.sync_action)
        self.resend_failed_action = QAction(icon("resend"), self.tr("Kirim ulang yang gagal"), self)
        self.resend_failed_action.triggered.connect(self.resend_failed)
        bar.addAction(self.resend_failed_action)
        self.dashboard_action = QAction(icon("chart"), self.tr("Kepatuhan BPJS"), self)
        self.dashboard_action.triggered.connect(self.open_dashboard)
        bar.addAction(self.dashboard_action)
        self.settings_action = QAction(icon("settings"), self.tr("Pengaturan"), self)
        self.settings_action.triggered.connect(self.open_settings)
        bar.addAction(self.settings_action)

    def _build_center(self) -> None:
        central = QWidget(self)
        layout = QVBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)

        self.demo_banner: QLabel | None = None
        if self.config.demo:
            self.demo_banner = QLabel(
                self.tr(
                    "DEMO — rumah sakit contoh dan simulator BPJS di komputer ini; "
                    "tidak ada data yang dikirim ke BPJS."
                ),
                central,
            )
            self.demo_banner.setObjectName("demoBanner")
            self.demo_banner.setWordWrap(True)
            layout.addWidget(self.demo_banner)

        self.dev_banner = QLabel(dev_server_text(self.config), central)  # permanent while set
        self.dev_banner.setObjectName("devBanner")
        self.dev_banner.setWordWrap(True)
        self.dev_banner.setStyleSheet("background: #fff4ce; color: #5c3c00; padding: 4px;")
        self.dev_banner.setVisible(bool(self.dev_banner.text()))
        layout.addWidget(self.dev_banner)

        self.tls_warning = QLabel(insecure_transport_text(self.config), central)
        self.tls_warning.setObjectName("tlsWarning")
        self.tls_warning.setTextFormat(Qt.TextFormat.PlainText)
        self.tls_warning.setWordWrap(True)
        self.tls_warning.setStyleSheet("background: #fff4ce; color: #5c3c00; padding: 4px;")
        self.tls_warning.setVisible(bool(self.tls_warning.text()))
        layout.addWidget(self.tls_warning)

        self.banner = QWidget(central)
        self.banner.setObjectName("bannerBox")
        banner_row = QHBoxLayout(self.banner)
        banner_row.setContentsMargins(0, 0, 0, 0)
        self.banner_label = BannerLabel(self.banner)  # two lines of plain text at most
        self.banner_label.setObjectName("banner")
        banner_row.addWidget(self.banner_label, 1)
        self.banner_button = QPushButton(self.tr("Sudah diperbaiki, lanjutkan kirim"), self.banner)
        self.banner_button.clicked.connect(self.runtime.request_clear_auth_problem)
        banner_row.addWidget(self.banner_button)
        # for the impatient: what waits for its next try (or a paused sending) goes now
        self.retry_now_button = QPushButton(self.tr("Kirim ulang sekarang"), self.banner)
        self.retry_now_button.setToolTip(
            self.tr(
                "Task yang menunggu percobaan berikutnya dikirim sekarang, tanpa menunggu jeda; "
                "tanpa tombol ini pun task itu dicoba lagi otomatis sampai batas H+7"
            )
        )
        self.retry_now_button.clicked.connect(self.retry_now)
        banner_row.addWidget(self.retry_now_button)
        self.banner.hide()
        layout.addWidget(self.banner)

        self.table = QTableView(central)
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setAlternatingRowColors(False)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setDefaultSectionSize(24)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setStretchLastSection(True)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        # sized for a 1366-pixel desk screen: the reason column keeps ~395 px without scrolling,
        # room for a cause in a few words (the whole reason is in its tooltip, names in theirs)
        widths = {
            Field.TIME: 44,
            Field.VISIT_ID: 126,
            Field.KODEBOOKING: 102,
            Field.NORM: 56,
            Field.PATIENT: 124,
            Field.CLINIC: 82,
            Field.DOCTOR: 86,
            Field.JKN: 58,
            Field.TASK: self._task_width(),
        }
        for i, column in enumerate(self.model.columns):
            if column.field in widths:
                self.table.setColumnWidth(i, widths[column.field])
        self.table.selectionModel().currentRowChanged.connect(self._current_changed)
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.table.customContextMenuRequested.connect(self._row_menu)

        layout.addWidget(self.table, 1)
        self.setCentralWidget(central)

        # the detail pane and the log are docks below the table, tabbed by default: each can be
        # closed, floated or moved, and the layout is remembered (save_layout/restore_layout)
        self.detail_dock = QDockWidget(self.tr("Rincian kunjungan"), self)
        self.detail_dock.setObjectName("detailDock")
        self.detail_dock.setFeatures(DOCK_FEATURES)
        self.detail = DetailPane(self.tz, self.language, self.model.task_ids, self.detail_dock)
        self.detail.resendRequested.connect(self.resend)
        self.detail.fixRequested.connect(self.fix_at_bpjs)
        self.detail.helpRequested.connect(self.open_help)
        self.detail_dock.setWidget(self.detail)
        self.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, self.detail_dock)
        self.setTabPosition(Qt.DockWidgetArea.BottomDockWidgetArea, QTabWidget.TabPosition.North)
        self._layout_restored = False

    def _task_width(self) -> int:
        """A task column as wide as its widest cell ("… antre" / "… queued") or header in the
        window's language, so that no state word is cut."""
        cells = [f"{SYMBOLS[s]} {short_word(s, self.language) or '12:59'}" for s in TaskState]
        bold = QFont(self.table.font())
        bold.setBold(True)  # the headers' font (style.qss)
        headers = [
            self.model.headerData(i, Qt.Orientation.Horizontal)
            for i, c in enumerate(self.model.columns)
            if c.field is Field.TASK
        ]
        cell_width = max(self.table.fontMetrics().horizontalAdvance(c) for c in cells)
        header_width = max(QFontMetrics(bold).horizontalAdvance(h) for h in headers)
        return max(cell_width, header_width) + 10

    def _build_view_actions(self) -> None:
        """Toolbar toggles that show or hide the detail pane and the log."""
        bar = self.findChild(QToolBar, "mainToolbar")
        bar.addSeparator()
        docks = [(self.detail_dock, self.tr("Rincian"))]
        if self.log_dock is not None:
            docks.append((self.log_dock, self.tr("Log")))
        for dock, label in docks:
            action = dock.toggleViewAction()
            action.setText(label)
            action.setToolTip(self.tr("Tampilkan/sembunyikan: {p}").format(p=dock.windowTitle()))
            bar.addAction(action)

    def save_layout(self) -> None:
        if self.settings is None:
            return
        self.settings.setValue(LAYOUT_KEY, self.saveState(LAYOUT_VERSION))
        self.settings.setValue(GEOMETRY_KEY, self.saveGeometry())
        self.settings.sync()

    def restore_layout(self) -> None:
        if self.settings is None:
            return
        geometry = self.settings.value(GEOMETRY_KEY)
        if isinstance(geometry, QByteArray | bytes) and geometry:
            self.restoreGeometry(geometry)  # the maximised state too
        else:  # first start: a desk screen (1366x768 less the taskbar) gets the whole work area
            screen = QGuiApplication.primaryScreen()
            if screen is not None and needs_maximising(screen.availableSize()):
                self.setWindowState(self.windowState() | Qt.WindowState.WindowMaximized)
        state = self.settings.value(LAYOUT_KEY)
        if isinstance(state, QByteArray | bytes) and state:
            self._layout_restored = self.restoreState(state, LAYOUT_VERSION)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._layout_restored:  # first start: the docks take DOCK_HEIGHT, the table the rest
            self._layout_restored = True
            QTimer.singleShot(0, self._default_dock_height)

    def _default_dock_height(self) -> None:
        self.resizeDocks([self.detail_dock], [DOCK_HEIGHT], Qt.Orientation.Vertical)

    def _build_status_bar(self) -> None:
        bar = self.statusBar()
        self.khanza_label = QLabel(bar)
        self.bpjs_label = QLabel(bar)
        self.poll_label = QLabel(bar)
        self.queue_label = QLabel(bar)
        self.counts_label = QLabel(bar)
        self.desk_label = QLabel(bar)  # who sends: this PC or another desk of a shared store
        self._desk_shared = False  # the last known desk state was of a shared store
        self.desk_label.setObjectName("deskLabel")
        for label in (self.khanza_label, self.bpjs_label, self.desk_label):
            label.setTextFormat(Qt.TextFormat.PlainText)
        for label in (
            self.khanza_label,
            self.bpjs_label,
            self.desk_label,
            self.poll_label,
            self.queue_label,
            self.counts_label,
        ):
            bar.addPermanentWidget(label)
        self._set_state(self.khanza_label, self.tr("Khanza: …"), None)
        self._set_state(self.bpjs_label, self.tr("BPJS: …"), None)
        self.poll_label.setText(self.tr("Baca Khanza terakhir: -"))
        self.queue_label.setText(self.tr("Antrean kirim: -"))
        bar.messageChanged.connect(self._message_changed)

    @Slot(str)
    def _message_changed(self, message: str) -> None:
        """While the status bar shows a message, the fields that matter least step aside: at
        1366 px they left the message a 120 px stub ("Pengiriman ke BP"). Khanza, BPJS and the
        day's counts stay."""
        for label in (self.desk_label, self.poll_label, self.queue_label):
            label.setVisible(not message)

    def _connect_bridge(self) -> None:
        b = self.bridge
        b.visitsReset.connect(self.on_visits_reset)
        b.visitsUpdated.connect(self.on_visits_updated)
        b.statusChanged.connect(self.on_status)
        b.detailLoaded.connect(self.on_detail)
        b.dayChanged.connect(self.on_day_changed)
        b.tasksFailed.connect(self.on_tasks_failed)
        b.actionFinished.connect(self.on_action_finished)
        b.problem.connect(self.on_problem)
        b.dashboardLoaded.connect(self.on_dashboard)

    # --- user actions --------------------------------------------------------------------------

    def selected_day(self) -> date:
        return self.date_edit.date().toPython()

    @Slot(QDate)
    def _date_changed(self, qdate: QDate) -> None:
        day = qdate.toPython()
        self.detail.clear()
        self.runtime.set_view_day(day)
        self._day_changed_ui(day)

    def _day_changed_ui(self, day: date) -> None:
        today = self.runtime.today()
        is_today = day == today
        self.sync_action.setEnabled(is_today)
        self.resend_failed_action.setEnabled(within_send_window(day, today))
        if is_today:
            self.statusBar().clearMessage()
        else:
            self.statusBar().showMessage(
                self.tr("Menampilkan {d} (hanya baca)").format(d=day.strftime("%d-%m-%Y"))
            )

    @Slot(int)
    def _filter_changed(self, _index: int) -> None:
        self.proxy.set_mode(FilterMode(int(self.filter.currentData())))

    @Slot()
    def sync_now(self) -> None:
        self.sync_action.setEnabled(False)
        self.statusBar().showMessage(self.tr("Sinkronisasi berjalan…"), 5000)
        self.runtime.request_sync()

    @Slot()
    def resend_failed(self) -> None:
        self.runtime.request_resend_failed(self.selected_day())
        self.statusBar().showMessage(self.tr("Mengantrekan ulang task yang gagal…"), 5000)

    @Slot()
    def pause_sending(self) -> None:
        """The banner and the BPJS field say it once the runtime has it (a status bar message
        would be cut at 1366 px beside the permanent fields)."""
        self.runtime.request_pause_sending()

    @Slot()
    def resume_sending(self) -> None:
        self.runtime.request_resume_sending()

    @Slot()
    def retry_now(self) -> None:
        self.runtime.request_retry_now()
        self.statusBar().showMessage(self.tr("Mengirim ulang sekarang…"), 5000)

    @Slot(str, object)
    def resend(self, visit_id: str, task_id: int | None) -> None:
        self.runtime.request_resend(visit_id, task_id)
        self.statusBar().showMessage(self.tr("Mengantrekan ulang {v}…").format(v=visit_id), 5000)

    @Slot(str)
    def fix_at_bpjs(self, visit_id: str) -> None:
        """Send again what the last reconciliation found missing at BPJS, once confirmed."""
        question = self.tr(
            "BPJS tidak mempunyai sebagian data kunjungan {v} yang tercatat sudah terkirim. "
            "Kirim ulang sekarang?"
        ).format(v=visit_id)
        if not self.confirm(self.tr("Kirim ulang ke BPJS"), question):
            return
        self.runtime.request_fix(visit_id)
        self.statusBar().showMessage(self.tr("Mengantrekan ulang {v}…").format(v=visit_id), 5000)

    @Slot(str)
    def open_help(self, code: str = "") -> HelpViewer:
        """The troubleshooting guide (the local copy, in the window's language) at ``code``."""
        if self.help_viewer is None:
            self.help_viewer = HelpViewer(self.language, self)
        self.help_viewer.show()
        self.help_viewer.raise_()
        if code:
            self.help_viewer.show_code(code)
        return self.help_viewer

    def row_menu(self, row: VisitRow) -> QMenu:
        """The table's right-click menu for ``row``: resend, copy, open help."""
        menu = QMenu(self)
        kinds = {task_cells.task_kind(row, t) for t in self.model.task_ids}
        allowed = within_send_window(row.visit_date, self.runtime.today())
        resend = menu.addAction(self.tr("Kirim ulang kunjungan"))
        resend.setEnabled(allowed and bool(kinds & RESENDABLE_STATES))
        resend.triggered.connect(lambda: self.resend(row.visit_id, None))
        copy = menu.addAction(self.tr("Salin no. rawat dan masalah"))
        copy.triggered.connect(lambda: QGuiApplication.clipboard().setText(self.row_text(row)))
        problem = task_cells.first_problem(row, self.model.task_ids)
        code = ""
        if problem is not None and task_cells.task_next_step(row, problem, self.language):
            code = next_steps.guide_anchor(task_cells.reason_of(row, problem))
        help_action = menu.addAction(self.tr("Bantuan untuk masalah ini"))
        help_action.setEnabled(bool(code))
        help_action.triggered.connect(lambda: self.open_help(code))
        return menu

    def row_text(self, row: VisitRow) -> str:
        """What "copy" puts on the clipboard: the visit, its problem and the next step (no
        patient data: the detail pane's "Salin teks" has the masked whole)."""
        problem = task_cells.first_problem(row, self.model.task_ids)
        parts = [row.visit_id, row.kodebooking]
        if problem is not None:
            parts.append(task_cells.last_problem(row, self.model.task_ids, self.language))
            step = task_cells.task_next_step(row, problem, self.language)
            if step:
                parts.append(self.tr("Langkah perbaikan: {s}").format(s=step))
        return "\n".join(parts)

    @Slot(QPoint)
    def _row_menu(self, pos: QPoint) -> None:
        row = self._row_for(self.table.indexAt(pos))
        if row is not None:
            self.row_menu(row).popup(self.table.viewport().mapToGlobal(pos))

    def confirm(self, title: str, question: str) -> bool:
        """Ask yes or no; ``question`` may hold a Khanza value, so it is shown as plain text."""
        buttons = QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No
        box = QMessageBox(QMessageBox.Icon.Question, title, question, buttons, self)
        box.setTextFormat(Qt.TextFormat.PlainText)
        return box.exec() == QMessageBox.StandardButton.Yes

    @Slot()
    def open_dashboard(self) -> DashboardWidget:
        """The compliance dashboard, a window of its own (made on first use)."""
        if self.dashboard is None:
            # imported here: pyqtgraph and numpy took ~0.6 s of the window's start-up
            from antrean_desktop.gui.dashboard import DashboardWidget

            self.dashboard = DashboardWidget(self.runtime, self)
            self.dashboard.setWindowFlag(Qt.WindowType.Window)
            self.dashboard.setWindowTitle(self.tr("Kepatuhan BPJS — Antrean Desktop"))
            screen = self.screen() or QGuiApplication.primaryScreen()
            self.dashboard.resize(dashboard_size(screen.availableGeometry() if screen else None))
        self.dashboard.show()
        self.dashboard.raise_()
        self.dashboard.load()
        return self.dashboard

    @Slot(object)
    def on_dashboard(self, data: object) -> None:
        if self.dashboard is not None:
            self.dashboard.on_data(data)

    @Slot()
    def open_settings(self) -> None:
        if self._open_settings is not None:
            self._open_settings(self)

    def apply_config(self, config: Config) -> None:
        """Settings saved while running: the banners that follow the BPJS address (the
        runtime takes up the rest, ``Runtime.apply_config``)."""
        self.config = config
        for label, text in (
            (self.dev_banner, dev_server_text(config)),
            (self.tls_warning, insecure_transport_text(config)),
        ):
            label.setText(text)
            label.setVisible(bool(text))

    def selected_visit(self) -> VisitRow | None:
        return self._row_for(self.table.selectionModel().currentIndex())

    def _row_for(self, proxy_index: QModelIndex) -> VisitRow | None:
        if not proxy_index.isValid():
            return None
        return self.model.row_at(self.proxy.mapToSource(proxy_index).row())

    @Slot(QModelIndex, QModelIndex)
    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        row = self._row_for(current)
        if row is None:
            self.detail.clear()
            return
        if row.visit_id != self.detail.visit_id:
            self.detail.clear()
            self.detail.title.setText(self.tr("Memuat {v}…").format(v=row.visit_id))
        self.runtime.request_detail(row.visit_id)

    # --- from the runtime (queued onto the GUI thread) -----------------------------------------

    @Slot(object, object)
    def on_visits_reset(self, day: date, rows: list[VisitRow]) -> None:
        if day != self.model.day:  # another day: show it empty at once, fill it in one go
            self.model.replace_day(day, [])
            self.rows.submit(day, rows, bulk=True)
            return
        self.rows.forget(self.model.remove_missing({r.visit_id for r in rows}))
        self.on_visits_updated(day, rows)

    @Slot(object, object)
    def on_visits_updated(self, day: date, rows: list[VisitRow]) -> None:
        """Hand changed rows to the row builder; the GUI thread only inserts the cells."""
        if day == self.model.day:
            self.rows.submit(day, rows)

    @Slot(object, object, bool)
    def _on_built(self, day: date, built: list[BuiltRow], bulk: bool) -> None:
        self.model.apply_built(day, built)
        if bulk:  # a day's rows live as long as it is shown: keep full collections short
            gc.freeze()
        self._reload_detail_if(b.row.visit_id for b in built)

    def _reload_detail_if(self, visit_ids) -> None:
        current = self.detail.visit_id
        if current is not None and current in set(visit_ids):
            self.runtime.request_detail(current)

    @Slot(object)
    def on_detail(self, detail: VisitDetail) -> None:
        row = self.selected_visit()
        if row is None or row.visit_id != detail.visit.visit_id:
            return  # an answer for a visit no longer selected
        allowed = within_send_window(detail.visit.visit_date, self.runtime.today())
        self.detail.set_detail(detail, allowed)

    @Slot(object)
    def on_status(self, s: StatusSnapshot) -> None:
        if s.khanza_ok is None:
            self._set_state(self.khanza_label, self.tr("Khanza: …"), None)
        elif s.khanza_ok:
            text = self.tr("Khanza: terhubung")
            if s.khanza_missing:  # an older Khanza: what it lacks, told once as a state
                text += self.tr(" · {n} sumber tidak ada").format(n=len(s.khanza_missing))
            self._set_state(self.khanza_label, text, True)
            self.khanza_label.setToolTip(
                plain_tooltip("\n".join(render(r, self.language) for r in s.khanza_missing))
            )
        else:
            self._set_state(self.khanza_label, self.tr("Khanza: terputus"), False)
            self.khanza_label.setToolTip(plain_tooltip(s.khanza_error))
        state = send_state(s.send)
        self._set_state(
            self.bpjs_label,
            status_text(s.send, self.language),
            None if state is SendState.NOT_YET else state is SendState.SENDING,
        )
        self.poll_label.setText(
            self.tr("Baca Khanza terakhir: {t}").format(
                t=s.last_poll_at.strftime("%H:%M:%S") if s.last_poll_at else "-"
            )
        )
        self.queue_label.setText(self.tr("Antrean kirim: {n}").format(n=s.queue_depth))
        if s.desk is not None:
            self._desk_shared = s.desk.shared
            self._set_state(
                self.desk_label, s.desk.who(self.language), False if s.desk.nobody_sends else None
            )
        elif s.store_error and self._desk_shared:  # the old "Dikirim oleh …" is not known now
            self._set_state(self.desk_label, UNKNOWN_STORE_DOWN(self.language), False)
        self.counts_label.setText(
            self.tr("{d}: {v} kunjungan · {c}").format(
                d=s.day.strftime("%d-%m"),
                v=s.counts.visits,
                c=counts_text(s.counts, self.language),
            )
        )
        self._show_banner(s)
        if self.tray is not None:
            self.tray.show_status(s)

    def _show_banner(self, s: StatusSnapshot) -> None:
        """What is true now, from the outcome class and counts: BPJS's own answer stays in the
        detail pane and the log."""
        state = send_state(s.send)
        detail = ""
        self.banner_button.setVisible(state is SendState.PAUSED_AUTH)
        self.retry_now_button.setVisible(
            state in (SendState.RETRYING, SendState.PAUSED_OUTAGE)
            and not s.store_error
            and s.khanza_ok is not False
        )
        level = problem_level(s.send)
        if s.store_too_new is not None:  # this PC does not send until it is updated
            lines = (s.store_too_new.text(self.language),)
            level = "error"
        elif s.desk is not None and s.desk.nobody_sends:
            lines = (s.desk.banner(self.language),)
            level = "error"
        elif state in (SendState.PAUSED_AUTH, SendState.PAUSED_OUTAGE, SendState.HELD):
            lines = banner_lines(s.send, self.language)
        elif s.store_error:  # plain words here; the technical text in the tooltip and the log
            lines = (
                self.tr(
                    "Penyimpanan lokal bermasalah; dicoba lagi otomatis. Rinciannya ada di Log dan "
                    "di tooltip pesan ini."
                ),
            )
            detail = s.store_error
            level = "error"
        elif s.khanza_ok is False:
            lines = (
                self.tr(
                    "Database Khanza tidak dapat dibaca; dicoba lagi otomatis. Rinciannya ada di "
                    "Log dan di tooltip pesan ini."
                ),
            )
            detail = s.khanza_error
            level = "error"
        elif s.groups:  # many tasks failing for one cause: one line names it and its fix
            lines = group_lines(s.groups, self.language)
            level = "error"
        else:
            lines = banner_lines(s.send, self.language)
        if not lines:
            self.banner.hide()
            return
        self.banner_label.set_lines(lines)
        self.banner_label.setToolTip(plain_tooltip(detail))
        self.banner_label.setProperty("level", level)
        self.banner_label.style().unpolish(self.banner_label)
        self.banner_label.style().polish(self.banner_label)
        self.banner.show()

    @Slot(object)
    def on_day_changed(self, today: date) -> None:
        qtoday = QDate(today.year, today.month, today.day)
        self.date_edit.setMaximumDate(qtoday)
        if self.runtime.view_day() == today:
            self.date_edit.blockSignals(True)
            self.date_edit.setDate(qtoday)
            self.date_edit.blockSignals(False)
            self.detail.clear()
        self._day_changed_ui(self.selected_day())

    @Slot(object)
    def on_tasks_failed(self, failed: list[tuple[VisitRow, int]]) -> None:
        if self.tray is None or not failed:
            return
        row, task_id = failed[0]
        more = len(failed) - 1
        message = self.tr("{p} ({v}): task {t} gagal dikirim").format(
            p=row.patient_name or "-", v=row.visit_id, t=task_id
        )
        if more:
            message += self.tr(" dan {n} lainnya").format(n=more)
        self.tray.notify(self.tr("Pengiriman BPJS gagal"), message)

    def desk_answer_text(self, message: str) -> str:
        """Why a viewer's request was not done by the active desk ('' when it was)."""
        if message == NO_DESK:
            return self.tr(
                "Tidak ada PC yang mengirim ke BPJS saat ini; permintaan tidak dikirim. Jalankan "
                "Antrean Desktop di PC pengirim, lalu coba lagi."
            )
        if message == NO_ANSWER:
            return self.tr(
                "PC pengirim tidak menjawab; permintaan dibatalkan. Coba lagi sebentar lagi."
            )
        if message == REFUSED:
            return self.tr("PC pengirim tidak dapat melakukannya; rinciannya ada di log PC itu.")
        return ""

    @Slot(str, str)
    def on_action_finished(self, kind: str, message: str) -> None:
        refused = self.desk_answer_text(message)
        if refused:
            if kind == "sync":
                self.sync_action.setEnabled(self.selected_day() == self.runtime.today())
            self.statusBar().showMessage(refused, 15000)
            return
        if kind == "sync":
            self.sync_action.setEnabled(self.selected_day() == self.runtime.today())
            if message == SYNC_UNAVAILABLE:
                text = self.tr("Sinkronisasi tidak dapat berjalan: pengirim belum siap (lihat log)")
            elif message:
                text = self.tr("Sinkronisasi selesai dengan masalah (lihat baris status dan Log)")
            else:
                text = self.tr("Sinkronisasi selesai")
            self.statusBar().showMessage(text, 8000)
        elif kind == "resend":
            self.statusBar().showMessage(
                self.tr("{n} task diantrekan ulang").format(n=message), 8000
            )
        elif kind == "retry_now":
            self.statusBar().showMessage(
                self.tr("{n} task dikirim ulang sekarang").format(n=message), 8000
            )
        elif kind == "settings":
            self.statusBar().showMessage(self.tr("Pengaturan baru sudah berlaku"), 8000)
        elif kind == "export":
            self.statusBar().showMessage(self.tr("Laporan disimpan: {p}").format(p=message), 8000)
            if self.dashboard is not None:
                self.dashboard.exported(message)

    @Slot(str, str)
    def on_problem(self, kind: str, message: str) -> None:
        """A background step failed: plain words here, the exception in the log (``message``
        is English and may name an exception class)."""
        if kind.startswith("sync"):
            self.sync_action.setEnabled(self.selected_day() == self.runtime.today())
        text = problem_text(kind)
        self.statusBar().showMessage(text, 15000)
        if self.dashboard is not None and kind in ("dashboard_job", "export_job"):
            self.dashboard.failed(text)  # not "Memuat…" or "Menyimpan…" for ever
        if kind == "detail_job" and self.detail.detail is None:
            self.detail.title.setText(text)  # instead of "Memuat …"

    # --- window behaviour ----------------------------------------------------------------------

    def _set_state(self, label: QLabel, text: str, ok: bool | None) -> None:
        label.setText(text)
        label.setProperty("state", "" if ok is None else ("ok" if ok else "bad"))
        label.style().unpolish(label)
        label.style().polish(label)

    @Slot()
    def bring_forward(self) -> None:
        """Back from the tray or another start: as it was (maximised stays maximised)."""
        self.setWindowState(self.windowState() & ~Qt.WindowState.WindowMinimized)
        self.show()
        self.raise_()
        self.activateWindow()

    @Slot()
    def quit(self) -> None:
        self._quitting = True
        self.close()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.tray is not None and not self._quitting:
            event.ignore()
            self.hide()
            if not self._told_about_tray:
                self._told_about_tray = True
                self.tray.notify(
                    self.tr("Antrean Desktop tetap berjalan"),
                    self.tr("Pengiriman ke BPJS berjalan terus. Klik ikon untuk membuka."),
                )
            return
        if self.tray is not None:
            self.tray.hide()
        self.save_layout()
        self.rows.stop()
        event.accept()
        self.closedForGood.emit()
