"""A migrated local store for a test or a script, disposed of afterwards."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from antrean_desktop.store import migrate
from antrean_desktop.store.db import Store


def sqlite_url(path: Path) -> str:
    return f"sqlite:///{path.as_posix()}"


@contextmanager
def migrated_store(url: str) -> Iterator[Store]:
    """The store at ``url`` upgraded to the newest schema; disposed of on the way out."""
    store = Store(url)
    migrate.upgrade(store.engine)
    try:
        yield store
    finally:
        store.dispose()
