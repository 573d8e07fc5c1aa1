"""The pure retry decision (domain/retry.py): what the worker does after each answer."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from antrean_desktop.domain.bpjs_answers import Outcome
from antrean_desktop.domain.retry import (
    LAST_TRY_MARGIN_SECONDS,
    Action,
    Answer,
    RetryPolicy,
    backoff_seconds,
    decide,
)
from antrean_desktop.domain.task_states import send_window_end, too_old_to_send

POLICY = RetryPolicy(max_attempts=3, backoff_seconds=10, max_backoff_seconds=25)


def _decide(outcome, attempts=0, *, message="m", code=201, missing=None, task=3, **kw):
    return decide(
        Answer(outcome, message, code, 200, missing), attempts, POLICY, task_id=task, **kw
    )


def test_success_counts_the_attempt():
    d = _decide(Outcome.SUCCESS, 1, code=200)
    assert (d.action, d.attempts, d.reason) == (Action.DONE, 2, None)


def test_an_unreadable_answer_backs_off_exponentially_then_fails_at_max_attempts():
    """An HTML or garbled 200 came from BPJS's side: repeating it ``max_attempts`` times is
    enough (``max_attempts`` counts only these)."""
    first = _decide(Outcome.RETRYABLE, 0, message="timeout", jitter=1.1)
    assert (first.action, first.attempts, first.delay_seconds) == (Action.RETRY, 1, 11.0)
    assert first.reason.to_json() == {"code": "TEXT", "params": {"text": "timeout"}}
    second = _decide(Outcome.RETRYABLE, 1)
    assert (second.action, second.delay_seconds) == (Action.RETRY, 20.0)
    last = _decide(Outcome.RETRYABLE, 2, message="HTTP 503")
    assert (last.action, last.attempts) == (Action.FAIL, 3)
    assert last.reason.code == "BPJS_UNREADABLE" and last.reason.params["attempts"] == 3


SERVICE_DAY_END = datetime(2026, 12, 5, 17, 0)  # naive UTC: midnight WIB after H+7 of 28 Nov


@pytest.mark.parametrize("http_status", [None, 500, 502, 503, 504])
def test_network_trouble_and_5xx_retry_until_the_send_window_closes(http_status):
    """Point 4 of issue 22: however many tries, a call that never got BPJS's answer is retried
    while BPJS still takes the task; the last try comes before the window closes."""
    answer = Answer(Outcome.RETRYABLE, "HTTP 502", None, http_status)
    now = SERVICE_DAY_END - timedelta(days=7, hours=10)
    for attempts in range(0, 400, 7):
        d = decide(answer, attempts, POLICY, task_id=3, now=now, send_until=SERVICE_DAY_END)
        assert d.action is Action.RETRY and d.attempts == attempts + 1
    near = SERVICE_DAY_END - timedelta(seconds=70)
    d = decide(answer, 50, POLICY, task_id=3, now=near, send_until=SERVICE_DAY_END)
    assert d.action is Action.RETRY and d.delay_seconds == pytest.approx(10.0)
    late = SERVICE_DAY_END - timedelta(seconds=LAST_TRY_MARGIN_SECONDS)
    d = decide(answer, 50, POLICY, task_id=3, now=late, send_until=SERVICE_DAY_END)
    assert (d.action, d.attempts) == (Action.FAIL, 51)
    assert d.reason.code == "BPJS_UNREACHABLE" and d.reason.params["attempts"] == 51


def test_the_send_window_ends_at_the_hospitals_midnight_after_h_plus_7():
    wib, wit = ZoneInfo("Asia/Jakarta"), ZoneInfo("Asia/Jayapura")
    assert send_window_end(date(2026, 11, 28), wib) == SERVICE_DAY_END
    assert send_window_end(date(2026, 11, 28), wit) == datetime(2026, 12, 5, 15, 0)
    last_day = date(2026, 11, 28) + timedelta(days=7)
    assert not too_old_to_send(date(2026, 11, 28), last_day)
    assert too_old_to_send(date(2026, 11, 28), last_day + timedelta(days=1))


def test_backoff_is_capped():
    assert backoff_seconds(10, POLICY, 1.2) == 25


def test_auth_pauses_without_spending_an_attempt():
    d = _decide(Outcome.AUTH, 2, message="Authentication failed")
    assert (d.action, d.attempts, d.reason.code) == (Action.PAUSE_AUTH, 2, "BPJS_AUTH")


@pytest.mark.parametrize(
    ("outcome", "code"), [(Outcome.PERMANENT, "BPJS_REJECTED"), (Outcome.TERMINAL, "BPJS_CLOSED")]
)
def test_permanent_and_terminal_fail_at_once(outcome, code):
    d = _decide(outcome, 0, message="ditolak", code=201)
    assert (d.action, d.attempts) == (Action.FAIL, 1)
    assert d.reason.to_json() == {"code": code, "params": {"code": "201", "message": "ditolak"}}


def test_no_envelope_names_the_http_status():
    d = decide(Answer(Outcome.PERMANENT, "x", None, 418), 0, POLICY, task_id=3)
    assert d.reason.params["code"] == "HTTP 418"


def test_missing_predecessor_is_sent_first_once_then_fails():
    d = _decide(Outcome.NEEDS_PREDECESSOR, 0, missing=1)
    assert (d.action, d.missing_task) == (Action.SEND_PREDECESSOR, 1)
    assert d.reason.params == {"missing": 1, "message": "m", "requeued": True}
    again = _decide(Outcome.NEEDS_PREDECESSOR, 1, missing=1, predecessor_requeued=True)
    assert again.action is Action.FAIL and "requeued" not in again.reason.params
    itself = _decide(Outcome.NEEDS_PREDECESSOR, 0, missing=1, task=1)
    assert itself.action is Action.FAIL, "a booking cannot wait behind itself"
    unknown = _decide(Outcome.NEEDS_PREDECESSOR, 0, missing=None)
    assert unknown.missing_task == 1, "an unnamed predecessor is the booking"
