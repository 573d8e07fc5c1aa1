"""What a connection test ("Uji koneksi", ``pipeline.checks``) means, for the desk: a reason
code rendered in the user's language, never an exception's name or a driver's message.

The technical text (driver error, BPJS's answer) goes to the log and the message's tooltip.
"""

from __future__ import annotations

import re

from antrean_desktop.domain.reasons import Reason

#: MySQL/MariaDB client error numbers as they appear in the driver's message, e.g. "(2003, ..."
_KHANZA_CODES = {
    "2002": "TEST_KHANZA_UNREACHABLE",  # no socket
    "2003": "TEST_KHANZA_UNREACHABLE",  # cannot connect (refused, timed out)
    "2005": "TEST_KHANZA_UNREACHABLE",  # unknown host
    "2013": "TEST_KHANZA_UNREACHABLE",  # lost connection while connecting
    "1045": "TEST_KHANZA_LOGIN",  # access denied (user/password)
    "1044": "TEST_KHANZA_LOGIN",  # access denied to the database
    "1049": "TEST_KHANZA_NO_DATABASE",  # unknown database
}
_NETWORK_WORDS = (
    "timed out",
    "timeout",
    "refused",
    "unreachable",
    "name or service",
    "getaddrinfo",
    "connection",
)


def khanza_reason(detail: str) -> Reason:
    """A failed Khanza test, from the reader's or the driver's error text."""
    match = re.search(r"\((\d{4}),", detail)
    if match and match.group(1) in _KHANZA_CODES:
        return Reason(_KHANZA_CODES[match.group(1)])
    if any(word in detail.lower() for word in _NETWORK_WORDS[:-1]):
        return Reason("TEST_KHANZA_UNREACHABLE")
    return Reason("TEST_KHANZA_FAILED")


def bpjs_reason(detail: str) -> Reason:
    """A failed BPJS test, from ``base_url: OUTCOME: message`` (or a broken test's text)."""
    if re.search(r"\] [\w, ]+ not set", detail):
        return Reason("TEST_BPJS_MISSING")
    match = re.search(r"\b(TERMINAL|NEEDS_PREDECESSOR|PERMANENT|AUTH|RETRYABLE)\b", detail)
    outcome = match.group(1) if match else ""
    if outcome == "AUTH" or "authentication failed" in detail.lower():
        return Reason("TEST_BPJS_AUTH")
    if outcome == "RETRYABLE" or any(word in detail.lower() for word in _NETWORK_WORDS):
        return Reason("TEST_BPJS_UNREACHABLE")
    return Reason("TEST_BPJS_FAILED")


def check_reason(name: str, ok: bool, detail: str) -> Reason:
    """The desk's words for one result of ``pipeline.checks`` (``name``: Khanza, BPJS, clock)."""
    part = name.lower()
    if part == "khanza":
        return Reason("TEST_KHANZA_OK") if ok else khanza_reason(detail)
    if part == "bpjs":
        return Reason("TEST_BPJS_OK") if ok else bpjs_reason(detail)
    if part == "clock":
        return Reason("TEST_CLOCK_OK" if ok else "TEST_CLOCK_OFF")
    return Reason("TEXT", {"text": detail})
