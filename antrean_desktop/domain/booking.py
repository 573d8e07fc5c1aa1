"""Build the ``antrean/add`` body from plain facts about a Khanza visit (pure, no I/O).

The mapping is the product's default (``reference/khanza.md``). When a required Khanza row is
missing the result is a :class:`Reason` naming it; nothing is invented or shifted, and the next
poll builds the booking again, so it becomes READY as soon as the data appears.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, tzinfo
from typing import Any

from antrean_desktop.domain.reasons import Reason
from antrean_desktop.domain.timezone import WIB, epoch_ms_to_local, local_to_epoch_ms

#: Khanza's day names (``jadwal.hari_kerja``), indexed by ``date.weekday()``: Sunday is AKHAD.
HARI = ("SENIN", "SELASA", "RABU", "KAMIS", "JUMAT", "SABTU", "AKHAD")
JKN = "JKN"
NON_JKN = "NON JKN"
_PLACEHOLDER = re.compile(r"^[\s\-.0]*$")


def hari(day: date) -> str:
    """Khanza's weekday name of ``day`` (SENIN..AKHAD)."""
    return HARI[day.weekday()]


def clean(value: object) -> str:
    """Text with Khanza placeholders ('-', '', '0', None) turned into ""."""
    if value is None:
        return ""
    text = str(value).strip()
    return "" if _PLACEHOLDER.match(text) else text


@dataclass(frozen=True)
class Schedule:
    """A ``jadwal`` row."""

    jam_mulai: time
    jam_selesai: time | None
    kuota: int | None = None


#: ``[hospital] quota_overrides`` entries: ``poli:KODE=JKN/NONJKN`` or ``dokter:KODE=JKN/NONJKN``
_OVERRIDE = re.compile(r"^(poli|dokter):([^=\s]+)=(\d+)/(\d+)$")


def parse_quota_override(entry: str) -> tuple[str, str, int, int]:
    """``"poli:INT=30/10"`` -> ("poli", "INT", 30, 10); ValueError for anything else, or a zero
    quota (BPJS refuses a quota of 0)."""
    match = _OVERRIDE.match(entry.replace(" ", ""))
    if not match or int(match.group(3)) < 1 or int(match.group(4)) < 1:
        raise ValueError(entry)
    kind, code, jkn, nonjkn = match.groups()
    return kind, code, int(jkn), int(nonjkn)


@dataclass(frozen=True)
class QuotaSettings:
    """Quotas from the settings, for a Khanza whose ``jadwal`` has no ``kuota`` column: per
    doctor, else per clinic (``[hospital] quota_overrides``), else ``quota_jkn`` /
    ``quota_nonjkn``. Never 0: the settings refuse it."""

    jkn: int | None = None
    nonjkn: int | None = None
    overrides: tuple[str, ...] = ()

    @property
    def configured(self) -> bool:
        return bool(self.overrides) or (self.jkn is not None and self.nonjkn is not None)

    def lookup(self, kd_poli: str, kd_dokter: str) -> tuple[int | None, int | None]:
        """(JKN quota, NON JKN quota) of this doctor's session at this clinic."""
        found = {(k, c): (j, n) for k, c, j, n in map(parse_quota_override, self.overrides)}
        for key in (("dokter", kd_dokter), ("poli", kd_poli)):
            if key in found:
                return found[key]
        return self.jkn, self.nonjkn


NO_QUOTA_SETTINGS = QuotaSettings()


@dataclass(frozen=True)
class Sep:
    """The visit's ``bridging_sep`` row."""

    no_sep: str
    no_kartu: str = ""
    no_rujukan: str = ""
    noskdp: str = ""
    asal_rujukan: str = ""


