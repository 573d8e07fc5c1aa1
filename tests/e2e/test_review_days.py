"""End to end (issue 11): the cases a protocol review found, in a real MariaDB Khanza -> `sync`
-> the BPJS simulator over HTTP; and a WITA hospital's day with a visit just after midnight."""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from antrean_desktop.cli import main
from antrean_desktop.domain.booking import hari
from antrean_desktop.sim.bpjs_server import BpjsSimulator
from tests.e2e.support import CONS, SECRET, USER_KEY, config_file, khanza_simulator
from tests.khanza.builders import KhanzaFixture

DAY = date(2026, 1, 20)
WIB = ZoneInfo("Asia/Jakarta")
WITA = ZoneInfo("Asia/Makassar")


def ms(clock: str, day: date = DAY, tz: ZoneInfo = WIB) -> int:
    hh, mm, ss = (int(x) for x in clock.split(":"))
    return int(datetime(day.year, day.month, day.day, hh, mm, ss, tzinfo=tz).timestamp() * 1000)


def status(cfg: str, day: date, capsys) -> dict:
    capsys.readouterr()
    assert main(["--config", cfg, "status", "--date", day.isoformat(), "--json"]) == 0
    return {v["visit_id"]: v for v in json.loads(capsys.readouterr().out)["visits"]}


def sync(cfg: str, day: date) -> None:
    assert main(["--config", cfg, "sync", "--date", day.isoformat()]) == 0


@pytest.fixture
def sim():
    with khanza_simulator(datetime(2026, 1, 20, 14, 0, tzinfo=WIB)) as s:
        yield s


@pytest.fixture
def kz(khanza_db):
    fixture = KhanzaFixture.connect(khanza_db)
    try:
        yield fixture
    finally:
        fixture.dispose()


def review_config(tmp_path, sim, khanza_db) -> str:
    """NON JKN reported, cancellations (99) too, and the hospital's own cancellation reason."""
    return config_file(
        tmp_path,
        sim,
        khanza_db,
        khanza="include_non_jkn = true",
        extra='[hospital]\ntasks = [3, 4, 5, 99]\nalasan_batal = "Batal di loket pendaftaran"',
    )


def test_the_review_cases_of_a_day(tmp_path, sim, khanza_db, kz, capsys):
    day_ids = kz.standard_day(DAY)
    ids = kz.review_cases(DAY)
    cfg = review_config(tmp_path, sim, khanza_db)
    sync(cfg, DAY)
    rows = status(cfg, DAY, capsys)

    # item 2: an unusable schedule row is BLOCKED, naming the row; nothing reaches BPJS
    for name, code in [("no_end", "SCHEDULE_NO_END"), ("no_quota", "SCHEDULE_NO_QUOTA")]:
        assert (rows[ids[name]]["status"], rows[ids[name]]["blocked_reason_code"]) == (
            "BLOCKED",
            code,
        )
        assert sim.booking(ids[name]) is None
    # item 6: no queue number is BLOCKED, not "nomorantrean": "", "angkaantrean": 0
    assert rows[ids["no_queue"]]["blocked_reason_code"] == "NO_QUEUE_NUMBER"
    assert sim.booking(ids["no_queue"]) is None
    # item 6: NON JKN with Mobile JKN referral data sends no card and no referral
    nonjkn = sim.booking("MJKN0004")["payload"]
    assert (nonjkn["jenispasien"], nonjkn["nomorkartu"], nonjkn["nomorreferensi"]) == (
        "NON JKN",
        "",
        "",
    )
    assert sim.tasks("MJKN0004") == {3: ms("12:45:00")}
    # item 5: an estimate stored on the booking day is computed again for the service date
    stale = sim.booking("MJKN0002")["payload"]
    assert stale["estimasidilayani"] == ms("08:30:00")  # 08:00 + (4 - 1) x 10 minutes
    assert sim.tasks("MJKN0002") == {3: ms("07:20:00")}
    # item 5: not checked in: task 3 is BLOCKED, never the booking time (jam_reg 06:00)
    absent = rows[ids["mobile_absent"]]
    assert absent["task_progress"]["1"]["status"] == "SENT_BPJS"
    assert absent["task_progress"]["3"]["status"] == "BLOCKED"
    assert absent["task_progress"]["3"]["reason"]["code"] == "NOT_CHECKED_IN"
    assert absent["task_progress"]["4"]["status"] == "DRAFT"  # waits behind task 3
    assert sim.tasks("MJKN0003") == {}
    assert not [r for r in sim.requests if (r.body or {}).get("waktu") == ms("06:00:00")]

    # item 1: cancellations carry a reason: Khanza's own for Mobile JKN, else alasan_batal
    kz.mobile_cancel("MJKN0003", ids["mobile_absent"], "000015", "Pasien tidak jadi datang")
    kz.set_status(day_ids["walkin_nomutasi"], "Batal")
    sync(cfg, DAY)
    assert sim.booking("MJKN0003")["keterangan_batal"] == "Pasien tidak jadi datang"
    walkin = sim.booking(day_ids["walkin_nomutasi"])
    assert (walkin["cancelled"], walkin["keterangan_batal"]) == (True, "Batal di loket pendaftaran")
    for request in sim.requests:
        if request.endpoint == "antrean/batal":
            assert "Peserta harap" not in request.body["keterangan"]


