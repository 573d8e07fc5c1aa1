"""Several desks on one MariaDB store (issue 20): each desk is ``antrean-desktop run`` as its own
process, on a real MariaDB store, reading the real MariaDB Khanza and sending to the simulator
over HTTP, which answers slowly (so that sends are in flight when something happens).

- three desks on a visit day: one desk reads Khanza and sends, the day ends complete and every
  task write reaches BPJS once;
- the active desk killed (SIGKILL) in the middle of sending: another takes over, the day
  completes, nothing is sent twice but the calls in flight at the kill;
- the active desk paused (SIGSTOP) past the takeover time, then continued: it notices, writes
  and sends nothing more, and goes on as a viewer;
- the store's MariaDB restarted under running desks: they go on once it is back.

Each desk reads Khanza as a MariaDB user of its own, so the server's per-user statistics
(``userstat``) tell which desks read Khanza. The day is today in WIB (as in the other e2e
tests); the tests wait for conditions, they never decide by the clock. The longest (20-30 s
each) are marked slow: the normal run has them, the date stages leave them out.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import uuid
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from types import SimpleNamespace
from urllib.parse import urlsplit

import pytest
from sqlalchemy import select
from sqlalchemy.engine import make_url

from antrean_desktop.store.db import Store
from antrean_desktop.store.desk_lease import Holder, read_holder
from antrean_desktop.store.models import AntreanJob, SendAttempt
from tests.e2e.runtimes import accepted_twice, sent
from tests.e2e.support import REPO, config_file
from tests.support.clinic import WIB, walk_ins
from tests.support.mariadb import MariaDBServer, start_mariadb
from tests.support.processes import end, reap
from tests.support.tcp_proxy import SilentProxy

TAKEOVER = 5  # [store] takeover_seconds: the least the configuration allows
CONCURRENCY = 3
LATENCY = 0.35  # seconds BPJS takes for every call
VISITS = 30  # a booking and tasks 3 and 4 each: 90 writes
WRITE_ENDPOINTS = ("antrean/add", "antrean/updatewaktu")
LOGGED_WITHIN = 1.0  # seconds: a request is in the simulator's log this soon after it was sent


@dataclass
class Desk:
    """One PC: its configuration, its user folders and its ``run`` process."""

    name: str
    cfg: str
    home: Path
    khanza_user: str
    command: str = "run"  # or "gui": the window, offscreen
    proc: subprocess.Popen | None = None
    ended: bool = False  # the test ended it (a stop or a kill)
    _log: object = field(default=None, repr=False)

    @property
    def log_path(self) -> Path:
        return self.home / "run.log"

    def start(self) -> None:
        self._log = open(self.log_path, "a", encoding="utf-8")  # noqa: SIM115 - closed in end()
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "antrean_desktop", "--config", self.cfg, "--lang", "en"]
            + [self.command],
            env={
                **os.environ,
                "QT_QPA_PLATFORM": "offscreen",
                "PYTHONPATH": str(REPO),
                "HOME": str(self.home),
                "XDG_DATA_HOME": str(self.home / "data"),
                "XDG_CONFIG_HOME": str(self.home / "config"),
                "XDG_STATE_HOME": str(self.home / "state"),
                "XDG_CACHE_HOME": str(self.home / "cache"),
            },
            stdin=subprocess.DEVNULL,
            stdout=self._log,
            stderr=subprocess.STDOUT,
        )

    def alive(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    def output(self) -> str:
        """What the desk logged: ``run`` on stderr, the window in its log file."""
        path = self.log_path
        if self.command == "gui":
            path = self.home / "state" / "AntreanDesktop" / "log" / "antrean-desktop.log"
            if not path.exists():
                return ""
        return path.read_text(encoding="utf-8", errors="replace")

    def sends(self) -> int:
        """The results this desk wrote: one "Sent … to BPJS" line each."""
        return sum(
            1 for line in self.output().splitlines() if "Sent " in line and "to BPJS" in line
        )

    def lost_lease(self) -> int:
        """The times this desk found another desk had taken its lease."""
        return sum(
            1
            for line in self.output().splitlines()
            if "desk lease generation" in line.lower() and "lost" in line
        )

    def kill(self) -> None:
        """SIGKILL: a power cut."""
        self.ended = True
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait()

    def stop(self) -> int | None:
        """SIGTERM, as a service is stopped; its exit code."""
        self.ended = True
        code = end(self.proc, 20) if self.alive() else self.proc.returncode
        self.close()
        return code

    def close(self) -> None:
        if self.proc is not None:
            reap(self.proc)
        if self._log is not None:
            self._log.close()
            self._log = None


class Desks(list):
    """The desks of a test, and what the store and Khanza say about them."""

    store_url: str
    mariadb: MariaDBServer

    def by_name(self, name: str) -> Desk:
        return next(d for d in self if d.name == name)

    def holder(self) -> Holder | None:
        store = Store(self.store_url)
        try:
            return read_holder(store)
        except Exception:  # not migrated yet, or the store is down
            return None
        finally:
            store.dispose()

    def active(self) -> Desk | None:
        holder = self.holder()
        return self.by_name(holder.desk) if holder is not None else None

    def khanza_selects(self) -> dict[str, int]:
        """SELECTs each desk sent to Khanza (the server's statistics per user)."""
        with self.mariadb.connect() as conn, conn.cursor() as cur:
            cur.execute(
                "SELECT USER, SELECT_COMMANDS FROM information_schema.USER_STATISTICS"
                " WHERE USER IN %s",
                ([d.khanza_user for d in self],),
            )
            counts = dict(cur.fetchall())
        return {d.name: int(counts.get(d.khanza_user, 0)) for d in self}

    def jobs(self) -> Counter:
        store = Store(self.store_url)
        try:
            with store.session() as session:
                return Counter(session.scalars(select(AntreanJob.status)))
        finally:
            store.dispose()

    def attempts(self) -> int:
        """Task writes recorded in ``send_attempt`` (every call made, by whichever desk)."""
        store = Store(self.store_url)
        try:
            with store.session() as session:
                return len(
                    session.scalars(
                        select(SendAttempt.id).where(SendAttempt.endpoint.in_(WRITE_ENDPOINTS))
                    ).all()
                )
        finally:
            store.dispose()

    def logs(self) -> str:
        return "\n".join(f"--- {d.name}\n{d.output()[-3000:]}" for d in self)


def wait_for(desks: Desks, condition: Callable[[], bool], timeout: float, what: str) -> None:
    """Until ``condition()``; every desk still started must stay alive meanwhile."""
    deadline = time.monotonic() + timeout
    while not condition():
        dead = [d.name for d in desks if d.proc is not None and not d.ended and not d.alive()]
        assert not dead, f"{dead} ended while waiting for {what}:\n{desks.logs()}"
        assert time.monotonic() < deadline, f"no {what} within {timeout} s:\n{desks.logs()}"
        time.sleep(0.1)


def writes(sim) -> Counter:
    """How many times each task write (kodebooking, "add" or the task id) reached BPJS."""
    return Counter(
        (r.body["kodebooking"], r.body.get("taskid", "add"))
        for r in sim.requests
        if r.endpoint in WRITE_ENDPOINTS and isinstance(r.body, dict)
    )


def received_before(sim, moment: float) -> set:
    return {
        (r.body["kodebooking"], r.body.get("taskid", "add"))
        for r in sim.requests
        if r.time <= moment and r.endpoint in WRITE_ENDPOINTS and isinstance(r.body, dict)
    }


def _state(pid: int) -> str:
    return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]


