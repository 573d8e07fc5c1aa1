"""End to end on more than one Khanza: the standard day in a real MariaDB built from each schema
variant (the current one, an older install, one without the Mobile JKN tables) -> ``sync`` ->
the BPJS simulator over HTTP; and ``check`` naming what the older one lacks."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from antrean_desktop.cli import main
from tests.e2e.support import config_file, day_summary
from tests.e2e.test_sync_day import DAY, ms
from tests.khanza.builders import KhanzaFixture

HAS_MOBILE_JKN = {"current": True, "old": False, "no-mobile-jkn": False}
# what BPJS must end up with, per variant: {visit: (kodebooking or None = no_rawat, tasks)}
WALKIN = {3: ms("07:40:00"), 4: ms("08:05:00"), 5: ms("08:30:00")}
EXPECTED = {
    "current": {
        "walkin": (None, WALKIN),
        "walkin_nomutasi": (None, {3: ms("07:35:00"), 4: ms("08:40:00")}),
        "mobile": ("MJKN0001", {3: ms("07:15:00")}),
    },
    # no author on the notes: task 4 of walkin_nomutasi only the notes could tell -> held
    "old": {
        "walkin": (None, WALKIN),
        "walkin_nomutasi": (None, {3: ms("07:35:00")}),
        "mobile": (None, {3: ms("07:10:00")}),
    },
    "old-any": {
        "walkin": (None, WALKIN),
        "walkin_nomutasi": (None, {3: ms("07:35:00"), 4: ms("08:05:00")}),  # the first note
        "mobile": (None, {3: ms("07:10:00")}),
    },
    "no-mobile-jkn": {
        "walkin": (None, WALKIN),
        "walkin_nomutasi": (None, {3: ms("07:35:00"), 4: ms("08:40:00")}),
        "mobile": (None, {3: ms("07:10:00")}),
    },
}


def fill(url: str, variant: str) -> dict[str, str]:
    kz = KhanzaFixture.connect(url)
    try:
        ids = kz.standard_day(DAY)
        if not HAS_MOBILE_JKN[variant]:
            # no Mobile JKN module: the same patient came as a walk-in, with a SEP
            kz.sep(ids["mobile"], "0001234567892")
        return ids
    finally:
        kz.dispose()


@pytest.mark.parametrize("case", ["current", "old", "old-any", "no-mobile-jkn"])
def test_the_day_on_each_khanza(case, tmp_path, sim, khanza_variant, capsys):
    variant = case.removesuffix("-any")
    url = khanza_variant(variant)
    ids = fill(url, variant)
    cfg = config_file(tmp_path, sim, url)
    if case.endswith("-any"):
        path = tmp_path / "e2e.toml"
        text = path.read_text(encoding="utf-8")
        path.write_text(
            text.replace("[khanza]\n", '[khanza]\nnotes_without_author = "any"\n', 1),
            encoding="utf-8",
        )
    assert main(["--config", cfg, "sync", "--date", DAY.isoformat()]) == 0
    assert day_summary(cfg, DAY, capsys)["failed"] == 0

    want = EXPECTED[case]
    for name, (kode, tasks) in want.items():
        assert sim.tasks(kode or ids[name]) == tasks, name
    # every visit that can be booked is booked, and nothing else
    assert set(sim.kodebookings()) == {kode or ids[name] for name, (kode, _t) in want.items()}

    capsys.readouterr()
    assert main(["--config", cfg, "status", "--date", DAY.isoformat(), "--json"]) == 0
    rows = {v["visit_id"]: v for v in json.loads(capsys.readouterr().out)["visits"]}
    for name in want:
        assert rows[ids[name]]["status"] == "SENT_BPJS", name
    assert rows[ids["nosep"]]["blocked_reason_code"] == "NO_REFERRAL"
    assert rows[ids["cancelled"]]["status"] == "CANCELLED"
    held = rows[ids["walkin_nomutasi"]]["task_progress"].get("4", {})
    if case == "old":  # BLOCKED, with the reason naming the missing column, and no time
        assert held["status"] == "BLOCKED"
        assert held["reason"] == {
            "code": "NOTE_AUTHOR_UNKNOWN",
            "params": {"task": 4, "column": "pemeriksaan_ralan.nip"},
        }
        assert held.get("waktu") is None
    else:
        assert held["status"] == "SENT_BPJS"
    # every time sent exists in Khanza: the sources are the mapping's own
    assert rows[ids["walkin"]]["task_progress"]["4"]["source"] == "mutasi_berkas.diterima"


def test_check_names_what_the_older_khanza_lacks(tmp_path, today_sim, khanza_variant, capsys):
    url = khanza_variant("old")
    cfg = config_file(tmp_path, today_sim, url)
    assert main(["--config", cfg, "check"]) == 0  # what is missing is told, not a failure
    out = capsys.readouterr().out
    assert "[OK] Khanza:" in out
    assert (
        "pemeriksaan_ralan.nip tidak ada: task 4/5 dari catatan dokter tidak bisa dibedakan "
        "dari perawat"
    ) in out
    for missing in (
        "resep_obat.tgl_penyerahan",
        "referensi_mobilejkn_bpjs",
        "bridging_sep.tujuankunjungan",
        "penjab.status",
    ):
        assert missing in out, missing


def _with_lines(cfg: str, section: str, lines: str) -> None:
    """Add ``lines`` to ``[section]`` of the configuration file."""
    path = Path(cfg)
    text = path.read_text(encoding="utf-8")
    header = f"[{section}]\n"
    if header not in text:
        text += "\n" + header
    path.write_text(text.replace(header, header + lines + "\n", 1), encoding="utf-8")


def _rows(cfg: str, capsys) -> dict[str, dict]:
    capsys.readouterr()
    assert main(["--config", cfg, "status", "--date", DAY.isoformat(), "--json"]) == 0
    return {v["visit_id"]: v for v in json.loads(capsys.readouterr().out)["visits"]}


def test_the_day_on_the_oldest_khanza(tmp_path, sim, khanza_variant, capsys):
    """No jadwal.kuota: BLOCKED naming the settings until the quotas are set, then every visit
    that can be is booked with the settings' quotas; one note per visit by kd_dokter."""
    url = khanza_variant("oldest")
    ids = fill(url, "old")
    d = DAY.isoformat()
    kz = KhanzaFixture.connect(url)
    try:
        kz.set_status(ids["walkin_nomutasi"], "Sudah Diperiksa Dokter")
        kz.bill(ids["walkin_nomutasi"], f"{d} 09:00:00", numbered=False)  # no_nota NULL
        kz.set_status(ids["walkin"], "Bayar")
    finally:
        kz.dispose()
    cfg = config_file(tmp_path, sim, url, khanza='task5_fallback = "nota_jalan"')
    assert main(["--config", cfg, "sync", "--date", d]) == 0
    assert sim.kodebookings() == []
    rows = _rows(cfg, capsys)
    assert rows[ids["walkin"]]["status"] == "BLOCKED"
    assert rows[ids["walkin"]]["blocked_reason_code"] == "QUOTA_NOT_SET"
    assert "isi [hospital] quota_jkn, quota_nonjkn" in rows[ids["walkin"]]["blocked_reason"]

    _with_lines(
        cfg,
        "hospital",
        'quota_jkn = 30\nquota_nonjkn = 10\nquota_overrides = ["dokter:D002=20/5"]',
    )
    _with_lines(cfg, "khanza", "include_non_jkn = true")
    assert main(["--config", cfg, "sync", "--date", d]) == 0
    assert day_summary(cfg, DAY, capsys)["failed"] == 0
    want = {
        "walkin": WALKIN,  # task 5 from the prescription, which has no status on this Khanza
        # the one note is the doctor's (kd_dokter): task 4; task 5 from the bill
        "walkin_nomutasi": {3: ms("07:35:00"), 4: ms("08:40:00"), 5: ms("09:00:00")},
        "mobile": {3: ms("07:10:00")},  # no Mobile JKN module: a walk-in with a SEP
        "nonjkn": {3: ms("12:30:00")},  # NON JKN included: its registration
    }
    for name, tasks in want.items():
        assert sim.tasks(ids[name]) == tasks, name
    assert set(sim.kodebookings()) == {ids[name] for name in want}
    quotas = ("kuotajkn", "sisakuotajkn", "kuotanonjkn", "sisakuotanonjkn")
    walkin = sim.booking(ids["walkin"])["payload"]
    assert [walkin[k] for k in quotas] == [30, 29, 10, 10]
    nonjkn = sim.booking(ids["nonjkn"])["payload"]  # doctor D002's own quota
    assert [nonjkn[k] for k in quotas] == [20, 20, 5, 4]
    rows = _rows(cfg, capsys)
    for name in ("walkin", "walkin_nomutasi", "mobile"):
        assert rows[ids[name]]["status"] == "SENT_BPJS", name
    five = rows[ids["walkin_nomutasi"]]["task_progress"]["5"]
    assert (five["status"], five["source"]) == ("SENT_BPJS", "nota_jalan.jam")
    assert rows[ids["nosep"]]["blocked_reason_code"] == "NO_REFERRAL"


