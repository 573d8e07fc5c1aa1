"""The window with a big day: the first fill of 5,000 visits, then diffs of 50 changed visits.

Measured on the real MainWindow (offscreen), fed the way the runtime's bridge feeds it.
GUI-thread time is the main thread's CPU time (``time.thread_time``) from the arrival of the rows
until the table holds them; a stall is the longest gap between 5 ms timer ticks meanwhile.
Baselines (same run): the same rows built on the GUI thread (``VisitsTableModel.replace_day`` /
``apply_updates``), which is what the window did before cells were built on a helper thread; for
stalls, the longest gap of the same window sitting idle for a second (the machine's own noise).
"""

from __future__ import annotations

import dataclasses
import random
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date, datetime

from PySide6.QtCore import QElapsedTimer, QTimer
from PySide6.QtWidgets import QApplication

from antrean_desktop.config import Config
from antrean_desktop.gui.main_window import MainWindow
from antrean_desktop.gui.visits_model import VisitsTableModel
from antrean_desktop.runtime.bridge import RuntimeBridge
from antrean_desktop.runtime.scheduler import Runtime
from antrean_desktop.runtime.snapshots import VisitRow
from antrean_desktop.store.db import Store
from tests.benchmarks.figures import Figure
from tests.runtime.factories import TZ, realistic_specs, visit_event

SIZES = {"smoke": (200, 10, 2), "full": (5000, 50, 10)}  # visits, changed per diff, diffs


def make_rows(day: date, count: int) -> list[VisitRow]:
    return [
        VisitRow.from_visit(visit_event(day, seq, **f)) for seq, f in realistic_specs(day, count)
    ]


class _Gaps:
    """The longest gap between 5 ms ticks of the GUI event loop."""

    def __init__(self) -> None:
        self.clock = QElapsedTimer()
        self.timer = QTimer()
        self.timer.setInterval(5)
        self.timer.timeout.connect(self._tick)
        self.longest = 0.0
        self._last = 0

    def start(self) -> None:
        self.longest = 0.0
        self.clock.start()
        self._last = self.clock.nsecsElapsed()
        self.timer.start()

    def _tick(self) -> None:
        now = self.clock.nsecsElapsed()
        self.longest = max(self.longest, (now - self._last) / 1e6)
        self._last = now

    def stop(self) -> float:
        self._tick()
        self.timer.stop()
        return self.longest


def _until(app: QApplication, done: Callable[[], bool], limit: float = 120.0) -> None:
    deadline = time.monotonic() + limit
    while not done():
        if time.monotonic() > deadline:
            raise TimeoutError("the table did not fill in time")
        app.processEvents()
        time.sleep(0.001)


def run(size: str = "full", server: object = None) -> list[Figure]:
    visits, changed_count, diffs = SIZES[size]
    app = QApplication.instance() or QApplication(sys.argv[:1])
    day = datetime.now(TZ).date()
    rows = make_rows(day, visits)
    rnd = random.Random(5)
    config = Config()
    with tempfile.TemporaryDirectory() as tmp:
        store = Store(f"sqlite:///{tmp}/unused.db")  # the runtime is never started
        bridge = RuntimeBridge()
        runtime = Runtime(config, store, bridge, migrate=None)
        window = MainWindow(config, runtime, bridge, use_tray=False)
        window.resize(1366, 768)
        window.show()
        app.processEvents()
        resets = [0]
        window.model.modelAboutToBeReset.connect(lambda: resets.__setitem__(0, resets[0] + 1))
        gaps = _Gaps()
        try:
            # the same window idle for a second: how long this machine stalls anyway
            gaps.start()
            _until(app, lambda: gaps.clock.elapsed() > 1000)
            idle_stall = gaps.stop()
            # first fill, as the bridge delivers a new day
            gaps.start()
            cpu = time.thread_time()
            window.on_visits_reset(day, rows)
            _until(app, lambda: window.model.rowCount() == visits)
            fill_cpu = time.thread_time() - cpu
            fill_stall = gaps.stop()
            resets_after_fill = resets[0]

            # diffs of changed visits
            diff_cpu: list[float] = []
            apply = window.model.apply_built

            def timed_apply(*args, **kw) -> None:
                t = time.thread_time()
                apply(*args, **kw)
                diff_cpu.append(time.thread_time() - t)

            window.model.apply_built = timed_apply  # type: ignore[method-assign]
            current = {r.visit_id: r for r in rows}
            for i in range(diffs):
                changed = [
                    dataclasses.replace(r, status="FAILED_BPJS" if i % 2 == 0 else "SENT_BPJS")
                    for r in rnd.sample(list(current.values()), changed_count)
                ]
                current.update((r.visit_id, r) for r in changed)
                before = len(diff_cpu)
                window.on_visits_updated(day, changed)
                _until(app, lambda b=before: len(diff_cpu) > b)
            diff_ms = 1000 * max(diff_cpu)
            diff_resets = resets[0] - resets_after_fill
        finally:
            window.quit()
            window.deleteLater()
            app.processEvents()
            store.dispose()

    # baseline: every cell built on the GUI thread
    model = VisitsTableModel(TZ)
    cpu = time.thread_time()
    model.replace_day(day, rows)
    base_fill = time.thread_time() - cpu
    sample = [dataclasses.replace(r, status="FAILED_BPJS") for r in rnd.sample(rows, changed_count)]
    cpu = time.thread_time()
    model.apply_updates(day, sample)
    base_diff_ms = 1000 * (time.thread_time() - cpu)

    bench = f"window, {visits:,} visits"
    return [
        Figure(bench, "first fill: GUI-thread time", fill_cpu, "s", "cells built on the GUI "
               "thread", base_fill, "< 1 s", fill_cpu < 1.0),
        Figure(bench, "first fill: longest stall", fill_stall, "ms", "idle window, 1 s",
               idle_stall, "< 100 ms", fill_stall < 100),
        Figure(bench, f"diff of {changed_count} visits: GUI-thread time (worst of {diffs})",
               diff_ms, "ms", "built on the GUI thread", base_diff_ms, "< 5 ms", diff_ms < 5),
        Figure(bench, "model resets during the diffs", float(diff_resets), "", target="0",
               met=diff_resets == 0),
    ]  # fmt: skip
