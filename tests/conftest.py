"""Shared fixtures: the throwaway MariaDB server, Khanza databases, and local stores."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest

from tests.support.mariadb import MariaDBServer, khanza_schema_sql, start_mariadb

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("PYTHON_KEYRING_BACKEND", "keyring.backends.null.Keyring")


@pytest.fixture(autouse=True)
def _isolated_user_dirs(tmp_path_factory, monkeypatch):
    """No test reads the developer's config or writes logs/stores into the real user dirs."""
    base = tmp_path_factory.mktemp("userdirs")
    for var in ("XDG_STATE_HOME", "XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME"):
        monkeypatch.setenv(var, str(base / var.lower()))
    for var in (
        "ANTREAN_CONFIG",
        "ANTREAN_BPJS_CONS_ID",
        "ANTREAN_BPJS_SECRET_KEY",
        "ANTREAN_BPJS_USER_KEY",
        "ANTREAN_KHANZA_URL",
    ):
        monkeypatch.delenv(var, raising=False)


@pytest.fixture(scope="session")
def mariadb() -> Iterator[MariaDBServer]:
    """One MariaDB server for the whole test session."""
    server = start_mariadb()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def khanza_db(mariadb: MariaDBServer) -> Iterator[str]:
    """A fresh Khanza ``sik`` database (the project's schema, sql_mode='') and its SQLAlchemy URL.
    Its foreign keys are checked, as on a hospital's Khanza: write rows parents first."""
    name = mariadb.create_database("sik")
    mariadb.load_sql(name, khanza_schema_sql())
    try:
        yield mariadb.url(name)
    finally:
        mariadb.drop_database(name)


@pytest.fixture
def khanza_variant(mariadb: MariaDBServer) -> Iterator:
    """``khanza_variant("old")``: the URL of a fresh Khanza database of that schema variant
    (``current``, ``old``, ``no-mobile-jkn``, ``task-columns``). As on the real hospital
    database, the database's default charset is utf8mb4 while the tables are latin1."""
    made: list[str] = []

    def make(variant: str) -> str:
        name = mariadb.create_database("sik", charset="utf8mb4")
        made.append(name)
        mariadb.load_variant(name, variant)
        return mariadb.url(name)

    try:
        yield make
    finally:
        for name in made:
            mariadb.drop_database(name)


@pytest.fixture
def khanza_task_columns_db(mariadb: MariaDBServer, khanza_db: str) -> str:
    """A Khanza database with the ``task_id_3..7`` columns on reg_periksa."""
    from sqlalchemy.engine import make_url

    name = make_url(khanza_db).database
    mariadb.load_sql(name, khanza_schema_sql("task_columns.sql"))
    return khanza_db


@pytest.fixture(params=["sqlite", "mariadb"])
def store_url(request: pytest.FixtureRequest, tmp_path) -> Iterator[str]:
    """An empty local store URL on SQLite and on MariaDB (each test runs on both)."""
    if request.param == "sqlite":
        yield f"sqlite:///{(tmp_path / 'antrean.db').as_posix()}"
        return
    yield from store_database(request.getfixturevalue("mariadb"))


def store_database(server: MariaDBServer) -> Iterator[str]:
    """An empty utf8mb4 store database on ``server`` (its URL), dropped afterwards."""
    name = server.create_database("store")
    with server.connect() as conn, conn.cursor() as cur:
        cur.execute(f"ALTER DATABASE `{name}` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci")
    try:
        yield server.url(name)
    finally:
        server.drop_database(name)


@pytest.fixture
def shared_store_url(mariadb: MariaDBServer) -> Iterator[str]:
    """A store on MariaDB that several desks (processes) of one test share."""
    yield from store_database(mariadb)


@pytest.fixture
def store(store_url: str):
    """A migrated :class:`Store` on both backends."""
    from tests.support.stores import migrated_store

    with migrated_store(store_url) as s:
        yield s


@pytest.fixture
def mariadb_store(mariadb: MariaDBServer):
    """A migrated store on MariaDB only, as several desks share it (docs/several-desks.md)."""
    from tests.support.stores import migrated_store

    name = mariadb.create_database("desks", charset="utf8mb4")
    try:
        with migrated_store(mariadb.url(name)) as s:
            yield s
    finally:
        mariadb.drop_database(name)
