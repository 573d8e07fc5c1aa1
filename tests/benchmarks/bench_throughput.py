"""Sending throughput: jobs per second to a BPJS that takes 100 ms per call.

2,000 visits, each a booking plus tasks 3, 4 and 5 (8,000 jobs), are sent by the real Pipeline
(worker, builder between rounds, lease and audit in the store) to the simulator in its own
process, on a SQLite store and on a MariaDB store, at concurrency 1, 4 and 8. One visit's jobs
go in order, so the visits supply the parallelism. Baseline: the network limit, concurrency ÷
latency jobs per second. At concurrency 1 the full run sends 800 jobs (200 visits): at 10 jobs a
second the rate is as clear after 80 s as after 800 s.
"""

from __future__ import annotations

import tempfile
import time
from datetime import UTC, datetime
from typing import Any

from antrean_desktop.config import BpjsConfig, Config, HospitalConfig, StoreConfig, WorkerConfig
from antrean_desktop.domain.task_progress import update_task_progress
from antrean_desktop.pipeline.service import Pipeline
from antrean_desktop.store import migrate
from antrean_desktop.store.db import Store
from antrean_desktop.store.models import AntreanJob, VisitEvent
from tests.benchmarks.figures import Figure
from tests.benchmarks.sim_process import SimProcess
from tests.pipeline.conftest import CONS, DAY, SECRET, USER_KEY, booking_payload, wib_ms
from tests.support.mariadb import MariaDBServer, start_mariadb

LATENCY = 0.1
#: concurrency -> visits (4 jobs each)
SIZES = {"smoke": {1: 3, 4: 6}, "full": {1: 200, 4: 2_000, 8: 2_000}}
SIM_NOW = datetime(2026, 11, 28, 10, 0, tzinfo=UTC)  # 17:00 WIB on the service day


def _add_visits(store: Store, count: int) -> None:
    rows = []
    for n in range(1, count + 1):
        visit_id = f"{DAY:%Y/%m/%d}/{n:06d}"
        progress = update_task_progress({}, 1, "DRAFT")
        minute = n % 400
        times = {3: wib_ms(8, 0) + minute * 1000, 4: wib_ms(9, 0) + minute * 1000, 5: wib_ms(10, 0) + minute * 1000}  # fmt: skip
        for task, waktu in times.items():
            progress = update_task_progress(progress, task, "DRAFT", waktu=waktu, source="bench")
        payload = booking_payload(visit_id, nomorantrean=f"INT-{n:04d}", angkaantrean=n)
        rows.append(VisitEvent(visit_id=visit_id, kodebooking=visit_id, visit_date=DAY,
                               status="READY_BPJS", payload=payload, task_progress=progress))  # fmt: skip
    with store.session() as session:
        session.add_all(rows)


def _send_all(store_url: str, base_url: str, concurrency: int, visits: int) -> tuple[float, int]:
    """Jobs per second and jobs done for ``visits`` visits at ``concurrency``."""
    config = Config(
        store=StoreConfig(url=store_url),
        bpjs=BpjsConfig(base_url=base_url, cons_id=CONS, secret_key=SECRET, user_key=USER_KEY,
                        timeout_seconds=10),
        worker=WorkerConfig(concurrency=concurrency),
        hospital=HospitalConfig(tasks=(3, 4, 5)),
    )  # fmt: skip
    store = Store(store_url)
    migrate.upgrade(store.engine)
    _add_visits(store, visits)
    pipeline = Pipeline(config, store)
    try:
        pipeline.build()
        started = time.perf_counter()
        pipeline.work_due()
        elapsed = time.perf_counter() - started
        done = _count_done(store)
    finally:
        pipeline.close()
        store.dispose()
    return done / elapsed, done


def _count_done(store: Store) -> int:
    from sqlalchemy import func, select

    with store.session() as session:
        return session.scalar(select(func.count()).where(AntreanJob.status == "DONE")) or 0


def run(size: str = "full", server: MariaDBServer | None = None) -> list[Figure]:
    """``server``: a running MariaDB to use (the test run's); else one is started."""
    plan = SIZES[size]
    figures: list[Figure] = []
    own = server is None
    server = server or start_mariadb()
    try:
        with SimProcess(
            CONS,
            SECRET,
            USER_KEY,
            now=SIM_NOW,
            latency=LATENCY,
            jadwal=[("INT", 23456, "08:00-12:00")],
        ) as sim:
            for store_kind in ("SQLite", "MariaDB"):
                for concurrency, visits in plan.items():
                    with tempfile.TemporaryDirectory() as tmp:
                        if store_kind == "SQLite":
                            url = f"sqlite:///{tmp}/store.db"
                        else:
                            url = server.url(server.create_database("store"))
                        rate, done = _send_all(url, sim.base_url, concurrency, visits)
                    limit = concurrency / LATENCY
                    target: dict[str, Any] = {}
                    if concurrency == 8:
                        target = {"target": "≥ 60 % of the limit", "met": rate >= 0.6 * limit}
                    figures.append(Figure(
                        f"sending, {LATENCY * 1000:.0f} ms per call",
                        f"{store_kind} store, concurrency {concurrency}: jobs/s ({done:,} jobs)",
                        rate, "jobs/s", "network limit", limit, **target))  # fmt: skip
                    if done != visits * 4:
                        raise RuntimeError(f"only {done} of {visits * 4} jobs were sent")
    finally:
        if own:
            server.stop()
    return figures
