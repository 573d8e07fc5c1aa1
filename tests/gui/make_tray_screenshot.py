"""Screenshot of the tray at 1366x768: docs/tray-menu.png.

The real program on the demo hospital (as ``antrean-desktop --demo``) sends its day (BPJS refuses
one booking, others are blocked), with the real :class:`TrayIcon` attached to the window. The
offscreen platform has no taskbar, so the picture is put together: the window in the work area
(1366x728), a 40 px taskbar below it with the tray's icon, the tray's own menu above the icon and
its tooltip text beside it. Icon, menu and tooltip are the program's, drawn as they are. Prints what it saw.

Then "Jeda pengiriman" is chosen in that menu: docs/tray-paused.png shows the window's banner and
the menu's "Lanjutkan pengiriman".

Run: QT_QPA_PLATFORM=offscreen python -m tests.gui.make_tray_screenshot [--lang en] [--out F]
"""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtGui import QColor, QPainter, QPixmap
from PySide6.QtWidgets import QApplication, QLabel

from antrean_desktop.gui.main_window import MainWindow
from antrean_desktop.gui.tray import TrayIcon
from tests.gui import screenshots as shot

TASKBAR = 40


def save(picture: QPixmap, out: Path) -> None:
    out.parent.mkdir(parents=True, exist_ok=True)
    picture.save(str(out))
    print(f"saved {out} ({picture.width()}x{picture.height()})")


def tray_picture(app: QApplication, window: MainWindow, tray: TrayIcon) -> QPixmap:
    """The window in the work area, the taskbar with the tray's icon, its menu and tooltip."""
    width, height = shot.DESK
    menu = tray.contextMenu()
    menu.popup(QPoint(0, 0))
    shot.settle(app, 0.3)

    picture = QPixmap(width, height)
    picture.fill(QColor("#1f2a36"))  # the taskbar's colour under everything
    painter = QPainter(picture)
    painter.drawPixmap(0, 0, window.grab())
    icon_size = 24
    icon_at = QPoint(width - 120, height - TASKBAR + (TASKBAR - icon_size) // 2)
    painter.drawPixmap(icon_at, tray.icon().pixmap(icon_size, icon_size))
    painter.setPen(QColor("#ffffff"))
    clock = QRect(width - 80, height - TASKBAR, 72, TASKBAR)
    now = window.runtime.driver.now().strftime("%H:%M")  # the demo hospital's clock
    painter.drawText(clock, Qt.AlignmentFlag.AlignCenter, now)
    menu_picture = menu.grab()
    menu_at = QPoint(icon_at.x() - menu_picture.width() + icon_size, height - TASKBAR)
    menu_at.setY(menu_at.y() - menu_picture.height() - 4)
    painter.drawPixmap(menu_at, menu_picture)
    painter.setPen(QColor("#5f6368"))  # offscreen menus have no shadow: draw their edge
    painter.drawRect(QRect(menu_at, menu_picture.size()).adjusted(0, 0, -1, -1))
    tip = QLabel(tray.toolTip())  # the tooltip as the desk shows it on hovering the icon
    tip.setStyleSheet(
        "background: #ffffe1; color: #000000; border: 1px solid #767676; padding: 3px;"
    )
    tip.adjustSize()
    tip_picture = tip.grab()
    tip_at = QPoint(  # on the taskbar, left of the icon
        icon_at.x() - tip_picture.width() - 12, height - (TASKBAR + tip_picture.height()) // 2
    )
    painter.drawPixmap(tip_at, tip_picture)
    painter.end()
    menu.hide()
    return picture


def main(argv: list[str] | None = None) -> int:
    args, app = shot.start(argv, shot.ROOT / "docs" / "tray-menu.png")
    width, height = shot.DESK
    with (
        shot.demo_store(args.lang) as (_session, config, store),
        shot.running_window(
            config, store, size=(width, height - TASKBAR), refresh_seconds=0.5
        ) as window,
    ):
        tray = TrayIcon(window, config.hospital.language)
        window.attach_tray(tray)
        if not shot.wait_for_demo_day(app, window, sent=40, seconds=120):
            return 1
        shot.wait(app, lambda: tray.level != "ok", 10)
        shot.settle(app, 1.0)
        out = Path(args.out)
        save(tray_picture(app, window, tray), out)
        print(f"tray: {tray.level}; tooltip: {tray.toolTip()}")
        print(
            "menu: " + " | ".join(a.text() for a in tray.contextMenu().actions() if a.isVisible())
        )
        print(f"status bar: {window.bpjs_label.text()} · {window.counts_label.text()}")

        tray.pause_action.trigger()  # "Jeda pengiriman": the window and the tray say paused
        if not shot.wait(app, lambda: tray.resume_action.isVisible(), 10):
            print("the pause did not show", file=sys.stderr)
            return 1
        shot.settle(app, 1.0)
        save(tray_picture(app, window, tray), out.with_name("tray-paused.png"))
        print(
            "menu: " + " | ".join(a.text() for a in tray.contextMenu().actions() if a.isVisible())
        )
        print(f"banner: {window.banner_label.text()}")
        print(f"status bar: {window.bpjs_label.text()}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
