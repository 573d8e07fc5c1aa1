"""Profile ``khanza`` (the default): every SELECT the program runs against stock Khanza tables.

IT staff: this file is the whole story of what is read. Only SELECTs, parameters always bound.
A day's rows are found by the ``no_rawat`` primary-key range of that day
(``no_rawat >= 'YYYY/MM/DD/' AND no_rawat < 'YYYY/MM/DD0'``), never by ``tgl_registrasi``, which
has no index, so a poll costs in proportion to that day's visits.

Task times, the first that exists (``reference/khanza.md``):

* 3  Mobile JKN check-in (``referensi_mobilejkn_bpjs.validasi``, status 'Checkin'), else
  ``mutasi_berkas.dikirim``, else the registration (``tgl_registrasi`` + ``jam_reg``) -- but
  not for a Mobile JKN booking, whose ``jam_reg`` is when it was booked, not an arrival
* 4  ``mutasi_berkas.diterima``, else the earliest ``pemeriksaan_ralan`` row written by the
  visit's doctor (``nip = reg_periksa.kd_dokter``; nurses' triage rows do not count)
* 5  the earliest e-prescription (``resep_obat.tgl_peresepan/jam_peresepan``, status 'ralan'),
  else the latest doctor's ``pemeriksaan_ralan`` row once ``reg_periksa.stts`` is done
  (:data:`DONE_STTS`); with
  ``[khanza] task5_fallback = "nota_jalan"``, when that gives nothing later than task 4 (a site
  where the doctor writes one note per visit), the outpatient bill (``nota_jalan.tanggal/jam``)
* 6  the earliest pharmacy validation (``resep_obat.tgl_perawatan/jam``)
* 7  the latest handover (``resep_obat.tgl_penyerahan/jam_penyerahan``)

The cancellation reason of a cancelled Mobile JKN booking is Khanza's own
(``referensi_mobilejkn_bpjs_batal.keterangan``, joined by ``nobooking``, or by
``nomorreferensi`` on the first layout).

Every query is built from :class:`~antrean_desktop.khanza.probe.Sources`, what this Khanza has
(``probe.py``). A missing optional source is left out of the SQL, never guessed:

* no ``referensi_mobilejkn_bpjs`` (installs from before the Mobile JKN module): every visit is
  read as a walk-in; no ``referensi_mobilejkn_bpjs_batal``: no Khanza cancellation reason;
* no ``pemeriksaan_ralan.nip``: a note's author (doctor or nurse) is unknown. With
  ``[khanza] notes_without_author = "hold"`` (the default) tasks 4 and 5 are taken only from
  their other sources, and a visit whose notes would have decided them holds the task back
  (BLOCKED, NOTE_AUTHOR_UNKNOWN); with ``"any"`` the earliest note of anyone is task 4 and the
  latest is task 5 (source ``pemeriksaan_ralan.jam_rawat (any author)``);
* no ``resep_obat.tgl_penyerahan/jam_penyerahan``: task 7 of a visit with a prescription is
  BLOCKED (SOURCE_COLUMN_MISSING), never sent with another time;
* no ``nota_jalan``: the task 5 bill fallback has nothing to read;
* the oldest installs (issue 21): no ``jadwal.kuota`` (the quotas come from the ``[hospital]``
  settings, ``domain.booking.QuotaSettings``); no ``resep_obat.status`` (every prescription of
  the outpatient visit counts); ``pemeriksaan_ralan`` keyed by ``no_rawat`` with the author in
  ``kd_dokter`` (one note per visit: it is task 4, and task 5 only with ``stts`` done, where the
  order rule BLOCKS it unless an e-prescription or ``task5_fallback`` gives a later time);
  ``stts`` 'Bayar' and 'Sudah Diperiksa Dokter' mean done like 'Sudah';
* the first Mobile JKN layout (2021): no ``nobooking`` (the booking code is the ``no_rawat``), no
  queue columns (``reg_periksa.no_reg`` and a computed estimate), the cancellation record joined
  by ``nomorreferensi``.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import ColumnElement, Connection, and_, null, select
from sqlalchemy.sql import Select

from antrean_desktop.config import KhanzaConfig
from antrean_desktop.domain.reasons import Reason
from antrean_desktop.khanza.probe import MOBILE_JKN_QUEUE_COLUMNS, Sources
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
#: no_rawat -> task id -> why this Khanza cannot tell the task's time (a missing source)
HeldTasks = dict[str, dict[int, Reason]]
NOTE_AUTHOR = "pemeriksaan_ralan.nip"
ANY_AUTHOR_SOURCE = "pemeriksaan_ralan.jam_rawat (any author)"
HANDOVER = "resep_obat.tgl_penyerahan"
ALL_SOURCES = Sources()
#: ``reg_periksa.stts`` values of a visit the doctor has finished ('Bayar' and 'Sudah Diperiksa
#: Dokter' on the oldest installs)
DONE_STTS = frozenset({"Sudah", "Bayar", "Sudah Diperiksa Dokter"})


def day_range(day: date) -> tuple[str, str]:
    """The ``no_rawat`` bounds of a day: every key that starts with 'YYYY/MM/DD/'."""
    prefix = day.strftime("%Y/%m/%d")
    return prefix + "/", prefix + "0"  # '0' is the character right after '/'


def of_day(no_rawat: ColumnElement[Any], day: date) -> ColumnElement[bool]:
    low, high = day_range(day)
    return and_(no_rawat >= low, no_rawat < high)


# --- the booking ---------------------------------------------------------------------------


#: (column of referensi_mobilejkn_bpjs, label): ``mjkn_no_rawat`` set = a Mobile JKN booking
MOBILE_COLUMNS = (
    ("no_rawat", "mjkn_no_rawat"),
    ("nobooking", "nobooking"),
    ("jeniskunjungan", "mjkn_jeniskunjungan"),
    ("nomorreferensi", "mjkn_nomorreferensi"),
    ("nomorantrean", "mjkn_nomorantrean"),
    ("angkaantrean", "mjkn_angkaantrean"),
    ("estimasidilayani", "mjkn_estimasidilayani"),
    ("status", "mjkn_status"),
    ("validasi", "mjkn_validasi"),
)
#: the optional columns of the booking (``probe.Sources.mobile_jkn_columns``)
MOBILE_OPTIONAL = frozenset(("nobooking", *MOBILE_JKN_QUEUE_COLUMNS))


def visits_query(
    day: date, excluded_clinics: Iterable[str] = (), sources: Sources = ALL_SOURCES
) -> Select[Any]:
    """A day's outpatient registrations with patient, clinic, doctor, mappings, Mobile JKN.

    Without the Mobile JKN tables their columns are NULL (every visit reads as a walk-in); a
    column the booking's layout lacks (the first layout: ``nobooking`` and the queue columns)
    is NULL too.
    """
    r, p, pl, d = reg_periksa, pasien, poliklinik, dokter
    mp, md, m = maping_poli_bpjs, maping_dokter_dpjpvclaim, referensi_mobilejkn_bpjs
    mb = referensi_mobilejkn_bpjs_batal
    joined = (
        r.outerjoin(p, p.c.no_rkm_medis == r.c.no_rkm_medis)
        .outerjoin(pl, pl.c.kd_poli == r.c.kd_poli)
        .outerjoin(d, d.c.kd_dokter == r.c.kd_dokter)
        .outerjoin(mp, mp.c.kd_poli_rs == r.c.kd_poli)
        .outerjoin(md, md.c.kd_dokter == r.c.kd_dokter)
    )
    mobile: list[Any] = []
    if sources.mobile_jkn:
        joined = joined.outerjoin(m, m.c.no_rawat == r.c.no_rawat)
    for name, label in MOBILE_COLUMNS:
        present = sources.mobile_jkn and (
            name not in MOBILE_OPTIONAL or name in sources.mobile_jkn_columns
        )
        mobile.append(m.c[name].label(label) if present else null().label(label))
    if sources.mobile_jkn and sources.mobile_jkn_cancel:
        key = sources.mobile_jkn_cancel_key  # nobooking, or nomorreferensi (first layout)
        joined = joined.outerjoin(mb, mb.c[key] == m.c[key])
        mobile.append(mb.c.keterangan.label("mjkn_alasan_batal"))
    else:
        mobile.append(null().label("mjkn_alasan_batal"))
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
            *mobile,
        )
        .select_from(joined)
        .where(of_day(r.c.no_rawat, day), r.c.status_lanjut == "Ralan")
        .order_by(r.c.no_rawat)
    )
    excluded = sorted(set(excluded_clinics))
    if excluded:
        query = query.where(r.c.kd_poli.not_in(excluded))
    return query


def schedules_query(hari: str, sources: Sources = ALL_SOURCES) -> Select[Any]:
    """Every doctor's schedule rows for a weekday (SENIN..AKHAD); a small table."""
    j = jadwal
    kuota = j.c.kuota if sources.quota else null().label("kuota")  # oldest: from the settings
    return select(j.c.kd_dokter, j.c.kd_poli, j.c.jam_mulai, j.c.jam_selesai, kuota).where(
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


def read_visit_rows(
    conn: Connection, day: date, excluded_clinics: Iterable[str], sources: Sources = ALL_SOURCES
) -> list[Row]:
    query = visits_query(day, excluded_clinics, sources)
    return [dict(row) for row in conn.execute(query).mappings()]


def read_schedules(conn: Connection, hari: str, sources: Sources = ALL_SOURCES) -> list[Row]:
    return [dict(row) for row in conn.execute(schedules_query(hari, sources)).mappings()]


def read_seps(conn: Connection, day: date) -> dict[str, Row]:
    """The latest SEP of each visit (ordered by tglsep, no_sep; the last one wins)."""
    return {row["no_rawat"]: dict(row) for row in conn.execute(seps_query(day)).mappings()}


# --- task times ----------------------------------------------------------------------------


def mutasi_query(day: date) -> Select[Any]:
    mb = mutasi_berkas
    return select(mb.c.no_rawat, mb.c.dikirim, mb.c.diterima).where(of_day(mb.c.no_rawat, day))


def notes_query(day: date, sources: Sources = ALL_SOURCES) -> Select[Any]:
    """Examination notes written by the visit's own doctor (not the nurses' triage rows).

    The author is ``nip``, or ``kd_dokter`` on the oldest installs (one note per visit);
    without either the author is unknown: every note of the visit is read.
    """
    pr, r = pemeriksaan_ralan, reg_periksa
    query = select(pr.c.no_rawat, pr.c.tgl_perawatan, pr.c.jam_rawat)
    if sources.note_author:
        author = pr.c[sources.note_author]
        query = query.select_from(
            pr.join(r, and_(r.c.no_rawat == pr.c.no_rawat, r.c.kd_dokter == author))
        )
    return query.where(of_day(pr.c.no_rawat, day))


def prescriptions_query(day: date, sources: Sources = ALL_SOURCES) -> Select[Any]:
    ro = resep_obat
    if sources.handover:
        handover = [ro.c.tgl_penyerahan, ro.c.jam_penyerahan]
    else:
        handover = [null().label("tgl_penyerahan"), null().label("jam_penyerahan")]
    query = select(
        ro.c.no_rawat,
        ro.c.tgl_peresepan,
        ro.c.jam_peresepan,
        ro.c.tgl_perawatan,
        ro.c.jam,
        *handover,
    ).where(of_day(ro.c.no_rawat, day))
    if sources.prescription_status:  # the oldest installs have no status: all are outpatient
        query = query.where(ro.c.status == "ralan")
    return query


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


@dataclass(frozen=True)
class NotesPolicy:
    """How notes count when ``pemeriksaan_ralan.nip`` is missing (``[khanza] notes_without_author``)."""

    author_known: bool = True
    without_author: str = "hold"  # "hold" | "any"

    @property
    def usable(self) -> bool:
        return self.author_known or self.without_author == "any"

    @property
    def source(self) -> str:
        return "pemeriksaan_ralan.jam_rawat" if self.author_known else ANY_AUTHOR_SOURCE


def pick_task_times(
    visit: Mapping[str, Any],
    mutasi: Mapping[str, Any] | None,
    notes: list[datetime],
    prescriptions: list[Mapping[str, Any]],
    bill: datetime | None = None,
    *,
    notes_policy: NotesPolicy | None = None,
    handover: bool = True,
) -> tuple[dict[int, tuple[datetime, str]], dict[int, Reason]]:
    """Apply the default mapping (module docstring) to one visit's rows.

    Returns the task times found and the tasks held back because a source is missing here.
    ``notes`` are the doctor's notes, or every note of the visit when the author is unknown.
    ``bill`` is the outpatient bill time, given only when ``[khanza] task5_fallback =
    "nota_jalan"``.
    """
    notes_policy = notes_policy or NotesPolicy()
    times: dict[int, tuple[datetime, str]] = {}
    held: dict[int, Reason] = {}

    def first(task: int, *candidates: tuple[datetime | None, str]) -> None:
        for when, source in candidates:
            if when is not None:
                times[task] = (when, source)
                return

    def hold_for_author(task: int, notes_decide: bool) -> None:
        if task not in times and notes_decide and not notes_policy.usable:
            held[task] = Reason("NOTE_AUTHOR_UNKNOWN", {"task": task, "column": NOTE_AUTHOR})

    mobile = bool(text(visit.get("mjkn_no_rawat")) or text(visit.get("nobooking")))
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
    usable = notes if notes_policy.usable else []
    first(
        4,
        (as_datetime(mutasi.get("diterima")), "mutasi_berkas.diterima"),
        (_earliest(usable), notes_policy.source),
    )
    hold_for_author(4, bool(notes))
    done = text(visit.get("stts")) in DONE_STTS
    first(
        5,
        (
            _earliest(combine(p["tgl_peresepan"], p["jam_peresepan"]) for p in prescriptions),
            "resep_obat.jam_peresepan",
        ),
        (_latest(usable) if done else None, notes_policy.source),
    )
    four, five = times.get(4), times.get(5)
    from_notes = five is not None and five[1] == notes_policy.source
    if bill is not None and (
        five is None or (from_notes and four is not None and five[0] <= four[0])
    ):
        # one note cannot mark both start and end; an e-prescription before task 4 is not
        # replaced: it is BLOCKED with both times like any out-of-order time
        times[5] = (bill, "nota_jalan.jam")
    hold_for_author(5, done and bool(notes))
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
    if not handover and prescriptions:
        held[7] = Reason("SOURCE_COLUMN_MISSING", {"task": 7, "column": HANDOVER})
    return times, held


def read_task_times(
    conn: Connection,
    day: date,
    visits: list[Row],
    sources: Sources = ALL_SOURCES,
    khanza_cfg: KhanzaConfig | None = None,
) -> tuple[TaskTimes, HeldTasks]:
    """Task times of the given visits of ``day``: three range queries (four with the bill
    fallback), then the mapping; and the tasks this Khanza cannot tell (a missing source)."""
    cfg = khanza_cfg or KhanzaConfig()
    mutasi = {row["no_rawat"]: dict(row) for row in conn.execute(mutasi_query(day)).mappings()}
    notes: dict[str, list[datetime]] = defaultdict(list)
    for row in conn.execute(notes_query(day, sources)).mappings():
        when = combine(row["tgl_perawatan"], row["jam_rawat"])
        if when is not None:
            notes[row["no_rawat"]].append(when)
    prescriptions: dict[str, list[Row]] = defaultdict(list)
    for row in conn.execute(prescriptions_query(day, sources)).mappings():
        prescriptions[row["no_rawat"]].append(dict(row))
    bills: dict[str, datetime] = {}
    if cfg.task5_fallback == "nota_jalan" and sources.bills:
        for row in conn.execute(bills_query(day)).mappings():
            when = combine(row["tanggal"], row["jam"])
            if when is not None:
                bills[row["no_rawat"]] = when
    policy = NotesPolicy(sources.note_author, cfg.notes_without_author)
    times: TaskTimes = {}
    held: HeldTasks = {}
    for v in visits:
        key = v["no_rawat"]
        times[key], held[key] = pick_task_times(
            v,
            mutasi.get(key),
            notes[key],
            prescriptions[key],
            bills.get(key),
            notes_policy=policy,
            handover=sources.handover,
        )
    return times, held
