"""Scenarios of the issue, each run through BOTH runtimes -- the window's (offscreen, pytest-qt)
and ``run`` (its own process) -- against the real MariaDB Khanza and the BPJS simulator over
HTTP. One script per scenario; ``rt`` is the runtime under test (tests/e2e/runtimes.py)."""

from __future__ import annotations

from datetime import datetime, time, timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError

from antrean_desktop.store.db import Store
from antrean_desktop.store.models import AntreanJob
from antrean_desktop.store.service_state import load_pause
from tests.e2e.runtimes import RUNTIMES, accepted_twice, run_until_sent, sent
from tests.e2e.support import config_file
from tests.support.clinic import WIB, walk_ins
from tests.support.fake_clock import set_offset
from tests.support.tcp_proxy import SilentProxy

pytestmark = pytest.mark.parametrize("kind", sorted(RUNTIMES))

#: probes every second, so a scenario does not wait for the default minutes
FAST_PROBES = "auth_probe_seconds = 1\noutage_probe_seconds = 1"


@pytest.fixture
def proxied_store(mariadb):
    """A local store on MariaDB behind a proxy the test can break: (proxy, store URL)."""
    name = mariadb.create_database("store")
    try:
        with SilentProxy(mariadb.host, mariadb.port) as proxy:
            yield proxy, proxy.url(mariadb.url(name))
    finally:
        mariadb.drop_database(name)


@pytest.fixture
def today():
    return datetime.now(WIB).date()


def _jobs(config) -> list[AntreanJob]:
    store = Store(config.store_url)
    try:
        with store.session() as session:
            return list(session.scalars(select(AntreanJob)))
    finally:
        store.dispose()


def _paused(config) -> str | None:
    store = Store(config.store_url)
    try:
        pause = load_pause(store)
        return pause.kind if pause else None
    except SQLAlchemyError:  # not migrated yet
        return None
    finally:
        store.dispose()


def test_a_one_auth_answer_then_everything_is_sent_without_a_click(
    kind, tmp_path, qtbot, today_sim, khanza_db, kz, today
):
    sim = today_sim
    want = walk_ins(kz, today, 4)
    sim.faults.add("auth_text", count=1)
    cfg = config_file(tmp_path, sim, khanza_db, worker=FAST_PROBES)
    rt = run_until_sent(RUNTIMES[kind](cfg, tmp_path, qtbot), sim, want)
    assert [r.fault for r in sim.requests if r.fault] == ["auth_text"], "BPJS refused once"
    jobs = _jobs(rt.config)
    assert {j.status for j in jobs} == {"DONE"}
    assert {j.attempts for j in jobs} == {1}, "the AUTH answer spent no attempt"
    assert not accepted_twice(sim)


def test_b_an_outage_longer_than_all_attempts_fails_nothing_and_spends_no_attempt(
    kind, tmp_path, qtbot, today_sim, khanza_db, kz, today
):
    sim = today_sim
    want = walk_ins(kz, today, 6)
    sim.faults.add("http_5xx", status=503)  # BPJS is down: every call fails
    # max_attempts x backoff is well under a second; the outage lasts several probes
    cfg = config_file(tmp_path, sim, khanza_db, attempts=2, backoff=0.1, worker=FAST_PROBES)
    rt = RUNTIMES[kind](cfg, tmp_path, qtbot)
    rt.start()
    try:
        rt.wait_until(lambda: _paused(rt.config) == "OUTAGE", 60, "outage pause")
        if kind == "window":
            rt.wait_until(
                lambda: "BPJS tidak dapat dihubungi sejak" in rt.banner(), 30, "outage banner"
            )
        failing = len(sim.requests)
        rt.wait_until(lambda: len(sim.requests) >= failing + 4, 60, "probes during the outage")
        assert {j.status for j in _jobs(rt.config)} <= {"PENDING", "SENDING"}
        sim.faults.clear()  # BPJS is back
        rt.wait_until(lambda: sent(sim, want), 90, "sending of every task")
        rt.wait_until(lambda: _paused(rt.config) is None, 30, "the pause to end")
    finally:
        rt.stop()
    jobs = _jobs(rt.config)
    assert {j.status for j in jobs} == {"DONE"}, "none ends FAILED"
    assert {j.attempts for j in jobs} == {1}, "the outage spent no attempts"
    assert not accepted_twice(sim)


def test_c_yesterday_never_read_because_the_program_was_off_is_sent_today(
    kind, tmp_path, qtbot, today_sim, khanza_db, kz, today
):
    sim = today_sim
    yesterday = today - timedelta(days=1)
    want = walk_ins(kz, yesterday, 3) | walk_ins(kz, today, 1)
    run_until_sent(
        RUNTIMES[kind](config_file(tmp_path, sim, khanza_db), tmp_path, qtbot), sim, want
    )
    assert not accepted_twice(sim)