def test_the_day_on_the_first_mobile_jkn_layout(tmp_path, sim, khanza_variant, capsys):
    """Booked in Mobile JKN at 06:00, checked in at 07:55: task 3 is 07:55; the booking code is
    the no_rawat; one not checked in is BLOCKED 'belum check-in'."""
    url = khanza_variant("mobile-jkn-2021")
    ids = fill(url, "current")
    kz = KhanzaFixture.connect(url)
    try:
        ids |= kz.early_mobile_cases(DAY)
    finally:
        kz.dispose()
    cfg = config_file(tmp_path, sim, url)
    assert main(["--config", cfg, "sync", "--date", DAY.isoformat()]) == 0
    assert day_summary(cfg, DAY, capsys)["failed"] == 0
    want = {
        "walkin": WALKIN,
        "walkin_nomutasi": {3: ms("07:35:00"), 4: ms("08:40:00")},
        "mobile": {3: ms("07:15:00")},
        "early": {3: ms("07:55:00")},  # the check-in, not the 06:00 booking
        "absent": {},
    }
    for name, tasks in want.items():
        assert sim.tasks(ids[name]) == tasks, name
    assert set(sim.kodebookings()) == {ids[name] for name in want}  # no nobooking: no_rawat
    early = sim.booking(ids["early"])["payload"]
    assert (early["nomorantrean"], early["nomorreferensi"]) == ("009", "0301R0010126B000021")
    rows = _rows(cfg, capsys)
    three = rows[ids["early"]]["task_progress"]["3"]
    assert (three["status"], three["source"]) == ("SENT_BPJS", "referensi_mobilejkn_bpjs.validasi")
    held = rows[ids["absent"]]["task_progress"]["3"]
    assert held["status"] == "BLOCKED"
    assert held["reason"]["code"] == "NOT_CHECKED_IN"


