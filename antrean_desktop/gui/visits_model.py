"""The visits table: a thin Qt model over :class:`VisitRow` snapshots, updated by diff.

Refreshes never reset the model: changed rows emit ``dataChanged``, new rows are inserted, so the
selection, the sort order and the scroll position survive every poll. Only switching to another
day replaces everything.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import IntEnum, StrEnum
from typing import Any
from zoneinfo import ZoneInfo

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QColor

from antrean_desktop.gui import task_cells
from antrean_desktop.gui.task_cells import CellKind
from antrean_desktop.runtime.snapshots import VisitRow

SORT_ROLE = Qt.ItemDataRole.UserRole + 1
ROW_ROLE = Qt.ItemDataRole.UserRole + 2
KIND_ROLE = Qt.ItemDataRole.UserRole + 3

Index = QModelIndex | QPersistentModelIndex


class Field(StrEnum):
    TIME = "time"
    VISIT_ID = "visit_id"
    KODEBOOKING = "kodebooking"
    NORM = "norm"
    PATIENT = "patient"
    CLINIC = "clinic"
    DOCTOR = "doctor"
    JKN = "jkn"
    TASK = "task"
    PROBLEM = "problem"


@dataclass(frozen=True)
class Column:
    field: Field
    task_id: int = 0

    def title(self) -> str:
        if self.field is Field.TASK:
            if self.task_id == 1:
                return QCoreApplication.translate("VisitsModel", "Booking")
            return QCoreApplication.translate("VisitsModel", "Task {n}").format(n=self.task_id)
        return {
            Field.TIME: QCoreApplication.translate("VisitsModel", "Jam"),
            Field.VISIT_ID: QCoreApplication.translate("VisitsModel", "No. Rawat"),
            Field.KODEBOOKING: QCoreApplication.translate("VisitsModel", "Kode Booking"),
            Field.NORM: QCoreApplication.translate("VisitsModel", "No. RM"),
            Field.PATIENT: QCoreApplication.translate("VisitsModel", "Pasien"),
            Field.CLINIC: QCoreApplication.translate("VisitsModel", "Poli"),
            Field.DOCTOR: QCoreApplication.translate("VisitsModel", "Dokter"),
            Field.JKN: QCoreApplication.translate("VisitsModel", "JKN"),
            Field.PROBLEM: QCoreApplication.translate("VisitsModel", "Masalah terakhir"),
        }[self.field]


def make_columns(tasks: tuple[int, ...]) -> list[Column]:
    """Fixed columns, the booking, then the enabled task columns (3/4/5, and 6/7 if enabled)."""
    shown = [t for t in (3, 4, 5, 6, 7) if t in tasks or t in (3, 4, 5)]
    return [
        Column(Field.TIME),
        Column(Field.VISIT_ID),
        Column(Field.KODEBOOKING),
        Column(Field.NORM),
        Column(Field.PATIENT),
        Column(Field.CLINIC),
        Column(Field.DOCTOR),
        Column(Field.JKN),
        Column(Field.TASK, 1),
        *(Column(Field.TASK, t) for t in shown),
        Column(Field.PROBLEM),
    ]


class FilterMode(IntEnum):
    ALL = 0
    PROBLEMS = 1
    BLOCKED = 2
    FAILED = 3
    NOT_SENT = 4


class VisitsTableModel(QAbstractTableModel):
    def __init__(
        self,
        tz: ZoneInfo,
        tasks: tuple[int, ...] = (3, 4, 5),
        language: str = "id",
        parent: Any = None,
    ) -> None:
        super().__init__(parent)
        self.tz = tz
        self.language = language
        self.columns = make_columns(tasks)
        self.task_ids = tuple(c.task_id for c in self.columns if c.field is Field.TASK)
        self.day: date | None = None
        self._rows: list[VisitRow] = []
        self._pos: dict[str, int] = {}

    # --- updates -------------------------------------------------------------------------------

    def replace_day(self, day: date, rows: list[VisitRow]) -> None:
        """All visits of ``day``: a reset only when the day changes, else a diff."""
        if day != self.day:
            self.beginResetModel()
            self.day = day
            self._rows = list(rows)
            self._pos = {r.visit_id: i for i, r in enumerate(self._rows)}
            self.endResetModel()
            return
        wanted = {r.visit_id for r in rows}
        for i in reversed(range(len(self._rows))):
            if self._rows[i].visit_id not in wanted:
                self.beginRemoveRows(QModelIndex(), i, i)
                del self._rows[i]
                self.endRemoveRows()
        self._pos = {r.visit_id: i for i, r in enumerate(self._rows)}
        self.apply_updates(day, rows)

    def apply_updates(self, day: date, rows: list[VisitRow]) -> None:
        """Changed or new visits of ``day`` (other days are ignored)."""
        if day != self.day:
            return
        new: list[VisitRow] = []
        last_col = len(self.columns) - 1
        for row in rows:
            pos = self._pos.get(row.visit_id)
            if pos is None:
                new.append(row)
            elif self._rows[pos] != row:
                self._rows[pos] = row
                self.dataChanged.emit(self.index(pos, 0), self.index(pos, last_col))
        if new:
            first = len(self._rows)
            self.beginInsertRows(QModelIndex(), first, first + len(new) - 1)
            for offset, row in enumerate(new):
                self._rows.append(row)
                self._pos[row.visit_id] = first + offset
            self.endInsertRows()

    def row_at(self, row: int) -> VisitRow:
        return self._rows[row]

    def row_of(self, visit_id: str) -> int | None:
        return self._pos.get(visit_id)

    def visits(self) -> list[VisitRow]:
        return list(self._rows)

    # --- Qt model interface --------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        horizontal = orientation == Qt.Orientation.Horizontal
        if role == Qt.ItemDataRole.DisplayRole and horizontal and 0 <= section < len(self.columns):
            return self.columns[section].title()
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Vertical:
            return section + 1
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (0 <= index.row() < len(self._rows)):
            return None
        if not (0 <= index.column() < len(self.columns)):
            return None
        row = self._rows[index.row()]
        column = self.columns[index.column()]
        if role == ROW_ROLE:
            return row
        if column.field is Field.TASK:
            return self._task_data(row, column.task_id, role)
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(row, column.field)
        if role == SORT_ROLE:
            if column.field is Field.TIME:
                return row.registered_at.isoformat() if row.registered_at else ""
            return self._text(row, column.field).casefold()
        if role == Qt.ItemDataRole.ToolTipRole and column.field is Field.PROBLEM:
            return self._text(row, column.field) or None
        if role == Qt.ItemDataRole.ForegroundRole and column.field is Field.PROBLEM:
            return QColor("#8f1d1d")
        return None

    def _text(self, row: VisitRow, field: Field) -> str:
        if field is Field.TIME:
            return row.registered_at.strftime("%H:%M") if row.registered_at else ""
        if field is Field.VISIT_ID:
            return row.visit_id
        if field is Field.KODEBOOKING:
            return row.kodebooking
        if field is Field.NORM:
            return row.norm or ""
        if field is Field.PATIENT:
            return row.patient_name or ""
        if field is Field.CLINIC:
            return row.namapoli or row.kd_poli or ""
        if field is Field.DOCTOR:
            return row.namadokter or row.kd_dokter or ""
        if field is Field.JKN:
            return (
                QCoreApplication.translate("VisitsModel", "JKN")
                if row.jenispasien == "JKN"
                else QCoreApplication.translate("VisitsModel", "Non-JKN")
            )
        if field is Field.PROBLEM:
            return task_cells.last_problem(row, self.task_ids, self.language)
        return ""

    def _task_data(self, row: VisitRow, task_id: int, role: int) -> Any:
        kind = task_cells.task_kind(row, task_id)
        if role == Qt.ItemDataRole.DisplayRole:
            return task_cells.cell_text(row, task_id, self.tz)
        if role == KIND_ROLE:
            return kind.value
        if role == SORT_ROLE:
            order = list(CellKind).index(kind)
            return f"{order}:{int(task_cells.task_time(row, task_id) or 0):015d}"
        if role == Qt.ItemDataRole.BackgroundRole:
            return task_cells.colours(kind)[0]
        if role == Qt.ItemDataRole.ForegroundRole:
            return task_cells.colours(kind)[1]
        if role == Qt.ItemDataRole.ToolTipRole:
            return task_cells.cell_tooltip(row, task_id, self.tz, self.language)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignCenter)
        return None


class VisitsFilterProxy(QSortFilterProxyModel):
    """Search (no_rawat, RM, name, kodebooking) and the problem filters."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._search = ""
        self._mode = FilterMode.ALL
        self.setSortRole(SORT_ROLE)
        self.setDynamicSortFilter(True)

    def set_search(self, text: str) -> None:
        self._refilter(lambda: setattr(self, "_search", text.strip().casefold()))

    def set_mode(self, mode: FilterMode) -> None:
        self._refilter(lambda: setattr(self, "_mode", FilterMode(mode)))

    def _refilter(self, change: Any) -> None:
        if hasattr(self, "beginFilterChange"):  # Qt >= 6.9
            self.beginFilterChange()
            change()
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)
        else:  # pragma: no cover - older Qt
            change()
            self.invalidateRowsFilter()

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        model = self.sourceModel()
        if not isinstance(model, VisitsTableModel):
            return True
        row = model.row_at(source_row)
        if self._search:
            haystack = (
                row.visit_id,
                row.norm or "",
                row.patient_name or "",
                row.kodebooking,
            )
            if not any(self._search in h.casefold() for h in haystack):
                return False
        if self._mode is FilterMode.ALL:
            return True
        kinds = {task_cells.task_kind(row, t) for t in model.task_ids}
        if self._mode is FilterMode.PROBLEMS:
            return bool(kinds & task_cells.PROBLEM_KINDS)
        if self._mode is FilterMode.BLOCKED:
            return CellKind.BLOCKED in kinds
        if self._mode is FilterMode.FAILED:
            return CellKind.FAILED in kinds
        return bool(kinds & task_cells.NOT_SENT_KINDS)
