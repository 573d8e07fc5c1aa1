"""A viewer window's refresh delay: from the active desk's write in the shared store to the
viewer's table showing it.

The active desk is ``antrean-desktop run`` in its own process, sending a day (booking + tasks 3,
4, 5 per visit) from a MariaDB Khanza to the simulator answering after 400 ms, through a MariaDB
store. The viewer is the real MainWindow and Runtime (default refresh, 2 s) in the benchmark
process on the same store, a viewer because the other desk holds the desk lease. A third
process watches the store's change counter (``store_counter``, bumped in the same transaction as
each visit's write) every 20 ms and prints when a new number became visible (committed). The
GUI loop notes when its table first holds a row with that number (``change_seq``), looking every
20 ms. Delay = shown - committed, for every number the watcher saw. Baseline: the window's
refresh interval.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from PySide6.QtWidgets import QApplication

from antrean_desktop.config import (
    BpjsConfig,
    Config,
    KhanzaConfig,
    ScheduleConfig,
    StoreConfig,
)
from antrean_desktop.gui.main_window import MainWindow
from antrean_desktop.runtime.bridge import RuntimeBridge
from antrean_desktop.runtime.scheduler import Runtime
from antrean_desktop.store.db import Store
from tests.benchmarks.desks import (
    Desk,
    desk_config,
    fill_day,
    holder_pid,
    jobs_done,
    khanza_user,
    wait_holder,
)
from tests.benchmarks.figures import Figure
from tests.benchmarks.hospital import CONS, SECRET, SESSIONS, USER_KEY, open_khanza
from tests.benchmarks.sim_process import SimProcess
from tests.support.mariadb import MariaDBServer, start_mariadb

SIZES = {"smoke": 3, "full": 80}
REFRESH = 2.0  # the Runtime's default refresh_seconds
LIMIT = 240.0

WATCHER = """
import sys, time, pymysql
conn = pymysql.connect(host=sys.argv[1], port=int(sys.argv[2]), user=sys.argv[3],
                       password=sys.argv[4], database=sys.argv[5], autocommit=True)
last = None
with conn.cursor() as cur:
    while True:
        cur.execute("SELECT value FROM store_counter WHERE name = 'visit_event'")
        row = cur.fetchone()
        value = row[0] if row else 0
        if value != last:
            last = value
            print(f"{time.time():.3f} {value}", flush=True)
        time.sleep(0.02)
"""


def _shown(window: MainWindow) -> int:
    return max((row.change_seq for row in window.model.visits()), default=0)


def run(size: str = "full", server: MariaDBServer | None = None) -> list[Figure]:
    """``server``: a running MariaDB to use (the test run's); else one is started."""
    visits = SIZES[size]
    own = server is None
    server = server or start_mariadb()
    app = QApplication.instance() or QApplication(sys.argv[:1])
    shown_at: list[tuple[float, int]] = []  # (time, highest change number in the table)
    try:
        khanza_url, kz = open_khanza(server)
        khanza_db = khanza_url.rsplit("/", 1)[1].split("?")[0]
        jobs = fill_day(kz, visits)
        kz.dispose()
        store_db = server.create_database("store", charset="utf8mb4")
        store_url = server.url(store_db)
        with (
            tempfile.TemporaryDirectory() as tmp,
            SimProcess(CONS, SECRET, USER_KEY, now=None, latency=0.4, jadwal=SESSIONS) as sim,
        ):
            folder = Path(tmp, "LOKET-1")
            config_file = desk_config(
                folder, "LOKET-1", khanza_user(server, khanza_db, "kz_desk1"), store_url,
                sim.base_url, poll_seconds=30,
            )  # fmt: skip
            desk = Desk(folder, "LOKET-1", config_file)
            store = Store(store_url)
            watcher, lines = None, []
            try:
                wait_holder(store, {desk.pid}, 60)
                watcher = subprocess.Popen(
                    [sys.executable, "-c", WATCHER, server.host, str(server.port), server.user,
                     server.password, store_db],
                    stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, text=True,
                )  # fmt: skip
                config = Config(
                    khanza=KhanzaConfig(url=khanza_user(server, khanza_db, "kz_viewer")),
                    store=StoreConfig(url=store_url, desk_name="IT"),
                    bpjs=BpjsConfig(base_url=sim.base_url, cons_id=CONS, secret_key=SECRET,
                                    user_key=USER_KEY),
                    schedule=ScheduleConfig(poll_seconds=30, worker_seconds=1),
                )  # fmt: skip
                view_store = Store(store_url)
                bridge = RuntimeBridge()
                runtime = Runtime(config, view_store, bridge, refresh_seconds=REFRESH)
                window = MainWindow(config, runtime, bridge, use_tray=False)
                window.resize(1366, 768)
                window.show()
                runtime.start()
                started = time.monotonic()
                next_look = next_check = 0.0
                try:
                    while time.monotonic() - started < LIMIT:
                        app.processEvents()
                        now = time.monotonic()
                        if now >= next_look:
                            next_look = now + 0.02
                            value = _shown(window)
                            if not shown_at or value > shown_at[-1][1]:
                                shown_at.append((time.time(), value))
                        if now >= next_check:
                            next_check = now + 1.0
                            if (
                                jobs_done(store)[0] >= jobs
                                and shown_at
                                and _is_last(store, shown_at[-1][1])
                            ):
                                break
                        time.sleep(0.002)
                    else:
                        raise TimeoutError(
                            f"the viewer did not show the whole day in {LIMIT:.0f} s"
                        )
                    viewer_sent = holder_pid(store) != desk.pid
                finally:
                    window.quit()
                    runtime.stop()
                    app.processEvents()
                    view_store.dispose()
            finally:
                if watcher is not None:
                    watcher.kill()
                    lines = watcher.communicate()[0].splitlines()
                desk.stop()
                store.dispose()
    finally:
        if own:
            server.stop()
    if viewer_sent:
        raise RuntimeError("the window took the desk lease: it was not a viewer")
    committed = [(float(t), int(v)) for t, v in (line.split() for line in lines if line.strip())]
    delays = []
    for t, value in committed:
        if value == 0:
            continue
        seen = next((s for s, shown in shown_at if shown >= value), None)
        if seen is not None:
            delays.append(max(0.0, seen - t))
    if not delays:
        raise RuntimeError("the viewer's table showed none of the store's changes")
    delays.sort()
    bench = f"viewer window, {visits} visits, the other desk sending"
    p95 = delays[min(len(delays) - 1, int(len(delays) * 0.95))]
    return [
        Figure(bench, f"store write → viewer's table: median ({len(delays)} changes)",
               statistics.median(delays), "s", "refresh interval", REFRESH, "< 2 s",
               statistics.median(delays) < 2),
        Figure(bench, "store write → viewer's table: p95", p95, "s", "refresh interval", REFRESH,
               "< 4 s", p95 < 4),
        Figure(bench, "store write → viewer's table: worst", delays[-1], "s", "refresh interval",
               REFRESH),
    ]  # fmt: skip


def _is_last(store: Store, shown: int) -> bool:
    from antrean_desktop.store.changes import current

    with store.session() as session:
        return shown >= current(session)
