"""Screenshot of a BPJS outage at 1366x768: docs/outage-window.png.

The real program on the demo hospital (as ``antrean-desktop --demo``) sends for a while, then the
BPJS simulator answers every call with an HTML "503" error page. The window pauses sending and
shows the two-line banner; the table keeps at least 15 rows in view. Prints what it saw.

Run: QT_QPA_PLATFORM=offscreen python -m tests.gui.make_outage_screenshot [--lang en] [--out F]
"""

from __future__ import annotations

import logging
import sys
import time

from sqlalchemy import select

from antrean_desktop.store.models import SendAttempt
from tests.gui import screenshots as shot


def main(argv: list[str] | None = None) -> int:
    args, app = shot.start(argv, shot.ROOT / "docs" / "outage-window.png")
    with (
        shot.demo_store(args.lang) as (session, config, store),
        shot.running_window(config, store, log_level=logging.DEBUG, refresh_seconds=0.5) as window,
    ):
        sim = session.sim
        assert sim is not None
        started = time.monotonic()
        if not shot.wait_for_demo_day(app, window, sent=30, seconds=120):
            return 1
        sim.faults.clear()
        sim.faults.add("http_5xx", status=503)  # every call: an HTML error page

        def paused() -> bool:
            return window.banner.isVisible() and "(HTTP 503)" in window.banner_label.text()

        print(f"{time.monotonic() - started:.0f} s: the demo sent a part of the day; BPJS down")
        if not shot.wait(app, paused, 120):
            print(f"no outage banner: {window.banner_label.text()!r}", file=sys.stderr)
            return 1
        print(f"{time.monotonic() - started:.0f} s: sending paused")
        with store.session() as db:  # the visit of the last 503: its detail shows the page
            last = db.scalars(select(SendAttempt).order_by(SendAttempt.id.desc()).limit(1)).one()
            visit_id = last.visit_id
        shot.show_visit(app, window, visit_id)
        shot.settle(app, 1.0)
        table = window.table
        visible = table.viewport().height() // table.verticalHeader().defaultSectionSize()
        shot.save_png(window, args.out)
        print(f"banner ({len(window.banner_label.text().splitlines())} lines):")
        print(window.banner_label.text())
        print(f"status bar: {window.bpjs_label.text()}")
        print(f"table rows in view: {visible} of {len(window.model.visits())}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
