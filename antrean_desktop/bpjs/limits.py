"""Bounds on one BPJS call: a total deadline (connect plus the whole answer) and a size cap.

``requests`` applies its read timeout to each read, so an answer that trickles in a byte at a
time never times out, and ``response.content`` reads any size. Here the answer is streamed: before
every read the socket gets the time left until the deadline, and reading stops at the cap.
"""

from __future__ import annotations

import socket
import time
from typing import Any

import requests
from urllib3.util import Timeout

from antrean_desktop.domain.reasons import Reason

#: default answer cap; BPJS's biggest answers (reference lists) are a few hundred kB
MAX_ANSWER_BYTES = 4 * 1024 * 1024
_CHUNK = 16 * 1024


class LimitExceeded(Exception):
    """The call hit its deadline or the answer its size cap; ``reason`` says which."""

    def __init__(self, reason: Reason, message: str) -> None:
        super().__init__(message)
        self.reason = reason
        self.message = message


def deadline_exceeded(seconds: float) -> LimitExceeded:
    return LimitExceeded(
        Reason("BPJS_DEADLINE", {"seconds": f"{seconds:g}"}),
        f"no complete answer within {seconds:g}s (deadline of one call)",
    )


def answer_too_big(limit: int) -> LimitExceeded:
    return LimitExceeded(
        Reason("BPJS_ANSWER_TOO_BIG", {"limit": limit}),
        f"answer larger than {limit} bytes, not read",
    )


def call_timeout(connect: float, read: float, deadline: float) -> Timeout:
    """Timeouts for connecting and for the answer's head, all within the deadline."""
    return Timeout(total=deadline, connect=min(connect, deadline), read=min(read, deadline))


def _socket(response: requests.Response) -> socket.socket | None:
    connection: Any = getattr(response.raw, "connection", None)
    sock = getattr(connection, "sock", None)
    return sock if isinstance(sock, socket.socket) else None


def read_body(response: requests.Response, deadline: float, max_bytes: int) -> bytes:
    """The whole answer body, read by ``deadline`` (a ``time.monotonic()`` value).

    Raises :class:`LimitExceeded` on the cap; on the deadline the socket read times out (the
    caller tells that apart by the clock).
    """
    declared = response.headers.get("Content-Length", "")
    if declared.isdigit() and int(declared) > max_bytes:
        raise answer_too_big(max_bytes)
    sock = _socket(response)
    chunks: list[bytes] = []
    size = 0
    while True:
        left = deadline - time.monotonic()
        if left <= 0:
            raise TimeoutError("deadline passed")
        if sock is not None:
            sock.settimeout(left)
        chunk = response.raw.read1(_CHUNK, decode_content=True)
        if not chunk:
            return b"".join(chunks)
        size += len(chunk)
        if size > max_bytes:
            raise answer_too_big(max_bytes)
        chunks.append(chunk)
