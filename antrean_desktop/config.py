"""Configuration: a TOML file plus secrets from the environment or the OS keyring.

Path: ``--config``, else ``ANTREAN_CONFIG``, else ``config.toml`` in the user config dir. Every
problem is reported as one :class:`ConfigError` naming the file, the key and what was expected.
"""

from __future__ import annotations

import difflib
import logging
import math
import os
import re
import tomllib
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any
from urllib.parse import quote, quote_plus
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import platformdirs
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError

from antrean_desktop.domain.booking import QuotaSettings, parse_quota_override
from antrean_desktop.domain.task_states import MIN_KEEP_VISITS_DAYS, SEND_WINDOW_DAYS
from antrean_desktop.domain.tasks import (
    CONFIGURABLE_TASKS,
    DEFAULT_TASKS,
    TASK_CHAINS,
)
from antrean_desktop.domain.words import Said, Text

log = logging.getLogger("antrean.config")

APP_NAME = "AntreanDesktop"
APP_AUTHOR = "AntreanDesktop"
KEYRING_SERVICE = "antrean-desktop"
DEV_BASE_URL = "https://apijkn-dev.bpjs-kesehatan.go.id/antreanrs_dev"
#: the default: a hospital reports to BPJS's production host (the dev host is for trials)
PRODUCTION_BASE_URL = "https://apijkn.bpjs-kesehatan.go.id/antreanrs"
PROFILES = ("khanza", "task-columns")
#: ``[khanza] task5_fallback``: "none", or the outpatient bill time (``nota_jalan``)
TASK5_FALLBACKS = ("none", "nota_jalan")
NOTES_WITHOUT_AUTHOR = ("hold", "any")
#: secret name -> environment variable; the keyring uses the secret name as user name
SECRET_ENV = {
    "bpjs.cons_id": "ANTREAN_BPJS_CONS_ID",
    "bpjs.secret_key": "ANTREAN_BPJS_SECRET_KEY",
    "bpjs.user_key": "ANTREAN_BPJS_USER_KEY",
    "khanza.url": "ANTREAN_KHANZA_URL",
}


class ConfigError(Said):
    """A configuration problem, with a message fit to show as is: ``str()`` in English (the log,
    the settings dialog), :meth:`text` in the user's language (the command line).

    ``file`` and ``line`` say where it is, when known (the window's start-up message shows them
    and opens the file)."""

    file: Path | None = None
    line: int | None = None


# what a configuration error says (Bahasa Indonesia, English)
BAD_VALUE = Text(
    "{path}: [{section}] {key} = {shown}: seharusnya {expected}",
    "{path}: [{section}] {key} = {shown}: expected {expected}",
)
HIDDEN = Text("(disembunyikan)", "(hidden)")
WRONG_DRIVER = Text(
    "{path}: [khanza] url memakai '{driver}': seharusnya {expected}",
    "{path}: [khanza] url uses '{driver}': expected {expected}",
)
CANNOT_READ = Text("{path}: tidak dapat dibaca: {detail}", "{path}: cannot be read: {detail}")
NOT_TOML = Text(
    "{path}: bukan TOML yang sah: {detail}: seharusnya judul [bagian] dan baris kunci = nilai, "
    'teks dalam "tanda kutip ganda"',
    "{path}: not valid TOML: {detail}: expected [section] headers and key = value lines, text in "
    '"double quotes"',
)
NOT_FOUND = Text(
    "{path}: berkas konfigurasi tidak ditemukan", "{path}: configuration file not found"
)
UNKNOWN_SECTION = Text(
    "{path}: bagian [{name}] tidak dikenal{hint}: seharusnya salah satu dari {known}",
    "{path}: unknown section [{name}]{hint}: expected one of {known}",
)
SECTION_HINT = Text(" (maksudnya [{hint}]?)", " (did you mean [{hint}]?)")
NOT_A_SECTION = Text(
    "{path}: {name} harus berupa bagian [{name}], bukan satu nilai",
    "{path}: {name} must be a section [{name}], not a single value",
)
UNKNOWN_KEY = Text(
    "{path}: [{section}] kunci {key} tidak dikenal{hint}: seharusnya salah satu dari {known}",
    "{path}: [{section}] unknown key {key}{hint}: expected one of {known}",
)
KEY_HINT = Text(" (maksudnya '{hint}'?)", " (did you mean '{hint}'?)")
SAVE_AS_UTF8 = Text(
    "simpan sebagai UTF-8 (Notepad: File, Save as, Encoding: UTF-8)",
    "save it as UTF-8 (Notepad: File, Save as, Encoding: UTF-8)",
)
UTF16 = Text(
    "{path}: berkas ini teks UTF-16, bukan UTF-8: {fix}",
    "{path}: the file is UTF-16 text, not UTF-8: {fix}",
)
NOT_UTF8 = Text(
    "{path}: baris {line} bukan teks UTF-8 (byte 0x{byte:02x}, mungkin Windows-1252): {fix}",
    "{path}: line {line} is not UTF-8 text (byte 0x{byte:02x}, perhaps Windows-1252): {fix}",
)
URL_BAD = Text(
    "{where} = (disembunyikan): seharusnya {expected}", "{where} = (hidden): expected {expected}"
)
URL_AT = Text(
    "{where} = (disembunyikan): kata sandi atau nama pengguna mengandung '@': seharusnya '@' "
    "ditulis sebagai %40 (dan ':' sebagai %3A, '/' sebagai %2F)",
    "{where} = (hidden): the password or user name contains '@': expected '@' written as %40 "
    "(and ':' as %3A, '/' as %2F)",
)
URL_PORT = Text(
    "{where} = (disembunyikan): port bukan angka: seharusnya host:3306",
    "{where} = (hidden): the port is not a number: expected host:3306",
)
URL_QUERY_PASSWORD = Text(
    "{where} = (disembunyikan): kata sandi ada di bagian '?{name}=' URL, yang tidak disembunyikan "
    "di pesan dan log: seharusnya user:kata_sandi@host",
    "{where} = (hidden): the password is in the URL's '?{name}=' part, which messages and the log "
    "would show: expected user:password@host",
)
UNKNOWN_SETTING = Text("pengaturan {key} tidak dikenal", "unknown setting {key}")


