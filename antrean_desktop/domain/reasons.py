"""Why a visit or task is BLOCKED or FAILED: a code plus values, rendered in the user's language.

The store keeps ``{"code": ..., "params": {...}}``; text is made only when shown, so a clerk reads
Bahasa Indonesia and IT staff may switch to English. Every code here is explained in
``docs/troubleshooting.md`` (a test checks that).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

DEFAULT_LANGUAGE = "id"
LANGUAGES = ("id", "en")


@dataclass(frozen=True)
class Reason:
    code: str
    params: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return {"code": self.code, "params": dict(self.params)}

    @classmethod
    def from_json(cls, value: Mapping[str, Any] | str | None) -> Reason | None:
        if value is None or value == "":
            return None
        if isinstance(value, str):  # free text from an older record or BPJS
            return cls("TEXT", {"text": value})
        if not isinstance(value, Mapping):  # a damaged record: show what is there
            return cls("TEXT", {"text": str(value)})
        params = value.get("params")
        return cls(
            str(value.get("code", "TEXT")), dict(params) if isinstance(params, Mapping) else {}
        )

    def render(self, language: str = DEFAULT_LANGUAGE) -> str:
        return render(self, language)


# code -> (Bahasa Indonesia, English). Placeholders are str.format fields from params.
CATALOG: dict[str, tuple[str, str]] = {
    "TEXT": ("{text}", "{text}"),
    "NO_POLI_MAPPING": (
        "Poli {kd_poli} belum dipetakan ke poli BPJS (tabel maping_poli_bpjs)",
        "Clinic {kd_poli} has no BPJS clinic mapping (table maping_poli_bpjs)",
    ),
    "NO_DOCTOR_MAPPING": (
        "Dokter {kd_dokter} belum dipetakan ke dokter BPJS (tabel maping_dokter_dpjpvclaim)",
        "Doctor {kd_dokter} has no BPJS doctor mapping (table maping_dokter_dpjpvclaim)",
    ),
    "BAD_DOCTOR_CODE": (
        "Kode dokter BPJS '{kd_dokter_bpjs}' untuk dokter {kd_dokter} bukan angka (maping_dokter_dpjpvclaim)",
        "BPJS doctor code '{kd_dokter_bpjs}' of doctor {kd_dokter} is not a number (maping_dokter_dpjpvclaim)",
    ),
    "NO_SCHEDULE": (
        "Tidak ada jadwal dokter {kd_dokter} di poli {kd_poli} untuk hari {hari} (tabel jadwal)",
        "No schedule for doctor {kd_dokter} at clinic {kd_poli} on {hari} (table jadwal)",
    ),
    "SCHEDULE_NO_END": (
        "Jadwal dokter {kd_dokter} di poli {kd_poli} hari {hari} jam {jam_mulai} tidak punya jam "
        "selesai (jadwal.jam_selesai kosong)",
        "The schedule of doctor {kd_dokter} at clinic {kd_poli} on {hari} from {jam_mulai} has no "
        "end time (jadwal.jam_selesai is empty)",
    ),
    "SCHEDULE_NO_QUOTA": (
        "Jadwal dokter {kd_dokter} di poli {kd_poli} hari {hari} jam {jam_mulai} tidak punya kuota "
        "(jadwal.kuota = {kuota})",
        "The schedule of doctor {kd_dokter} at clinic {kd_poli} on {hari} from {jam_mulai} has no "
        "quota (jadwal.kuota = {kuota})",
    ),
    "QUOTA_NOT_SET": (
        "Khanza ini tidak punya kolom jadwal.kuota dan kuota dokter {kd_dokter} di poli {kd_poli} "
        "belum diatur: isi [hospital] {settings} (atau quota_overrides untuk poli atau dokter "
        "ini) di Pengaturan",
        "This Khanza has no jadwal.kuota column and no quota is set for doctor {kd_dokter} at "
        "clinic {kd_poli}: fill in [hospital] {settings} (or quota_overrides for this clinic or "
        "doctor) in the settings",
    ),
    "NO_QUEUE_NUMBER": (
        "Kunjungan {no_rawat} tidak punya nomor antrean (reg_periksa.no_reg = '{value}')",
        "Visit {no_rawat} has no queue number (reg_periksa.no_reg = '{value}')",
    ),
    "NO_CARD_NUMBER": (
        "Pasien JKN {norm} tidak punya nomor kartu BPJS 13 digit (pasien.no_peserta / SEP), tercatat '{value}'",
        "JKN patient {norm} has no 13-digit BPJS card number (pasien.no_peserta / SEP), found '{value}'",
    ),
    "NO_REFERRAL": (
        "Pasien JKN {norm} belum punya SEP/rujukan untuk kunjungan ini (tabel bridging_sep)",
        "JKN patient {norm} has no SEP/referral for this visit yet (table bridging_sep)",
    ),
    "NO_REFERRAL_NUMBER": (
        "Pasien JKN {norm}: nomor rujukan kosong ({column} = {value!r}); BPJS menolak booking JKN "
        "tanpa rujukan",
        "JKN patient {norm}: the referral number is empty ({column} = {value!r}); BPJS refuses a "
        "JKN booking without one",
    ),
    "TIME_NOT_INCREASING": (
        "Waktu task {task} ({time}) tidak lebih lambat dari task {prev_task} ({prev_time})",
        "Task {task} time ({time}) is not later than task {prev_task} ({prev_time})",
    ),
    "TIME_NOT_ON_VISIT_DATE": (
        "Waktu task {task} ({time}) tidak pada tanggal kunjungan {visit_date}",
        "Task {task} time ({time}) is not on the visit date {visit_date}",
    ),
    "TIME_NOT_ON_WIB_DATE": (
        "Waktu task {task} ({time}) adalah {wib_time} WIB, bukan tanggal pelayanan {visit_date} "
        "menurut jam WIB yang dipakai BPJS",
        "Task {task} time ({time}) is {wib_time} WIB, not on the service date {visit_date} by the "
        "WIB clock BPJS uses",
    ),
    "NOT_CHECKED_IN": (
        "Pasien Mobile JKN belum check-in (referensi_mobilejkn_bpjs.status = '{status}'); "
        "jam_reg adalah waktu booking, bukan kedatangan",
        "The Mobile JKN patient has not checked in (referensi_mobilejkn_bpjs.status = "
        "'{status}'); jam_reg is when the booking was made, not an arrival",
    ),
    "BPJS_REJECTED": (
        "Ditolak BPJS (kode {code}): {message}",
        "Rejected by BPJS (code {code}): {message}",
    ),
    "BPJS_UNREACHABLE": (
        "BPJS tidak dapat dihubungi sampai batas kirim H+7 berakhir ({attempts} percobaan): "
        "{message}",
        "BPJS could not be reached until the H+7 send limit ran out ({attempts} attempts): "
        "{message}",
    ),
    "BPJS_UNREADABLE": (
        "Jawaban BPJS tidak terbaca setelah {attempts} percobaan: {message}",
        "BPJS's answer could not be read after {attempts} attempts: {message}",
    ),
    "BPJS_DEADLINE": (
        "BPJS tidak menjawab lengkap dalam {seconds} detik; akan dicoba lagi",
        "BPJS did not answer completely within {seconds} s; will be tried again",
    ),
    "BPJS_ANSWER_TOO_BIG": (
        "Jawaban BPJS lebih besar dari {limit} byte dan tidak dibaca; akan dicoba lagi",
        "BPJS's answer was larger than {limit} bytes and was not read; will be tried again",
    ),
    "BPJS_AUTH": (
        "Autentikasi BPJS gagal (cons-id, secret key, user_key atau jam komputer): {message}",
        "BPJS authentication failed (cons-id, secret key, user_key or the PC clock): {message}",
    ),
    "BPJS_CLOSED": (
        "Antrean sudah ditutup di BPJS: {message}",
        "The booking is already closed at BPJS: {message}",
    ),
    "PREDECESSOR_MISSING": (
        "Menunggu task {missing} terkirim lebih dulu: {message}",
        "Waiting for task {missing} to be sent first: {message}",
    ),
    "PROBLEM_KHANZA": (
        "Database Khanza tidak dapat dibaca sejak {since} ({count}x): {message}",
        "The Khanza database cannot be read since {since} ({count}x): {message}",
    ),
    "PROBLEM_STORE": (
        "Penyimpanan lokal bermasalah sejak {since} ({count}x): {message}",
        "The local store fails since {since} ({count}x): {message}",
    ),
    "PROBLEM_INTERNAL": (
        "Kesalahan program sejak {since} ({count}x): {message}",
        "Program error since {since} ({count}x): {message}",
    ),
    "NOTE_AUTHOR_UNKNOWN": (
        'Task {task} ditahan: kolom {column} tidak ada di Khanza ini, jadi catatan dokter tidak bisa dibedakan dari catatan perawat ([khanza] notes_without_author = "any" memakai catatan siapa pun)',
        "Task {task} held back: column {column} does not exist in this Khanza, so the doctor's notes cannot be told from the nurses' ([khanza] notes_without_author = \"any\" uses anyone's notes)",
    ),
    "SOURCE_COLUMN_MISSING": (
        "Waktu task {task} tidak bisa dibaca: kolom {column} tidak ada di database Khanza ini",
        "Task {task} time cannot be read: column {column} does not exist in this Khanza database",
    ),
    "KHANZA_NO_NOTE_AUTHOR": (
        "{column} tidak ada: task 4/5 dari catatan dokter tidak bisa dibedakan dari perawat; task itu ditahan (BLOCKED) bila hanya catatan yang bisa memberi waktunya",
        "{column} is missing: task 4/5 from the doctor's notes cannot be told from the nurses'; such a task is held back (BLOCKED) when only the notes could give its time",
    ),
    "KHANZA_NO_NOTE_AUTHOR_ANY": (
        '{column} tidak ada: task 4/5 dari catatan dokter tidak bisa dibedakan dari perawat; dipakai catatan pertama (task 4) dan terakhir (task 5) dari siapa pun (notes_without_author = "any")',
        "{column} is missing: task 4/5 from the doctor's notes cannot be told from the nurses'; the first (task 4) and last (task 5) note of anyone is used (notes_without_author = \"any\")",
    ),
    "KHANZA_NO_HANDOVER": (
        "{column} tidak ada: waktu penyerahan obat tidak bisa dibaca; bila task 7 diaktifkan, task itu ditahan (BLOCKED) untuk kunjungan yang punya resep",
        "{column} missing: the drug hand-over time cannot be read; when task 7 is enabled it is held back (BLOCKED) for visits with a prescription",
    ),
    "KHANZA_NO_TASK_COLUMN": (
        "{column} tidak ada (profil task-columns): waktu task {task} tidak bisa dibaca; bila task {task} diaktifkan, task itu BLOCKED untuk setiap kunjungan",
        "{column} missing (profile task-columns): task {task} time cannot be read; when task {task} is enabled it is BLOCKED for every visit",
    ),
    "KHANZA_NO_MOBILE_JKN": (
        "Tabel {table} tidak ada (modul Mobile JKN belum terpasang): setiap kunjungan dibaca sebagai pendaftaran langsung, task 3 dari mutasi_berkas atau jam registrasi",
        "Table {table} is missing (no Mobile JKN module): every visit is read as a walk-in, task 3 from mutasi_berkas or the registration time",
    ),
    "KHANZA_NO_CANCEL_REASON": (
        "Tabel {table} tidak ada: alasan batal booking Mobile JKN diambil dari [hospital] alasan_batal",
        "Table {table} is missing: a cancelled Mobile JKN booking's reason comes from [hospital] alasan_batal",
    ),
    "KHANZA_NO_BILL": (
        'Tabel {table} tidak ada: task5_fallback = "nota_jalan" tidak punya sumber; task 5 hanya dari e-resep atau catatan dokter',
        'Table {table} is missing: task5_fallback = "nota_jalan" has no source; task 5 comes only from the e-prescription or the doctor\'s notes',
    ),
    "KHANZA_NO_QUOTA": (
        "{column} tidak ada: kuota JKN dan NON JKN diambil dari pengaturan [hospital] quota_jkn, quota_nonjkn dan quota_overrides",
        "{column} is missing: the JKN and NON JKN quotas come from the [hospital] quota_jkn, quota_nonjkn and quota_overrides settings",
    ),
    "KHANZA_NO_QUOTA_UNSET": (
        "{column} tidak ada dan kuota belum diatur: setiap booking BLOCKED (QUOTA_NOT_SET) sampai [hospital] quota_jkn dan quota_nonjkn (atau quota_overrides) diisi",
        "{column} is missing and no quota is set: every booking is BLOCKED (QUOTA_NOT_SET) until [hospital] quota_jkn and quota_nonjkn (or quota_overrides) are filled in",
    ),
    "KHANZA_ONE_NOTE_PER_VISIT": (
        'Satu catatan pemeriksaan per kunjungan (penulis di {column}): catatan dokter itu task 4; task 5 dari e-resep, atau dari nota_jalan bila task5_fallback = "nota_jalan" (sekarang "{fallback}"), selain itu BLOCKED (TIME_NOT_INCREASING)',
        'One examination note per visit (author in {column}): the doctor\'s note is task 4; task 5 comes from the e-prescription, or from nota_jalan with task5_fallback = "nota_jalan" (now "{fallback}"), else it is BLOCKED (TIME_NOT_INCREASING)',
    ),
    "KHANZA_NO_PRESCRIPTION_STATUS": (
        "{column} tidak ada: setiap resep kunjungan rawat jalan dihitung (kunjungannya rawat jalan)",
        "{column} is missing: every prescription of an outpatient visit counts (the visit is outpatient)",
    ),
    "KHANZA_MOBILE_JKN_FIRST_LAYOUT": (
        "{table} versi pertama (tanpa {columns}): kode booking = no_rawat, nomor antrean dari reg_periksa.no_reg, estimasi dihitung dari jadwal",
        "{table} in its first layout (no {columns}): the booking code is the no_rawat, the queue number comes from reg_periksa.no_reg, the estimate from the schedule",
    ),
    "KHANZA_NO_UNUSED_COLUMN": (
        "{column} tidak ada: tidak dibaca oleh pemetaan saat ini, tidak ada dampak",
        "{column} is missing: the current mapping does not read it, no effect",
    ),
    "TEST_KHANZA_UNREACHABLE": (
        "Server database Khanza tidak dapat dihubungi: periksa alamat (host), port, jaringan dan "
        "apakah MariaDB/MySQL berjalan",
        "The Khanza database server cannot be reached: check the host, the port, the network "
        "and whether MariaDB/MySQL is running",
    ),
    "TEST_KHANZA_LOGIN": (
        "Database Khanza menolak nama pengguna atau kata sandi",
        "The Khanza database refused the user name or password",
    ),
    "TEST_KHANZA_NO_DATABASE": (
        "Nama database Khanza tidak ditemukan di server (bagian terakhir URL, biasanya 'sik')",
        "The Khanza database name was not found on the server (the last part of the URL, "
        "usually 'sik')",
    ),
    "TEST_KHANZA_FAILED": (
        "Database Khanza tidak dapat dibaca; rinciannya ada di log",
        "The Khanza database cannot be read; the log has the details",
    ),
    "TEST_KHANZA_OK": (
        "database Khanza terhubung dan terbaca",
        "the Khanza database is connected and readable",
    ),
    "TEST_BPJS_OK": (
        "BPJS menerima cons-id, secret key dan user_key",
        "BPJS accepted the cons-id, secret key and user_key",
    ),
    "TEST_CLOCK_OK": (
        "jam komputer ini sesuai dengan jam BPJS",
        "this PC's clock agrees with BPJS's",
    ),
    "TEST_CLOCK_OFF": (
        "jam komputer ini berbeda lebih dari satu menit dari jam BPJS: setel jam Windows "
        "(sinkron dengan internet); BPJS menolak permintaan dengan jam yang salah",
        "this PC's clock is more than a minute off BPJS's: set the Windows clock (sync with "
        "the internet); BPJS refuses requests with a wrong clock",
    ),
    "TEST_BPJS_MISSING": (
        "isi cons-id, secret key dan user_key dulu",
        "fill in the cons-id, secret key and user_key first",
    ),
    "TEST_BPJS_AUTH": (
        "BPJS menolak cons-id, secret key atau user_key (atau jam komputer tidak tepat)",
        "BPJS refused the cons-id, secret key or user_key (or the PC clock is wrong)",
    ),
    "TEST_BPJS_UNREACHABLE": (
        "Server BPJS tidak dapat dihubungi: periksa alamat (base_url) dan koneksi internet",
        "The BPJS server cannot be reached: check the address (base_url) and the internet "
        "connection",
    ),
    "TEST_BPJS_FAILED": (
        "BPJS tidak menjawab seperti seharusnya; rinciannya ada di log",
        "BPJS did not answer as it should; the log has the details",
    ),
    "VISIT_CANCELLED": (
        "Kunjungan dibatalkan di Khanza (reg_periksa.stts = Batal)",
        "The visit was cancelled in Khanza (reg_periksa.stts = Batal)",
    ),
}


class _Params(dict):
    def __missing__(self, key: str) -> str:  # a missing value never crashes rendering
        return "?"


def render(
    reason: Reason | Mapping[str, Any] | str | None, language: str = DEFAULT_LANGUAGE
) -> str:
    """Text of a reason in ``language`` ("id" or "en"); unknown codes show code and values."""
    if reason is None:
        return ""
    if not isinstance(reason, Reason):
        reason = Reason.from_json(reason)
        if reason is None:
            return ""
    templates = CATALOG.get(reason.code)
    if templates is None:
        values = ", ".join(f"{k}={v}" for k, v in sorted(reason.params.items()))
        return f"{reason.code} ({values})" if values else reason.code
    template = templates[1] if language == "en" else templates[0]
    return template.format_map(
        _Params({k: "" if v is None else v for k, v in reason.params.items()})
    )
