"""Reconciliation against the BPJS simulator over real HTTP: what BPJS has vs. the store.

The simulator's records are changed behind the program's back with its test-only hooks
(``sim.state.remove_task`` and friends); "today" is pinned to the service day so the H+7 rule
does not depend on the date the tests run.
"""

from __future__ import annotations

import json
from collections import Counter
from datetime import timedelta

import pytest

from antrean_desktop.bpjs.ratelimit import RateLimiter
from antrean_desktop.cli import main
from antrean_desktop.domain.reconcile import MismatchKind
from antrean_desktop.pipeline.reconcile import ReconcileError, Reconciler
from antrean_desktop.pipeline.service import Pipeline, make_client
from antrean_desktop.store.visits import get_visit
from tests.pipeline.conftest import (
    DAY,
    FULL_DAY,
    add_visit,
    booking_payload,
    send_all,
    wib,
    wib_ms,
)
from tests.pipeline.test_cli_commands import write_config

READ_BACK = ("antrean/pendaftaran/", "antrean/getlisttask")


@pytest.fixture(autouse=True)
def _today_is_the_service_day(monkeypatch):
    import antrean_desktop.cli.reconcile as command

    monkeypatch.setattr(command, "today", lambda config: DAY)


def reconcile(cfg: str, capsys, *extra: str) -> dict:
    assert main(["--config", cfg, "reconcile", "--date", DAY.isoformat(), "--json", *extra]) == 0
    return json.loads(capsys.readouterr().out)


def stored(store, visit_id: str):
    with store.session() as session:
        visit = get_visit(session, visit_id)
        return visit.reconciled_at, visit.reconcile_mismatches


def test_a_task_lost_at_bpjs_is_reported_fixed_and_then_agreed(
    tmp_path, config, local_store, sim, capsys
):
    first = add_visit(local_store, 1, times=FULL_DAY)
    second = add_visit(local_store, 2, times=FULL_DAY)
    send_all(config, local_store)
    cfg = write_config(tmp_path, config)
    assert reconcile(cfg, capsys) == {
        "date": DAY.isoformat(),
        "checked": 2,
        "mismatches": [],
        "fixed": 0,
    }

    sim.state.remove_task(first, 4)
    lost = {
        "visit_id": first,
        "kodebooking": first,
        "kind": "missing_at_bpjs",
        "task": 4,
        "ours_ms": FULL_DAY[4],
        "bpjs_ms": None,
    }
    assert reconcile(cfg, capsys) == {
        "date": DAY.isoformat(),
        "checked": 2,
        "mismatches": [lost],
        "fixed": 0,
    }
    reconciled_at, mismatches = stored(local_store, first)
    assert reconciled_at is not None and mismatches == [lost]
    assert main(["--config", cfg, "status", "--date", DAY.isoformat(), "--json"]) == 0
    shown = {v["visit_id"]: v for v in json.loads(capsys.readouterr().out)["visits"]}
    assert shown[first]["reconcile_mismatches"] == [lost]
    assert shown[first]["reconciled_at"].endswith("+00:00")
    assert stored(local_store, second)[1] == []
    assert 4 not in sim.tasks(first)

    sim.clear_requests()
    fixed = reconcile(cfg, capsys, "--fix")
    assert fixed == {"date": DAY.isoformat(), "checked": 2, "mismatches": [lost], "fixed": 1}
    sends = [r for r in sim.requests if r.endpoint == "antrean/updatewaktu"]
    assert [(r.body["kodebooking"], r.body["taskid"], r.body["waktu"]) for r in sends] == [
        (first, 4, FULL_DAY[4])
    ]
    assert sim.tasks(first) == FULL_DAY
    assert stored(local_store, first)[1] == []

    assert reconcile(cfg, capsys) == {
        "date": DAY.isoformat(),
        "checked": 2,
        "mismatches": [],
        "fixed": 0,
    }


def test_a_lost_booking_is_sent_again_with_its_tasks(tmp_path, config, local_store, sim, capsys):
    vid = add_visit(local_store, 1, times=FULL_DAY)
    send_all(config, local_store)
    sim.state.remove_booking(vid)
    cfg = write_config(tmp_path, config)
    report = reconcile(cfg, capsys)
    assert [(m["kind"], m["task"]) for m in report["mismatches"]] == [
        ("missing_at_bpjs", None),
        ("missing_at_bpjs", 3),
        ("missing_at_bpjs", 4),
        ("missing_at_bpjs", 5),
    ]
    assert reconcile(cfg, capsys, "--fix")["fixed"] == 4
    assert sim.booking(vid)["payload"] == booking_payload(vid)
    assert sim.tasks(vid) == FULL_DAY
    assert reconcile(cfg, capsys)["mismatches"] == []


