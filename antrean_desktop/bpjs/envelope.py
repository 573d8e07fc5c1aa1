"""Reading the body of a BPJS answer into (code, message, response) without ever raising.

Accepts ``metadata`` (Antrean RS, int code) and ``metaData`` (VClaim style, string code).
Anything that is not such an envelope -- HTML, empty, cut-off JSON, plain text -- comes back with
``code=None`` and a message that says what arrived.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

_PREVIEW = 120
_TITLE = re.compile(r"<title[^>]*>(.*?)</title>", re.IGNORECASE | re.DOTALL)


@dataclass(frozen=True)
class Envelope:
    code: int | None  # None: no BPJS envelope in the body
    message: str
    response: Any = None  # the raw ``response`` member (often an encrypted string)
    has_response: bool = False


def _preview(text: str) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= _PREVIEW else flat[:_PREVIEW] + "..."


def _code(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.strip().removeprefix("-").isdecimal():
        return int(value.strip())
    return None


def parse_body(body: bytes, http_status: int) -> Envelope:
    text = body.decode("utf-8", "replace").strip()
    if not text:
        return Envelope(None, f"empty body (HTTP {http_status})")
    if text.startswith("<"):
        title = _TITLE.search(text)
        what = _preview(title.group(1)) if title else _preview(text)
        return Envelope(None, f"HTML page instead of JSON (HTTP {http_status}): {what}")
    try:
        obj = json.loads(text)
    except RecursionError:
        return Envelope(None, f"JSON nested too deep (HTTP {http_status}): {_preview(text)}")
    except json.JSONDecodeError:
        if not text.startswith(("{", "[")):
            # e.g. the plain-text "Authentication failed" of the gateway, kept verbatim
            return Envelope(None, _preview(text))
        return Envelope(None, f"cut-off or invalid JSON (HTTP {http_status}): {_preview(text)}")
    meta = None
    if isinstance(obj, dict):
        meta = obj.get("metadata", obj.get("metaData"))
    if not isinstance(meta, dict):
        return Envelope(None, f"JSON without metadata (HTTP {http_status}): {_preview(text)}")
    code = _code(meta.get("code"))
    message = meta.get("message")
    message = "" if message is None else str(message)
    if code is None:
        return Envelope(None, f"metadata without a numeric code (HTTP {http_status}): {message}")
    return Envelope(code, message, obj.get("response"), "response" in obj)
