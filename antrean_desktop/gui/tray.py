"""The tray icon: its colour and tooltip tell the day's state; its menu shows the window, the
last result, syncs, pauses or resumes sending and quits; a notification when a task fails."""

from __future__ import annotations

from PySide6.QtCore import Signal, Slot
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu, QSystemTrayIcon, QWidget

from antrean_desktop.domain.send_state import SendFacts, SendState, last_result_text, send_state
from antrean_desktop.gui.resources import icon
from antrean_desktop.runtime.snapshots import StatusSnapshot

#: the tray's three states and their icons
TRAY_ICONS = {"ok": "app", "warn": "app-warn", "error": "app-problem"}


def tray_level(s: StatusSnapshot) -> str:
    """ "error" (red) while sending is paused, a store or Khanza fails, a cause groups many
    problems or a task FAILED; "warn" (amber) while tasks are BLOCKED or wait for a retry;
    else "ok" (green)."""
    if s.pause is not None or s.store_error or s.khanza_ok is False or s.groups:
        return "error"
    if s.counts.failed:
        return "error"
    if s.counts.blocked or s.counts.retrying:
        return "warn"
    return "ok"


class TrayIcon(QSystemTrayIcon):
    showRequested = Signal()
    syncRequested = Signal()
    pauseRequested = Signal()
    resumeRequested = Signal()
    quitRequested = Signal()

    def __init__(self, parent: QWidget | None = None, language: str = "id") -> None:
        super().__init__(icon("app"), parent)
        self.language = language
        self.level = "ok"  # the state the icon shows
        self.setToolTip(self.tr("Antrean Desktop"))
        menu = QMenu(parent)
        self._show = QAction(self.tr("Tampilkan jendela"), menu)
        #: the last call's result, plain text; not clickable
        self.last_result = QAction(last_result_text(SendFacts(), language), menu)
        self.last_result.setEnabled(False)
        self._sync = QAction(self.tr("Sinkron sekarang"), menu)
        self.pause_action = QAction(self.tr("Jeda pengiriman"), menu)
        self.resume_action = QAction(self.tr("Lanjutkan pengiriman"), menu)
        self.resume_action.setVisible(False)
        self._quit = QAction(self.tr("Keluar"), menu)
        self._show.triggered.connect(self.showRequested)
        self._sync.triggered.connect(self.syncRequested)
        self.pause_action.triggered.connect(self.pauseRequested)
        self.resume_action.triggered.connect(self.resumeRequested)
        self._quit.triggered.connect(self.quitRequested)
        menu.addAction(self._show)
        menu.addAction(self.last_result)
        menu.addSeparator()
        menu.addAction(self._sync)
        menu.addAction(self.pause_action)
        menu.addAction(self.resume_action)
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

    def show_status(self, s: StatusSnapshot) -> str:
        """Icon, tooltip ("2 gagal · 4 diblokir · baca 12:19"), the last result and pause or
        resume from the status; the level."""
        level = tray_level(s)
        self.level = level
        self.last_result.setText(last_result_text(s.send, self.language))
        held = send_state(s.send) is SendState.HELD
        self.pause_action.setVisible(not held)
        self.resume_action.setVisible(held)
        # on a viewer desk (several desks, one store) another PC sends: nothing to pause here
        sends_here = s.desk is None or s.desk.this_desk_sends
        self.pause_action.setEnabled(sends_here)
        self.pause_action.setToolTip(
            "" if sends_here else self.tr("PC lain yang mengirim ke BPJS; jeda di PC itu")
        )
        self.setIcon(icon(TRAY_ICONS[level]))
        tip = self.tr("Antrean Desktop: {f} gagal · {b} diblokir · baca Khanza {t}").format(
            f=s.counts.failed,
            b=s.counts.blocked,
            t=s.last_poll_at.strftime("%H:%M") if s.last_poll_at else "-",
        )
        if s.pause is not None:  # the red icon's reason when nothing failed
            tip += self.tr(" · pengiriman dijeda")
        self.setToolTip(tip)
        return level

    def notify(self, title: str, message: str) -> None:
        if self.isVisible() and self.supportsMessages():
            self.showMessage(title, message, QSystemTrayIcon.MessageIcon.Warning, 10_000)
