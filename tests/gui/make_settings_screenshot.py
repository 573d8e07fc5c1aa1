"""Screenshot of the settings dialog on a 1366x768 desk: docs/settings-dialog.png.

The real window (over an empty store, nothing polled or sent) with "Pengaturan" open on its
Khanza tab as a desk would fill it in: server, port, database, user, the password masked, and
the result of "Uji koneksi" against a server that does not answer (run off the GUI thread, as
in the program). Prints what the dialog shows.

Run: QT_QPA_PLATFORM=offscreen python -m tests.gui.make_settings_screenshot [--lang en] [--out F]
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
from pathlib import Path

from PySide6.QtCore import QPoint
from PySide6.QtGui import QColor, QPainter

from antrean_desktop.config import Config
from antrean_desktop.gui.settings_dialog import SettingsDialog
from tests.gui import screenshots as shot


def desk_screen(folder: str) -> None:
    """On the offscreen platform, a screen of the desk's size (its default is 800x600, where the
    dialog would be sized for a smaller screen than the picture shows)."""
    if os.environ.get("QT_QPA_PLATFORM") != "offscreen":
        return
    width, height = shot.DESK
    screen = {"name": "desk", "x": 0, "y": 0, "width": width, "height": height}
    path = Path(folder, "screen.json")
    path.write_text(json.dumps({"screens": [{**screen, "logicalDpi": 96, "dpr": 1}]}))
    os.environ["QT_QPA_PLATFORM"] = f"offscreen:configfile={path}"


def main(argv: list[str] | None = None) -> int:
    import keyring

    from tests.gui.test_settings_dialog import MemoryKeyring

    folder = tempfile.mkdtemp()
    desk_screen(folder)
    keyring.set_keyring(MemoryKeyring())  # a desk's usual keyring (Windows Credential Manager)
    args, app = shot.start(argv, shot.ROOT / "docs" / "settings-dialog.png")
    with tempfile.TemporaryDirectory() as tmp, shot.sqlite_store() as store:
        config = shot.in_language(Config(path=Path(tmp, "config.toml")), args.lang)
        with shot.running_window(config, store, **shot.idle_runtime(store)) as window:
            dialog = SettingsDialog(config, config.path, window)
            typed = {"host": "127.0.0.1", "port": "1", "database": "sik", "user": "antrean_ro"}
            for part, text in {**typed, "password": "r4h@sia!"}.items():
                dialog.fields["khanza.url"].edits[part].setText(text)
            dialog.set_text("khanza.jkn_payer_codes", "BPJ, A09")
            dialog.show()
            shot.settle(app, 0.5)
            dialog.move(
                window.geometry().center() - QPoint(dialog.width() // 2, dialog.height() // 2)
            )
            dialog.test_khanza()  # nothing listens on port 1: a plain "Gagal: ..."
            if not shot.wait(app, lambda: not dialog._khanza_call.running, 20):
                print("the connection test did not end", file=sys.stderr)
                return 1
            shot.settle(app, 1.0)
            picture = window.grab()  # the desk: the window, the dialog over it
            painter = QPainter(picture)
            at = dialog.pos() - window.pos()
            painter.drawPixmap(at, dialog.grab())
            painter.setPen(QColor("#5f6368"))  # offscreen dialogs have no frame: draw its edge
            painter.drawRect(at.x(), at.y(), dialog.width() - 1, dialog.height() - 1)
            painter.end()
            Path(args.out).parent.mkdir(parents=True, exist_ok=True)
            picture.save(str(args.out))
            print(f"saved {args.out} ({picture.width()}x{picture.height()})")
            print(
                f"dialog {dialog.width()}x{dialog.height()} at {dialog.pos().x()},{dialog.pos().y()}"
            )
            print(f"result: {dialog.khanza_result.text()}")
            dialog.wait_for_tests(5)
            dialog.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
