"""KhanzaReader against a real MariaDB loaded with the project's Khanza schema."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import text

from antrean_desktop.khanza import KhanzaError, KhanzaReader
from antrean_desktop.khanza.profile_khanza import visits_query
from tests.khanza.builders import KhanzaFixture


def ms(local: str) -> int:
    """Epoch ms of a Jakarta wall-clock time (UTC+7, no DST)."""
    naive = datetime.fromisoformat(local)
    return int((naive - timedelta(hours=7)).replace(tzinfo=UTC).timestamp() * 1000)


def by_id(visits):
    return {v.no_rawat: v for v in visits}


def test_standard_day_khanza_profile(kz: KhanzaFixture, day, make_config, make_reader):
    ids = kz.standard_day(day)
    visits = by_id(make_reader(make_config(excluded_clinics=("IGDK",))).read_day(day))

    # only today's outpatient visits outside excluded clinics, ordered by no_rawat
    assert set(visits) == {
        ids[k] for k in ("walkin", "walkin_nomutasi", "mobile", "nonjkn", "nosep", "cancelled")
    }

    w = visits[ids["walkin"]]
    assert w.facts.jkn and w.facts.sep is not None and w.facts.mobile is None
    assert w.facts.kd_poli_bpjs == "INT" and w.facts.kd_dokter_bpjs == "12345"
    assert [(s.jam_mulai.isoformat(), s.kuota) for s in w.facts.schedules] == [("08:00:00", 30)]
    assert {t: (x.waktu, x.source) for t, x in w.times.items()} == {
        3: (ms("2026-01-20 07:40:00"), "mutasi_berkas.dikirim"),
        4: (ms("2026-01-20 08:05:00"), "mutasi_berkas.diterima"),
        5: (ms("2026-01-20 08:30:00"), "resep_obat.jam_peresepan"),
        6: (ms("2026-01-20 08:45:00"), "resep_obat.jam"),
        7: (ms("2026-01-20 09:00:00"), "resep_obat.jam_penyerahan"),
    }
    # Jakarta is UTC+7: 07:40 local is 00:40 UTC
    assert w.times[3].waktu == int(datetime(2026, 1, 20, 0, 40, tzinfo=UTC).timestamp() * 1000)

    # without mutasi_berkas: 3 = registration, 4 = the DOCTOR's first row (nurse wrote at 08:05)
    n = visits[ids["walkin_nomutasi"]]
    assert n.times[3].source == "reg_periksa.jam_reg" and n.times[3].waktu == ms(
        "2026-01-20 07:35:00"
    )
    assert n.times[4].source == "pemeriksaan_ralan.jam_rawat"
    assert n.times[4].waktu == ms("2026-01-20 08:40:00")
    assert 5 not in n.times  # stts is still 'Belum' and there is no prescription

    m = visits[ids["mobile"]]
    assert m.facts.kodebooking == "MJKN0001"
    assert m.times[3].source == "referensi_mobilejkn_bpjs.validasi"
    assert m.times[3].waktu == ms("2026-01-20 07:15:00")

    assert not visits[ids["nonjkn"]].facts.jkn
    assert visits[ids["cancelled"]].cancelled
    # registrations so far per doctor and clinic, in no_rawat order
    assert [
        visits[ids[k]].facts.registrations_so_far for k in ("walkin", "walkin_nomutasi", "mobile")
    ] == [1, 2, 3]


def test_latin1_names_and_placeholders(kz: KhanzaFixture, day, make_config, make_reader):
    ids = kz.standard_day(day)
    visits = by_id(make_reader(make_config()).read_day(day))
    assert visits[ids["nonjkn"]].facts.nm_dokter == "dr. Kadék Ayu, Sp.A"
    assert visits[ids["nosep"]].facts.nm_pasien == "Yohanes Séptian"
    assert visits[ids["walkin_nomutasi"]].facts.no_ktp == "-"  # cleaned by the booking builder
    # the emergency clinic is read when not excluded
    assert ids["emergency"] in visits


def test_zero_dates_mean_not_set(kz: KhanzaFixture, day, make_config, make_reader):
    kz.standard_day(day)
    r = "2026/01/20/000100"
    kz.patient("000100", no_peserta="0001234567000")
    kz.register(r, "000100", "INT", "D001", jam_reg="08:00:00", no_reg="010", stts="Sudah")
    kz.mutasi(r)  # dikirim and diterima are '0000-00-00 00:00:00'
    kz.prescription(r, "D001")  # every date is '0000-00-00'
    kz.mobile_booking(r, "MJKN0100", status="Checkin")  # checked in but validasi is zero
    v = by_id(make_reader(make_config()).read_day(day))[r]
    # a Mobile JKN booking's jam_reg is when it was booked: never task 3 (issue 11 item 5)
    assert v.times == {}


def test_nurse_rows_and_earliest_prescription(kz: KhanzaFixture, day, make_config, make_reader):
    kz.standard_day(day)
    r = "2026/01/20/000101"
    kz.patient("000101", no_peserta="0001234567001")
    kz.register(r, "000101", "INT", "D001", jam_reg="08:00:00", no_reg="011", stts="Sudah")
    kz.exam(r, "2026-01-20 08:10:00", "N01")
    kz.exam(r, "2026-01-20 08:20:00", "N01")
    kz.exam(r, "2026-01-20 08:30:00", "D001")
    kz.exam(r, "2026-01-20 08:50:00", "D001")
    kz.exam(r, "2026-01-20 09:30:00", "N01")  # a nurse's late note must not become task 5
    v = by_id(make_reader(make_config()).read_day(day))[r]
    assert v.times[4].waktu == ms("2026-01-20 08:30:00")
    # no prescription: task 5 = the doctor's LAST row, since stts = 'Sudah'
    assert (v.times[5].waktu, v.times[5].source) == (
        ms("2026-01-20 08:50:00"),
        "pemeriksaan_ralan.jam_rawat",
    )

    kz.prescription(r, "D001", peresepan="2026-01-20 09:10:00")
    kz.prescription(r, "D001", peresepan="2026-01-20 08:55:00", validasi="2026-01-20 09:20:00")
    kz.prescription(r, "D001", peresepan="2026-01-20 08:40:00", status="ranap")  # not outpatient
    v = by_id(make_reader(make_config()).read_day(day))[r]
    assert (v.times[5].waktu, v.times[5].source) == (
        ms("2026-01-20 08:55:00"),
        "resep_obat.jam_peresepan",
    )
    assert v.times[6].waktu == ms("2026-01-20 09:20:00")
    assert 7 not in v.times  # nothing handed over yet


def test_task_columns_profile(
    kz: KhanzaFixture, khanza_task_columns_db, day, make_config, make_reader
):
    ids = kz.standard_day(day)
    kz.task_columns(
        ids["walkin"],
        task_id_3="2026-01-20 07:31:00",
        task_id_4="2026-01-20 08:01:00",
        task_id_5="0000-00-00 00:00:00",
    )
    visits = by_id(make_reader(make_config(profile="task-columns")).read_day(day))
    w = visits[ids["walkin"]]
    assert {t: (x.waktu, x.source) for t, x in w.times.items()} == {
        3: (ms("2026-01-20 07:31:00"), "reg_periksa.task_id_3"),
        4: (ms("2026-01-20 08:01:00"), "reg_periksa.task_id_4"),
    }
    assert visits[ids["mobile"]].times == {}  # this profile ignores the stock tables
    assert w.facts.sep is not None  # the booking facts are read as in the khanza profile


def test_task_columns_profile_without_columns_holds_the_tasks(kz, day, make_config, make_reader):
    """No task_id_N columns: the bookings still go; every task is BLOCKED naming its column."""
    ids = kz.standard_day(day)
    reader = make_reader(make_config(profile="task-columns"))
    w = by_id(reader.read_day(day))[ids["walkin"]]
    assert w.times == {}
    assert {t: r.to_json() for t, r in w.held.items()} == {
        n: {
            "code": "SOURCE_COLUMN_MISSING",
            "params": {"task": n, "column": f"reg_periksa.task_id_{n}"},
        }
        for n in (3, 4, 5, 6, 7)
    }
    assert [(r.code, r.params.get("column")) for r in reader.missing_sources()] == [
        ("KHANZA_NO_TASK_COLUMN", f"reg_periksa.task_id_{n}") for n in (3, 4, 5, 6, 7)
    ]


def test_visit_query_is_a_primary_key_range(kz: KhanzaFixture, khanza_db, day):
    kz.standard_day(day)
    rows = []
    for back in range(1, 31):
        prefix = (day - timedelta(days=back)).strftime("%Y/%m/%d/")
        rows += [
            {"no_rawat": f"{prefix}{n:06d}", "tgl": (day - timedelta(days=back)).isoformat()}
            for n in range(100, 300)
        ]
    with kz.engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO reg_periksa (no_reg, no_rawat, tgl_registrasi, jam_reg, kd_dokter, "
                "no_rkm_medis, kd_poli, stts, stts_daftar, status_lanjut, kd_pj, status_bayar, "
                "status_poli) VALUES ('001', :no_rawat, :tgl, '08:00:00', 'D001', '000001', 'INT', "
                "'Sudah', 'Lama', 'Ralan', 'BPJ', 'Sudah Bayar', 'Lama')"
            ),
            rows,
        )
        conn.execute(text("ANALYZE TABLE reg_periksa"))
    compiled = visits_query(day, ["IGDK"]).compile(
        dialect=kz.engine.dialect, compile_kwargs={"literal_binds": True}
    )
    with kz.engine.connect() as conn:
        plan = [dict(r) for r in conn.execute(text(f"EXPLAIN {compiled}")).mappings()]
    reg = next(p for p in plan if p["table"] == "reg_periksa")
    assert (reg["type"], reg["key"]) == ("range", "PRIMARY"), plan
    assert int(reg["rows"]) < 100, plan  # today's rows, not the 6000 of the past month


def test_yesterday_is_not_today(kz: KhanzaFixture, day, make_config, make_reader):
    ids = kz.standard_day(day)
    reader = make_reader(make_config())
    assert ids["yesterday"] not in by_id(reader.read_day(day))
    assert set(by_id(reader.read_day(day - timedelta(days=1)))) == {ids["yesterday"]}
    assert reader.read_day(date(2026, 1, 21)) == []


def test_sunday_is_akhad(kz: KhanzaFixture, make_config, make_reader):
    sunday = date(2026, 1, 25)
    ids = kz.standard_day(sunday)
    v = by_id(make_reader(make_config()).read_day(sunday))[ids["walkin"]]
    assert len(v.facts.schedules) == 1
    assert kz.scalar("SELECT hari_kerja FROM jadwal WHERE kd_dokter='D001'") == "AKHAD"


def test_dropped_connection_reconnects(kz: KhanzaFixture, mariadb, day, make_config, make_reader):
    ids = kz.standard_day(day)
    reader = make_reader(make_config())
    assert ids["walkin"] in by_id(reader.read_day(day))
    with reader.engine.connect() as conn:
        conn_id = conn.execute(text("SELECT CONNECTION_ID()")).scalar()
    with mariadb.connect() as admin, admin.cursor() as cur:
        cur.execute(f"KILL {int(conn_id)}")
    assert ids["walkin"] in by_id(reader.read_day(day))  # pool_pre_ping replaced the dead one


def test_unreachable_database_fails_with_a_clear_message(make_config):
    config = make_config()
    reader = KhanzaReader(
        "mysql+pymysql://sik:secret@127.0.0.1:1/sik", config.khanza, config.hospital
    )
    try:
        with pytest.raises(KhanzaError) as info:
            reader.read_day(date(2026, 1, 20))
        assert "127.0.0.1:1" in str(info.value) and "could not be read" in str(info.value)
        assert "secret" not in str(info.value)
        with pytest.raises(KhanzaError):
            reader.ping()
    finally:
        reader.close()


def test_reader_sessions_are_read_only(make_config, make_reader):
    from sqlalchemy.exc import DBAPIError

    reader = make_reader(make_config())
    with reader.engine.connect() as conn, pytest.raises(DBAPIError, match="READ ONLY"):
        conn.execute(text("INSERT INTO penjab (kd_pj, png_jawab, status) VALUES ('X', 'x', '1')"))


def test_single_note_site_task5_from_the_bill_when_asked(
    kz: KhanzaFixture, day, make_config, make_reader
):
    """Issue 11 item 9: one doctor's note per visit makes task 4 = task 5; the bill helps."""
    kz.standard_day(day)
    r = "2026/01/20/000110"
    kz.patient("000110", no_peserta="0001234567010")
    kz.register(r, "000110", "INT", "D001", jam_reg="08:00:00", no_reg="020", stts="Sudah")
    kz.exam(r, "2026-01-20 08:20:00", "D001")  # the only note
    kz.bill(r, "2026-01-20 08:50:00")
    plain = by_id(make_reader(make_config()).read_day(day))[r]
    assert plain.times[4].local == plain.times[5].local  # BLOCKED later: not increasing
    cfg = make_config()
    cfg = replace(cfg, khanza=replace(cfg.khanza, task5_fallback="nota_jalan"))
    v = by_id(make_reader(cfg).read_day(day))[r]
    assert (v.times[5].source, str(v.times[5].local)) == ("nota_jalan.jam", "2026-01-20 08:50:00")
    assert v.times[4].source == "pemeriksaan_ralan.jam_rawat"
    # a visit whose own sources already give a later task 5 keeps them
    walkin = by_id(make_reader(cfg).read_day(day))["2026/01/20/000001"]
    assert walkin.times[5].source == "resep_obat.jam_peresepan"


