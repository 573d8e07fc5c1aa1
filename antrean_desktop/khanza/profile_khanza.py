"""Profile ``khanza`` (the default): every SELECT the program runs against stock Khanza tables.

IT staff: this file is the whole story of what is read. Only SELECTs, parameters always bound.
A day's rows are found by the ``no_rawat`` primary-key range of that day
(``no_rawat >= 'YYYY/MM/DD/' AND no_rawat < 'YYYY/MM/DD0'``), never by ``tgl_registrasi``, which
has no index, so a poll costs in proportion to that day's visits.

Task times, the first that exists (``reference/khanza.md``):

* 3  Mobile JKN check-in (``referensi_mobilejkn_bpjs.validasi``, status 'Checkin'), else
  ``mutasi_berkas.dikirim``, else the registration (``tgl_registrasi`` + ``jam_reg``) -- but
  not for a Mobile JKN booking, whose ``jam_reg`` is when it was booked, not an arrival

The cancellation reason of a cancelled Mobile JKN booking is Khanza's own
(``referensi_mobilejkn_bpjs_batal.keterangan``, joined by ``nobooking``).
* 4  ``mutasi_berkas.diterima``, else the earliest ``pemeriksaan_ralan`` row written by the
  visit's doctor (``nip = reg_periksa.kd_dokter``; nurses' triage rows do not count)
* 5  the earliest e-prescription (``resep_obat.tgl_peresepan/jam_peresepan``, status 'ralan'),
  else the latest doctor's ``pemeriksaan_ralan`` row once ``reg_periksa.stts = 'Sudah'``; with
  ``[khanza] task5_fallback = "nota_jalan"``, when that gives nothing later than task 4 (a site
  where the doctor writes one note per visit), the outpatient bill (``nota_jalan.tanggal/jam``)
* 6  the earliest pharmacy validation (``resep_obat.tgl_perawatan/jam``)
* 7  the latest handover (``resep_obat.tgl_penyerahan/jam_penyerahan``)
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from datetime import date, datetime
from typing import Any

from sqlalchemy import ColumnElement, Connection, and_, select
from sqlalchemy.sql import Select

from antrean_desktop.khanza.tables import (
    bridging_sep,
    dokter,
    jadwal,
    maping_dokter_dpjpvclaim,
    maping_poli_bpjs,
    mutasi_berkas,
    nota_jalan,
    pasien,
    pemeriksaan_ralan,
    poliklinik,
    referensi_mobilejkn_bpjs,
    referensi_mobilejkn_bpjs_batal,
    reg_periksa,
    resep_obat,
)
from antrean_desktop.khanza.values import as_datetime, combine, text

Row = dict[str, Any]
#: no_rawat -> task id -> (local time, "table.column")
TaskTimes = dict[str, dict[int, tuple[datetime, str]]]


def day_range(day: date) -> tuple[str, str]:
    """The ``no_rawat`` bounds of a day: every key that starts with 'YYYY/MM/DD/'."""
    prefix = day.strftime("%Y/%m/%d")
    return prefix + "/", prefix + "0"  # '0' is the character right after '/'


def of_day(no_rawat: ColumnElement[Any], day: date) -> ColumnElement[bool]:
    low, high = day_range(day)
    return and_(no_rawat >= low, no_rawat < high)


# --- the booking ---------------------------------------------------------------------------


def visits_query(day: date, excluded_clinics: Iterable[str] = ()) -> Select[Any]:
    """A day's outpatient registrations with patient, clinic, doctor, mappings, Mobile JKN."""
    r, p, pl, d = reg_periksa, pasien, poliklinik, dokter
    mp, md, m = maping_poli_bpjs, maping_dokter_dpjpvclaim, referensi_mobilejkn_bpjs
    mb = referensi_mobilejkn_bpjs_batal
    query = (
        select(
            r.c.no_rawat,
            r.c.no_reg,
            r.c.tgl_registrasi,
            r.c.jam_reg,
            r.c.kd_dokter,
            r.c.no_rkm_medis,
            r.c.kd_poli,
            r.c.stts,
            r.c.stts_daftar,
            r.c.kd_pj,
            p.c.nm_pasien,
            p.c.no_ktp,
            p.c.no_tlp,
            p.c.no_peserta,
            pl.c.nm_poli,
            d.c.nm_dokter,
            mp.c.kd_poli_bpjs,
            md.c.kd_dokter_bpjs,
            m.c.nobooking,
            m.c.jeniskunjungan.label("mjkn_jeniskunjungan"),
            m.c.nomorreferensi.label("mjkn_nomorreferensi"),
            m.c.nomorantrean.label("mjkn_nomorantrean"),
            m.c.angkaantrean.label("mjkn_angkaantrean"),
            m.c.estimasidilayani.label("mjkn_estimasidilayani"),
            m.c.status.label("mjkn_status"),
            m.c.validasi.label("mjkn_validasi"),
            mb.c.keterangan.label("mjkn_alasan_batal"),
        )
        .select_from(
            r.outerjoin(p, p.c.no_rkm_medis == r.c.no_rkm_medis)
            .outerjoin(pl, pl.c.kd_poli == r.c.kd_poli)
            .outerjoin(d, d.c.kd_dokter == r.c.kd_dokter)
            .outerjoin(mp, mp.c.kd_poli_rs == r.c.kd_poli)
            .outerjoin(md, md.c.kd_dokter == r.c.kd_dokter)
            .outerjoin(m, m.c.no_rawat == r.c.no_rawat)
            .outerjoin(mb, mb.c.nobooking == m.c.nobooking)
        )
        .where(of_day(r.c.no_rawat, day), r.c.status_lanjut == "Ralan")
        .order_by(r.c.no_rawat)
    )
    excluded = sorted(set(excluded_clinics))
    if excluded:
        query = query.where(r.c.kd_poli.not_in(excluded))
    return query


