"""domain.booking: the antrean/add body from plain Khanza facts, or the reason it cannot be built."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, time

import pytest

from antrean_desktop.domain.booking import (
    MobileBooking,
    Schedule,
    Sep,
    VisitFacts,
    build_booking,
    clean,
    hari,
    pick_schedule,
)
from antrean_desktop.domain.reasons import CATALOG, Reason

TZ = "Asia/Jakarta"
FACTS = VisitFacts(
    no_rawat="2026/01/20/000007",
    tgl_registrasi=date(2026, 1, 20),
    jam_reg=time(7, 30),
    no_reg="007",
    kd_pj="BPJ",
    jkn=True,
    stts="Belum",
    stts_daftar="Baru",
    kd_poli="INT",
    nm_poli="Poli Penyakit Dalam",
    kd_poli_bpjs="INT",
    kd_dokter="D001",
    nm_dokter="dr. Budi",
    kd_dokter_bpjs="12345",
    norm="000007",
    nm_pasien="Siti",
    no_ktp="3201000000000007",
    no_tlp="-",
    no_peserta="0001234567007",
    sep=Sep("SEP1", no_kartu="0001234567999", no_rujukan="RUJ-1", asal_rujukan="1. Faskes 1"),
    schedules=(Schedule(time(8, 0), time(12, 0), 30),),
    registrations_so_far=7,
)


def build(facts: VisitFacts = FACTS, **kw):
    return build_booking(facts, tz=TZ, minutes_per_patient=10, keterangan="Datang 30 menit", **kw)


def epoch(y, mo, d, h, mi) -> int:
    return int(datetime(y, mo, d, h - 7, mi, tzinfo=UTC).timestamp() * 1000)


def test_jkn_walk_in():
    p = build()
    assert p == {
        "kodebooking": "2026/01/20/000007",
        "jenispasien": "JKN",
        "nomorkartu": "0001234567999",  # the SEP's card wins over pasien.no_peserta
        "nik": "3201000000000007",
        "nohp": "",
        "kodepoli": "INT",
        "namapoli": "Poli Penyakit Dalam",
        "pasienbaru": 1,
        "norm": "000007",
        "tanggalperiksa": "2026-01-20",
        "kodedokter": 12345,
        "namadokter": "dr. Budi",
        "jampraktek": "08:00-12:00",
        "jeniskunjungan": 1,
        "nomorreferensi": "RUJ-1",
        "nomorantrean": "007",
        "angkaantrean": 7,
        "estimasidilayani": epoch(2026, 1, 20, 9, 0),  # 08:00 + 6 x 10 minutes
        "sisakuotajkn": 23,
        "kuotajkn": 30,
        "sisakuotanonjkn": 23,
        "kuotanonjkn": 30,
        "keterangan": "Datang 30 menit",
    }


@pytest.mark.parametrize(
    "sep, kind, ref",
    [
        (Sep("S", "0001234567999", "RUJ-9", "SKDP-1", "1. Faskes 1"), 3, "SKDP-1"),
        (Sep("S", "0001234567999", "RUJ-9", "", "2. Faskes 2(RS)"), 4, "RUJ-9"),
        (Sep("S", "0001234567999", "RUJ-9", "-", "1. Faskes 1"), 1, "RUJ-9"),
    ],
)
def test_visit_kind_from_the_sep(sep, kind, ref):
    p = build(replace(FACTS, sep=sep))
    assert (p["jeniskunjungan"], p["nomorreferensi"]) == (kind, ref)


def test_card_falls_back_to_the_patient_row():
    assert (
        build(replace(FACTS, sep=replace(FACTS.sep, no_kartu="")))["nomorkartu"] == "0001234567007"
    )


def test_non_jkn():
    p = build(replace(FACTS, jkn=False, kd_pj="UMU", sep=None, no_peserta="-"))
    assert (p["jenispasien"], p["nomorkartu"], p["jeniskunjungan"], p["nomorreferensi"]) == (
        "NON JKN",
        "",
        3,
        "",
    )


def test_mobile_jkn_booking():
    mobile = MobileBooking(
        "MJKN9", "2 (Rujukan Internal)", "REF-9", "A-012", "12", "1768875000000", "Checkin"
    )
    p = build(replace(FACTS, mobile=mobile, sep=None))
    assert p["kodebooking"] == "MJKN9"
    assert (p["jeniskunjungan"], p["nomorreferensi"]) == (2, "REF-9")
    assert (p["nomorantrean"], p["angkaantrean"], p["estimasidilayani"]) == (
        "A-012",
        12,
        1768875000000,
    )


@pytest.mark.parametrize(
    "change, code, params",
    [
        ({"kd_poli_bpjs": None}, "NO_POLI_MAPPING", {"kd_poli": "INT"}),
        ({"kd_poli_bpjs": " "}, "NO_POLI_MAPPING", {"kd_poli": "INT"}),
        ({"kd_dokter_bpjs": None}, "NO_DOCTOR_MAPPING", {"kd_dokter": "D001"}),
        (
            {"kd_dokter_bpjs": "12A"},
            "BAD_DOCTOR_CODE",
            {"kd_dokter": "D001", "kd_dokter_bpjs": "12A"},
        ),
        (
            {"schedules": ()},
            "NO_SCHEDULE",
            {"kd_dokter": "D001", "kd_poli": "INT", "hari": "SELASA"},
        ),
        ({"sep": None, "no_peserta": "-"}, "NO_CARD_NUMBER", {"norm": "000007", "value": "-"}),
        (
            {"sep": None, "no_peserta": "12345"},
            "NO_CARD_NUMBER",
            {"norm": "000007", "value": "12345"},
        ),
        ({"sep": None}, "NO_REFERRAL", {"norm": "000007", "no_rawat": "2026/01/20/000007"}),
    ],
)
def test_missing_rows_give_a_reason(change, code, params):
    result = build(replace(FACTS, **change))
    assert result == Reason(code, params)
    assert code in CATALOG and "?" not in result.render("en") and "?" not in result.render("id")


def test_jkn_without_a_referral_number_is_blocked_naming_the_column():
    """BPJS refuses a JKN booking with an empty nomorreferensi: BLOCKED, not sent to fail."""
    sep = Sep("S", "0001234567999", "-", "", "1. Faskes 1")
    result = build(replace(FACTS, sep=sep))
    assert result == Reason(
        "NO_REFERRAL_NUMBER",
        {"norm": "000007", "column": "bridging_sep.no_rujukan", "value": "-"},
    )
    assert "bridging_sep.no_rujukan = '-'" in result.render("en")
    mobile = MobileBooking("MJKN9", "1 (Rujukan FKTP)", " ", "A-012", "12", "", "Checkin")
    result = build(replace(FACTS, mobile=mobile, sep=None))
    assert result == Reason(
        "NO_REFERRAL_NUMBER",
        {"norm": "000007", "column": "referensi_mobilejkn_bpjs.nomorreferensi", "value": " "},
    )
    assert "{" not in result.render("id")


def test_non_jkn_needs_no_card_or_sep():
    assert isinstance(build(replace(FACTS, jkn=False, sep=None, no_peserta="")), dict)


def test_quota_never_below_zero_and_weekday_names():
    assert build(replace(FACTS, registrations_so_far=45))["sisakuotajkn"] == 0
    assert [hari(date(2026, 1, d)) for d in range(19, 26)] == [
        "SENIN",
        "SELASA",
        "RABU",
        "KAMIS",
        "JUMAT",
        "SABTU",
        "AKHAD",
    ]


def test_pick_schedule_takes_the_session_the_patient_came_for():
    morning = Schedule(time(8, 0), time(12, 0), 30)
    afternoon = Schedule(time(14, 0), time(17, 0), 20)
    assert pick_schedule((afternoon, morning), time(7, 0)) is morning
    assert pick_schedule((afternoon, morning), time(12, 30)) is afternoon
    assert pick_schedule((afternoon, morning), time(18, 0)) is afternoon
    assert pick_schedule((), time(8, 0)) is None
    p = build(replace(FACTS, schedules=(morning, afternoon), jam_reg=time(13, 0), no_reg="002"))
    assert (p["jampraktek"], p["estimasidilayani"]) == ("14:00-17:00", epoch(2026, 1, 20, 14, 10))


def test_placeholders_are_cleaned():
    assert [clean(v) for v in (None, "", "-", " - ", "--", "0", "081 234", " 3201 ")] == [
        "",
        "",
        "",
        "",
        "",
        "",
        "081 234",
        "3201",
    ]


# --- issue 11: items 2, 5 and 6 ------------------------------------------------------------


@pytest.mark.parametrize(
    ("schedule", "code", "extra"),
    [
        (Schedule(time(8, 0), None, 30), "SCHEDULE_NO_END", {}),
        (Schedule(time(8, 0), time(12, 0), None), "SCHEDULE_NO_QUOTA", {"kuota": None}),
        (Schedule(time(8, 0), time(12, 0), 0), "SCHEDULE_NO_QUOTA", {"kuota": 0}),
    ],
)
def test_unusable_schedule_row_is_named(schedule, code, extra):
    result = build(replace(FACTS, schedules=(schedule,)))
    where = {"kd_dokter": "D001", "kd_poli": "INT", "hari": "SELASA", "jam_mulai": "08:00"}
    assert result == Reason(code, {**where, **extra})
    assert "08:00" in result.render("id") and "jadwal" in result.render("en")


@pytest.mark.parametrize("no_reg", ["", "-", "000", "ABC"])
def test_no_queue_number_is_blocked(no_reg):
    result = build(replace(FACTS, no_reg=no_reg))
    assert isinstance(result, Reason) and result.code == "NO_QUEUE_NUMBER"
    assert result.params["no_rawat"] == FACTS.no_rawat


def test_non_jkn_mobile_booking_sends_no_referral_or_card():
    mobile = MobileBooking("MJKN7", "1 (Rujukan FKTP)", "REF-7", "A-007", "7", "", "Checkin")
    p = build(replace(FACTS, jkn=False, kd_pj="UMU", mobile=mobile))
    assert (p["jenispasien"], p["nomorkartu"], p["jeniskunjungan"], p["nomorreferensi"]) == (
        "NON JKN",
        "",
        3,
        "",
    )
    assert (p["nomorantrean"], p["angkaantrean"]) == ("A-007", 7)


def test_mobile_estimate_off_the_service_date_is_computed_again():
    # Khanza stored 09:10 on the day the booking was made (the 18th), not on the 20th
    made_on_the_18th = str(epoch(2026, 1, 18, 9, 10))
    mobile = MobileBooking("MJKN8", "1", "REF-8", "A-003", "3", made_on_the_18th, "Checkin")
    p = build(replace(FACTS, mobile=mobile))
    assert p["estimasidilayani"] == epoch(2026, 1, 20, 8, 20)  # 08:00 + 2 x 10 minutes
    seconds = str(epoch(2026, 1, 20, 9, 10) // 1000)  # not milliseconds
    p = build(replace(FACTS, mobile=replace(mobile, estimasidilayani=seconds)))
    assert p["estimasidilayani"] == epoch(2026, 1, 20, 8, 20)


def test_estimate_stays_on_the_wib_service_date():
    # a WITA session starting at 00:00 starts at 23:00 WIB the day before
    early = replace(FACTS, schedules=(Schedule(time(0, 0), time(6, 0), 30),), no_reg="001")
    p = build_booking(early, tz="Asia/Makassar", minutes_per_patient=10, keterangan="")
    midnight_wib = int(datetime(2026, 1, 19, 17, 0, tzinfo=UTC).timestamp() * 1000)
    assert p["estimasidilayani"] == midnight_wib