def test_the_other_kinds_are_reported_and_not_sent_again(
    tmp_path, config, local_store, sim, capsys
):
    changed = add_visit(local_store, 1, times=FULL_DAY)
    cancelled = add_visit(local_store, 2, times={3: wib_ms(8, 10)})
    send_all(config, local_store)
    sim.state.set_task_time(changed, 5, wib_ms(9, 7, 30))
    sim.state.cancel_booking(cancelled, sim.now())
    sim.state.put_booking(booking_payload("MJKN-0001"), sim.now(), "Mobile JKN")
    sim.clear_requests()
    cfg = write_config(tmp_path, config)
    report = reconcile(cfg, capsys, "--fix")
    assert report["fixed"] == 0
    assert {(m["visit_id"], m["kind"], m["task"]) for m in report["mismatches"]} == {
        (changed, "time_differs", 5),
        (cancelled, "cancelled_at_bpjs", None),
        (None, "unknown_here", None),
    }
    differs = next(m for m in report["mismatches"] if m["kind"] == "time_differs")
    assert (differs["ours_ms"], differs["bpjs_ms"]) == (FULL_DAY[5], wib_ms(9, 7, 30))
    unknown = next(m for m in report["mismatches"] if m["kind"] == "unknown_here")
    assert unknown["kodebooking"] == "MJKN-0001"
    assert not [
        r for r in sim.requests if r.method == "POST" and r.endpoint != "antrean/getlisttask"
    ]


def test_text_output_names_the_mismatch_and_the_fix(tmp_path, config, local_store, sim, capsys):
    vid = add_visit(local_store, 1, times=FULL_DAY)
    send_all(config, local_store)
    sim.state.remove_task(vid, 5)
    cfg = write_config(tmp_path, config)
    assert main(["--config", cfg, "--lang", "en", "reconcile", "--date", DAY.isoformat()]) == 0
    out = capsys.readouterr().out
    assert "1 booking(s) checked at BPJS, 1 mismatch(es)" in out
    assert vid in out and "missing_at_bpjs" in out and "task 5" in out and "09:00:00" in out
    assert "ours 09:00:00" in out
    assert "1 can still be sent again: run 'antrean-desktop reconcile --fix'." in out
    assert main(["--config", cfg, "reconcile", "--date", DAY.isoformat()]) == 0
    out = capsys.readouterr().out  # Bahasa Indonesia by default
    assert f"{DAY}: 1 booking diperiksa di BPJS, 1 selisih" in out
    assert vid in out and "task 5" in out and "kami 09:00:00" in out
    assert "1 masih bisa dikirim ulang: jalankan 'antrean-desktop reconcile --fix'." in out


def test_nothing_is_fixed_outside_the_seven_day_window(config, local_store, sim):
    vid = add_visit(local_store, 1, times=FULL_DAY)
    send_all(config, local_store)
    sim.state.remove_task(vid, 5)
    client = make_client(config)
    try:
        reconciler = Reconciler(local_store, client, config)
        report = reconciler.reconcile_day(DAY)
        assert [m.kind for m in report.mismatches] == [MismatchKind.MISSING_AT_BPJS]
        assert report.fixable(DAY + timedelta(days=7)) == report.mismatches
        assert report.fixable(DAY + timedelta(days=8)) == []
        assert reconciler.queue_fixes(report, DAY + timedelta(days=8)) == {}
    finally:
        client.close()


def test_reconcile_waits_while_jobs_wait_to_be_sent(tmp_path, config, local_store, sim, capsys):
    add_visit(local_store, 1, times=FULL_DAY)
    pipeline = Pipeline(config, local_store)
    try:
        assert pipeline.build().jobs_queued == 1  # the booking waits in the queue
    finally:
        pipeline.close()
    cfg = write_config(tmp_path, config)
    assert main(["--config", cfg, "reconcile", "--date", DAY.isoformat(), "--json"]) == 1
    assert "1 task menunggu dikirim ke BPJS; rekonsiliasi setelah" in capsys.readouterr().err
    assert main(["--config", cfg, "--lang", "en", "reconcile", "--date", DAY.isoformat()]) == 1
    assert "1 job(s) wait to be sent to BPJS; reconcile once" in capsys.readouterr().err
    assert not [r for r in sim.requests if r.endpoint.startswith(READ_BACK)]


def test_bpjs_trouble_stops_reconciliation_without_recording(config, local_store, sim):
    vid = add_visit(local_store, 1, times=FULL_DAY)
    send_all(config, local_store)
    sim.faults.add("http_5xx", count=1, path="antrean/getlisttask")
    client = make_client(config)
    try:
        with pytest.raises(ReconcileError, match="getlisttask .*RETRYABLE"):
            Reconciler(local_store, client, config).reconcile_day(DAY)
    finally:
        client.close()
    assert stored(local_store, vid) == (None, None)