def schedules_query(hari: str) -> Select[Any]:
    """Every doctor's schedule rows for a weekday (SENIN..AKHAD); a small table."""
    j = jadwal
    return select(j.c.kd_dokter, j.c.kd_poli, j.c.jam_mulai, j.c.jam_selesai, j.c.kuota).where(
        j.c.hari_kerja == hari
    )


def seps_query(day: date) -> Select[Any]:
    """The SEPs (claim letters) of a day's visits."""
    s = bridging_sep
    return (
        select(
            s.c.no_rawat,
            s.c.no_sep,
            s.c.tglsep,
            s.c.no_kartu,
            s.c.no_rujukan,
            s.c.noskdp,
            s.c.asal_rujukan,
        )
        .where(of_day(s.c.no_rawat, day))
        .order_by(s.c.no_rawat, s.c.tglsep, s.c.no_sep)
    )


def read_visit_rows(conn: Connection, day: date, excluded_clinics: Iterable[str]) -> list[Row]:
    return [dict(row) for row in conn.execute(visits_query(day, excluded_clinics)).mappings()]


def read_schedules(conn: Connection, hari: str) -> list[Row]:
    return [dict(row) for row in conn.execute(schedules_query(hari)).mappings()]


def read_seps(conn: Connection, day: date) -> dict[str, Row]:
    """The latest SEP of each visit (ordered by tglsep, no_sep; the last one wins)."""
    return {row["no_rawat"]: dict(row) for row in conn.execute(seps_query(day)).mappings()}


# --- task times ----------------------------------------------------------------------------


def mutasi_query(day: date) -> Select[Any]:
    mb = mutasi_berkas
    return select(mb.c.no_rawat, mb.c.dikirim, mb.c.diterima).where(of_day(mb.c.no_rawat, day))


def doctor_exams_query(day: date) -> Select[Any]:
    """Examination rows written by the visit's own doctor (not the nurses' triage rows)."""
    pr, r = pemeriksaan_ralan, reg_periksa
    return (
        select(pr.c.no_rawat, pr.c.tgl_perawatan, pr.c.jam_rawat)
        .select_from(pr.join(r, and_(r.c.no_rawat == pr.c.no_rawat, r.c.kd_dokter == pr.c.nip)))
        .where(of_day(pr.c.no_rawat, day))
    )


def prescriptions_query(day: date) -> Select[Any]:
    ro = resep_obat
    return select(
        ro.c.no_rawat,
        ro.c.tgl_peresepan,
        ro.c.jam_peresepan,
        ro.c.tgl_perawatan,
        ro.c.jam,
        ro.c.tgl_penyerahan,
        ro.c.jam_penyerahan,
    ).where(of_day(ro.c.no_rawat, day), ro.c.status == "ralan")


