"""The troubleshooting guide inside the window ("Bantuan"): the local copy shipped with the
program (docs/troubleshooting.id.md in Bahasa Indonesia, docs/troubleshooting.md in English),
opened at the row of a reason code. The guide is the program's own text, shown as Markdown."""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtGui import QTextCursor, QTextDocument
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout, QWidget

from antrean_desktop.package_data import data_dir

log = logging.getLogger("antrean.gui")

GUIDES = {"id": "troubleshooting.id.md", "en": "troubleshooting.md"}


def guide_path(language: str) -> Path:
    """The shipped guide in ``language`` (Bahasa Indonesia unless "en")."""
    return data_dir("docs", GUIDES["en"]) / GUIDES["en" if language == "en" else "id"]


class HelpViewer(QDialog):
    def __init__(self, language: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Bantuan — panduan masalah"))
        self.resize(980, 620)
        layout = QVBoxLayout(self)
        self.browser = QTextBrowser(self)
        self.browser.setOpenExternalLinks(True)
        layout.addWidget(self.browser, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.path = guide_path(language)
        try:
            text = self.path.read_text(encoding="utf-8")
        except OSError as exc:
            log.warning("troubleshooting guide not readable: %s", exc)
            text = self.tr("Panduan tidak ditemukan: {p}").format(p=self.path)
        self.browser.document().setBaseUrl(QUrl.fromLocalFile(str(self.path)))
        self.browser.setMarkdown(text)

    def show_code(self, code: str) -> bool:
        """Scroll to the guide's row of reason ``code``; False when the guide has none."""
        document = self.browser.document()
        found = document.find(code, 0, QTextDocument.FindFlag.FindCaseSensitively)
        while not found.isNull():
            block = found.block().text()
            if block.strip().startswith(code) or found.block().blockFormat().headingLevel():
                break
            found = document.find(code, found, QTextDocument.FindFlag.FindCaseSensitively)
        if found.isNull():
            found = document.find(code, 0, QTextDocument.FindFlag.FindCaseSensitively)
        if found.isNull():
            return False
        self.browser.setTextCursor(found)
        self.browser.ensureCursorVisible()
        return True

    def current_code(self) -> str:
        cursor: QTextCursor = self.browser.textCursor()
        return cursor.selectedText()