def user_config_dir() -> Path:
    return Path(platformdirs.user_config_dir(APP_NAME, APP_AUTHOR, roaming=True))


def user_data_dir() -> Path:
    return Path(platformdirs.user_data_dir(APP_NAME, APP_AUTHOR))


def user_log_dir() -> Path:
    return Path(platformdirs.user_log_dir(APP_NAME, APP_AUTHOR))


def default_config_path() -> Path:
    return user_config_dir() / "config.toml"


@dataclass(frozen=True)
class KhanzaConfig:
    url: str = field(default="", repr=False)  # may carry the password
    profile: str = "khanza"
    jkn_payer_codes: tuple[str, ...] = ("BPJ",)
    include_non_jkn: bool = False
    excluded_clinics: tuple[str, ...] = ()
    task5_fallback: str = "none"
    #: where pemeriksaan_ralan.nip is missing: "hold" tasks 4/5 that only notes could give, or
    #: take "any" note (the earliest for task 4, the latest for task 5)
    notes_without_author: str = "hold"
    #: limits on the connection to Khanza's database (PyMySQL), so a silent server cannot hang us
    connect_timeout_seconds: float = 10.0
    read_timeout_seconds: float = 30.0
    write_timeout_seconds: float = 30.0


#: the store keeps BPJS request bodies at least as long as BPJS accepts the visit's data
MIN_KEEP_DAYS = SEND_WINDOW_DAYS


#: a shorter takeover time would let a desk busy for a moment (a slow store) lose its turn
MIN_TAKEOVER_SECONDS = 5


@dataclass(frozen=True)
class StoreConfig:
    url: str = field(default="", repr=False)  # may carry a password (MariaDB store)
    keep_days: int = 90
    #: whole visits (task times, jobs, audit lines) older than this are removed; 0 = never
    keep_visits_days: int = 400
    #: on a shared (MariaDB) store, a viewer desk takes over sending when the active desk's
    #: heartbeat is older than this (docs/several-desks.md)
    takeover_seconds: int = 20
    #: this desk's name on a shared store ("Dikirim oleh LOKET-2"); empty = the PC's host name
    desk_name: str = ""


@dataclass(frozen=True)
class BpjsConfig:
    base_url: str = PRODUCTION_BASE_URL
    cons_id: str = field(default="", repr=False)  # kept in the keyring like the keys
    secret_key: str = field(default="", repr=False)
    user_key: str = field(default="", repr=False)
    timeout_seconds: float = 15.0
    #: one call may take at most this long in total (connect + the whole answer)
    deadline_seconds: float = 30.0
    #: a bigger answer is not read (RETRYABLE, BPJS_ANSWER_TOO_BIG)
    max_answer_bytes: int = 4 * 1024 * 1024
    verify_tls: bool = True


@dataclass(frozen=True)
class ScheduleConfig:
    poll_seconds: int = 30
    worker_seconds: int = 5


@dataclass(frozen=True)
class WorkerConfig:
    max_attempts: int = 5
    backoff_seconds: float = 30.0
    concurrency: int = 4
    auth_probe_seconds: float = 300.0  # while BPJS refuses our credentials, one try this often
    outage_probe_seconds: float = 60.0  # while BPJS cannot be reached, one try this often


