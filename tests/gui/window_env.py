"""A main window wired to a real Runtime over a SQLite store and a fake pipeline."""

from __future__ import annotations

from dataclasses import dataclass

from antrean_desktop.gui.main_window import MainWindow
from antrean_desktop.runtime.bridge import RuntimeBridge
from antrean_desktop.runtime.scheduler import Runtime
from tests.runtime.fakes import FakePipeline, fake_resend


@dataclass
class WindowEnv:
    window: MainWindow
    runtime: Runtime
    pipeline: FakePipeline
    bridge: RuntimeBridge

    def bridge_status(self):
        """The last status the runtime published."""
        return self.runtime.view._last_status

    def stop(self) -> None:
        self.window.quit()
        assert self.runtime.stop(timeout=5)


def open_window(qtbot, config, store, *, refresh_seconds: float = 0.2) -> WindowEnv:
    pipeline = FakePipeline(store)
    bridge = RuntimeBridge()
    runtime = Runtime(
        config,
        store,
        bridge,
        pipeline_factory=lambda: pipeline,
        resend_fn=fake_resend,
        resend_failed_fn=lambda s, day: 0,
        migrate=None,
        refresh_seconds=refresh_seconds,
        poll_seconds=0.5,
        worker_seconds=3600,
    )
    window = MainWindow(config, runtime, bridge, use_tray=False)
    qtbot.addWidget(window)
    window.resize(1400, 800)
    window.show()
    runtime.start()
    return WindowEnv(window, runtime, pipeline, bridge)


def select_visit(window: MainWindow, visit_id: str) -> None:
    row = window.model.row_of(visit_id)
    assert row is not None
    index = window.proxy.mapFromSource(window.model.index(row, 0))
    window.table.selectRow(index.row())
    window.table.setCurrentIndex(index)
