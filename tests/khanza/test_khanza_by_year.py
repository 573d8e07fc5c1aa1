"""Khanza from every year (issue 21): the oldest install (no quota column, no prescription
status, one note per visit) and the first Mobile JKN layout (2021), read by the reader from a
real MariaDB built from each variant, foreign keys on."""

from __future__ import annotations

from antrean_desktop.domain.booking import QuotaSettings, build_booking
from antrean_desktop.khanza.probe import Sources
from tests.khanza.builders import KhanzaFixture
from tests.khanza.test_reader import by_id, ms
from tests.khanza.test_schema_variants import codes


def test_the_oldest_khanza_is_read_and_says_what_it_lacks(khanza_variant, reader_at, day):
    url = khanza_variant("oldest")
    kz = KhanzaFixture.connect(url)
    try:
        ids = kz.standard_day(day)
        d = day.isoformat()
        # the doctor finished: 'Sudah Diperiksa Dokter' on this Khanza; the bill has no number
        kz.set_status(ids["walkin_nomutasi"], "Sudah Diperiksa Dokter")
        kz.bill(ids["walkin_nomutasi"], f"{d} 09:00:00", numbered=False)
        kz.set_status(ids["walkin"], "Bayar")
    finally:
        kz.dispose()
    reader = reader_at(url, tasks=(3, 4, 5, 6))
    assert codes(reader.missing_sources()) == [
        ("KHANZA_NO_QUOTA_UNSET", "jadwal.kuota"),
        ("KHANZA_ONE_NOTE_PER_VISIT", "pemeriksaan_ralan.kd_dokter"),
        ("KHANZA_NO_HANDOVER", "resep_obat.tgl_penyerahan, resep_obat.jam_penyerahan"),
        ("KHANZA_NO_PRESCRIPTION_STATUS", "resep_obat.status"),
        ("KHANZA_NO_MOBILE_JKN", "referensi_mobilejkn_bpjs"),
        ("KHANZA_NO_UNUSED_COLUMN", "bridging_sep.tujuankunjungan"),
        ("KHANZA_NO_UNUSED_COLUMN", "penjab.status"),
    ]
    assert reader.sources is not None
    assert (reader.sources.note_author, reader.sources.quota) == ("kd_dokter", False)
    visits = by_id(reader.read_day(day))
    w = visits[ids["walkin"]]  # the prescription counts although it has no status
    assert {t: (x.waktu, x.source) for t, x in w.times.items()} == {
        3: (ms(f"{d} 07:40:00"), "mutasi_berkas.dikirim"),
        4: (ms(f"{d} 08:05:00"), "mutasi_berkas.diterima"),
        5: (ms(f"{d} 08:30:00"), "resep_obat.jam_peresepan"),
        6: (ms(f"{d} 08:45:00"), "resep_obat.jam"),
    }
    n = visits[ids["walkin_nomutasi"]]  # one note, by the visit's doctor (kd_dokter): 4 and 5
    assert {t: (x.waktu, x.source) for t, x in n.times.items()} == {
        3: (ms(f"{d} 07:35:00"), "reg_periksa.jam_reg"),
        4: (ms(f"{d} 08:40:00"), "pemeriksaan_ralan.jam_rawat"),
        5: (ms(f"{d} 08:40:00"), "pemeriksaan_ralan.jam_rawat"),  # BLOCKED by the order rule
    }
    assert n.held == {}
    assert n.facts.quota_column is False and n.facts.schedules[0].kuota is None
    with_bill = by_id(reader_at(url, task5_fallback="nota_jalan").read_day(day))
    five = with_bill[ids["walkin_nomutasi"]].times[5]
    assert (five.waktu, five.source) == (ms(f"{d} 09:00:00"), "nota_jalan.jam")

    # the booking: no quota column, so the quotas come from the settings, or it is BLOCKED
    facts = w.facts
    blocked = build_booking(facts, tz="Asia/Jakarta")
    assert not isinstance(blocked, dict)
    assert blocked.to_json() == {
        "code": "QUOTA_NOT_SET",
        "params": {"kd_dokter": "D001", "kd_poli": "INT", "settings": "quota_jkn, quota_nonjkn"},
    }
    assert "[hospital] quota_nonjkn" in build_booking(
        facts, tz="Asia/Jakarta", quotas=QuotaSettings(jkn=30)
    ).render("en")  # type: ignore[union-attr]
    booked = build_booking(facts, tz="Asia/Jakarta", quotas=QuotaSettings(30, 10))
    assert isinstance(booked, dict)
    assert {
        k: booked[k] for k in ("kuotajkn", "sisakuotajkn", "kuotanonjkn", "sisakuotanonjkn")
    } == {
        "kuotajkn": 30,
        "sisakuotajkn": 29,  # walkin is the session's first JKN registration
        "kuotanonjkn": 10,
        "sisakuotanonjkn": 10,
    }
    by_doctor = QuotaSettings(30, 10, ("poli:INT=25/5", "dokter:D001=20/4"))
    booked = build_booking(facts, tz="Asia/Jakarta", quotas=by_doctor)
    assert isinstance(booked, dict) and (booked["kuotajkn"], booked["kuotanonjkn"]) == (20, 4)
    assert booked["pasienbaru"] == 0  # from stts_daftar (no status_poli on this Khanza)