@dataclass(frozen=True)
class ReconcileConfig:
    """Comparing with what BPJS has recorded (only while nothing waits to be sent)."""

    calls_per_second: float = 2.0
    evening_at: str = "20:00"  # today is reconciled once at this hospital-local time
    window_at: str = "02:00"  # the days still inside BPJS's H+7 window, once a day (off-peak)


@dataclass(frozen=True)
class HospitalConfig:
    timezone: str = "Asia/Jakarta"
    tasks: tuple[int, ...] = DEFAULT_TASKS
    minutes_per_patient: int = 10
    keterangan: str = "Peserta harap 30 menit lebih awal guna pencatatan administrasi."
    alasan_batal: str = "Pasien batal berobat"
    language: str = "id"
    #: quotas for a Khanza whose ``jadwal`` has no ``kuota`` column (None = not set)
    quota_jkn: int | None = None
    quota_nonjkn: int | None = None
    #: per clinic or doctor: "poli:INT=30/10", "dokter:D001=20/5" (JKN/NON JKN)
    quota_overrides: tuple[str, ...] = ()

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    @property
    def quotas(self) -> QuotaSettings:
        return QuotaSettings(self.quota_jkn, self.quota_nonjkn, self.quota_overrides)


@dataclass(frozen=True)
class Config:
    path: Path | None = None
    #: the embedded demo hospital (``--demo``): local Khanza, local BPJS, separate store
    demo: bool = False
    khanza: KhanzaConfig = field(default_factory=KhanzaConfig)
    store: StoreConfig = field(default_factory=StoreConfig)
    bpjs: BpjsConfig = field(default_factory=BpjsConfig)
    schedule: ScheduleConfig = field(default_factory=ScheduleConfig)
    worker: WorkerConfig = field(default_factory=WorkerConfig)
    hospital: HospitalConfig = field(default_factory=HospitalConfig)
    reconcile: ReconcileConfig = field(default_factory=ReconcileConfig)

    @property
    def store_url(self) -> str:
        return self.store.url or f"sqlite:///{(user_data_dir() / 'antrean.db').as_posix()}"


_SECTIONS: dict[str, type] = {
    "khanza": KhanzaConfig,
    "store": StoreConfig,
    "bpjs": BpjsConfig,
    "schedule": ScheduleConfig,
    "worker": WorkerConfig,
    "hospital": HospitalConfig,
    "reconcile": ReconcileConfig,
}

# what keys share
_SECONDS = Text("angka detik lebih dari 0", "a number of seconds greater than 0")
_BOOL = Text("true atau false", "true or false")
_WHOLE = Text("bilangan bulat, paling sedikit 1", "a whole number, at least 1")
_WHOLE_SECONDS = Text(
    "jumlah detik (bilangan bulat), paling sedikit 1", "a whole number of seconds, at least 1"
)
_ONE_OF = ", ".join

