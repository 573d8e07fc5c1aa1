"""``--demo COMMAND``: the real commands against the demo hospital and the BPJS simulator."""

from __future__ import annotations

import json
from datetime import datetime, time
from zoneinfo import ZoneInfo

import pytest

from antrean_desktop.cli import main
from antrean_desktop.config import user_data_dir
from antrean_desktop.demo import session
from antrean_desktop.demo.hospital import DemoHospital


@pytest.fixture(autouse=True)
def _mid_morning(monkeypatch):
    """The demo hospital's clock at 10:30 today: its script has two hours of history, which a
    day only a few minutes old (just after midnight) has no room for on its own date."""
    day = datetime.now(ZoneInfo("Asia/Jakarta")).date()
    at = datetime.combine(day, time(10, 30))
    monkeypatch.setattr(
        session, "DemoHospital", lambda path, tz="Asia/Jakarta": DemoHospital(path, tz, lambda: at)
    )


def status_json(capsys) -> dict:
    capsys.readouterr()
    assert main(["--demo", "status", "--json"]) == 0
    return json.loads(capsys.readouterr().out)


def task_states(out: dict) -> list[tuple[str, str, dict]]:
    return [
        (v["visit_id"], key, entry)
        for v in out["visits"]
        for key, entry in (v["task_progress"] or {}).items()
    ]


def test_demo_sync_then_status_shows_sent_failed_blocked_and_waiting(capsys) -> None:
    assert main(["--demo", "sync"]) == 0
    assert " kunjungan; terkirim " in capsys.readouterr().out
    out = status_json(capsys)
    assert out["demo"] is True
    summary = out["summary"]
    assert summary["visits"] >= 15
    assert summary["sent"] > 20 and summary["failed"] >= 1 and summary["blocked"] >= 2
    assert summary["waiting"] >= 1
    visits = {v["visit_id"]: v for v in out["visits"]}
    states = task_states(out)
    # failed with BPJS's own words
    failed = [e for _, _, e in states if e["status"] == "FAILED_BPJS"]
    assert any("Data dokter tidak ditemukan." in json.dumps(e) for e in failed), failed
    # blocked with a reason: the clinic without mapping, and the times out of order
    codes = {v["blocked_reason_code"] for v in visits.values()}
    assert "NO_POLI_MAPPING" in codes
    blocked_tasks = [e for _, _, e in states if e["status"] == "BLOCKED"]
    assert any((e.get("reason") or {}).get("code") == "TIME_NOT_INCREASING" for e in blocked_tasks)
    assert any(v["status"] == "CANCELLED" for v in visits.values())
    # waiting: a retry after the simulated 502, and tasks whose time Khanza does not know yet
    assert any(e["status"] == "QUEUED" and e.get("attempts") for _, _, e in states)
    assert any(v["jenispasien"] == "NON JKN" for v in visits.values())
    # a separate demo store; nothing in the user's own store
    assert (user_data_dir() / "demo" / "antrean-demo.db").is_file()
    assert not (user_data_dir() / "antrean.db").exists()


def test_a_second_demo_run_continues_the_same_bpjs_bookings(capsys) -> None:
    assert main(["--demo", "sync"]) == 0
    first = {(v, k): e["status"] for v, k, e in task_states(status_json(capsys))}
    assert main(["--demo", "sync"]) == 0
    out = status_json(capsys)
    failed = [(v, k, e) for v, k, e in task_states(out) if e["status"] == "FAILED_BPJS"]
    # only the doctor BPJS does not know; no "Kode Booking tidak ditemukan" after a restart
    assert failed and all("Data dokter" in json.dumps(e) for _, _, e in failed), failed
    sent_before = {key for key, status in first.items() if status == "SENT_BPJS"}
    now = {(v, k): e["status"] for v, k, e in task_states(out)}
    assert all(now[key] == "SENT_BPJS" for key in sent_before)


def test_demo_check_and_db_commands(capsys) -> None:
    assert main(["--demo", "check"]) == 0
    out = capsys.readouterr().out
    assert "[OK] Khanza" in out and "[OK] BPJS" in out and "127.0.0.1" in out
    assert main(["--demo", "db", "current"]) == 0
