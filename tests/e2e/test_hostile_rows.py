"""A corpus of hostile Khanza rows, in the real MariaDB, through `sync` to the BPJS simulator.

Every visit ends either sent correctly or BLOCKED with a reason that names the bad value; no
cycle crashes, and a second cycle changes nothing."""

from __future__ import annotations

import json
from datetime import date
from zoneinfo import ZoneInfo

from antrean_desktop.cli import main
from tests.e2e.support import config_file, day_summary
from tests.khanza.builders import KhanzaFixture

DAY = date(2026, 1, 20)  # a Tuesday: SELASA
WIB = ZoneInfo("Asia/Jakarta")
CARD = "0001234567890"
LONG = "Nama Sangat Panjang " * 30  # 600 characters into varchar(40)
NON_LATIN = "王小明 محمد Ðặng"


def rawat(n: int) -> str:
    return f"2026/01/20/{n:06d}"


def hostile_day(kz: KhanzaFixture) -> dict[str, tuple[str, str | None, str | None]]:
    """Insert the corpus; return {no_rawat: (name, expected reason code or None = sent,
    the bad value the reason must name)}."""
    kz.payer("BPJ", "BPJS")
    kz.clinic("INT", "Poli Penyakit Dalam", "INT")
    kz.clinic("LNG", LONG[:50], None)  # no mapping
    kz.clinic("DUP", "Poli Dobel", "DUP")
    kz.doctor(
        "D001", "dr. Budi", "12345", schedules=[("SELASA", "08:00:00", "12:00:00", "INT", 30)]
    )
    kz.doctor(
        "DABC", "dr. Huruf", "12A45", schedules=[("SELASA", "08:00:00", "12:00:00", "INT", 30)]
    )
    kz.doctor("DNOEND", "dr. Tanpa Selesai", "34567")
    kz.execute(
        "INSERT INTO jadwal (kd_dokter, hari_kerja, jam_mulai, jam_selesai, kd_poli, kuota) "
        "VALUES ('DNOEND', 'SELASA', '08:00:00', NULL, 'INT', 30)"
    )
    kz.doctor(
        "DZERO", "dr. Kuota Nol", "45678", schedules=[("SELASA", "08:00:00", "12:00:00", "INT", 0)]
    )
    kz.doctor("DNOSCH", "dr. Tanpa Jadwal", "56789")
    # duplicate mapping rows, as on installs whose mapping tables lost their primary key (its
    # foreign key to dokter keeps a plain index: MariaDB does not let it go without one)
    kz.execute(
        "ALTER TABLE maping_dokter_dpjpvclaim DROP PRIMARY KEY, ADD KEY `kd_dokter` (`kd_dokter`)"
    )
    kz.doctor(
        "DDUP", "dr. Dobel", "12345", schedules=[("SELASA", "08:00:00", "12:00:00", "INT", 30)]
    )
    kz.doctor_mapping("DDUP", "12345")
    cases: dict[str, tuple[str, str | None, str | None]] = {}

    def visit(n, name, reason, value, *, norm=None, dokter="D001", poli="INT", sep=True, **kw):
        norm = norm or f"H{n:05d}"
        patient = kw.pop("patient", {})
        kz.patient(norm, patient.pop("nm_pasien", f"Pasien {n}"), **{"no_peserta": CARD, **patient})
        kz.register(rawat(n), norm, poli, dokter, no_reg=kw.pop("no_reg", f"{n:03d}"), **kw)
        if sep:
            kz.sep(rawat(n), no_kartu=CARD if sep is True else sep)
        cases[rawat(n)] = (name, reason, value)

    visit(1, "plain", None, None)
    visit(2, "card dash", "NO_CARD_NUMBER", "-", patient={"no_peserta": "-"}, sep=False)
    visit(3, "nulls everywhere", "NO_REFERRAL", "H00003", sep=False)
    kz.execute(
        "UPDATE pasien SET no_ktp = NULL, no_tlp = NULL, nm_pasien = NULL WHERE no_rkm_medis = 'H00003'"
    )
    visit(4, "card in SEP is a dash", "NO_CARD_NUMBER", "-", patient={"no_peserta": "-"}, sep="-")
    visit(5, "no_reg A01", "NO_QUEUE_NUMBER", "A01", no_reg="A01")
    visit(6, "no_reg NULL", "NO_QUEUE_NUMBER", None, no_reg=None)
    visit(
        7,
        "long and non-Latin text",
        None,
        None,
        patient={"nm_pasien": LONG + NON_LATIN, "no_tlp": NON_LATIN, "no_ktp": "-"},
    )
    visit(8, "unmapped clinic with a long name", "NO_POLI_MAPPING", "LNG", poli="LNG")
    visit(9, "doctor code not a number", "BAD_DOCTOR_CODE", "12A45", dokter="DABC")
    visit(10, "schedule without end", "SCHEDULE_NO_END", "DNOEND", dokter="DNOEND")
    visit(11, "schedule quota 0", "SCHEDULE_NO_QUOTA", "0", dokter="DZERO")
    visit(12, "no schedule", "NO_SCHEDULE", "DNOSCH", dokter="DNOSCH")
    visit(13, "duplicate doctor mapping", None, None, dokter="DDUP")
    visit(14, "zero registration time", None, None, jam_reg="00:00:00")
    # an exam written on the next day: task 4 is BLOCKED naming that time, the booking goes
    visit(15, "exam on another day", None, None)
    kz.exam(rawat(15), "2026-01-21 09:00:00", nip="D001")
    # zero dates in the file tracking and a prescription with zero dates
    visit(16, "zero dates", None, None)
    kz.mutasi(rawat(16))
    kz.prescription(rawat(16), "D001")
    visit(17, "phone and NIK placeholders", None, None, patient={"no_tlp": "-", "no_ktp": "0"})
    # a SEP whose referral number is a placeholder: BPJS would refuse the JKN booking
    visit(18, "SEP referral is a dash", "NO_REFERRAL_NUMBER", "'-'", sep=False)
    kz.sep(rawat(18), no_kartu=CARD, no_rujukan="-")
    return cases


def test_hostile_rows_are_sent_or_blocked_with_the_bad_value(tmp_path, sim, khanza_db, capsys):
    kz = KhanzaFixture.connect(khanza_db)
    try:
        cases = hostile_day(kz)
    finally:
        kz.dispose()
    cfg = config_file(tmp_path, sim, khanza_db)
    for _ in range(2):  # a second cycle over the same rows must not crash either
        assert main(["--config", cfg, "sync", "--date", DAY.isoformat()]) == 0
        out, err = capsys.readouterr()
        assert "Traceback" not in err and out.startswith(f"{DAY.isoformat()}: "), (out, err)
        assert day_summary(cfg, DAY, capsys)["failed"] == 0
    assert main(["--config", cfg, "status", "--date", DAY.isoformat(), "--json"]) == 0
    rows = {v["visit_id"]: v for v in json.loads(capsys.readouterr().out)["visits"]}
    assert set(rows) == set(cases)
    for no_rawat, (name, code, value) in cases.items():
        row = rows[no_rawat]
        if code is None:
            assert row["status"] == "SENT_BPJS", (name, row)
            assert sim.tasks(no_rawat) is not None
        else:
            assert row["status"] == "BLOCKED" and row["blocked_reason_code"] == code, (name, row)
            if value is not None:
                assert value in row["blocked_reason"], (name, row["blocked_reason"])
    exam = rows[rawat(15)]["task_progress"]["4"]
    assert exam["status"] == "BLOCKED" and "2026-01-21" in json.dumps(exam), exam
