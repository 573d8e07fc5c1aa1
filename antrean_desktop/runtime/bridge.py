"""The QObject that carries results from worker threads to the GUI thread.

It is created on the GUI thread, so every signal emitted from a scheduler thread is delivered
through the GUI thread's event loop (a queued connection). Connect these signals to methods of
QObjects living on the GUI thread (never to lambdas, which would run on the emitting thread).
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, Signal

log = logging.getLogger("antrean.runtime")


class RuntimeBridge(QObject):
    #: (day, list[VisitRow]) -- every visit of ``day``; the table replaces its rows
    visitsReset = Signal(object, object)
    #: (day, list[VisitRow]) -- only visits that changed since the last refresh
    visitsUpdated = Signal(object, object)
    #: StatusSnapshot
    statusChanged = Signal(object)
    #: VisitDetail
    detailLoaded = Signal(object)
    #: the new hospital-local date after midnight
    dayChanged = Signal(object)
    #: list[tuple[VisitRow, int]] -- tasks that have just become FAILED_BPJS
    tasksFailed = Signal(object)
    #: DashboardData -- the compliance dashboard's figures (runtime/dashboard.py)
    dashboardLoaded = Signal(object)
    #: (kind, message) -- a requested action ("sync", "resend", ...) finished
    actionFinished = Signal(str, str)
    #: (kind, message) -- a background step failed ("poll", "work", "refresh", "startup")
    problem = Signal(str, str)

    def safe_emit(self, name: str, *args: object) -> None:
        """Emit ``name`` unless the bridge is already gone (late result during shutdown)."""
        try:
            getattr(self, name).emit(*args)
        except RuntimeError:  # the C++ object was deleted: the window is closing
            log.debug("dropped %s: bridge already deleted", name)
