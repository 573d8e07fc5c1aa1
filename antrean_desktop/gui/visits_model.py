"""The visits table: a Qt model of :class:`VisitRow` snapshots, updated by diff.

Refreshes never reset the model: changed rows emit ``dataChanged``, new rows are inserted, so the
selection, the sort order and the scroll position survive every poll. Only switching to another
day replaces everything.

Why the cell values live in Qt (C++) items and not behind a Python ``data()``: painting, sorting
and filtering then run without calling Python. A Python ``data()`` is called ~1,800 times per
repaint, and each call must take the GIL back from the background threads that poll and send;
with two busy threads one repaint took 5 s (``tests/benchmarks/bench_sync_stall.py`` measures the stall).
The values are computed once per changed row, on the GUI thread, when the refresh arrives.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import IntEnum, StrEnum
from typing import Any
from zoneinfo import ZoneInfo

from PySide6.QtCore import (
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    QRegularExpression,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QColor, QStandardItem, QStandardItemModel

from antrean_desktop.domain.task_states import NOT_SENT_STATES, PROBLEM_STATES, TaskState
from antrean_desktop.gui import task_cells
from antrean_desktop.gui.banner import plain_tooltip
from antrean_desktop.runtime.snapshots import VisitRow

SORT_ROLE = Qt.ItemDataRole.UserRole + 1
KIND_ROLE = Qt.ItemDataRole.UserRole + 3
FILTER_ROLE = Qt.ItemDataRole.UserRole + 4  # column 0: what search and filters look at

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
    MISMATCH = 5  # the last reconciliation found BPJS's record different


#: the word in FILTER_ROLE that marks a visit whose BPJS record differs
MISMATCH_KIND = "mismatch"


def _runs(positions: list[int]) -> list[tuple[int, int]]:
    """[1, 2, 3, 7, 8] -> [(1, 3), (7, 8)]."""
    runs: list[tuple[int, int]] = []
    for pos in positions:
        if runs and pos == runs[-1][1] + 1:
            runs[-1] = (runs[-1][0], pos)
        else:
            runs.append((pos, pos))
    return runs


_DISPLAY = Qt.ItemDataRole.DisplayRole
_TOOLTIP = Qt.ItemDataRole.ToolTipRole
_BACKGROUND = Qt.ItemDataRole.BackgroundRole
_FOREGROUND = Qt.ItemDataRole.ForegroundRole
_ALIGN = Qt.ItemDataRole.TextAlignmentRole
_FLAGS = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
_PROBLEM_FG = QColor("#8f1d1d")
#: separates the searchable text from the task kinds in FILTER_ROLE
KINDS_MARK = "\x1e"


@dataclass(frozen=True)
class BuiltRow:
    """A visit's cell values, made by ``VisitsTableModel.build_row`` on any thread."""

    row: VisitRow
    key: str
    #: column -> role -> value (None clears the role) of the cells to set
    cells: dict[int, dict[int, Any]]
    #: every cell as an item, for a visit new to the table (None for an update)
    items: list[QStandardItem] | None


def _item(roles: dict[int, Any]) -> QStandardItem:
    item = QStandardItem()
    item.setFlags(_FLAGS)
    for role, value in roles.items():
        if value is not None:
            item.setData(value, role)
    return item