# key -> (kind, what is expected)
_EXPECT: dict[str, tuple[str, Text]] = {
    "khanza.url": (
        "url",
        Text(
            "URL SQLAlchemy seperti mysql+pymysql://user:password@host:3306/sik",
            "a SQLAlchemy URL such as mysql+pymysql://user:password@host:3306/sik",
        ),
    ),
    "khanza.profile": (
        "profile",
        Text(f"salah satu dari {_ONE_OF(PROFILES)}", f"one of {_ONE_OF(PROFILES)}"),
    ),
    "khanza.jkn_payer_codes": (
        "strlist",
        Text('daftar kode penjamin seperti ["BPJ"]', 'a list of payer codes such as ["BPJ"]'),
    ),
    "khanza.include_non_jkn": ("bool", _BOOL),
    "khanza.excluded_clinics": (
        "strlist",
        Text('daftar kode poli seperti ["IGDK"]', 'a list of clinic codes such as ["IGDK"]'),
    ),
    "khanza.task5_fallback": (
        "fallback",
        Text(
            f"salah satu dari {_ONE_OF(repr(f) for f in TASK5_FALLBACKS)} (sumber task 5 bila "
            "catatan dokter tidak memberi waktu yang lebih lambat dari task 4)",
            f"one of {_ONE_OF(repr(f) for f in TASK5_FALLBACKS)} (where task 5 comes from when "
            "the doctor's notes give nothing later than task 4)",
        ),
    ),
    "khanza.notes_without_author": ("notes", Text('"hold" atau "any"', '"hold" or "any"')),
    "khanza.connect_timeout_seconds": ("posnum", _SECONDS),
    "khanza.read_timeout_seconds": ("posnum", _SECONDS),
    "khanza.write_timeout_seconds": ("posnum", _SECONDS),
    "store.url": (
        "url",
        Text(
            "URL SQLAlchemy seperti sqlite:///C:/data/antrean.db",
            "a SQLAlchemy URL such as sqlite:///C:/data/antrean.db",
        ),
    ),
    "store.keep_days": (
        "keepdays",
        Text(
            f"jumlah hari (bilangan bulat), paling sedikit {MIN_KEEP_DAYS} (jendela kirim BPJS)",
            f"a whole number of days, at least {MIN_KEEP_DAYS} (the BPJS sending window)",
        ),
    ),
    "store.keep_visits_days": (
        "keepvisits",
        Text(
            f"0 (simpan semua kunjungan) atau jumlah hari (bilangan bulat), paling sedikit "
            f"{MIN_KEEP_VISITS_DAYS} (tren 30 hari di dasbor)",
            f"0 (keep every visit) or a whole number of days, at least {MIN_KEEP_VISITS_DAYS} "
            "(the dashboard's 30-day trend)",
        ),
    ),
    "store.takeover_seconds": (
        "takeover",
        Text(
            "jumlah detik (bilangan bulat), paling sedikit 5",
            "a whole number of seconds, at least 5",
        ),
    ),
    "store.desk_name": ("str", Text("nama meja berupa teks", "the desk's name as text")),
    "bpjs.base_url": (
        "http",
        Text("URL http(s) seperti " + DEV_BASE_URL, "an http(s) URL such as " + DEV_BASE_URL),
    ),
    "bpjs.cons_id": ("str", Text("consumer id berupa teks", "the consumer id as text")),
    "bpjs.secret_key": ("str", Text("consumer secret berupa teks", "the consumer secret as text")),
    "bpjs.user_key": ("str", Text("user_key Antrean berupa teks", "the Antrean user_key as text")),
    "bpjs.timeout_seconds": ("posnum", _SECONDS),
    "bpjs.deadline_seconds": ("posnum", _SECONDS),
    "bpjs.max_answer_bytes": (
        "posint",
        Text(
            "jumlah byte (bilangan bulat), paling sedikit 1", "a whole number of bytes, at least 1"
        ),
    ),
    "bpjs.verify_tls": ("bool", _BOOL),
    "schedule.poll_seconds": ("posint", _WHOLE_SECONDS),
    "schedule.worker_seconds": ("posint", _WHOLE_SECONDS),
    "worker.max_attempts": ("posint", _WHOLE),
    "worker.backoff_seconds": ("posnum", _SECONDS),
    "worker.concurrency": ("posint", _WHOLE),
    "worker.auth_probe_seconds": ("posnum", _SECONDS),
    "worker.outage_probe_seconds": ("posnum", _SECONDS),
    "hospital.timezone": (
        "tz",
        Text(
            "zona waktu IANA seperti Asia/Jakarta, Asia/Makassar, Asia/Jayapura",
            "an IANA time zone such as Asia/Jakarta, Asia/Makassar, Asia/Jayapura",
        ),
    ),
    "hospital.tasks": (
        "tasks",
        Text(
            "3, 4, 5 berurutan, lalu boleh 6 atau 6 dan 7, dengan atau tanpa 99: "
            "[3, 4, 5], [3, 4, 5, 6], [3, 4, 5, 6, 7], masing-masing boleh dengan 99",
            "3, 4, 5 in a chain, then optionally 6 or 6 and 7, with or without 99: "
            "[3, 4, 5], [3, 4, 5, 6], [3, 4, 5, 6, 7], each optionally with 99",
        ),
    ),
    "hospital.minutes_per_patient": (
        "posint",
        Text(
            "jumlah menit (bilangan bulat), paling sedikit 1",
            "a whole number of minutes, at least 1",
        ),
    ),
    "hospital.keterangan": ("str", Text("teks pendek", "a short text")),
    "hospital.alasan_batal": (
        "text",
        Text(
            "teks pendek yang tidak kosong, alasan yang dikirim bersama antrean/batal",
            "a short non-empty text, the reason sent with antrean/batal",
        ),
    ),
    "hospital.language": (
        "lang",
        Text(
            '"id" (Bahasa Indonesia) atau "en" (English)',
            'either "id" (Bahasa Indonesia) or "en" (English)',
        ),
    ),
    "hospital.quota_jkn": (
        "quota",
        Text(
            "kosong, atau kuota JKN per sesi dokter (bilangan bulat, paling sedikit 1), dipakai "
            "bila tabel jadwal Khanza tidak punya kolom kuota",
            "empty, or the JKN quota of a doctor's session (a whole number, at least 1), used "
            "where Khanza's jadwal table has no kuota column",
        ),
    ),
    "hospital.quota_nonjkn": (
        "quota",
        Text(
            "kosong, atau kuota NON JKN per sesi dokter (bilangan bulat, paling sedikit 1), "
            "dipakai bila tabel jadwal Khanza tidak punya kolom kuota",
            "empty, or the NON JKN quota of a doctor's session (a whole number, at least 1), "
            "used where Khanza's jadwal table has no kuota column",
        ),
    ),
    "hospital.quota_overrides": (
        "quotas",
        Text(
            'daftar kuota per poli atau dokter, JKN/NON JKN, paling sedikit 1: ["poli:INT=30/10", '
            '"dokter:D001=20/5"]',
            "a list of quotas per clinic or doctor, JKN/NON JKN, each at least 1: "
            '["poli:INT=30/10", "dokter:D001=20/5"]',
        ),
    ),
    "reconcile.calls_per_second": (
        "posnum",
        Text(
            "jumlah panggilan per detik lebih dari 0",
            "a number of calls per second greater than 0",
        ),
    ),
    "reconcile.evening_at": ("hhmm", Text('jam seperti "20:00"', 'a time of day such as "20:00"')),
    "reconcile.window_at": ("hhmm", Text('jam seperti "02:00"', 'a time of day such as "02:00"')),
}