def test_d_the_clock_set_back_an_hour_while_running_new_visits_are_still_sent(
    kind, tmp_path, qtbot, today_sim, khanza_db, kz, today, monkeypatch
):
    sim = today_sim
    # The program's clock starts at noon of the test's day, so that an hour back stays on that
    # day whenever the suite runs (just after midnight it would be yesterday, a day apart).
    noon = datetime.combine(today, time(12, 0), WIB)
    start = (noon - datetime.now(WIB)).total_seconds()
    # that far off, BPJS would refuse the signature (AUTH: scenario a); here the clock is the
    # program's cursor question only
    sim.allowed_skew_seconds = abs(start) + 7200
    clock = tmp_path / "clock"
    set_offset(clock, start)
    cfg = config_file(tmp_path, sim, khanza_db)
    first = walk_ins(kz, today, 2)
    rt = RUNTIMES[kind](cfg, tmp_path, qtbot)
    rt.use_clock(clock, monkeypatch)
    rt.start()
    try:
        rt.wait_until(lambda: sent(sim, first), 90, "sending of the first visits")
        set_offset(clock, start - 3600)  # the operator sets the PC clock back an hour
        later = walk_ins(kz, today, 2, first=10)
        rt.wait_until(lambda: sent(sim, first | later), 60, "sending of the new visits")
    finally:
        rt.stop()
    assert not accepted_twice(sim)


def test_e_store_errors_for_a_few_seconds_the_runtime_survives_and_finishes_the_day(
    kind, tmp_path, qtbot, today_sim, khanza_db, kz, today, proxied_store
):
    sim = today_sim
    proxy, store_url = proxied_store
    cfg = config_file(tmp_path, sim, khanza_db, store_url=store_url, backoff=0.1)
    first = walk_ins(kz, today, 3)
    rt = RUNTIMES[kind](cfg, tmp_path, qtbot)
    rt.start()
    try:
        rt.wait_until(lambda: sent(sim, first), 90, "sending of the first visits")
        proxy.refuse()  # the store's server is gone
        later = walk_ins(kz, today, 3, first=10)  # the desk goes on registering
        rt.wait_problem("store")
        if kind == "window":
            rt.wait_until(lambda: "Penyimpanan lokal bermasalah" in rt.banner(), 30, "banner")
            assert "Khanza" not in rt.banner()
        assert rt.alive()
        proxy.restore()
        rt.wait_until(lambda: sent(sim, first | later), 120, "the rest of the day")
        assert rt.alive()
    finally:
        rt.stop()
    if kind == "run":
        log = (tmp_path / "run.log").read_text(encoding="utf-8")
        assert log.count("(will retry)") <= 3, "each distinct error is logged once"
        assert "works again" in log
    assert not accepted_twice(sim)


def test_f_khanza_goes_silent_the_cycle_times_out_it_shows_and_reading_resumes(
    kind, tmp_path, qtbot, today_sim, khanza_db, kz, today, mariadb
):
    sim = today_sim
    with SilentProxy(mariadb.host, mariadb.port) as proxy:
        quick = "connect_timeout_seconds = 1\nread_timeout_seconds = 1\nwrite_timeout_seconds = 1"
        cfg = config_file(tmp_path, sim, proxy.url(khanza_db), khanza=quick)
        first = walk_ins(kz, today, 2)
        rt = RUNTIMES[kind](cfg, tmp_path, qtbot)
        rt.start()
        try:
            rt.wait_until(lambda: sent(sim, first), 90, "sending of the first visits")
            proxy.silent = True  # Khanza (or the network to it) stops answering
            later = walk_ins(kz, today, 2, first=10)
            if kind == "window":
                rt.wait_until(lambda: "Khanza" in rt.banner(), 30, "Khanza banner")
                assert "timed out" in rt.runtime.driver.problem("khanza").message
            else:
                rt.wait_until(lambda: rt.saw("khanza: Khanza database"), 30, "Khanza problem log")
                assert rt.saw("timed out")
            assert rt.alive()
            proxy.restore()
            rt.wait_until(lambda: sent(sim, first | later), 90, "reading to resume")
        finally:
            took = rt.stop()
    assert took < 10, "a stop right after a silent Khanza still ends at once"
    assert not accepted_twice(sim)


def test_e_the_store_not_there_at_start_up_the_runtime_waits_for_it(
    kind, tmp_path, qtbot, today_sim, khanza_db, kz, today, proxied_store
):
    """A service started before the store's server (or with the disk full) must not die."""
    sim = today_sim
    proxy, store_url = proxied_store
    want = walk_ins(kz, today, 2)
    proxy.refuse()
    rt = RUNTIMES[kind](config_file(tmp_path, sim, khanza_db, store_url=store_url), tmp_path, qtbot)
    rt.start()
    try:
        rt.wait_problem("store")
        assert rt.alive()
        proxy.restore()
        rt.wait_until(lambda: sent(sim, want), 90, "sending once the store is there")
    finally:
        rt.stop()
    assert not accepted_twice(sim)
