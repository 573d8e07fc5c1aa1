"""The client against the simulator over real HTTP: endpoints, headers, timestamps, pooling."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest
import requests

from antrean_desktop.bpjs import BpjsClient, BpjsResult, Outcome, crypto
from tests.bpjs.conftest import CONS_ID, SECRET, USER_KEY, make_payload, wib_ms


def test_add_antrean_sends_json_with_numbers(sim, client) -> None:
    payload = make_payload("2026/11/28/000007")
    result = client.add_antrean(payload)
    assert result.outcome is Outcome.SUCCESS
    assert (result.http_status, result.code, result.message) == (200, 200, "Ok")
    [seen] = sim.requests
    assert (seen.method, seen.endpoint) == ("POST", "antrean/add")
    assert seen.body == payload
    assert isinstance(seen.body["kodedokter"], int)
    assert seen.headers["Content-Type"] == "application/json"
    assert json.loads(seen.raw_body) == payload
    assert sim.booking("2026/11/28/000007")["payload"] == payload
    assert result.request == {
        "method": "POST",
        "endpoint": "antrean/add",
        "body": payload,
    }


def test_headers_are_signed_with_the_secret_and_user_key_is_its_own(sim, client) -> None:
    client.ref_poli()
    [seen] = sim.requests
    stamp = seen.headers["X-timestamp"]
    assert seen.headers["X-cons-id"] == CONS_ID
    assert stamp.isdigit() and abs(int(stamp) - datetime.now(UTC).timestamp()) < 60
    assert seen.headers["X-signature"] == crypto.sign(CONS_ID, SECRET, stamp)
    assert seen.headers["user_key"] == USER_KEY
    assert seen.auth_problem is None


def test_update_waktu_body(sim, client, booked) -> None:
    result = client.update_waktu(booked, 3, wib_ms(8, 10))
    assert result.outcome is Outcome.SUCCESS, result
    assert sim.requests[-1].body == {"kodebooking": booked, "taskid": 3, "waktu": wib_ms(8, 10)}
    result = client.update_waktu(booked, 4, wib_ms(8, 20), jenisresep="Non racikan")
    assert result.outcome is Outcome.SUCCESS, result
    assert sim.requests[-1].body["jenisresep"] == "Non racikan"
    assert sim.tasks(booked) == {3: wib_ms(8, 10), 4: wib_ms(8, 20)}


def test_batal_and_then_terminal(sim, client, booked) -> None:
    result = client.batal(booked, "Pasien tidak hadir")
    assert result.outcome is Outcome.SUCCESS, result
    assert sim.requests[-1].body == {"kodebooking": booked, "keterangan": "Pasien tidak hadir"}
    assert sim.booking(booked)["cancelled"] is True
    after = client.update_waktu(booked, 3, wib_ms(8, 10))
    assert after.outcome is Outcome.TERMINAL
    assert after.message == "TaskId terakhir 99"


def test_get_list_task_returns_decrypted_list(sim, client, booked) -> None:
    client.update_waktu(booked, 3, wib_ms(8, 10))
    client.update_waktu(booked, 4, wib_ms(8, 25, 30))
    result = client.get_list_task(booked)
    assert result.outcome is Outcome.SUCCESS, result
    assert isinstance(result.data, list)
    assert [row["taskid"] for row in result.data] == [3, 4]
    # the reference: wakturs is the hospital's time, waktu the time BPJS's server recorded it
    assert result.data[1]["wakturs"] == "28-11-2026 08:25:30 WIB"
    assert result.data[1]["waktu"] == "28-11-2026 09:00:00 WIB"
    assert result.data[0]["kodebooking"] == booked
    assert result.data == sim.requests[-1].response_plain


def test_get_list_task_unknown_booking(client) -> None:
    result = client.get_list_task("nope")
    assert result.outcome is Outcome.NEEDS_PREDECESSOR
    assert result.missing_task == 1
    assert result.data is None


def test_ref_poli_and_dokter(sim, client) -> None:
    poli = client.ref_poli()
    assert (poli.outcome, poli.code) == (Outcome.SUCCESS, 1)
    assert poli.data == sim.poli
    sim.dokter = [{"namadokter": "dr. Ñ 😀", "kodedokter": 1}]
    dokter = client.ref_dokter()
    assert dokter.outcome is Outcome.SUCCESS
    assert dokter.data == [{"namadokter": "dr. Ñ 😀", "kodedokter": 1}]
    assert [r.method for r in sim.requests] == ["GET", "GET"]
    assert sim.requests[0].raw_body == b""


def test_jadwal_dokter(sim, client) -> None:
    result = client.jadwal_dokter("ANA", "2026-11-28")  # a Saturday
    assert result.outcome is Outcome.SUCCESS, result
    assert result.data[0]["jadwal"] == "08:00-12:00"
    assert result.data[0]["kodedokter"] == 12345
    assert sim.requests[-1].endpoint == "jadwaldokter/kodepoli/ANA/tanggal/2026-11-28"
    none = client.jadwal_dokter("INT", "2026-11-29")  # Sunday: no schedule
    assert none.outcome is Outcome.PERMANENT and none.code == 201


def test_jadwal_dokter_quotes_the_path(sim, client) -> None:
    client.jadwal_dokter("A/B C", "2026-11-28")
    assert sim.requests[-1].path.endswith("/jadwaldokter/kodepoli/A%2FB%20C/tanggal/2026-11-28")


def test_server_date_is_parsed_from_the_date_header(sim, client) -> None:
    sim.server_clock = lambda: 1_800_000_000.0
    result = client.ref_poli()
    # the signature check uses the same clock, so the request is refused -- but dated
    assert result.server_date == datetime.fromtimestamp(1_800_000_000, UTC)
    assert result.server_date.tzinfo is not None


def test_one_timestamp_for_header_signature_and_decryption(sim) -> None:
    """A second clock reading would give a different key, and decryption would fail."""
    base = int(datetime.now(UTC).timestamp())
    readings: list[int] = []

    def clock() -> float:
        readings.append(len(readings))
        return float(base + 7 * len(readings))  # every reading differs by 7 s

    with BpjsClient(sim.base_url, CONS_ID, SECRET, USER_KEY, timeout_seconds=2, clock=clock) as c:
        first = c.ref_poli()
        second = c.get_list_task("nope")
        third = c.ref_dokter()
    assert first.outcome is Outcome.SUCCESS, first
    assert third.outcome is Outcome.SUCCESS, third
    assert first.data == sim.poli and third.data == sim.dokter
    assert len(readings) == 3, "exactly one clock reading per request"
    stamps = [r.headers["X-timestamp"] for r in sim.requests]
    assert stamps == [str(base + 7), str(base + 14), str(base + 21)]
    assert second.missing_task == 1


def test_keep_alive_reuses_one_connection(sim, client, booked) -> None:
    client.ref_poli()
    client.update_waktu(booked, 3, wib_ms(8, 10))
    client.get_list_task(booked)
    ids = {r.connection_id for r in sim.requests}
    ports = {r.client_port for r in sim.requests}
    assert len(sim.requests) == 4
    assert len(ids) == 1 and len(ports) == 1


def test_fresh_session_per_client_is_not_shared(sim) -> None:
    a = BpjsClient(sim.base_url, CONS_ID, SECRET, USER_KEY)
    b = BpjsClient(sim.base_url, CONS_ID, SECRET, USER_KEY)
    try:
        a.ref_poli()
        b.ref_poli()
    finally:
        a.close()
        b.close()
    assert len({r.connection_id for r in sim.requests}) == 2


class _SpySession(requests.Session):
    def __init__(self) -> None:
        super().__init__()
        self.calls: list[dict] = []

    def request(self, method, url, **kwargs):  # type: ignore[override]
        self.calls.append({"method": method, "url": url, **kwargs})
        return super().request(method, url, **kwargs)


def test_explicit_timeouts_and_tls_verification_on_every_call(sim, booked) -> None:
    spy = _SpySession()
    c = BpjsClient(sim.base_url, CONS_ID, SECRET, USER_KEY, timeout_seconds=7, session=spy)
    c.add_antrean(make_payload("x-1"))
    c.update_waktu(booked, 3, wib_ms(8, 10))
    c.batal("x-1", "batal")
    c.get_list_task(booked)
    c.ref_poli()
    c.ref_dokter()
    c.jadwal_dokter("ANA", "2026-11-28")
    c.close()  # a passed-in session belongs to the caller
    assert len(spy.calls) == 7
    for call in spy.calls:
        # connect and each wait 7 s; the whole call (connect + answer) by default twice that
        assert repr(call["timeout"]) == "Timeout(connect=7.0, read=7.0, total=14.0)"
        assert call["stream"] is True, "the answer is read by limits.read_body, bounded"
        assert call["verify"] is True
        assert call["url"].startswith(sim.base_url + "/")
    spy.close()


def test_verify_tls_can_be_turned_off_explicitly(sim) -> None:
    spy = _SpySession()
    c = BpjsClient(sim.base_url + "/", CONS_ID, SECRET, USER_KEY, verify_tls=False, session=spy)
    assert c.ref_poli().outcome is Outcome.SUCCESS
    assert spy.calls[0]["verify"] is False
    assert repr(spy.calls[0]["timeout"]) == "Timeout(connect=10.0, read=15.0, total=30.0)"
    spy.close()


def test_result_is_frozen(client) -> None:
    result = client.ref_poli()
    assert isinstance(result, BpjsResult)
    with pytest.raises(AttributeError):
        result.outcome = Outcome.AUTH  # type: ignore[misc]
    assert result.duration_ms >= 0


@pytest.mark.parametrize(
    ("call", "error"),
    [
        (lambda c: c.add_antrean("not a dict"), TypeError),
        (lambda c: c.update_waktu("k", "3", 1), TypeError),
        (lambda c: c.update_waktu("k", 3, 1.5), TypeError),
        (lambda c: c.update_waktu("k", True, 1), TypeError),
        (lambda c: c.update_waktu(None, 3, 1), TypeError),
        (lambda c: c.batal("k", None), TypeError),
        (lambda c: c.get_list_task(12), TypeError),
        (lambda c: c.jadwal_dokter("ANA", "28-11-2026"), ValueError),
    ],
)
def test_programming_errors_raise(sim, client, call, error) -> None:
    with pytest.raises(error) as info:
        call(client)
    assert SECRET not in str(info.value) and USER_KEY not in str(info.value)
    assert sim.requests == []


def test_constructor_checks_types() -> None:
    with pytest.raises(TypeError):
        BpjsClient("http://127.0.0.1:9", CONS_ID, None, USER_KEY)  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        BpjsClient("http://127.0.0.1:9", CONS_ID, SECRET, USER_KEY, timeout_seconds=0)
    with pytest.raises(ValueError) as info:
        BpjsClient("http://127.0.0.1:9", CONS_ID, "rahasia\n", USER_KEY)
    assert "rahasia" not in str(info.value)


def test_proxy_settings_are_read_once_from_the_environment(monkeypatch, sim) -> None:
    """requests would scan the environment on every call; the client takes it once."""
    monkeypatch.setenv("HTTPS_PROXY", "http://proxy.rs.local:3128")
    monkeypatch.setenv("REQUESTS_CA_BUNDLE", "/etc/ssl/rs-ca.pem")
    monkeypatch.delenv("NO_PROXY", raising=False)
    monkeypatch.delenv("no_proxy", raising=False)
    remote = BpjsClient("https://apijkn.bpjs-kesehatan.go.id/antreanrs", CONS_ID, SECRET, USER_KEY)
    monkeypatch.setenv("NO_PROXY", "127.0.0.1")
    local = BpjsClient(sim.base_url, CONS_ID, SECRET, USER_KEY, timeout_seconds=2)
    try:
        assert remote.session.proxies.get("https") == "http://proxy.rs.local:3128"
        assert not remote.session.trust_env
        assert remote._verify == "/etc/ssl/rs-ca.pem"
        monkeypatch.setenv("HTTPS_PROXY", "http://elsewhere:1")  # later changes are not read
        assert remote.session.proxies.get("https") == "http://proxy.rs.local:3128"
        assert local.session.proxies == {}  # NO_PROXY honoured
        monkeypatch.delenv("REQUESTS_CA_BUNDLE")
        assert local.ref_poli().http_status == 200  # the local call goes straight through
    finally:
        remote.close()
        local.close()
