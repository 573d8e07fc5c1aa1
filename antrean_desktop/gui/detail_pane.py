"""The detail pane: every task of the selected visit and every BPJS request/answer."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from PySide6.QtCore import QCoreApplication, Qt, Signal, Slot
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from antrean_desktop.domain import next_steps, task_states
from antrean_desktop.domain.personal import initials, mask_body, mask_text, personal_values
from antrean_desktop.domain.reconcile import MismatchKind
from antrean_desktop.domain.task_states import RESENDABLE_STATES, whole
from antrean_desktop.gui import task_cells
from antrean_desktop.gui.banner import plain_tooltip
from antrean_desktop.runtime.snapshots import VisitDetail, VisitRow


def detail_text(
    detail: VisitDetail,
    tz: ZoneInfo,
    language: str,
    task_ids: tuple[int, ...],
    *,
    personal: bool = True,
) -> str:
    """The whole detail as plain text, to paste into a support ticket (no secrets in it). With
    ``personal=False`` the patient's NIK, card number, phone and name are masked."""
    v = detail.visit
    bodies = [a.request_body for a in detail.attempts]
    values = personal_values(bodies)
    name = v.patient_name or "-"
    if not personal:
        name = initials(name)
        if v.patient_name:
            values.add(v.patient_name)
    lines = [
        QCoreApplication.translate("DetailPane", "Kunjungan {id} | kode booking {kb}").format(
            id=v.visit_id, kb=v.kodebooking
        ),
        QCoreApplication.translate("DetailPane", "Pasien: {name} (RM {rm}), {jenis}").format(
            name=name, rm=v.norm or "-", jenis=v.jenispasien
        ),
        QCoreApplication.translate("DetailPane", "Poli: {poli} | Dokter: {dokter}").format(
            poli=v.namapoli or v.kd_poli or "-", dokter=v.namadokter or v.kd_dokter or "-"
        ),
        QCoreApplication.translate("DetailPane", "Tanggal: {d} | booking: {s}").format(
            d=v.visit_date.isoformat(),
            s=task_states.word(task_cells.task_kind(v, 1), language),
        ),
        "",
        QCoreApplication.translate("DetailPane", "Task:"),
    ]
    for task_id in task_ids:
        entry = v.task(task_id)
        kind = task_cells.task_kind(v, task_id)
        reason = task_cells.task_reason(v, task_id, language)
        lines.append(
            f"  {task_id}: {task_states.word(kind, language)}"
            f" | {task_states.hhmm(task_cells.task_time(v, task_id), tz) or '-'}"
            f" | {entry.get('source') or '-'}"
            f" | {whole(entry.get('attempts'))}x" + (f" | {reason}" if reason else "")
        )
    lines += reconcile_lines(v, tz)
    lines += ["", QCoreApplication.translate("DetailPane", "Permintaan ke BPJS:")]
    if not detail.attempts:
        lines.append("  " + QCoreApplication.translate("DetailPane", "(belum ada)"))
    for a in detail.attempts:
        # stored in UTC; shown on the hospital's clock like the table ("WIB")
        when = a.created_at.replace(tzinfo=UTC).astimezone(tz)
        lines.append(
            f"  [{when:%Y-%m-%d %H:%M:%S} {zone_name(tz, when)}] task {a.task_id} {a.endpoint}"
            f" -> HTTP {a.http_status if a.http_status is not None else '-'}"
            f", code {a.bpjs_code if a.bpjs_code is not None else '-'}"
            f", {a.outcome}, {a.duration_ms} ms"
        )
        if a.bpjs_message:
            lines.append(f"      {a.bpjs_message}")
        if a.request_body is not None:
            body = a.request_body if personal else mask_body(a.request_body)
            lines.append("      " + json.dumps(body, ensure_ascii=False, sort_keys=True))
    text = "\n".join(lines)
    return text if personal else mask_text(text, values)


