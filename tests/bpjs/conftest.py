"""Fixtures for the BPJS client and simulator tests: everything over real HTTP on 127.0.0.1."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from datetime import date, datetime, time, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest

from antrean_desktop.bpjs import BpjsClient
from antrean_desktop.sim import BpjsSimulator

CONS_ID = "98765"
SECRET = "Sup3rS3cretKey-do-not-leak"
USER_KEY = "uk-0f1e2d3c4b5a69788796a5b4c3d2e1f0"
WIB = timezone(timedelta(hours=7))
SERVICE_DATE = date(2026, 11, 28)


def wib_ms(hh: int, mm: int, ss: int = 0, day: date = SERVICE_DATE) -> int:
    """Epoch milliseconds of a WIB wall-clock time."""
    return int(datetime.combine(day, time(hh, mm, ss), WIB).timestamp() * 1000)


def fixed_now(hh: int = 9, mm: int = 0, day: date = SERVICE_DATE) -> datetime:
    return datetime.combine(day, time(hh, mm), WIB)


def make_payload(kodebooking: str = "2026/11/28/000001", **changes: Any) -> dict[str, Any]:
    """A complete, valid antrean/add body (23 fields)."""
    payload: dict[str, Any] = {
        "kodebooking": kodebooking,
        "jenispasien": "JKN",
        "nomorkartu": "0001234567890",
        "nik": "3273012345670001",
        "nohp": "081234567890",
        "kodepoli": "ANA",
        "namapoli": "ANAK",
        "pasienbaru": 0,
        "norm": "000123",
        "tanggalperiksa": SERVICE_DATE.isoformat(),
        "kodedokter": 12345,
        "namadokter": "dr. Siti Rahmawati, Sp.A",
        "jampraktek": "08:00-12:00",
        "jeniskunjungan": 1,
        "nomorreferensi": "0301R0011126B000001",
        "nomorantrean": "A-1",
        "angkaantrean": 1,
        "estimasidilayani": wib_ms(8, 30),
        "sisakuotajkn": 29,
        "kuotajkn": 30,
        "sisakuotanonjkn": 9,
        "kuotanonjkn": 10,
        "keterangan": "Peserta harap 30 menit lebih awal guna pencatatan administrasi.",
    }
    payload.update(changes)
    return payload


def _sim_threads() -> list[threading.Thread]:
    return [
        t
        for t in threading.enumerate()
        if t.name.startswith("bpjs-sim") or "process_request_thread" in t.name
    ]


@pytest.fixture
def vectors() -> dict[str, Any]:
    """Vectors from the reference JavaScript implementation, kept in tests/data."""
    path = Path(__file__).resolve().parents[1] / "data" / "bpjs_vectors.json"
    return json.loads(path.read_text(encoding="utf-8"))


@pytest.fixture
def sim() -> Iterator[BpjsSimulator]:
    server = BpjsSimulator(CONS_ID, SECRET, USER_KEY, now=lambda: fixed_now())
    server.start()
    try:
        yield server
    finally:
        server.stop()
    assert _sim_threads() == [], "the simulator left threads running"


@pytest.fixture
def client(sim: BpjsSimulator) -> Iterator[BpjsClient]:
    bpjs = BpjsClient(sim.base_url, CONS_ID, SECRET, USER_KEY, timeout_seconds=2)
    try:
        yield bpjs
    finally:
        bpjs.close()


@pytest.fixture
def booked(sim: BpjsSimulator, client: BpjsClient) -> str:
    """A returning patient's booking, already at the simulator."""
    kode = "2026/11/28/000001"
    result = client.add_antrean(make_payload(kode))
    assert result.code == 200, result
    return kode
