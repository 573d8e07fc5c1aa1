"""``[khanza] task5_fallback`` measured on the demo hospital's day (issue 11 item 9).

The demo day as it is, and the same day as a single-note site keeps it: no medical-record file
tracking (``mutasi_berkas``), one doctor's note per visit and no e-prescriptions, but the cashier's
outpatient bill (``nota_jalan``) 15 minutes after the note. Each is polled (the real reader and
poller; sending is not needed to know what is BLOCKED) with each choice. docs/benchmarks.md
quotes these numbers.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, timedelta

import pytest
from sqlalchemy import text as sql_text

from antrean_desktop.config import Config, HospitalConfig, KhanzaConfig, StoreConfig
from antrean_desktop.demo.hospital import DemoHospital
from antrean_desktop.khanza import KhanzaReader
from antrean_desktop.pipeline.pollers import poll_day
from antrean_desktop.store import migrate
from antrean_desktop.store.db import Store
from antrean_desktop.store.visits import visits_of_day

DAY = date(2026, 11, 30)


def demo_day(path) -> DemoHospital:
    """The whole demo day written: opened at 11:00, read at 18:00."""
    now = {"value": datetime(2026, 11, 30, 11, 0)}
    hospital = DemoHospital(path, now=lambda: now["value"])
    hospital.open_day()
    now["value"] = datetime(2026, 11, 30, 18, 0)
    hospital.tick()
    assert hospital.pending() == 0
    return hospital


def as_single_note_site(hospital: DemoHospital) -> None:
    with hospital.engine.begin() as conn:
        conn.execute(sql_text("DELETE FROM mutasi_berkas"))
        conn.execute(sql_text("DELETE FROM resep_obat"))
        notes = conn.execute(
            sql_text("SELECT no_rawat, tgl_perawatan, jam_rawat FROM pemeriksaan_ralan")
        ).all()
        for n, (no_rawat, day, clock) in enumerate(notes, start=1):
            noted = datetime.fromisoformat(f"{day} {clock}")
            billed = noted + timedelta(minutes=15)
            conn.execute(
                sql_text("UPDATE reg_periksa SET stts = 'Sudah' WHERE no_rawat = :r"),
                {"r": no_rawat},
            )
            conn.execute(
                sql_text("INSERT INTO nota_jalan VALUES (:r, :n, :d, :t)"),
                {
                    "r": no_rawat,
                    "n": f"NJ{n:04d}",
                    "d": f"{billed:%Y-%m-%d}",
                    "t": f"{billed:%H:%M:%S}",
                },
            )


def blocked_visits(tmp_path, hospital: DemoHospital, fallback: str) -> tuple[int, int, int]:
    """(visits, visits with a BLOCKED booking or task, visits whose task 5 is BLOCKED)."""
    config = Config(
        khanza=KhanzaConfig(url=hospital.url, include_non_jkn=True, task5_fallback=fallback),
        store=StoreConfig(url=f"sqlite:///{(tmp_path / f'{fallback}.db').as_posix()}"),
        hospital=replace(HospitalConfig(), tasks=(3, 4, 5, 99)),
    )
    store = Store(config.store_url)
    migrate.upgrade(store.engine)
    reader = KhanzaReader(hospital.url, config.khanza, config.hospital)
    try:
        poll_day(store, reader, config, DAY)
        with store.session() as session:
            rows = visits_of_day(session, DAY)
            progress = [(r.status, r.task_progress or {}) for r in rows]
    finally:
        reader.close()
        store.dispose()
    blocked = [
        (status, tasks)
        for status, tasks in progress
        if status == "BLOCKED" or any(e.get("status") == "BLOCKED" for e in tasks.values())
    ]
    five = [t for _, t in blocked if t.get("5", {}).get("status") == "BLOCKED"]
    return len(progress), len(blocked), len(five)


@pytest.mark.parametrize(
    ("single_note", "counts"),
    [
        # the demo day: every doctor's visit ends with an e-prescription: the choice changes nothing
        (False, {"none": (26, 3, 0), "nota_jalan": (26, 3, 0)}),
        # the single-note site: task 4 = task 5 = the note; the bill saves every visit's task 5
        (True, {"none": (26, 26, 25), "nota_jalan": (26, 2, 0)}),
    ],
)
def test_visits_blocked_with_each_choice(tmp_path, single_note, counts) -> None:
    hospital = demo_day(tmp_path / "khanza-demo.db")
    try:
        if single_note:
            as_single_note_site(hospital)
        got = {choice: blocked_visits(tmp_path, hospital, choice) for choice in counts}
    finally:
        hospital.close()
    assert got == counts
