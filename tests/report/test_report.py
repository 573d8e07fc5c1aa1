"""The compliance report for a known day equals the numbers worked out by hand below."""

from __future__ import annotations

import csv
import json
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from antrean_desktop.cli import main
from antrean_desktop.domain.task_progress import update_task_progress
from antrean_desktop.store import migrate
from antrean_desktop.store.db import Store
from antrean_desktop.store.models import VisitEvent

D1, D2, LATER = date(2026, 11, 28), date(2026, 11, 29), date(2026, 11, 30)
WIB = ZoneInfo("Asia/Jakarta")
SENT, FAILED, DRAFT = "SENT_BPJS", "FAILED_BPJS", "DRAFT"


def at(day: date, hhmm: str) -> int:
    hh, mm = map(int, hhmm.split(":"))
    return int(datetime(day.year, day.month, day.day, hh, mm, tzinfo=WIB).timestamp() * 1000)


def visit(n, day, poli, booking, tasks, *, jenis="JKN", status=None, lost=None) -> VisitEvent:
    """``lost``: a task the last reconciliation found missing at BPJS."""
    names = {"INT": "PENYAKIT DALAM", "ANA": "ANAK"}
    progress = update_task_progress({}, 1, booking)
    for task, (state, hhmm) in tasks.items():
        progress = update_task_progress(progress, task, state, waktu=at(day, hhmm))
    return VisitEvent(
        visit_id=f"{day:%Y/%m/%d}/{n:06d}",
        kodebooking=f"K{n}",
        visit_date=day,
        jenispasien=jenis,
        kd_poli=poli.lower(),
        kodepoli_bpjs=poli,
        namapoli=names[poli],
        status=status or ("SENT_BPJS" if booking == SENT else "FAILED_BPJS"),
        task_progress=progress,
        reconcile_mismatches=[] if lost is None else [{"kind": "missing_at_bpjs", "task": lost}],
    )


ALL_SENT = {3: (SENT, "08:00"), 4: (SENT, "08:10"), 5: (SENT, "08:30")}
VISITS = [
    # 28 Nov, INT: wait 600 s / service 1200 s, complete
    lambda: visit(1, D1, "INT", SENT, ALL_SENT),
    # wait 1800 / service 300, complete; BPJS has lost its task 5 (differs)
    lambda: visit(
        2, D1, "INT", SENT, {3: (SENT, "08:05"), 4: (SENT, "08:35"), 5: (SENT, "08:40")}, lost=5
    ),
    # wait 1800, task 5 failed: booked, not complete, no service time
    lambda: visit(
        3, D1, "INT", SENT, {3: (SENT, "08:20"), 4: (SENT, "08:50"), 5: (FAILED, "09:00")}
    ),
    # booking failed: a JKN visit, not booked
    lambda: visit(4, D1, "INT", FAILED, {3: (DRAFT, "08:00")}),
    # NON JKN and a cancelled visit: not counted
    lambda: visit(5, D1, "INT", SENT, ALL_SENT, jenis="NON JKN", lost=4),
    lambda: visit(6, D1, "INT", SENT, {3: (SENT, "08:00")}, status="CANCELLED"),
    # 28 Nov, ANA: wait 2700 / service 900, complete
    lambda: visit(7, D1, "ANA", SENT, {3: (SENT, "09:00"), 4: (SENT, "09:45"), 5: (SENT, "10:00")}),
    # 29 Nov, INT: booked, task 4 not sent yet
    lambda: visit(8, D2, "INT", SENT, {3: (SENT, "08:00"), 4: (DRAFT, "08:30")}),
    # 30 Nov: outside the range
    lambda: visit(9, LATER, "INT", SENT, ALL_SENT),
]

