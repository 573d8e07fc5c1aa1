"""What a BPJS Antrean RS answer means for the program: one ordered table of rules.

BPJS failure codes are nearly always 201, so the message text decides. Rules match
case-insensitively on a substring/regex of the message (never exact equality), optionally
restricted to some BPJS codes or HTTP statuses. The first matching rule wins; nothing matching
means PERMANENT with BPJS's message kept verbatim by the caller. Pure: no I/O.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum


class Outcome(StrEnum):
    """What to do after a BPJS call."""

    SUCCESS = "SUCCESS"  # done, including the 208 "already there" answers
    TERMINAL = "TERMINAL"  # the booking is closed at BPJS ("TaskId terakhir N"); never retry
    NEEDS_PREDECESSOR = "NEEDS_PREDECESSOR"  # send ``missing_task`` (1 = antrean/add) first
    PERMANENT = "PERMANENT"  # the data must be fixed; retrying the same request cannot help
    AUTH = "AUTH"  # credentials, user_key or the PC clock are wrong
    RETRYABLE = "RETRYABLE"  # network, timeout, gateway trouble; retry with backoff


@dataclass(frozen=True)
class Classification:
    outcome: Outcome
    missing_task: int | None = None
    rule: str = ""  # name of the rule that matched, for logs and tests


StatusTest = Callable[[int | None], bool]


@dataclass(frozen=True)
class Rule:
    """One row: every given condition must hold. ``missing`` is a group index or a constant."""

    name: str
    outcome: Outcome
    pattern: str | None = None  # regex searched case-insensitively in the message
    codes: frozenset[int] | None = None  # BPJS metadata codes; None = any (also no code)
    http: StatusTest | None = None  # test on the HTTP status (None = transport failure)
    needs_code: bool | None = None  # True: only with an envelope; False: only without
    missing_group: int | None = None  # regex group holding the missing task id
    missing_task: int | None = None  # or a fixed missing task id

    def matches(self, http_status: int | None, code: int | None, message: str) -> re.Match | bool:
        if self.needs_code is not None and (code is not None) != self.needs_code:
            return False
        if self.codes is not None and code not in self.codes:
            return False
        if self.http is not None and not self.http(http_status):
            return False
        if self.pattern is None:
            return True
        return re.search(self.pattern, message, re.IGNORECASE) or False


def _auth_status(status: int | None) -> bool:
    return status in (401, 403)


def _server_trouble(status: int | None) -> bool:
    return status is None or status >= 500 or status in (408, 429)


#: The table. Order matters: the first match wins.
RULES: tuple[Rule, ...] = (
    Rule("auth-http", Outcome.AUTH, http=_auth_status),
    Rule("auth-message", Outcome.AUTH, pattern=r"authentication\s+failed"),
    Rule("gateway", Outcome.RETRYABLE, http=_server_trouble),
    Rule("no-envelope", Outcome.RETRYABLE, needs_code=False),
    Rule("ok", Outcome.SUCCESS, codes=frozenset({200, 1})),
    Rule("duplicate-booking", Outcome.SUCCESS, pattern=r"duplikasi\s+kode\s*booking"),
    Rule("duplicate-task", Outcome.SUCCESS, pattern=r"task\s*id\s*=?\s*\d+\s+sudah\s+ada"),
    Rule("closed", Outcome.TERMINAL, pattern=r"task\s*id\s+terakhir"),
    # antrean/batal on a booking cancelled before (e.g. our own earlier try whose answer was lost)
    Rule("already-cancelled", Outcome.TERMINAL, pattern=r"sudah\s+dibatalkan"),
    Rule(
        "predecessor-missing",
        Outcome.NEEDS_PREDECESSOR,
        pattern=r"task\s*id\s*=\s*(\d+)\s+belum\s+ada",
        missing_group=1,
    ),
    # "TaskId=N tidak valid / TaskId sebelumnya belum terkirim": N is the task sent; its
    # predecessor (N-1 in BPJS's flow) is what is missing. Without N the task is unknown.
    Rule(
        "predecessor-not-sent",
        Outcome.NEEDS_PREDECESSOR,
        pattern=r"(?:task\s*id\s*=\s*(\d+)\b.*)?task\s*id\s+sebelumnya\s+belum\s+terkirim",
        missing_group=1,
    ),
    Rule(
        "booking-missing",
        Outcome.NEEDS_PREDECESSOR,
        pattern=r"kode\s*booking\s+tidak\s+ditemukan",
        missing_task=1,
    ),
    Rule("time-not-increasing", Outcome.PERMANENT, pattern=r"tidak\s+boleh\s+kurang\s+atau\s+sama"),
    Rule("time-not-on-service-date", Outcome.PERMANENT, pattern=r"waktu\s+tidak\s+valid"),
    Rule("too-late", Outcome.PERMANENT, pattern=r"maksimal\s+h\s*\+\s*7"),
    Rule("bad-referral", Outcome.PERMANENT, pattern=r"rujukan\s+tidak\s+valid"),
    Rule("unknown-doctor", Outcome.PERMANENT, pattern=r"data\s+dokter\s+tidak\s+ditemukan"),
)

_FALLBACK = Classification(Outcome.PERMANENT, None, "unknown-answer")


def _missing(rule: Rule, match: re.Match | bool) -> int | None:
    if rule.missing_task is not None:
        return rule.missing_task
    if rule.missing_group is None or not isinstance(match, re.Match):
        return None
    value = match.group(rule.missing_group)
    if value is None:
        return None
    task = int(value)
    # "TaskId=N ... sebelumnya belum terkirim" names the task sent, not the missing one.
    return task - 1 if rule.name == "predecessor-not-sent" and task > 1 else task


def classify(http_status: int | None, code: int | None, message: str | None) -> Classification:
    """Classify one answer.

    ``http_status`` is None when no HTTP answer arrived (timeout, reset); ``code`` is None when
    the body had no BPJS envelope (HTML, empty, cut-off, plain text). ``message`` is BPJS's
    message or the client's description of what went wrong.
    """
    text = message or ""
    for rule in RULES:
        match = rule.matches(http_status, code, text)
        if match:
            return Classification(rule.outcome, _missing(rule, match), rule.name)
    return _FALLBACK