def test_the_first_mobile_jkn_layout_is_recognised(khanza_variant, reader_at, day):
    url = khanza_variant("mobile-jkn-2021")
    kz = KhanzaFixture.connect(url)
    d, p = day.isoformat(), day.strftime("%Y/%m/%d/")
    try:
        ids = kz.standard_day(day)
        ids |= kz.early_mobile_cases(day)  # booked at 06:00, one checked in at 07:55
        ids["gone"] = p + "000023"
        kz.patient("000023", "Batal Mobile", no_peserta="0001234567823")
        kz.register(ids["gone"], "000023", "INT", "D001", jam_reg="06:10:00", no_reg="011")
        kz.mobile_booking(ids["gone"], "", nomorreferensi="0301R0010126B000023")
        kz.mobile_cancel("", ids["gone"], "000023", "Pasien sakit")
    finally:
        kz.dispose()
    reader = reader_at(url)
    assert codes(reader.missing_sources()) == [
        ("KHANZA_MOBILE_JKN_FIRST_LAYOUT", "referensi_mobilejkn_bpjs"),
    ]
    assert reader.missing_sources()[0].params["columns"] == (
        "nobooking, nomorantrean, angkaantrean, estimasidilayani"
    )
    assert reader.sources == Sources(
        mobile_jkn_columns=frozenset(),
        mobile_jkn_cancel_key="nomorreferensi",
        task_columns=frozenset(),
    )
    visits = by_id(reader.read_day(day))
    early = visits[ids["early"]]
    assert early.facts.mobile is not None and early.facts.kodebooking == ids["early"]
    assert (early.times[3].waktu, early.times[3].source) == (
        ms(f"{d} 07:55:00"),
        "referensi_mobilejkn_bpjs.validasi",
    )
    absent = visits[ids["absent"]]  # not checked in: the booking time is no arrival
    assert absent.facts.mobile is not None and 3 not in absent.times
    gone = visits[ids["gone"]]  # the cancellation record is found by its nomorreferensi
    assert gone.cancelled and gone.facts.mobile is not None
    assert gone.facts.mobile.alasan_batal == "Pasien sakit"
    booking = build_booking(early.facts, tz="Asia/Jakarta")
    assert isinstance(booking, dict)
    assert (booking["kodebooking"], booking["nomorantrean"], booking["angkaantrean"]) == (
        ids["early"],
        "009",
        9,
    )
    assert (booking["jeniskunjungan"], booking["nomorreferensi"]) == (1, "0301R0010126B000021")


def test_one_note_per_visit_blocks_task_5_without_a_later_source(
    khanza_variant, reader_at, sqlite_store, make_config, day
):
    """The poller on the oldest Khanza, quotas from the settings: the doctor's one note is task 4;
    the same note cannot be task 5, so without an e-prescription or ``task5_fallback`` it is
    BLOCKED with both times (never shifted), and the booking carries the settings' quotas."""
    from antrean_desktop.pipeline.pollers import poll_day
    from antrean_desktop.store.visits import get_visit

    url = khanza_variant("oldest")
    kz = KhanzaFixture.connect(url)
    try:
        ids = kz.standard_day(day)
        kz.set_status(ids["walkin_nomutasi"], "Sudah Diperiksa Dokter")
    finally:
        kz.dispose()
    config = make_config(quota_jkn=30, quota_nonjkn=10)
    poll_day(sqlite_store, reader_at(url, config), config, day)
    with sqlite_store.session() as session:
        visit = get_visit(session, ids["walkin_nomutasi"])
        progress, payload = dict(visit.task_progress), dict(visit.payload or {})
    assert (payload["kuotajkn"], payload["sisakuotajkn"], payload["kuotanonjkn"]) == (30, 28, 10)
    assert progress["4"]["source"] == "pemeriksaan_ralan.jam_rawat"
    assert progress["4"]["waktu"] == ms(f"{day.isoformat()} 08:40:00")
    assert progress["5"]["status"] == "BLOCKED"
    assert progress["5"]["reason"]["code"] == "TIME_NOT_INCREASING"
