"""The window during a big sync: the real window on a MariaDB Khanza and the BPJS simulator.

The real MainWindow and Runtime (default intervals: poll 30 s, send 5 s, refresh 2 s) start on a
Khanza holding 300 JKN visits with every task time known, and send the whole day (1,200 calls:
booking + tasks 3, 4, 5) to the simulator in its own process. Measured: when the table holds
every visit, when every call was accepted, and the gaps between 10 ms ticks of the GUI event loop
during the sync. Baseline: the longest gap of the same window before the runtime starts (idle).
"""

from __future__ import annotations

import sys
import tempfile
import time
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from PySide6.QtCore import QElapsedTimer, QTimer
from PySide6.QtWidgets import QApplication
from sqlalchemy import func, select

from antrean_desktop.app import settle_garbage_collector
from antrean_desktop.config import BpjsConfig, Config, KhanzaConfig, ScheduleConfig, StoreConfig
from antrean_desktop.domain.booking import hari
from antrean_desktop.gui.main_window import MainWindow
from antrean_desktop.runtime.bridge import RuntimeBridge
from antrean_desktop.runtime.scheduler import Runtime
from antrean_desktop.store.db import Store
from antrean_desktop.store.models import SendAttempt
from tests.benchmarks.figures import Figure
from tests.benchmarks.sim_process import SimProcess
from tests.khanza.builders import KhanzaFixture
from tests.support.mariadb import MariaDBServer, khanza_schema_sql, start_mariadb

WIB = ZoneInfo("Asia/Jakarta")
CONS, SECRET, USER_KEY = "c", "s", "u"
SIZES = {"smoke": 6, "full": 300}
LIMIT = 240.0  # seconds


def fill_khanza(kz: KhanzaFixture, n: int) -> None:
    day = datetime.now(WIB).date()
    d, p = day.isoformat(), day.strftime("%Y/%m/%d/")
    kz.payer("BPJ", "BPJS Kesehatan")
    clinics = [("INT", "Poli Penyakit Dalam"), ("ANA", "Poli Anak"), ("MAT", "Poli Mata")]
    for i, (kd, nm) in enumerate(clinics):
        kz.clinic(kd, nm, kd)
        kz.doctor(
            f"D00{i}", f"dr. Dokter {i}", f"1234{i}", [(hari(day), "07:00:00", "14:00:00", kd, 400)]
        )
    for i in range(1, n + 1):
        kd, _ = clinics[i % 3]
        no_rawat, rm = p + f"{i:06d}", f"{i:06d}"
        minute = 7 * 60 + i % 240
        t = lambda extra, m=minute: f"{d} {(m + extra) // 60:02d}:{(m + extra) % 60:02d}:00"  # noqa: E731
        kz.patient(rm, f"Pasien {i}", no_peserta=f"{1000000000000 + i}", no_ktp="", no_tlp="0812")
        kz.register(
            no_rawat, rm, kd, f"D00{i % 3}", jam_reg=t(0)[-8:], no_reg=f"{i:03d}", stts="Sudah"
        )
        kz.sep(no_rawat, f"{1000000000000 + i}")
        kz.mutasi(no_rawat, dikirim=t(5), diterima=t(20))
        kz.exam(no_rawat, t(25), f"D00{i % 3}")
        kz.prescription(no_rawat, f"D00{i % 3}", peresepan=t(40))


def sent_ok(store: Store) -> int:
    """Calls BPJS accepted (first time or 208), from the store's audit table."""
    with store.session() as session:
        query = (
            select(func.count()).select_from(SendAttempt).where(SendAttempt.outcome == "SUCCESS")
        )
        return session.scalar(query) or 0