def test_check_fails_like_sync_on_a_khanza_without_a_column_every_poll_needs(
    tmp_path, sim, today_sim, khanza_variant, mariadb, capsys
):
    """``check`` agrees with ``sync``: the oldest Khanza passes (what it lacks listed with its
    cost); one without a column every poll needs fails, both naming it in the same words."""
    url = khanza_variant("oldest")
    cfg = config_file(tmp_path, today_sim, url)
    assert main(["--config", cfg, "check"]) == 0
    out = capsys.readouterr().out
    assert "[OK] Khanza:" in out
    assert "jadwal.kuota tidak ada dan kuota belum diatur" in out
    assert "Satu catatan pemeriksaan per kunjungan" in out

    name = url.rsplit("/", 1)[1].split("?")[0]
    with mariadb.connect(name) as conn, conn.cursor() as cur:
        cur.execute("ALTER TABLE reg_periksa DROP COLUMN jam_reg")
    words = "lacks what every poll reads: reg_periksa.jam_reg"
    assert main(["--config", cfg, "check"]) == 1
    checked = capsys.readouterr().out
    assert "[GAGAL] Khanza:" in checked and words in checked
    synced = config_file(tmp_path, sim, url)
    assert main(["--config", synced, "sync", "--date", DAY.isoformat()]) != 0
    assert words in capsys.readouterr().err
