"""``--demo``: the real program against an embedded demo hospital; nothing leaves the machine.

Khanza is the demo hospital's SQLite database (:mod:`.hospital`), filled as the clock runs;
BPJS is the project's simulator (:mod:`antrean_desktop.sim`) in this process on 127.0.0.1, with
occasional network faults and one doctor it does not know. The local store is a separate demo
store. Pollers, builder, worker, store and window are the ordinary ones, driven by the
configuration :meth:`DemoSession.start` returns.
"""

from __future__ import annotations

import json
import logging
import threading
from dataclasses import replace
from pathlib import Path

from antrean_desktop.config import (
    BpjsConfig,
    Config,
    HospitalConfig,
    KhanzaConfig,
    ScheduleConfig,
    StoreConfig,
    WorkerConfig,
    user_data_dir,
)
from antrean_desktop.demo.hospital import BPJS_DOCTOR_CODES, DemoHospital, bpjs_sessions
from antrean_desktop.sim.bpjs_server import BpjsSimulator

log = logging.getLogger("antrean.demo")

CONS_ID = "demo-cons-id"
SECRET = "demo-secret"  # a made-up key of the local simulator, not a credential
USER_KEY = "demo-user-key"
#: how often the demo hospital writes what is due while the window or ``run`` is open
TICK_SECONDS = 2.0


def demo_dir() -> Path:
    return user_data_dir() / "demo"


def demo_config(base: Config, directory: Path, khanza_url: str, bpjs_url: str) -> Config:
    """The demo's configuration: everything local; the language of ``base`` is kept."""
    return Config(
        path=None,
        demo=True,
        khanza=KhanzaConfig(url=khanza_url, include_non_jkn=True),
        store=StoreConfig(url=f"sqlite:///{(directory / 'antrean-demo.db').as_posix()}"),
        bpjs=BpjsConfig(
            base_url=bpjs_url,
            cons_id=CONS_ID,
            secret_key=SECRET,
            user_key=USER_KEY,
            timeout_seconds=5.0,
        ),
        schedule=ScheduleConfig(poll_seconds=5, worker_seconds=2),
        worker=WorkerConfig(max_attempts=3, backoff_seconds=20.0, concurrency=4),
        hospital=replace(
            HospitalConfig(),
            tasks=(3, 4, 5, 99),
            language=base.hospital.language,
        ),
    )


class DemoSession:
    """Start with :meth:`start` (or ``with``), stop with :meth:`stop`; safe to stop twice."""

    def __init__(self, base: Config, directory: Path | None = None, *, ticking: bool = False):
        self.base = base
        self.directory = directory or demo_dir()
        self.ticking = ticking
        self.hospital: DemoHospital | None = None
        self.sim: BpjsSimulator | None = None
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    @property
    def sim_state_path(self) -> Path:
        return self.directory / "bpjs-simulator.json"

    def start(self) -> Config:
        self.directory.mkdir(parents=True, exist_ok=True)
        hospital = DemoHospital(self.directory / "khanza-demo.db")
        self.hospital = hospital
        hospital.open_day()
        hospital.tick()
        sim = BpjsSimulator(CONS_ID, SECRET, USER_KEY, doctor_codes=set(BPJS_DOCTOR_CODES))
        for kodepoli, kodedokter, jam, kuota in bpjs_sessions():
            sim.add_jadwal(kodepoli, kodedokter, jam, kuota)
        sim.faults.add("http_5xx", count=1, path="antrean/updatewaktu")  # one retry to watch
        sim.faults.add("drop", ratio=0.03)  # and now and then a lost connection
        self._load_sim_state(sim)
        sim.start()
        self.sim = sim
        if self.ticking:
            self._stop.clear()
            self._thread = threading.Thread(target=self._tick_loop, name="demo-hospital")
            self._thread.start()
        log.info(
            "DEMO mode: Khanza = demo hospital %s, BPJS = simulator %s, store in %s",
            hospital.path,
            sim.base_url,
            self.directory,
        )
        return demo_config(self.base, self.directory, hospital.url, sim.base_url)

    def tick(self) -> int:
        return self.hospital.tick() if self.hospital is not None else 0

    def _tick_loop(self) -> None:
        while not self._stop.wait(TICK_SECONDS):
            try:
                self.tick()
            except Exception:  # the demo hospital must not take the program down
                log.exception("demo hospital could not write its next rows")

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=10)
            self._thread = None
        if self.sim is not None:
            self.sim.stop()
            self._save_sim_state(self.sim)
            self.sim = None
        if self.hospital is not None:
            self.hospital.close()
            self.hospital = None

    def __enter__(self) -> Config:
        try:
            return self.start()
        except BaseException:
            self.stop()
            raise

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def _load_sim_state(self, sim: BpjsSimulator) -> None:
        try:
            data = json.loads(self.sim_state_path.read_text(encoding="utf-8"))
            sim.state.restore(data)
        except FileNotFoundError:
            return
        except (OSError, ValueError, KeyError, TypeError) as exc:
            log.warning(
                "demo BPJS simulator starts empty (%s unreadable: %s)", self.sim_state_path, exc
            )

    def _save_sim_state(self, sim: BpjsSimulator) -> None:
        tmp = self.sim_state_path.with_suffix(".tmp")
        tmp.write_text(json.dumps(sim.state.export()), encoding="utf-8")
        tmp.replace(self.sim_state_path)