@pytest.fixture
def make_desks(mariadb, khanza_db, tmp_path) -> Iterator[Callable[..., Desks]]:
    """``make_desks(n, sim, store_url, takeover, commands, bpjs_urls)``: n desks on one store,
    LOKET-1 … LOKET-n, each reading Khanza as its own MariaDB user; ``commands`` says which of
    them run the window ("gui", offscreen) rather than ``run``, ``bpjs_urls`` which reach BPJS
    by another address (a proxy)."""
    with mariadb.connect() as conn, conn.cursor() as cur:
        cur.execute("SET GLOBAL userstat = 1")
    kz_url = make_url(khanza_db)
    users: list[str] = []
    made: list[Desks] = []

    def make(
        n: int,
        sim,
        store_url: str,
        takeover: int = TAKEOVER,
        commands: tuple[str, ...] = (),
        bpjs_urls: tuple[str, ...] = (),
    ) -> Desks:
        desks = Desks()
        desks.store_url, desks.mariadb = store_url, mariadb
        for i in range(1, n + 1):
            user = f"kz{i}_{uuid.uuid4().hex[:8]}"
            with mariadb.connect() as conn, conn.cursor() as cur:
                cur.execute(f"CREATE USER '{user}'@'%' IDENTIFIED BY 'pw-{user}'")
                cur.execute(f"GRANT SELECT ON `{kz_url.database}`.* TO '{user}'@'%'")
            users.append(user)
            url = kz_url.set(username=user, password=f"pw-{user}").render_as_string(
                hide_password=False
            )
            home = tmp_path / f"loket{i}"
            home.mkdir()
            bpjs = SimpleNamespace(
                base_url=bpjs_urls[i - 1] if i <= len(bpjs_urls) else sim.base_url
            )
            cfg = config_file(
                home,
                bpjs,
                url,
                timeout=4,
                concurrency=CONCURRENCY,
                store_url=store_url,
                store=f'takeover_seconds = {takeover}\ndesk_name = "LOKET-{i}"',
            )
            command = commands[i - 1] if i <= len(commands) else "run"
            desks.append(Desk(f"LOKET-{i}", cfg, home, user, command))
        made.append(desks)
        return desks

    try:
        yield make
    finally:
        for desks in made:
            for desk in desks:
                desk.close()
        with mariadb.connect() as conn, conn.cursor() as cur:
            for user in users:
                cur.execute(f"DROP USER IF EXISTS '{user}'@'%'")


