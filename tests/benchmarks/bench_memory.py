"""All-day memory: the window (offscreen) and its runtime through an accelerated day.

The real MainWindow and Runtime with the real Pipeline read a MariaDB Khanza every 0.2 s and
send to the BPJS simulator (its own process). The day's 2,000 visits arrive over the first 40 %
of the poll cycles (registered, with the doctor's note); from half-way on, their prescriptions
arrive, so the second half keeps polling, building and sending, with a constant number of visits.
Figure: the resident set size (RSS, /proc/self/status) at the end against its value half-way,
when every visit is in the table (what the day holds by design is in both; what a leak adds per
cycle is not). For comparison, the RSS after the first 10 % of the cycles (then only ~250
visits had arrived)."""

from __future__ import annotations

import sys
import tempfile
import time
from datetime import datetime

from PySide6.QtWidgets import QApplication

from antrean_desktop.app import settle_garbage_collector
from antrean_desktop.config import BpjsConfig, Config, KhanzaConfig, StoreConfig
from antrean_desktop.gui.main_window import MainWindow
from antrean_desktop.pipeline.service import Pipeline
from antrean_desktop.runtime.bridge import RuntimeBridge
from antrean_desktop.runtime.scheduler import Runtime
from antrean_desktop.store.db import Store
from tests.benchmarks.figures import Figure
from tests.benchmarks.hospital import CONS, DOCTORS, SECRET, SESSIONS, USER_KEY, WIB, open_khanza
from tests.benchmarks.sim_process import SimProcess
from tests.khanza.builders import KhanzaFixture
from tests.support.mariadb import MariaDBServer, start_mariadb

SIZES = {"smoke": (20, 30), "full": (2_000, 1_000)}  # visits, poll cycles
POLL = 0.2


def rss_mb() -> float:
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    raise RuntimeError("no VmRSS in /proc/self/status")


def run(size: str = "full", server: MariaDBServer | None = None) -> list[Figure]:
    """``server``: a running MariaDB to use (the test run's); else one is started."""
    visits, cycles = SIZES[size]
    app = QApplication.instance() or QApplication(sys.argv[:1])
    own = server is None
    server = server or start_mariadb()
    polls = [0]
    try:
        khanza_url, kz = open_khanza(server)
        day = datetime.now(WIB).date()
        with (
            tempfile.TemporaryDirectory() as tmp,
            SimProcess(CONS, SECRET, USER_KEY, now=None, jadwal=SESSIONS) as sim,
        ):
            config = Config(
                khanza=KhanzaConfig(url=khanza_url),
                store=StoreConfig(url=f"sqlite:///{tmp}/store.db"),
                bpjs=BpjsConfig(base_url=sim.base_url, cons_id=CONS, secret_key=SECRET,
                                user_key=USER_KEY),
            )  # fmt: skip
            store = Store(config.store_url)

            class CountingPipeline(Pipeline):
                def poll(self, day):  # type: ignore[override]
                    polls[0] += 1
                    return super().poll(day)

            bridge = RuntimeBridge()
            runtime = Runtime(
                config, store, bridge,
                pipeline_factory=lambda: CountingPipeline(config, store),
                poll_seconds=POLL, worker_seconds=POLL, refresh_seconds=0.5,
            )  # fmt: skip
            window = MainWindow(config, runtime, bridge, use_tray=False)
            window.resize(1366, 768)
            window.show()
            settle_garbage_collector()
            runtime.start()
            early = warm = None
            warm_cycle = 0
            written = prescribed = 0
            prefix = day.strftime("%Y/%m/%d/")
            deadline = time.monotonic() + cycles * POLL * 20
            try:
                while polls[0] < cycles:
                    if time.monotonic() > deadline:
                        raise TimeoutError(f"only {polls[0]} of {cycles} poll cycles ran")
                    app.processEvents()
                    # visits arrive over the first 40 % of the cycles, a few per cycle; their
                    # prescriptions over the last half
                    due = min(visits, int(visits * polls[0] / (cycles * 0.4)) + 1)
                    while written < due:
                        written += 1
                        _visit(kz, prefix, written)
                    if early is None and polls[0] >= cycles // 10:
                        early = rss_mb()
                    if warm is None:
                        if polls[0] >= cycles // 2 and window.model.rowCount() == visits:
                            warm, warm_cycle = rss_mb(), polls[0]  # every visit shown
                    else:
                        due = min(visits, int(visits * (polls[0] - warm_cycle) / (cycles * 0.4)))
                        while prescribed < due:
                            prescribed += 1
                            _prescribe(kz, prefix, prescribed)
                    time.sleep(0.01)
                end = rss_mb()
                rows = window.model.rowCount()
            finally:
                window.quit()
                runtime.stop(timeout=10)
                app.processEvents()
                store.dispose()
        kz.dispose()
    finally:
        if own:
            server.stop()
    if early is None or warm is None:
        raise RuntimeError(f"the table showed {rows} of {visits} visits by the last cycle")
    bench = f"memory, {visits:,} visits, {cycles:,} poll cycles"
    return [
        Figure(bench, f"RSS at the end ({rows:,} rows in the table)", end, "MB",
               "RSS half-way, every visit shown", warm),
        Figure(bench, f"RSS growth over the second half ({prescribed:,} prescriptions arrived)",
               end - warm, "MB", target="< 20 MB", met=end - warm < 20),
        Figure(bench, "RSS growth after the first 10 % of the cycles", end - early, "MB",
               "RSS after 10 % of the cycles", early),
    ]  # fmt: skip


def _stamp(minutes_ago: int) -> str:
    """A Khanza time ``minutes_ago`` before now (BPJS refuses times in the future)."""
    now = datetime.now(WIB).replace(microsecond=0)
    return datetime.fromtimestamp(now.timestamp() - minutes_ago * 60, WIB).strftime(
        "%Y-%m-%d %H:%M:%S"
    )


def _visit(kz: KhanzaFixture, prefix: str, v: int) -> None:
    """Visit ``v`` arrives: registered and noted, a minute apart, ending now."""
    no_rawat, rm = f"{prefix}{v:06d}", f"{v:06d}"
    kd_dokter, kd_poli, _ = DOCTORS[v % len(DOCTORS)]
    stamp = _stamp
    kz.patient(rm, f"Pasien {v}", no_peserta=f"{1000000000000 + v}", no_tlp="0812")
    kz.register(
        no_rawat, rm, kd_poli, kd_dokter, jam_reg=stamp(3)[-8:], no_reg=f"{1 + (v - 1) % 999:03d}"
    )
    kz.sep(no_rawat, f"{1000000000000 + v}")
    kz.exam(no_rawat, stamp(2), kd_dokter)


def _prescribe(kz: KhanzaFixture, prefix: str, v: int) -> None:
    """Visit ``v``'s prescription, now."""
    kd_dokter = DOCTORS[v % len(DOCTORS)][0]
    kz.prescription(f"{prefix}{v:06d}", kd_dokter, peresepan=_stamp(0))
