"""One-off background calls (e.g. "Test connection") whose result comes back as a signal."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Signal

log = logging.getLogger("antrean.runtime")


class BackgroundCall(QObject):
    """Runs ``fn`` on a plain thread; ``finished(ok, result_or_message)`` arrives on this
    object's thread. Create it on the GUI thread; call :meth:`wait` before dropping it."""

    finished = Signal(bool, object)

    def __init__(self, name: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._name = name
        self._thread: threading.Thread | None = None
        self._busy = False  # False before ``finished`` is emitted, so its slot may start again

    def start(self, fn: Callable[[], Any]) -> None:
        if self.running:
            raise RuntimeError(f"{self._name} is still running")

        def run() -> None:
            try:
                result = fn()
            except Exception as exc:  # reported to the caller, never raised on a thread
                log.info("%s failed: %s: %s", self._name, type(exc).__name__, exc)
                self._busy = False
                self._emit(False, f"{type(exc).__name__}: {exc}")
            else:
                self._busy = False
                self._emit(True, result)

        self._busy = True
        self._thread = threading.Thread(target=run, name=f"bg-{self._name}", daemon=True)
        self._thread.start()

    def _emit(self, ok: bool, value: object) -> None:
        try:
            self.finished.emit(ok, value)
        except RuntimeError:
            log.debug("%s finished after its receiver was deleted", self._name)

    @property
    def running(self) -> bool:
        return self._busy

    def wait(self, timeout: float = 5.0) -> bool:
        if self._thread is not None:
            self._thread.join(timeout)
        return self._thread is None or not self._thread.is_alive()