def _shown(text: str, *, quote: bool = False) -> str:
    """A name from the file as it may appear in a one-line message."""
    if not text.isprintable():
        return repr(text)
    return f"'{text}'" if quote else text


def _fail(path: Path | str, key: str, expected: Text, got: Any) -> ConfigError:
    shown = HIDDEN if key in SECRET_KEYS or key.endswith(".url") else repr(got)
    section, name = key.split(".")
    return ConfigError(
        BAD_VALUE, path=path, section=section, key=name, shown=shown, expected=expected
    )


def _check(path: Path | str, key: str, value: Any) -> Any:
    kind, expected = _EXPECT[key]
    bad = _fail(path, key, expected, value)
    if kind in ("str", "url", "http", "profile", "tz", "lang", "fallback", "notes", "hhmm"):
        if not isinstance(value, str):
            raise bad
        value = value.strip()
    if kind == "url" and value:
        url = parse_url(value, f"{path}: [{key.split('.')[0]}] {key.split('.')[1]}", expected)
        if key == "khanza.url" and not url.drivername.startswith(("mysql", "mariadb")):
            raise ConfigError(WRONG_DRIVER, path=path, driver=url.drivername, expected=expected)
    elif kind == "http":
        if not value.startswith(("http://", "https://")) or len(value) < 10:
            raise bad
        value = value.rstrip("/")
    elif (
        kind == "profile" and value not in PROFILES or kind == "lang" and value not in ("id", "en")
    ):
        raise bad
    elif kind == "hhmm":
        parts = value.split(":")
        if not (
            len(parts) == 2
            and all(p.isdigit() and len(p) == 2 for p in parts)
            and int(parts[0]) < 24
            and int(parts[1]) < 60
        ):
            raise bad
    elif kind == "tz":
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise _fail(path, key, expected, value) from None
    elif kind == "bool":
        if not isinstance(value, bool):
            raise bad
    elif kind in ("posint", "keepdays", "keepvisits", "takeover"):
        least = {
            "keepdays": MIN_KEEP_DAYS,
            "keepvisits": MIN_KEEP_VISITS_DAYS,
            "takeover": MIN_TAKEOVER_SECONDS,
        }.get(kind, 1)
        if isinstance(value, bool) or not isinstance(value, int):
            raise bad
        if value < least and not (kind == "keepvisits" and value == 0):
            raise bad
    elif kind == "posnum":
        if (
            isinstance(value, bool)
            or not isinstance(value, int | float)
            or not math.isfinite(value)
            or value <= 0
        ):
            raise bad
        value = float(value)
    elif kind in ("strlist", "quotas"):
        if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
            raise bad
        value = tuple(v.strip() for v in value)
        if kind == "quotas":
            try:
                value = tuple(v.replace(" ", "") for v in value if parse_quota_override(v))
            except ValueError:
                raise bad from None
    elif kind == "quota":  # empty = not set; never 0 (BPJS refuses a quota of 0)
        if value is None or value == "":
            return None
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            raise bad
    elif kind == "tasks":
        if not isinstance(value, list) or not all(
            isinstance(v, int) and not isinstance(v, bool) and v in CONFIGURABLE_TASKS
            for v in value
        ):
            raise bad
        value = tuple(sorted(set(value), key=lambda t: (t == 99, t)))
        if tuple(t for t in value if t != 99) not in TASK_CHAINS:  # a gap: BPJS refuses the rest
            raise bad
    elif kind == "fallback":
        if value not in TASK5_FALLBACKS:
            raise bad
    elif kind == "notes":
        if value not in NOTES_WITHOUT_AUTHOR:
            raise bad
    elif kind == "text":
        if not isinstance(value, str) or not value.strip():
            raise bad
        value = value.strip()
    return value