EXPECTED = {
    "from": "2026-11-28",
    "to": "2026-11-29",
    "rows": [
        {
            "date": "2026-11-28",
            "kodepoli": "ANA",
            "clinic": "ANAK",
            "jkn_visits": 1,
            "booked": 1,
            "complete": 1,
            "complete_pct": 100.0,
            "differs": 0,
            "wait_median_s": 2700,
            "wait_p90_s": 2700,
            "service_median_s": 900,
            "service_p90_s": 900,
        },
        {
            "date": "2026-11-28",
            "kodepoli": "INT",
            "clinic": "PENYAKIT DALAM",
            "jkn_visits": 4,
            "booked": 3,
            "complete": 2,
            "complete_pct": 50.0,
            "differs": 1,  # visit 2 (the NON JKN visit 5 does not count)
            "wait_median_s": 1800,  # of 600, 1800, 1800
            "wait_p90_s": 1800,  # rank ceil(0.9 x 3) = 3
            "service_median_s": 750,  # of 1200 and 300
            "service_p90_s": 1200,  # rank ceil(0.9 x 2) = 2
        },
        {
            "date": "2026-11-29",
            "kodepoli": "INT",
            "clinic": "PENYAKIT DALAM",
            "jkn_visits": 1,
            "booked": 1,
            "complete": 0,
            "complete_pct": 0.0,
            "differs": 0,
            "wait_median_s": None,
            "wait_p90_s": None,
            "service_median_s": None,
            "service_p90_s": None,
        },
    ],
    "total": {
        "jkn_visits": 6,
        "booked": 5,
        "complete": 3,
        "complete_pct": 50.0,
        "differs": 1,
        "wait_median_s": 1800,  # of 600, 1800, 1800, 2700
        "wait_p90_s": 2700,  # rank ceil(0.9 x 4) = 4
        "service_median_s": 900,  # of 300, 900, 1200
        "service_p90_s": 1200,  # rank ceil(0.9 x 3) = 3
    },
}


@pytest.fixture
def cfg(tmp_path, store_url) -> str:
    store = Store(store_url)
    try:
        migrate.upgrade(store.engine)
        with store.session() as session:
            session.add_all(make() for make in VISITS)
    finally:
        store.dispose()
    path = tmp_path / "report.toml"
    path.write_text(f'[store]\nurl = "{store_url}"\n', encoding="utf-8")
    return str(path)


RANGE = ["report", "--from", "2026-11-28", "--to", "2026-11-29"]


def test_report_json_equals_the_numbers_worked_out_by_hand(cfg, capsys):
    assert main(["--config", cfg, *RANGE, "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == EXPECTED


def test_csv_and_xlsx_carry_the_same_numbers(cfg, tmp_path, capsys):
    from openpyxl import load_workbook

    out_csv, out_xlsx = tmp_path / "r.csv", tmp_path / "r.xlsx"
    assert main(["--config", cfg, "--lang", "en", *RANGE, "--csv", str(out_csv)]) == 0
    assert f"3 row(s) for 2026-11-28..2026-11-29 written to {out_csv}" in capsys.readouterr().out
    assert main(["--config", cfg, *RANGE, "--xlsx", str(out_xlsx)]) == 0
    assert f"3 baris untuk 2026-11-28..2026-11-29 ditulis ke {out_xlsx}" in capsys.readouterr().out
    expected = [
        *EXPECTED["rows"],
        {"date": "TOTAL", "kodepoli": "", "clinic": "", **EXPECTED["total"]},
    ]

    with out_csv.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert [{k: str(v) if v is not None else "" for k, v in e.items()} for e in expected] == rows

    sheet = load_workbook(out_xlsx).active
    assert sheet.title == "Kepatuhan"
    assert sheet["A1"].value == "2026-11-28 .. 2026-11-29"
    assert sheet["D2"].value == "Kunjungan JKN"
    values = [list(r) for r in sheet.iter_rows(min_row=3, values_only=True)]
    assert values == [[None if v == "" else v for v in e.values()] for e in expected]


def test_text_report_and_bad_ranges(cfg, capsys):
    assert main(["--config", cfg, *RANGE]) == 0
    out = capsys.readouterr().out
    assert "PENYAKIT DALAM" in out and "50.0" in out and "30:00" in out  # 1800 s as mm:ss
    header = out.splitlines()[1].split()
    assert header[:6] == ["tanggal", "poli", "klinik", "JKN", "booking", "lengkap"]
    assert main(["--config", cfg, "--lang", "en", *RANGE]) == 0
    english = capsys.readouterr().out.splitlines()
    assert english[1].split()[:6] == ["date", "poli", "clinic", "JKN", "booked", "complete"]
    assert english[2:] == out.splitlines()[2:]  # the same rows under either header
    backwards = ["report", "--from", "2026-11-29", "--to", "2026-11-28"]
    assert main(["--config", cfg, *backwards]) == 2
    assert "--to 2026-11-28 lebih awal dari --from 2026-11-29" in capsys.readouterr().err
    assert main(["--config", cfg, "--lang", "en", *backwards]) == 2
    assert "--to 2026-11-28 is before --from 2026-11-29" in capsys.readouterr().err
    assert main(["--config", cfg, *RANGE, "--csv", "/nonexistent-dir/r.csv"]) == 1
    assert "/nonexistent-dir/r.csv: tidak dapat ditulis" in capsys.readouterr().err
    assert main(["--config", cfg, "--lang", "en", *RANGE, "--csv", "/nonexistent-dir/r.csv"]) == 1
    assert "/nonexistent-dir/r.csv: cannot be written" in capsys.readouterr().err
