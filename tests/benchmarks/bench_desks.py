"""Several desks on one MariaDB store: Khanza's load, and the takeover after the active desk dies.

Every desk is its own process with its own home folder, as on its own PC; the store is one
MariaDB database they share (``[store] url``), Khanza another database on the same server, and
each desk reads Khanza with a read-only user of its own, so the server's per-user statistics
(``userstat``, ``information_schema.USER_STATISTICS``: SELECT + UPDATE + other commands) count
each desk's statements at the Khanza server.

Khanza's load: a day of visits (booking + tasks 3, 4, 5 each) is sent by one ``run`` desk; once
the day is complete its Khanza statements are counted over a measuring time after a warm-up;
then three desks (two ``run`` and one window, ``gui`` offscreen) on the same store are counted
the same way. Baseline: the one desk. The issue's limit: three desks <= 1.3x one desk.

Takeover: three ``run`` desks send a fresh day to the simulator answering every call after
400 ms; when half (or 90 %) of the jobs are DONE the desk holding the desk lease is killed
(SIGKILL, in the middle of sending: it has calls in flight). Measured from the kill, by reading the store every
0.1 s: another desk holds the lease; the next BPJS answer recorded (a call of another desk
answered); every job DONE (the day complete). Baselines: ``takeover_seconds``, and for the day
the time the jobs left at the kill took at the pace before the kill. With the default
``takeover_seconds`` (20), killed at half and at 90 % of the day, and a short one (5) killed at
half. The issue's limit: the day complete <= 30 s
after the kill.
"""

from __future__ import annotations

import signal
import tempfile
import time
from pathlib import Path

from antrean_desktop.store.db import Store
from tests.benchmarks.desks import (
    Desk,
    attempts,
    desk_config,
    fill_day,
    holder_pid,
    jobs_done,
    khanza_user,
    start_counting,
    statements,
    wait_done,
    wait_holder,
)
from tests.benchmarks.figures import Figure
from tests.benchmarks.hospital import CONS, SECRET, SESSIONS, USER_KEY, open_khanza
from tests.benchmarks.sim_process import SimProcess
from tests.support.mariadb import MariaDBServer, start_mariadb

#: visits, poll seconds, warm-up and measuring seconds of the load, and the takeovers:
#: (takeover_seconds, the share of the day's jobs DONE when the sending desk is killed)
SIZES = {
    "smoke": (3, 2, 4.0, 6.0, ((5, 0.5),)),
    "full": (80, 10, 30.0, 120.0, ((20, 0.5), (20, 0.9), (5, 0.5))),
}
LATENCY = 0.4  # BPJS's answer, seconds
LIMIT = 240.0  # no phase may take longer


class _Site:
    """A Khanza database with a day, a store database, the simulator and the desks' folders."""

    def __init__(self, server: MariaDBServer, tmp: Path, visits: int, latency: float) -> None:
        self.server = server
        khanza_url, kz = open_khanza(server)
        self.khanza_db = khanza_url.rsplit("/", 1)[1].split("?")[0]
        self.jobs = fill_day(kz, visits)
        kz.dispose()
        self.store_url = server.url(server.create_database("store", charset="utf8mb4"))
        self.store = Store(self.store_url)
        self.sim = SimProcess(CONS, SECRET, USER_KEY, now=None, latency=latency, jadwal=SESSIONS)
        self.tmp = tmp
        self.desks: list[Desk] = []

    def desk(self, i: int, *, poll: int, takeover: int = 20, command: str = "run") -> Desk:
        name = f"LOKET-{i}"
        folder = self.tmp / f"{name}-{len(self.desks)}"
        url = khanza_user(self.server, self.khanza_db, f"kz_desk{i}")
        config = desk_config(folder, name, url, self.store_url, self.sim.base_url,
                             poll_seconds=poll, takeover_seconds=takeover)  # fmt: skip
        desk = Desk(folder, name, config, command)
        self.desks.append(desk)
        return desk

    def close(self) -> None:
        for desk in self.desks:
            desk.stop()
        self.sim.stop()
        self.store.dispose()


def _per_minute(server: MariaDBServer, users: list[str], seconds: float) -> dict[str, float]:
    before = statements(server, users)
    time.sleep(seconds)
    after = statements(server, users)
    return {u: (after[u] - before[u]) * 60.0 / seconds for u in users}