@pytest.fixture
def store_db(mariadb) -> Iterator[str]:
    """An empty store database on the session's MariaDB (the desks migrate it)."""
    name = mariadb.create_database("desks", charset="utf8mb4")
    try:
        yield mariadb.url(name)
    finally:
        mariadb.drop_database(name)


@pytest.fixture
def slow_bpjs(today_sim):
    today_sim.faults.add("latency", seconds=LATENCY)
    return today_sim


def _today():
    return datetime.now(WIB).date()


def sending_day(
    sim,
    kz,
    make_desks,
    n: int,
    store_url: str,
    first: int,
    takeover: int = TAKEOVER,
    sender: str = "",
    sender_bpjs: str = "",
) -> tuple[dict, Desks]:
    """Today's walk-ins in Khanza, ``n`` desks started together, ``first`` writes at BPJS.
    ``sender`` ("run" or "gui"): LOKET-1 runs that, starts first and is the sending desk;
    ``sender_bpjs``: the address it reaches BPJS by."""
    want = walk_ins(kz, _today(), VISITS)
    desks = make_desks(
        n,
        sim,
        store_url,
        takeover,
        (sender,) if sender else (),
        (sender_bpjs,) if sender_bpjs else (),
    )
    if sender:
        desks[0].start()
        wait_for(desks, lambda: desks.active() is desks[0], 120, "LOKET-1 sending")
    for desk in desks:
        if desk.proc is None:
            desk.start()
    wait_for(desks, lambda: len(writes(sim)) >= first, 180, "the first sends")
    return want, desks


def assert_once_but_in_flight(sim, desks: Desks, moment: float) -> None:
    """Every task write at BPJS once, but the calls in flight at ``moment`` (at most one per
    send thread) may have gone again; each accepted once; every job done."""
    twice = {key for key, n in writes(sim).items() if n > 1}
    # a call sent just before ``moment`` may be logged by the simulator's thread a moment
    # later; no other desk sends that soon (a takeover takes takeover_seconds)
    in_flight = received_before(sim, moment + LOGGED_WITHIN)
    assert twice <= in_flight, "only a call in flight then may go twice"
    assert len(twice) <= CONCURRENCY, twice
    assert not accepted_twice(sim)
    assert desks.jobs() == Counter({"DONE": 3 * VISITS}), "a late result overwrote a newer one"


