"""Reading a day of Khanza visits and their task times (connection handling lives here).

The SQL itself is in the profile modules (:mod:`.profile_khanza`, :mod:`.profile_task_columns`).
A day is read with a handful of set-based queries in one transaction, so what is seen is one
consistent snapshot. A dropped connection makes the read fail with :class:`KhanzaError`; the
engine pings before reuse, so the next read reconnects.

Which tables and columns this Khanza has is probed (:mod:`.probe`) before the first read and
again after every new connection (a reconnect, or the hourly recycle), so a column added by IT
is used from then on. The queries are built from that; :meth:`KhanzaReader.missing_sources`
says what the database lacks and what it costs.
"""

from __future__ import annotations

import logging
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime
from types import ModuleType
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy import text as sql_text
from sqlalchemy.exc import DBAPIError

from antrean_desktop.config import HospitalConfig, KhanzaConfig
from antrean_desktop.domain.booking import MobileBooking, Schedule, Sep, VisitFacts, hari
from antrean_desktop.domain.reasons import Reason
from antrean_desktop.domain.timezone import local_to_epoch_ms
from antrean_desktop.khanza import profile_khanza, profile_task_columns
from antrean_desktop.khanza.probe import (
    KhanzaSchema,
    Sources,
    missing_sources,
    probe,
    required_missing,
)
from antrean_desktop.khanza.values import as_date, as_datetime, as_time, text

log = logging.getLogger("antrean.khanza")

PROFILES: dict[str, ModuleType] = {
    "khanza": profile_khanza,
    "task-columns": profile_task_columns,
}


class KhanzaError(RuntimeError):
    """Khanza could not be read; the message says where and why, fit to show as is."""


@dataclass(frozen=True)
class TaskTime:
    waktu: int  # epoch ms
    source: str  # "table.column"
    local: datetime  # the wall-clock value read from Khanza


@dataclass(frozen=True)
class KhanzaVisit:
    """One outpatient visit as read from Khanza: booking facts, cancellation and task times."""

    facts: VisitFacts
    times: dict[int, TaskTime] = field(default_factory=dict)
    #: tasks whose time this Khanza cannot tell (a missing source), with the reason
    held: dict[int, Reason] = field(default_factory=dict)

    @property
    def no_rawat(self) -> str:
        return self.facts.no_rawat

    @property
    def cancelled(self) -> bool:
        return self.facts.stts == "Batal"


