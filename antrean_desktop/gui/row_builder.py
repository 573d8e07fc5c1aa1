"""Builds the table's cells for incoming visits on a helper thread.

Computing one visit's cells (texts, times, tooltips, colours) costs about half a millisecond of
Python; 5,000 visits on the GUI thread would freeze the window for seconds. The cells are plain
``QStandardItem`` objects that belong to no model yet, so they can be made on another thread and
handed to the GUI thread, which only inserts them (``VisitsTableModel.apply_built``).
Results arrive in submission order, so a newer snapshot of a visit always wins.
"""

from __future__ import annotations

import gc
import logging
import queue
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import date

from PySide6.QtCore import QObject, Signal

from antrean_desktop.runtime.snapshots import VisitRow

log = logging.getLogger("antrean.gui")

#: rows per message back to the GUI thread: inserting 250 rows takes the GUI thread ~10 ms
#: (up to 50 ms on a loaded 2-core machine; tests/benchmarks/bench_window.py)
BATCH = 250

_STOP = object()


class RowBuilder(QObject):
    #: (day, list[BuiltRow], bulk) -- emitted from the helper thread, delivered queued
    built = Signal(object, object, bool)

    def __init__(
        self, build: Callable[[VisitRow, VisitRow | None], object], parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self._build = build
        # what was last handed over per visit of the day: cells are built against it, and the
        # table applies batches in order, so it holds exactly that row when a batch arrives
        self._day: date | None = None
        self._last: dict[str, VisitRow] = {}
        self._queue: queue.SimpleQueue[object] = queue.SimpleQueue()
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()
        self._stopped = False

    def submit(self, day: date, rows: Sequence[VisitRow], *, bulk: bool = False) -> None:
        """Build the changed ``rows`` off the GUI thread; ``bulk``: a new day's first fill.

        Call it on the GUI thread only, for the day the table shows.
        """
        if bulk or day != self._day:
            self._day, self._last = day, {}
        pairs = []
        for row in rows:
            old = self._last.get(row.visit_id)
            if old != row:
                pairs.append((row, old))
                self._last[row.visit_id] = row
        if not pairs:
            return
        with self._lock:
            if self._stopped:
                return
            if self._thread is None:
                self._thread = threading.Thread(
                    target=self._loop, name="antrean-row-builder", daemon=True
                )
                self._thread.start()
        self._queue.put((day, pairs, bulk))

    def forget(self, visit_ids: set[str]) -> None:
        """Visits the table dropped (GUI thread)."""
        for visit_id in visit_ids:
            self._last.pop(visit_id, None)

    def stop(self, timeout: float = 5.0) -> None:
        with self._lock:
            self._stopped = True
            thread, self._thread = self._thread, None
        if thread is not None:
            self._queue.put(_STOP)
            thread.join(timeout)

    def _loop(self) -> None:
        while True:
            job = self._queue.get()
            if job is _STOP:
                return
            day, pairs, bulk = job  # type: ignore[misc]
            for start in range(0, len(pairs), BATCH):
                if self._stopped:
                    return
                try:
                    with _no_cyclic_gc(bulk):
                        batch = []
                        for r, o in pairs[start : start + BATCH]:
                            batch.append(self._build(r, o))
                            _let_gui_thread_run()
                except Exception:  # a bad row must not end the table's updates
                    log.exception("could not build table cells")
                    continue
                try:
                    self.built.emit(day, batch, bulk)
                except RuntimeError:  # the window is already gone
                    return


def _let_gui_thread_run() -> None:
    """Hand the GIL over between two rows.

    While Qt inserts and sorts a batch, the GUI thread takes and drops the GIL many times (every
    call from C++ into a Python-made Qt object takes it). Each time the builder holds it, the GUI
    thread waited for Python's switch interval (5 ms): a 5,000-visit fill stalled the window for
    0.5-1 s. Releasing the GIL after every row (about 0.3 ms of work) keeps the longest stall at
    16-52 ms (tests/benchmarks/bench_window.py) for a few microseconds per row.
    """
    time.sleep(0)


@contextmanager
def _no_cyclic_gc(active: bool) -> Iterator[None]:
    """No full collection while a day's cells are made.

    Making 5,000 visits' cells creates ~100,000 objects; each full collection they trigger walks
    every object of the program while holding the GIL, and the GUI thread waited up to 120 ms
    for it (tests/benchmarks/bench_window.py). Reference counting still frees what is dropped;
    the window freezes the new cells into the permanent generation once they are shown.
    """
    if not active or not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()