class _Ticks:
    """Gaps between 10 ms ticks of the GUI event loop."""

    def __init__(self) -> None:
        self.clock = QElapsedTimer()
        self.clock.start()
        self.gaps: list[float] = []
        self._last = self.clock.nsecsElapsed()
        self.timer = QTimer()
        self.timer.setInterval(10)
        self.timer.timeout.connect(self._tick)
        self.timer.start()

    def _tick(self) -> None:
        now = self.clock.nsecsElapsed()
        self.gaps.append((now - self._last) / 1e6)
        self._last = now

    def take(self) -> list[float]:
        gaps, self.gaps = sorted(self.gaps), []
        return gaps


def run(size: str = "full", server: MariaDBServer | None = None) -> list[Figure]:
    """``server``: a running MariaDB to use (the test run's); else one is started."""
    visits = SIZES[size]
    own = server is None
    server = server or start_mariadb()
    app = QApplication.instance() or QApplication(sys.argv[:1])
    try:
        name = server.create_database("sik")
        server.load_sql(name, khanza_schema_sql())
        kz = KhanzaFixture.connect(server.url(name))
        fill_khanza(kz, visits)
        kz.dispose()
        # 17:00 WIB on the service day: every task time of the day is in the past
        now = datetime.combine(datetime.now(WIB).date(), datetime.min.time(), WIB).replace(hour=17)
        sessions = [(kd, 12340 + i, "07:00-14:00") for i, kd in enumerate(("INT", "ANA", "MAT"))]
        with SimProcess(CONS, SECRET, USER_KEY, now=now.astimezone(UTC), jadwal=sessions) as sim, \
                tempfile.TemporaryDirectory() as tmp:  # fmt: skip
            config = Config(
                khanza=KhanzaConfig(url=server.url(name)),
                store=StoreConfig(url=f"sqlite:///{tmp}/store.db"),
                bpjs=BpjsConfig(base_url=sim.base_url, cons_id=CONS, secret_key=SECRET,
                                user_key=USER_KEY),
                schedule=ScheduleConfig(poll_seconds=30, worker_seconds=5),
            )  # fmt: skip
            store = Store(config.store_url)
            bridge = RuntimeBridge()
            runtime = Runtime(config, store, bridge)
            window = MainWindow(config, runtime, bridge, use_tray=False)
            window.resize(1366, 768)
            window.show()
            ticks = _Ticks()
            started = time.monotonic()
            while time.monotonic() - started < 1.0:  # idle: the machine's own noise
                app.processEvents()
                time.sleep(0.002)
            idle = ticks.take()
            settle_garbage_collector()  # as app.run_gui does
            runtime.start()
            started = time.monotonic()
            filled_at = done_at = None
            next_check = 0.0
            try:
                while time.monotonic() - started < LIMIT:
                    app.processEvents()
                    if filled_at is None and window.model.rowCount() >= visits:
                        filled_at = time.monotonic() - started
                    if time.monotonic() >= next_check:  # counting costs GUI-thread time too
                        next_check = time.monotonic() + 1.0
                        if filled_at and sent_ok(store) >= visits * 4:
                            done_at = time.monotonic() - started
                            break
                    time.sleep(0.002)
                gaps = ticks.take()
            finally:
                ticks.timer.stop()
                window.quit()
                runtime.stop()
                app.processEvents()
                store.dispose()
    finally:
        if own:
            server.stop()
    if filled_at is None or done_at is None:
        raise TimeoutError(f"the day was not sent within {LIMIT:.0f} s")
    bench = f"window during a sync, {visits:,} visits"
    p99 = gaps[int(len(gaps) * 0.99)]
    return [
        Figure(bench, "table filled after start", filled_at, "s", "poll interval", 30.0),
        Figure(bench, f"all {visits * 4:,} calls accepted after start", done_at, "s"),
        Figure(bench, "longest event-loop gap during the sync", gaps[-1], "ms",
               "idle window, 1 s", idle[-1], "< 100 ms", gaps[-1] < 100),
        Figure(bench, "p99 event-loop gap during the sync", p99, "ms", "idle window, 1 s",
               idle[int(len(idle) * 0.99)]),
    ]  # fmt: skip
