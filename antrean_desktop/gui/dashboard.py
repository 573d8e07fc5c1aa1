"""The compliance dashboard: per clinic, what reached BPJS and how long patients waited.

It only shows :class:`~antrean_desktop.runtime.dashboard.DashboardData` snapshots the runtime
publishes (``dashboardLoaded``) and asks the runtime for data and exports; it never touches the
store or the network. Charts are pyqtgraph (plain Qt widgets; see docs/dashboard.md for why).
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pyqtgraph as pg
from PySide6.QtCore import QCoreApplication, QDate, Qt, Slot
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDateEdit,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from antrean_desktop.runtime.dashboard import DashboardData

OURS_COLOUR = "#1f6fb2"
BPJS_COLOUR = "#e07b00"
COMPLETE_COLOUR = "#2e9d4b"


def minutes(seconds: int | None) -> str:
    """A duration in whole minutes, "12 mnt" ('-' when unknown): "12:00" read like noon."""
    if seconds is None:
        return "-"
    if seconds < 60:
        return QCoreApplication.translate("DashboardWidget", "{s} dtk").format(s=seconds)
    return QCoreApplication.translate("DashboardWidget", "{m} mnt").format(m=(seconds + 30) // 60)


def percent(value: float | None) -> str:
    return "-" if value is None else f"{value:.1f} %"


class DashboardWidget(QWidget):
    def __init__(self, runtime: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.runtime = runtime
        self.data: DashboardData | None = None
        self.loaded_once = False
        pg.setConfigOptions(background="w", foreground="#333333", antialias=True)

        layout = QVBoxLayout(self)
        bar = QHBoxLayout()
        bar.addWidget(QLabel(self.tr("Tanggal:"), self))
        self.date_edit = QDateEdit(self)
        self.date_edit.setCalendarPopup(True)
        self.date_edit.setDisplayFormat("dd-MM-yyyy")
        today = runtime.today()
        self.date_edit.setDate(QDate(today.year, today.month, today.day))
        self.date_edit.setMaximumDate(QDate(today.year, today.month, today.day))
        self.date_edit.dateChanged.connect(self.load)
        bar.addWidget(self.date_edit)
        self.refresh_button = QPushButton(self.tr("Perbarui"), self)
        self.refresh_button.clicked.connect(self.load)
        bar.addWidget(self.refresh_button)
        self.export_button = QPushButton(self.tr("Ekspor 30 hari…"), self)
        self.export_button.clicked.connect(self.export)
        bar.addWidget(self.export_button)
        bar.addStretch(1)
        self.state_label = QLabel(self)
        self.state_label.setTextFormat(Qt.TextFormat.PlainText)
        bar.addWidget(self.state_label)
        layout.addLayout(bar)

        self.summary = QLabel(self)
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        self.summary.setObjectName("dashboardSummary")
        font = QFont(self.summary.font())
        font.setPointSizeF(font.pointSizeF() * 1.15)
        font.setBold(True)
        self.summary.setFont(font)
        layout.addWidget(self.summary)

        self.table = QTableWidget(0, 12, self)
        # short titles keep the table inside a 1280-pixel window; the tooltip says it in full
        titles = [
            (self.tr("Poli"), ""),
            (self.tr("JKN"), self.tr("Kunjungan JKN (tidak termasuk yang batal)")),
            (self.tr("Terdaftar"), self.tr("Booking (antrean/add) sudah diterima BPJS")),
            (self.tr("Lengkap"), self.tr("Booking dan semua task poli sudah diterima BPJS")),
            (self.tr("% lengkap"), ""),
            (self.tr("Beda"), self.tr("Rekonsiliasi terakhir menemukan catatan BPJS berbeda")),
            (self.tr("Tunggu med."), self.tr("Waktu tunggu poli (task 3 ke 4), median")),
            (self.tr("Tunggu p90"), self.tr("Waktu tunggu poli (task 3 ke 4), persentil 90")),
            (self.tr("Layan med."), self.tr("Waktu layan poli (task 4 ke 5), median")),
            (self.tr("Layan p90"), self.tr("Waktu layan poli (task 4 ke 5), persentil 90")),
            (self.tr("BPJS tunggu"), self.tr("Rata-rata waktu tunggu menurut BPJS")),
            (self.tr("BPJS layan"), self.tr("Rata-rata waktu layan menurut BPJS")),
        ]
        for c, (title, tip) in enumerate(titles):
            item = QTableWidgetItem(title)
            item.setToolTip(tip or title)
            self.table.setHorizontalHeaderItem(c, item)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)

        charts = QWidget(self)
        row = QHBoxLayout(charts)
        row.setContentsMargins(0, 0, 0, 0)
        self.complete_plot = pg.PlotWidget(charts)
        self.complete_plot.setTitle(self.tr("% kunjungan JKN lengkap di BPJS, 30 hari"))
        self.complete_plot.setYRange(0, 100)
        self.complete_plot.showGrid(y=True, alpha=0.3)
        self.wait_plot = pg.PlotWidget(charts)
        self.wait_plot.setTitle(self.tr("Waktu tunggu poli (menit), 30 hari"))
        self.wait_plot.showGrid(y=True, alpha=0.3)
        self.wait_plot.addLegend(offset=(-10, -10))  # bottom right, away from the morning peaks
        for plot in (self.complete_plot, self.wait_plot):
            plot.setMouseEnabled(x=False, y=False)
            plot.hideButtons()
            plot.getPlotItem().layout.setContentsMargins(4, 4, 24, 4)  # room for the last date
            row.addWidget(plot)

        splitter = QSplitter(Qt.Orientation.Vertical, self)
        splitter.addWidget(self.table)
        splitter.addWidget(charts)
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 2)
        splitter.setSizes([230, 520])
        layout.addWidget(splitter, 1)

    # --- asking the runtime -------------------------------------------------------------------

    def selected_day(self) -> date:
        return self.date_edit.date().toPython()

    @Slot()
    def load(self) -> None:
        self.loaded_once = True
        self.state_label.setText(self.tr("Memuat…"))
        self.runtime.request_dashboard(self.selected_day())

    @Slot()
    def export(self) -> None:
        if self.data is None:
            return
        path, _filter = QFileDialog.getSaveFileName(
            self,
            self.tr("Ekspor laporan kepatuhan"),
            f"kepatuhan-{self.data.start:%Y%m%d}-{self.data.day:%Y%m%d}.xlsx",
            self.tr("Excel (*.xlsx);;CSV (*.csv)"),
        )
        if path:
            self.export_to(path)

    def export_to(self, path: str) -> None:
        """Ask the runtime to write the 30 days shown to ``path`` (.xlsx or .csv)."""
        if self.data is not None:
            self.state_label.setText(self.tr("Menyimpan…"))
            self.runtime.request_export(self.data.start, self.data.day, path)

    # --- from the runtime ---------------------------------------------------------------------

    def exported(self, path: str) -> None:
        self.state_label.setText(self.tr("Laporan disimpan: {p}").format(p=path))

    def failed(self, text: str) -> None:
        """Loading or exporting failed (``text``: the window's plain words for it)."""
        self.state_label.setText(text)

    @Slot(object)
    def on_data(self, data: DashboardData) -> None:
        if data.day != self.selected_day():
            return  # an answer for a day no longer selected
        self.data = data
        t = data.total
        self.summary.setText(
            self.tr(
                "{d}: {v} kunjungan JKN · {b} terdaftar di BPJS · {c} lengkap ({p}) · "
                "tunggu median {w} · layan median {s}"
            ).format(
                d=data.day.strftime("%d-%m-%Y"),
                v=t["jkn_visits"],
                b=t["booked"],
                c=t["complete"],
                p=percent(t["complete_pct"]),
                w=minutes(t["wait_median_s"]),
                s=minutes(t["service_median_s"]),
            )
        )
        self._fill_table(data)
        self._draw(data)
        if data.bpjs_note:
            self.state_label.setText(
                self.tr("Angka BPJS tidak tersedia: {why}").format(why=data.bpjs_note)
            )
        else:
            self.state_label.setText(self.tr("Angka BPJS: dashboard/waktutunggu (waktu RS)"))

    def _fill_table(self, data: DashboardData) -> None:
        rows = [*data.rows, {"kodepoli": "", "clinic": self.tr("TOTAL"), **data.total}]
        self.table.setRowCount(len(rows))
        for r, row in enumerate(rows):
            bpjs = data.bpjs_day.get(row["kodepoli"]) if row["kodepoli"] else data.bpjs_total
            values = [
                row["clinic"] if not row["kodepoli"] else f"{row['clinic']} ({row['kodepoli']})",
                str(row["jkn_visits"]),
                str(row["booked"]),
                str(row["complete"]),
                percent(row["complete_pct"]),
                str(row["differs"]),
                minutes(row["wait_median_s"]),
                minutes(row["wait_p90_s"]),
                minutes(row["service_median_s"]),
                minutes(row["service_p90_s"]),
                minutes(bpjs.wait_avg_s) if bpjs else "-",
                minutes(bpjs.service_avg_s) if bpjs else "-",
            ]
            for c, text in enumerate(values):
                item = QTableWidgetItem(text)
                if c:
                    item.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
                if not row["kodepoli"]:
                    font = item.font()
                    font.setBold(True)
                    item.setFont(font)
                self.table.setItem(r, c, item)
        self._fit_rows()

    def _fit_rows(self) -> None:
        """Give the table the height of all its rows (the TOTAL row last, never cut off), up to
        half of the window; a longer list scrolls."""
        table = self.table
        rows = sum(table.rowHeight(r) for r in range(table.rowCount()))
        header = table.horizontalHeader().height()
        scrollbar = table.horizontalScrollBar().sizeHint().height()
        needed = rows + header + scrollbar + 2 * table.frameWidth() + 2
        table.setMinimumHeight(min(needed, max(120, self.height() // 2)))

    def _draw(self, data: DashboardData) -> None:
        days = [d for d, _ in data.trend]
        xs = list(range(len(days)))
        ticks = [
            (i, d.strftime("%d-%m")) for i, d in enumerate(days) if (len(days) - 1 - i) % 5 == 0
        ]
        pct = [t["complete_pct"] if t["complete_pct"] is not None else 0.0 for _, t in data.trend]
        self.complete_plot.clear()
        self.complete_plot.addItem(
            pg.BarGraphItem(x=xs, height=pct, width=0.7, brush=COMPLETE_COLOUR, pen=None)
        )
        self.wait_plot.clear()
        ours = [_minutes_or_nan(t["wait_median_s"]) for _, t in data.trend]
        self.wait_plot.plot(
            xs,
            ours,
            pen=pg.mkPen(OURS_COLOUR, width=2),
            symbol="o",
            symbolSize=5,
            symbolBrush=OURS_COLOUR,
            name=self.tr("median (Antrean Desktop)"),
            connect="finite",
        )
        if data.bpjs_trend:
            theirs = [
                _minutes_or_nan(data.bpjs_trend[d].wait_avg_s) if d in data.bpjs_trend else None
                for d in days
            ]
            self.wait_plot.plot(
                xs,
                [float("nan") if v is None else v for v in theirs],
                pen=pg.mkPen(BPJS_COLOUR, width=2, style=Qt.PenStyle.DashLine),
                symbol="t",
                symbolSize=6,
                symbolBrush=BPJS_COLOUR,
                name=self.tr("rata-rata menurut BPJS"),
                connect="finite",
            )
        for plot in (self.complete_plot, self.wait_plot):
            plot.getAxis("bottom").setTicks([ticks])
            plot.setXRange(-0.5, len(xs) - 0.5, padding=0)

    def chart_series(self) -> dict[str, list[float]]:
        """The values drawn, per series (for tests and for reading the charts as numbers)."""
        series: dict[str, list[float]] = {}
        for item in self.complete_plot.listDataItems() + self.complete_plot.items():
            if isinstance(item, pg.BarGraphItem):
                series["complete_pct"] = [float(v) for v in item.opts["height"]]
        for index, item in enumerate(self.wait_plot.listDataItems()):
            _x, y = item.getData()
            series[("wait_ours", "wait_bpjs")[index]] = [float(v) for v in y]
        return series


def _minutes_or_nan(seconds: int | None) -> float:
    return float("nan") if seconds is None else seconds / 60