class KhanzaReader:
    """Reads Khanza (read-only) for the pollers; one instance per Khanza database."""

    def __init__(
        self,
        url_or_engine: str | Engine,
        khanza_cfg: KhanzaConfig,
        hospital_cfg: HospitalConfig,
    ) -> None:
        if khanza_cfg.profile not in PROFILES:
            raise ValueError(f"unknown Khanza profile {khanza_cfg.profile!r}")
        self.khanza_cfg = khanza_cfg
        self.hospital_cfg = hospital_cfg
        self.profile = PROFILES[khanza_cfg.profile]
        if isinstance(url_or_engine, Engine):
            self.engine = url_or_engine
        else:
            self.engine = make_khanza_engine(url_or_engine, khanza_cfg)
        self.where = self.engine.url.render_as_string(hide_password=True)
        self._schema: KhanzaSchema | None = None
        self._sources: Sources | None = None
        self._report: tuple[Reason, ...] | None = None
        self._stale = True
        event.listen(self.engine, "connect", self._on_connect)

    def close(self) -> None:
        event.remove(self.engine, "connect", self._on_connect)
        self.engine.dispose()

    # --- what this Khanza has --------------------------------------------------------------

    def _on_connect(self, _dbapi_conn: Any, _record: Any) -> None:
        self._stale = True  # a new or re-made connection: the structure is read again

    @property
    def sources(self) -> Sources | None:
        """The sources found by the last probe (None before the first one)."""
        return self._sources

    @property
    def report(self) -> tuple[Reason, ...] | None:
        """What the last probe found missing (no I/O; None before the first probe)."""
        return self._report

    def missing_sources(self) -> list[Reason]:
        """What this Khanza lacks and what it costs (probes it; KhanzaError when it cannot)."""
        try:
            with self.engine.connect() as conn:
                self._probe(conn, force=True)
        except DBAPIError as exc:
            raise self._error(exc) from None
        return list(self._report or ())

    def _probe(self, conn: Connection, *, force: bool = False) -> Sources:
        if self._sources is not None and not (self._stale or force):
            return self._sources
        self._stale = False
        schema = probe(conn)
        lacking = required_missing(schema, self.khanza_cfg.profile)
        if lacking:
            self._stale = True
            raise KhanzaError(
                f"Khanza database {self.where} lacks what every poll reads: "
                f"{', '.join(lacking)} (is this Khanza's 'sik' database?)"
            )
        sources = Sources.from_schema(schema)
        report = tuple(
            missing_sources(sources, self.khanza_cfg, self.hospital_cfg.quotas.configured)
        )
        if report != self._report:
            for reason in report:
                log.warning("Khanza %s: %s", self.where, reason.render("en"))
        self._schema, self._sources, self._report = schema, sources, report
        return sources

    def ping(self) -> None:
        """Check the connection (``check`` and the settings dialog); KhanzaError if it fails."""
        try:
            with self.engine.connect() as conn:
                conn.execute(sql_text("SELECT 1"))
        except DBAPIError as exc:
            raise self._error(exc) from None

    def read_day(self, day: date) -> list[KhanzaVisit]:
        """The day's outpatient visits (not excluded clinics), ordered by no_rawat."""
        try:
            with self.engine.connect() as conn:
                sources = self._probe(conn)
                rows = profile_khanza.read_visit_rows(
                    conn, day, self.khanza_cfg.excluded_clinics, sources
                )
                if not rows:
                    return []
                schedules = profile_khanza.read_schedules(conn, hari(day), sources)
                seps = profile_khanza.read_seps(conn, day)
                times, held = self.profile.read_task_times(
                    conn, day, rows, sources, self.khanza_cfg
                )
        except DBAPIError as exc:
            self._stale = True  # a column dropped meanwhile? the next read probes again
            raise self._error(exc) from None
        return self._assemble(day, rows, schedules, seps, times, held, sources)

    def _error(self, exc: DBAPIError) -> KhanzaError:
        detail = str(exc.orig) if exc.orig is not None else str(exc)
        return KhanzaError(f"Khanza database {self.where} could not be read: {detail}")

    def _assemble(
        self,
        day: date,
        rows: list[dict[str, Any]],
        schedules: list[dict[str, Any]],
        seps: dict[str, dict[str, Any]],
        times: dict[str, dict[int, tuple[datetime, str]]],
        held: dict[str, dict[int, Reason]],
        sources: Sources,
    ) -> list[KhanzaVisit]:
        tz = self.hospital_cfg.tz
        jkn_codes = {c.strip() for c in self.khanza_cfg.jkn_payer_codes}
        by_doctor: dict[tuple[str, str], list[Schedule]] = {}
        for s in schedules:
            start = as_time(s["jam_mulai"])
            if start is None:
                continue
            key = (text(s["kd_dokter"]), text(s["kd_poli"]))
            by_doctor.setdefault(key, []).append(
                Schedule(start, as_time(s["jam_selesai"]), s["kuota"])
            )
        counts: Counter[tuple[str, str]] = Counter()
        by_payer: Counter[tuple[str, str, bool]] = Counter()
        visits: list[KhanzaVisit] = []
        for row in rows:  # ordered by no_rawat, so the count is "so far" at this registration
            kd_dokter, kd_poli = text(row["kd_dokter"]), text(row["kd_poli"])
            jkn = text(row["kd_pj"]) in jkn_codes
            counts[(kd_dokter, kd_poli)] += 1
            by_payer[(kd_dokter, kd_poli, jkn)] += 1
            facts = VisitFacts(
                no_rawat=row["no_rawat"],
                tgl_registrasi=as_date(row["tgl_registrasi"]) or day,
                jam_reg=as_time(row["jam_reg"]),
                no_reg=text(row["no_reg"]),
                kd_pj=text(row["kd_pj"]),
                jkn=jkn,
                stts=text(row["stts"]),
                stts_daftar=text(row["stts_daftar"]),
                kd_poli=kd_poli,
                nm_poli=row["nm_poli"],
                kd_poli_bpjs=row["kd_poli_bpjs"],
                kd_dokter=kd_dokter,
                nm_dokter=row["nm_dokter"],
                kd_dokter_bpjs=row["kd_dokter_bpjs"],
                norm=text(row["no_rkm_medis"]),
                nm_pasien=row["nm_pasien"],
                no_ktp=row["no_ktp"],
                no_tlp=row["no_tlp"],
                no_peserta=row["no_peserta"],
                sep=_sep(seps.get(row["no_rawat"])),
                mobile=_mobile(row),
                schedules=tuple(by_doctor.get((kd_dokter, kd_poli), ())),
                registrations_so_far=counts[(kd_dokter, kd_poli)],
                jkn_so_far=by_payer[(kd_dokter, kd_poli, True)],
                nonjkn_so_far=by_payer[(kd_dokter, kd_poli, False)],
                quota_column=sources.quota,
            )
            visit_times = {
                task: TaskTime(local_to_epoch_ms(when, tz), source, when)
                for task, (when, source) in times.get(row["no_rawat"], {}).items()
            }
            visits.append(KhanzaVisit(facts, visit_times, dict(held.get(row["no_rawat"], {}))))
        return visits


