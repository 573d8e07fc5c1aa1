"""Growth: what a day of visits adds to the log and to the store, and what retention gives back.

N visits (a booking plus tasks 3, 4 and 5 each) are sent by the real Pipeline to the simulator
in its own process, with the program's own logging (the rotating file at INFO, as on a desk) and
a SQLite store. Measured: log bytes and store bytes per visit; then the day is aged past
``keep_days`` and retention runs (bodies removed, VACUUM): store bytes per visit kept until
``keep_visits_days``; then past that, and what is left of the day (target: nothing). Extrapolated
to 5,000 visits a day: log MB a day and the days the log rotation keeps (target >= 7), store MB
a day before and after retention, and the size the store levels off at with the defaults.
"""

from __future__ import annotations

import logging
import tempfile
from datetime import timedelta
from pathlib import Path

from antrean_desktop.config import BpjsConfig, Config, HospitalConfig, StoreConfig, WorkerConfig
from antrean_desktop.logging_setup import LOG_BACKUPS, LOG_FILE_BYTES, setup_logging
from antrean_desktop.store import migrate
from antrean_desktop.store.db import Store
from antrean_desktop.store.models import utcnow
from antrean_desktop.store.retention import apply_retention, compact
from tests.benchmarks.bench_throughput import SIM_NOW, _add_visits, _count_done
from tests.benchmarks.figures import Figure
from tests.benchmarks.sim_process import SimProcess
from tests.pipeline.conftest import CONS, SECRET, USER_KEY, send_all

SIZES = {"smoke": 20, "full": 1_000}
PER_DAY = 5_000
MB = 1024 * 1024


def _measure(visits: int, base_url: str, folder: Path) -> dict[str, float]:
    db = folder / "store.db"
    url = f"sqlite:///{db.as_posix()}"
    config = Config(
        store=StoreConfig(url=url),
        bpjs=BpjsConfig(base_url=base_url, cons_id=CONS, secret_key=SECRET, user_key=USER_KEY,
                        timeout_seconds=10),
        worker=WorkerConfig(concurrency=8),
        hospital=HospitalConfig(tasks=(3, 4, 5)),
    )  # fmt: skip
    log_path = setup_logging(console=False, log_dir=folder / "log")
    assert log_path is not None
    store = Store(url)
    migrate.upgrade(store.engine)
    compact(store)
    empty = db.stat().st_size
    try:
        _add_visits(store, visits)
        send_all(config, store)
        if _count_done(store) != visits * 4:
            raise RuntimeError("not every job was sent")
        for handler in logging.getLogger().handlers:
            handler.flush()
        compact(store)
        day = db.stat().st_size - empty
        result = apply_retention(store, keep_days=90, now=utcnow() + timedelta(days=91))
        if not result.compacted:
            compact(store)
        kept = db.stat().st_size - empty
        keep_visits = StoreConfig().keep_visits_days
        result = apply_retention(
            store, 90, now=utcnow() + timedelta(days=keep_visits + 1), keep_visits_days=keep_visits
        )
        if result.visits_removed != visits:
            raise RuntimeError(f"retention removed {result.visits_removed} of {visits} visits")
        if not result.compacted:
            compact(store)
        gone = db.stat().st_size - empty
    finally:
        store.dispose()
        setup_logging(console=False, log_dir=folder / "after")
    return {
        "log": log_path.stat().st_size / visits,
        "store": day / visits,
        "kept": kept / visits,
        "gone": gone / visits,
    }


def run(size: str = "full", server: object = None) -> list[Figure]:
    """``server`` (a MariaDB) is not needed: the desk store is SQLite."""
    visits = SIZES[size]
    with (
        SimProcess(
            CONS, SECRET, USER_KEY, now=SIM_NOW, jadwal=[("INT", 23456, "08:00-12:00")]
        ) as sim,
        tempfile.TemporaryDirectory() as tmp,
    ):
        per_visit = _measure(visits, sim.base_url, Path(tmp))
    log_day = per_visit["log"] * PER_DAY / MB
    defaults = StoreConfig()
    level = (
        PER_DAY
        * (
            defaults.keep_days * per_visit["store"]
            + (defaults.keep_visits_days - defaults.keep_days) * per_visit["kept"]
        )
        / 1024**3
    )
    rotation = LOG_FILE_BYTES * (LOG_BACKUPS + 1) / MB
    bench = f"growth, {visits:,} visits"
    return [
        Figure(bench, "log bytes per visit (INFO)", per_visit["log"], "B"),
        Figure(bench, f"log per day at {PER_DAY:,} visits", log_day, "MB"),
        Figure(
            bench,
            f"days the log keeps ({rotation:.0f} MB rotation)",
            rotation / log_day,
            "days",
            target="≥ 7",
            met=rotation / log_day >= 7,
        ),  # fmt: skip
        Figure(bench, "store bytes per visit (a new day)", per_visit["store"], "B"),
        Figure(
            bench, f"store per day at {PER_DAY:,} visits", per_visit["store"] * PER_DAY / MB, "MB"
        ),  # fmt: skip
        Figure(
            bench,
            "store bytes per visit after retention",
            per_visit["kept"],
            "B",
            "a new day",
            per_visit["store"],
            target="< a new day",
            met=per_visit["kept"] < per_visit["store"],
        ),  # fmt: skip
        Figure(
            bench,
            f"store bytes per visit after keep_visits_days ({defaults.keep_visits_days})",
            per_visit["gone"],
            "B",
            "a new day",
            per_visit["store"],
            target="≤ 0",
            met=per_visit["gone"] <= 0,
        ),
        Figure(bench, f"store levels off at, {PER_DAY:,} visits a day (defaults)", level, "GB"),
    ]
