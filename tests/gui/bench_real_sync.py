"""Benchmark: the real window on a MariaDB Khanza with hundreds of visits and the BPJS simulator.

Measures (1) how long after start the table holds every visit and (2) the longest stall of the
GUI event loop (gap between 10 ms timer ticks) while the real runtime polls, builds and sends the
whole day. Prints the numbers; not a test (speed is never asserted in tests).

Run: QT_QPA_PLATFORM=offscreen .venv/bin/python -m tests.gui.bench_real_sync [--visits 300]
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from datetime import datetime
from zoneinfo import ZoneInfo

from PySide6.QtCore import QElapsedTimer, QTimer
from PySide6.QtWidgets import QApplication

from antrean_desktop.app import settle_garbage_collector
from antrean_desktop.config import BpjsConfig, Config, KhanzaConfig, ScheduleConfig, StoreConfig
from antrean_desktop.domain.booking import hari
from antrean_desktop.gui.main_window import MainWindow
from antrean_desktop.runtime.bridge import RuntimeBridge
from antrean_desktop.runtime.scheduler import Runtime
from antrean_desktop.store.db import Store
from tests.khanza.builders import KhanzaFixture
from tests.support.mariadb import khanza_schema_sql, start_mariadb

WIB = ZoneInfo("Asia/Jakarta")


def fill_khanza(kz: KhanzaFixture, n: int) -> None:
    day = datetime.now(WIB).date()
    d, p = day.isoformat(), day.strftime("%Y/%m/%d/")
    kz.payer("BPJ", "BPJS Kesehatan")
    clinics = [("INT", "Poli Penyakit Dalam"), ("ANA", "Poli Anak"), ("MAT", "Poli Mata")]
    for i, (kd, nm) in enumerate(clinics):
        kz.clinic(kd, nm, kd)
        kz.doctor(
            f"D00{i}", f"dr. Dokter {i}", f"1234{i}", [(hari(day), "07:00:00", "14:00:00", kd, 200)]
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
    from sqlalchemy import func, select

    from antrean_desktop.store.models import SendAttempt

    with store.session() as session:
        return (
            session.scalar(
                select(func.count())
                .select_from(SendAttempt)
                .where(SendAttempt.outcome == "SUCCESS")
            )
            or 0
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--visits", type=int, default=300)
    parser.add_argument(
        "--limit", type=float, default=180.0, help="give up after this many seconds"
    )
    parser.add_argument("--profile", action="store_true", help="profile the GUI thread")
    args = parser.parse_args(argv)
    server = start_mariadb()
    name = server.create_database("sik")
    server.load_sql(name, khanza_schema_sql())
    kz = KhanzaFixture.connect(server.url(name))
    fill_khanza(kz, args.visits)
    kz.dispose()
    app = QApplication.instance() or QApplication(sys.argv[:1])
    # BPJS is another machine in real life: the simulator runs in its own process so its CPU
    # work does not compete with the window for this process's GIL
    sim = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "antrean_desktop.sim",
            "--port",
            "0",
            "--cons-id",
            "c",
            "--secret",
            "s",
            "--user-key",
            "u",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    base_url = sim.stdout.readline().split(" at ")[1].split(" ")[0]
    with tempfile.TemporaryDirectory() as tmp:
        config = Config(
            khanza=KhanzaConfig(url=server.url(name)),
            store=StoreConfig(url=f"sqlite:///{tmp}/store.db"),
            bpjs=BpjsConfig(base_url=base_url, cons_id="c", secret_key="s", user_key="u"),
            schedule=ScheduleConfig(poll_seconds=30, worker_seconds=5),
        )
        store = Store(config.store_url)
        bridge = RuntimeBridge()
        runtime = Runtime(config, store, bridge)
        window = MainWindow(config, runtime, bridge, use_tray=False)
        window.resize(1400, 900)
        window.show()
        startup_gaps: list[float] = []  # until the first visit reaches the table
        gaps: list[float] = []  # from then on, while the day is polled and sent
        worst: list[tuple[float, int]] = []  # (seconds since start, gap ms) of stalls > 100 ms
        clock = QElapsedTimer()
        clock.start()
        last = [clock.nsecsElapsed()]

        def tick() -> None:
            now = clock.nsecsElapsed()
            gap = (now - last[0]) / 1e6
            (gaps if window.model.rowCount() else startup_gaps).append(gap)
            if gap > 100:
                worst.append((round(now / 1e9, 2), round(gap)))
            last[0] = now

        timer = QTimer()
        timer.setInterval(10)
        timer.timeout.connect(tick)
        timer.start()
        started = time.monotonic()
        settle_garbage_collector()  # as app.run_gui does
        runtime.start()
        filled_at = None
        next_check = 0.0
        want = args.visits * 4  # add + tasks 3, 4, 5
        profiler = None
        if args.profile:
            import cProfile

            profiler = cProfile.Profile()
            profiler.enable()
        while time.monotonic() - started < args.limit:
            app.processEvents()
            if filled_at is None and window.model.rowCount() >= args.visits:
                filled_at = time.monotonic() - started
            if time.monotonic() >= next_check:  # counting requests costs GUI-thread time too
                next_check = time.monotonic() + 1.0
                if filled_at and sent_ok(store) >= want:
                    break
            time.sleep(0.002)
        done_at = time.monotonic() - started
        if profiler is not None:
            import pstats

            profiler.disable()
            pstats.Stats(profiler).sort_stats("cumulative").print_stats(25)
        sent = sent_ok(store)
        timer.stop()
        window.quit()
        runtime.stop()
        store.dispose()
    sim.terminate()
    sim.wait(timeout=10)
    server.stop()
    gaps.sort()
    print("stalls over 100 ms (s since start, ms):", worst)
    print(
        f"visits={args.visits} table filled after {filled_at or float('nan'):.1f} s; "
        f"{sent}/{want} sent after {done_at:.1f} s; event loop during the sync: longest gap "
        f"{gaps[-1]:.1f} ms, p99 {gaps[int(len(gaps) * 0.99)]:.1f} ms, median "
        f"{gaps[len(gaps) // 2]:.1f} ms over {len(gaps)} ticks; start-up (window shown, no "
        f"visit yet): longest gap {max(startup_gaps, default=0):.1f} ms"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
