"""Several desks on one MariaDB store upgrade it one at a time (``migrate.upgrade_lock``).

Each desk is its own process (``antrean-desktop db upgrade`` or ``status``, which migrates at
start-up like every command), all started at once on an empty store.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import text

from antrean_desktop.store import migrate
from antrean_desktop.store.db import make_engine
from tests.support.processes import reap

REPO = Path(__file__).resolve().parents[2]
DESKS = 10


@pytest.fixture
def shared_store(mariadb):
    """An empty MariaDB store database, as docs/several-desks.md creates it."""
    name = mariadb.create_database("shared", charset="utf8mb4")
    try:
        yield mariadb.url(name)
    finally:
        mariadb.drop_database(name)


def _config(tmp_path: Path, url: str) -> str:
    path = tmp_path / "desk.toml"
    path.write_text(f'[store]\nurl = "{url}"\n', encoding="utf-8")
    return str(path)


def _desk(cfg: str, n: int, tmp_path: Path) -> subprocess.Popen:
    """Desk ``n``: half run ``db upgrade``, half ``status --json`` (each its own user dirs)."""
    home = tmp_path / f"desk{n}"
    home.mkdir()
    command = ["db", "upgrade"] if n % 2 == 0 else ["status", "--json"]
    return subprocess.Popen(
        [sys.executable, "-m", "antrean_desktop", "--config", cfg, "--lang", "en", *command],
        env={
            **os.environ,
            "PYTHONPATH": str(REPO),
            "HOME": str(home),
            "XDG_DATA_HOME": str(home / "data"),
            "XDG_CONFIG_HOME": str(home / "config"),
        },
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _finish(desks: list[subprocess.Popen]) -> list[tuple[int, str]]:
    results = []
    try:
        for proc in desks:
            out, err = proc.communicate(timeout=180)
            results.append((proc.returncode, out + err))
    finally:
        for proc in desks:
            reap(proc)
    return results


def _store_versions(url: str) -> list[str]:
    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            return [r[0] for r in conn.execute(text("SELECT version_num FROM alembic_version"))]
    finally:
        engine.dispose()


def _waiting_for_lock(mariadb, database: str) -> int:
    return mariadb.queries_running(database, "SELECT GET_LOCK(")


def test_ten_desks_started_at_once_on_an_empty_store_upgrade_it_once(shared_store, tmp_path):
    cfg = _config(tmp_path, shared_store)
    desks = [_desk(cfg, n, tmp_path) for n in range(DESKS)]
    results = _finish(desks)
    for code, said in results:
        assert code == 0, said
        assert "already exists" not in said and "Duplicate" not in said, said
        assert "Traceback" not in said, said
    assert _store_versions(shared_store) == [migrate.shipped_head()]


def test_desks_waiting_for_the_lock_find_the_store_at_head_and_do_nothing(
    mariadb, shared_store, tmp_path
):
    """The test holds the store's lock until all ten desks wait for it, so they really start
    together; when it lets go, one desk upgrades and the nine others find nothing to do."""
    cfg = _config(tmp_path, shared_store)
    database = shared_store.rsplit("/", 1)[1].split("?")[0]
    name = migrate.lock_name(make_engine(shared_store))
    holder = mariadb.connect(database)
    desks: list[subprocess.Popen] = []
    try:
        with holder.cursor() as cur:
            cur.execute("SELECT GET_LOCK(%s, 0)", (name,))
            assert cur.fetchone()[0] == 1
        desks = [_desk(cfg, n, tmp_path) for n in range(DESKS)]
        deadline = time.monotonic() + 120
        while _waiting_for_lock(mariadb, database) < DESKS:
            assert time.monotonic() < deadline, "the desks did not all wait for the lock"
            assert all(p.poll() is None for p in desks), "a desk ended without waiting"
            time.sleep(0.2)
        assert _waiting_for_lock(mariadb, database) == DESKS
        with holder.cursor() as cur:
            cur.execute("SELECT RELEASE_LOCK(%s)", (name,))
    finally:
        holder.close()
        results = _finish(desks)
    for code, said in results:
        assert code == 0, said
        assert "already exists" not in said and "Duplicate" not in said, said
    found_done = [said for _code, said in results if "already upgraded by another desk" in said]
    assert len(found_done) == DESKS - 1
    assert _store_versions(shared_store) == [migrate.shipped_head()]


def test_a_desk_that_cannot_get_the_lock_says_so_and_changes_nothing(mariadb, shared_store):
    name = migrate.lock_name(make_engine(shared_store))
    holder = mariadb.connect()
    engine = make_engine(shared_store)
    try:
        with holder.cursor() as cur:
            cur.execute("SELECT GET_LOCK(%s, 0)", (name,))
        with pytest.raises(migrate.MigrationLockTimeout) as caught:
            migrate.upgrade(engine, lock_wait=1)
        said = caught.value.text("en")
        assert "being upgraded by another PC" in said and name in said
        assert "sedang dimutakhirkan oleh PC lain" in caught.value.text("id")
        assert migrate.store_compat(engine).revisions == ()  # nothing was migrated
    finally:
        holder.close()
        engine.dispose()


def test_a_killed_desk_does_not_leave_the_lock_held(mariadb, shared_store):
    """The lock belongs to the desk's connection: when the desk dies, the server frees it."""
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, time, pymysql\n"
            "c = pymysql.connect(host=sys.argv[1], port=int(sys.argv[2]), user=sys.argv[3],"
            " password=sys.argv[4], autocommit=True)\n"
            "c.cursor().execute('SELECT GET_LOCK(%s, 0)', (sys.argv[5],))\n"
            "print('held', flush=True)\n"
            "time.sleep(600)\n",
            mariadb.host,
            str(mariadb.port),
            mariadb.user,
            mariadb.password,
            migrate.lock_name(make_engine(shared_store)),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    engine = make_engine(shared_store)
    try:
        assert holder.stdout.readline().strip() == "held"
        with pytest.raises(migrate.MigrationLockTimeout):
            migrate.upgrade(engine, lock_wait=0)
        holder.kill()
        holder.wait()
        migrate.upgrade(engine, lock_wait=30)
        assert migrate.store_compat(engine).current
    finally:
        reap(holder)
        engine.dispose()