class VisitsTableModel(QStandardItemModel):
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
        #: the column whose items carry FILTER_ROLE: the last one, so that a change of a visit's
        #: state touches only the right-hand columns and the proxy need not re-sort by time
        self.key_column = len(self.columns) - 1
        self.setColumnCount(len(self.columns))
        for i, column in enumerate(self.columns):
            self.setHeaderData(i, Qt.Orientation.Horizontal, column.title())

    # --- updates -------------------------------------------------------------------------------

    def replace_day(self, day: date, rows: list[VisitRow]) -> None:
        """All visits of ``day``: a reset only when the day changes, else a diff."""
        if day != self.day:
            self.beginResetModel()
            blocked = self.blockSignals(True)  # one reset instead of a signal per cell
            try:
                self.setRowCount(0)
                self.day = day
                self._rows, self._pos = [], {}
            finally:
                self.blockSignals(blocked)
            self.endResetModel()
            self.apply_updates(day, rows)
            return
        wanted = {r.visit_id for r in rows}
        self.remove_missing(wanted)
        self.apply_updates(day, rows)

    def remove_missing(self, wanted: set[str]) -> set[str]:
        """Drop the rows of visits that are no longer in the day; returns their ids."""
        gone = set()
        for i in reversed(range(len(self._rows))):
            if self._rows[i].visit_id not in wanted:
                gone.add(self._rows[i].visit_id)
                self.removeRows(i, 1)
                del self._rows[i]
        self._pos = {r.visit_id: i for i, r in enumerate(self._rows)}
        return gone

    def apply_updates(self, day: date, rows: list[VisitRow]) -> None:
        """Changed or new visits of ``day`` (other days are ignored), built on this thread."""
        if day != self.day:
            return
        built = [self.build_row(r, self._shown(r.visit_id)) for r in rows if self.differs(r)]
        self.apply_built(day, built)

    def differs(self, row: VisitRow) -> bool:
        """Whether ``row`` is new to the table or changed since it was shown."""
        return self._shown(row.visit_id) != row

    def _shown(self, visit_id: str) -> VisitRow | None:
        pos = self._pos.get(visit_id)
        return None if pos is None else self._rows[pos]

    def build_row(self, row: VisitRow, old: VisitRow | None = None) -> BuiltRow:
        """The cells of ``row``: all of them, or with ``old`` those whose inputs changed.

        Safe on any thread: it reads only the model's fixed settings.
        """
        if old is None:
            cols = list(range(len(self.columns)))
        else:
            cols = [
                col
                for col, column in enumerate(self.columns)
                if self._inputs(old, column) != self._inputs(row, column)
            ]
        key = self._filter_key(row)
        if old is not None and self.key_column not in cols and key != self._filter_key(old):
            cols.append(self.key_column)
        cells = {col: self._cell(row, self.columns[col]) for col in cols}
        if self.key_column in cells:
            cells[self.key_column][FILTER_ROLE] = key
        items = None if old is not None else [_item(cells[col]) for col in cols]
        return BuiltRow(row, key, cells, items)

    def apply_built(self, day: date, built: list[BuiltRow]) -> None:
        """Put in cells made by ``build_row`` against the rows the table shows."""
        if day != self.day:
            return
        new: list[BuiltRow] = []
        changed: list[tuple[int, BuiltRow]] = []
        for b in built:
            pos = self._pos.get(b.row.visit_id)
            if pos is None:
                new.append(b if b.items is not None else self.build_row(b.row))
            elif self._rows[pos] != b.row:
                changed.append((pos, b))
        if changed:
            # fill quietly, then one dataChanged per run of adjacent rows over the columns that
            # changed: each emission makes the proxy and the view re-examine (and re-sort when
            # the sort column is in it), so one per cell and role would be far slower
            blocked = self.blockSignals(True)
            columns: dict[int, tuple[int, int]] = {}
            try:
                for pos, b in changed:
                    self._update(pos, b)
                    if b.cells:
                        columns[pos] = (min(b.cells), max(b.cells))
            finally:
                self.blockSignals(blocked)
            for first, last in _runs(sorted(columns)):
                left = min(columns[r][0] for r in range(first, last + 1))
                right = max(columns[r][1] for r in range(first, last + 1))
                self.dataChanged.emit(self.index(first, left), self.index(last, right))
        if new:
            self._insert(new)

    def _insert(self, new: list[BuiltRow]) -> None:
        """Append rows with one insertion: the proxy places them all in one pass (in C++)."""
        first = len(self._rows)
        self.insertRows(first, len(new))
        blocked = self.blockSignals(True)
        try:
            for i, b in enumerate(new, start=first):
                self._pos[b.row.visit_id] = i
                self._rows.append(b.row)
                for col, item in enumerate(b.items or ()):
                    self.setItem(i, col, item)
        finally:
            self.blockSignals(blocked)
        self.dataChanged.emit(
            self.index(first, 0), self.index(len(self._rows) - 1, len(self.columns) - 1)
        )

    def _update(self, pos: int, b: BuiltRow) -> None:
        """Set the changed cells' values in place (replacing a cell's item costs 10× more)."""
        self._rows[pos] = b.row
        for col, roles in b.cells.items():
            item = self.item(pos, col)
            for role, value in roles.items():
                item.setData(value, role)

    def row_at(self, row: int) -> VisitRow:
        return self._rows[row]

    def row_of(self, visit_id: str) -> int | None:
        return self._pos.get(visit_id)

    def visits(self) -> list[VisitRow]:
        return list(self._rows)

    # --- cell values -----------------------------------------------------------------------

    @staticmethod
    def _inputs(row: VisitRow, column: Column) -> Any:
        """What a cell's values are computed from (cells whose inputs are equal are kept)."""
        field = column.field
        if field is Field.TASK:
            booking = (row.status, row.blocked_reason) if column.task_id == 1 else None
            return row.task(column.task_id), booking
        if field is Field.PROBLEM:
            return row.task_progress, row.status, row.blocked_reason
        return {
            Field.TIME: row.registered_at,
            Field.VISIT_ID: row.visit_id,
            Field.KODEBOOKING: row.kodebooking,
            Field.NORM: row.norm,
            Field.PATIENT: row.patient_name,
            Field.CLINIC: (row.namapoli, row.kd_poli),
            Field.DOCTOR: (row.namadokter, row.kd_dokter),
            Field.JKN: row.jenispasien,
        }[field]

    def _cell(self, row: VisitRow, column: Column) -> dict[int, Any]:
        """Every role the cell has, so an update also clears what no longer applies."""
        if column.field is Field.TASK:
            return self._task_cell(row, column.task_id)
        text = self._text(row, column.field)
        if column.field is Field.TIME:
            sort = row.registered_at.isoformat() if row.registered_at else ""
        else:
            sort = text.casefold()
        values: dict[int, Any] = {_DISPLAY: text, SORT_ROLE: sort}
        if column.field in (Field.PATIENT, Field.CLINIC, Field.DOCTOR):
            values[_TOOLTIP] = plain_tooltip(text) or None  # the whole name, when cut
        if column.field is Field.PROBLEM:
            task_id = task_cells.first_problem(row, self.task_ids)
            step = task_cells.task_next_step(row, task_id, self.language) if task_id else ""
            if step:
                step = QCoreApplication.translate("TaskCells", "Langkah perbaikan: {s}").format(
                    s=step
                )
            full = task_cells.last_problem(row, self.task_ids, self.language)
            values[_TOOLTIP] = plain_tooltip("\n".join(t for t in (full, step) if t)) or None
            values[_FOREGROUND] = _PROBLEM_FG
        return values

    def _task_cell(self, row: VisitRow, task_id: int) -> dict[int, Any]:
        kind = task_cells.task_kind(row, task_id)
        background, foreground = task_cells.colours(kind)
        order = list(TaskState).index(kind)
        values: dict[int, Any] = {
            _DISPLAY: task_cells.cell_text(row, task_id, self.tz, self.language),
            KIND_ROLE: kind.value,
            SORT_ROLE: f"{order}:{int(task_cells.task_time(row, task_id) or 0):015d}",
            _FOREGROUND: foreground,
            _TOOLTIP: plain_tooltip(task_cells.cell_tooltip(row, task_id, self.tz, self.language)),
            _ALIGN: int(Qt.AlignmentFlag.AlignCenter),
            _BACKGROUND: background,  # None clears the colour of an updated cell
        }
        return values

    def _filter_key(self, row: VisitRow) -> str:
        kinds = sorted({task_cells.task_kind(row, t).value for t in self.task_ids})
        if row.reconcile_mismatches:
            kinds.append(MISMATCH_KIND)
        ident = "\x1f".join((row.visit_id, row.norm or "", row.patient_name or "", row.kodebooking))
        return f"{ident}{KINDS_MARK}{' '.join(kinds)}"

    def _text(self, row: VisitRow, field: Field) -> str:
        if field is Field.TIME:
            return row.registered_at.strftime("%H:%M") if row.registered_at else ""
        if field is Field.VISIT_ID:
            return row.visit_id
        if field is Field.KODEBOOKING:  # shown only when it is not the No. Rawat again
            return "" if row.kodebooking == row.visit_id else row.kodebooking
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
            return task_cells.last_problem(row, self.task_ids, self.language, short=True)
        return ""


