"""The dockable log pane: application log records, forwarded from any thread by a signal."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    Signal,
    Slot,
)
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QComboBox,
    QDockWidget,
    QHBoxLayout,
    QLabel,
    QListView,
    QVBoxLayout,
    QWidget,
)

MAX_RECORDS = 2000
LEVEL_ROLE = Qt.ItemDataRole.UserRole + 1


@dataclass(frozen=True)
class LogLine:
    created: float
    level: int
    name: str
    message: str

    def text(self) -> str:
        when = datetime.fromtimestamp(self.created).strftime("%H:%M:%S")
        return f"{when} {logging.getLevelName(self.level):<7} {self.name}: {self.message}"


class _Relay(QObject):
    record = Signal(object)


class QtLogHandler(logging.Handler):
    """A logging handler whose records reach the GUI thread through a queued signal.

    It takes every level by default: the pane's level filter shows Info and up, and Debug shows
    the builder's and the pollers' details too."""

    def __init__(self, level: int = logging.DEBUG) -> None:
        super().__init__(level)
        self.relay = _Relay()

    def emit(self, record: logging.LogRecord) -> None:
        try:
            message = record.getMessage()
            if record.exc_info and record.exc_info[1] is not None:
                message += f" ({type(record.exc_info[1]).__name__}: {record.exc_info[1]})"
            self.relay.record.emit(LogLine(record.created, record.levelno, record.name, message))
        except RuntimeError:  # relay deleted while the app closes
            pass
        except Exception:
            self.handleError(record)


class LogModel(QAbstractListModel):
    """The last ``max_records`` lines. When full, the oldest Debug line goes first, so a flood
    of details never pushes out what an operator needs to read."""

    def __init__(self, parent: QObject | None = None, max_records: int = MAX_RECORDS) -> None:
        super().__init__(parent)
        self._lines: list[LogLine] = []
        self._debug = 0  # how many of the lines are below INFO
        self.max_records = max_records

    @Slot(object)
    def add(self, line: LogLine) -> None:
        while len(self._lines) >= self.max_records:
            self._drop_oldest()
        n = len(self._lines)
        self.beginInsertRows(QModelIndex(), n, n)
        self._lines.append(line)
        self._debug += line.level < logging.INFO
        self.endInsertRows()

    def _drop_oldest(self) -> None:
        row = 0
        if self._debug:
            row = next(i for i, old in enumerate(self._lines) if old.level < logging.INFO)
        self.beginRemoveRows(QModelIndex(), row, row)
        self._debug -= self._lines.pop(row).level < logging.INFO
        self.endRemoveRows()

    def lines(self) -> list[LogLine]:
        return list(self._lines)

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._lines)

    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._lines):
            return None
        line = self._lines[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return line.text()
        if role == LEVEL_ROLE:
            return line.level
        if role == Qt.ItemDataRole.ForegroundRole:
            if line.level >= logging.ERROR:
                return QColor("#b3261e")
            if line.level >= logging.WARNING:
                return QColor("#8a5a00")
        return None


class LevelFilter(QSortFilterProxyModel):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.min_level = logging.INFO

    def set_min_level(self, level: int) -> None:
        self.min_level = level
        self.invalidate()

    def filterAcceptsRow(self, source_row: int, source_parent: Any) -> bool:
        index = self.sourceModel().index(source_row, 0, source_parent)
        return (self.sourceModel().data(index, LEVEL_ROLE) or 0) >= self.min_level


class LogDock(QDockWidget):
    def __init__(self, handler: QtLogHandler, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Log"), parent)
        self.setObjectName("logDock")
        self.model = LogModel(self)
        self.proxy = LevelFilter(self)
        self.proxy.setSourceModel(self.model)
        handler.relay.record.connect(self.model.add)
        self.handler = handler

        body = QWidget(self)
        layout = QVBoxLayout(body)
        layout.setContentsMargins(4, 4, 4, 4)
        row = QHBoxLayout()
        row.addWidget(QLabel(self.tr("Tingkat:"), body))
        self.level = QComboBox(body)
        for label, level in (
            (self.tr("Debug"), logging.DEBUG),
            (self.tr("Info"), logging.INFO),
            (self.tr("Peringatan"), logging.WARNING),
            (self.tr("Galat"), logging.ERROR),
        ):
            self.level.addItem(label, level)
        self.level.setCurrentIndex(1)
        self.level.currentIndexChanged.connect(self._level_changed)
        row.addWidget(self.level)
        row.addStretch(1)
        layout.addLayout(row)
        self.view = QListView(body)
        self.view.setModel(self.proxy)
        self.view.setUniformItemSizes(True)
        layout.addWidget(self.view)
        self.setWidget(body)
        self.model.rowsInserted.connect(self._follow)

    @Slot(int)
    def _level_changed(self, _index: int) -> None:
        self.proxy.set_min_level(int(self.level.currentData()))

    @Slot()
    def _follow(self) -> None:
        bar = self.view.verticalScrollBar()
        if bar.value() >= bar.maximum() - 2:
            self.view.scrollToBottom()