def _keyring_get(name: str) -> str | None:
    try:
        import keyring

        return keyring.get_password(KEYRING_SERVICE, name)
    except Exception as exc:  # no backend, locked store, ...: secrets may come from elsewhere
        log.debug("keyring unavailable for %s: %s", name, type(exc).__name__)
        return None


def keyring_set(name: str, value: str) -> None:
    """Store a secret in the OS keyring (the settings dialog uses this)."""
    import keyring

    keyring.set_password(KEYRING_SERVICE, name, value)


def resolve_path(cli_path: str | os.PathLike[str] | None) -> Path:
    if cli_path:
        return Path(cli_path)
    env = os.environ.get("ANTREAN_CONFIG")
    return Path(env) if env else default_config_path()


def load_config(
    cli_path: str | os.PathLike[str] | None = None,
    *,
    environ: dict[str, str] | None = None,
    use_keyring: bool = True,
    must_exist: bool | None = None,
) -> Config:
    """Read and validate the configuration; raise ConfigError with a one-line message.

    A missing file is an error when it was named explicitly (``--config``/``ANTREAN_CONFIG``);
    the default location may be absent (first run: defaults apply).
    """
    environ = os.environ if environ is None else environ
    path = resolve_path(cli_path)
    explicit = bool(cli_path) or bool(environ.get("ANTREAN_CONFIG"))
    if must_exist is None:
        must_exist = explicit
    data: dict[str, Any] = {}
    text = ""
    if path.is_file():
        try:
            raw = path.read_bytes()
        except OSError as exc:
            raise ConfigError(CANNOT_READ, path=path, detail=exc.strerror) from None
        try:
            text = decode_toml_bytes(path, raw)
        except ConfigError as exc:
            exc.file, exc.line = path, exc.values.get("line")
            raise
        try:
            data = tomllib.loads(text)
        except tomllib.TOMLDecodeError as exc:
            error = ConfigError(NOT_TOML, path=path, detail=exc)
            found = re.search(r"at line (\d+)", str(exc))
            error.file, error.line = path, int(found.group(1)) if found else None
            raise error from None
    elif must_exist:
        raise ConfigError(NOT_FOUND, path=path)
    try:
        config = _from_data(path, data, text)
    except ConfigError as exc:
        exc.file = path
        raise
    return _with_secrets(config, environ, use_keyring)


def line_of(text: str, section: str, key: str | None = None) -> int | None:
    """The line (from 1) of ``[section]`` in TOML ``text``, or of ``key = ...`` inside it; None
    when not found (the message still names the section and key)."""
    current = None
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        header = re.fullmatch(r"\[\s*([^\]]+?)\s*\]\s*(#.*)?", stripped)
        if header:
            current = header.group(1).strip("\"' ")
            if key is None and current == section:
                return number
            continue
        name = stripped.partition("=")[0].strip().strip("\"'")
        if "=" in stripped and (
            (current == section and name == key)
            or (current is None and key is None and name == section)
        ):
            return number
    return None


def _from_data(path: Path, data: dict[str, Any], text: str) -> Config:
    """The configuration from ``text`` parsed as ``data``; a ConfigError carries the line of
    what it names."""
    sections: dict[str, Any] = {}
    for name, value in data.items():
        if name not in _SECTIONS:
            hint = difflib.get_close_matches(name, _SECTIONS, n=1)
            error = ConfigError(
                UNKNOWN_SECTION,
                path=path,
                name=_shown(name),
                hint=SECTION_HINT.bind(hint=hint[0]) if hint else "",
                known=", ".join(f"[{s}]" for s in _SECTIONS),
            )
            error.line = line_of(text, name)
            raise error
        if not isinstance(value, dict):
            error = ConfigError(NOT_A_SECTION, path=path, name=name)
            error.line = line_of(text, name)
            raise error
        cls = _SECTIONS[name]
        known = [f.name for f in fields(cls)]
        kwargs = {}
        for key, raw in value.items():
            if key not in known:
                hint = difflib.get_close_matches(key, known, n=1)
                error = ConfigError(
                    UNKNOWN_KEY,
                    path=path,
                    section=name,
                    key=_shown(key, quote=True),
                    hint=KEY_HINT.bind(hint=hint[0]) if hint else "",
                    known=", ".join(known),
                )
                error.line = line_of(text, name, key)
                raise error
            try:
                kwargs[key] = _check(path, f"{name}.{key}", raw)
            except ConfigError as error:
                error.line = line_of(text, name, key)
                raise
        sections[name] = cls(**kwargs)
    return Config(path=path, **sections)


