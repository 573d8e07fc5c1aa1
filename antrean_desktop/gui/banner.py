"""The banner above the table: at most two lines of plain text, each cut to the window's width.

Whatever a line holds (it may quote an error from outside), it is never read as markup and never
pushes the table down: a line too long for the window ends in "…".
"""

from __future__ import annotations

import html

from PySide6.QtCore import Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QLabel, QSizePolicy, QWidget

MAX_LINES = 2


def plain_tooltip(text: str) -> str:
    """A tooltip that shows ``text`` as it is (Qt would read "<h1>…" in a tooltip as markup)."""
    if not text:
        return ""
    return "<qt>" + html.escape(text, quote=False).replace("\n", "<br>") + "</qt>"


class BannerLabel(QLabel):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setWordWrap(False)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self._lines: tuple[str, ...] = ()

    def set_lines(self, lines: tuple[str, ...] | list[str]) -> None:
        """Show the first two of ``lines`` (a line break inside one starts another line)."""
        flat = [part for line in lines for part in str(line).splitlines() if part.strip()]
        self._lines = tuple(" ".join(part.split()) for part in flat[:MAX_LINES])
        self._fit()

    def lines(self) -> tuple[str, ...]:
        """The lines in full (before they were cut to the width)."""
        return self._lines

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit()

    def _fit(self) -> None:
        width = max(40, self.contentsRect().width())
        metrics = self.fontMetrics()
        self.setText(
            "\n".join(
                metrics.elidedText(line, Qt.TextElideMode.ElideRight, width) for line in self._lines
            )
        )
