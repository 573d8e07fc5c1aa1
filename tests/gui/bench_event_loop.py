"""Event-loop stall benchmark: the longest gap between 10 ms QTimer ticks while the window
receives refreshes of hundreds of visits and syncs run. Prints the number; not a test.

Run: QT_QPA_PLATFORM=offscreen python -m tests.gui.bench_event_loop [--visits 600] [--seconds 8]
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from datetime import datetime

from PySide6.QtCore import QElapsedTimer, QTimer
from PySide6.QtWidgets import QApplication

from antrean_desktop.config import Config
from antrean_desktop.gui.main_window import MainWindow
from antrean_desktop.runtime.bridge import RuntimeBridge
from antrean_desktop.runtime.scheduler import Runtime
from antrean_desktop.store import migrate
from antrean_desktop.store.db import Store
from tests.runtime.factories import TZ, realistic_day, set_task
from tests.runtime.fakes import FakePipeline, fake_resend


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--visits", type=int, default=600)
    parser.add_argument("--seconds", type=float, default=8.0)
    args = parser.parse_args(argv)
    app = QApplication.instance() or QApplication(sys.argv[:1])
    with tempfile.TemporaryDirectory() as tmp:
        store = Store(f"sqlite:///{tmp}/a.db")
        migrate.upgrade(store.engine)
        today = datetime.now(TZ).date()
        ids = realistic_day(store, today, args.visits)
        rnd = random.Random(1)

        def poll(_day) -> None:  # each poll changes 30 visits, like a busy morning
            for visit_id in rnd.sample(ids, 30):
                set_task(store, visit_id, 5, status="QUEUED", attempts=rnd.randint(0, 3))

        pipeline = FakePipeline(store, on_poll=poll)
        bridge = RuntimeBridge()
        runtime = Runtime(
            Config(),
            store,
            bridge,
            pipeline_factory=lambda: pipeline,
            resend_fn=fake_resend,
            migrate=None,
            refresh_seconds=0.25,
            poll_seconds=0.5,
            worker_seconds=0.7,
        )
        window = MainWindow(Config(), runtime, bridge, use_tray=False)
        window.resize(1400, 900)
        window.show()
        runtime.start()

        gaps: list[float] = []
        clock = QElapsedTimer()
        clock.start()
        last = [clock.nsecsElapsed()]

        def tick() -> None:
            now = clock.nsecsElapsed()
            gaps.append((now - last[0]) / 1e6)
            last[0] = now

        timer = QTimer()
        timer.setInterval(10)
        timer.timeout.connect(tick)
        timer.start()
        sync = QTimer()
        sync.setInterval(1000)
        sync.timeout.connect(window.sync_now)
        sync.start()
        end = time.monotonic() + args.seconds
        while time.monotonic() < end:
            app.processEvents()
            time.sleep(0.001)
        timer.stop()
        sync.stop()
        rows = window.model.rowCount()
        window.quit()
        runtime.stop()
        store.dispose()
    gaps = gaps[5:]  # skip the first ticks (window creation, first full load)
    gaps.sort()
    print(
        f"visits={rows} ticks={len(gaps)} longest gap={gaps[-1]:.1f} ms "
        f"p99={gaps[int(len(gaps) * 0.99)]:.1f} ms median={gaps[len(gaps) // 2]:.1f} ms"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