def test_bill_does_not_replace_an_e_prescription_before_task_4(
    kz: KhanzaFixture, day, make_config, make_reader
):
    """The bill stands in for a note that is both task 4 and 5, never for an out-of-order
    e-prescription: that one stays and the poller BLOCKS it with both times."""
    kz.standard_day(day)
    r = "2026/01/20/000111"
    kz.patient("000111", no_peserta="0001234567011")
    kz.register(r, "000111", "INT", "D001", jam_reg="08:00:00", no_reg="021", stts="Sudah")
    kz.exam(r, "2026-01-20 08:20:00", "D001")
    kz.prescription(r, "D001", peresepan="2026-01-20 08:10:00")  # before the examination
    kz.bill(r, "2026-01-20 08:50:00")
    cfg = make_config()
    cfg = replace(cfg, khanza=replace(cfg.khanza, task5_fallback="nota_jalan"))
    v = by_id(make_reader(cfg).read_day(day))[r]
    assert (v.times[5].source, str(v.times[5].local)) == (
        "resep_obat.jam_peresepan",
        "2026-01-20 08:10:00",
    )


def test_cancelled_mobile_booking_carries_khanzas_reason(
    kz: KhanzaFixture, day, make_config, make_reader
):
    ids = kz.standard_day(day)
    kz.mobile_cancel("MJKN0001", ids["mobile"], "000003", "Pasien berhalangan hadir")
    v = by_id(make_reader(make_config()).read_day(day))[ids["mobile"]]
    assert v.cancelled and v.facts.mobile.alasan_batal == "Pasien berhalangan hadir"
