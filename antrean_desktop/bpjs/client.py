"""HTTP client for BPJS Antrean RS.

Never raises for what BPJS or the network does: every call returns a :class:`BpjsResult` whose
``outcome`` says what to do next. It raises only for programming errors (wrong argument types).
One timestamp per request is used for X-timestamp, the signature and the decryption key.
Every call is bounded: ``timeout_seconds`` for connecting and for each wait, one total
``deadline_seconds`` for the whole call, and ``max_answer_bytes`` for the answer (``limits``).
"""

from __future__ import annotations

import json
import logging
import os
import re
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime
from email.utils import parsedate_to_datetime
from typing import Any
from urllib.parse import quote

import requests
from urllib3.exceptions import HTTPError, ReadTimeoutError

from antrean_desktop.bpjs import crypto, limits
from antrean_desktop.bpjs.envelope import parse_body
from antrean_desktop.domain.bpjs_answers import Outcome, classify
from antrean_desktop.domain.reasons import Reason

log = logging.getLogger("antrean.bpjs")

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


@dataclass(frozen=True)
class BpjsResult:
    """The answer of one call. ``request`` holds method, endpoint and body -- never a secret."""

    outcome: Outcome
    code: int | None
    message: str
    data: Any = None
    http_status: int | None = None
    duration_ms: int = 0
    missing_task: int | None = None
    server_date: datetime | None = None
    request: dict[str, Any] = field(default_factory=dict)
    reason: Reason | None = None  # the program's own reason (deadline, size cap), if any

    @property
    def ok(self) -> bool:
        return self.outcome is Outcome.SUCCESS


