"""The tray icon: show/hide the window, sync, quit, and a notification when a task fails."""

from __future__ import annotations

from PySide6.QtCore import Signal, Slot
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu, QSystemTrayIcon, QWidget

from antrean_desktop.gui.resources import icon


class TrayIcon(QSystemTrayIcon):
    showRequested = Signal()
    syncRequested = Signal()
    quitRequested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(icon("app"), parent)
        self.setToolTip(self.tr("Antrean Desktop"))
        menu = QMenu(parent)
        self._show = QAction(self.tr("Tampilkan jendela"), menu)
        self._sync = QAction(self.tr("Sinkron sekarang"), menu)
        self._quit = QAction(self.tr("Keluar"), menu)
        self._show.triggered.connect(self.showRequested)
        self._sync.triggered.connect(self.syncRequested)
        self._quit.triggered.connect(self.quitRequested)
        menu.addAction(self._show)
        menu.addAction(self._sync)
        menu.addSeparator()
        menu.addAction(self._quit)
        self.setContextMenu(menu)
        self._menu = menu
        self.activated.connect(self._activated)

    @Slot(QSystemTrayIcon.ActivationReason)
    def _activated(self, reason: QSystemTrayIcon.ActivationReason) -> None:
        if reason in (
            QSystemTrayIcon.ActivationReason.Trigger,
            QSystemTrayIcon.ActivationReason.DoubleClick,
        ):
            self.showRequested.emit()

    def set_problem(self, problem: bool) -> None:
        self.setIcon(icon("app-problem" if problem else "app"))

    def notify(self, title: str, message: str) -> None:
        if self.isVisible() and self.supportsMessages():
            self.showMessage(title, message, QSystemTrayIcon.MessageIcon.Warning, 10_000)
