"""A full day with recognisable marker secrets, then a search of everything the program wrote.

BPJS credentials and a Khanza password containing '@', ':' and '/' (percent-encoded in the URL)
are given the way a desk PC or a service gives them (environment; the file holds no secret). The
day is synced against the real MariaDB and the simulator, with BPJS faults, a verbose run, a
Khanza that cannot be reached, 'check', 'status' and 'status --json'; the settings are written
back as the settings dialog does, and every visit's detail is copied as "Salin teks" does. Then
every file under the test's folders (log, store and its WAL, configuration) and every captured
output is searched: no secret in any form, and no NIK or card number in the copied text."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import datetime
from pathlib import Path
from urllib.parse import quote
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select
from sqlalchemy.engine import make_url

from antrean_desktop.config import load_config, write_config
from antrean_desktop.gui.detail_pane import detail_text
from antrean_desktop.runtime.snapshots import AttemptRow, VisitDetail, VisitRow
from antrean_desktop.store import queries
from antrean_desktop.store.db import Store
from antrean_desktop.store.models import VisitEvent
from tests.e2e.support import REPO, khanza_simulator
from tests.khanza.builders import KhanzaFixture

DAY = "2026-01-20"
CONS = "CONSMARK7319"
SECRET = "SECRETMARK-9f2c41d7"
USER_KEY = "USERKEYMARK-b83e5a10"
KHANZA_PASSWORD = "PwMark@x:y/z-5521"
SECRETS = (CONS, SECRET, USER_KEY, KHANZA_PASSWORD)


def forms(secret: str) -> set[str]:
    """Every way the secret could be written down."""
    encoded = quote(secret, safe="")
    return {secret, encoded, encoded.lower(), quote(secret, safe="@:")}


@pytest.fixture
def marker_sim():
    at = datetime(2026, 1, 20, 11, 0, tzinfo=ZoneInfo("Asia/Jakarta"))
    with khanza_simulator(at, cons=CONS, secret=SECRET, user_key=USER_KEY) as sim:
        yield sim


@pytest.fixture
def marker_khanza(mariadb, khanza_db):
    """The standard day, read by a read-only user whose password has '@', ':' and '/'."""
    kz = KhanzaFixture.connect(khanza_db)
    try:
        kz.standard_day(datetime(2026, 1, 20).date())
    finally:
        kz.dispose()
    database = make_url(khanza_db).database
    user = f"ro_{database[-8:]}"
    with mariadb.connect() as conn, conn.cursor() as cur:
        cur.execute(f"CREATE USER '{user}'@'%%' IDENTIFIED BY %s", (KHANZA_PASSWORD,))
        cur.execute(f"GRANT SELECT ON `{database}`.* TO '{user}'@'%'")
    url = (
        f"mysql+pymysql://{user}:{quote(KHANZA_PASSWORD, safe='')}@{mariadb.host}:{mariadb.port}"
        f"/{database}?charset=utf8mb4"
    )
    try:
        yield url
    finally:
        with mariadb.connect() as conn, conn.cursor() as cur:
            cur.execute(f"DROP USER '{user}'@'%'")


def _run(env: dict[str, str], *args: str) -> tuple[int, str, str]:
    proc = subprocess.run(
        [sys.executable, "-m", "antrean_desktop", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=240,
        stdin=subprocess.DEVNULL,
    )
    return proc.returncode, proc.stdout, proc.stderr


def test_a_day_with_marker_secrets_leaves_none_anywhere(
    tmp_path, marker_sim, marker_khanza, monkeypatch
):
    store_path = tmp_path / "store" / "antrean.db"
    cfg = tmp_path / "config.toml"
    cfg.write_text(
        f"""
