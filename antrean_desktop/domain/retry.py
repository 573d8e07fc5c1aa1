"""What the worker does with a job after BPJS answered: one pure decision per answer.

:mod:`domain.bpjs_answers` says what an answer *means* (its :class:`Outcome`); :func:`decide`
says what to *do* about it, given how many times the job was tried and the retry policy. No I/O:
the caller passes the jitter and the time, so the same inputs always give the same decision.

Network trouble, timeouts and 5xx (the call never got BPJS's own answer) are retried with
back-off until BPJS's send window for the visit closes (H+7, :func:`send_window_end`): a short
outage is never a person's work. ``max_attempts`` bounds only answers that did come from BPJS's
side but could not be read (an HTML or garbled 200), which repeating rarely cures.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from antrean_desktop.domain.bpjs_answers import Outcome
from antrean_desktop.domain.reasons import Reason

#: the longest wait between two tries of one job
MAX_BACKOFF_SECONDS = 3600.0
#: the last try of a job whose BPJS could not be reached is at least this long before its send
#: window closes (a try at the very end would only get "maksimal H+7")
LAST_TRY_MARGIN_SECONDS = 60.0


class Action(StrEnum):
    DONE = "DONE"  # sent: job DONE, task SENT_BPJS
    RETRY = "RETRY"  # job PENDING again after ``delay_seconds``; the attempt counts
    FAIL = "FAIL"  # job FAILED, task FAILED_BPJS with ``reason``; a person must act
    PAUSE_AUTH = "PAUSE_AUTH"  # credentials refused: job PENDING, no attempt spent, sending paused
    PAUSE_OUTAGE = "PAUSE_OUTAGE"  # BPJS unreachable for everyone: job PENDING, no attempt spent
    SEND_PREDECESSOR = "SEND_PREDECESSOR"  # re-queue ``missing_task`` and wait behind it


@dataclass(frozen=True)
class RetryPolicy:
    max_attempts: int
    backoff_seconds: float
    max_backoff_seconds: float = MAX_BACKOFF_SECONDS


@dataclass(frozen=True)
class Answer:
    """The parts of a BPJS answer the decision needs (plain values, no client objects)."""

    outcome: Outcome
    message: str = ""
    code: int | None = None
    http_status: int | None = None
    missing_task: int | None = None
    reason: Reason | None = None  # the program's own reason for a failed call (deadline, cap)

    @property
    def reached_bpjs(self) -> bool:
        """False for a network error, a timeout or a 5xx: the call never got BPJS's own answer
        (what an outage is made of). An HTML or garbled 200 still counts as BPJS answering."""
        if self.outcome is not Outcome.RETRYABLE:
            return True
        return self.http_status is not None and self.http_status < 500

    @property
    def code_text(self) -> str:
        return f"{self.code}" if self.code is not None else f"HTTP {self.http_status}"


@dataclass(frozen=True)
class Decision:
    action: Action
    attempts: int  # the job's attempt count to store
    reason: Reason | None = None
    delay_seconds: float = 0.0
    missing_task: int | None = None


def backoff_seconds(attempts: int, policy: RetryPolicy, jitter: float = 1.0) -> float:
    """Exponential backoff: base x 2^(attempts-1) x jitter (the caller draws it from [0.8, 1.2])."""
    base = policy.backoff_seconds * (2 ** max(0, attempts - 1))
    return min(policy.max_backoff_seconds, base * jitter)


def decide(
    answer: Answer,
    attempts: int,
    policy: RetryPolicy,
    *,
    task_id: int,
    predecessor_requeued: bool = False,
    jitter: float = 1.0,
    outage: bool = False,
    now: datetime | None = None,
    send_until: datetime | None = None,
) -> Decision:
    """What to do after ``answer`` to a job tried ``attempts`` times before this call.

    ``now`` and ``send_until`` (the same clock, e.g. naive UTC): when BPJS stops taking the
    visit's tasks. A call that did not reach BPJS is retried until then (no deadline given:
    retried on); an unreadable answer from BPJS's side ``max_attempts`` times.

    ``predecessor_requeued`` says the job already waited once behind a re-queued predecessor:
    a second "predecessor missing" then fails instead of looping. ``outage`` says the service
    core judged BPJS unreachable for everyone (:class:`~antrean_desktop.domain.service_core.
    SendGate`): a call that did not reach BPJS then spends no attempt.
    """
    tried = attempts + 1
    outcome = answer.outcome
    if outcome is Outcome.AUTH:
        reason = Reason("BPJS_AUTH", {"message": answer.message})
        return Decision(Action.PAUSE_AUTH, attempts, reason)
    if outage and not answer.reached_bpjs:
        return Decision(Action.PAUSE_OUTAGE, attempts, Reason("TEXT", {"text": answer.message}))
    if outcome is Outcome.SUCCESS:
        return Decision(Action.DONE, tried)
    if outcome is Outcome.RETRYABLE:
        delay = backoff_seconds(tried, policy, jitter)
        if answer.reached_bpjs:
            if tried >= policy.max_attempts:
                params = {"attempts": tried, "message": answer.message}
                return Decision(Action.FAIL, tried, Reason("BPJS_UNREADABLE", params))
        elif now is not None and send_until is not None:
            left = (send_until - now).total_seconds() - LAST_TRY_MARGIN_SECONDS
            if left <= 0:
                params = {"attempts": tried, "message": answer.message}
                return Decision(Action.FAIL, tried, Reason("BPJS_UNREACHABLE", params))
            delay = min(delay, left)
        reason = answer.reason or Reason("TEXT", {"text": answer.message})
        return Decision(Action.RETRY, tried, reason, delay)
    if outcome is Outcome.NEEDS_PREDECESSOR:
        missing = answer.missing_task or 1
        params = {"missing": missing, "message": answer.message}
        if missing != task_id and not predecessor_requeued:
            reason = Reason("PREDECESSOR_MISSING", {**params, "requeued": True})
            return Decision(Action.SEND_PREDECESSOR, tried, reason, missing_task=missing)
        return Decision(Action.FAIL, tried, Reason("PREDECESSOR_MISSING", params))
    code = "BPJS_CLOSED" if outcome is Outcome.TERMINAL else "BPJS_REJECTED"
    reason = Reason(code, {"code": answer.code_text, "message": answer.message})
    return Decision(Action.FAIL, tried, reason)
