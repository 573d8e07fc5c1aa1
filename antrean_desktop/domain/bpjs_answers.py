"""What a BPJS Antrean RS answer means for the program: one ordered table of rules.

BPJS failure codes are nearly always 201, so the message text decides. Rules match
case-insensitively on a substring/regex of the message (never exact equality), optionally
restricted to some BPJS codes, an endpoint, the task that was sent, or HTTP statuses. The first
matching rule wins; nothing matching means PERMANENT with BPJS's message kept verbatim by the
caller. Pure: no I/O.

Order: when the body is a valid BPJS envelope, its code and message decide first; the HTTP status
(401/403, 5xx, 408/429, no answer) decides only when no envelope rule matched, and a body without
an envelope (HTML, empty, cut-off) is gateway trouble.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum

from antrean_desktop.domain.tasks import TASK_ORDER


class Outcome(StrEnum):
    """What to do after a BPJS call."""

    SUCCESS = "SUCCESS"  # done, including the 208 "already there" answers
    TERMINAL = "TERMINAL"  # the booking is closed at BPJS ("TaskId terakhir N"); never retry
    NEEDS_PREDECESSOR = "NEEDS_PREDECESSOR"  # send ``missing_task`` (1 = antrean/add) first
    PERMANENT = "PERMANENT"  # the data must be fixed; retrying the same request cannot help
    AUTH = "AUTH"  # credentials, user_key or the PC clock are wrong
    RETRYABLE = "RETRYABLE"  # network, timeout, gateway trouble; retry with backoff


ADD = "antrean/add"
UPDATE_WAKTU = "antrean/updatewaktu"
#: clinic-flow order of the tasks this program reports with updatewaktu (99 stands apart)
FLOW = TASK_ORDER


@dataclass(frozen=True)
class Classification:
    outcome: Outcome
    missing_task: int | None = None
    rule: str = ""  # name of the rule that matched, for logs and tests


StatusTest = Callable[[int | None], bool]
#: (task sent or None, the task id N named in the message) -> does the rule hold?
TaskTest = Callable[[int | None, int], bool]


@dataclass(frozen=True)
class Rule:
    """One row: every given condition must hold. ``missing`` is a group index or a constant."""

    name: str
    outcome: Outcome
    pattern: str | None = None  # regex searched case-insensitively in the message
    codes: frozenset[int] | None = None  # BPJS metadata codes; None = any (also no code)
    http: StatusTest | None = None  # test on the HTTP status (None = transport failure)
    needs_code: bool | None = None  # True: only with an envelope; False: only without
    endpoint: str | None = None  # only for answers to this endpoint
    task_test: TaskTest | None = None  # test on the task sent and N (regex group 1)
    missing_group: int | None = None  # regex group holding the missing task id
    missing_task: int | None = None  # or a fixed missing task id

    def matches(
        self,
        http_status: int | None,
        code: int | None,
        message: str,
        endpoint: str | None,
        task: int | None,
    ) -> re.Match | bool:
        if self.needs_code is not None and (code is not None) != self.needs_code:
            return False
        if self.codes is not None and code not in self.codes:
            return False
        if self.endpoint is not None and endpoint != self.endpoint:
            return False
        if self.http is not None and not self.http(http_status):
            return False
        if self.pattern is None:
            return True
        match = re.search(self.pattern, message, re.IGNORECASE)
        if match is None:
            return False
        if self.task_test is not None and not self.task_test(task, int(match.group(1))):
            return False
        return match


def _auth_status(status: int | None) -> bool:
    return status in (401, 403)


def _server_trouble(status: int | None) -> bool:
    return status is None or status >= 500 or status in (408, 429)


def _same_task(sent: int | None, named: int) -> bool:
    """ "TaskId=N sudah ada" is our task already recorded only when N is the task sent."""
    return sent is None or sent == named


def _recorded_with(sent: int | None, last: int) -> bool:
    """ "TaskId terakhir N": BPJS closed the booking at N. The task sent is already recorded
    when N is that task or a later one in the flow (BPJS refuses a task whose predecessor is
    missing, so a recorded N implies every earlier one). 99 is later only than itself: a booking
    cancelled before the task sent does not hold it."""
    if sent is None:
        return False
    if sent == 99 or last == 99:
        return sent == last
    return sent in FLOW and last in FLOW and last >= sent


def _envelope(name: str, outcome: Outcome, pattern: str | None = None, **kw: object) -> Rule:
    return Rule(name, outcome, pattern, needs_code=True, **kw)  # type: ignore[arg-type]


#: The table. Order matters: the first match wins.
RULES: tuple[Rule, ...] = (
    Rule("auth-message", Outcome.AUTH, pattern=r"authentication\s+failed"),
    _envelope("ok", Outcome.SUCCESS, codes=frozenset({200, 1})),
    # reading back (pendaftaran, getlisttask, dashboard): an empty answer may come as code 204
    _envelope("empty", Outcome.SUCCESS, codes=frozenset({204})),
    _envelope("duplicate-booking", Outcome.SUCCESS, r"duplikasi\s+kode\s*booking"),
    _envelope(
        "duplicate-task",
        Outcome.SUCCESS,
        r"task\s*id\s*=?\s*(\d+)\s+sudah\s+ada",
        task_test=_same_task,
    ),
    # the answer to a re-send whose first answer was lost: BPJS has this task and closed after it
    _envelope(
        "closed-after-this-task",
        Outcome.SUCCESS,
        r"task\s*id\s+terakhir\s*(\d+)",
        task_test=_recorded_with,
    ),
    _envelope("closed", Outcome.TERMINAL, r"task\s*id\s+terakhir"),
    # antrean/batal on a booking cancelled before (e.g. our own earlier try whose answer was lost)
    _envelope("already-cancelled", Outcome.TERMINAL, r"sudah\s+dibatalkan"),
    _envelope(
        "predecessor-missing",
        Outcome.NEEDS_PREDECESSOR,
        r"task\s*id\s*=\s*(\d+)\s+(?:belum|tidak)\s+ada",
        missing_group=1,
    ),
    # "TaskId=N tidak valid / TaskId sebelumnya belum terkirim": N is the task sent; the missing
    # one is guessed from this program's flow (see ``_predecessor``).
    _envelope(
        "predecessor-not-sent",
        Outcome.NEEDS_PREDECESSOR,
        r"(?:task\s*id\s*=\s*(\d+)\b.*)?task\s*id\s+sebelumnya\s+belum\s+terkirim",
        missing_group=1,
    ),
    _envelope(
        "booking-missing",
        Outcome.NEEDS_PREDECESSOR,
        r"kode\s*booking\s+tidak\s+ditemukan",
        missing_task=1,
    ),
    # antrean/add answers 208 only for a booking that exists, whatever the wording
    _envelope("add-208", Outcome.SUCCESS, codes=frozenset({208}), endpoint=ADD),
    _envelope("time-not-increasing", Outcome.PERMANENT, r"tidak\s+boleh\s+kurang\s+atau\s+sama"),
    _envelope("time-not-on-service-date", Outcome.PERMANENT, r"waktu\s+tidak\s+valid"),
    _envelope("too-late", Outcome.PERMANENT, r"maksimal\s+h\s*\+\s*7"),
    _envelope("bad-referral", Outcome.PERMANENT, r"rujukan\s+tidak\s+valid"),
    _envelope("unknown-doctor", Outcome.PERMANENT, r"data\s+dokter\s+tidak\s+ditemukan"),
    # the booking's jampraktek is not one of the doctor's sessions in HFIS, or HFIS has none
    _envelope("schedule-mismatch", Outcome.PERMANENT, r"jam\s+praktek.*tidak\s+sesuai"),
    _envelope(
        "no-schedule-at-bpjs", Outcome.PERMANENT, r"jadwal\s+dokter\s+tersebut\s+belum\s+tersedia"
    ),
    # no envelope rule matched: the HTTP status decides
    Rule("auth-http", Outcome.AUTH, http=_auth_status),
    Rule("gateway", Outcome.RETRYABLE, http=_server_trouble),
    Rule("no-envelope", Outcome.RETRYABLE, needs_code=False),
)

_FALLBACK = Classification(Outcome.PERMANENT, None, "unknown-answer")


def _predecessor(sent: int | None) -> int | None:
    """The task this program sends before ``sent`` (4..7: the one before it). For 3 and 99 the
    predecessor BPJS means is one this program never reports (tasks 1-2 of the admission), so it
    is unknown (None): the caller falls back to the booking."""
    if sent in FLOW and sent != FLOW[0]:
        return FLOW[FLOW.index(sent) - 1]
    return None


def _missing(rule: Rule, match: re.Match | bool, task: int | None) -> int | None:
    if rule.missing_task is not None:
        return rule.missing_task
    if rule.missing_group is None or not isinstance(match, re.Match):
        return None
    value = match.group(rule.missing_group)
    if rule.name == "predecessor-not-sent":
        # the message names the task sent (or nothing); what is missing is a guess
        return _predecessor(int(value) if value is not None else task)
    return int(value) if value is not None else None


def classify(
    http_status: int | None,
    code: int | None,
    message: str | None,
    *,
    endpoint: str | None = None,
    task: int | None = None,
) -> Classification:
    """Classify one answer.

    ``http_status`` is None when no HTTP answer arrived (timeout, reset); ``code`` is None when
    the body had no BPJS envelope (HTML, empty, cut-off, plain text). ``message`` is BPJS's
    message or the client's description of what went wrong. ``endpoint`` ("antrean/add", ...)
    and ``task`` (the ``taskid`` sent with updatewaktu) let the rules that depend on them decide.
    """
    text = message or ""
    for rule in RULES:
        match = rule.matches(http_status, code, text, endpoint, task)
        if match:
            return Classification(rule.outcome, _missing(rule, match, task), rule.name)
    return _FALLBACK
