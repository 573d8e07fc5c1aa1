"""Screenshot of a hospital-wide rejection at 1366x768: docs/rejection-window.png.

The real program on the demo hospital (as ``antrean-desktop --demo``), but the BPJS simulator's
HFIS schedule holds other practice hours than Khanza's ``jadwal`` for every doctor: BPJS refuses
every booking ("Jam praktek ... tidak sesuai dengan jadwal dokter"). The window shows one banner
line naming the cause, the count and the fix, and a red "BPJS: menolak kiriman". Prints what it
saw.

Run: QT_QPA_PLATFORM=offscreen python -m tests.gui.make_rejection_screenshot [--lang en] [--out F]
"""

from __future__ import annotations

import sys
import time

from tests.gui import screenshots as shot


def main(argv: list[str] | None = None) -> int:
    args, app = shot.start(argv, shot.ROOT / "docs" / "rejection-window.png")
    with shot.demo_store(args.lang) as (session, config, store):
        sim = session.sim
        assert sim is not None
        # HFIS says every doctor practises 21:00-22:00: no booking's jampraktek matches
        sim.jadwal = {
            poli: [(doctor, days, "21:00-22:00", cap) for doctor, days, _, cap in rows]
            for poli, rows in sim.jadwal.items()
        }
        with shot.running_window(config, store, refresh_seconds=0.5) as window:
            started = time.monotonic()

            def grouped() -> bool:
                text = window.banner_label.text()
                return window.banner.isVisible() and ("ditolak" in text or "refused" in text)

            if not shot.wait(app, grouped, 180):
                print(f"no grouped banner: {window.banner_label.text()!r}", file=sys.stderr)
                return 1
            shot.settle(app, 3.0)
            rejected = next(r.visit_id for r in window.model.visits() if r.status == "FAILED_BPJS")
            shot.show_visit(app, window, rejected)  # its detail: the reason and the next step
            shot.settle(app, 1.0)
            shot.save_png(window, args.out)
            print(f"detail: {window.detail.next_step.text()}")
            print(f"{time.monotonic() - started:.0f} s: banner:")
            print(window.banner_label.text())
            print(f"status bar: {window.bpjs_label.text()} ({window.bpjs_label.property('state')})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
