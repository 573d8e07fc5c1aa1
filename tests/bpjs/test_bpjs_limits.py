"""One total deadline per call and a cap on the answer, against the simulator over HTTP."""

from __future__ import annotations

import threading

from antrean_desktop.bpjs import BpjsClient, Outcome
from antrean_desktop.sim import BpjsSimulator
from tests.bpjs.conftest import CONS_ID, SECRET, USER_KEY, make_payload


def _handled(sim: BpjsSimulator, key: str):
    """The recorded request once the simulator's handler has finished with it."""
    done = threading.Event()
    for _ in range(200):
        recorded = [r for r in sim.requests if key in r.extra]
        if recorded:
            return recorded[-1]
        done.wait(0.05)
    raise AssertionError(f"the simulator never finished the request ({key} not recorded)")


def test_a_trickling_answer_is_cut_at_the_deadline(sim) -> None:
    # each byte comes well within the 5 s read timeout, so only the total deadline can end it
    sim.faults.add("trickle", count=1, path="antrean/add", seconds=0.05)
    with BpjsClient(
        sim.base_url, CONS_ID, SECRET, USER_KEY, timeout_seconds=5, deadline_seconds=1
    ) as c:
        result = c.add_antrean(make_payload("k-trickle"))
        recorded = _handled(sim, "trickled")
        assert recorded.extra["trickled"] < recorded.extra["length"], "not read to the end"
        assert result.outcome is Outcome.RETRYABLE
        assert result.http_status is None
        assert result.reason.to_json() == {"code": "BPJS_DEADLINE", "params": {"seconds": "1"}}
        assert "deadline" in result.message
        # the connection is not reused half-read: the next call is answered normally
        again = c.add_antrean(make_payload("k-trickle"))
    assert again.outcome is Outcome.SUCCESS  # 208 duplicate: the first was processed
    assert sim.booking("k-trickle") is not None


def test_a_huge_answer_is_not_read_past_the_cap(sim) -> None:
    sim.faults.add("huge", count=1, path="ref/poli", size=50 * 1024 * 1024)
    with BpjsClient(
        sim.base_url, CONS_ID, SECRET, USER_KEY, timeout_seconds=5, max_answer_bytes=64 * 1024
    ) as c:
        result = c.ref_poli()
        recorded = _handled(sim, "sent")
        assert recorded.extra["sent"] < 50 * 1024 * 1024, "the client stopped reading"
        assert result.outcome is Outcome.RETRYABLE
        assert result.reason.to_json() == {
            "code": "BPJS_ANSWER_TOO_BIG",
            "params": {"limit": 65536},
        }
        assert c.ref_poli().outcome is Outcome.SUCCESS


def test_a_declared_length_over_the_cap_is_refused_before_reading(sim) -> None:
    with BpjsClient(sim.base_url, CONS_ID, SECRET, USER_KEY, max_answer_bytes=20) as c:
        result = c.ref_poli()
    assert result.outcome is Outcome.RETRYABLE
    assert result.reason.code == "BPJS_ANSWER_TOO_BIG"
    assert result.request["endpoint"] == "ref/poli"


def test_answers_within_the_limits_are_read_whole(sim, client) -> None:
    result = client.ref_poli()
    assert result.outcome is Outcome.SUCCESS and result.reason is None
    assert isinstance(result.data, list) and result.data
