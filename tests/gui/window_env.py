"""A main window wired to a real Runtime: over a SQLite store and a fake pipeline
(:func:`open_window`), over the real Pipeline (:func:`pipeline_window`), or as the caller wires
it (:func:`running_window`)."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from antrean_desktop.config import Config
from antrean_desktop.gui.main_window import MainWindow
from antrean_desktop.pipeline.service import Pipeline
from antrean_desktop.runtime.bridge import RuntimeBridge
from antrean_desktop.runtime.scheduler import Runtime
from antrean_desktop.store.db import Store
from tests.pipeline.conftest import AFTERNOON
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


def start_window(
    config: Config,
    store: Store,
    *,
    qtbot: Any = None,
    bridge: RuntimeBridge | None = None,
    size: tuple[int, int] | None = None,
    show: bool = True,
    log_handler: logging.Handler | None = None,
    **runtime_options: Any,
) -> tuple[MainWindow, Runtime]:
    """A Runtime (``runtime_options`` as its keywords) and its main window, started."""
    bridge = bridge or RuntimeBridge()
    runtime = Runtime(config, store, bridge, **runtime_options)
    window = MainWindow(config, runtime, bridge, log_handler=log_handler, use_tray=False)
    if qtbot is not None:
        qtbot.addWidget(window)
    if size is not None:
        window.resize(*size)
    if show:
        window.show()
    runtime.start()
    return window, runtime


@contextmanager
def running_window(
    config: Config, store: Store, *, stop_timeout: float = 5, **options: Any
) -> Iterator[MainWindow]:
    """:func:`start_window` for a ``with`` block; afterwards its runtime has stopped."""
    window, runtime = start_window(config, store, **options)
    try:
        yield window
    finally:
        window.quit()
        stopped = runtime.stop(timeout=stop_timeout)
    assert stopped, "the runtime's jobs did not end"


def open_window(qtbot, config, store, *, refresh_seconds: float = 0.2) -> WindowEnv:
    pipeline = FakePipeline(store)
    bridge = RuntimeBridge()
    window, runtime = start_window(
        config,
        store,
        qtbot=qtbot,
        bridge=bridge,
        size=(1400, 800),
        pipeline_factory=lambda: pipeline,
        resend_fn=fake_resend,
        resend_failed_fn=lambda s, day: 0,
        migrate=None,
        refresh_seconds=refresh_seconds,
        poll_seconds=0.5,
        worker_seconds=3600,
    )
    return WindowEnv(window, runtime, pipeline, bridge)


class NoKhanzaPipeline(Pipeline):
    """The real pipeline without a Khanza database: the visit is already in the store."""

    def poll(self, day):
        return None


def pipeline_window(
    qtbot, config: Config, store: Store, pipeline: type[Pipeline] = Pipeline, **options: Any
):
    """:func:`running_window` over the real ``pipeline`` (the class) on ``store``."""
    return running_window(
        config,
        store,
        qtbot=qtbot,
        pipeline_factory=lambda: pipeline(config, store, owner="gui-test"),
        migrate=None,
        refresh_seconds=0.2,
        **options,
    )


def no_khanza_window(qtbot, config: Config, store: Store, **options: Any):
    """:func:`pipeline_window` over :class:`NoKhanzaPipeline`, the runtime's clock at 14:00 WIB
    on the pipeline tests' service day."""
    return pipeline_window(qtbot, config, store, NoKhanzaPipeline, now=lambda: AFTERNOON, **options)


def select_visit(window: MainWindow, visit_id: str) -> None:
    row = window.model.row_of(visit_id)
    assert row is not None
    index = window.proxy.mapFromSource(window.model.index(row, 0))
    window.table.selectRow(index.row())
    window.table.setCurrentIndex(index)
