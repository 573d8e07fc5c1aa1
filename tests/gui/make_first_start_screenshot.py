"""Screenshots of a first start on a 1366x768 desk: the setup and the window after it.

1. Without a configuration the program opens the setup (the settings dialog as three short
   steps, as ``antrean-desktop`` does on a first start): its first step (Khanza) and its
   second (BPJS, the address "Produksi" preselected), each drawn centred on an empty desk:
   docs/first-start-setup.png and docs/first-start-bpjs.png.
2. The window after the setup, over an empty store (nothing polled or sent yet), in the work
   area a maximised window gets (1366x728): the status bar in view, the toolbar without the
   "»" overflow, no "UJI COBA" banner (the production address is configured).

Prints what it saw.

Run: QT_QPA_PLATFORM=offscreen python -m tests.gui.make_first_start_screenshot [--lang en]
     [--out FOLDER]
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from PySide6.QtCore import QPoint
from PySide6.QtGui import QColor, QPainter, QPixmap
from PySide6.QtWidgets import QComboBox, QToolBar, QToolButton

from antrean_desktop.config import Config
from antrean_desktop.gui.settings_dialog import SettingsDialog
from tests.gui import screenshots as shot
from tests.gui.make_settings_screenshot import desk_screen


def desk_picture(dialog: SettingsDialog) -> QPixmap:
    """The dialog centred on an empty 1366x768 desk."""
    width, height = shot.DESK
    picture = QPixmap(width, height)
    picture.fill(QColor("#2b5797"))
    painter = QPainter(picture)
    at = QPoint((width - dialog.width()) // 2, (height - dialog.height()) // 2)
    painter.drawPixmap(at, dialog.grab())
    painter.setPen(QColor("#5f6368"))  # offscreen dialogs have no frame: draw its edge
    painter.drawRect(at.x(), at.y(), dialog.width() - 1, dialog.height() - 1)
    painter.end()
    return picture


def main(argv: list[str] | None = None) -> int:
    import keyring

    from tests.gui.test_settings_dialog import MemoryKeyring

    folder = tempfile.mkdtemp()
    desk_screen(folder)
    keyring.set_keyring(MemoryKeyring())  # a desk's usual keyring (Windows Credential Manager)
    args, app = shot.start(argv, shot.ROOT / "docs")
    out = Path(args.out)
    with tempfile.TemporaryDirectory() as tmp:
        config = shot.in_language(Config(path=Path(tmp, "config.toml")), args.lang)
        dialog = SettingsDialog(config, config.path, first_run=True)
        dialog.show()
        out.mkdir(parents=True, exist_ok=True)
        for step, name in ((0, "first-start-setup.png"), (1, "first-start-bpjs.png")):
            dialog._show_step(step)  # the steps as "Lanjut" shows them
            shot.settle(app, 0.5)
            desk_picture(dialog).save(str(out / name))
            print(f"saved {out / name} (dialog {dialog.width()}x{dialog.height()})")
        address = next(c.currentText() for c in dialog.findChildren(QComboBox) if c.isVisible())
        print(f"setup, BPJS step: address {address!r}")
        dialog.close()

    with shot.sqlite_store() as store, tempfile.TemporaryDirectory() as tmp:
        config = shot.in_language(Config(path=Path(tmp, "config.toml")), args.lang)
        with shot.running_window(
            config, store, size=shot.WORK_AREA, **shot.idle_runtime(store)
        ) as window:
            shot.settle(app, 1.0)
            shot.save_png(window, out / "first-start-window.png")
            bar = window.findChild(QToolBar, "mainToolbar")
            overflow = bar.findChild(QToolButton, "qt_toolbar_ext_button")
            print(f"toolbar overflow shown: {bool(overflow and overflow.isVisible())}")
            print(f"test server banner shown: {window.dev_banner.isVisible()}")
            print(f"status bar: {window.bpjs_label.text()} · {window.poll_label.text()}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