#: FilterMode -> the task kinds a row must have one of (None: no condition)
_MODE_KINDS: dict[FilterMode, frozenset[TaskState] | frozenset[str] | None] = {
    FilterMode.ALL: None,
    FilterMode.PROBLEMS: PROBLEM_STATES,
    FilterMode.BLOCKED: frozenset({TaskState.BLOCKED}),
    FilterMode.FAILED: frozenset({TaskState.FAILED}),
    FilterMode.NOT_SENT: NOT_SENT_STATES,
    FilterMode.MISMATCH: frozenset({MISMATCH_KIND}),
}


class VisitsFilterProxy(QSortFilterProxyModel):
    """Search (no_rawat, RM, name, kodebooking) and the problem filters.

    Both are one regular expression over the model's FILTER_ROLE, so filtering runs in Qt
    without calling Python for every row.
    """

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._search = ""
        self._mode = FilterMode.ALL
        self.setSortRole(SORT_ROLE)
        self.setFilterRole(FILTER_ROLE)
        self.setDynamicSortFilter(True)

    def setSourceModel(self, model: Any) -> None:  # noqa: N802 (Qt's name)
        super().setSourceModel(model)
        self.setFilterKeyColumn(getattr(model, "key_column", 0))

    def set_search(self, text: str) -> None:
        self._search = text.strip()
        self._apply()

    def set_mode(self, mode: FilterMode) -> None:
        self._mode = FilterMode(mode)
        self._apply()

    def pattern(self) -> str:
        """The regular expression for the current search text and mode."""
        parts = ["^"]
        if self._search:
            parts.append(f"(?=[^{KINDS_MARK}]*{QRegularExpression.escape(self._search)})")
        kinds = _MODE_KINDS[self._mode]
        if kinds:
            names = "|".join(sorted(str(k) for k in kinds))
            parts.append(f"(?=.*{KINDS_MARK}.*\\b(?:{names})\\b)")
        return "".join(parts)

    def _apply(self) -> None:
        expression = QRegularExpression(
            self.pattern(), QRegularExpression.PatternOption.CaseInsensitiveOption
        )
        self.setFilterRegularExpression(expression)