def decode_toml_bytes(path: Path | str, raw: bytes) -> str:
    """The file's text: UTF-8, with or without a byte-order mark (Notepad writes one). Any other
    encoding is a ConfigError naming the problem and the fix."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")) or raw[:2].count(0) == 1:
        raise ConfigError(UTF16, path=path, fix=SAVE_AS_UTF8)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise ConfigError(
            NOT_UTF8, path=path, line=line, byte=raw[exc.start], fix=SAVE_AS_UTF8
        ) from None
    return text.removeprefix("\ufeff")


def _with_secrets(config: Config, environ: dict[str, str], use_keyring: bool) -> Config:
    """File values win; then environment variables; then the OS keyring."""
    values: dict[str, str] = {}
    for name, env in SECRET_ENV.items():
        section, key = name.split(".")
        current = getattr(getattr(config, section), key)
        if current:
            continue
        value = environ.get(env) or (_keyring_get(name) if use_keyring else None)
        if value:
            values[name] = _check(f"${env}" if environ.get(env) else "keyring", name, value)
    bpjs = replace(
        config.bpjs, **{k.split(".")[1]: v for k, v in values.items() if k.startswith("bpjs.")}
    )
    khanza = config.khanza
    if "khanza.url" in values:
        khanza = replace(khanza, url=values["khanza.url"])
    return replace(config, bpjs=bpjs, khanza=khanza)


def parse_url(value: str, where: str, expected: Text) -> URL:
    """A database URL, or ConfigError "``where`` = (hidden): expected ..." naming the fix
    (never echoing the URL, which may carry a password).

    SQLAlchemy ends the password at the first ``@``, so an unencoded ``@`` in a password would
    make the rest of it part of the host name, and error messages would print it: refused here.
    """
    if value.partition("://")[2].partition("?")[0].count("@") > 1:
        raise ConfigError(URL_AT, where=where)
    try:
        url = make_url(value)
    except ArgumentError:
        raise ConfigError(URL_BAD, where=where, expected=expected) from None
    except ValueError:  # int(port) failed
        raise ConfigError(URL_PORT, where=where) from None
    if url.host and "@" in url.host:
        raise ConfigError(URL_AT, where=where)
    for name in url.query:  # PyMySQL takes these too, but no redaction knows about them
        if name.lower() in ("password", "passwd"):
            raise ConfigError(URL_QUERY_PASSWORD, where=where, name=name)
    return url


def insecure_transport(bpjs: BpjsConfig) -> tuple[str, ...]:
    """Why the connection to BPJS is not protected: "http" (no TLS at all) and/or "no-verify"
    (TLS without checking the server's certificate). Empty when it is."""
    why: list[str] = []
    if bpjs.base_url.lower().startswith("http://"):
        why.append("http")
    if not bpjs.verify_tls:
        why.append("no-verify")
    return tuple(why)


def is_unconfigured(config: Config) -> bool:
    """A first start: no configuration file, and no Khanza URL or BPJS credentials from the
    environment or the keyring (the window then offers the first-run setup or the demo)."""
    if config.demo or (config.path is not None and config.path.is_file()):
        return False
    return not (config.khanza.url or config.bpjs.cons_id or config.bpjs.user_key)


def redact_url(url: str) -> str:
    """The URL with its password hidden, for messages and logs."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except (ArgumentError, ValueError):
        return "(malformed URL)"


@dataclass(frozen=True)
class DatabaseUrlParts:
    """A database URL as Khanza's own database setting shows it (the settings dialog's fields);
    ``driver`` and ``query`` are the URL's own and kept when it is composed again."""

    host: str = ""
    port: int | None = None
    database: str = ""
    user: str = ""
    password: str = ""
    driver: str = "mysql+pymysql"
    query: tuple[tuple[str, str | tuple[str, ...]], ...] = ()


def split_database_url(url: str) -> DatabaseUrlParts:
    """The parts of ``url``; ValueError when it cannot be read as a database URL."""
    try:
        parsed = make_url(url)
    except ArgumentError as exc:
        raise ValueError(str(exc)) from None
    return DatabaseUrlParts(
        host=parsed.host or "",
        port=parsed.port,
        database=parsed.database or "",
        user=parsed.username or "",
        password="" if parsed.password is None else str(parsed.password),
        driver=parsed.drivername,
        query=tuple(parsed.query.items()),
    )


def compose_database_url(parts: DatabaseUrlParts) -> str:
    """The URL of ``parts``, user and password percent-encoded (the password kept in it)."""
    return URL.create(
        parts.driver,
        username=parts.user,
        password=parts.password or None,
        host=parts.host,
        port=parts.port,
        database=parts.database,
        query=dict(parts.query),
    ).render_as_string(hide_password=False)


def restore_hidden_password(text: str, original: str) -> str:
    """``text`` as typed over a URL shown without its password (:func:`redact_url`): a
    password still shown as ``***`` means "unchanged", so the original password is put back."""
    try:
        typed, before = make_url(text), make_url(original)
    except (ArgumentError, ValueError):
        return text  # the validator names the problem
    if typed.password != "***":
        return text
    return typed.set(password=before.password).render_as_string(hide_password=False)


