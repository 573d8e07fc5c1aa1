"""What the screenshot scripts (tests/gui/make_*screenshot.py) share.

Each script parses ``--lang``/``--out`` with :func:`start`, opens a store (:func:`demo_store` for
the real program on the demo hospital, :func:`sqlite_store` for a store the script fills itself),
runs the real main window over it with :func:`running_window`, waits with :func:`wait` and saves
the picture with :func:`save_png`. Run them with ``QT_QPA_PLATFORM=offscreen``.
"""

from __future__ import annotations

import argparse
import logging
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QApplication, QWidget

from antrean_desktop.config import Config
from antrean_desktop.demo.session import DemoSession
from antrean_desktop.gui.i18n import install_translator
from antrean_desktop.gui.log_pane import QtLogHandler
from antrean_desktop.gui.main_window import MainWindow
from antrean_desktop.gui.resources import style_sheet
from antrean_desktop.store.db import Store
from tests.gui import window_env
from tests.runtime.fakes import FakePipeline, fake_resend
from tests.support.stores import migrated_store, sqlite_url

ROOT = Path(__file__).resolve().parents[2]
DESK = (1366, 768)  # the common desk screen the docs' window pictures are taken at
WORK_AREA = (1366, 728)  # that screen less a 40 px taskbar: what a maximised window gets
_kept: list[object] = []  # the installed translators, kept alive


def start(argv: list[str] | None, out: Path) -> tuple[argparse.Namespace, QApplication]:
    """Parse ``--lang`` and ``--out`` (default ``out``); a styled application in that language."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--lang", default="id", choices=("id", "en"))
    parser.add_argument("--out", default=str(out))
    args = parser.parse_args(argv)
    app = QApplication.instance() or QApplication(sys.argv[:1])
    _kept.append(install_translator(app, args.lang))
    app.setStyleSheet(style_sheet())
    return args, app


def in_language(config: Config, lang: str) -> Config:
    return replace(config, hospital=replace(config.hospital, language=lang))


def wait(app: QApplication, done: Callable[[], bool], seconds: float) -> bool:
    """Process events until ``done()`` or ``seconds`` have passed; whether it was done."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        app.processEvents()
        if done():
            return True
        time.sleep(0.02)
    return False


def settle(app: QApplication, seconds: float) -> None:
    """Process events for ``seconds`` so the last paints land."""
    wait(app, lambda: False, seconds)


@contextmanager
def demo_store(lang: str) -> Iterator[tuple[DemoSession, Config, Store]]:
    """The demo hospital (as ``antrean-desktop --demo``) in a throwaway folder."""
    with tempfile.TemporaryDirectory() as tmp:
        session = DemoSession(in_language(Config(), lang), Path(tmp), ticking=True)
        config = session.start()
        store = Store(config.store_url)
        try:
            yield session, config, store
        finally:
            store.dispose()
            session.stop()


@contextmanager
def sqlite_store() -> Iterator[Store]:
    """An empty, migrated SQLite store in a throwaway folder."""
    with (
        tempfile.TemporaryDirectory() as tmp,
        migrated_store(sqlite_url(Path(tmp, "a.db"))) as store,
    ):
        yield store


def idle_runtime(store: Store) -> dict[str, Any]:
    """Runtime options for a store the script filled: a fake pipeline, no polling or sending."""
    pipeline = FakePipeline(store)
    return {
        "pipeline_factory": lambda: pipeline,
        "resend_fn": fake_resend,
        "migrate": None,
        "poll_seconds": 3600,
        "worker_seconds": 3600,
    }


@contextmanager
def running_window(
    config: Config,
    store: Store,
    *,
    size: tuple[int, int] = DESK,
    log_level: int = logging.INFO,
    **options: Any,
) -> Iterator[MainWindow]:
    """The main window over a started Runtime (``options``: :func:`window_env.start_window`'s),
    its log pane fed by the root logger."""
    handler = QtLogHandler()
    root = logging.getLogger()
    root.addHandler(handler)
    root.setLevel(log_level)
    try:
        with window_env.running_window(
            config, store, size=size, log_handler=handler, stop_timeout=10, **options
        ) as window:
            yield window
    finally:
        root.removeHandler(handler)


def wait_for_demo_day(app: QApplication, window: MainWindow, sent: int, seconds: float) -> bool:
    """Wait until the demo day's 20 visits are in and ``sent`` tasks are SENT_BPJS."""

    def done() -> bool:
        rows = window.model.visits()
        states = [e.get("status") for r in rows for e in r.task_progress.values()]
        return len(rows) >= 20 and states.count("SENT_BPJS") >= sent

    if wait(app, done, seconds):
        return True
    print("the demo day was not sent in time", file=sys.stderr)
    return False


def show_visit(
    app: QApplication,
    window: MainWindow,
    visit_id: str,
    task: int | None = None,
    seconds: float = 10,
) -> None:
    """Select the visit's row, scroll it into view, wait for the detail pane to show it and
    select its ``task`` there."""
    window_env.select_visit(window, visit_id)
    window.table.scrollTo(window.table.currentIndex())
    wait(app, lambda: window.detail.visit_id == visit_id, seconds)
    if task is not None:
        window.detail.select_task(task)


def save_png(widget: QWidget, out: str | Path) -> Path:
    path = Path(out)
    path.parent.mkdir(parents=True, exist_ok=True)
    widget.grab().save(str(path))
    print(f"saved {path} ({widget.width()}x{widget.height()})")
    return path
