"""Injected faults: each one comes back as a result with the right outcome, never an exception."""

from __future__ import annotations

import threading
import time

import pytest

from antrean_desktop.bpjs import BpjsClient, Outcome
from antrean_desktop.sim import BpjsSimulator, FaultKind
from tests.bpjs.conftest import CONS_ID, SECRET, USER_KEY, make_payload, wib_ms


@pytest.mark.parametrize(
    ("kind", "fragment"),
    [
        ("http_5xx", "HTML page instead of JSON (HTTP 502)"),
        ("drop", "connection closed without an answer"),
        ("cut_off", "cut-off or invalid JSON"),
        ("short_read", "cut off in transit"),
        ("empty", "empty body"),
        ("bad_base64", "not valid base64"),
        ("wrong_key", "response not readable"),
    ],
)
def test_fault_on_a_read_is_retryable(sim, client, kind, fragment) -> None:
    sim.faults.add(kind, count=1)
    result = client.ref_poli()
    assert result.outcome is Outcome.RETRYABLE, result
    assert fragment in result.message
    assert result.data is None
    assert sim.requests[-1].fault == FaultKind(kind)
    again = client.ref_poli()  # used up: the next call is fine, on a working connection
    assert again.outcome is Outcome.SUCCESS and again.data == sim.poli


def test_http_5xx_status_is_configurable(sim, client) -> None:
    sim.faults.add("http_5xx", count=1, status=503)
    result = client.ref_poli()
    assert (result.http_status, result.code, result.outcome) == (503, None, Outcome.RETRYABLE)


def test_plain_text_authentication_failed_is_auth(sim, client) -> None:
    sim.faults.add("auth_text", count=1)
    result = client.update_waktu("k", 3, wib_ms(8, 10))
    assert (result.outcome, result.code, result.message) == (
        Outcome.AUTH,
        None,
        "Authentication failed",
    )


def test_lost_reply_after_processing_then_retry_is_duplicate_success(sim, client) -> None:
    sim.faults.add("cut_off", count=1, path="antrean/add")
    first = client.add_antrean(make_payload("k-lost"))
    assert first.outcome is Outcome.RETRYABLE
    assert sim.booking("k-lost") is not None  # BPJS got it, the answer was lost
    second = client.add_antrean(make_payload("k-lost"))
    assert (second.code, second.outcome) == (208, Outcome.SUCCESS)


def test_transport_faults_leave_the_state_alone(sim, client) -> None:
    for kind in ("drop", "http_5xx", "empty", "auth_text"):
        sim.faults.add(kind, count=1, path="antrean/add")
        assert client.add_antrean(make_payload("k-none")).outcome is not Outcome.SUCCESS
        assert sim.booking("k-none") is None
    assert client.add_antrean(make_payload("k-none")).code == 200


def test_write_with_garbled_response_keeps_the_metadata_verdict(sim, client, booked) -> None:
    """A write's outcome comes from metadata; an unreadable extra ``response`` is only noted."""
    sim.faults.add("bad_base64", count=1, path="antrean/getlisttask")
    assert client.get_list_task(booked).outcome is Outcome.RETRYABLE
    sim.faults.add("bad_base64", count=1, path="antrean/updatewaktu")
    result = client.update_waktu(booked, 3, wib_ms(8, 10))
    assert (result.outcome, result.code) == (Outcome.SUCCESS, 200)
    assert result.message.startswith("Ok (response not readable")
    assert sim.tasks(booked) == {3: wib_ms(8, 10)}


def test_hang_is_retryable_within_about_the_timeout(sim) -> None:
    sim.faults.add("hang", count=1, seconds=30)
    with BpjsClient(sim.base_url, CONS_ID, SECRET, USER_KEY, timeout_seconds=0.5) as c:
        started = time.monotonic()
        result = c.ref_poli()
        elapsed = time.monotonic() - started
    assert result.outcome is Outcome.RETRYABLE
    assert result.message.startswith("timeout")
    assert result.http_status is None
    # bounded by the client's limits, not the 30 s hang (the upper bound leaves a slow CI room)
    assert 0.4 <= elapsed < 10
    assert 400 <= result.duration_ms < 10_000


def test_latency_below_the_timeout_still_succeeds(sim, client) -> None:
    sim.faults.add("latency", count=1, seconds=0.3)
    result = client.ref_poli()
    assert result.outcome is Outcome.SUCCESS
    assert result.duration_ms >= 300


def test_latency_above_the_timeout_is_retryable_but_processed(sim) -> None:
    sim.faults.add("latency", count=1, seconds=1.0, path="antrean/add")
    with BpjsClient(sim.base_url, CONS_ID, SECRET, USER_KEY, timeout_seconds=0.3) as c:
        result = c.add_antrean(make_payload("k-slow"))
    assert result.outcome is Outcome.RETRYABLE
    deadline = time.monotonic() + 3
    while sim.booking("k-slow") is None and time.monotonic() < deadline:
        time.sleep(0.05)
    assert sim.booking("k-slow") is not None


def test_fault_path_and_count(sim, client, booked) -> None:
    sim.faults.add("http_5xx", count=2, path="ref/dokter")
    assert client.ref_poli().outcome is Outcome.SUCCESS
    assert client.ref_dokter().outcome is Outcome.RETRYABLE
    assert client.ref_dokter().outcome is Outcome.RETRYABLE
    assert client.ref_dokter().outcome is Outcome.SUCCESS
    assert sim.faults.active == []


def test_ratio_with_a_seed_is_reproducible(sim, client) -> None:
    def run() -> list[bool]:
        sim.faults.clear()
        sim.faults.seed(42)
        sim.faults.add("http_5xx", ratio=0.5)
        return [client.ref_poli().outcome is Outcome.RETRYABLE for _ in range(16)]

    first, second = run(), run()
    assert first == second
    assert 0 < sum(first) < 16


def test_fault_arguments_are_checked(sim) -> None:
    with pytest.raises(ValueError):
        sim.faults.add("no-such-fault")
    with pytest.raises(ValueError):
        sim.faults.add("drop", count=0)
    with pytest.raises(ValueError):
        sim.faults.add("drop", ratio=1.5)


def test_stop_returns_promptly_with_hung_requests() -> None:
    sim = BpjsSimulator(CONS_ID, SECRET, USER_KEY).start()
    sim.faults.add("hang", seconds=60)
    results = []
    clients = [
        BpjsClient(sim.base_url, CONS_ID, SECRET, USER_KEY, timeout_seconds=30) for _ in range(3)
    ]
    threads = [threading.Thread(target=lambda c=c: results.append(c.ref_poli())) for c in clients]
    for t in threads:
        t.start()
    deadline = time.monotonic() + 5
    while len(sim.requests) < 3 and time.monotonic() < deadline:
        time.sleep(0.02)
    assert len(sim.requests) == 3
    started = time.monotonic()
    sim.stop()
    assert time.monotonic() - started < 10  # the hung requests wait 60 s
    for t in threads:
        t.join(timeout=5)
    for c in clients:
        c.close()
    assert [r.outcome for r in results] == [Outcome.RETRYABLE] * 3
    leftovers = [
        t.name
        for t in threading.enumerate()
        if "process_request" in t.name or t.name.startswith("bpjs-sim")
    ]
    assert leftovers == []
    assert sim.open_connections == 0


def test_stop_closes_idle_keep_alive_connections(sim, client) -> None:
    client.ref_poli()
    assert sim.open_connections == 1
    sim.stop()
    assert sim.open_connections == 0
    result = client.ref_poli()  # the server is gone: a clean transport failure
    assert result.outcome is Outcome.RETRYABLE
    assert result.http_status is None
