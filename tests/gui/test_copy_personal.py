"""'Salin teks' puts no NIK, card number, phone or name into a support ticket unless asked."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from PySide6.QtGui import QGuiApplication

from antrean_desktop.domain.personal import initials, mask_body, mask_text, mask_value
from antrean_desktop.gui.detail_pane import DetailPane
from antrean_desktop.runtime.snapshots import AttemptRow, VisitDetail, VisitRow

NIK, CARD, PHONE, NAME = "3171012345670001", "0001234567890", "081234567890", "Budi Santoso"
TZ = ZoneInfo("Asia/Jakarta")


def _detail() -> VisitDetail:
    visit = VisitRow(
        visit_id="2026/01/20/000001",
        kodebooking="2026/01/20/000001",
        visit_date=date(2026, 1, 20),
        registered_at=None,
        jenispasien="JKN",
        norm="000001",
        patient_name=NAME,
        kd_poli="INT",
        namapoli="Poli Penyakit Dalam",
        kd_dokter="D001",
        namadokter="dr. Siti",
        status="FAILED_BPJS",
        blocked_reason=None,
        task_progress={"1": {"status": "FAILED_BPJS", "attempts": 1}},
    )
    body = {"kodebooking": visit.kodebooking, "nik": NIK, "nomorkartu": CARD, "nohp": PHONE}
    attempt = AttemptRow(
        id=1,
        task_id=1,
        endpoint="antrean/add",
        request_body=body,
        http_status=200,
        bpjs_code=201,
        bpjs_message=f"Nomor kartu {CARD} tidak terdaftar untuk NIK {NIK}",
        outcome="PERMANENT",
        duration_ms=40,
        created_at=datetime(2026, 1, 20, 1, 0),
    )
    return VisitDetail(visit, (), (attempt,))


def test_copied_text_masks_personal_data_by_default(qtbot):
    pane = DetailPane(TZ, "id", (1, 3, 4, 5))
    qtbot.addWidget(pane)
    pane.set_detail(_detail(), resend_allowed=True)
    assert not pane.include_personal.isChecked()
    pane.copy_text()
    copied = QGuiApplication.clipboard().text()
    assert copied == pane.copied_text() and "2026/01/20/000001" in copied
    for value in (NIK, CARD, PHONE, NAME, "Santoso"):
        assert value not in copied, value
    assert "************0001" in copied and "B*** S***" in copied and "tidak terdaftar" in copied
    pane.include_personal.setChecked(True)
    pane.copy_text()
    full = QGuiApplication.clipboard().text()
    for value in (NIK, CARD, PHONE, NAME):
        assert value in full, value


def test_masking_helpers():
    assert mask_value("0001234567890") == "*********7890" and mask_value("123") == "***"
    assert initials("Siti  Nur Aisyah") == "S*** N*** A***"
    assert mask_body({"nik": NIK, "nohp": "", "norm": "000001"}) == {
        "nik": "************0001",
        "nohp": "",
        "norm": "000001",
    }
    assert mask_body(["not", "a", "body"]) == ["not", "a", "body"]
    assert mask_text(f"a {CARD} b {CARD}", {CARD}) == "a *********7890 b *********7890"


def test_the_detail_speaks_the_desks_words_on_the_hospitals_clock(qtbot):
    """Issue 22 point 10: no "status booking: FAILED_BPJS", and a request stored at 01:00 UTC
    reads 08:00 WIB like the table."""
    pane = DetailPane(TZ, "id", (1, 3, 4, 5))
    qtbot.addWidget(pane)
    pane.set_detail(_detail(), resend_allowed=True)
    text = pane.text.toPlainText()
    assert "Tanggal: 2026-01-20 | booking: gagal" in text
    assert "FAILED_BPJS" not in text and "UTC" not in text
    assert "[2026-01-20 08:00:00 WIB] task 1 antrean/add" in text
    makassar = DetailPane(ZoneInfo("Asia/Makassar"), "id", (1, 3, 4, 5))
    qtbot.addWidget(makassar)
    makassar.set_detail(_detail(), resend_allowed=True)
    assert "[2026-01-20 09:00:00 WITA]" in makassar.text.toPlainText()
