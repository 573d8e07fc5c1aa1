"""Fault injection for the BPJS simulator: thread-safe, settable while the server runs.

``sim.faults.add("hang", count=1, path="antrean/updatewaktu", seconds=30)``. Rules are tried in
the order they were added; the first that fires handles the request. ``count`` limits how many
times a rule fires (None = forever); ``ratio`` makes it fire at random with a seeded RNG.

Faults that break the transport before BPJS is reached (drop, hang, http_5xx, auth_text, empty,
huge) leave the bookings untouched, and so does ``answer``: a canned BPJS envelope
(``sim.faults.add("answer", count=1, code=201, message="TaskId=4 tidak ada")``) for wordings
seen in the wild that the simulator's own rules do not produce. Faults that spoil the answer (latency, cut_off, short_read,
bad_base64, wrong_key, trickle) let the request be processed first, like a reply lost on the way back.
"""

from __future__ import annotations

import random
import threading
from dataclasses import dataclass
from enum import StrEnum


class FaultKind(StrEnum):
    LATENCY = "latency"  # wait ``seconds``, then answer normally
    HTTP_5XX = "http_5xx"  # an HTML error page with ``status`` (default 502)
    DROP = "drop"  # close the connection without an answer
    HANG = "hang"  # wait ``seconds`` (or until stop()), then close without an answer
    CUT_OFF = "cut_off"  # the JSON body cut in half (Content-Length matches the cut body)
    SHORT_READ = "short_read"  # Content-Length of the full body, half sent, connection closed
    AUTH_TEXT = "auth_text"  # plain-text "Authentication failed"
    EMPTY = "empty"  # HTTP 200 with an empty body
    BAD_BASE64 = "bad_base64"  # envelope fine, ``response`` is not base64
    WRONG_KEY = "wrong_key"  # ``response`` encrypted with another timestamp (bad padding/LZ)
    ANSWER = "answer"  # a BPJS envelope with ``status``, ``code`` and ``message`` (unprocessed)
    TRICKLE = "trickle"  # the normal answer, one byte every ``seconds`` (default 0.2)
    HUGE = "huge"  # a 200 answer of ``size`` bytes (default 200 MB), no Content-Length


PROCESSED_FIRST = frozenset(
    {
        FaultKind.LATENCY,
        FaultKind.CUT_OFF,
        FaultKind.SHORT_READ,
        FaultKind.BAD_BASE64,
        FaultKind.WRONG_KEY,
        FaultKind.TRICKLE,
    }
)


@dataclass
class Fault:
    kind: FaultKind
    count: int | None = None  # how many more times it may fire; None = unlimited
    ratio: float | None = None  # probability of firing per matching request
    path: str | None = None  # endpoint prefix, e.g. "antrean/updatewaktu"; None = all
    seconds: float = 30.0  # latency / hang duration
    status: int | None = None  # HTTP status for http_5xx / auth_text / answer
    code: int | None = None  # metadata code of an ``answer``
    message: str = ""  # metadata message of an ``answer``
    size: int = 200 * 1024 * 1024  # bytes of a ``huge`` answer
    fired: int = 0

    def applies_to(self, endpoint: str) -> bool:
        return self.path is None or endpoint.startswith(self.path.strip("/"))


class FaultInjector:
    def __init__(self, seed: int | None = 0) -> None:
        self._lock = threading.Lock()
        self._faults: list[Fault] = []
        self._rng = random.Random(seed)

    def add(
        self,
        kind: FaultKind | str,
        count: int | None = None,
        ratio: float | None = None,
        path: str | None = None,
        *,
        seconds: float | None = None,
        status: int | None = None,
        code: int | None = None,
        message: str = "",
        size: int | None = None,
    ) -> Fault:
        kind = FaultKind(kind)
        if count is not None and count < 1:
            raise ValueError("count must be at least 1 (or None for unlimited)")
        if ratio is not None and not 0.0 <= ratio <= 1.0:
            raise ValueError("ratio must be between 0 and 1")
        default_seconds = {FaultKind.LATENCY: 0.5, FaultKind.TRICKLE: 0.2}.get(kind, 30.0)
        fault = Fault(
            kind,
            count,
            ratio,
            path,
            default_seconds if seconds is None else seconds,
            status,
            code,
            message,
        )
        if size is not None:
            fault.size = size
        with self._lock:
            self._faults.append(fault)
        return fault

    def clear(self) -> None:
        with self._lock:
            self._faults.clear()

    def seed(self, seed: int) -> None:
        with self._lock:
            self._rng.seed(seed)

    @property
    def active(self) -> list[Fault]:
        with self._lock:
            return list(self._faults)

    def pick(self, endpoint: str) -> Fault | None:
        """The fault for this request, if any; counts it and drops rules that are used up."""
        with self._lock:
            for fault in self._faults:
                if not fault.applies_to(endpoint):
                    continue
                if fault.ratio is not None and self._rng.random() >= fault.ratio:
                    continue
                fault.fired += 1
                if fault.count is not None:
                    fault.count -= 1
                    if fault.count == 0:
                        self._faults.remove(fault)
                return fault
        return None
