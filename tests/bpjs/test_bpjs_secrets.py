"""No secret (secret key, user_key, signature) in results, logs, reprs or error texts."""

from __future__ import annotations

import logging

import pytest

from antrean_desktop.bpjs import BpjsClient, Outcome
from tests.bpjs.conftest import CONS_ID, SECRET, USER_KEY, make_payload, wib_ms


def _secrets(sim) -> list[str]:
    signatures = {r.headers.get("X-signature", "") for r in sim.requests} - {""}
    assert signatures, "no signed request was recorded"
    return [CONS_ID, SECRET, USER_KEY, *signatures]


def _exercise(client: BpjsClient, sim) -> list:
    results = [
        client.add_antrean(make_payload("k-sec")),
        client.update_waktu("k-sec", 3, wib_ms(8, 10)),
        client.update_waktu("k-sec", 5, wib_ms(8, 20)),
        client.get_list_task("k-sec"),
        client.ref_poli(),
        client.ref_dokter(),
        client.jadwal_dokter("ANA", "2026-11-28"),
        client.batal("k-sec", "x"),
    ]
    for kind in ("http_5xx", "drop", "cut_off", "short_read", "auth_text", "empty", "wrong_key"):
        sim.faults.add(kind, count=1)
        results.append(client.ref_poli())
    return results


def test_nothing_secret_in_results_or_logs(sim, client, caplog) -> None:
    caplog.set_level(logging.DEBUG)
    results = _exercise(client, sim)
    wrong = BpjsClient(sim.base_url, CONS_ID, SECRET + "x", USER_KEY + "y", timeout_seconds=2)
    results.append(wrong.ref_poli())
    wrong.close()
    assert results[-1].outcome is Outcome.AUTH
    assert {r.outcome for r in results} >= {
        Outcome.SUCCESS,
        Outcome.RETRYABLE,
        Outcome.AUTH,
        Outcome.NEEDS_PREDECESSOR,
    }
    texts = [repr(r) for r in results] + [str(r.request) for r in results] + [caplog.text]
    texts += [repr(client), str(vars(results[0]))]
    secrets = [*_secrets(sim), SECRET + "x", USER_KEY + "y"]
    for text in texts:
        for secret in secrets:
            assert secret not in text
    for result in results:
        assert set(result.request) == {"method", "endpoint", "body"}


def test_one_log_line_per_call_on_the_antrean_bpjs_logger(sim, client, caplog) -> None:
    caplog.set_level(logging.DEBUG, logger="antrean.bpjs")
    client.ref_poli()
    client.update_waktu("missing", 3, wib_ms(8, 10))
    lines = [r for r in caplog.records if r.name == "antrean.bpjs"]
    assert len(lines) == 2
    first, second = (r.getMessage() for r in lines)
    assert "ref/poli" in first and "SUCCESS" in first and "code=1" in first and "ms" in first
    assert "antrean/updatewaktu" in second and "NEEDS_PREDECESSOR" in second


def test_transport_error_texts_carry_no_secret(sim, caplog) -> None:
    caplog.set_level(logging.DEBUG)
    url = sim.base_url
    sim.stop()  # nothing listens any more: connection refused
    c = BpjsClient(url, CONS_ID, SECRET, USER_KEY, timeout_seconds=1)
    result = c.ref_poli()
    c.close()
    assert result.outcome is Outcome.RETRYABLE
    assert "refused" in result.message
    for text in (result.message, repr(result), caplog.text):
        assert SECRET not in text and USER_KEY not in text


def test_bad_arguments_do_not_echo_secrets(client) -> None:
    with pytest.raises(TypeError) as info:
        client.update_waktu(SECRET, "3", 1)  # type: ignore[arg-type]
    assert USER_KEY not in str(info.value)
    with pytest.raises(TypeError) as info:
        BpjsClient("http://127.0.0.1:9", CONS_ID, SECRET, 12345)  # type: ignore[arg-type]
    assert SECRET not in str(info.value)
