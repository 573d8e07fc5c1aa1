"""What the window says when it cannot start: a message box naming the file and the line, with
"Buka berkas" to open the file. The windowed program has no console, so without this box a bad
configuration would end it without a word."""

from __future__ import annotations

import logging
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QApplication, QMessageBox

log = logging.getLogger("antrean.app")


def open_file(path: Path) -> None:
    """Open ``path`` in a text editor: Notepad on Windows (a .toml file has no program there),
    else the desktop's choice."""
    if sys.platform == "win32":
        subprocess.Popen(["notepad.exe", str(path)])  # noqa: S603,S607 - the user's own file
    else:
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))


def where_text(file: Path | None, line: int | None) -> str:
    """ "Berkas: C:\\...\\config.toml, baris 12" (the line only when known)."""
    if file is None:
        return ""
    if line is None:
        return QCoreApplication.translate("StartupError", "Berkas: {f}").format(f=file)
    return QCoreApplication.translate("StartupError", "Berkas: {f}, baris {n}").format(
        f=file, n=line
    )


def startup_error_box(
    message: str,
    file: Path | None = None,
    line: int | None = None,
    *,
    opener: Callable[[Path], None] | None = None,
) -> QMessageBox:
    """The box: ``message`` (plain text: it may quote the file), where, and "Buka berkas" when
    there is a file to open (the box stays open so the clerk can read it while editing)."""
    box = QMessageBox(
        QMessageBox.Icon.Critical, "Antrean Desktop", "", QMessageBox.StandardButton.NoButton
    )
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.setText(QCoreApplication.translate("StartupError", "Antrean Desktop tidak dapat dimulai."))
    if file is not None and message.startswith(f"{file}: "):  # the file is named below, once
        message = message[len(f"{file}: ") :]
    # wide enough for a configuration line and a Windows path (not wrapped word by word)
    box.setStyleSheet("QLabel#qt_msgbox_informativelabel { min-width: 520px; }")
    where = where_text(file, line)
    box.setInformativeText("\n\n".join(p for p in (message, where) if p))
    box.addButton(
        QCoreApplication.translate("StartupError", "Tutup"), QMessageBox.ButtonRole.RejectRole
    )
    box.open_button = None  # type: ignore[attr-defined]
    if file is not None and file.is_file():
        button = box.addButton(
            QCoreApplication.translate("StartupError", "Buka berkas"),
            QMessageBox.ButtonRole.ActionRole,
        )
        button.clicked.disconnect()  # an action button would close the box
        button.clicked.connect(lambda: (opener or open_file)(file))
        box.open_button = button  # type: ignore[attr-defined]
    return box


def show_startup_error(
    message: str, file: Path | None = None, line: int | None = None, language: str = "id"
) -> None:
    """Show the box until it is closed, and log what it says."""
    from antrean_desktop.gui.i18n import install_translator

    app = QApplication.instance() or QApplication(sys.argv[:1])
    translator = install_translator(app, language)
    try:
        box = startup_error_box(message, file, line)
        log.error("cannot start: %s", box.informativeText().replace("\n\n", " | "))
        box.exec()
    finally:
        if translator is not None:
            QCoreApplication.removeTranslator(translator)
