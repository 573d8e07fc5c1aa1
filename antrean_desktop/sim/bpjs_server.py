"""A faithful BPJS Antrean RS simulator over real HTTP (stdlib, HTTP/1.1 keep-alive).

    with BpjsSimulator(cons_id="c", secret="s", user_key="u") as sim:
        client = BpjsClient(sim.base_url, "c", "s", "u")

It authenticates every request like BPJS (cons id, timestamp freshness, signature, user_key),
answers with the real envelope, encrypts ``response`` with the request's own timestamp, keeps
per-booking state with the reference rules (see ``bpjs_state``), injects faults (``faults``) and
records every request (``requests``). Clocks: ``now`` (aware datetime) drives the service-date,
H+7 and ``wakturs`` values; ``server_clock`` (epoch seconds) drives timestamp freshness and the
``Date`` header. Both are plain attributes that tests may replace at any time.
"""

from __future__ import annotations

import contextlib
import hmac
import json
import logging
import socket
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import unquote, urlsplit

from antrean_desktop.bpjs import crypto
from antrean_desktop.sim.bpjs_state import ALL_DAYS, AntreanState, Jadwal, utc_now
from antrean_desktop.sim.faults import PROCESSED_FIRST, Fault, FaultInjector, FaultKind

log = logging.getLogger("antrean.sim")

#: How the simulator answers an authentication failure. The reference only says the message is
#: "Authentication failed" (JSON or plain text); the code is not documented, so it is kept here.
AUTH_FAILURE_HTTP_STATUS = 200
AUTH_FAILURE_CODE = 201
AUTH_FAILURE_MESSAGE = "Authentication failed"

DEFAULT_POLI: list[dict[str, Any]] = [
    {"nmpoli": "ANAK", "kdpoli": "ANA", "nmsubspesialis": "ANAK", "kdsubspesialis": "ANA"},
    {
        "nmpoli": "PENYAKIT DALAM",
        "kdpoli": "INT",
        "nmsubspesialis": "PENYAKIT DALAM",
        "kdsubspesialis": "INT",
    },
    {"nmpoli": "MATA", "kdpoli": "MAT", "nmsubspesialis": "MATA", "kdsubspesialis": "MAT"},
]
DEFAULT_DOKTER: list[dict[str, Any]] = [
    {"namadokter": "dr. Siti Rahmawati, Sp.A", "kodedokter": 12345},
    {"namadokter": "dr. Budi Santoso, Sp.PD", "kodedokter": 23456},
    {"namadokter": "dr. Ñoman Éka, Sp.M", "kodedokter": 34567},
]
#: kodepoli -> (kodedokter, ISO weekdays, jadwal, kapasitas); antrean/add is checked against it
DEFAULT_JADWAL: Jadwal = {
    "ANA": [(12345, (1, 2, 3, 4, 5, 6), "08:00-12:00", 30)],
    "INT": [(23456, (1, 3, 5), "09:00-14:00", 25)],
    "MAT": [(34567, (2, 4), "13:00-16:00", 20)],
}
_HARI = {1: "SENIN", 2: "SELASA", 3: "RABU", 4: "KAMIS", 5: "JUMAT", 6: "SABTU", 7: "MINGGU"}


@dataclass
class RecordedRequest:
    """One request as the simulator saw it, and what it answered (filled before the reply)."""

    method: str
    path: str  # full path, with the base prefix
    endpoint: str  # relative to the base, e.g. "antrean/add"
    headers: dict[str, str]
    body: Any  # parsed JSON, the raw text if not JSON, None if empty
    raw_body: bytes
    time: float  # epoch seconds (real clock) when it arrived
    client_port: int
    connection_id: int  # same id = same TCP connection (keep-alive)
    http_status: int | None = None  # None: no answer (drop/hang)
    code: int | None = None
    message: str | None = None
    fault: FaultKind | None = None
    auth_problem: str | None = None  # cons_id / timestamp / signature / user_key
    response_plain: Any = None  # the decrypted ``response`` value the simulator sent
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass
class _Answer:
    status: int
    code: int | None = None
    message: str = ""
    data: Any = None  # encrypted into ``response`` when not None
    plain: Any = None  # sent as ``response`` unencrypted (the dashboard endpoints)
    raw: bytes | None = None  # a non-envelope body (HTML, plain text)
    content_type: str = "application/json"


