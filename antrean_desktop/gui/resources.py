"""Icons, the style sheet and translations: ``resources/`` of the source tree, the installed
package or the PyInstaller bundle (:mod:`antrean_desktop.package_data`)."""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtGui import QIcon

from antrean_desktop.package_data import data_dir

log = logging.getLogger("antrean.gui")


def resources_dir() -> Path:
    return data_dir("resources", "style.qss")


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
