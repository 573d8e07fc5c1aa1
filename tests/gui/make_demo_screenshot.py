"""Screenshot of the demo window at 1366x768 (the common desk screen): docs/demo-window.png.

The real program on the demo hospital (``antrean-desktop --demo``) in a throwaway folder: it
waits until the day is sent, selects the visit BPJS rejected so the detail pane shows BPJS's
words, and saves the window.

Run: QT_QPA_PLATFORM=offscreen python -m tests.gui.make_demo_screenshot [--lang en] [--out F]
"""

from __future__ import annotations

from tests.gui import screenshots as shot


def main(argv: list[str] | None = None) -> int:
    args, app = shot.start(argv, shot.ROOT / "docs" / "demo-window.png")
    with (
        shot.demo_store(args.lang) as (_session, config, store),
        shot.running_window(config, store, refresh_seconds=0.5) as window,
    ):
        if not shot.wait_for_demo_day(app, window, sent=40, seconds=90):
            return 1
        rows = window.model.visits()
        rejected = next(r.visit_id for r in rows if r.task(1).get("status") == "FAILED_BPJS")
        shot.show_visit(app, window, rejected, task=1)
        shot.settle(app, 0.5)
        shot.save_png(window, args.out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