def secret_values(config: Config) -> tuple[str, ...]:
    """Every secret of ``config`` as it could appear in text: the BPJS credentials and the
    passwords of the Khanza and store URLs, decoded and percent-encoded (for the log filter)."""
    values = [config.bpjs.cons_id, config.bpjs.secret_key, config.bpjs.user_key]
    for url in (config.khanza.url, config.store.url):
        try:
            password = make_url(url).password if url else None
        except (ArgumentError, ValueError):
            password = None
        if password:
            values += [str(password), quote(str(password), safe=""), quote_plus(str(password))]
    return tuple(dict.fromkeys(v for v in values if v))


def write_config(config: Config, path: Path, keep_in_file: frozenset[str] = frozenset()) -> None:
    """Write ``config`` as TOML WITHOUT secrets (they belong in the keyring), except the keys in
    ``keep_in_file`` (secrets the keyring did not keep: losing them would be worse)."""
    lines: list[str] = []
    for name, cls in _SECTIONS.items():
        section = getattr(config, name)
        lines.append(f"[{name}]")
        for f in fields(cls):
            key = f"{name}.{f.name}"
            if key not in keep_in_file and is_secret_value(key, getattr(section, f.name)):
                continue
            if getattr(section, f.name) is None:  # not set (TOML has no null): left out
                continue
            lines.append(f"{f.name} = {_toml_value(getattr(section, f.name))}")
        lines.append("")
    path.parent.mkdir(parents=True, exist_ok=True)
    if keep_in_file:  # a secret is in it: readable and writable by this user only
        from antrean_desktop.private_files import private_file

        private_file(path)
    path.write_text("\n".join(lines), encoding="utf-8")


#: settings a running window takes up only after a restart (the store and the desk lease are
#: opened once; the time zone, language and task columns shape the whole window); every other
#: setting applies when the settings dialog saves (``Runtime.apply_config``)
NEEDS_RESTART = frozenset(
    {
        "store.url",
        "store.desk_name",
        "store.takeover_seconds",
        "hospital.timezone",
        "hospital.language",
        "hospital.tasks",
    }
)
#: values hidden in messages
SECRET_KEYS = frozenset({"bpjs.secret_key", "bpjs.user_key"})
#: values that go to the OS keyring, not the file (the Khanza URL only when it has a password)
KEYRING_KEYS = ("bpjs.cons_id", "bpjs.secret_key", "bpjs.user_key", "khanza.url")


#: keyring's backends that keep nothing: "fail" (no keyring on the PC) and "null" (turned off)
NO_KEYRING_BACKENDS = ("keyring.backends.fail", "keyring.backends.null")


def keyring_available() -> bool:
    """Whether the PC has a keyring that can keep secrets (the settings dialog says where they
    go when not). A keyring that is there but refuses a write is found out by
    :func:`keyring_store`."""
    try:
        import keyring

        backend = keyring.get_keyring()
    except Exception:
        return False
    return type(backend).__module__ not in NO_KEYRING_BACKENDS


def keyring_store(name: str, value: str) -> bool:
    """Store a secret in the OS keyring and read it back; False when the keyring failed or did
    not keep it (a locked store, the null backend): the caller then keeps it elsewhere."""
    try:
        keyring_set(name, value)
    except Exception as exc:
        log.warning("the OS keyring refused %s: %s", name, type(exc).__name__)
        return False
    if _keyring_get(name) != value:
        log.warning("the OS keyring did not keep %s", name)
        return False
    return True


def is_secret_value(key: str, value: Any) -> bool:
    """Keyring keys, and a Khanza URL that carries a password, never go into the file."""
    if key in KEYRING_KEYS[:3]:
        return True
    if key == "khanza.url" and value:
        try:
            return make_url(value).password is not None
        except (ArgumentError, ValueError):
            return True
    return False


def _toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, tuple | list):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    escaped = str(value).replace("\\", "\\\\").replace('"', '\\"')
    return f'"{escaped}"'


def validate_value(key: str, value: Any) -> Any:
    """Check one setting (``"section.key"``) like the file loader does; return the clean value
    or raise ConfigError whose message ends with what is expected (the settings dialog uses it)."""
    if key not in _EXPECT:
        raise ConfigError(UNKNOWN_SETTING, key=key)
    return _check("settings", key, value)


def expected_text(key: str, language: str = "en") -> str:
    """What ``key`` expects, in words (for messages next to a field)."""
    return _EXPECT[key][1](language)


def setting_keys() -> tuple[str, ...]:
    """Every setting as "section.key", in the file's order."""
    return tuple(_EXPECT)


def value_kind(key: str) -> str:
    """The kind of value ``key`` takes ("url", "posint", "bool", ...), for an editor to fit it."""
    return _EXPECT[key][0]