def wita_day(kz: KhanzaFixture, day: date) -> dict[str, str]:
    """A WITA hospital: a night session 00:00-06:00 and a morning session, three JKN walk-ins."""
    p, d = day.strftime("%Y/%m/%d/"), day.isoformat()
    kz.payer("BPJ", "BPJS Kesehatan")
    kz.clinic("INT", "Poli Penyakit Dalam", "INT")
    kz.doctor(
        "D001",
        "dr. Made Wirawan, Sp.PD",
        "12345",
        [
            (hari(day), "00:00:00", "06:00:00", "INT", 20),
            (hari(day), "08:00:00", "12:00:00", "INT", 30),
        ],
    )
    ids = {"after_midnight": p + "000001", "night": p + "000002", "morning": p + "000003"}
    plan = {  # name: (jam_reg, no_reg, file sent, file received, doctor's note, prescription)
        "after_midnight": ("00:10:00", "001", "00:20:00", "00:40:00", "00:50:00", "01:10:00"),
        "night": ("01:20:00", "002", "01:25:00", "01:40:00", "01:50:00", "02:10:00"),
        "morning": ("08:05:00", "001", "08:10:00", "08:30:00", "08:40:00", "09:00:00"),
    }
    for n, (name, (reg, no_reg, sent, got, note, rx)) in enumerate(plan.items(), start=1):
        rm, card = f"{n:06d}", f"000765432100{n}"
        kz.patient(rm, f"Pasien Malam {n}", no_peserta=card, no_tlp="081234567890")
        kz.register(ids[name], rm, "INT", "D001", jam_reg=reg, no_reg=no_reg, stts="Sudah")
        kz.sep(ids[name], card)
        kz.mutasi(ids[name], dikirim=f"{d} {sent}", diterima=f"{d} {got}")
        kz.exam(ids[name], f"{d} {note}", "D001")
        kz.prescription(ids[name], "D001", peresepan=f"{d} {rx}")
    return ids


