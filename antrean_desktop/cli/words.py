"""What the command line prints for people, in Bahasa Indonesia (the default) and English.

The language is ``[hospital] language`` of the configuration, or ``--lang`` (which wins); before
the configuration is read (a bad ``--date``, a broken file) it is ``--lang``, else the file's
``language`` line if it can be read, else Indonesian (:func:`early_language`). Machine-readable
output (``--json``, CSV and Excel keys) and the log stay as they are. Every sentence is one
:class:`~antrean_desktop.domain.words.Text` here, so ``check``'s or ``sync``'s words are written
once.
"""

from __future__ import annotations

import argparse
import contextvars
from collections.abc import Sequence

from antrean_desktop.domain.words import DEFAULT_LANGUAGE, LANGUAGES, Text

#: the language of the command now running (set by ``main`` before the arguments are read, so a
#: bad ``--date`` is named in it too)
_LANGUAGE: contextvars.ContextVar[str] = contextvars.ContextVar(
    "cli_language", default=DEFAULT_LANGUAGE
)


def language() -> str:
    return _LANGUAGE.get()


def use_language(value: str) -> None:
    _LANGUAGE.set(value if value in LANGUAGES else DEFAULT_LANGUAGE)


def early_language(argv: Sequence[str] | None) -> str:
    """``--lang``, else the configuration file's ``[hospital] language``, else Indonesian: the
    language of what is said before (or because) the configuration cannot be loaded."""
    import sys

    pre = argparse.ArgumentParser(add_help=False)
    pre.add_argument("--lang")
    pre.add_argument("--config")
    known, _ = pre.parse_known_args(sys.argv[1:] if argv is None else list(argv))
    if known.lang in LANGUAGES:
        return known.lang
    return _file_language(known.config) or DEFAULT_LANGUAGE


def _file_language(cli_path: str | None) -> str | None:
    import tomllib

    from antrean_desktop.config import decode_toml_bytes, resolve_path

    try:
        path = resolve_path(cli_path)  # --config, else $ANTREAN_CONFIG, else the default
        data = tomllib.loads(decode_toml_bytes(path, path.read_bytes()))
        value = data["hospital"]["language"].strip()
    except Exception:  # any trouble is the configuration error's to name
        return None
    return value if value in LANGUAGES else None


# --- main and what every command shares ----------------------------------------------------------
CONFIG_ERROR = Text(
    "antrean-desktop: kesalahan konfigurasi: {detail}",
    "antrean-desktop: configuration error: {detail}",
)
THE_CONFIGURATION = Text("konfigurasi", "the configuration")
STORE_CANNOT_OPEN = Text(
    "penyimpanan lokal {where} tidak dapat dibuka: {detail}",
    "local store {where} cannot be opened: {detail}",
)
BPJS_KEYS_MISSING = Text(
    "{where}: [bpjs] {keys} belum diisi (isi di berkas itu, di keyring sistem operasi atau di "
    "ANTREAN_BPJS_CONS_ID / ANTREAN_BPJS_SECRET_KEY / ANTREAN_BPJS_USER_KEY)",
    "{where}: [bpjs] {keys} not set (put them in the file, the OS keyring or "
    "ANTREAN_BPJS_CONS_ID / ANTREAN_BPJS_SECRET_KEY / ANTREAN_BPJS_USER_KEY)",
)
KHANZA_URL_MISSING = Text(
    "{where}: [khanza] url belum diisi (atau ANTREAN_KHANZA_URL)",
    "{where}: [khanza] url not set (or ANTREAN_KHANZA_URL)",
)
#: ``detail`` is the reader's own (English) line, which already says so in English
KHANZA_CANNOT_READ = Text("database Khanza tidak dapat dibaca: {detail}", "{detail}")
SUMMARY = Text(
    "{day}: {visits} kunjungan; terkirim {sent}, diblokir {blocked}, gagal {failed}, "
    "menunggu {waiting}",
    "{day}: {visits} visits; sent {sent}, blocked {blocked}, failed {failed}, waiting {waiting}",
)
FUTURE_DATE = Text("--date {day} masih di masa depan", "--date {day} is in the future")

# --- argument values (cli/dates.py) ----------------------------------------------------------
BAD_DATE = Text(
    "'{text}' bukan tanggal berbentuk YYYY-MM-DD", "'{text}' is not a date in the form YYYY-MM-DD"
)
BAD_DAYS = Text(
    "'{text}' bukan jumlah hari dari 1 sampai {most} (BPJS menerima waktu task sampai {window} "
    "hari setelah tanggal pelayanan)",
    "'{text}' is not a number of days from 1 to {most} (BPJS takes task times for {window} days "
    "after the service date)",
)
BAD_TASK = Text(
    "'{text}' bukan nomor task BPJS (salah satu dari {allowed})",
    "'{text}' is not a BPJS task id (one of {allowed})",
)

# --- status ------------------------------------------------------------------------------------
STATUS_HEADER = Text("{day}  {visits} kunjungan", "{day}  {visits} visits")
COLUMN_PROBLEM = Text("masalah", "problem")
TASK_PROBLEM = Text("task {task}: {reason}", "task {task}: {reason}")
PAUSED = Text("DIJEDA ({kind}): {banner} [{detail}]", "PAUSED ({kind}): {banner} [{detail}]")
#: a pause without an error to quote (the operator's HELD)
PAUSED_PLAIN = Text("DIJEDA ({kind}): {banner}", "PAUSED ({kind}): {banner}")
PROBLEM = Text("MASALAH: {text}", "PROBLEM: {text}")

