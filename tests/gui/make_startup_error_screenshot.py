"""Screenshot of a bad configuration at the window's start on a 1366x768 desk:
docs/startup-error.png.

A config.toml with a misspelt key (``secrte_key``), read as ``antrean-desktop`` reads it; the
message box the window shows then (the file, the line, "Buka berkas", "Tutup") is drawn centred
on an empty desk (offscreen dialogs have no frame). Prints what the box says.

Run: QT_QPA_PLATFORM=offscreen python -m tests.gui.make_startup_error_screenshot [--lang en]
     [--out F]
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from antrean_desktop.config import ConfigError, load_config
from antrean_desktop.gui.startup_error import startup_error_box
from tests.gui import screenshots as shot
from tests.gui.make_first_start_screenshot import desk_picture
from tests.gui.make_settings_screenshot import desk_screen

BAD = '[hospital]\ntimezone = "Asia/Jakarta"\n\n[bpjs]\nverify_tls = true\nsecrte_key = "x"\n'


def main(argv: list[str] | None = None) -> int:
    desk_screen(tempfile.mkdtemp())
    args, app = shot.start(argv, shot.ROOT / "docs" / "startup-error.png")
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp, "AntreanDesktop", "config.toml")
        path.parent.mkdir()
        path.write_text(BAD, encoding="utf-8")
        try:
            load_config(path)
        except ConfigError as exc:
            box = startup_error_box(exc.text(args.lang), exc.file, exc.line)
        else:
            raise SystemExit("the bad configuration was read without an error")
        box.show()
        shot.settle(app, 0.5)
        Path(args.out).parent.mkdir(parents=True, exist_ok=True)
        desk_picture(box).save(str(args.out))
        print(f"saved {args.out} (box {box.width()}x{box.height()})")
        print(box.text())
        print(box.informativeText())
        print("buttons: " + ", ".join(b.text() for b in box.buttons()))
        box.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
