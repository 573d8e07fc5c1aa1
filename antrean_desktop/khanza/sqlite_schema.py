"""The project's Khanza table definitions (``schema/*.sql``, MariaDB DDL), their variants, and
the same tables in SQLite.

Variants (:data:`VARIANTS`), each a list of files applied in order, all with Khanza's foreign keys
between the tables (tables created, and rows written, parents first):

* ``current``: ``khanza.sql``, the structure of a recent Khanza;
* ``old``: ``khanza_old.sql``, an older install (about 2020): no Mobile JKN tables, no
  ``pemeriksaan_ralan.nip``, no hand-over times;
* ``no-mobile-jkn``: the current structure without the Mobile JKN tables;
* ``task-columns``: the current structure plus ``reg_periksa.task_id_3..7``;
* ``oldest``: ``khanza_oldest.sql``, the oldest install supported (issue 21): the ``old`` one
  also without ``jadwal.kuota``, ``resep_obat.status``, ``reg_periksa.status_poli/status_bayar``,
  with one ``pemeriksaan_ralan`` note per visit (author in ``kd_dokter``);
* ``mobile-jkn-2021``: the current structure with the first Mobile JKN layout (booking keyed by
  ``nomorreferensi``, no ``nobooking``, queue numbers or estimate).

The demo hospital and the tests keep a Khanza-shaped database in SQLite: the same tables and
columns the queries read, made from the same definitions the tests load into MariaDB. Only what
SQLite cannot parse is changed: ``enum(...)`` becomes TEXT, ``int(11)`` INTEGER, secondary
``KEY`` lines become indexes, the MariaDB table options are dropped, and a NOT NULL column
without a DEFAULT gets the value MariaDB gives it under Khanza's ``sql_mode = ''`` (so rows
written as Khanza writes them, columns left out, go in the same). Khanza's foreign keys are
kept, and whatever writes such a database (the demo hospital, the tests' builders) turns them on
for its connections with :data:`SQLITE_FOREIGN_KEYS`, as InnoDB always checks them on a
hospital's Khanza: rows go in parents first there too. Dates and times are stored as ISO text,
which :mod:`antrean_desktop.khanza.values` reads like PyMySQL's values. The program itself never
creates or changes a hospital's Khanza tables.
"""

from __future__ import annotations

import re
from importlib import resources

from sqlalchemy import Connection
from sqlalchemy import text as sql_text

VARIANTS: dict[str, tuple[str, ...]] = {
    "current": ("khanza.sql",),
    "old": ("khanza_old.sql",),
    "no-mobile-jkn": ("khanza.sql", "no_mobile_jkn.sql"),
    "task-columns": ("khanza.sql", "task_columns.sql"),
    "oldest": ("khanza_oldest.sql",),
    "mobile-jkn-2021": ("khanza.sql", "no_mobile_jkn.sql", "mobile_jkn_2021.sql"),
}

#: run first on every connection that writes a Khanza-shaped SQLite database: SQLite checks
#: foreign keys only on a connection that asks for it
SQLITE_FOREIGN_KEYS = "PRAGMA foreign_keys = ON"

_ENUM = re.compile(r"\benum\(('[^']*')(?:,\s*'[^']*')*\)", re.IGNORECASE)
_INT = re.compile(r"\bint\(\d+\)", re.IGNORECASE)
_KEY = re.compile(r"^\s*(UNIQUE\s+)?KEY\s+`(\w+)`\s*\(([^)]*)\)\s*,?\s*$", re.IGNORECASE)
_TABLE = re.compile(r"CREATE TABLE `(\w+)`", re.IGNORECASE)
_ALTER = re.compile(r"^ALTER TABLE `(\w+)`\s+(.*)$", re.IGNORECASE | re.DOTALL)
_TYPE = re.compile(r"^\s*`\w+`\s+(\w+)")
#: what MariaDB writes into a NOT NULL column left out of an INSERT when sql_mode is ''
_IMPLICIT = {"date": "'0000-00-00'", "time": "'00:00:00'", "datetime": "'0000-00-00 00:00:00'"}


def schema_sql(name: str = "khanza.sql") -> str:
    """The text of one ``schema/*.sql`` file shipped inside the package."""
    return resources.files("antrean_desktop.khanza").joinpath("schema", name).read_text("utf-8")


def split_sql(sql: str) -> list[str]:
    """;-terminated statements without ``--`` comment lines."""
    lines = [line for line in sql.splitlines() if not line.lstrip().startswith("--")]
    return [s.strip() for s in "\n".join(lines).split(";") if s.strip()]


def variant_statements(variant: str) -> list[str]:
    """The MariaDB statements that build ``variant`` (one of :data:`VARIANTS`)."""
    return [stmt for name in VARIANTS[variant] for stmt in split_sql(schema_sql(name))]


def _column(line: str) -> str:
    """One column (or constraint) line in SQLite's dialect."""
    kind = _TYPE.match(line)
    upper = line.upper()
    if kind and "NOT NULL" in upper and " DEFAULT " not in upper:
        enum = _ENUM.search(line)
        name = kind.group(1).lower()
        if enum:
            default = enum.group(1)  # MariaDB takes the first value of the list
        elif name in _IMPLICIT:
            default = _IMPLICIT[name]
        elif "char" in name or "text" in name:
            default = "''"
        else:
            default = "0"
        line = f"{line.rstrip().rstrip(',')} DEFAULT {default}" + (
            "," if line.rstrip().endswith(",") else ""
        )
    return _INT.sub("INTEGER", _ENUM.sub("TEXT", line))


def sqlite_statements(sql: str) -> list[str]:
    """The CREATE TABLE (with their indexes), ALTER TABLE ... ADD COLUMN and DROP TABLE
    statements of ``sql`` in SQLite's dialect."""
    out: list[str] = []
    for statement in split_sql(sql):
        match = _TABLE.match(statement)
        alter = _ALTER.match(statement)
        if alter:
            table, changes = alter.groups()
            for part in re.split(r",\s*(?=ADD COLUMN)", changes, flags=re.IGNORECASE):
                out.append(f"ALTER TABLE `{table}` {_column(part.strip())}")
            continue
        if statement.upper().startswith("DROP TABLE"):
            out.append(statement)
            continue
        if not match:
            raise ValueError(f"no SQLite translation for: {statement[:60]}")
        table = match.group(1)
        body: list[str] = []
        indexes: list[str] = []
        for line in statement.splitlines()[1:]:
            key = _KEY.match(line)
            if key:
                unique, name, columns = key.groups()
                indexes.append(
                    f"CREATE {'UNIQUE ' if unique else ''}INDEX `{table}_{name}` "
                    f"ON `{table}` ({columns})"
                )
                continue
            if line.lstrip().startswith(")"):
                break
            body.append(_column(line.rstrip()))
        columns_sql = "\n".join(body).rstrip().rstrip(",")
        out.append(f"CREATE TABLE `{table}` (\n{columns_sql}\n)")
        out.extend(indexes)
    return out


def sqlite_variant_statements(variant: str) -> list[str]:
    """The SQLite statements that build ``variant`` (one of :data:`VARIANTS`)."""
    return [stmt for name in VARIANTS[variant] for stmt in sqlite_statements(schema_sql(name))]


def create_khanza_tables(conn: Connection, name: str = "khanza.sql") -> None:
    """Create the Khanza tables of ``schema/<name>`` on a SQLite connection."""
    for statement in sqlite_statements(schema_sql(name)):
        conn.execute(sql_text(statement))
