"""Fixtures for the builder/worker: a local store, the BPJS simulator and a matching config."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from antrean_desktop.config import BpjsConfig, Config, HospitalConfig, StoreConfig, WorkerConfig
from antrean_desktop.domain.task_progress import update_task_progress
from antrean_desktop.pipeline.service import Pipeline
from antrean_desktop.sim.bpjs_server import BpjsSimulator
from antrean_desktop.store.db import Store
from antrean_desktop.store.models import VisitEvent
from antrean_desktop.store.visits import modify_visit
from tests.support.stores import migrated_store, sqlite_url

CONS, SECRET, USER_KEY = "12345", "s3cr3t-Key", "user-key-abc"
WIB = ZoneInfo("Asia/Jakarta")
# The service day: yesterday in the hospital's zone, so that it is inside BPJS's 7-day window on
# whatever date the suite runs (a test about "older than 7 days" or midnight sets its own dates).
DAY: date = datetime.now(WIB).date() - timedelta(days=1)
AFTERNOON = datetime(DAY.year, DAY.month, DAY.day, 14, 0, tzinfo=WIB)  # the simulator's clock


def wib(hh: int, mm: int = 0, day: date | None = None) -> datetime:
    """A moment of the service day (or ``day``) on the hospital's clock."""
    d = day or DAY
    return datetime(d.year, d.month, d.day, hh, mm, tzinfo=WIB)


def wib_ms(hh: int, mm: int, ss: int = 0, day: date = DAY) -> int:
    return int(datetime(day.year, day.month, day.day, hh, mm, ss, tzinfo=WIB).timestamp() * 1000)


def booking_payload(kodebooking: str, **overrides) -> dict:
    payload = {
        "kodebooking": kodebooking,
        "jenispasien": "JKN",
        "nomorkartu": "0001234567890",
        "nik": "3201010101010001",
        "nohp": "081234567890",
        "kodepoli": "INT",
        "namapoli": "PENYAKIT DALAM",
        "pasienbaru": 0,
        "norm": "000123",
        "tanggalperiksa": DAY.isoformat(),
        "kodedokter": 23456,
        "namadokter": "dr. Budi Santoso, Sp.PD",
        "jampraktek": "08:00-12:00",
        "jeniskunjungan": 1,
        "nomorreferensi": "0301R0011125K000001",
        "nomorantrean": "INT-001",
        "angkaantrean": 1,
        "estimasidilayani": wib_ms(8, 0),
        "sisakuotajkn": 20,
        "kuotajkn": 25,
        "sisakuotanonjkn": 20,
        "kuotanonjkn": 25,
        "keterangan": "Peserta harap 30 menit lebih awal.",
    }
    payload.update(overrides)
    return payload


def know_schedule(sim: BpjsSimulator) -> None:
    """The session of :func:`booking_payload` (BPJS checks antrean/add against it)."""
    sim.add_jadwal("INT", 23456, "08:00-12:00")


@pytest.fixture
def sim() -> Iterator[BpjsSimulator]:
    simulator = BpjsSimulator(
        cons_id=CONS,
        secret=SECRET,
        user_key=USER_KEY,
        now=lambda: AFTERNOON.astimezone(UTC),  # 14:00 WIB on the service day
    )
    know_schedule(simulator)
    with simulator:
        yield simulator


def make_config(base_url: str, tmp_path, *, tasks=(3, 4, 5), **worker) -> Config:
    values = {"max_attempts": 3, "backoff_seconds": 0.05, "concurrency": 4}
    values.update(worker)
    return Config(
        store=StoreConfig(url=sqlite_url(tmp_path / "antrean.db")),
        bpjs=BpjsConfig(
            base_url=base_url, cons_id=CONS, secret_key=SECRET, user_key=USER_KEY, timeout_seconds=2
        ),
        worker=WorkerConfig(**values),
        hospital=HospitalConfig(tasks=tuple(tasks)),
    )


@pytest.fixture
def config(sim, tmp_path) -> Config:
    return make_config(sim.base_url, tmp_path)


@pytest.fixture
def local_store(config) -> Iterator[Store]:
    with migrated_store(config.store_url) as store:
        yield store


def visit_no(n: int, day: date | None = None) -> str:
    """Khanza's ``no_rawat`` of the n-th visit of ``day`` (the service day by default)."""
    return f"{(day or DAY):%Y/%m/%d}/{n:06d}"


def add_visit(store: Store, n: int, *, times: dict[int, int] | None = None, **payload) -> str:
    """A READY visit with its booking payload and DRAFT task times, as the poller leaves it."""
    visit_id = visit_no(n)
    progress = update_task_progress({}, 1, "DRAFT")
    for task, waktu in (times or {}).items():
        progress = update_task_progress(progress, task, "DRAFT", waktu=waktu, source="test")
    with store.session() as session:
        session.add(
            VisitEvent(
                visit_id=visit_id,
                kodebooking=visit_id,
                visit_date=DAY,
                status="READY_BPJS",
                payload=booking_payload(visit_id, **payload),
                task_progress=progress,
            )
        )
    return visit_id


def in_send_window(store: Store, visit_id: str) -> None:
    """Date the visit today (the day the worker's clock says) so BPJS's H+7 window is open for
    network retries; the booking body keeps its service date (the simulator's clock)."""

    def change(visit, _session):
        visit.visit_date = datetime.now(WIB).date()

    modify_visit(store, visit_id, change)


FULL_DAY = {3: wib_ms(8, 5), 4: wib_ms(8, 30), 5: wib_ms(9, 0)}


def send_all(config: Config, store: Store) -> None:
    """Build and send everything due, as one ``sync`` would after a poll."""
    pipeline = Pipeline(config, store)
    try:
        pipeline.build()
        pipeline.work_due()
    finally:
        pipeline.close()
