"""The store and the log hold patients' data: on POSIX only their owner may read them."""

from __future__ import annotations

import logging
import os
import stat

import pytest
from sqlalchemy import text

from antrean_desktop.logging_setup import setup_logging
from antrean_desktop.store import migrate
from antrean_desktop.store.db import Store
from tests.support.logs import reset_logging

pytestmark = pytest.mark.skipif(os.name != "posix", reason="POSIX file modes")


def _mode(path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_store_and_its_wal_files_are_private(tmp_path):
    old = os.umask(0o022)  # the usual default that made them 0644
    try:
        folder = tmp_path / "data" / "AntreanDesktop"
        store = Store(f"sqlite:///{(folder / 'antrean.db').as_posix()}")
        migrate.upgrade(store.engine)
        with store.engine.begin() as conn:
            conn.execute(text("CREATE TABLE t (x INTEGER)"))
            conn.execute(text("INSERT INTO t VALUES (1)"))
        files = sorted(folder.iterdir())
        assert {p.name for p in files} >= {"antrean.db", "antrean.db-wal", "antrean.db-shm"}
        assert {p.name: _mode(p) for p in files} == {p.name: 0o600 for p in files}
        assert _mode(folder) == 0o700
        store.dispose()
    finally:
        os.umask(old)


def test_an_existing_world_readable_store_is_tightened(tmp_path):
    db = tmp_path / "antrean.db"
    db.touch(mode=0o644)
    os.chmod(db, 0o644)
    Store(f"sqlite:///{db.as_posix()}").dispose()
    assert _mode(db) == 0o600


def test_log_files_are_private_also_after_rotation(tmp_path, monkeypatch):
    old = os.umask(0o022)
    try:
        path = setup_logging(console=False, log_dir=tmp_path / "log")
        handler = next(h for h in logging.getLogger().handlers if hasattr(h, "doRollover"))
        logging.getLogger("antrean.test").warning("first file")
        handler.doRollover()
        logging.getLogger("antrean.test").warning("second file")
        handler.flush()
        files = sorted((tmp_path / "log").iterdir())
        assert [p.name for p in files] == [path.name, path.name + ".1"]
        assert all(_mode(p) == 0o600 for p in files) and _mode(tmp_path / "log") == 0o700
    finally:
        os.umask(old)
        reset_logging(tmp_path)