def connection_timeouts(cfg: KhanzaConfig) -> dict[str, float]:
    """PyMySQL's limits: a server that goes silent ends a read or write in seconds, not never."""
    return {
        "connect_timeout": cfg.connect_timeout_seconds,
        "read_timeout": cfg.read_timeout_seconds,
        "write_timeout": cfg.write_timeout_seconds,
    }


def make_khanza_engine(url: str, cfg: KhanzaConfig | None = None) -> Engine:
    """An engine that pings before reusing a connection and opens sessions read-only.

    MySQL/MariaDB (a hospital's Khanza) and SQLite (a Khanza-shaped demo database) both work. On
    MySQL/MariaDB the connection gives up on a silent server after the ``[khanza]`` timeouts.
    """
    if url.startswith("sqlite"):
        engine = create_engine(url)
        guard = "PRAGMA query_only = ON"  # the demo hospital's SQLite database
    else:
        engine = create_engine(
            url,
            pool_pre_ping=True,
            pool_recycle=3600,
            pool_size=2,
            max_overflow=2,
            connect_args=connection_timeouts(cfg or KhanzaConfig()),
        )
        guard = "SET SESSION TRANSACTION READ ONLY"

    @event.listens_for(engine, "connect")
    def _read_only(dbapi_conn: Any, _record: Any) -> None:  # a guard: this program never writes
        cur = dbapi_conn.cursor()
        try:
            cur.execute(guard)
        finally:
            cur.close()

    return engine


def _sep(row: dict[str, Any] | None) -> Sep | None:
    if row is None:
        return None
    return Sep(
        no_sep=text(row["no_sep"]),
        no_kartu=text(row["no_kartu"]),
        no_rujukan=text(row["no_rujukan"]),
        noskdp=text(row["noskdp"]),
        asal_rujukan=text(row["asal_rujukan"]),
    )


def _mobile(row: dict[str, Any]) -> MobileBooking | None:
    """The visit's Mobile JKN booking; the first layout (2021) kept no code of its own, so its
    booking code is the visit's no_rawat."""
    if not text(row["mjkn_no_rawat"]):
        return None
    return MobileBooking(
        nobooking=text(row["nobooking"]) or text(row["mjkn_no_rawat"]),
        jeniskunjungan=text(row["mjkn_jeniskunjungan"]),
        nomorreferensi=text(row["mjkn_nomorreferensi"]),
        nomorantrean=text(row["mjkn_nomorantrean"]),
        angkaantrean=text(row["mjkn_angkaantrean"]),
        estimasidilayani=text(row["mjkn_estimasidilayani"]),
        status=text(row["mjkn_status"]),
        validasi=as_datetime(row["mjkn_validasi"]),
        alasan_batal=text(row["mjkn_alasan_batal"]),
    )
