"""The demo hospital: Khanza's tables in SQLite, a day written only as its clock runs, and the
real Khanza reader on top of it."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta

import pytest
from sqlalchemy import inspect
from sqlalchemy import text as sql_text
from sqlalchemy.exc import IntegrityError

from antrean_desktop.config import HospitalConfig, KhanzaConfig
from antrean_desktop.demo.hospital import DemoHospital, day_script
from antrean_desktop.khanza import KhanzaReader
from antrean_desktop.khanza.reader import make_khanza_engine
from antrean_desktop.khanza.sqlite_schema import schema_sql, sqlite_statements

DAY = date(2026, 11, 30)


class Clock:
    def __init__(self, now: datetime) -> None:
        self.value = now

    def __call__(self) -> datetime:
        return self.value


def test_sqlite_tables_are_khanzas_definitions(tmp_path) -> None:
    hospital = DemoHospital(tmp_path / "k.db", now=Clock(datetime(2026, 11, 30, 10, 0)))
    hospital.open_day()
    names = set(inspect(hospital.engine).get_table_names())
    defined = set(re.findall(r"CREATE TABLE `(\w+)`", schema_sql()))
    assert defined and defined <= names
    columns = {c["name"] for c in inspect(hospital.engine).get_columns("reg_periksa")}
    assert {"no_rawat", "tgl_registrasi", "jam_reg", "kd_poli", "stts", "kd_pj"} <= columns
    assert all("enum(" not in s.lower() for s in sqlite_statements(schema_sql()))
    hospital.close()


def _max_written_time(hospital: DemoHospital) -> datetime:
    with hospital.engine.connect() as conn:
        regs = conn.execute(sql_text("SELECT tgl_registrasi, jam_reg FROM reg_periksa")).all()
        files = conn.execute(sql_text("SELECT dikirim FROM mutasi_berkas")).scalars().all()
    times = [datetime.fromisoformat(f"{d} {t}") for d, t in regs]
    times += [datetime.fromisoformat(t) for t in files]
    return max(times)


def test_rows_appear_only_when_their_time_has_come(tmp_path) -> None:
    clock = Clock(datetime(2026, 11, 30, 10, 0, 0))
    hospital = DemoHospital(tmp_path / "k.db", now=clock)
    assert hospital.open_day() == DAY
    first = hospital.tick()
    assert first > 0 and hospital.pending() > 0
    assert _max_written_time(hospital) <= clock.value
    assert hospital.tick() == 0  # nothing new until the clock moves
    clock.value += timedelta(minutes=10)
    assert hospital.tick() > 0
    assert _max_written_time(hospital) <= clock.value
    clock.value += timedelta(hours=2)
    hospital.tick()
    assert hospital.pending() == 0
    # the whole day went in with Khanza's foreign keys checked (parents first), and they hold
    with hospital.engine.connect() as conn:
        assert conn.execute(sql_text("PRAGMA foreign_keys")).scalar() == 1
        assert conn.execute(sql_text("PRAGMA foreign_key_check")).all() == []
        with pytest.raises(IntegrityError):  # a note for a visit that was never registered
            conn.execute(
                sql_text(
                    "INSERT INTO pemeriksaan_ralan (no_rawat, tgl_perawatan, jam_rawat, nip) "
                    "VALUES ('2026/11/30/999999', '2026-11-30', '10:00:00', 'D0001')"
                )
            )
    # a new day makes a new database
    clock.value = datetime(2026, 12, 1, 9, 0)
    assert hospital.open_day() == date(2026, 12, 1)
    with hospital.engine.connect() as conn:
        assert conn.execute(sql_text("SELECT count(*) FROM reg_periksa")).scalar() == 0
    hospital.close()


def test_an_early_morning_start_squeezes_the_history_into_today() -> None:
    anchor = datetime(2026, 11, 30, 0, 40)
    events = day_script(DAY, anchor)
    times = [when for when, _ in events]
    assert times == sorted(times)
    assert min(times) >= datetime(2026, 11, 30, 0, 5)
    assert all(t.date() == DAY for t in times)


def test_the_khanza_reader_reads_the_demo_day(tmp_path) -> None:
    clock = Clock(datetime(2026, 11, 30, 11, 0))
    hospital = DemoHospital(tmp_path / "k.db", now=clock)
    hospital.open_day()
    hospital.tick()
    reader = KhanzaReader(make_khanza_engine(hospital.url), KhanzaConfig(), HospitalConfig())
    try:
        reader.ping()
        visits = {v.no_rawat: v for v in reader.read_day(DAY)}
    finally:
        reader.close()
        hospital.close()
    assert len(visits) >= 20
    kinds = {
        "mobile": [v for v in visits.values() if v.facts.mobile is not None],
        "cancelled": [v for v in visits.values() if v.cancelled],
        "unmapped": [v for v in visits.values() if not v.facts.kd_poli_bpjs],
        "non_jkn": [v for v in visits.values() if not v.facts.jkn],
    }
    assert all(kinds.values()), {k: len(v) for k, v in kinds.items()}
    checkin = kinds["mobile"][0]
    assert checkin.times[3].source == "referensi_mobilejkn_bpjs.validasi"
    done = [v for v in visits.values() if 5 in v.times]
    assert done and done[0].times[5].source == "resep_obat.jam_peresepan"
    assert done[0].times[3].waktu < done[0].times[4].waktu < done[0].times[5].waktu
    out_of_order = [v for v in visits.values() if 3 in v.times and 4 in v.times
                    and v.times[4].waktu <= v.times[3].waktu]  # fmt: skip
    assert len(out_of_order) == 1


def test_the_reader_cannot_write_to_the_demo_database(tmp_path) -> None:
    hospital = DemoHospital(tmp_path / "k.db", now=Clock(datetime(2026, 11, 30, 9, 0)))
    hospital.open_day()
    engine = make_khanza_engine(hospital.url)
    try:
        with engine.connect() as conn:
            try:
                conn.execute(sql_text("DELETE FROM reg_periksa"))
            except Exception as exc:
                assert "readonly" in str(exc).lower() or "read-only" in str(exc).lower()
            else:
                raise AssertionError("the Khanza engine wrote to the demo database")
    finally:
        engine.dispose()
        hospital.close()
