"""Screenshot of the demo window at 1366x768 (the common desk screen): docs/demo-window.png.

The real program on the demo hospital (``antrean-desktop --demo``) in a throwaway folder: it
waits until the day is sent, selects the visit BPJS rejected so the detail pane shows BPJS's
words, and saves the window.

Run: QT_QPA_PLATFORM=offscreen python -m tests.gui.make_demo_screenshot [--lang en] [--out F]
"""

from __future__ import annotations

import argparse
import logging
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

from PySide6.QtWidgets import QApplication

from antrean_desktop.config import Config
from antrean_desktop.demo.session import DemoSession
from antrean_desktop.gui.i18n import install_translator
from antrean_desktop.gui.log_pane import QtLogHandler
from antrean_desktop.gui.main_window import MainWindow
from antrean_desktop.gui.resources import style_sheet
from antrean_desktop.runtime.bridge import RuntimeBridge
from antrean_desktop.runtime.scheduler import Runtime
from antrean_desktop.store.db import Store

ROOT = Path(__file__).resolve().parents[2]
SIZE = (1366, 768)


def wait(app: QApplication, done, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        app.processEvents()
        if done():
            return True
        time.sleep(0.02)
    return False


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--lang", default="id", choices=("id", "en"))
    parser.add_argument("--out", default=str(ROOT / "docs" / "demo-window.png"))
    args = parser.parse_args(argv)
    app = QApplication.instance() or QApplication(sys.argv[:1])
    translator = install_translator(app, args.lang)  # noqa: F841 - keep alive
    app.setStyleSheet(style_sheet())
    base = replace(Config(), hospital=replace(Config().hospital, language=args.lang))
    with tempfile.TemporaryDirectory() as tmp:
        session = DemoSession(base, Path(tmp), ticking=True)
        config = session.start()
        store = Store(config.store_url)
        bridge = RuntimeBridge()
        runtime = Runtime(config, store, bridge, refresh_seconds=0.5)
        handler = QtLogHandler()
        logging.getLogger().addHandler(handler)
        logging.getLogger().setLevel(logging.INFO)
        window = MainWindow(config, runtime, bridge, log_handler=handler, use_tray=False)
        window.resize(*SIZE)
        window.show()
        runtime.start()
        try:
            rows = window.model.visits

            def sent() -> bool:
                states = [e.get("status") for r in rows() for e in r.task_progress.values()]
                return len(rows()) >= 20 and states.count("SENT_BPJS") >= 40

            if not wait(app, sent, 90):
                print("the demo day was not sent in time", file=sys.stderr)
                return 1
            rejected = next(r.visit_id for r in rows() if r.task(1).get("status") == "FAILED_BPJS")
            index = window.proxy.mapFromSource(window.model.index(window.model.row_of(rejected), 0))
            window.table.setCurrentIndex(index)
            window.table.scrollTo(index)
            wait(app, lambda: window.detail.visit_id == rejected, 10)
            window.detail.select_task(1)
            wait(app, lambda: False, 0.5)
            out = Path(args.out)
            out.parent.mkdir(parents=True, exist_ok=True)
            window.grab().save(str(out))
            print(f"saved {out} ({window.width()}x{window.height()})")
        finally:
            window.quit()
            runtime.stop(timeout=10)
            logging.getLogger().removeHandler(handler)
            store.dispose()
            session.stop()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
