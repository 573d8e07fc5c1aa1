"""Event to BPJS: from a task time appearing in Khanza to BPJS recording it, under a busy hour.

``antrean-desktop run`` (its own process, ``poll_seconds = 5``) reads a MariaDB Khanza while a
driver writes a busy hour into it as the clock runs: registrations (the booking and task 3, the
registration time, appear together), the doctor's first note (task 4) and the e-prescription
(task 5), each written with the wall-clock time of the moment it is written. The busy hour (400
visits, 1,200 events) is played 6× faster, in 10 minutes, so the program meets 6× the load of a
real peak. BPJS is the simulator in its own process (real clock). "Recorded" is the moment the
program got BPJS's success answer (``send_attempt.created_at``). Baseline: the poll interval.
"""

from __future__ import annotations

import heapq
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from antrean_desktop.store.db import Store
from antrean_desktop.store.models import SendAttempt
from tests.benchmarks.figures import Figure
from tests.benchmarks.hospital import (
    CONS,
    DOCTORS,
    SECRET,
    SESSIONS,
    USER_KEY,
    WIB,
    open_khanza,
    write_config,
)
from tests.benchmarks.sim_process import SimProcess
from tests.support.mariadb import MariaDBServer, start_mariadb
from tests.support.processes import end

REPO = Path(__file__).resolve().parents[2]
POLL = 5
#: visits, seconds the busy hour is played in
SIZES = {"smoke": (4, 12.0), "full": (400, 600.0)}


def _plan(visits: int, span: float, rnd: random.Random) -> list[tuple[float, int, str]]:
    """(second, visit, event) with event in registration, note, prescription, in time order."""
    events = []
    for v in range(1, visits + 1):
        reg = rnd.uniform(0, span * 0.6)
        note = reg + rnd.uniform(2, span * 0.2)
        rx = note + rnd.uniform(2, span * 0.2)
        events += [(reg, v, "reg"), (note, v, "note"), (rx, v, "rx")]
    heapq.heapify(events)
    return [heapq.heappop(events) for _ in range(len(events))]


def run(size: str = "full", server: MariaDBServer | None = None) -> list[Figure]:
    """``server``: a running MariaDB to use (the test run's); else one is started."""
    visits, span = SIZES[size]
    rnd = random.Random(11)
    own = server is None
    server = server or start_mariadb()
    written: dict[tuple[str, int], float] = {}  # (no_rawat, task) -> wall time written
    try:
        khanza_url, kz = open_khanza(server)
        day = datetime.now(WIB).date()
        prefix = day.strftime("%Y/%m/%d/")
        with (
            tempfile.TemporaryDirectory() as tmp,
            SimProcess(CONS, SECRET, USER_KEY, now=None, latency=0.0, jadwal=SESSIONS) as sim,
        ):
            cfg = write_config(tmp, khanza_url, sim.base_url, poll_seconds=POLL)
            proc = subprocess.Popen(
                [sys.executable, "-m", "antrean_desktop", "--config", cfg, "run"],
                env={**os.environ, "PYTHONPATH": str(REPO)},
                stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            )  # fmt: skip
            try:
                started = time.time()
                for at, v, event in _plan(visits, span, rnd):
                    time.sleep(max(0.0, started + at - time.time()))
                    no_rawat, rm = f"{prefix}{v:06d}", f"{v:06d}"
                    kd_dokter, kd_poli, _ = DOCTORS[v % len(DOCTORS)]
                    now = datetime.now(WIB)
                    stamp = now.strftime("%Y-%m-%d %H:%M:%S")
                    if event == "reg":
                        kz.patient(
                            rm, f"Pasien {v}", no_peserta=f"{1000000000000 + v}", no_tlp="0812"
                        )
                        kz.register(
                            no_rawat, rm, kd_poli, kd_dokter, jam_reg=stamp[-8:], no_reg=f"{v:03d}"
                        )
                        kz.sep(no_rawat, f"{1000000000000 + v}")
                        written[(no_rawat, 1)] = written[(no_rawat, 3)] = time.time()
                    elif event == "note":
                        kz.exam(no_rawat, stamp, kd_dokter)
                        written[(no_rawat, 4)] = time.time()
                    else:
                        kz.prescription(no_rawat, kd_dokter, peresepan=stamp)
                        written[(no_rawat, 5)] = time.time()
                recorded = _wait_recorded(Path(tmp, "store.db"), set(written), limit=60 + 3 * POLL)
            finally:
                end(proc, 30)
        kz.dispose()
    finally:
        if own:
            server.stop()
    delays = sorted(recorded[k] - written[k] for k in written if k in recorded)
    missing = len(written) - len(delays)
    if not delays:
        raise RuntimeError("BPJS recorded none of the events")
    median = statistics.median(delays)
    p99 = delays[min(len(delays) - 1, int(len(delays) * 0.99))]
    bench = f"event to BPJS, {visits:,} visits, poll {POLL} s"
    return [
        Figure(bench, f"median ({len(delays):,} events, {missing} not recorded)", median, "s",
               "poll interval", float(POLL), f"< {POLL + 1} s", median < POLL + 1 and missing == 0),
        Figure(bench, "p99", p99, "s", "poll interval", float(POLL), f"< {3 * POLL} s",
               p99 < 3 * POLL and missing == 0),
        Figure(bench, "worst", delays[-1], "s", "poll interval", float(POLL)),
    ]  # fmt: skip


def _wait_recorded(store_path: Path, wanted: set[tuple[str, int]], limit: float) -> dict:
    """(no_rawat, task) -> when BPJS's success answer was recorded (epoch seconds)."""
    deadline = time.time() + limit
    recorded: dict[tuple[str, int], float] = {}
    store = Store(f"sqlite:///{store_path.as_posix()}")
    try:
        while time.time() < deadline:
            from sqlalchemy import select

            with store.session() as session:
                rows = session.execute(
                    select(SendAttempt.visit_id, SendAttempt.task_id, SendAttempt.created_at)
                    .where(SendAttempt.outcome == "SUCCESS")
                    .order_by(SendAttempt.id)
                ).all()
            recorded = {}
            for visit_id, task_id, created in rows:
                recorded.setdefault((visit_id, task_id), created.replace(tzinfo=UTC).timestamp())
            if wanted <= set(recorded):
                break
            time.sleep(1)
    finally:
        store.dispose()
    return recorded
