"""What to do about a reason: its cause in a few words, a one-line "Langkah perbaikan", and the
section of the troubleshooting guide that explains it (the guide's row for the reason code).

The detail pane, the table's tooltips, the grouped banner and the "Bantuan" link all take the
words from here. A BPJS rejection (``BPJS_REJECTED``) is told apart by the rule of
:mod:`antrean_desktop.domain.bpjs_answers` its message matches, so "21 bookings refused for the
same practice hours" is one cause, not 21 texts. Words are (Bahasa Indonesia, English).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from antrean_desktop.domain.bpjs_answers import classify
from antrean_desktop.domain.reasons import Reason

RESEND = ("lalu «Kirim ulang»", "then «Resend»")


@dataclass(frozen=True)
class Step:
    cause: tuple[str, str]  # the cause in a few words, for the grouped banner
    fix: tuple[str, str]  # the next step, one line

    def cause_text(self, language: str = "id") -> str:
        return self.cause[1] if language == "en" else self.cause[0]

    def fix_text(self, language: str = "id") -> str:
        return self.fix[1] if language == "en" else self.fix[0]


def _step(cause_id: str, cause_en: str, fix_id: str, fix_en: str) -> Step:
    return Step((cause_id, cause_en), (fix_id, fix_en))


_KHANZA_FIXED = ("dikirim otomatis setelah diperbaiki", "sent by itself once fixed")


def _in_khanza(what_id: str, what_en: str) -> tuple[str, str]:
    return f"{what_id}; {_KHANZA_FIXED[0]}", f"{what_en}; {_KHANZA_FIXED[1]}"


#: reason code -> its step (every code of ``reasons.CATALOG``; a test checks that)
STEPS: dict[str, Step] = {
    "TEXT": _step(
        "lihat teks alasan",
        "see the reason's text",
        "Baca teks alasan; bila berulang, lihat panduan «BPJS_UNREACHABLE»",
        "Read the reason's text; if it repeats, see the guide's «BPJS_UNREACHABLE»",
    ),
    "NO_POLI_MAPPING": Step(
        ("poli belum dipetakan ke poli BPJS", "clinic not mapped to a BPJS clinic"),
        _in_khanza(
            "Petakan poli di Khanza: Bridging BPJS → Mapping Poli BPJS",
            "Map the clinic in Khanza: Bridging BPJS → Mapping Poli BPJS",
        ),
    ),
    "NO_DOCTOR_MAPPING": Step(
        ("dokter belum dipetakan ke dokter HFIS", "doctor not mapped to an HFIS doctor"),
        _in_khanza(
            "Petakan dokter di Khanza: Mapping Dokter DPJP VClaim (kode HFIS)",
            "Map the doctor in Khanza: Mapping Dokter DPJP VClaim (HFIS code)",
        ),
    ),
    "BAD_DOCTOR_CODE": Step(
        ("kode dokter BPJS bukan angka", "BPJS doctor code is not a number"),
        _in_khanza(
            "Perbaiki kode HFIS di Mapping Dokter DPJP VClaim (hanya angka)",
            "Correct the HFIS code in Mapping Dokter DPJP VClaim (digits only)",
        ),
    ),
    "NO_SCHEDULE": Step(
        ("dokter tidak punya jadwal hari itu", "doctor has no schedule that day"),
        _in_khanza(
            "Tambahkan jadwal hari itu di Khanza: Jadwal Praktek Dokter",
            "Add that weekday's hours in Khanza: Jadwal Praktek Dokter",
        ),
    ),
    "SCHEDULE_NO_END": Step(
        ("jadwal dokter tanpa jam selesai", "doctor's schedule has no end time"),
        _in_khanza(
            "Isi jam selesai jadwal itu di Khanza: Jadwal Praktek Dokter",
            "Fill the schedule's end time in Khanza: Jadwal Praktek Dokter",
        ),
    ),
    "SCHEDULE_NO_QUOTA": Step(
        ("jadwal dokter tanpa kuota", "doctor's schedule has no quota"),
        _in_khanza(
            "Isi kuota jadwal itu di Khanza: Jadwal Praktek Dokter",
            "Fill the schedule's quota in Khanza: Jadwal Praktek Dokter",
        ),
    ),
    "QUOTA_NOT_SET": _step(
        "kuota belum diatur (Khanza tanpa jadwal.kuota)",
        "no quota set (Khanza without jadwal.kuota)",
        "Isi [hospital] quota_jkn dan quota_nonjkn (atau quota_overrides) di Pengaturan, lalu "
        "mulai ulang; dikirim otomatis",
        "Fill in [hospital] quota_jkn and quota_nonjkn (or quota_overrides) in the settings, then "
        "restart; sent by itself",
    ),
    "NO_QUEUE_NUMBER": Step(
        ("kunjungan tanpa nomor antrean", "visit without a queue number"),
        _in_khanza(
            "Simpan ulang registrasi di Khanza agar mendapat nomor antrean",
            "Save the registration again in Khanza so it gets its queue number",
        ),
    ),
    "NO_CARD_NUMBER": Step(
        ("pasien JKN tanpa nomor kartu", "JKN patient without a card number"),
        _in_khanza(
            "Isi nomor kartu BPJS 13 digit pasien (pasien.no_peserta) atau buat SEP",
            "Fill the patient's 13-digit BPJS card number (pasien.no_peserta) or create the SEP",
        ),
    ),
    "NO_REFERRAL": Step(
        ("pasien JKN belum punya SEP", "JKN patient has no SEP yet"),
        _in_khanza(
            "Buat SEP kunjungan di Khanza (atau periksa cara bayar bila bukan JKN)",
            "Create the visit's SEP in Khanza (or check the payer if not JKN)",
        ),
    ),
    "NO_REFERRAL_NUMBER": Step(
        ("SEP tanpa nomor rujukan", "SEP without a referral number"),
        _in_khanza(
            "Perbaiki nomor rujukan (atau surat kontrol) di SEP kunjungan",
            "Correct the referral number (or control letter) in the visit's SEP",
        ),
    ),
    "TIME_NOT_INCREASING": Step(
        ("waktu task tidak berurutan", "task times out of order"),
        _in_khanza(
            "Periksa dan perbaiki waktu di sumber yang tertera di Khanza",
            "Check and correct the time at the source shown, in Khanza",
        ),
    ),
    "TIME_NOT_ON_VISIT_DATE": Step(
        ("waktu task di luar tanggal kunjungan", "task time not on the visit date"),
        _in_khanza(
            "Perbaiki tanggal di sumber yang tertera di Khanza, atau biarkan tidak dikirim",
            "Correct the date at the source shown in Khanza, or leave it unsent",
        ),
    ),
    "TIME_NOT_ON_WIB_DATE": _step(
        "waktu task sudah hari lain menurut jam WIB",
        "task time is another day by the WIB clock",
        "Tidak ada yang perlu diperbaiki; BPJS tidak menerima task ini",
        "Nothing to fix; BPJS does not accept this task",
    ),
    "NOT_CHECKED_IN": Step(
        ("pasien Mobile JKN belum check-in", "Mobile JKN patient not checked in"),
        _in_khanza(
            "Check-in-kan pasien di Khanza (anjungan / Mutasi Berkas)",
            "Check the patient in, in Khanza (kiosk / Mutasi Berkas)",
        ),
    ),
    "BPJS_REJECTED": _step(
        "ditolak BPJS",
        "refused by BPJS",
        "Perbaiki data yang disebut BPJS, lalu «Kirim ulang»",
        "Fix the data BPJS names, then «Resend»",
    ),
    "BPJS_UNREACHABLE": _step(
        "BPJS tidak dapat dihubungi sampai batas H+7",
        "BPJS unreachable until the H+7 limit",
        "Tidak bisa dikirim lagi (lewat H+7); periksa koneksi internet untuk hari berikutnya",
        "Cannot be sent any more (past H+7); check the internet connection for the next days",
    ),
    "BPJS_UNREADABLE": _step(
        "jawaban BPJS tidak terbaca",
        "unreadable BPJS answers",
        "Periksa proxy/firewall antara komputer ini dan BPJS, lalu «Kirim ulang»",
        "Check the proxy/firewall between this PC and BPJS, then «Resend»",
    ),
    "BPJS_DEADLINE": _step(
        "BPJS terlalu lambat menjawab",
        "BPJS answers too slowly",
        "Tidak perlu apa-apa: dicoba lagi otomatis; bila berulang, periksa jaringan",
        "Nothing: it is retried by itself; if it repeats, check the network",
    ),
    "BPJS_ANSWER_TOO_BIG": _step(
        "jawaban BPJS terlalu besar",
        "BPJS's answer too big",
        "Dicoba lagi otomatis; periksa proxy atau halaman login jaringan",
        "Retried by itself; check for a proxy or a network login page",
    ),
    "BPJS_AUTH": _step(
        "BPJS menolak autentikasi",
        "BPJS refuses authentication",
        "Periksa cons-id, secret key, user_key dan jam komputer di Pengaturan",
        "Check cons-id, secret key, user_key and the PC clock in Settings",
    ),
    "BPJS_CLOSED": _step(
        "antrean sudah ditutup di BPJS",
        "booking already closed at BPJS",
        "Tidak ada yang bisa dikirim lagi untuk kunjungan ini",
        "Nothing more can be sent for this visit",
    ),
    "PREDECESSOR_MISSING": _step(
        "BPJS belum punya task sebelumnya",
        "BPJS lacks the earlier task",
        "Periksa task sebelumnya di rincian, perbaiki, lalu «Kirim ulang kunjungan»",
        "Check the earlier task in the detail, fix it, then «Resend visit»",
    ),
    "PROBLEM_KHANZA": _step(
        "database Khanza tidak terbaca",
        "Khanza database unreadable",
        "Periksa server MariaDB Khanza dan jaringan; dicoba lagi otomatis",
        "Check Khanza's MariaDB server and the network; retried by itself",
    ),
    "PROBLEM_STORE": _step(
        "penyimpanan lokal bermasalah",
        "local store fails",
        "Periksa ruang disk dan folder penyimpanan; dicoba lagi otomatis",
        "Check the disk space and the store's folder; retried by itself",
    ),
    "PROBLEM_INTERNAL": _step(
        "kesalahan program",
        "program error",
        "Laporkan ke TI beserta Log; program tetap berjalan",
        "Report it to IT with the Log; the program keeps running",
    ),
    "NOTE_AUTHOR_UNKNOWN": _step(
        "catatan dokter tidak bisa dibedakan",
        "doctor's notes cannot be told apart",
        'Catat Mutasi Berkas/e-resep di Khanza, atau atur notes_without_author = "any"',
        'Record file tracking/e-prescription in Khanza, or set notes_without_author = "any"',
    ),
    "SOURCE_COLUMN_MISSING": _step(
        "kolom sumber waktu tidak ada",
        "time source column missing",
        "Minta TI menambah kolom itu, atau keluarkan task dari [hospital] tasks",
        "Have IT add the column, or take the task out of [hospital] tasks",
    ),
    "KHANZA_NO_NOTE_AUTHOR": _step(
        "pemeriksaan_ralan.nip tidak ada",
        "pemeriksaan_ralan.nip missing",
        'Tidak perlu apa-apa, kecuali ingin notes_without_author = "any"',
        'Nothing, unless notes_without_author = "any" is wanted',
    ),
    "KHANZA_NO_NOTE_AUTHOR_ANY": _step(
        "catatan siapa pun dipakai",
        "anyone's notes are used",
        "Tidak perlu apa-apa",
        "Nothing",
    ),
    "KHANZA_NO_HANDOVER": _step(
        "waktu penyerahan obat tidak ada",
        "drug hand-over time missing",
        "Tidak perlu apa-apa bila task 7 tidak diaktifkan",
        "Nothing while task 7 is off",
    ),
    "KHANZA_NO_TASK_COLUMN": _step(
        "kolom task tidak ada",
        "task column missing",
        'Tambahkan kolom itu, atau pakai profile = "khanza"',
        'Add the column, or use profile = "khanza"',
    ),
    "KHANZA_NO_MOBILE_JKN": _step(
        "modul Mobile JKN tidak ada",
        "no Mobile JKN module",
        "Tidak perlu apa-apa: semua kunjungan dikirim sebagai pendaftaran langsung",
        "Nothing: every visit is sent as a walk-in",
    ),
    "KHANZA_NO_CANCEL_REASON": _step(
        "alasan batal Mobile JKN tidak ada",
        "Mobile JKN cancel reason missing",
        "Tidak perlu apa-apa: dipakai [hospital] alasan_batal",
        "Nothing: [hospital] alasan_batal is used",
    ),
    "KHANZA_NO_BILL": _step(
        "tabel nota_jalan tidak ada",
        "table nota_jalan missing",
        'Tidak perlu apa-apa, atau atur task5_fallback = "none"',
        'Nothing, or set task5_fallback = "none"',
    ),
    "KHANZA_NO_QUOTA": _step(
        "jadwal.kuota tidak ada",
        "jadwal.kuota missing",
        "Tidak perlu apa-apa: kuota dari pengaturan [hospital]",
        "Nothing: the quotas come from the [hospital] settings",
    ),
    "KHANZA_NO_QUOTA_UNSET": _step(
        "jadwal.kuota tidak ada, kuota belum diatur",
        "jadwal.kuota missing, no quota set",
        "Isi [hospital] quota_jkn dan quota_nonjkn (atau quota_overrides) di Pengaturan",
        "Fill in [hospital] quota_jkn and quota_nonjkn (or quota_overrides) in the settings",
    ),
    "KHANZA_ONE_NOTE_PER_VISIT": _step(
        "satu catatan pemeriksaan per kunjungan",
        "one examination note per visit",
        'Atur task5_fallback = "nota_jalan" bila task 5 BLOCKED tanpa e-resep',
        'Set task5_fallback = "nota_jalan" if task 5 is BLOCKED without an e-prescription',
    ),
    "KHANZA_NO_PRESCRIPTION_STATUS": _step(
        "resep_obat.status tidak ada",
        "resep_obat.status missing",
        "Tidak perlu apa-apa",
        "Nothing",
    ),
    "KHANZA_MOBILE_JKN_FIRST_LAYOUT": _step(
        "Mobile JKN versi pertama",
        "first Mobile JKN layout",
        "Tidak perlu apa-apa: kode booking = no_rawat",
        "Nothing: the booking code is the no_rawat",
    ),
    "KHANZA_NO_UNUSED_COLUMN": _step(
        "kolom yang tidak dipakai tidak ada",
        "an unused column is missing",
        "Tidak perlu apa-apa",
        "Nothing",
    ),
    "TEST_KHANZA_UNREACHABLE": _step(
        "server Khanza tidak dapat dihubungi",
        "Khanza server unreachable",
        "Periksa alamat, port, jaringan dan MariaDB/MySQL",
        "Check the host, the port, the network and MariaDB/MySQL",
    ),
    "TEST_KHANZA_LOGIN": _step(
        "login Khanza ditolak",
        "Khanza login refused",
        "Periksa nama pengguna dan kata sandi database Khanza",
        "Check the Khanza database user name and password",
    ),
    "TEST_KHANZA_NO_DATABASE": _step(
        "nama database Khanza salah",
        "wrong Khanza database name",
        "Periksa nama database (biasanya sik)",
        "Check the database name (usually sik)",
    ),
    "TEST_KHANZA_FAILED": _step(
        "Khanza tidak terbaca",
        "Khanza unreadable",
        "Lihat Log untuk rinciannya",
        "See the Log for the details",
    ),
    "TEST_KHANZA_OK": _step(
        "Khanza terhubung", "Khanza connected", "Tidak perlu apa-apa", "Nothing"
    ),
    "TEST_BPJS_OK": _step("BPJS terhubung", "BPJS connected", "Tidak perlu apa-apa", "Nothing"),
    "TEST_CLOCK_OK": _step("jam tepat", "clock right", "Tidak perlu apa-apa", "Nothing"),
    "TEST_CLOCK_OFF": _step(
        "jam komputer tidak tepat",
        "PC clock off",
        "Setel jam Windows otomatis (sinkron internet)",
        "Set the Windows clock automatically (internet sync)",
    ),
    "TEST_BPJS_MISSING": _step(
        "kredensial BPJS belum diisi",
        "BPJS credentials missing",
        "Isi cons-id, secret key dan user_key",
        "Fill in the cons-id, secret key and user_key",
    ),
    "TEST_BPJS_AUTH": _step(
        "kredensial BPJS ditolak",
        "BPJS credentials refused",
        "Periksa cons-id, secret key, user_key (Antrean RS) dan jam komputer",
        "Check the cons-id, secret key, user_key (Antrean RS) and the PC clock",
    ),
    "TEST_BPJS_UNREACHABLE": _step(
        "server BPJS tidak dapat dihubungi",
        "BPJS server unreachable",
        "Periksa alamat BPJS dan koneksi internet (proxy, firewall)",
        "Check the BPJS address and the internet connection (proxy, firewall)",
    ),
    "TEST_BPJS_FAILED": _step(
        "BPJS menjawab tidak semestinya",
        "BPJS answered oddly",
        "Lihat Log untuk jawaban BPJS",
        "See the Log for BPJS's answer",
    ),
    "VISIT_CANCELLED": _step(
        "kunjungan dibatalkan",
        "visit cancelled",
        "Tidak perlu apa-apa (kecuali pembatalan keliru: pulihkan registrasi di Khanza)",
        "Nothing (unless cancelled by mistake: restore the registration in Khanza)",
    ),
}

#: a BPJS refusal by the rule of ``bpjs_answers.RULES`` its message matched
REJECTIONS: dict[str, Step] = {
    "schedule-mismatch": _step(
        "jam praktek di Khanza tidak sama dengan jadwal HFIS",
        "Khanza's practice hours differ from the HFIS schedule",
        "ubah jadwal di Khanza atau HFIS, lalu «Kirim ulang»",
        "change the schedule in Khanza or HFIS, then «Resend»",
    ),
    "no-schedule-at-bpjs": _step(
        "dokter belum punya jadwal di HFIS hari itu",
        "the doctor has no HFIS schedule that day",
        "tambahkan jadwal dokter di HFIS (atau perbaiki hari di Khanza), lalu «Kirim ulang»",
        "add the doctor's schedule in HFIS (or correct the day in Khanza), then «Resend»",
    ),
    "bad-referral": _step(
        "nomor rujukan tidak valid",
        "referral number not valid",
        "perbaiki rujukan di SEP kunjungan, lalu «Kirim ulang»",
        "correct the referral in the visit's SEP, then «Resend»",
    ),
    "unknown-doctor": _step(
        "kode dokter HFIS tidak dikenal BPJS",
        "HFIS doctor code unknown to BPJS",
        "perbaiki kode HFIS di Mapping Dokter DPJP VClaim, lalu «Kirim ulang»",
        "correct the HFIS code in Mapping Dokter DPJP VClaim, then «Resend»",
    ),
    "too-late": _step(
        "lewat batas H+7",
        "past the H+7 limit",
        "tidak bisa diperbaiki: BPJS tidak lagi menerima task ini",
        "cannot be fixed: BPJS no longer accepts this task",
    ),
    "time-not-increasing": _step(
        "waktu task tidak sesudah task sebelumnya di BPJS",
        "task time not later than BPJS's earlier task",
        "periksa waktu di Khanza (atau program lain yang mengirim), lalu «Kirim ulang»",
        "check the time in Khanza (or another program sending), then «Resend»",
    ),
    "time-not-on-service-date": _step(
        "waktu task tidak pada tanggal pelayanan",
        "task time not on the service date",
        "perbaiki waktu di Khanza, lalu «Kirim ulang»",
        "correct the time in Khanza, then «Resend»",
    ),
}


def _reason(reason: Reason | Mapping[str, Any] | str | None) -> Reason | None:
    return reason if isinstance(reason, Reason) else Reason.from_json(reason)


def rejection_rule(reason: Reason | Mapping[str, Any] | str | None) -> str | None:
    """The answer rule a ``BPJS_REJECTED`` reason's message matches (None: not one we know)."""
    r = _reason(reason)
    if r is None or r.code != "BPJS_REJECTED":
        return None
    code = str(r.params.get("code") or "")
    bpjs_code = int(code) if code.isdecimal() else None
    rule = classify(200, bpjs_code, str(r.params.get("message") or "")).rule
    return rule if rule in REJECTIONS else None