class _Server(ThreadingHTTPServer):
    daemon_threads = False  # server_close() joins every handler thread
    block_on_close = True
    allow_reuse_address = True

    def handle_error(self, request: Any, client_address: Any) -> None:
        log.debug("simulator connection %s ended with an error", client_address, exc_info=True)


class BpjsSimulator:
    """BPJS Antrean RS on 127.0.0.1. Use as a context manager or call start()/stop()."""

    BASE_PATH = "/antreanrs"

    def __init__(
        self,
        cons_id: str = "sim-cons-id",
        secret: str = "sim-secret",
        user_key: str = "sim-user-key",
        *,
        host: str = "127.0.0.1",
        port: int = 0,
        allowed_skew_seconds: float = 300,
        require_admission_tasks: bool = False,
        max_days_after_service: int = 7,
        doctor_codes: set[int] | None = None,
        seed: int | None = 0,
        now: Callable[[], datetime] | None = None,
        server_clock: Callable[[], float] | None = None,
    ) -> None:
        self.cons_id = cons_id
        self.secret = secret
        self.user_key = user_key
        self.host = host
        self.port = port
        self.allowed_skew_seconds = allowed_skew_seconds
        self.state = AntreanState(
            require_admission_tasks=require_admission_tasks,
            max_days_after_service=max_days_after_service,
            doctor_codes=doctor_codes,
            jadwal={k: list(v) for k, v in DEFAULT_JADWAL.items()},
        )
        self.faults = FaultInjector(seed)
        self.now: Callable[[], datetime] = now or utc_now
        self.server_clock: Callable[[], float] = server_clock or time.time
        self.poli = [dict(p) for p in DEFAULT_POLI]
        self.dokter = [dict(d) for d in DEFAULT_DOKTER]
        self._lock = threading.Lock()
        self._requests: list[RecordedRequest] = []
        self._connections: dict[int, socket.socket] = {}
        self._next_connection = 0
        self._stopping = threading.Event()
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None

    # --- lifecycle -------------------------------------------------------------------------

    def start(self) -> BpjsSimulator:
        if self._server is not None:
            raise RuntimeError("simulator already started")
        self._stopping.clear()
        handler = type("BoundHandler", (_Handler,), {"sim": self})
        self._server = _Server((self.host, self.port), handler)
        self.port = self._server.server_address[1]
        self._thread = threading.Thread(
            target=self._server.serve_forever,
            kwargs={"poll_interval": 0.01},
            name=f"bpjs-sim:{self.port}",
            daemon=True,
        )
        self._thread.start()
        log.info("BPJS simulator listening on %s", self.base_url)
        return self

    def stop(self) -> None:
        """Stop promptly: wake hung/latent handlers, close every connection, join all threads."""
        server, thread = self._server, self._thread
        if server is None:
            return
        self._stopping.set()
        server.shutdown()
        with self._lock:
            conns = list(self._connections.values())
        for conn in conns:
            with contextlib.suppress(OSError):
                conn.shutdown(socket.SHUT_RDWR)
        server.server_close()  # joins the handler threads
        if thread is not None:
            thread.join(timeout=5)
        self._server = self._thread = None

    def __enter__(self) -> BpjsSimulator:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def base_url(self) -> str:
        if self._server is None:
            raise RuntimeError("simulator not started")
        return f"http://{self.host}:{self.port}{self.BASE_PATH}"

    @property
    def running(self) -> bool:
        return self._server is not None

    # --- configuration shortcuts -----------------------------------------------------------

    @property
    def require_admission_tasks(self) -> bool:
        return self.state.require_admission_tasks

    @require_admission_tasks.setter
    def require_admission_tasks(self, value: bool) -> None:
        self.state.require_admission_tasks = value

    @property
    def jadwal(self) -> Jadwal:
        """The doctors' schedule served at ``jadwaldokter`` and enforced on ``antrean/add``."""
        return self.state.jadwal

    @jadwal.setter
    def jadwal(self, value: Jadwal) -> None:
        self.state.jadwal = value

    def add_jadwal(
        self,
        kodepoli: str,
        kodedokter: int,
        jam: str,
        kapasitas: int = 30,
        weekdays: tuple[int, ...] = ALL_DAYS,
    ) -> None:
        """Let a doctor practise at a clinic (every day unless ``weekdays``, ISO 1-7)."""
        with self._lock:
            self.state.jadwal.setdefault(kodepoli, []).append(
                (kodedokter, weekdays, jam, kapasitas)
            )

    # --- what happened ---------------------------------------------------------------------

    @property
    def requests(self) -> list[RecordedRequest]:
        """A copy of every request so far, oldest first."""
        with self._lock:
            return list(self._requests)

    def clear_requests(self) -> None:
        with self._lock:
            self._requests.clear()

    def booking(self, kodebooking: str) -> dict[str, Any] | None:
        """Snapshot of one booking (payload, service_date, cancelled, tasks {id: waktu ms})."""
        return self.state.snapshot(kodebooking)

    def kodebookings(self) -> list[str]:
        return self.state.kodebookings()

    def tasks(self, kodebooking: str) -> dict[int, int]:
        snap = self.state.snapshot(kodebooking)
        return dict(snap["tasks"]) if snap else {}

    @property
    def open_connections(self) -> int:
        with self._lock:
            return len(self._connections)

    # --- internals used by the handler -----------------------------------------------------

    def _register(self, conn: socket.socket) -> int:
        with self._lock:
            self._next_connection += 1
            self._connections[self._next_connection] = conn
            return self._next_connection

    def _unregister(self, conn_id: int) -> None:
        with self._lock:
            self._connections.pop(conn_id, None)

    def _record(self, rec: RecordedRequest) -> None:
        with self._lock:
            self._requests.append(rec)

    def _wait(self, seconds: float) -> bool:
        """Sleep that stop() interrupts; True when interrupted."""
        return self._stopping.wait(seconds)

    def _auth_problem(self, headers: dict[str, str]) -> str | None:
        lower = {k.lower(): v for k, v in headers.items()}
        cons = lower.get("x-cons-id", "")
        stamp = lower.get("x-timestamp", "")
        signature = lower.get("x-signature", "")
        user_key = lower.get("user_key", "")
        if not hmac.compare_digest(cons.encode(), self.cons_id.encode()):
            return "cons_id"
        if not stamp.isdigit() or abs(self.server_clock() - int(stamp)) > self.allowed_skew_seconds:
            return "timestamp"
        expected = crypto.sign(self.cons_id, self.secret, stamp)
        if not hmac.compare_digest(signature.encode(), expected.encode()):
            return "signature"
        if not hmac.compare_digest(user_key.encode(), self.user_key.encode()):
            return "user_key"
        return None

    _POSTS = ("antrean/add", "antrean/updatewaktu", "antrean/batal", "antrean/getlisttask")
    _GETS = ("ref/poli", "ref/dokter")

    def _route_error(self, method: str, endpoint: str) -> _Answer | None:
        """404/405 pages of the gateway for what is not an endpoint (checked before auth)."""
        parts = endpoint.split("/")
        is_jadwal = (
            len(parts) == 5 and parts[0:2] == ["jadwaldokter", "kodepoli"] and parts[3] == "tanggal"
        )
        if endpoint in self._POSTS:
            return None if method == "POST" else _html(405, "Method Not Allowed")
        if endpoint in self._GETS or is_jadwal or _read_back_route(parts) is not None:
            return None if method == "GET" else _html(405, "Method Not Allowed")
        return _html(404, "Not Found")

    def _route(self, endpoint: str, body: Any) -> _Answer:
        """Answer an authenticated request to a known endpoint."""
        now = self.now()
        if endpoint == "antrean/add":
            return _Answer(200, *self.state.add(body, now))
        if endpoint == "antrean/updatewaktu":
            return _Answer(200, *self.state.update_waktu(body, now))
        if endpoint == "antrean/batal":
            return _Answer(200, *self.state.batal(body, now))
        if endpoint == "antrean/getlisttask":
            return _Answer(200, *self.state.list_tasks(body))
        if endpoint == "ref/poli":
            return _Answer(200, 1, "OK", [dict(p) for p in self.poli])
        if endpoint == "ref/dokter":
            return _Answer(200, 1, "OK", [dict(d) for d in self.dokter])
        parts = endpoint.split("/")
        read_back = _read_back_route(parts)
        if read_back is not None:
            return self._read_back(read_back, parts, now)
        return self._jadwal(unquote(parts[2]), parts[4])

    def _read_back(self, route: str, parts: list[str], now: datetime) -> _Answer:
        """pendaftaran (encrypted bare arrays) and dashboard (NOT encrypted, ``{"list": ...}``)."""
        if route == "pendaftaran-kodebooking":
            rows = self.state.pendaftaran(kodebooking=unquote(parts[3]))
            if not rows:
                return _Answer(200, 201, "Data Tidak Ditemukan")
            return _Answer(200, 200, "OK", rows)
        bad_date = _Answer(
            200, 201, "Format Tanggal Tidak Sesuai, format yang benar adalah yyyy-mm-dd"
        )
        if route == "pendaftaran-tanggal":
            try:
                day = date.fromisoformat(parts[3])
            except ValueError:
                return bad_date
            rows = self.state.pendaftaran(day=day)
            return (
                _Answer(200, 200, "OK", rows) if rows else _Answer(200, 204, "Data Tidak Ditemukan")
            )
        waktu = parts[-1]
        if waktu not in ("rs", "server"):
            return _Answer(200, 201, "waktu tidak valid (rs atau server)")
        try:
            if route == "waktutunggu-tanggal":
                days = {date.fromisoformat(parts[3])}
            else:
                month, year = int(parts[3]), int(parts[5])
                first = date(year, month, 1)
                days = {first + timedelta(days=i) for i in range(31)}
                days = {d for d in days if d.month == month}
        except ValueError:
            return bad_date
        rows = self.state.waktutunggu(days, waktu, now)
        return _Answer(200, 200, "OK", plain={"list": rows})

    def _jadwal(self, kodepoli: str, tanggal: str) -> _Answer:
        try:
            day = date.fromisoformat(tanggal)
        except ValueError:
            return _Answer(
                200, 201, "Format Tanggal Tidak Sesuai, format yang benar adalah yyyy-mm-dd"
            )
        poli = next((p for p in self.poli if p["kdpoli"] == kodepoli), None)
        names = {d["kodedokter"]: d["namadokter"] for d in self.dokter}
        rows = []
        for kodedokter, weekdays, jam, kapasitas in self.jadwal.get(kodepoli, []):
            if day.isoweekday() in weekdays:
                rows.append(
                    {
                        "kodesubspesialis": kodepoli,
                        "hari": day.isoweekday(),
                        "kapasitaspasien": kapasitas,
                        "libur": 0,
                        "namahari": _HARI[day.isoweekday()],
                        "jadwal": jam,
                        "namasubspesialis": poli["nmsubspesialis"] if poli else kodepoli,
                        "namadokter": names.get(kodedokter, ""),
                        "kodepoli": kodepoli,
                        "namapoli": poli["nmpoli"] if poli else kodepoli,
                        "kodedokter": kodedokter,
                    }
                )
        if not rows:
            return _Answer(
                200,
                201,
                "Jadwal Dokter Tersebut Belum Tersedia, Silahkan Reschedule Tanggal dan Jam Praktek Lainnya",
            )
        return _Answer(200, 200, "Ok", rows)

    def _envelope(
        self, answer: _Answer, stamp: str, fault: Fault | None, rec: RecordedRequest
    ) -> bytes:
        doc: dict[str, Any] = {"metadata": {"code": answer.code, "message": answer.message}}
        kind = fault.kind if fault is not None else None
        if kind is FaultKind.BAD_BASE64:  # also on writes, which normally carry no response
            doc["response"] = "%%not-base64%%"
        elif answer.data is not None:
            key_stamp = stamp
            if kind is FaultKind.WRONG_KEY:
                key_stamp = str(int(stamp) + 1) if stamp.isdigit() else "1"
            doc["response"] = crypto.encrypt_response(
                answer.data, self.cons_id, self.secret, key_stamp
            )
        elif answer.plain is not None:
            doc["response"] = answer.plain
        if answer.data is not None:
            rec.response_plain = answer.data
        elif answer.plain is not None:
            rec.response_plain = answer.plain
        return json.dumps(doc, ensure_ascii=False).encode("utf-8")


