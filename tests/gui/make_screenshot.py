"""Fill a store with a realistic day and save the main window as artifacts/main-window.png.

Run: QT_QPA_PLATFORM=offscreen python -m tests.gui.make_screenshot [--lang en]
"""

from __future__ import annotations

import logging
from datetime import datetime

from antrean_desktop.config import Config
from tests.gui import screenshots as shot
from tests.runtime.factories import TZ, add_attempt, realistic_day

REJECTED = "Waktu (28-11-2026 07:21:00 WIB) tidak boleh kurang atau sama dengan waktu sebelumnya"


def main(argv: list[str] | None = None) -> int:
    args, app = shot.start(argv, shot.ROOT / "artifacts" / "main-window.png")
    config = shot.in_language(Config(), args.lang)
    with shot.sqlite_store() as store:
        ids = realistic_day(store, datetime.now(TZ).date(), 40)
        add_attempt(store, ids[5], 3, "PERMANENT", REJECTED)
        options = shot.idle_runtime(store)
        with shot.running_window(
            config, store, size=(1500, 900), refresh_seconds=0.2, **options
        ) as window:
            logging.getLogger("apscheduler").setLevel(logging.WARNING)  # as setup_logging does
            demo_log = logging.getLogger("antrean.demo")
            demo_log.info("Poll Khanza selesai: 40 kunjungan hari ini")
            demo_log.warning("%s task 3 ditolak BPJS (kode 201): %s", ids[5], REJECTED)
            shot.wait(app, lambda: window.model.rowCount() >= 40, 5)
            shot.show_visit(app, window, ids[5], task=3, seconds=5)
            shot.settle(app, 0.4)
            shot.save_png(window, args.out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