def test_three_desks_one_reads_khanza_and_sends_every_write_once(
    slow_bpjs, kz, store_db, make_desks
):
    sim = slow_bpjs
    want = walk_ins(kz, _today(), VISITS)
    desks = make_desks(3, sim, store_db, commands=("run", "run", "gui"))
    for desk in desks:
        desk.start()
    wait_for(desks, lambda: sent(sim, want), 180, "the whole day at BPJS")
    active = desks.active()
    selects = desks.khanza_selects()
    print(f"Khanza SELECTs per desk: {selects}; active {active.name}")
    sends = {d.name: d.sends() for d in desks}
    codes = [d.stop() for d in desks]

    assert codes == [0, 0, 0], desks.logs()
    assert selects[active.name] > 0
    assert all(n == 0 for name, n in selects.items() if name != active.name), (
        f"a viewer read Khanza: {selects}"
    )
    assert sends == {d.name: (3 * VISITS if d is active else 0) for d in desks}, sends
    assert set(writes(sim).values()) == {1}, "a task write reached BPJS more than once"
    assert len(writes(sim)) == 3 * VISITS
    assert desks.jobs() == Counter({"DONE": 3 * VISITS})


@pytest.mark.parametrize("sender", ["run", pytest.param("gui", marks=pytest.mark.slow)])
def test_the_active_desk_killed_while_sending_another_takes_over(
    sender, slow_bpjs, kz, store_db, make_desks
):
    sim = slow_bpjs
    want, desks = sending_day(sim, kz, make_desks, 3, store_db, first=20, sender=sender)
    killed = desks.active()
    killed.kill()
    killed_at = time.time()
    wait_for(desks, lambda: sent(sim, want), 180, "the rest of the day")
    done_at = time.time()
    holder = desks.holder()
    after = sorted(r.time for r in sim.requests if r.time > killed_at)
    print(
        f"killed {killed.name}: next call {after[0] - killed_at:.1f} s later, day complete "
        f"{done_at - killed_at:.1f} s later, by {holder.desk}"
    )
    codes = [d.stop() for d in desks if d is not killed]

    assert codes == [0, 0], desks.logs()
    assert holder.desk != killed.name and holder.generation >= 2
    assert_once_but_in_flight(sim, desks, killed_at)


@pytest.mark.parametrize("sender", ["run", pytest.param("gui", marks=pytest.mark.slow)])
def test_the_active_desk_paused_past_the_takeover_writes_nothing_when_it_continues(
    sender, slow_bpjs, kz, store_db, make_desks
):
    """The paused desk (LOKET-1) reaches BPJS through a proxy that counts what it sends: after
    SIGCONT it sends no byte and writes no result."""
    sim = slow_bpjs
    port = urlsplit(sim.base_url).port
    with SilentProxy("127.0.0.1", port) as proxy:
        via = sim.base_url.replace(f":{port}/", f":{proxy.port}/")
        _paused_past_the_takeover(sim, kz, store_db, make_desks, sender, proxy, via)


def _paused_past_the_takeover(sim, kz, store_db, make_desks, sender, proxy, via) -> None:
    want, desks = sending_day(
        sim, kz, make_desks, 2, store_db, first=15, sender=sender, sender_bpjs=via
    )
    paused = desks.active()
    other = next(d for d in desks if d is not paused)
    paused.proc.send_signal(signal.SIGSTOP)
    wait_for(desks, lambda: _state(paused.proc.pid) == "T", 30, "the pause")
    stopped_at = time.time()
    sends_at_pause, lost_at_pause = paused.sends(), paused.lost_lease()
    wait_for(desks, lambda: getattr(desks.holder(), "desk", "") == other.name, 90, "a takeover")
    taken = len(sim.requests)
    wait_for(desks, lambda: len(sim.requests) >= taken + 6, 90, "the new holder's sends")
    sent_up = proxy.bytes_up  # the paused desk sends nothing while it is stopped
    paused.proc.send_signal(signal.SIGCONT)
    wait_for(desks, lambda: paused.lost_lease() > lost_at_pause, 60, "the paused desk noticing")
    wait_for(desks, lambda: sent(sim, want), 180, "the rest of the day")
    late = paused.sends() - sends_at_pause
    codes = [d.stop() for d in desks]

    assert codes == [0, 0], desks.logs()
    assert desks.holder() is None or desks.holder().desk != paused.name
    assert late == 0, f"the paused desk wrote {late} result(s) after it continued"
    assert sent_up > 0, "the paused desk sent through the proxy before its pause"
    assert proxy.bytes_up == sent_up, "the paused desk sent to BPJS after it continued"
    calls = sum(writes(sim).values())
    assert desks.attempts() == calls, "every call made is in send_attempt, the late ones too"
    assert_once_but_in_flight(sim, desks, stopped_at)


