"""Screenshot of a BPJS outage at 1366x768: docs/outage-window.png.

The real program on the demo hospital (as ``antrean-desktop --demo``) sends for a while, then the
BPJS simulator answers every call with an HTML "503" error page. The window pauses sending and
shows the two-line banner; the table keeps at least 15 rows in view. Prints what it saw.

Run: QT_QPA_PLATFORM=offscreen python -m tests.gui.make_outage_screenshot [--lang en] [--out F]
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
from sqlalchemy import select

from antrean_desktop.config import Config
from antrean_desktop.demo.session import DemoSession
from antrean_desktop.gui.i18n import install_translator
from antrean_desktop.gui.log_pane import QtLogHandler
from antrean_desktop.gui.main_window import MainWindow
from antrean_desktop.gui.resources import style_sheet
from antrean_desktop.runtime.bridge import RuntimeBridge
from antrean_desktop.runtime.scheduler import Runtime
from antrean_desktop.store.db import Store
from antrean_desktop.store.models import SendAttempt
from tests.gui.make_demo_screenshot import SIZE, wait

ROOT = Path(__file__).resolve().parents[2]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--lang", default="id", choices=("id", "en"))
    parser.add_argument("--out", default=str(ROOT / "docs" / "outage-window.png"))
    args = parser.parse_args(argv)
    app = QApplication.instance() or QApplication(sys.argv[:1])
    translator = install_translator(app, args.lang)  # noqa: F841 - keep alive
    app.setStyleSheet(style_sheet())
    base = replace(Config(), hospital=replace(Config().hospital, language=args.lang))
    with tempfile.TemporaryDirectory() as tmp:
        session = DemoSession(base, Path(tmp), ticking=True)
        config = session.start()
        sim = session.sim
        assert sim is not None
        store = Store(config.store_url)
        bridge = RuntimeBridge()
        runtime = Runtime(config, store, bridge, refresh_seconds=0.5)
        handler = QtLogHandler()
        logging.getLogger().addHandler(handler)
        logging.getLogger().setLevel(logging.DEBUG)
        window = MainWindow(config, runtime, bridge, log_handler=handler, use_tray=False)
        window.resize(*SIZE)
        window.show()
        runtime.start()
        try:
            rows = window.model.visits

            def sent() -> bool:
                states = [e.get("status") for r in rows() for e in r.task_progress.values()]
                return len(rows()) >= 20 and states.count("SENT_BPJS") >= 30

            started = time.monotonic()
            if not wait(app, sent, 120):
                print("the demo day was not sent in time", file=sys.stderr)
                return 1
            sim.faults.clear()
            sim.faults.add("http_5xx", status=503)  # every call: an HTML error page

            def paused() -> bool:
                return window.banner.isVisible() and "(HTTP 503)" in window.banner_label.text()

            print(f"{time.monotonic() - started:.0f} s: the demo sent a part of the day; BPJS down")
            if not wait(app, paused, 120):
                print(f"no outage banner: {window.banner_label.text()!r}", file=sys.stderr)
                return 1
            print(f"{time.monotonic() - started:.0f} s: sending paused")
            with store.session() as db:  # the visit of the last 503: its detail shows the page
                last = db.scalars(
                    select(SendAttempt).order_by(SendAttempt.id.desc()).limit(1)
                ).one()
                visit_id = last.visit_id
            index = window.proxy.mapFromSource(window.model.index(window.model.row_of(visit_id), 0))
            window.table.setCurrentIndex(index)
            window.table.scrollTo(index)
            wait(app, lambda: window.detail.visit_id == visit_id, 10)
            wait(app, lambda: False, 1.0)
            table = window.table
            visible = table.viewport().height() // table.verticalHeader().defaultSectionSize()
            out = Path(args.out)
            out.parent.mkdir(parents=True, exist_ok=True)
            window.grab().save(str(out))
            print(f"saved {out} ({window.width()}x{window.height()})")
            print(f"banner ({len(window.banner_label.text().splitlines())} lines):")
            print(window.banner_label.text())
            print(f"status bar: {window.bpjs_label.text()}")
            print(f"table rows in view: {visible} of {len(rows())}")
        finally:
            window.quit()
            runtime.stop(timeout=10)
            logging.getLogger().removeHandler(handler)
            store.dispose()
            session.stop()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
