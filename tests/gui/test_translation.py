from __future__ import annotations

import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt

from antrean_desktop.gui.detail_pane import DetailPane, mismatch_words
from antrean_desktop.gui.i18n import install_translator
from antrean_desktop.gui.visits_model import VisitsTableModel
from antrean_desktop.runtime.snapshots import VisitDetail
from tests.gui.test_visits_model import DAY, sample_rows
from tests.runtime.factories import TZ

REPO = Path(__file__).resolve().parents[2]


def test_english_translation_is_loaded(qtbot, qapp):
    translator = install_translator(qapp, "en")
    assert translator is not None, "resources/translations/antrean_en.qm missing"
    try:
        model = VisitsTableModel(TZ, (3, 4, 5), language="en")
        model.replace_day(DAY, sample_rows())
        headers = [
            model.headerData(i, Qt.Orientation.Horizontal) for i in range(model.columnCount())
        ]
        assert "Visit no." in headers and "Last problem" in headers
        assert model.data(model.index(3, 9)) == "✗ failed"
        pane = DetailPane(TZ, "en", (1, 3, 4, 5))
        qtbot.addWidget(pane)
        assert pane.resend_task.text() == "Resend task"
        assert mismatch_words("missing_at_bpjs") == "missing at BPJS (missing_at_bpjs)"
        pane.set_detail(VisitDetail(sample_rows()[0], (), ()), resend_allowed=False)
        assert pane.title.text().endswith(f" (MRN {sample_rows()[0].norm})"), pane.title.text()
    finally:
        QCoreApplication.removeTranslator(translator)
    assert install_translator(qapp, "id") is None


def _translated_sources() -> list[Path]:
    """Every module that wraps a visible string for translation."""
    package = REPO / "antrean_desktop"
    return sorted(
        p
        for p in package.rglob("*.py")
        if re.search(r"\btr\(|\btranslate\(", p.read_text(encoding="utf-8"))
    )


def test_every_wrapped_string_has_an_english_translation_in_the_built_catalogue(tmp_path):
    """lupdate over the sources finds no string without English, and the shipped .qm holds what
    the .ts says (a string wrapped after the catalogue was made would show in Indonesian)."""
    from PySide6.QtCore import QTranslator

    lupdate = Path(sys.executable).with_name("pyside6-lupdate")
    assert lupdate.is_file(), f"{lupdate} missing: PySide6 is installed without its tools"
    shipped = REPO / "resources" / "translations" / "antrean_en.ts"
    ts = tmp_path / "antrean_en.ts"
    ts.write_bytes(shipped.read_bytes())
    subprocess.run(
        [str(lupdate), *map(str, _translated_sources()), "-ts", str(ts)],
        check=True,
        capture_output=True,
    )
    untranslated = []
    current = []
    for context in ET.parse(ts).getroot().iter("context"):
        name = context.findtext("name")
        for message in context.iter("message"):
            translation = message.find("translation")
            kind = translation.get("type")
            if kind in ("vanished", "obsolete"):
                continue
            source = message.findtext("source")
            if kind == "unfinished" or not (translation.text or "").strip():
                untranslated.append(f"{name}: {source}")
            else:
                current.append((name, source, translation.text))
    assert not untranslated, "no English for:\n" + "\n".join(untranslated)
    assert len(current) > 100, "lupdate found too few strings: the test reads the wrong files"
    translator = QTranslator()
    assert translator.load(str(shipped.with_suffix(".qm")))
    stale = [(n, s) for n, s, t in current if translator.translate(n, s) != t]
    assert not stale, f"antrean_en.qm is older than antrean_en.ts: {stale[:5]}"
