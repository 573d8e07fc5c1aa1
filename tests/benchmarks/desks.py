"""What the several-desks benchmarks share: desk processes on one MariaDB store, a day in Khanza
whose task times are all known, and reading the shared store from the benchmark."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from datetime import datetime, timedelta
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.exc import ProgrammingError

from antrean_desktop.store.db import Store
from antrean_desktop.store.desk_lease import read_holder
from antrean_desktop.store.models import AntreanJob, SendAttempt
from tests.benchmarks.hospital import DOCTORS, WIB, write_config
from tests.khanza.builders import KhanzaFixture
from tests.support.mariadb import MariaDBServer
from tests.support.processes import end

REPO = Path(__file__).resolve().parents[2]


def khanza_user(server: MariaDBServer, database: str, user: str) -> str:
    """A read-only Khanza user of its own (as a hospital gives each PC), so the server's
    ``USER_STATISTICS`` count each desk's statements; its URL."""
    password = f"pw-{user}"
    with server.connect() as conn, conn.cursor() as cur:
        cur.execute(f"CREATE USER IF NOT EXISTS '{user}'@'%' IDENTIFIED BY '{password}'")
        cur.execute(f"GRANT SELECT ON `{database}`.* TO '{user}'@'%'")
    return (
        f"mysql+pymysql://{user}:{password}@{server.host}:{server.port}/{database}?charset=utf8mb4"
    )


def start_counting(server: MariaDBServer) -> None:
    """Turn on the server's per-user statistics (``userstat``) and zero them."""
    with server.connect() as conn, conn.cursor() as cur:
        cur.execute("SET GLOBAL userstat = 1")
        cur.execute("FLUSH USER_STATISTICS")


def statements(server: MariaDBServer, users: list[str]) -> dict[str, int]:
    """Statements each user sent so far (SELECT + UPDATE + other commands)."""
    with server.connect() as conn, conn.cursor() as cur:
        cur.execute(
            "SELECT USER, SELECT_COMMANDS + UPDATE_COMMANDS + OTHER_COMMANDS "
            "FROM information_schema.USER_STATISTICS"
        )
        seen = {user: int(n) for user, n in cur.fetchall()}
    return {user: seen.get(user, 0) for user in users}


def fill_day(kz: KhanzaFixture, visits: int) -> int:
    """``visits`` JKN visits today, each registered, examined and prescribed in the last few
    minutes (never in the future, also just after midnight): booking + tasks 3, 4 and 5 each.
    Returns the number of jobs the day makes."""
    now = datetime.now(WIB).replace(microsecond=0, tzinfo=None)
    midnight = now.replace(hour=0, minute=0, second=0)
    start = max(midnight + timedelta(seconds=30), now - timedelta(minutes=40))
    span = (now - timedelta(seconds=10) - start).total_seconds()
    prefix = now.strftime("%Y/%m/%d/")
    for v in range(1, visits + 1):
        no_rawat, rm = f"{prefix}{v:06d}", f"{v:06d}"
        kd_dokter, kd_poli, _ = DOCTORS[v % len(DOCTORS)]
        reg = start + timedelta(seconds=int(span * 0.5 * v / visits))
        exam = reg + timedelta(seconds=int(span * 0.2) or 1)
        rx = exam + timedelta(seconds=int(span * 0.2) or 1)
        kz.patient(rm, f"Pasien {v}", no_peserta=f"{1000000000000 + v}", no_tlp="0812")
        kz.register(no_rawat, rm, kd_poli, kd_dokter, jam_reg=f"{reg:%H:%M:%S}",
                    no_reg=f"{v:03d}", stts="Sudah")  # fmt: skip
        kz.sep(no_rawat, f"{1000000000000 + v}")
        kz.exam(no_rawat, f"{exam:%Y-%m-%d %H:%M:%S}", kd_dokter)
        kz.prescription(no_rawat, kd_dokter, peresepan=f"{rx:%Y-%m-%d %H:%M:%S}")
    return visits * 4


def desk_env(folder: Path) -> dict[str, str]:
    """A PC of its own: home, log and instance folders."""
    folder.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "PYTHONPATH": str(REPO), "QT_QPA_PLATFORM": "offscreen",
           "HOME": str(folder)}  # fmt: skip
    for name in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME"):
        env[name] = str(folder / name.lower())
    env["XDG_RUNTIME_DIR"] = str(folder / "run")
    Path(env["XDG_RUNTIME_DIR"]).mkdir(mode=0o700, exist_ok=True)
    return env


def desk_config(
    folder: Path,
    name: str,
    khanza_url: str,
    store_url: str,
    base_url: str,
    *,
    poll_seconds: int,
    takeover_seconds: int = 20,
) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    store = f'url = "{store_url}"\ntakeover_seconds = {takeover_seconds}\ndesk_name = "{name}"'
    return Path(
        write_config(
            folder, khanza_url, base_url, poll_seconds=poll_seconds, store=store, name="config.toml"
        )
    )


class Desk:
    """``antrean-desktop run`` (or the window, ``gui``) of one PC, in its own process."""

    def __init__(self, folder: Path, name: str, config: Path, command: str = "run") -> None:
        self.name = name
        self.process = subprocess.Popen(
            [sys.executable, "-m", "antrean_desktop", "--config", str(config), command],
            env=desk_env(folder), stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )  # fmt: skip

    @property
    def pid(self) -> int:
        return self.process.pid

    def stop(self) -> None:
        if self.process.poll() is None:
            end(self.process, 30)


def holder_pid(store: Store) -> int | None:
    """The process id of the desk holding the desk lease (its process is ``host:pid:…``)."""
    try:
        holder = read_holder(store)
    except ProgrammingError:  # the store's tables are not there yet
        return None
    if holder is None or holder.age_seconds > 3600:
        return None
    return int(holder.process.split(":")[1])


def wait_holder(store: Store, pids: set[int], limit: float) -> int:
    """Until one of ``pids`` holds the lease; its pid."""
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        pid = holder_pid(store)
        if pid in pids:
            return pid
        time.sleep(0.2)
    raise TimeoutError(f"no desk took the desk lease within {limit:.0f} s")


def jobs_done(store: Store) -> tuple[int, int]:
    """(jobs DONE, all jobs)."""
    with store.session() as session:
        done = session.scalar(
            select(func.count()).select_from(AntreanJob).where(AntreanJob.status == "DONE")
        )
        total = session.scalar(select(func.count()).select_from(AntreanJob))
    return int(done or 0), int(total or 0)


def attempts(store: Store) -> int:
    """Answers of BPJS the store recorded (any outcome)."""
    with store.session() as session:
        return int(session.scalar(select(func.count()).select_from(SendAttempt)) or 0)


def wait_done(store: Store, jobs: int, limit: float) -> float:
    """Until ``jobs`` jobs are DONE; the time (``time.time()``) it happened, seen every 0.1 s."""
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        if jobs_done(store)[0] >= jobs:
            return time.time()
        time.sleep(0.1)
    raise TimeoutError(f"{jobs} jobs were not DONE within {limit:.0f} s: {jobs_done(store)}")