def bills_query(day: date) -> Select[Any]:
    """The outpatient bills of a day's visits (``[khanza] task5_fallback = "nota_jalan"``)."""
    n = nota_jalan
    return select(n.c.no_rawat, n.c.tanggal, n.c.jam).where(of_day(n.c.no_rawat, day))


def _earliest(times: Iterable[datetime | None]) -> datetime | None:
    known = [t for t in times if t is not None]
    return min(known) if known else None


def _latest(times: Iterable[datetime | None]) -> datetime | None:
    known = [t for t in times if t is not None]
    return max(known) if known else None


def pick_task_times(
    visit: Mapping[str, Any],
    mutasi: Mapping[str, Any] | None,
    exams: list[datetime],
    prescriptions: list[Mapping[str, Any]],
    bill: datetime | None = None,
) -> dict[int, tuple[datetime, str]]:
    """Apply the default mapping (module docstring) to one visit's rows. ``bill`` is the
    outpatient bill time, given only when ``[khanza] task5_fallback = "nota_jalan"``."""
    times: dict[int, tuple[datetime, str]] = {}

    def first(task: int, *candidates: tuple[datetime | None, str]) -> None:
        for when, source in candidates:
            if when is not None:
                times[task] = (when, source)
                return

    mobile = bool(text(visit.get("nobooking")))
    checkin = (
        as_datetime(visit.get("mjkn_validasi")) if visit.get("mjkn_status") == "Checkin" else None
    )
    mutasi = mutasi or {}
    registered = combine(visit.get("tgl_registrasi"), visit.get("jam_reg"))
    first(
        3,
        (checkin, "referensi_mobilejkn_bpjs.validasi"),
        (as_datetime(mutasi.get("dikirim")), "mutasi_berkas.dikirim"),
        (None if mobile else registered, "reg_periksa.jam_reg"),
    )
    first(
        4,
        (as_datetime(mutasi.get("diterima")), "mutasi_berkas.diterima"),
        (_earliest(exams), "pemeriksaan_ralan.jam_rawat"),
    )
    done = text(visit.get("stts")) == "Sudah"
    first(
        5,
        (
            _earliest(combine(p["tgl_peresepan"], p["jam_peresepan"]) for p in prescriptions),
            "resep_obat.jam_peresepan",
        ),
        (_latest(exams) if done else None, "pemeriksaan_ralan.jam_rawat"),
    )
    four, five = times.get(4), times.get(5)
    if bill is not None and (five is None or (four is not None and five[0] <= four[0])):
        times[5] = (bill, "nota_jalan.jam")  # one note cannot mark both start and end
    first(
        6,
        (_earliest(combine(p["tgl_perawatan"], p["jam"]) for p in prescriptions), "resep_obat.jam"),
    )
    first(
        7,
        (
            _latest(combine(p["tgl_penyerahan"], p["jam_penyerahan"]) for p in prescriptions),
            "resep_obat.jam_penyerahan",
        ),
    )
    return times


def read_task_times(
    conn: Connection, day: date, visits: list[Row], task5_fallback: str = "none"
) -> TaskTimes:
    """Task times of the given visits of ``day``: three range queries (four with the bill
    fallback), then the mapping."""
    mutasi = {row["no_rawat"]: dict(row) for row in conn.execute(mutasi_query(day)).mappings()}
    exams: dict[str, list[datetime]] = defaultdict(list)
    for row in conn.execute(doctor_exams_query(day)).mappings():
        when = combine(row["tgl_perawatan"], row["jam_rawat"])
        if when is not None:
            exams[row["no_rawat"]].append(when)
    prescriptions: dict[str, list[Row]] = defaultdict(list)
    for row in conn.execute(prescriptions_query(day)).mappings():
        prescriptions[row["no_rawat"]].append(dict(row))
    bills: dict[str, datetime] = {}
    if task5_fallback == "nota_jalan":
        for row in conn.execute(bills_query(day)).mappings():
            when = combine(row["tanggal"], row["jam"])
            if when is not None:
                bills[row["no_rawat"]] = when
    return {
        v["no_rawat"]: pick_task_times(
            v,
            mutasi.get(v["no_rawat"]),
            exams[v["no_rawat"]],
            prescriptions[v["no_rawat"]],
            bills.get(v["no_rawat"]),
        )
        for v in visits
    }
