"""The UI language: Bahasa Indonesia is the source language; English comes from a Qt
translation (``resources/translations/antrean_en.qm``, built from ``antrean_en.ts``)."""

from __future__ import annotations

import logging

from PySide6.QtCore import QCoreApplication, QTranslator

from antrean_desktop.gui.resources import resource_path

log = logging.getLogger("antrean.gui")


def install_translator(app: QCoreApplication, language: str) -> QTranslator | None:
    """Install the translator for ``language`` ("id" needs none); keep the result alive."""
    if language == "id":
        return None
    translator = QTranslator(app)
    path = resource_path(f"translations/antrean_{language}.qm")
    if not translator.load(str(path)):
        log.warning("translation %s not loaded (%s); showing Bahasa Indonesia", language, path)
        return None
    app.installTranslator(translator)
    return translator
