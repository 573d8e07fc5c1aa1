"""End to end: a day in a real MariaDB Khanza -> `sync` -> the BPJS simulator over HTTP."""

from __future__ import annotations

import json
import signal
import subprocess
import time
from collections import Counter
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import create_engine, text

from antrean_desktop.cli import main
from tests.e2e.support import config_file, day_summary, start_run
from tests.khanza.builders import KhanzaFixture
from tests.support.processes import reap

DAY = date(2026, 1, 20)
WIB = ZoneInfo("Asia/Jakarta")


def ms(clock: str, day: date = DAY) -> int:
    hh, mm, ss = (int(x) for x in clock.split(":"))
    return int(datetime(day.year, day.month, day.day, hh, mm, ss, tzinfo=WIB).timestamp() * 1000)


def standard_day(khanza_db: str, day: date) -> dict[str, str]:
    kz = KhanzaFixture.connect(khanza_db)
    try:
        return kz.standard_day(day)
    finally:
        kz.dispose()


@pytest.fixture
def day_ids(khanza_db):
    return standard_day(khanza_db, DAY)


def expected(day: date) -> dict[str, dict[int, int]]:
    """What BPJS must end up with for the standard day (tasks 3, 4, 5)."""
    return {
        "walkin": {3: ms("07:40:00", day), 4: ms("08:05:00", day), 5: ms("08:30:00", day)},
        "walkin_nomutasi": {3: ms("07:35:00", day), 4: ms("08:40:00", day)},
        "mobile": {3: ms("07:15:00", day)},
    }


EXPECTED = expected(DAY)
KODEBOOKING = {"mobile": "MJKN0001"}


def _status(cfg, capsys) -> dict:
    capsys.readouterr()
    assert main(["--config", cfg, "status", "--date", DAY.isoformat(), "--json"]) == 0
    return {v["visit_id"]: v for v in json.loads(capsys.readouterr().out)["visits"]}


def test_sync_sends_every_ready_visit_once_in_order(tmp_path, sim, khanza_db, day_ids, capsys):
    cfg = config_file(tmp_path, sim, khanza_db)
    assert main(["--config", cfg, "sync", "--date", DAY.isoformat()]) == 0
    assert capsys.readouterr().out.startswith("2026-01-20: ")
    assert day_summary(cfg, DAY, capsys)["failed"] == 0

    for name, tasks in EXPECTED.items():
        kode = KODEBOOKING.get(name, day_ids[name])
        assert sim.tasks(kode) == tasks, name
        calls = [
            (r.endpoint, (r.body or {}).get("taskid"))
            for r in sim.requests
            if (r.body or {}).get("kodebooking") == kode
        ]
        assert calls == [("antrean/add", None)] + [("antrean/updatewaktu", t) for t in tasks], name
    assert set(sim.kodebookings()) == {KODEBOOKING.get(n, day_ids[n]) for n in EXPECTED}

    rows = _status(cfg, capsys)
    for name, tasks in EXPECTED.items():
        row = rows[day_ids[name]]
        assert row["status"] == "SENT_BPJS"
        for t in ["1", *map(str, tasks)]:
            assert row["task_progress"][t]["status"] == "SENT_BPJS"
    assert rows[day_ids["nosep"]]["status"] == "BLOCKED"
    assert rows[day_ids["nosep"]]["blocked_reason_code"] == "NO_REFERRAL"
    assert rows[day_ids["emergency"]]["status"] == "BLOCKED"
    assert rows[day_ids["cancelled"]]["status"] == "CANCELLED"
    assert day_ids["inpatient"] not in rows and day_ids["yesterday"] not in rows

    # a second sync with no change in Khanza sends nothing
    before = len(sim.requests)
    assert main(["--config", cfg, "sync", "--date", DAY.isoformat()]) == 0
    assert len(sim.requests) == before


def test_faulty_bpjs_repeated_syncs_finish_without_double_sends(
    tmp_path, today_sim, khanza_db, capsys
):
    """On today (BPJS's H+7 window open): network errors and 5xx are retried until sent."""
    sim, today = today_sim, datetime.now(WIB).date()
    day_ids = standard_day(khanza_db, today)
    EXPECTED = expected(today)  # noqa: N806
    sim.faults.seed(7)
    sim.faults.add("drop", ratio=0.2)
    sim.faults.add("http_5xx", ratio=0.2)
    sim.faults.add("cut_off", ratio=0.2)
    sim.faults.add("hang", ratio=0.1, seconds=3)
    cfg = config_file(tmp_path, sim, khanza_db, timeout=1, attempts=50)
    store = create_engine(f"sqlite:///{(tmp_path / 'store.db').as_posix()}")
    for _ in range(40):
        assert main(["--config", cfg, "sync", "--date", today.isoformat()]) == 0
        if all(sim.tasks(KODEBOOKING.get(n, day_ids[n])) == t for n, t in EXPECTED.items()):
            break
        with store.begin() as conn:  # the backoff has passed (a later sync, minutes on)
            conn.execute(text("UPDATE antrean_job SET next_attempt_at = '2000-01-01 00:00:00'"))
    store.dispose()
    for name, tasks in EXPECTED.items():
        assert sim.tasks(KODEBOOKING.get(name, day_ids[name])) == tasks, name
    faults = Counter(r.fault for r in sim.requests if r.fault)
    assert len(faults) >= 3, f"the faults must really have fired: {faults}"
    accepted = Counter(
        (r.body["kodebooking"], r.body.get("taskid", "add"))
        for r in sim.requests
        if r.code == 200 and isinstance(r.body, dict)
    )
    assert accepted and max(accepted.values()) == 1, "two 200s for one task"


