"""Icons, the style sheet and translations: found the same way from source and from a
PyInstaller build (``sys._MEIPASS/resources``)."""

from __future__ import annotations

import logging
import sys
from pathlib import Path

from PySide6.QtGui import QIcon

log = logging.getLogger("antrean.gui")


def resources_dir() -> Path:
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        return Path(frozen) / "resources"
    return Path(__file__).resolve().parents[2] / "resources"


def resource_path(name: str) -> Path:
    """Path of ``resources/<name>`` (``name`` uses forward slashes, e.g. ``icons/app.svg``)."""
    return resources_dir().joinpath(*name.split("/"))


def icon(name: str) -> QIcon:
    path = resource_path(f"icons/{name}.svg")
    if not path.is_file():
        log.warning("icon missing: %s", path)
        return QIcon()
    return QIcon(str(path))


def style_sheet() -> str:
    try:
        return resource_path("style.qss").read_text(encoding="utf-8")
    except OSError as exc:
        log.warning("style sheet not loaded: %s", exc)
        return ""