# --- sync --------------------------------------------------------------------------------------
SYNC_OUTAGE = Text(
    "BPJS tidak dapat dihubungi ({detail}); pengiriman dijeda tanpa memakai jatah percobaan: "
    "task menunggu di antrean sampai sync atau run berikutnya",
    "BPJS cannot be reached ({detail}); sending paused, no attempt spent: the jobs wait in the "
    "queue for the next sync or run",
)
SYNC_AUTH = Text(
    "BPJS menolak autentikasi ({detail}): periksa cons_id, secret_key, user_key dan jam komputer "
    "ini; tidak ada yang hilang, task menunggu di antrean",
    "BPJS refused authentication ({detail}): check cons_id, secret_key, user_key and this PC's "
    "clock; nothing was lost, the jobs wait in the queue",
)

# --- resend ------------------------------------------------------------------------------------
RESEND_WHICH = Text(
    "sebutkan nomor rawat (no_rawat) atau --failed, salah satu saja",
    "give either a visit id (no_rawat) or --failed",
)
RESEND_NOW_ALONE = Text(
    "--now berlaku untuk semua task yang menunggu; tanpa nomor rawat, --task atau --failed",
    "--now applies to every waiting task; give no visit id, --task or --failed with it",
)
RETRY_NOW_QUEUED = Text(
    "{count} task yang menunggu percobaan berikutnya dikirim pada putaran kirim berikutnya "
    "(antrean-desktop run atau jendela yang berjalan).",
    "{count} task(s) waiting for their next try go out on the next send round (a running "
    "antrean-desktop run or window).",
)
RESEND_TASK_NEEDS_VISIT = Text("--task perlu nomor rawat (no_rawat)", "--task needs a visit id")
BY_DESK = Text("{what} (oleh {desk})", "{what} (by {desk})")
DESK_NO_ANSWER = Text(
    "{desk} mengirim ke BPJS tetapi tidak menjawab permintaan ini dalam {seconds} detik; "
    "permintaan dibatalkan. Coba lagi sebentar lagi.",
    "{desk} sends to BPJS but did not answer this request within {seconds} s; the request was "
    "withdrawn. Try again in a moment.",
)
DESK_REFUSED = Text(
    "{desk} tidak dapat melakukannya; rinciannya ada di log PC itu.",
    "{desk} could not do it; the details are in that PC's log.",
)
DESK_SYNC_FAILED = Text(
    "{desk} membaca Khanza dengan masalah; lihat antrean-desktop status dan log PC itu.",
    "{desk} read Khanza with a problem; see antrean-desktop status and that PC's log.",
)
SYNC_BY_DESK = Text(
    "{desk} mengirim ke BPJS dari penyimpanan bersama ini: Khanza sudah dibaca dan yang siap "
    "dikirim olehnya.",
    "{desk} sends to BPJS from this shared store: it read Khanza and sends what is ready.",
)
RESEND_DAY_QUEUED = Text(
    "{count} task gagal tanggal {day} masuk antrean lagi; dikirim pada putaran kirim berikutnya.",
    "{count} failed task(s) of {day} queued again; they go out on the next send round.",
)
RESEND_VISIT_QUEUED = Text(
    "{count} task kunjungan {visit} masuk antrean lagi; dikirim pada putaran kirim berikutnya.",
    "{count} task(s) of {visit} queued again; they go out on the next send round.",
)

# --- reconcile ---------------------------------------------------------------------------------
RECONCILE_SUMMARY = Text(
    "{day}: {checked} booking diperiksa di BPJS, {mismatches} selisih",
    "{day}: {checked} booking(s) checked at BPJS, {mismatches} mismatch(es)",
)
RECONCILE_FIXED = Text(", {fixed} diperbaiki", ", {fixed} fixed")
RECONCILE_BOOKING = Text("booking", "booking")
RECONCILE_TASK = Text("task {task}", "task {task}")
RECONCILE_OURS = Text("kami", "ours")
RECONCILE_LEFT = Text(
    "{left} masih bisa dikirim ulang: jalankan 'antrean-desktop reconcile --fix'.",
    "{left} can still be sent again: run 'antrean-desktop reconcile --fix'.",
)

# --- report ------------------------------------------------------------------------------------
REPORT_WRITTEN = Text(
    "{rows} baris untuk {start}..{end} ditulis ke {target}",
    "{rows} row(s) for {start}..{end} written to {target}",
)
CANNOT_WRITE = Text(
    "{target}: tidak dapat ditulis: {detail}", "{target}: cannot be written: {detail}"
)
#: the report table's column titles, in order (the second "p90" is the service time's)
REPORT_COLUMNS = (
    Text("tanggal", "date"),
    Text("poli", "poli"),
    Text("klinik", "clinic"),
    Text("JKN", "JKN"),
    Text("booking", "booked"),
    Text("lengkap", "complete"),
    Text("%", "%"),
    Text("beda", "differs"),
    Text("tunggu", "wait"),
    Text("p90", "p90"),
    Text("layan", "service"),
    Text("p90", "p90"),
)
REPORT_TOTAL = Text("TOTAL", "TOTAL")

# --- db ----------------------------------------------------------------------------------------
DB_ALREADY = Text(
    "Penyimpanan {where} sudah di versi {version}; tidak ada yang perlu dilakukan.",
    "Store {where} is already at version {version}; nothing to do.",
)
DB_MIGRATED = Text(
    "Penyimpanan {where} dimigrasi dari {before} ke {after}.",
    "Store {where} migrated from {before} to {after}.",
)
DB_EMPTY = Text("kosong", "empty")
DB_NO_MIGRATION = Text("kosong (belum ada migrasi)", "empty (no migration applied)")
DB_NOW_AT = Text(
    "Penyimpanan {where} sekarang di versi {version}.", "Store {where} is now at version {version}."
)
