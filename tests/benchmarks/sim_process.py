"""The BPJS simulator in its own process, as BPJS is another machine: its CPU work does not
compete with the program for the benchmark process's GIL. Fixed or real clock, optional latency."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Sequence
from datetime import UTC, datetime

from tests.support.processes import end

SCRIPT = """
import json, sys, threading
from datetime import datetime
from antrean_desktop.sim.bpjs_server import BpjsSimulator
now = datetime.fromisoformat(sys.argv[1]) if sys.argv[1] else None
sim = BpjsSimulator(sys.argv[2], sys.argv[3], sys.argv[4], port=0, now=(lambda: now) if now else None)
for kodepoli, kodedokter, jam in json.loads(sys.argv[6]):
    sim.add_jadwal(kodepoli, kodedokter, jam, 9999)
if float(sys.argv[5]) > 0:
    sim.faults.add("latency", seconds=float(sys.argv[5]))
sim.start()
print(sim.base_url, flush=True)
sys.stdin.read()  # until the benchmark closes our stdin
sim.stop()
"""


class SimProcess:
    def __init__(
        self,
        cons: str,
        secret: str,
        user_key: str,
        *,
        now: datetime | None,
        latency: float = 0.0,
        jadwal: Sequence[tuple[str, int, str]] = (),
    ) -> None:
        """``jadwal``: the (kodepoli, kodedokter, "HH:MM-HH:MM") sessions of the benchmark's
        Khanza data, every day; the simulator checks antrean/add against them."""
        self.process = subprocess.Popen(
            [sys.executable, "-c", SCRIPT, now.astimezone(UTC).isoformat() if now else "", cons, secret,
             user_key, str(latency), json.dumps(list(jadwal))],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
        )  # fmt: skip
        self.base_url = self.process.stdout.readline().strip()  # type: ignore[union-attr]
        if not self.base_url:
            self.stop()
            raise RuntimeError("the BPJS simulator did not start")

    def stop(self) -> None:
        if self.process.stdin:
            self.process.stdin.close()
        end(self.process, 10, sig=None)

    def __enter__(self) -> SimProcess:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()
