from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import date, datetime

import pytest

from antrean_desktop.config import Config
from antrean_desktop.store import migrate
from antrean_desktop.store.db import Store
from tests.runtime.factories import TZ


@pytest.fixture
def sqlite_store(tmp_path) -> Iterator[Store]:
    store = Store(f"sqlite:///{(tmp_path / 'a.db').as_posix()}")
    migrate.upgrade(store.engine)
    try:
        yield store
    finally:
        store.dispose()


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