@dataclass(frozen=True)
class MobileBooking:
    """The visit's ``referensi_mobilejkn_bpjs`` row (a booking made in the Mobile JKN app)."""

    nobooking: str
    jeniskunjungan: str = ""  # '1 (Rujukan FKTP)' ...
    nomorreferensi: str = ""
    nomorantrean: str = ""
    angkaantrean: str = ""
    estimasidilayani: str = ""
    status: str = ""  # Belum / Checkin / Batal / Gagal
    validasi: datetime | None = None  # check-in time (local)
    alasan_batal: str = ""  # Khanza's cancellation reason (referensi_mobilejkn_bpjs_batal)


@dataclass(frozen=True)
class VisitFacts:
    """What Khanza knows about one outpatient visit, as plain values (None = no such row)."""

    no_rawat: str
    tgl_registrasi: date
    jam_reg: time | None
    no_reg: str
    kd_pj: str
    jkn: bool
    stts: str
    stts_daftar: str
    kd_poli: str
    nm_poli: str | None
    kd_poli_bpjs: str | None
    kd_dokter: str
    nm_dokter: str | None
    kd_dokter_bpjs: str | None
    norm: str
    nm_pasien: str | None = None
    no_ktp: str | None = None
    no_tlp: str | None = None
    no_peserta: str | None = None
    sep: Sep | None = None
    mobile: MobileBooking | None = None
    #: the ``jadwal`` rows of this doctor, clinic and weekday
    schedules: tuple[Schedule, ...] = ()
    #: registrations of this doctor and clinic that day up to and including this one
    registrations_so_far: int = 1
    #: the same, counting only JKN / only NON JKN registrations (quotas from the settings)
    jkn_so_far: int = 0
    nonjkn_so_far: int = 0
    #: whether this Khanza's ``jadwal`` has a ``kuota`` column (the oldest installs have none)
    quota_column: bool = True

    @property
    def jenispasien(self) -> str:
        return JKN if self.jkn else NON_JKN

    @property
    def kodebooking(self) -> str:
        return self.mobile.nobooking if self.mobile else self.no_rawat

    @property
    def registered_at(self) -> datetime | None:
        if self.jam_reg is None:
            return None
        return datetime.combine(self.tgl_registrasi, self.jam_reg)


def pick_schedule(schedules: tuple[Schedule, ...], jam_reg: time | None) -> Schedule | None:
    """The session the patient registered for: the first that has not ended yet, else the last."""
    rows = sorted(schedules, key=lambda s: s.jam_mulai)
    if not rows:
        return None
    if jam_reg is not None:
        for row in rows:
            if row.jam_selesai is None or row.jam_selesai >= jam_reg:
                return row
    return rows[-1]


def card_number(facts: VisitFacts) -> str:
    """SEP ``no_kartu``, else ``pasien.no_peserta`` (cleaned)."""
    if facts.sep and clean(facts.sep.no_kartu):
        return clean(facts.sep.no_kartu)
    return clean(facts.no_peserta)


def raw_card_number(facts: VisitFacts) -> str:
    """The card number as Khanza has it, placeholders kept ('-'), for messages."""
    raw = facts.sep.no_kartu if facts.sep and clean(facts.sep.no_kartu) else facts.no_peserta
    return "NULL" if raw is None else str(raw).strip()


def _int(text: str) -> int | None:
    text = clean(text)
    return int(text) if text.isdigit() else None


def _hhmm(value: time | None) -> str:
    return value.strftime("%H:%M") if value is not None else ""


def _referral(facts: VisitFacts) -> tuple[int, str]:
    """(jeniskunjungan, nomorreferensi) by the default mapping. NON JKN sends no referral, even
    when the visit carries Mobile JKN referral data."""
    if not facts.jkn:
        return 3, ""
    if facts.mobile:
        kind = _int(facts.mobile.jeniskunjungan[:1]) or 1
        return kind, clean(facts.mobile.nomorreferensi)
    if facts.sep is None:
        return 3, ""
    if clean(facts.sep.noskdp):
        return 3, clean(facts.sep.noskdp)
    kind = 4 if facts.sep.asal_rujukan.startswith("2") else 1
    return kind, clean(facts.sep.no_rujukan)


