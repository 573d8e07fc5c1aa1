"""End to end on more than one Khanza: the standard day in a real MariaDB built from each schema
variant (the current one, an older install, one without the Mobile JKN tables) -> ``sync`` ->
the BPJS simulator over HTTP; and ``check`` naming what the older one lacks."""

from __future__ import annotations

import json

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