[store]
url = "sqlite:///{store_path.as_posix()}"
[bpjs]
base_url = "{marker_sim.base_url}"
timeout_seconds = 2
[worker]
backoff_seconds = 0.01
max_attempts = 50
""",
        encoding="utf-8",
    )
    env = {
        **os.environ,
        "PYTHONPATH": str(REPO),
        "ANTREAN_BPJS_CONS_ID": CONS,
        "ANTREAN_BPJS_SECRET_KEY": SECRET,
        "ANTREAN_BPJS_USER_KEY": USER_KEY,
        "ANTREAN_KHANZA_URL": marker_khanza,
    }
    outputs: list[str] = []

    def run(*args: str, env_: dict[str, str] = env) -> int:
        code, out, err = _run(env_, "--config", str(cfg), *args)
        outputs.extend([out, err])
        assert "Traceback" not in err, err
        return code

    # a faulty BPJS first (errors, retries, verbose debug lines), then a clean finish
    marker_sim.faults.seed(3)
    marker_sim.faults.add("http_5xx", ratio=0.3)
    marker_sim.faults.add("drop", ratio=0.2)
    marker_sim.faults.add("auth_text", count=1)
    assert run("-v", "sync", "--date", DAY) in (0, 1)
    marker_sim.faults.clear()
    for _ in range(5):
        run("sync", "--date", DAY)
    # a Khanza that cannot be reached: the error names the host, never the password
    unreachable = marker_khanza.replace(f":{make_url(marker_khanza).port}/", ":1/")
    assert run("sync", "--date", DAY, env_={**env, "ANTREAN_KHANZA_URL": unreachable}) == 1
    assert "127.0.0.1" in outputs[-1]
    # a wrong password: MariaDB refuses it; the refusal must not echo it either
    wrong = marker_khanza.replace(
        quote(KHANZA_PASSWORD, safe=""), quote(KHANZA_PASSWORD[::-1], safe="")
    )
    run("-v", "sync", "--date", DAY, env_={**env, "ANTREAN_KHANZA_URL": wrong})
    run("check")
    assert run("status", "--date", DAY) == 0
    assert run("status", "--date", DAY, "--json") == 0
    status = json.loads(outputs[-2])
    assert any(v["status"] == "SENT_BPJS" for v in status["visits"]), "the day was not sent"

    # the settings written back as the settings dialog writes them
    for key, value in (
        ("ANTREAN_BPJS_CONS_ID", CONS),
        ("ANTREAN_BPJS_SECRET_KEY", SECRET),
        ("ANTREAN_BPJS_USER_KEY", USER_KEY),
        ("ANTREAN_KHANZA_URL", marker_khanza),
    ):
        monkeypatch.setenv(key, value)
    written = tmp_path / "written.toml"
    write_config(load_config(cfg, use_keyring=False), written)

    # "Salin teks" of every visit, as the detail pane copies it by default
    store = Store(f"sqlite:///{store_path.as_posix()}")
    copied: list[str] = []
    personal: set[str] = set()
    try:
        with store.session() as session:
            visits = list(session.scalars(select(VisitEvent)))
            for visit in visits:
                for key in ("nik", "nomorkartu"):
                    value = (visit.payload or {}).get(key)
                    if value:
                        personal.add(str(value))
            rows = [VisitRow.from_visit(v) for v in visits]
        for row in rows:
            attempts = tuple(
                AttemptRow.from_attempt(a) for a in queries.attempts_for_visit(store, row.visit_id)
            )
            copied.append(
                detail_text(
                    VisitDetail(row, (), attempts),
                    ZoneInfo("Asia/Jakarta"),
                    "id",
                    (1, 3, 4, 5),
                    personal=False,
                )
            )
    finally:
        store.dispose()
    assert personal, "the day must carry NIKs and card numbers for the check to mean anything"

    # search everything: files under the test's folder and the user dirs (the log), outputs
    roots = {tmp_path, Path(os.environ["XDG_STATE_HOME"]).parent}
    files = sorted({p for root in roots for p in root.rglob("*") if p.is_file()} - {cfg})
    names = {p.name for p in files}
    assert {"antrean.db", "antrean-desktop.log", "written.toml"} <= names, names
    texts = {str(p): p.read_bytes().decode("utf-8", "replace") for p in files}
    texts.update({f"output {i}": text for i, text in enumerate(outputs)})
    texts.update({f"copied {i}": text for i, text in enumerate(copied)})
    hits = [
        (where, form)
        for where, text in texts.items()
        for secret in SECRETS
        for form in forms(secret)
        if form in text
    ]
    assert hits == []
    leaked = [(i, v) for i, text in enumerate(copied) for v in personal if v in text]
    assert leaked == []