def test_calls_reaching_bpjs_are_spaced_by_calls_per_second(
    tmp_path, config, local_store, sim, capsys
):
    for n in range(1, 8):
        add_visit(local_store, n, times=FULL_DAY)
    send_all(config, local_store)
    cfg = write_config(tmp_path, config)
    with open(cfg, "a", encoding="utf-8") as fh:
        fh.write("[reconcile]\ncalls_per_second = 2\n")
    sim.clear_requests()
    assert reconcile(cfg, capsys)["checked"] == 7
    arrived = [r.time for r in sim.requests if r.endpoint.startswith(READ_BACK)]
    assert len(arrived) == 8  # one list of the day, one task list per booking
    per_second = Counter(int(t) for t in arrived)
    assert max(per_second.values()) <= 2, per_second
    # a call starts half a second after the previous one ended, so arrivals are >= 0.5 s apart
    # (1 ms allowed between the client's monotonic clock and the simulator's wall clock)
    assert all(b - a >= 0.499 for a, b in zip(arrived, arrived[1:], strict=False)), arrived


def test_the_rate_count_would_catch_an_unlimited_reconcile(config, local_store, sim):
    """The counting above can fail: without spacing, more than 2 calls reach BPJS per second."""
    for n in range(1, 8):
        add_visit(local_store, n, times=FULL_DAY)
    send_all(config, local_store)
    sim.clear_requests()
    client = make_client(config)
    try:
        Reconciler(local_store, client, config, limiter=RateLimiter(1000)).reconcile_day(DAY)
    finally:
        client.close()
    arrived = [r.time for r in sim.requests if r.endpoint.startswith(READ_BACK)]
    assert max(Counter(int(t) for t in arrived).values()) > 2


def test_the_runtime_reconciles_today_in_the_evening_once(config, local_store, sim):
    """The service driver (window and 'run') reconciles on its plan, with the configured client."""
    from dataclasses import replace

    from antrean_desktop.config import ReconcileConfig
    from antrean_desktop.runtime.service import ServiceDriver
    from tests.runtime.fakes import FakePipeline

    vid = add_visit(local_store, 1, times=FULL_DAY)
    send_all(config, local_store)
    sim.state.remove_task(vid, 5)
    fast = replace(config, reconcile=ReconcileConfig(calls_per_second=50, window_at="23:59"))
    clock = {"now": wib(19, 59), "mono": 0.0}
    driver = ServiceDriver(
        fast,
        local_store,
        pipeline_factory=lambda: FakePipeline(local_store),
        migrate=None,
        now=lambda: clock["now"],
        mono=lambda: clock["mono"],
    )
    assert driver.reconcile_cycle() is None  # before the evening
    assert not [r for r in sim.requests if r.endpoint.startswith(READ_BACK)]
    clock["now"] = wib(20, 0)
    [report] = driver.reconcile_cycle()
    assert report.day == DAY
    assert [(m.visit_id, m.kind.value, m.task) for m in report.mismatches] == [
        (vid, "missing_at_bpjs", 5)
    ]
    assert stored(local_store, vid)[1] == [report.mismatches[0].to_json()]
    clock["now"] = wib(21, 0)
    assert driver.reconcile_cycle() is None  # once a day


def test_the_runtime_puts_reconciliation_off_while_jobs_wait(config, local_store, sim):
    from dataclasses import replace

    from antrean_desktop.config import ReconcileConfig
    from antrean_desktop.runtime.service import ServiceDriver
    from tests.runtime.fakes import FakePipeline

    add_visit(local_store, 1, times=FULL_DAY)
    pipeline = Pipeline(config, local_store)
    try:
        pipeline.build()  # the booking waits in the queue
    finally:
        pipeline.close()
    fast = replace(config, reconcile=ReconcileConfig(calls_per_second=50, window_at="23:59"))
    clock = {"mono": 0.0}
    driver = ServiceDriver(
        fast,
        local_store,
        pipeline_factory=lambda: FakePipeline(local_store),
        migrate=None,
        now=lambda: wib(20, 30),
        mono=lambda: clock["mono"],
    )
    assert driver.reconcile_cycle() is None
    assert not [r for r in sim.requests if r.endpoint.startswith(READ_BACK)]
    send_all(config, local_store)
    assert driver.reconcile_cycle() is None  # not again before the retry delay
    clock["mono"] = 901.0
    [report] = driver.reconcile_cycle()
    assert report.checked == 1 and report.mismatches == []