def _no_referral_number(facts: VisitFacts) -> Reason:
    """A JKN visit whose referral source exists but holds no number: names the column read."""
    if facts.mobile:
        column, value = "referensi_mobilejkn_bpjs.nomorreferensi", facts.mobile.nomorreferensi
    else:  # a SEP without a control letter: its referral number is used
        column, value = "bridging_sep.no_rujukan", facts.sep.no_rujukan if facts.sep else ""
    return Reason("NO_REFERRAL_NUMBER", {"norm": facts.norm, "column": column, "value": value})


def _queue_number(facts: VisitFacts) -> tuple[str, int | None]:
    """(nomorantrean, angkaantrean): the Mobile JKN booking's, else ``reg_periksa.no_reg``."""
    if facts.mobile and clean(facts.mobile.nomorantrean):
        nomor = clean(facts.mobile.nomorantrean)
        return nomor, _int(facts.mobile.angkaantrean) or _int(re.sub(r"\D", "", nomor[-3:]))
    nomor = clean(facts.no_reg)
    return nomor, _int(nomor)


def on_bpjs_date(ms: int, day: date) -> bool:
    """Whether epoch ``ms`` falls on ``day`` on BPJS's (WIB) wall clock."""
    return epoch_ms_to_local(ms, WIB).date() == day


def estimate_ms(
    day: date, start: time, angka: int, minutes_per_patient: int, tz: str | tzinfo
) -> int:
    """``estimasidilayani``: session start + (angka - 1) x minutes, in the hospital's zone, kept
    inside the service date on the WIB clock (BPJS refuses an estimate on another date; e.g. a
    WITA session starting at 00:00 begins on the previous day in WIB)."""
    local = datetime.combine(day, start) + timedelta(
        minutes=max(angka - 1, 0) * minutes_per_patient
    )
    ms = local_to_epoch_ms(local, tz)
    first = local_to_epoch_ms(datetime.combine(day, time(0)), WIB)
    last = local_to_epoch_ms(datetime.combine(day, time(23, 59)), WIB)
    return min(max(ms, first), last)


def _schedule_problem(facts: VisitFacts, schedule: Schedule) -> Reason | None:
    """A ``jadwal`` row that cannot give ``jampraktek`` or the quotas."""
    where = {
        "kd_dokter": facts.kd_dokter,
        "kd_poli": facts.kd_poli,
        "hari": hari(facts.tgl_registrasi),
        "jam_mulai": _hhmm(schedule.jam_mulai),
    }
    if schedule.jam_selesai is None:
        return Reason("SCHEDULE_NO_END", where)
    if facts.quota_column and (schedule.kuota is None or schedule.kuota <= 0):
        return Reason("SCHEDULE_NO_QUOTA", {**where, "kuota": schedule.kuota})
    return None


def _quotas(
    facts: VisitFacts, schedule: Schedule, settings: QuotaSettings
) -> dict[str, int] | Reason:
    """kuotajkn/kuotanonjkn and what remains of them: ``jadwal.kuota`` for both (remaining =
    quota minus the session's registrations so far), or, where ``jadwal`` has no ``kuota``
    column, the settings (each remaining quota counts that payer's registrations)."""
    if facts.quota_column:
        kuota = schedule.kuota or 0
        sisa = max(kuota - facts.registrations_so_far, 0)
        return {
            "sisakuotajkn": sisa,
            "kuotajkn": kuota,
            "sisakuotanonjkn": sisa,
            "kuotanonjkn": kuota,
        }
    jkn, nonjkn = settings.lookup(facts.kd_poli, facts.kd_dokter)
    if jkn is None or nonjkn is None:
        unset = [k for k, v in (("quota_jkn", jkn), ("quota_nonjkn", nonjkn)) if v is None]
        return Reason(
            "QUOTA_NOT_SET",
            {"kd_dokter": facts.kd_dokter, "kd_poli": facts.kd_poli, "settings": ", ".join(unset)},
        )
    return {
        "sisakuotajkn": max(jkn - facts.jkn_so_far, 0),
        "kuotajkn": jkn,
        "sisakuotanonjkn": max(nonjkn - facts.nonjkn_so_far, 0),
        "kuotanonjkn": nonjkn,
    }


