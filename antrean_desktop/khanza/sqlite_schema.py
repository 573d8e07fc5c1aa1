"""Khanza's table definitions (``schema/khanza.sql``, MariaDB DDL) as SQLite tables.

The demo hospital keeps its Khanza-shaped database in SQLite: the same tables and columns the
queries read, made from the same definitions the tests load into MariaDB. Only what SQLite
cannot parse is changed: ``enum(...)`` becomes TEXT, secondary ``KEY`` lines become indexes and
the MariaDB table options are dropped. Dates and times are stored as ISO text, which
:mod:`antrean_desktop.khanza.values` reads like PyMySQL's values.
"""

from __future__ import annotations

import re
from importlib import resources

from sqlalchemy import Connection
from sqlalchemy import text as sql_text

_ENUM = re.compile(r"enum\((?:'[^']*',?)+\)", re.IGNORECASE)
_KEY = re.compile(r"^\s*(UNIQUE\s+)?KEY\s+`(\w+)`\s*\(([^)]*)\)\s*,?\s*$", re.IGNORECASE)
_TABLE = re.compile(r"CREATE TABLE `(\w+)`", re.IGNORECASE)


def schema_sql(name: str = "khanza.sql") -> str:
    return resources.files("antrean_desktop.khanza").joinpath("schema", name).read_text("utf-8")


def _statements(sql: str) -> list[str]:
    lines = [line for line in sql.splitlines() if not line.lstrip().startswith("--")]
    return [s.strip() for s in "\n".join(lines).split(";") if s.strip()]


def sqlite_statements(sql: str) -> list[str]:
    """The CREATE TABLE statements of ``sql`` (and their indexes) in SQLite's dialect."""
    out: list[str] = []
    for statement in _statements(sql):
        match = _TABLE.match(statement)
        if not match:
            continue  # ALTERs of profile variants are not needed by the demo
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
            body.append(_ENUM.sub("TEXT", line.rstrip()))
        columns_sql = "\n".join(body).rstrip().rstrip(",")
        out.append(f"CREATE TABLE `{table}` (\n{columns_sql}\n)")
        out.extend(indexes)
    return out


def create_khanza_tables(conn: Connection, name: str = "khanza.sql") -> None:
    """Create the Khanza tables of ``schema/<name>`` on a SQLite connection."""
    for statement in sqlite_statements(schema_sql(name)):
        conn.execute(sql_text(statement))