def _server_date(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        parsed = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    return parsed if parsed.tzinfo is not None else None


def _check_str(name: str, value: Any) -> str:
    if not isinstance(value, str):
        raise TypeError(f"{name} must be str, got {type(value).__name__}")
    return value


def _check_int(name: str, value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"{name} must be int, got {type(value).__name__}")
    return value


def _check_date(name: str, value: Any) -> str:
    if not _DATE.match(_check_str(name, value)):
        raise ValueError(f"{name} must be YYYY-MM-DD, got {value!r}")
    return value


def _check_waktu(value: Any) -> str:
    if _check_str("waktu", value) not in ("rs", "server"):
        raise ValueError(f"waktu must be 'rs' or 'server', got {value!r}")
    return value


def _empty_as_list(result: BpjsResult) -> BpjsResult:
    """A read answered with success but no list (code 204, empty ``response``) means []."""
    if result.ok and not isinstance(result.data, list):
        return replace(result, data=[] if result.data is None else [result.data])
    return result


def _ca_bundle() -> str | None:
    return os.environ.get("REQUESTS_CA_BUNDLE") or os.environ.get("CURL_CA_BUNDLE") or None


def _session_for(base_url: str) -> requests.Session:
    """A session that takes the proxy settings of the environment (and, on Windows, of the
    system) once, for BPJS's host, instead of on every call: requests reads the whole
    environment per request, about a millisecond of CPU a call (tests/benchmarks)."""
    session = requests.Session()
    session.proxies.update(requests.utils.get_environ_proxies(base_url))  # NO_PROXY honoured
    session.trust_env = False
    return session


class BpjsClient:
    """Calls BPJS Antrean RS over one keep-alive ``requests.Session``."""

    def __init__(
        self,
        base_url: str,
        cons_id: str,
        secret_key: str,
        user_key: str,
        timeout_seconds: float = 15,
        verify_tls: bool = True,
        session: requests.Session | None = None,
        *,
        connect_timeout_seconds: float | None = None,
        deadline_seconds: float | None = None,
        max_answer_bytes: int = limits.MAX_ANSWER_BYTES,
        clock: Callable[[], float] = time.time,
    ) -> None:
        for name, value in (
            ("base_url", base_url),
            ("cons_id", cons_id),
            ("secret_key", secret_key),
            ("user_key", user_key),
        ):
            _check_str(name, value)
            if name != "base_url" and not (value.isascii() and value.isprintable()):
                # headers must be ASCII; the value itself is not echoed (it may be a secret)
                raise ValueError(f"{name} must be printable ASCII")
        if isinstance(timeout_seconds, bool) or not isinstance(timeout_seconds, int | float):
            raise TypeError("timeout_seconds must be a number")
        if timeout_seconds <= 0:
            raise ValueError("timeout_seconds must be positive")
        self.base_url = base_url.rstrip("/")
        self.cons_id = cons_id
        self._secret_key = secret_key
        self._user_key = user_key
        read = float(timeout_seconds)
        connect = min(read, 10.0) if connect_timeout_seconds is None else connect_timeout_seconds
        self.timeout: tuple[float, float] = (float(connect), read)
        #: one total limit per call: connect, the wait, and the whole answer
        self.deadline = float(deadline_seconds) if deadline_seconds else 2 * read
        if self.deadline <= 0:
            raise ValueError("deadline_seconds must be positive")
        self.max_answer_bytes = int(max_answer_bytes)
        self.verify_tls = verify_tls
        self._own_session = session is None
        self.session = session if session is not None else _session_for(self.base_url)
        #: what requests verifies against: with our own session (which no longer reads the
        #: environment per call), the CA bundle the environment names, if any
        self._verify: bool | str = verify_tls and ((self._own_session and _ca_bundle()) or True)
        self._clock = clock

    def __repr__(self) -> str:  # secrets stay out of every repr
        return f"BpjsClient(base_url={self.base_url!r})"

    def close(self) -> None:
        if self._own_session:
            self.session.close()

    def __enter__(self) -> BpjsClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- endpoints -----------------------------------------------------------------------

    def add_antrean(self, payload: Mapping[str, Any]) -> BpjsResult:
        if not isinstance(payload, Mapping):
            raise TypeError(f"payload must be a mapping, got {type(payload).__name__}")
        return self._call("POST", "antrean/add", dict(payload))

    def update_waktu(
        self, kodebooking: str, taskid: int, waktu_ms: int, jenisresep: str | None = None
    ) -> BpjsResult:
        body: dict[str, Any] = {
            "kodebooking": _check_str("kodebooking", kodebooking),
            "taskid": _check_int("taskid", taskid),
            "waktu": _check_int("waktu_ms", waktu_ms),
        }
        if jenisresep is not None:
            body["jenisresep"] = _check_str("jenisresep", jenisresep)
        return self._call("POST", "antrean/updatewaktu", body)

    def batal(self, kodebooking: str, keterangan: str) -> BpjsResult:
        body = {
            "kodebooking": _check_str("kodebooking", kodebooking),
            "keterangan": _check_str("keterangan", keterangan),
        }
        return self._call("POST", "antrean/batal", body)

    def get_list_task(self, kodebooking: str) -> BpjsResult:
        body = {"kodebooking": _check_str("kodebooking", kodebooking)}
        return self._call("POST", "antrean/getlisttask", body, expects_data=True)

    # --- reading back what BPJS has recorded ----------------------------------------------

    def pendaftaran_tanggal(self, tanggal: str) -> BpjsResult:
        """Every booking of one service date (``data``: a list; [] for an empty day)."""
        path = f"antrean/pendaftaran/tanggal/{_check_date('tanggal', tanggal)}"
        return _empty_as_list(self._call("GET", path, None, expects_data=True))

    def pendaftaran_kodebooking(self, kodebooking: str) -> BpjsResult:
        """One booking, in the shape of :meth:`pendaftaran_tanggal` (a list of one)."""
        path = f"antrean/pendaftaran/kodebooking/{quote(_check_str('kodebooking', kodebooking), safe='')}"
        return _empty_as_list(self._call("GET", path, None, expects_data=True))

    def waktutunggu_tanggal(self, tanggal: str, waktu: str = "rs") -> BpjsResult:
        """BPJS's own waiting-time figures per clinic for one day (the answer is not encrypted)."""
        path = (
            f"dashboard/waktutunggu/tanggal/{_check_date('tanggal', tanggal)}"
            f"/waktu/{_check_waktu(waktu)}"
        )
        return _empty_as_list(self._call("GET", path, None, expects_data=True))

    def waktutunggu_bulan(self, bulan: int, tahun: int, waktu: str = "rs") -> BpjsResult:
        """BPJS's waiting-time figures per clinic and day for one month."""
        if not 1 <= _check_int("bulan", bulan) <= 12:
            raise ValueError(f"bulan must be 1..12, got {bulan}")
        path = (
            f"dashboard/waktutunggu/bulan/{bulan:02d}/tahun/{_check_int('tahun', tahun):04d}"
            f"/waktu/{_check_waktu(waktu)}"
        )
        return _empty_as_list(self._call("GET", path, None, expects_data=True))

    def ref_poli(self) -> BpjsResult:
        return self._call("GET", "ref/poli", None, expects_data=True)

    def ref_dokter(self) -> BpjsResult:
        return self._call("GET", "ref/dokter", None, expects_data=True)

    def jadwal_dokter(self, kodepoli: str, tanggal: str) -> BpjsResult:
        _check_str("kodepoli", kodepoli)
        _check_date("tanggal", tanggal)
        path = f"jadwaldokter/kodepoli/{quote(kodepoli, safe='')}/tanggal/{tanggal}"
        return self._call("GET", path, None, expects_data=True)

    # --- the one place that talks HTTP ---------------------------------------------------

    def _headers(self, timestamp: str, has_body: bool) -> dict[str, str]:
        headers = {
            "X-cons-id": self.cons_id,
            "X-timestamp": timestamp,
            "X-signature": crypto.sign(self.cons_id, self._secret_key, timestamp),
            "user_key": self._user_key,
            "Accept": "application/json",
        }
        if has_body:
            headers["Content-Type"] = "application/json"
        return headers

    def _call(
        self, method: str, endpoint: str, body: dict[str, Any] | None, *, expects_data: bool = False
    ) -> BpjsResult:
        record: dict[str, Any] = {
            "method": method,
            "endpoint": endpoint,
            "body": body,
        }
        data_bytes = None if body is None else json.dumps(body).encode("utf-8")
        timestamp = str(int(self._clock()))  # the ONLY timestamp of this request
        started = time.monotonic()
        deadline = started + self.deadline
        try:
            response = self.session.request(
                method,
                f"{self.base_url}/{endpoint}",
                data=data_bytes,
                headers=self._headers(timestamp, body is not None),
                timeout=limits.call_timeout(*self.timeout, self.deadline),
                verify=self._verify,
                allow_redirects=False,
                stream=True,
            )
            try:
                content = limits.read_body(response, deadline, self.max_answer_bytes)
            finally:
                response.close()  # an answer not read to the end is never reused
        except limits.LimitExceeded as exc:
            return self._finish(record, started, None, None, exc.message, reason=exc.reason)
        except (requests.RequestException, OSError, HTTPError) as exc:
            if time.monotonic() >= deadline:
                cut = limits.deadline_exceeded(self.deadline)
                return self._finish(record, started, None, None, cut.message, reason=cut.reason)
            if isinstance(exc, requests.Timeout | TimeoutError | ReadTimeoutError):
                return self._finish(
                    record,
                    started,
                    None,
                    None,
                    f"timeout (connect {self.timeout[0]:g}s, read {self.timeout[1]:g}s)",
                )
            if isinstance(exc, requests.RequestException):
                return self._finish(record, started, None, None, _transport_message(exc))
            return self._finish(record, started, None, None, _stream_message(exc))
        status = response.status_code
        server_date = _server_date(response.headers.get("Date"))
        envelope = parse_body(content, status)
        data = None
        message = envelope.message
        decrypt_failed = False
        if envelope.has_response and envelope.response is not None:
            data, problem = self._decode(envelope.response, timestamp)
            if problem:
                message = f"{message} (response not readable: {problem})" if message else problem
                decrypt_failed = expects_data
        return self._finish(
            record, started, status, envelope.code, message, data, server_date, decrypt_failed
        )

    def _decode(self, raw: Any, timestamp: str) -> tuple[Any, str | None]:
        if isinstance(raw, str):
            if not raw.strip():
                return None, None
            try:
                value = crypto.decrypt_response(raw, self.cons_id, self._secret_key, timestamp)
            except crypto.DecryptError as exc:
                return None, str(exc)
        else:
            value = raw  # already plain JSON (some gateways / dev servers)
        if isinstance(value, dict) and isinstance(value.get("list"), list):
            value = value["list"]
        return value, None

    def _finish(
        self,
        record: dict[str, Any],
        started: float,
        status: int | None,
        code: int | None,
        message: str,
        data: Any = None,
        server_date: datetime | None = None,
        decrypt_failed: bool = False,
        *,
        reason: Reason | None = None,
    ) -> BpjsResult:
        duration_ms = int((time.monotonic() - started) * 1000)
        body = record.get("body")
        sent = body.get("taskid") if isinstance(body, dict) else None
        verdict = classify(
            status,
            code,
            message,
            endpoint=record["endpoint"],
            task=sent if isinstance(sent, int) else None,
        )
        outcome, missing = verdict.outcome, verdict.missing_task
        if decrypt_failed and outcome is Outcome.SUCCESS:
            outcome, missing, data = Outcome.RETRYABLE, None, None
        result = BpjsResult(
            outcome=outcome,
            code=code,
            message=message,
            data=data,
            http_status=status,
            duration_ms=duration_ms,
            missing_task=missing,
            server_date=server_date,
            request=record,
            reason=reason,
        )
        log.debug(  # the worker logs one line per send at INFO
            "%s %s -> http=%s code=%s outcome=%s %dms: %s",
            record["method"],
            record["endpoint"],
            status,
            code,
            outcome.value,
            duration_ms,
            message,
        )
        return result


def _transport_message(exc: requests.RequestException) -> str:
    """A short description of a network failure (requests' texts carry no headers)."""
    kind = type(exc).__name__
    if isinstance(exc, requests.exceptions.SSLError):
        return f"TLS error: {exc}"
    if isinstance(exc, requests.exceptions.ChunkedEncodingError):
        return f"answer cut off in transit ({kind})"
    if isinstance(exc, requests.ConnectionError):
        text = str(exc)
        if "RemoteDisconnected" in text or "without response" in text:
            return "connection closed without an answer"
        if "reset" in text.lower():
            return "connection reset"
        if "refused" in text.lower():
            return f"connection refused: {text}"
        return f"connection error: {text}"
    return f"request failed ({kind}): {exc}"


def _stream_message(exc: Exception) -> str:
    """A short description of a failure while the answer's body was read."""
    if isinstance(exc, HTTPError) and "IncompleteRead" in repr(exc):
        return f"answer cut off in transit ({type(exc).__name__})"
    if isinstance(exc, ConnectionResetError):
        return "connection reset"
    return f"answer could not be read ({type(exc).__name__}): {exc}"