@pytest.fixture
def today_ids(khanza_db):
    return standard_day(khanza_db, datetime.now(WIB).date())


def test_sigkill_during_run_then_restart_loses_nothing(
    tmp_path, today_sim, khanza_db, today_ids, capsys
):
    sim, day_ids = today_sim, today_ids
    today = datetime.now(WIB).date()
    EXPECTED = expected(today)  # noqa: N806
    sim.faults.add("latency", seconds=0.4)  # slow BPJS: the kill lands mid-flight
    cfg = config_file(tmp_path, sim, khanza_db, timeout=1)
    proc = start_run(cfg, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 60
        while len(sim.requests) < 3 and time.monotonic() < deadline:
            time.sleep(0.05)
        assert len(sim.requests) >= 3, "run did not start sending"
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=10)
    finally:
        reap(proc)
    sent_before_kill = len(sim.requests)
    assert not all(sim.tasks(KODEBOOKING.get(n, day_ids[n])) == t for n, t in EXPECTED.items())
    sim.faults.clear()
    # the restarted program picks up every job, including one whose lease the dead process held
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        assert main(["--config", cfg, "sync", "--date", today.isoformat()]) == 0
        if all(sim.tasks(KODEBOOKING.get(n, day_ids[n])) == t for n, t in EXPECTED.items()):
            break
        time.sleep(0.5)
    for name, tasks in EXPECTED.items():
        assert sim.tasks(KODEBOOKING.get(name, day_ids[name])) == tasks, name
    accepted = Counter(
        (r.body["kodebooking"], r.body.get("taskid", "add"))
        for r in sim.requests
        if r.code == 200 and isinstance(r.body, dict)
    )
    assert max(accepted.values()) == 1
    assert len(sim.requests) > sent_before_kill


def test_run_stops_cleanly_on_sigterm(tmp_path, today_sim, khanza_db, today_ids):
    sim = today_sim
    cfg = config_file(tmp_path, sim, khanza_db, timeout=1)
    proc = start_run(cfg, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 60
    while not sim.requests and time.monotonic() < deadline:
        time.sleep(0.05)
    proc.send_signal(signal.SIGTERM)
    started = time.monotonic()
    try:
        code = proc.wait(timeout=15)
    finally:
        reap(proc)
    err = proc.stderr.read()
    assert code == 0, err
    assert "Service stopped" in err
    assert time.monotonic() - started < 15


def test_waktu_follows_the_configured_time_zone(tmp_path, sim, khanza_db, day_ids):
    """A WITA hospital: Khanza's 07:40 is 07:40 Asia/Makassar (06:40 WIB), never shifted."""
    wita = ZoneInfo("Asia/Makassar")
    cfg = config_file(tmp_path, sim, khanza_db, extra='[hospital]\ntimezone = "Asia/Makassar"')
    assert main(["--config", cfg, "sync", "--date", DAY.isoformat()]) == 0
    walkin = sim.tasks(day_ids["walkin"])
    want = int(datetime(2026, 1, 20, 7, 40, tzinfo=wita).timestamp() * 1000)
    assert walkin[3] == want
    assert walkin[3] == ms("07:40:00") - 3600_000


def test_rejected_booking_fixed_in_khanza_then_resent(
    tmp_path, today_sim, khanza_db, today_ids, capsys
):
    """BPJS rejects a doctor code; IT fixes the mapping in Khanza; a resend sends the fix."""
    sim, day_ids = today_sim, today_ids
    today = datetime.now(WIB).date().isoformat()
    sim.state.doctor_codes = {23456}  # BPJS knows only the second doctor
    cfg = config_file(tmp_path, sim, khanza_db)
    assert main(["--config", cfg, "sync", "--date", today]) == 0
    walkin = day_ids["walkin"]
    capsys.readouterr()
    assert main(["--config", cfg, "status", "--date", today, "--json"]) == 0
    row = {v["visit_id"]: v for v in json.loads(capsys.readouterr().out)["visits"]}[walkin]
    assert row["status"] == "FAILED_BPJS"
    assert "dokter" in row["task_progress"]["1"]["failedReason"].lower()
    kz = KhanzaFixture.connect(khanza_db)
    try:
        kz.execute(
            "UPDATE maping_dokter_dpjpvclaim SET kd_dokter_bpjs = '23456' WHERE kd_dokter = 'D001'"
        )
    finally:
        kz.dispose()
    assert main(["--config", cfg, "sync", "--date", today]) == 0  # reads the fix
    assert main(["--config", cfg, "resend", walkin]) == 0
    assert main(["--config", cfg, "sync", "--date", today]) == 0
    assert sim.booking(walkin)["payload"]["kodedokter"] == 23456
    assert sim.tasks(walkin) == expected(datetime.now(WIB).date())["walkin"]
