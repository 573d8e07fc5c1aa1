"""Fill a store with a realistic day and save the main window as artifacts/main-window.png.

Run: QT_QPA_PLATFORM=offscreen python -m tests.gui.make_screenshot [--lang en]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from dataclasses import replace
from datetime import datetime
from pathlib import Path

from PySide6.QtWidgets import QApplication

from antrean_desktop.config import Config
from antrean_desktop.gui.i18n import install_translator
from antrean_desktop.gui.log_pane import QtLogHandler
from antrean_desktop.gui.main_window import MainWindow
from antrean_desktop.gui.resources import style_sheet
from antrean_desktop.runtime.bridge import RuntimeBridge
from antrean_desktop.runtime.scheduler import Runtime
from antrean_desktop.store import migrate
from antrean_desktop.store.db import Store
from tests.runtime.factories import TZ, add_attempt, realistic_day
from tests.runtime.fakes import FakePipeline, fake_resend

ROOT = Path(__file__).resolve().parents[2]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--lang", default="id", choices=("id", "en"))
    parser.add_argument("--out", default=str(ROOT / "artifacts" / "main-window.png"))
    args = parser.parse_args(argv)
    app = QApplication.instance() or QApplication(sys.argv[:1])
    install_translator(app, args.lang)
    app.setStyleSheet(style_sheet())
    config = Config()
    config = replace(config, hospital=replace(config.hospital, language=args.lang))
    with tempfile.TemporaryDirectory() as tmp:
        store = Store(f"sqlite:///{tmp}/a.db")
        migrate.upgrade(store.engine)
        today = datetime.now(TZ).date()
        ids = realistic_day(store, today, 40)
        add_attempt(
            store,
            ids[5],
            3,
            "PERMANENT",
            "Waktu (28-11-2026 07:21:00 WIB) tidak boleh kurang atau sama dengan waktu sebelumnya",
        )
        bridge = RuntimeBridge()
        pipeline = FakePipeline(store)
        runtime = Runtime(
            config,
            store,
            bridge,
            pipeline_factory=lambda: pipeline,
            resend_fn=fake_resend,
            migrate=None,
            refresh_seconds=0.2,
            poll_seconds=3600,
            worker_seconds=3600,
        )
        handler = QtLogHandler()
        window = MainWindow(config, runtime, bridge, log_handler=handler, use_tray=False)
        window.resize(1500, 900)
        window.show()
        runtime.start()
        import logging

        logging.getLogger().addHandler(handler)
        logging.getLogger().setLevel(logging.INFO)
        logging.getLogger("apscheduler").setLevel(logging.WARNING)  # as setup_logging does
        logging.getLogger("antrean.demo").info("Poll Khanza selesai: 40 kunjungan hari ini")
        logging.getLogger("antrean.demo").warning(
            "%s task 3 ditolak BPJS (kode 201): Waktu (28-11-2026 07:21:00 WIB) tidak boleh kurang atau sama dengan waktu sebelumnya",
            ids[5],
        )
        deadline = time.monotonic() + 5
        while window.model.rowCount() < 40 and time.monotonic() < deadline:
            app.processEvents()
            time.sleep(0.02)
        row = window.model.row_of(ids[5])
        index = window.proxy.mapFromSource(window.model.index(row, 0))
        window.table.selectRow(index.row())
        window.table.setCurrentIndex(index)
        while window.detail.visit_id != ids[5] and time.monotonic() < deadline + 5:
            app.processEvents()
            time.sleep(0.02)
        window.detail.select_task(3)
        for _ in range(20):
            app.processEvents()
            time.sleep(0.02)
        out = Path(args.out)
        out.parent.mkdir(parents=True, exist_ok=True)
        window.grab().save(str(out))
        print(f"saved {out}")
        window.quit()
        runtime.stop()
        logging.getLogger().removeHandler(handler)
        store.dispose()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
