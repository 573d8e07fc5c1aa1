"""Fixtures for the Khanza reader and poller tests (a fresh Khanza database per test)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import date

import pytest

from antrean_desktop.config import Config, HospitalConfig, KhanzaConfig
from antrean_desktop.khanza import KhanzaReader
from tests.khanza.builders import KhanzaFixture

DAY = date(2026, 1, 20)  # a Tuesday (SELASA)


@pytest.fixture
def day() -> date:
    return DAY


@pytest.fixture
def kz(khanza_db: str) -> Iterator[KhanzaFixture]:
    fixture = KhanzaFixture.connect(khanza_db)
    try:
        yield fixture
    finally:
        fixture.dispose()


@pytest.fixture
def make_config() -> Callable[..., Config]:
    """``make_config(include_non_jkn=True, tasks=(3, 4, 5, 99), profile="task-columns")``."""

    def make(**overrides) -> Config:
        khanza_keys = {"profile", "jkn_payer_codes", "include_non_jkn", "excluded_clinics"}
        khanza = replace(KhanzaConfig(), **{k: v for k, v in overrides.items() if k in khanza_keys})
        hospital = replace(
            HospitalConfig(), **{k: v for k, v in overrides.items() if k not in khanza_keys}
        )
        return Config(khanza=khanza, hospital=hospital)

    return make


@pytest.fixture
def make_reader(khanza_db: str) -> Iterator[Callable[[Config], KhanzaReader]]:
    readers: list[KhanzaReader] = []

    def make(config: Config) -> KhanzaReader:
        reader = KhanzaReader(khanza_db, config.khanza, config.hospital)
        readers.append(reader)
        return reader

    yield make
    for reader in readers:
        reader.close()


@pytest.fixture
def sqlite_store(tmp_path) -> Iterator:
    """A migrated local store on SQLite (most poller tests; one runs on both backends)."""
    from antrean_desktop.store import migrate
    from antrean_desktop.store.db import Store

    s = Store(f"sqlite:///{(tmp_path / 'antrean.db').as_posix()}")
    migrate.upgrade(s.engine)
    try:
        yield s
    finally:
        s.dispose()
