"""Fill a store (and the BPJS simulator) with 30 days and save the compliance dashboard as
docs/dashboard.png.

Run: QT_QPA_PLATFORM=offscreen python -m tests.gui.make_dashboard_screenshot [--lang en]
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

from antrean_desktop.config import BpjsConfig, Config
from antrean_desktop.gui.i18n import install_translator
from antrean_desktop.gui.main_window import MainWindow
from antrean_desktop.gui.resources import style_sheet
from antrean_desktop.runtime.bridge import RuntimeBridge
from antrean_desktop.runtime.scheduler import Runtime
from antrean_desktop.sim.bpjs_server import BpjsSimulator
from antrean_desktop.store import migrate
from antrean_desktop.store.db import Store
from tests.gui.compliance_data import TZ, seed
from tests.runtime.fakes import FakePipeline

ROOT = Path(__file__).resolve().parents[2]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--lang", default="id", choices=("id", "en"))
    parser.add_argument("--out", default=str(ROOT / "docs" / "dashboard.png"))
    args = parser.parse_args(argv)
    app = QApplication.instance() or QApplication(sys.argv[:1])
    install_translator(app, args.lang)
    app.setStyleSheet(style_sheet())
    with tempfile.TemporaryDirectory() as tmp, BpjsSimulator("c", "s", "u") as sim:
        config = replace(
            Config(),
            bpjs=BpjsConfig(base_url=sim.base_url, cons_id="c", secret_key="s", user_key="u"),
        )
        config = replace(config, hospital=replace(config.hospital, language=args.lang))
        store = Store(f"sqlite:///{tmp}/a.db")
        migrate.upgrade(store.engine)
        seed(store, datetime.now(TZ).date(), 30, sim)
        bridge = RuntimeBridge()
        pipeline = FakePipeline(store)
        runtime = Runtime(
            config,
            store,
            bridge,
            pipeline_factory=lambda: pipeline,
            migrate=None,
            poll_seconds=3600,
            worker_seconds=3600,
        )
        window = MainWindow(config, runtime, bridge, use_tray=False)
        runtime.start()
        dash = window.open_dashboard()
        dash.resize(1280, 800)
        deadline = time.monotonic() + 15
        while dash.data is None and time.monotonic() < deadline:
            app.processEvents()
            time.sleep(0.02)
        for _ in range(20):
            app.processEvents()
            time.sleep(0.02)
        out = Path(args.out)
        out.parent.mkdir(parents=True, exist_ok=True)
        dash.grab().save(str(out))
        print(f"saved {out}")
        dash.close()
        window.quit()
        runtime.stop()
        store.dispose()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
