"""The project's own Khanza table definitions (``schema/*.sql``) and the variants built from them.

* ``current``: ``khanza.sql``, the structure of a recent Khanza;
* ``old``: ``khanza_old.sql``, an older install (about 2020): no Mobile JKN tables, no
  ``pemeriksaan_ralan.nip``, no hand-over times, foreign keys between the tables;
* ``no-mobile-jkn``: the current structure without the Mobile JKN tables;
* ``task-columns``: the current structure plus ``reg_periksa.task_id_3..7``.

The files are MySQL/MariaDB DDL (load them with ``sql_mode = ''``). :func:`sqlite_statements`
turns them into SQLite DDL, so a Khanza-shaped SQLite database (tests, the demo hospital) has
exactly the same tables and columns. The program itself never creates or changes Khanza tables.
"""

from __future__ import annotations

import re
from importlib import resources

VARIANTS: dict[str, tuple[str, ...]] = {
    "current": ("khanza.sql",),
    "old": ("khanza_old.sql",),
    "no-mobile-jkn": ("khanza.sql", "no_mobile_jkn.sql"),
    "task-columns": ("khanza.sql", "task_columns.sql"),
}


def schema_sql(name: str = "khanza.sql") -> str:
    """The text of one ``schema/*.sql`` file shipped inside the package."""
    return resources.files("antrean_desktop.khanza").joinpath("schema", name).read_text("utf-8")


def split_sql(text: str) -> list[str]:
    """;-terminated statements without ``--`` comment lines."""
    lines = [ln for ln in text.splitlines() if not ln.strip().startswith("--")]
    return [s.strip() for s in "\n".join(lines).split(";") if s.strip()]


def variant_statements(variant: str) -> list[str]:
    """The MySQL statements that build ``variant`` (one of :data:`VARIANTS`)."""
    return [stmt for name in VARIANTS[variant] for stmt in split_sql(schema_sql(name))]


# --- SQLite ------------------------------------------------------------------------------------

_ENUM = re.compile(r"\benum\(('[^']*')(?:,\s*'[^']*')*\)", re.IGNORECASE)
_INT = re.compile(r"\bint\(\d+\)", re.IGNORECASE)
_TYPE = re.compile(r"^`\w+`\s+(\w+)")
#: the value MySQL gives a NOT NULL column without DEFAULT when sql_mode is '' (as Khanza runs)
_IMPLICIT = {"date": "'0000-00-00'", "time": "'00:00:00'", "datetime": "'0000-00-00 00:00:00'"}
_CHARSET = re.compile(r"\s+(?:CHARACTER SET|COLLATE)\s+\w+", re.IGNORECASE)
_KEY = re.compile(r"^(UNIQUE\s+)?KEY\s+`(\w+)`\s*(\(.*\))$", re.IGNORECASE)
_CREATE = re.compile(r"^CREATE TABLE `(\w+)` \((.*)\)[^)]*$", re.IGNORECASE | re.DOTALL)
_ALTER = re.compile(r"^ALTER TABLE `(\w+)`\s+(.*)$", re.IGNORECASE | re.DOTALL)


def _sqlite_column(line: str) -> str:
    """One column (or constraint) line; a NOT NULL column without DEFAULT gets MySQL's implicit
    default, so rows written as Khanza writes them (columns left out) work the same."""
    kind = _TYPE.match(line)
    if kind and "NOT NULL" in line.upper() and " DEFAULT " not in line.upper():
        enum = _ENUM.search(line)
        name = kind.group(1).lower()
        if enum:
            default = enum.group(1)
        elif name in _IMPLICIT:
            default = _IMPLICIT[name]
        elif "char" in name or "text" in name:
            default = "''"
        else:
            default = "0"
        line = f"{line} DEFAULT {default}"
    return _CHARSET.sub("", _INT.sub("INTEGER", _ENUM.sub("TEXT", line)))


def _sqlite_create(table: str, body: str) -> list[str]:
    items: list[str] = []
    indexes: list[str] = []
    for raw in body.splitlines():
        line = raw.strip().rstrip(",")
        if not line:
            continue
        key = _KEY.match(line)
        if key:
            unique, name, cols = key.groups()
            if unique:
                items.append(f"UNIQUE {cols}")
            else:
                indexes.append(f"CREATE INDEX `{table}_{name}` ON `{table}` {cols}")
            continue
        items.append(_sqlite_column(line))
    create = f"CREATE TABLE `{table}` (\n  " + ",\n  ".join(items) + "\n)"
    return [create, *indexes]


def sqlite_statements(mysql_text: str) -> list[str]:
    """SQLite DDL for the CREATE TABLE / ALTER TABLE ADD COLUMN / DROP TABLE statements of
    one ``schema/*.sql`` file: the same tables, columns, keys and foreign keys."""
    out: list[str] = []
    for stmt in split_sql(mysql_text):
        create = _CREATE.match(stmt)
        alter = _ALTER.match(stmt)
        if create:
            out += _sqlite_create(create.group(1), create.group(2))
        elif alter:
            table, changes = alter.groups()
            for part in re.split(r",\s*(?=ADD COLUMN)", changes, flags=re.IGNORECASE):
                out.append(f"ALTER TABLE `{table}` {_sqlite_column(part.strip())}")
        elif stmt.upper().startswith("DROP TABLE"):
            out.append(stmt)
        else:
            raise ValueError(f"no SQLite translation for: {stmt[:60]}")
    return out


def sqlite_variant_statements(variant: str) -> list[str]:
    """The SQLite statements that build ``variant`` (one of :data:`VARIANTS`)."""
    return [stmt for name in VARIANTS[variant] for stmt in sqlite_statements(schema_sql(name))]