def build_booking(
    facts: VisitFacts,
    *,
    tz: str | tzinfo,
    minutes_per_patient: int = 10,
    keterangan: str = "",
    quotas: QuotaSettings = NO_QUOTA_SETTINGS,
) -> dict[str, Any] | Reason:
    """The ``antrean/add`` body, or the Reason it cannot be built yet."""
    day_name = hari(facts.tgl_registrasi)
    if not clean(facts.kd_poli_bpjs):
        return Reason("NO_POLI_MAPPING", {"kd_poli": facts.kd_poli})
    if not clean(facts.kd_dokter_bpjs):
        return Reason("NO_DOCTOR_MAPPING", {"kd_dokter": facts.kd_dokter})
    kodedokter = _int(facts.kd_dokter_bpjs or "")
    if kodedokter is None:
        return Reason(
            "BAD_DOCTOR_CODE",
            {"kd_dokter": facts.kd_dokter, "kd_dokter_bpjs": facts.kd_dokter_bpjs},
        )
    schedule = pick_schedule(facts.schedules, facts.jam_reg)
    if schedule is None:
        return Reason(
            "NO_SCHEDULE",
            {"kd_dokter": facts.kd_dokter, "kd_poli": facts.kd_poli, "hari": day_name},
        )
    problem = _schedule_problem(facts, schedule)
    if problem is not None:
        return problem
    quota = _quotas(facts, schedule, quotas)
    if isinstance(quota, Reason):
        return quota
    nomorkartu = card_number(facts)
    if facts.jkn:
        if not (len(nomorkartu) == 13 and nomorkartu.isdigit()):
            return Reason("NO_CARD_NUMBER", {"norm": facts.norm, "value": raw_card_number(facts)})
        if facts.mobile is None and facts.sep is None:
            return Reason("NO_REFERRAL", {"norm": facts.norm, "no_rawat": facts.no_rawat})
    else:
        nomorkartu = ""
    jeniskunjungan, nomorreferensi = _referral(facts)
    if facts.jkn and not nomorreferensi:  # e.g. a SEP whose no_rujukan is '-' or empty
        return _no_referral_number(facts)
    nomorantrean, angka = _queue_number(facts)
    if not nomorantrean or not angka:
        return Reason("NO_QUEUE_NUMBER", {"no_rawat": facts.no_rawat, "value": nomorantrean})
    day = facts.tgl_registrasi
    estimasi = _int(facts.mobile.estimasidilayani) if facts.mobile else None
    if estimasi is None or not on_bpjs_date(estimasi, day):
        # Khanza's booking service computes it from a time alone: it may fall on the day the
        # booking was made, so it is computed again for the service date
        estimasi = estimate_ms(day, schedule.jam_mulai, angka, minutes_per_patient, tz)
    return {
        "kodebooking": facts.kodebooking,
        "jenispasien": facts.jenispasien,
        "nomorkartu": nomorkartu,
        "nik": clean(facts.no_ktp),
        "nohp": clean(facts.no_tlp),
        "kodepoli": clean(facts.kd_poli_bpjs),
        "namapoli": (facts.nm_poli or "").strip(),
        "pasienbaru": 1 if facts.stts_daftar == "Baru" else 0,
        "norm": facts.norm,
        "tanggalperiksa": day.isoformat(),
        "kodedokter": kodedokter,
        "namadokter": (facts.nm_dokter or "").strip(),
        "jampraktek": f"{_hhmm(schedule.jam_mulai)}-{_hhmm(schedule.jam_selesai)}",
        "jeniskunjungan": jeniskunjungan,
        "nomorreferensi": nomorreferensi,
        "nomorantrean": nomorantrean,
        "angkaantrean": angka,
        "estimasidilayani": estimasi,
        **quota,
        "keterangan": keterangan,
    }