def _load(server: MariaDBServer, tmp: Path, size: str) -> list[Figure]:
    visits, poll, warm, measure, _ = SIZES[size]
    site = _Site(server, tmp, visits, 0.0)
    users = ["kz_desk1", "kz_desk2", "kz_desk3"]
    try:
        start_counting(server)
        one = site.desk(1, poll=poll)
        wait_holder(site.store, {one.pid}, 60)  # the store is migrated then
        wait_done(site.store, site.jobs, LIMIT)
        time.sleep(warm)
        alone = _per_minute(server, users, measure)["kz_desk1"]
        one.stop()  # a clean stop gives the lease up
        desks = [site.desk(1, poll=poll), site.desk(2, poll=poll),
                 site.desk(3, poll=poll, command="gui")]  # fmt: skip
        active = wait_holder(site.store, {d.pid for d in desks}, 60)
        time.sleep(warm)
        rates = _per_minute(server, users, measure)
        if holder_pid(site.store) != active:
            raise RuntimeError("the active desk changed while Khanza's load was measured")
    finally:
        site.close()
    active_user = next(f"kz_desk{i + 1}" for i, d in enumerate(desks) if d.pid == active)
    total = sum(rates.values())
    viewers = total - rates[active_user]
    bench = f"Khanza's load, {visits} visits, poll {poll} s"
    return [
        Figure(bench, f"1 desk: statements per minute ({measure:.0f} s)", alone, "/min"),
        Figure(bench, "3 desks (2 `run`, 1 window), one store: statements per minute", total,
               "/min", "1 desk", alone, "≤ 1.3× of 1 desk", total <= 1.3 * alone),
        Figure(bench, "3 desks: the 2 viewers' statements per minute", viewers, "/min",
               "1 desk", alone, "0", viewers == 0),
    ]  # fmt: skip


def _takeover(
    server: MariaDBServer, tmp: Path, size: str, takeover: int, share: float
) -> list[Figure]:
    visits = SIZES[size][0]
    site = _Site(server, tmp / f"takeover-{takeover}-{share}", visits, LATENCY)
    try:
        desks = [site.desk(i, poll=30, takeover=takeover) for i in (1, 2, 3)]
        pids = {d.pid: d for d in desks}
        wait_holder(site.store, set(pids), 60)
        first = None
        deadline = time.monotonic() + LIMIT
        while True:  # until ``share`` of the day is DONE
            done, _ = jobs_done(site.store)
            if done and first is None:
                first = (time.time(), done)
            if done >= int(site.jobs * share):
                break
            if time.monotonic() > deadline:
                raise TimeoutError(f"{share:.0%} of the day was not sent within {LIMIT:.0f} s")
            time.sleep(0.05)
        victim = holder_pid(site.store)
        if victim not in pids:
            raise RuntimeError(f"the desk lease is held by {victim}, not by a desk")
        pids[victim].process.send_signal(signal.SIGKILL)
        killed = time.time()
        pids[victim].process.wait()
        done_at_kill, _ = jobs_done(site.store)
        answered = attempts(site.store)
        took = next_answer = complete = None
        while complete is None:
            now = time.time()
            if now - killed > LIMIT:
                raise TimeoutError(f"the day was not complete {LIMIT:.0f} s after the kill")
            if took is None and holder_pid(site.store) not in (None, victim):
                took = now - killed
            if next_answer is None and attempts(site.store) > answered:
                next_answer = now - killed
            if jobs_done(site.store)[0] >= site.jobs:
                complete = now - killed
            time.sleep(0.1)
    finally:
        site.close()
    assert first is not None
    pace = max(1, done_at_kill - first[1]) / max(0.1, killed - first[0])  # jobs/s before
    left = site.jobs - done_at_kill
    bench = (
        f"takeover, {visits} visits, BPJS 400 ms, takeover_seconds {takeover}, kill at {share:.0%}"
    )
    limit = "≤ 30 s" if takeover == 20 else ""
    return [
        Figure(bench, "SIGKILL of the active desk → another desk holds the lease", took or 0.0,
               "s", "takeover_seconds", float(takeover)),
        Figure(bench, "SIGKILL → next BPJS answer recorded (another desk's call)",
               next_answer or 0.0, "s", "takeover_seconds", float(takeover)),
        Figure(bench, f"SIGKILL → day complete ({left} of {site.jobs} jobs left)", complete,
               "s", "the jobs left at the pace before the kill", left / pace, limit,
               complete <= 30 if limit else None),
    ]  # fmt: skip


def run(size: str = "full", server: MariaDBServer | None = None) -> list[Figure]:
    """``server``: a running MariaDB to use (the test run's); else one is started."""
    own = server is None
    server = server or start_mariadb()
    figures: list[Figure] = []
    try:
        with tempfile.TemporaryDirectory() as tmp:
            figures += _load(server, Path(tmp), size)
            for takeover, share in SIZES[size][4]:
                figures += _takeover(server, Path(tmp), size, takeover, share)
    finally:
        if own:
            server.stop()
    return figures
