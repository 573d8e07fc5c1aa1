"""Helpers of the end-to-end tests: the simulator, a configuration file and ``run`` as its own
process."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

from antrean_desktop.sim.bpjs_server import BpjsSimulator

CONS, SECRET, USER_KEY = "4321", "e2e-secret", "e2e-user-key"
REPO = Path(__file__).resolve().parents[2]


#: the doctors' sessions of the Khanza test data (standard_day, tests.support.clinic, and the
#: doctor a test re-maps to 23456), which BPJS must know too: the simulator checks antrean/add
KHANZA_SESSIONS = (
    ("INT", 12345, "08:00-12:00"),
    ("INT", 12345, "07:00-14:00"),
    ("ANA", 23456, "13:00-16:00"),
    ("INT", 23456, "08:00-12:00"),
)


def know_khanza_schedule(sim) -> None:
    for kodepoli, kodedokter, jam in KHANZA_SESSIONS:
        sim.add_jadwal(kodepoli, kodedokter, jam)


@contextmanager
def khanza_simulator(
    at: datetime | None = None, *, cons: str = CONS, secret: str = SECRET, user_key: str = USER_KEY
) -> Iterator[BpjsSimulator]:
    """The BPJS simulator, running, that knows the Khanza test data's sessions; its clock stands
    at ``at`` (None: the real clock)."""
    sim = BpjsSimulator(
        cons_id=cons, secret=secret, user_key=user_key, now=(lambda: at) if at else None
    )
    know_khanza_schedule(sim)
    with sim:
        yield sim


def config_file(
    tmp_path,
    sim,
    khanza_db,
    *,
    timeout=2,
    attempts=5,
    backoff=0.01,
    extra="",
    store_url="",
    worker="",
    concurrency=3,
    khanza="",
    store="",
    name="e2e.toml",
) -> str:
    """The configuration file ``name``; ``worker``, ``khanza`` and ``store`` add lines to their
    sections, ``extra`` whole sections."""
    path = tmp_path / name
    store_url = store_url or f"sqlite:///{(tmp_path / 'store.db').as_posix()}"
    path.write_text(
        f"""
[khanza]
url = "{khanza_db}"
{khanza}
[store]
url = "{store_url}"
{store}
[bpjs]
base_url = "{sim.base_url}"
cons_id = "{CONS}"
secret_key = "{SECRET}"
user_key = "{USER_KEY}"
timeout_seconds = {timeout}
deadline_seconds = {2 * timeout}
[worker]
max_attempts = {attempts}
backoff_seconds = {backoff}
concurrency = {concurrency}
{worker}
[schedule]
poll_seconds = 1
worker_seconds = 1
{extra}
""",
        encoding="utf-8",
    )
    return str(path)


def start_run(cfg: str, *, stderr: int, path: tuple[str, ...] = ()) -> subprocess.Popen:
    """``antrean-desktop run`` as its own process, as a service would start it (``path``:
    folders put before the repository on PYTHONPATH, e.g. a test's sitecustomize)."""
    return subprocess.Popen(
        [sys.executable, "-m", "antrean_desktop", "--config", cfg, "run"],
        env={**os.environ, "PYTHONPATH": os.pathsep.join((*path, str(REPO)))},
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=stderr,
        text=True,
    )


def day_summary(cfg: str, day, capsys) -> dict[str, int]:
    """The day's counts as ``status --json`` gives them: what a test reads, rather than the
    line ``sync`` prints for people (in their language)."""
    from antrean_desktop.cli import main

    capsys.readouterr()
    assert main(["--config", cfg, "status", "--date", day.isoformat(), "--json"]) == 0
    return json.loads(capsys.readouterr().out)["summary"]