def _read_back_route(parts: list[str]) -> str | None:
    """Which read-back endpoint a path is (GET), or None."""
    n = len(parts)
    if n == 4 and parts[:2] == ["antrean", "pendaftaran"]:
        if parts[2] == "tanggal":
            return "pendaftaran-tanggal"
        if parts[2] == "kodebooking":
            return "pendaftaran-kodebooking"
    if n >= 6 and parts[:2] == ["dashboard", "waktutunggu"] and parts[-2] == "waktu":
        if n == 6 and parts[2] == "tanggal":
            return "waktutunggu-tanggal"
        if n == 8 and parts[2] == "bulan" and parts[4] == "tahun":
            return "waktutunggu-bulan"
    return None


def _html(status: int, title: str) -> _Answer:
    page = (
        f"<html><head><title>{status} {title}</title></head>"
        f"<body><h1>{status} {title}</h1><hr><center>nginx</center></body></html>"
    )
    return _Answer(status, raw=page.encode(), content_type="text/html")


class _Handler(BaseHTTPRequestHandler):
    sim: BpjsSimulator
    protocol_version = "HTTP/1.1"
    server_version = "BPJS-Sim/1"
    timeout = 120  # an idle keep-alive connection ends after this many seconds
    disable_nagle_algorithm = True  # headers and body are separate writes

    def setup(self) -> None:
        super().setup()
        self.connection_id = self.sim._register(self.connection)

    def finish(self) -> None:
        try:
            super().finish()
        finally:
            self.sim._unregister(self.connection_id)

    def log_message(self, format: str, *args: Any) -> None:
        log.debug("sim %s " + format, self.client_address, *args)

    def date_time_string(self, timestamp: float | None = None) -> str:
        return formatdate(self.sim.server_clock() if timestamp is None else timestamp, usegmt=True)

    def do_GET(self) -> None:
        self._handle("GET")

    def do_POST(self) -> None:
        self._handle("POST")

    def _handle(self, method: str) -> None:
        sim = self.sim
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length > 0 else b""
        try:
            body: Any = json.loads(raw) if raw else None
        except (json.JSONDecodeError, UnicodeDecodeError):
            body = raw.decode("utf-8", "replace")
        path = urlsplit(self.path).path
        prefix = sim.BASE_PATH + "/"
        endpoint = path[len(prefix) :] if path.startswith(prefix) else path.lstrip("/")
        headers = dict(self.headers.items())
        rec = RecordedRequest(
            method,
            path,
            endpoint,
            headers,
            body,
            raw,
            time.time(),
            self.client_address[1],
            self.connection_id,
        )
        sim._record(rec)
        fault = sim.faults.pick(endpoint)
        rec.fault = fault.kind if fault else None
        stamp = headers.get("X-timestamp") or ""

        if fault is not None and fault.kind not in PROCESSED_FIRST:
            self._transport_fault(fault, rec)
            return
        if fault is not None and fault.kind is FaultKind.LATENCY and sim._wait(fault.seconds):
            self.close_connection = True
            return

        answer = _html(404, "Not Found") if not path.startswith(prefix) else None
        answer = answer or sim._route_error(method, endpoint)
        if answer is None:
            problem = sim._auth_problem(headers)
            rec.auth_problem = problem
            if problem:
                answer = _Answer(AUTH_FAILURE_HTTP_STATUS, AUTH_FAILURE_CODE, AUTH_FAILURE_MESSAGE)
            else:
                answer = sim._route(endpoint, body)
        payload = answer.raw if answer.raw is not None else sim._envelope(answer, stamp, fault, rec)
        rec.http_status, rec.code, rec.message = answer.status, answer.code, answer.message or None
        if fault is not None and fault.kind is FaultKind.CUT_OFF:
            payload = payload[: max(1, len(payload) // 2)]
        if fault is not None and fault.kind is FaultKind.TRICKLE:
            self._trickle(answer.status, payload, answer.content_type, fault.seconds, rec)
            return
        if fault is not None and fault.kind is FaultKind.SHORT_READ:
            self._send(
                answer.status,
                payload[: len(payload) // 2],
                answer.content_type,
                length=len(payload),
            )
            self.close_connection = True
            return
        self._send(answer.status, payload, answer.content_type)

    def _transport_fault(self, fault: Fault, rec: RecordedRequest) -> None:
        kind = fault.kind
        if kind is FaultKind.DROP:
            self.close_connection = True
        elif kind is FaultKind.HANG:
            self.sim._wait(fault.seconds)
            self.close_connection = True
        elif kind is FaultKind.HTTP_5XX:
            answer = _html(fault.status or 502, "Bad Gateway")
            rec.http_status = answer.status
            self._send(answer.status, answer.raw or b"", answer.content_type)
        elif kind is FaultKind.AUTH_TEXT:
            rec.http_status, rec.message = fault.status or 200, AUTH_FAILURE_MESSAGE
            self._send(rec.http_status, AUTH_FAILURE_MESSAGE.encode(), "text/plain")
        elif kind is FaultKind.ANSWER:
            rec.http_status, rec.code, rec.message = fault.status or 200, fault.code, fault.message
            doc = {"metadata": {"code": fault.code, "message": fault.message}}
            self._send(rec.http_status, json.dumps(doc).encode(), "application/json")
        elif kind is FaultKind.HUGE:
            self._huge(fault.size, rec)
        elif kind is FaultKind.EMPTY:
            rec.http_status = fault.status or 200
            self._send(rec.http_status, b"", "application/json")

    def _trickle(
        self, status: int, payload: bytes, content_type: str, every: float, rec: RecordedRequest
    ) -> None:
        """The answer one byte at a time; ``rec.extra["trickled"]`` counts the bytes sent."""
        self.close_connection = True
        sent = 0
        rec.extra["length"] = len(payload)
        try:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            for i in range(len(payload)):
                if self.sim._wait(every):
                    break
                self.wfile.write(payload[i : i + 1])
                self.wfile.flush()
                sent += 1
        except OSError:
            pass  # the client gave up
        finally:
            rec.extra["trickled"] = sent

    def _huge(self, size: int, rec: RecordedRequest) -> None:
        """``size`` bytes of blanks with no Content-Length; ``rec.extra["sent"]`` counts them."""
        self.close_connection = True
        rec.http_status = 200
        sent = 0
        block = b" " * 65536
        try:
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Connection", "close")
            self.end_headers()
            while sent < size and not self.sim._stopping.is_set():
                part = block[: size - sent]
                self.wfile.write(part)
                sent += len(part)
        except OSError:
            pass  # the client stopped reading
        finally:
            rec.extra["sent"] = sent

    def _send(
        self, status: int, payload: bytes, content_type: str, length: int | None = None
    ) -> None:
        try:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(payload) if length is None else length))
            self.end_headers()
            self.wfile.write(payload)
            self.wfile.flush()
        except OSError:
            self.close_connection = True
