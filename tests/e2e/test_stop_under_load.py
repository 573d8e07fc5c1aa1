"""Stop under load: a slow BPJS (2 s per call) and 200 jobs waiting. SIGTERM to ``run``, SIGTERM
to the window's process and Quit in the window each end within 10 s (a stop that takes longer
hangs); a restart then completes the day with no task accepted twice (the simulator records
every request)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import pytest

from tests.e2e.runtimes import STOP_SECONDS, RunProcess, WindowRuntime, accepted_twice, sent
from tests.e2e.support import REPO, config_file
from tests.support.clinic import walk_ins
from tests.support.processes import reap

VISITS = 200


def _start_window_process(cfg: str, log) -> subprocess.Popen:
    """``antrean-desktop gui`` as its own process, offscreen."""
    return subprocess.Popen(
        [sys.executable, "-m", "antrean_desktop", "--config", cfg, "gui"],
        env={**os.environ, "PYTHONPATH": str(REPO), "QT_QPA_PLATFORM": "offscreen"},
        stdin=subprocess.DEVNULL,
        stdout=log,
        stderr=log,
    )


def _sigterm_window(cfg: str, tmp_path, sim) -> float:
    log_path = tmp_path / "gui.log"
    with open(log_path, "w", encoding="utf-8") as log:
        proc = _start_window_process(cfg, log)
        try:
            deadline = time.monotonic() + 90
            while len(sim.requests) < 4:
                assert proc.poll() is None, log_path.read_text(encoding="utf-8")
                assert time.monotonic() < deadline, "the window did not start sending"
                time.sleep(0.1)
            started = time.monotonic()
            proc.send_signal(signal.SIGTERM)
            try:
                code = proc.wait(timeout=STOP_SECONDS + 5)
            except subprocess.TimeoutExpired:
                code = None
            took = time.monotonic() - started
        finally:
            reap(proc)
    assert code == 0, f"the window ended with {code}:\n{log_path.read_text(encoding='utf-8')}"
    return took


def _stop_while_sending(how: str, cfg: str, tmp_path, qtbot, sim) -> None:
    """Start, wait until 4 calls are in flight, stop ``how``: it must end within 10 s."""
    if how == "window-sigterm":
        took = _sigterm_window(cfg, tmp_path, sim)
    else:
        rt = (RunProcess if how == "run-sigterm" else WindowRuntime)(cfg, tmp_path, qtbot)
        rt.start()
        try:
            rt.wait_until(lambda: len(sim.requests) >= 4, 90, "calls in flight")
        finally:
            took = rt.stop()
    print(f"{how}: the stop took {took:.1f} s")
    assert took < STOP_SECONDS, f"{how}: the stop took {took:.1f} s"


@pytest.mark.parametrize("how", ["run-sigterm", "window-sigterm", "window-quit"])
def test_stop_under_load_then_a_restart_sends_every_task_once(
    how, tmp_path, qtbot, today_sim, khanza_db, kz
):
    from datetime import datetime

    from tests.support.clinic import WIB

    sim = today_sim
    want = walk_ins(kz, datetime.now(WIB).date(), VISITS)
    sim.faults.add("latency", seconds=2)  # every call takes 2 s
    cfg = config_file(tmp_path, sim, khanza_db, timeout=4, concurrency=4)
    _stop_while_sending(how, cfg, tmp_path, qtbot, sim)
    assert not sent(sim, want), "the stop came with most of the day still waiting"

    sim.faults.clear()  # BPJS answers quickly again; the program starts again
    restart = RunProcess(cfg, tmp_path, qtbot)
    restart.start()
    try:
        restart.wait_until(lambda: sent(sim, want), 240, "the rest of the day")
    finally:
        restart.stop()
    assert not accepted_twice(sim), "a task was sent twice"


@pytest.mark.parametrize("how", ["run-sigterm", "window-sigterm"])
def test_a_stop_in_the_middle_of_a_hung_call_leaves_it_to_its_lease(
    how, tmp_path, qtbot, today_sim, khanza_db, kz
):
    """BPJS takes the request and never answers; the call's deadline (20 s) is longer than the
    stop may take. The process still ends within 10 s; the job stays SENDING under its lease,
    so a later start sends it again after the lease."""
    from datetime import datetime

    from sqlalchemy import select

    from antrean_desktop.config import load_config
    from antrean_desktop.store.db import Store
    from antrean_desktop.store.models import AntreanJob
    from tests.support.clinic import WIB

    sim = today_sim
    walk_ins(kz, datetime.now(WIB).date(), 8)
    sim.faults.add("hang", seconds=60)
    cfg = config_file(tmp_path, sim, khanza_db, timeout=10, concurrency=4)
    _stop_while_sending(how, cfg, tmp_path, qtbot, sim)
    store = Store(load_config(cfg).store_url)
    try:
        with store.session() as session:
            leased = [
                j
                for j in session.scalars(select(AntreanJob))
                if j.status == "SENDING" and j.lease_expires_at is not None
            ]
    finally:
        store.dispose()
    assert len(leased) == 4, "the calls cut off are covered by their leases"