@pytest.mark.slow
def test_the_active_desk_stopped_cleanly_hands_over_at_once_and_nothing_goes_twice(
    slow_bpjs, kz, store_db, make_desks
):
    """SIGTERM (the service stopped, the PC shut down properly): the desk finishes its calls and
    gives the lease up, so the other desk sends at once. The takeover time is ten minutes here:
    only the hand-over can let the other desk finish the day within the test's wait."""
    sim = slow_bpjs
    want, desks = sending_day(sim, kz, make_desks, 2, store_db, first=15, takeover=600)
    stopped = desks.active()
    other = next(d for d in desks if d is not stopped)
    assert stopped.stop() == 0, desks.logs()
    wait_for(desks, lambda: sent(sim, want), 180, "the rest of the day")
    holder = desks.holder()
    assert other.stop() == 0, desks.logs()

    assert holder.desk == other.name and holder.generation == 2
    assert set(writes(sim).values()) == {1}, "a task write reached BPJS more than once"
    assert desks.jobs() == Counter({"DONE": 3 * VISITS})


def test_ten_desks_started_at_once_on_an_empty_store_one_sends(today_sim, kz, store_db, make_desks):
    """Ten ``run`` desks at once on an empty store: they upgrade it one at a time and race for
    the first lease; exactly one sends, the nine others are viewers, and no desk logs an error."""
    sim = today_sim
    want = walk_ins(kz, _today(), 3)
    desks = make_desks(10, sim, store_db)
    for desk in desks:
        desk.start()
    wait_for(desks, lambda: sent(sim, want), 180, "the day at BPJS")
    wait_for(desks, lambda: all("Service started" in d.output() for d in desks), 120, "all ten up")
    holder = desks.holder()
    took = [d.name for d in desks if "This desk sends to BPJS" in d.output()]
    codes = [d.stop() for d in desks]  # (as each sender stops, another takes over)

    assert codes == [0] * 10, desks.logs()
    assert took == [holder.desk] and holder.generation == 1, took
    for desk in desks:
        said = desk.output()
        assert "ERROR" not in said and "Traceback" not in said, said
        assert "already exists" not in said and "Duplicate" not in said, said
    assert set(writes(sim).values()) == {1}


@pytest.fixture
def store_server() -> Iterator[MariaDBServer]:
    """The store's own MariaDB server (Khanza stays on the session's): a test restarts it."""
    server = start_mariadb()
    try:
        yield server
    finally:
        server.stop()


@pytest.mark.slow
def test_the_stores_mariadb_restarted_under_running_desks(slow_bpjs, kz, store_server, make_desks):
    sim = slow_bpjs
    name = store_server.create_database("desks", charset="utf8mb4")
    want, desks = sending_day(sim, kz, make_desks, 2, store_server.url(name), first=15)
    active = desks.active()

    def down() -> None:
        wait_for(desks, lambda: all(_says_store_down(d) for d in desks), 60, "'store down'")

    store_server.restart(down)
    restarted_at = time.time()
    wait_for(desks, lambda: sent(sim, want), 180, "the rest of the day")
    after = desks.active()
    print(f"store restarted: active {active.name} before, {after.name} after")
    codes = [d.stop() for d in desks]

    assert codes == [0, 0], desks.logs()
    assert_once_but_in_flight(sim, desks, restarted_at)


def _says_store_down(desk: Desk) -> bool:
    return any(
        "local store" in line and "(will retry)" in line for line in desk.output().splitlines()
    )