#: the names Indonesian hospitals use for their zones (tzdata says "WIB" only for Jakarta)
ZONE_NAMES = {
    "Asia/Jakarta": "WIB",
    "Asia/Pontianak": "WIB",
    "Asia/Makassar": "WITA",
    "Asia/Jayapura": "WIT",
}


def zone_name(tz: ZoneInfo, moment: datetime) -> str:
    return ZONE_NAMES.get(getattr(tz, "key", ""), "") or moment.strftime("%Z") or str(tz)


def missing_at_bpjs(visit: VisitRow) -> list[dict]:
    return [m for m in visit.reconcile_mismatches if m.get("kind") == "missing_at_bpjs"]


def mismatch_words(kind: str) -> str:
    """A reconciliation mismatch in the window's language, its code kept for support tickets."""
    words = {
        MismatchKind.MISSING_AT_BPJS: QCoreApplication.translate("DetailPane", "tidak ada di BPJS"),
        MismatchKind.TIME_DIFFERS: QCoreApplication.translate(
            "DetailPane", "waktu di BPJS berbeda"
        ),
        MismatchKind.UNKNOWN_HERE: QCoreApplication.translate(
            "DetailPane", "ada di BPJS, tidak tercatat terkirim di sini"
        ),
        MismatchKind.CANCELLED_AT_BPJS: QCoreApplication.translate(
            "DetailPane", "dibatalkan di BPJS"
        ),
    }.get(kind)
    return f"{words} ({kind})" if words else str(kind)


def reconcile_lines(visit: VisitRow, tz: ZoneInfo) -> list[str]:
    """What the last reconciliation with BPJS found (nothing before the first one)."""
    if visit.reconciled_at is None:
        return []
    when = visit.reconciled_at.replace(tzinfo=UTC).astimezone(tz)
    lines = [
        "",
        QCoreApplication.translate("DetailPane", "Dicocokkan dengan BPJS: {t}").format(
            t=f"{when:%d-%m-%Y %H:%M}"
        ),
    ]
    if not visit.reconcile_mismatches:
        lines.append("  " + QCoreApplication.translate("DetailPane", "sama dengan catatan BPJS"))
    ours = QCoreApplication.translate("DetailPane", "kita")
    for m in visit.reconcile_mismatches:
        what = "booking" if m.get("task") is None else f"task {m['task']}"
        lines.append(
            f"  {what}: {mismatch_words(str(m.get('kind')))}"
            f" | {ours} {task_states.hhmm(m.get('ours_ms'), tz) or '-'}"
            f" | BPJS {task_states.hhmm(m.get('bpjs_ms'), tz) or '-'}"
        )
    return lines


