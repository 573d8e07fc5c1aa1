"""Screenshot of a cancelled visit at 1366x768: docs/cancelled-window.png.

The real program on the demo hospital (as ``antrean-desktop --demo``) sends its day; one visit
was cancelled in Khanza. Its row is grey ("batal"), it is not counted as a problem, and its
detail says nothing needs sending. Prints what it saw.

Run: QT_QPA_PLATFORM=offscreen python -m tests.gui.make_cancelled_screenshot [--lang en] [--out F]
"""

from __future__ import annotations

import sys

from tests.gui import screenshots as shot


def main(argv: list[str] | None = None) -> int:
    args, app = shot.start(argv, shot.ROOT / "docs" / "cancelled-window.png")
    with (
        shot.demo_store(args.lang) as (_session, config, store),
        shot.running_window(config, store, size=shot.WORK_AREA, refresh_seconds=0.5) as window,
    ):
        if not shot.wait_for_demo_day(app, window, sent=40, seconds=120):
            return 1
        cancelled = [r for r in window.model.visits() if r.status == "CANCELLED"]
        if not cancelled:
            print("the demo day has no cancelled visit", file=sys.stderr)
            return 1
        shot.show_visit(app, window, cancelled[0].visit_id, task=1)
        shot.settle(app, 1.0)
        shot.save_png(window, args.out)
        row = window.model.row_of(cancelled[0].visit_id)
        cells = [window.model.index(row, c).data() for c in range(window.model.columnCount())]
        print(f"row: {' | '.join(str(c) for c in cells)}")
        print(f"detail: {window.detail.title.text()}")
        print(f"counts: {window.counts_label.text()}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
