"""Fill a store (and the BPJS simulator) with 30 days and save the compliance dashboard as
docs/dashboard.png, at the size it opens with on a 1366x768 desk (1200x688).

Run: QT_QPA_PLATFORM=offscreen python -m tests.gui.make_dashboard_screenshot [--lang en]
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from PySide6.QtCore import QRect

from antrean_desktop.config import BpjsConfig, Config
from antrean_desktop.gui.main_window import dashboard_size
from antrean_desktop.sim.bpjs_server import BpjsSimulator
from tests.gui import screenshots as shot
from tests.gui.compliance_data import TZ, seed


def main(argv: list[str] | None = None) -> int:
    args, app = shot.start(argv, shot.ROOT / "docs" / "dashboard.png")
    with BpjsSimulator("c", "s", "u") as sim, shot.sqlite_store() as store:
        bpjs = BpjsConfig(base_url=sim.base_url, cons_id="c", secret_key="s", user_key="u")
        config = shot.in_language(replace(Config(), bpjs=bpjs), args.lang)
        seed(store, datetime.now(TZ).date(), 30, sim)
        with shot.running_window(config, store, show=False, **shot.idle_runtime(store)) as window:
            dash = window.open_dashboard()
            dash.resize(dashboard_size(QRect(0, 0, *shot.WORK_AREA)))  # as on a 1366x768 desk
            shot.wait(app, lambda: dash.data is not None, 15)
            shot.settle(app, 0.4)
            shot.save_png(dash, args.out)
            dash.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
