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
        khanza_keys = {
            "profile",
            "jkn_payer_codes",
            "include_non_jkn",
            "excluded_clinics",
            "notes_without_author",
            "task5_fallback",
        }
        khanza = replace(KhanzaConfig(), **{k: v for k, v in overrides.items() if k in khanza_keys})
        hospital = replace(
            HospitalConfig(), **{k: v for k, v in overrides.items() if k not in khanza_keys}
        )
        return Config(khanza=khanza, hospital=hospital)

    return make


@pytest.fixture
def reader_at(make_config) -> Iterator[Callable[..., KhanzaReader]]:
    """``reader_at(url, notes_without_author="any")``: a reader of any Khanza database, with a
    config made by ``make_config`` (closed at the end of the test)."""
    readers: list[KhanzaReader] = []

    def make(url: str, config: Config | None = None, **overrides) -> KhanzaReader:
        config = config or make_config(**overrides)
        reader = KhanzaReader(url, config.khanza, config.hospital)
        readers.append(reader)
        return reader

    yield make
    for reader in readers:
        reader.close()


@pytest.fixture
def make_reader(khanza_db: str, reader_at) -> Callable[[Config], KhanzaReader]:
    return lambda config: reader_at(khanza_db, config)


@pytest.fixture
def sqlite_store(tmp_path) -> Iterator:
    """A migrated local store on SQLite (most poller tests; one runs on both backends)."""
    from tests.support.stores import migrated_store, sqlite_url

    with migrated_store(sqlite_url(tmp_path / "antrean.db")) as store:
        yield store
