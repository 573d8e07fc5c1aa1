"""Every reason code the program can store is explained for IT staff."""

from pathlib import Path

from antrean_desktop.domain.reasons import CATALOG, Reason, render

DOCS = Path(__file__).resolve().parents[2] / "docs"


def test_every_reason_code_is_in_the_troubleshooting_guide():
    text = (DOCS / "troubleshooting.md").read_text(encoding="utf-8")
    missing = [code for code in CATALOG if f"`{code}`" not in text]
    assert not missing, f"docs/troubleshooting.md lacks: {missing}"


def test_reasons_render_in_both_languages_without_crashing():
    for code in CATALOG:
        id_text = render(Reason(code, {}), "id")
        en_text = render(Reason(code, {}), "en")
        assert id_text and en_text
    shown = render(
        {"code": "NO_SCHEDULE", "params": {"kd_dokter": "D01", "kd_poli": "INT", "hari": "AKHAD"}},
        "id",
    )
    assert "D01" in shown and "AKHAD" in shown and "jadwal" in shown
    assert render({"code": "UNKNOWN_X", "params": {"a": 1}}) == "UNKNOWN_X (a=1)"
