"""Which Khanza this is: the tables and columns that exist, read once per connection.

Hospitals run Khanza versions years apart. Before the first read (and again after every
reconnect) the reader asks the database which of the tables and columns the queries use exist:
``information_schema.columns`` on MySQL/MariaDB (one query), SQLAlchemy's inspector elsewhere
(SQLite). From that it decides which sources are available (:class:`Sources`): the queries are
built from it, so a missing optional table or column removes that source and never fails a poll.

A missing *required* table or column (one every poll needs, such as ``reg_periksa.kd_pj``) is
reported as one clear :class:`MissingRequired` error naming all of them, instead of a database
error on the first query.

What a missing optional source costs is :func:`missing_sources`: a list of reasons (code +
values, rendered in the user's language) that ``check`` prints and the window shows once.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from sqlalchemy import Connection, column, func, inspect, select, table

from antrean_desktop.config import KhanzaConfig
from antrean_desktop.domain.reasons import Reason
from antrean_desktop.khanza import tables as t

#: profile -> the tables every poll of that profile reads (their listed columns are required,
#: except the optional ones below)
_BOOKING_TABLES = (
    "reg_periksa",
    "pasien",
    "poliklinik",
    "dokter",
    "maping_poli_bpjs",
    "maping_dokter_dpjpvclaim",
    "jadwal",
    "bridging_sep",
)
REQUIRED_TABLES: dict[str, tuple[str, ...]] = {
    "khanza": (*_BOOKING_TABLES, "mutasi_berkas", "pemeriksaan_ralan", "resep_obat"),
    "task-columns": _BOOKING_TABLES,
}
TASK_COLUMN_TASKS = (3, 4, 5, 6, 7)
#: the queue columns of a Mobile JKN booking that its first layout (2021) lacks
MOBILE_JKN_QUEUE_COLUMNS = ("nomorantrean", "angkaantrean", "estimasidilayani")
#: (table, column) pairs that may be absent; the queries leave them out
OPTIONAL_COLUMNS = frozenset(
    {
        ("pemeriksaan_ralan", "nip"),
        ("pemeriksaan_ralan", "kd_dokter"),  # the author on the oldest installs (one note)
        ("jadwal", "kuota"),  # the oldest installs: quotas from [hospital] settings
        ("resep_obat", "status"),  # the oldest installs: every prescription is outpatient
        ("resep_obat", "tgl_penyerahan"),
        ("resep_obat", "jam_penyerahan"),
        ("bridging_sep", "tujuankunjungan"),
        ("penjab", "status"),
        *(("reg_periksa", f"task_id_{n}") for n in TASK_COLUMN_TASKS),
        #: the first Mobile JKN layout (2021) has none of these (nor the cancellation's nobooking)
        *(("referensi_mobilejkn_bpjs", c) for c in ("nobooking", *MOBILE_JKN_QUEUE_COLUMNS)),
        ("referensi_mobilejkn_bpjs_batal", "nobooking"),
        ("referensi_mobilejkn_bpjs_batal", "nomorreferensi"),
    }
)
MOBILE_JKN_TABLE = t.referensi_mobilejkn_bpjs.name
MOBILE_JKN_CANCEL_TABLE = t.referensi_mobilejkn_bpjs_batal.name
BILL_TABLE = t.nota_jalan.name


def _wanted() -> dict[str, frozenset[str]]:
    """Every table the program may read, with the columns it may read from it."""
    wanted: dict[str, set[str]] = {}
    for tbl in t.ALL_TABLES:
        wanted.setdefault(tbl.name, set()).update(c.name for c in tbl.columns)
    for tbl, col in OPTIONAL_COLUMNS:
        wanted.setdefault(tbl, set()).add(col)
    return {name: frozenset(cols) for name, cols in wanted.items()}


WANTED = _wanted()


@dataclass(frozen=True)
class KhanzaSchema:
    """The tables (and, for each, the columns) found; only those the program may read."""

    columns: Mapping[str, frozenset[str]] = field(default_factory=dict)

    def has(self, table_name: str, *column_names: str) -> bool:
        found = self.columns.get(table_name)
        return found is not None and all(c in found for c in column_names)

    @classmethod
    def complete(cls) -> KhanzaSchema:
        """A schema with everything the program can read (the current Khanza)."""
        return cls(dict(WANTED))


@dataclass(frozen=True)
class Sources:
    """Which optional sources the queries may use (decided from a :class:`KhanzaSchema`)."""

    mobile_jkn: bool = True  # referensi_mobilejkn_bpjs with the columns every layout has
    #: the optional columns of referensi_mobilejkn_bpjs found (the 2021 layout has none)
    mobile_jkn_columns: frozenset[str] = frozenset(("nobooking", *MOBILE_JKN_QUEUE_COLUMNS))
    mobile_jkn_cancel: bool = True  # referensi_mobilejkn_bpjs_batal (Khanza's cancel reason)
    #: how a cancellation record names its booking: "nobooking", or (2021) "nomorreferensi"
    mobile_jkn_cancel_key: str = "nobooking"
    bills: bool = True  # nota_jalan (the task 5 fallback "nota_jalan")
    #: the column naming a note's author: "nip", "kd_dokter" (one note per visit), "" (unknown)
    note_author: str = "nip"
    quota: bool = True  # jadwal.kuota (else the [hospital] quota settings)
    prescription_status: bool = True  # resep_obat.status (else every prescription counts)
    handover: bool = True  # resep_obat.tgl_penyerahan / jam_penyerahan
    sep_tujuankunjungan: bool = True  # bridging_sep.tujuankunjungan
    payer_status: bool = True  # penjab.status
    task_columns: frozenset[int] = frozenset(TASK_COLUMN_TASKS)  # reg_periksa.task_id_N

    @property
    def mobile_jkn_booking_code(self) -> bool:
        """Whether a Mobile JKN booking has its own code (``nobooking``); else it is no_rawat."""
        return self.mobile_jkn and "nobooking" in self.mobile_jkn_columns

    @classmethod
    def from_schema(cls, schema: KhanzaSchema) -> Sources:
        mobile = schema.has(MOBILE_JKN_TABLE, *_required_of(MOBILE_JKN_TABLE))
        cancel_key = next(
            (
                key
                for key in ("nobooking", "nomorreferensi")
                if schema.has(MOBILE_JKN_TABLE, key) and schema.has(MOBILE_JKN_CANCEL_TABLE, key)
            ),
            "",
        )
        author = next((c for c in ("nip", "kd_dokter") if schema.has("pemeriksaan_ralan", c)), "")
        return cls(
            mobile_jkn=mobile,
            mobile_jkn_columns=frozenset(
                c
                for c in ("nobooking", *MOBILE_JKN_QUEUE_COLUMNS)
                if mobile and schema.has(MOBILE_JKN_TABLE, c)
            ),
            mobile_jkn_cancel=mobile
            and bool(cancel_key)
            and schema.has(MOBILE_JKN_CANCEL_TABLE, *_required_of(MOBILE_JKN_CANCEL_TABLE)),
            mobile_jkn_cancel_key=cancel_key or "nobooking",
            bills=schema.has(BILL_TABLE, *WANTED[BILL_TABLE]),
            note_author=author,
            quota=schema.has("jadwal", "kuota"),
            prescription_status=schema.has("resep_obat", "status"),
            handover=schema.has("resep_obat", "tgl_penyerahan", "jam_penyerahan"),
            sep_tujuankunjungan=schema.has("bridging_sep", "tujuankunjungan"),
            payer_status=schema.has("penjab", "status"),
            task_columns=frozenset(
                n for n in TASK_COLUMN_TASKS if schema.has("reg_periksa", f"task_id_{n}")
            ),
        )


def _required_of(table_name: str) -> list[str]:
    """The columns of ``table_name`` the program reads that are not optional."""
    return sorted(c for c in WANTED[table_name] if (table_name, c) not in OPTIONAL_COLUMNS)


class MissingRequired(Exception):
    """Tables or columns every poll needs are not in this Khanza database."""

    def __init__(self, missing: list[str]) -> None:
        self.missing = missing
        super().__init__("this Khanza database lacks what every poll reads: " + ", ".join(missing))


def required_missing(schema: KhanzaSchema, profile: str) -> list[str]:
    """``table`` or ``table.column`` names the profile cannot do without, sorted."""
    missing: list[str] = []
    for name in REQUIRED_TABLES[profile]:
        found = schema.columns.get(name)
        if found is None:
            missing.append(name)
            continue
        missing += [f"{name}.{c}" for c in _required_of(name) if c not in found]
    return missing


def missing_sources(
    sources: Sources, khanza_cfg: KhanzaConfig, quotas_set: bool = False
) -> list[Reason]:
    """What this Khanza lacks and what it costs, as reasons (code + values), most costly first.

    Only sources the profile reads are listed: the ``task-columns`` profile takes task times
    from ``reg_periksa.task_id_N`` and never reads the notes or the prescriptions.
    """
    found: list[Reason] = []
    if not sources.quota:
        code = "KHANZA_NO_QUOTA" if quotas_set else "KHANZA_NO_QUOTA_UNSET"
        found.append(Reason(code, {"column": "jadwal.kuota"}))
    if khanza_cfg.profile == "khanza":
        if sources.note_author == "kd_dokter":
            found.append(
                Reason(
                    "KHANZA_ONE_NOTE_PER_VISIT",
                    {
                        "column": "pemeriksaan_ralan.kd_dokter",
                        "fallback": khanza_cfg.task5_fallback,
                    },
                )
            )
        elif not sources.note_author:
            code = (
                "KHANZA_NO_NOTE_AUTHOR_ANY"
                if khanza_cfg.notes_without_author == "any"
                else "KHANZA_NO_NOTE_AUTHOR"
            )
            found.append(Reason(code, {"column": "pemeriksaan_ralan.nip"}))
        if not sources.handover:
            found.append(
                Reason(
                    "KHANZA_NO_HANDOVER",
                    {"column": "resep_obat.tgl_penyerahan, resep_obat.jam_penyerahan"},
                )
            )
        if not sources.prescription_status:
            found.append(Reason("KHANZA_NO_PRESCRIPTION_STATUS", {"column": "resep_obat.status"}))
    else:
        for n in TASK_COLUMN_TASKS:
            if n not in sources.task_columns:
                found.append(
                    Reason(
                        "KHANZA_NO_TASK_COLUMN",
                        {"column": f"reg_periksa.task_id_{n}", "task": n},
                    )
                )
        if khanza_cfg.task5_fallback == "nota_jalan" and not sources.bills:
            found.append(Reason("KHANZA_NO_BILL", {"table": BILL_TABLE}))
    if not sources.mobile_jkn:
        found.append(Reason("KHANZA_NO_MOBILE_JKN", {"table": MOBILE_JKN_TABLE}))
        return found + _unused(sources)
    lacking = [
        c for c in ("nobooking", *MOBILE_JKN_QUEUE_COLUMNS) if c not in sources.mobile_jkn_columns
    ]
    if lacking:
        found.append(
            Reason(
                "KHANZA_MOBILE_JKN_FIRST_LAYOUT",
                {"table": MOBILE_JKN_TABLE, "columns": ", ".join(lacking)},
            )
        )
    if not sources.mobile_jkn_cancel:
        found.append(Reason("KHANZA_NO_CANCEL_REASON", {"table": MOBILE_JKN_CANCEL_TABLE}))
    return found + _unused(sources)


def _unused(sources: Sources) -> list[Reason]:
    """Columns this Khanza lacks that the current mapping does not read."""
    found: list[Reason] = []
    if not sources.sep_tujuankunjungan:
        found.append(Reason("KHANZA_NO_UNUSED_COLUMN", {"column": "bridging_sep.tujuankunjungan"}))
    if not sources.payer_status:
        found.append(Reason("KHANZA_NO_UNUSED_COLUMN", {"column": "penjab.status"}))
    return found


# --- reading the structure -------------------------------------------------------------------

_isc = table(
    "columns",
    column("table_schema"),
    column("table_name"),
    column("column_name"),
    schema="information_schema",
)


def probe(conn: Connection) -> KhanzaSchema:
    """Read which of the wanted tables and columns exist (one query on MySQL/MariaDB)."""
    names = sorted(WANTED)
    found: dict[str, set[str]] = {}
    if conn.dialect.name in ("mysql", "mariadb"):
        query = select(_isc.c.table_name, _isc.c.column_name).where(
            _isc.c.table_schema == func.database(), _isc.c.table_name.in_(names)
        )
        for table_name, column_name in conn.execute(query):
            found.setdefault(str(table_name).lower(), set()).add(str(column_name).lower())
    else:
        inspector = inspect(conn)
        existing = {n.lower(): n for n in inspector.get_table_names()}
        for name in names:
            if name in existing:
                cols = inspector.get_columns(existing[name])
                found[name] = {str(c["name"]).lower() for c in cols}
    return KhanzaSchema(
        {name: frozenset(cols & WANTED[name]) for name, cols in found.items() if name in WANTED}
    )