class DetailPane(QWidget):
    #: (visit_id, task_id or None for the whole visit)
    resendRequested = Signal(str, object)
    #: visit_id -- send again what the last reconciliation found missing at BPJS
    fixRequested = Signal(str)
    #: a reason code -- open the troubleshooting guide at its row
    helpRequested = Signal(str)

    def __init__(
        self, tz: ZoneInfo, language: str, task_ids: tuple[int, ...], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.tz = tz
        self.language = language
        self.task_ids = task_ids
        self.detail: VisitDetail | None = None
        self.resend_allowed = False

        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 4, 6, 4)
        layout.setSpacing(4)
        self.title = QLabel(self.tr("Pilih kunjungan untuk melihat rinciannya."), self)
        self.title.setTextFormat(Qt.TextFormat.PlainText)  # a patient's name from Khanza
        self.title.setObjectName("detailTitle")
        self.title.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.title)

        # what to do about the selected (or the first) problem, and where the guide explains it
        step_row = QHBoxLayout()
        self.next_step = QLabel(self)
        self.next_step.setObjectName("nextStep")
        self.next_step.setTextFormat(Qt.TextFormat.PlainText)
        self.next_step.setWordWrap(True)
        self.next_step.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.help_button = QPushButton(self.tr("Bantuan"), self)
        self.help_button.setToolTip(self.tr("Buka panduan masalah pada alasan ini"))
        self.help_button.clicked.connect(self._help)
        step_row.addWidget(self.next_step, 1)
        step_row.addWidget(self.help_button)
        layout.addLayout(step_row)
        self._help_code = ""

        self.tasks = QTableWidget(0, 6, self)
        self.tasks.setHorizontalHeaderLabels(
            [
                self.tr("Task"),
                self.tr("Waktu"),
                self.tr("Sumber"),
                self.tr("Status"),
                self.tr("Percobaan"),
                self.tr("Alasan"),
            ]
        )
        self.tasks.verticalHeader().setVisible(False)
        self.tasks.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.tasks.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.tasks.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.tasks.horizontalHeader().setStretchLastSection(True)
        self.tasks.itemSelectionChanged.connect(self._update_buttons)
        self.tasks.verticalHeader().setDefaultSectionSize(22)
        self.tasks.setMinimumHeight(22 * 3 + 8)

        self.text = QPlainTextEdit(self)
        self.text.setReadOnly(True)
        self.text.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.text.setMinimumHeight(60)
        # side by side: a desk screen is wide, not tall, and the table above needs the height
        split = QSplitter(Qt.Orientation.Horizontal, self)
        split.addWidget(self.tasks)
        split.addWidget(self.text)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 1)  # the reasons need the width more than the text
        layout.addWidget(split, 1)

        buttons = QHBoxLayout()
        self.resend_task = QPushButton(self.tr("Kirim ulang task"), self)
        self.resend_visit = QPushButton(self.tr("Kirim ulang kunjungan"), self)
        self.fix = QPushButton(self.tr("Kirim ulang yang tidak ada di BPJS"), self)
        self.fix.clicked.connect(self._fix)
        self.copy = QPushButton(self.tr("Salin teks"), self)
        self.copy.setToolTip(
            self.tr(
                "Menyalin rincian untuk tiket dukungan; NIK, no. kartu, no. HP dan nama disamarkan"
            )
        )
        self.include_personal = QCheckBox(self.tr("Sertakan data pribadi"), self)
        self.include_personal.setToolTip(
            self.tr("Salin NIK, no. kartu, no. HP dan nama pasien apa adanya")
        )
        self.resend_task.clicked.connect(self._resend_task)
        self.resend_visit.clicked.connect(self._resend_visit)
        self.copy.clicked.connect(self.copy_text)
        buttons.addWidget(self.resend_task)
        buttons.addWidget(self.resend_visit)
        buttons.addWidget(self.fix)
        buttons.addStretch(1)
        buttons.addWidget(self.include_personal)
        buttons.addWidget(self.copy)
        layout.addLayout(buttons)
        self.clear()

    def clear(self) -> None:
        self.detail = None
        self.title.setText(self.tr("Pilih kunjungan untuk melihat rinciannya."))
        self.tasks.setRowCount(0)
        self.text.clear()
        self._update_buttons()

    @property
    def visit_id(self) -> str | None:
        return self.detail.visit.visit_id if self.detail else None

    def set_detail(self, detail: VisitDetail, resend_allowed: bool) -> None:
        selected = self.selected_task()
        self.detail = detail
        self.resend_allowed = resend_allowed
        v = detail.visit
        self.title.setText(
            self.tr("{v} — {p} (RM {rm})").format(
                v=v.visit_id, p=v.patient_name or "-", rm=v.norm or "-"
            )
        )
        self.tasks.setRowCount(len(self.task_ids))
        for r, task_id in enumerate(self.task_ids):
            entry = v.task(task_id)
            kind = task_cells.task_kind(v, task_id)
            bg, fg = task_cells.colours(kind)
            values = [
                self.tr("1 (booking)") if task_id == 1 else str(task_id),
                task_states.hhmm(task_cells.task_time(v, task_id), self.tz),
                str(entry.get("source") or ""),
                f"{task_states.SYMBOLS[kind]} {task_states.word(kind, self.language)}",
                str(whole(entry.get("attempts"))),
                task_cells.task_reason(v, task_id, self.language),
            ]
            for c, value in enumerate(values):
                item = QTableWidgetItem(value)
                item.setData(Qt.ItemDataRole.UserRole, task_id)
                if c == 3:
                    if bg is not None:
                        item.setBackground(bg)
                    item.setForeground(fg)
                if c == 5 and value:
                    step = task_cells.task_next_step(v, task_id, self.language)
                    tip = self.tr("{r}\nLangkah perbaikan: {s}").format(r=value, s=step)
                    item.setToolTip(plain_tooltip(tip if step else value))
                self.tasks.setItem(r, c, item)
        self.tasks.resizeColumnsToContents()
        self.text.setPlainText(detail_text(detail, self.tz, self.language, self.task_ids))
        if selected is not None and selected in self.task_ids:
            self.tasks.selectRow(self.task_ids.index(selected))
        self._update_buttons()

    def selected_task(self) -> int | None:
        rows = self.tasks.selectionModel().selectedRows() if self.tasks.selectionModel() else []
        if not rows:
            return None
        return self.task_ids[rows[0].row()] if rows[0].row() < len(self.task_ids) else None

    def select_task(self, task_id: int) -> None:
        self.tasks.selectRow(self.task_ids.index(task_id))

    def step_task(self) -> int | None:
        """The task whose next step is shown: the selected one if it has a problem, else the
        visit's first problem."""
        if self.detail is None:
            return None
        selected = self.selected_task()
        v = self.detail.visit
        if selected is not None and task_cells.task_next_step(v, selected, self.language):
            return selected
        return task_cells.first_problem(v, self.task_ids)

    def _update_step(self) -> None:
        task_id = self.step_task()
        v = self.detail.visit if self.detail else None
        step = task_cells.task_next_step(v, task_id, self.language) if v and task_id else ""
        reason = task_cells.reason_of(v, task_id) if v and task_id and step else None
        self._help_code = next_steps.guide_anchor(reason)
        label = self.tr("Booking") if task_id == 1 else self.tr("Task {n}").format(n=task_id)
        self.next_step.setText(
            self.tr("Langkah perbaikan ({t}): {s}").format(t=label, s=step) if step else ""
        )
        self.next_step.setVisible(bool(step))
        self.help_button.setVisible(bool(self._help_code))

    @Slot()
    def _help(self) -> None:
        if self._help_code:
            self.helpRequested.emit(self._help_code)

    @Slot()
    def _update_buttons(self) -> None:
        self._update_step()
        detail = self.detail
        kinds = {t: task_cells.task_kind(detail.visit, t) for t in self.task_ids} if detail else {}
        task_id = self.selected_task()
        self.resend_task.setEnabled(
            bool(detail) and self.resend_allowed and kinds.get(task_id) in RESENDABLE_STATES
        )
        self.resend_visit.setEnabled(
            bool(detail) and self.resend_allowed and bool(set(kinds.values()) & RESENDABLE_STATES)
        )
        self.copy.setEnabled(bool(detail))
        self.fix.setEnabled(
            bool(detail) and self.resend_allowed and bool(missing_at_bpjs(detail.visit))
        )

    @Slot()
    def _resend_task(self) -> None:
        task_id = self.selected_task()
        if self.detail is not None and task_id is not None:
            self.resendRequested.emit(self.detail.visit.visit_id, task_id)

    @Slot()
    def _resend_visit(self) -> None:
        if self.detail is not None:
            self.resendRequested.emit(self.detail.visit.visit_id, None)

    @Slot()
    def _fix(self) -> None:
        if self.detail is not None:
            self.fixRequested.emit(self.detail.visit.visit_id)

    def copied_text(self) -> str:
        """What "Salin teks" copies: personal data masked unless the box is ticked."""
        if self.detail is None:
            return ""
        return detail_text(
            self.detail,
            self.tz,
            self.language,
            self.task_ids,
            personal=self.include_personal.isChecked(),
        )

    @Slot()
    def copy_text(self) -> None:
        QGuiApplication.clipboard().setText(self.copied_text())
