from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import date, datetime

import pytest

from antrean_desktop.config import Config
from antrean_desktop.store.db import Store
from tests.runtime.factories import TZ
from tests.support.stores import migrated_store, sqlite_url


@pytest.fixture
def sqlite_store(tmp_path) -> Iterator[Store]:
    with migrated_store(sqlite_url(tmp_path / "a.db")) as store:
        yield store


@pytest.fixture
def gui_config() -> Config:
    return Config()


@pytest.fixture
def today() -> date:
    return datetime.now(TZ).date()


@pytest.fixture
def no_thread_leak() -> Iterator[None]:
    before = set(threading.enumerate())
    yield
    left = [t for t in threading.enumerate() if t not in before and t.is_alive()]
    assert not left, f"threads left running: {[t.name for t in left]}"