def test_a_wita_day_with_a_visit_just_after_midnight(tmp_path, khanza_db, kz, capsys):
    """Item 4: 00:20 WITA is 23:20 WIB the day before; BPJS would refuse it, so it is BLOCKED
    with a plain reason. The rest of the day goes out, on the WITA clock, never shifted."""
    ids = wita_day(kz, DAY)
    sim = BpjsSimulator(
        cons_id=CONS,
        secret=SECRET,
        user_key=USER_KEY,
        now=lambda: datetime(2026, 1, 20, 12, 0, tzinfo=WITA),
    )
    sim.add_jadwal("INT", 12345, "00:00-06:00", 20)
    sim.add_jadwal("INT", 12345, "08:00-12:00", 30)
    with sim:
        cfg = config_file(tmp_path, sim, khanza_db, extra='[hospital]\ntimezone = "Asia/Makassar"')
        sync(cfg, DAY)
        rows = status(cfg, DAY, capsys)
        requests = sim.requests

    wita = lambda clock: ms(clock, tz=WITA)  # noqa: E731
    assert sim.tasks(ids["night"]) == {
        3: wita("01:25:00"),
        4: wita("01:40:00"),
        5: wita("02:10:00"),
    }
    assert sim.tasks(ids["morning"]) == {
        3: wita("08:10:00"),
        4: wita("08:30:00"),
        5: wita("09:00:00"),
    }
    midnight = rows[ids["after_midnight"]]
    assert midnight["task_progress"]["1"]["status"] == "SENT_BPJS"
    assert sim.tasks(ids["after_midnight"]) == {}
    three = midnight["task_progress"]["3"]
    assert (three["status"], three["reason"]["code"]) == ("BLOCKED", "TIME_NOT_ON_WIB_DATE")
    assert three["reason"]["params"]["wib_time"] == f"{DAY - timedelta(days=1)} 23:20:00"
    assert three["waktu"] == wita("00:20:00")  # the time is kept as Khanza has it
    # BPJS never saw a task time off its WIB date, and no call of the day was refused
    assert not [r for r in requests if r.code not in (200, None)], [r.message for r in requests]
    # the night session's estimate starts on the service date in WIB (00:00 WIB = 01:00 WITA)
    assert sim.booking(ids["after_midnight"])["payload"]["estimasidilayani"] == wita("01:00:00")


def test_single_note_site_sends_the_bill_as_task_5(tmp_path, sim, khanza_db, kz, capsys):
    """Item 9: one doctor's note per visit; with task5_fallback the bill is task 5 at BPJS."""
    ids = kz.standard_day(DAY)
    r = ids["walkin_nomutasi"]  # no file tracking: task 4 = the doctor's (only) note, 08:40
    kz.set_status(r, "Sudah")
    kz.bill(r, f"{DAY} 08:55:00")
    plain = config_file(tmp_path, sim, khanza_db)
    sync(plain, DAY)
    five = status(plain, DAY, capsys)[r]["task_progress"]["5"]
    assert (five["status"], five["reason"]["code"]) == ("BLOCKED", "TIME_NOT_INCREASING")
    assert 5 not in sim.tasks(r)
    with open(plain, encoding="utf-8") as fh:
        text = fh.read().replace("[khanza]\n", '[khanza]\ntask5_fallback = "nota_jalan"\n', 1)
    with open(plain, "w", encoding="utf-8") as fh:
        fh.write(text)
    sync(plain, DAY)
    assert sim.tasks(r) == {3: ms("07:35:00"), 4: ms("08:40:00"), 5: ms("08:55:00")}


def test_a_task_list_with_a_gap_never_reaches_bpjs(tmp_path, sim, khanza_db, kz, capsys):
    """Item 3: BPJS refuses task 7 without 6 ("TaskId=6 belum ada"), so such a list stops at
    load with one line, before anything is sent."""
    kz.standard_day(DAY)
    cfg = config_file(tmp_path, sim, khanza_db, extra="[hospital]\ntasks = [3, 4, 5, 7]")
    capsys.readouterr()
    assert main(["--config", cfg, "sync", "--date", DAY.isoformat()]) == 2
    err = capsys.readouterr().err.strip()
    assert "[hospital] tasks = [3, 4, 5, 7]: seharusnya 3, 4, 5 berurutan" in err
    assert len(err.splitlines()) == 1
    assert sim.requests == []