def cause_key(reason: Reason | Mapping[str, Any] | str | None) -> str:
    """What tasks failing "for the same cause" share: the code, for a BPJS refusal the rule
    (or BPJS's exact words when no rule knows them)."""
    r = _reason(reason)
    if r is None:
        return ""
    if r.code == "BPJS_REJECTED":
        rule = rejection_rule(r)
        return f"BPJS_REJECTED:{rule or r.params.get('message', '')}"
    if r.code == "TEXT":
        return f"TEXT:{r.params.get('text', '')}"
    return r.code


def step_for(reason: Reason | Mapping[str, Any] | str | None) -> Step | None:
    r = _reason(reason)
    if r is None:
        return None
    rule = rejection_rule(r)
    if rule is not None:
        return REJECTIONS[rule]
    return STEPS.get(r.code)


def next_step(reason: Reason | Mapping[str, Any] | str | None, language: str = "id") -> str:
    """The one-line "Langkah perbaikan" of a reason ('' for none)."""
    step = step_for(reason)
    if step is None:
        return ""
    text = step.fix_text(language)
    return text[:1].upper() + text[1:]


def guide_anchor(reason: Reason | Mapping[str, Any] | str | None) -> str:
    """The reason code whose row of the troubleshooting guide explains it ('' for none)."""
    r = _reason(reason)
    return r.code if r is not None else ""
