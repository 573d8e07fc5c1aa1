"""What is true now about sending to BPJS, in the operator's words.

The window's banner and status bar and ``antrean-desktop status`` all say it with
:func:`banner_lines` and :func:`status_text`, built from the outcome class and counts only: BPJS's
own answer (an HTML error page, a long text, markup) never reaches these words; it stays in the
detail pane and the log. Words are (Bahasa Indonesia, English), chosen by the user's language.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any

#: outcome classes that prove BPJS answered (even when it refused the data)
REACHED = frozenset({"SUCCESS", "TERMINAL", "NEEDS_PREDECESSOR", "PERMANENT"})
#: this many calls in a row answered but none accepted: nothing goes through
REFUSED_IN_A_ROW = 3
#: reason codes of a task given up without BPJS's verdict: unreachable until the H+7 limit ran
#: out, or answers that could not be read ``max_attempts`` times
GAVE_UP_CODES = frozenset({"BPJS_UNREACHABLE", "BPJS_UNREADABLE"})


class SendState(StrEnum):
    NOT_YET = "not_yet"  # nothing sent yet
    SENDING = "sending"  # BPJS answers
    RETRYING = "retrying"  # the last call failed; tasks wait for their next attempt
    PAUSED_AUTH = "paused_auth"  # BPJS refuses our credentials: sending paused, probed
    PAUSED_OUTAGE = "paused_outage"  # BPJS cannot be reached: sending paused, probed
    HELD = "held"  # the operator paused sending (the tray's "Jeda pengiriman"); no probe
    GAVE_UP = "gave_up"  # tasks FAILED because BPJS could not be reached; not retried
    REFUSING = "refusing"  # BPJS answers, but refused every one of the last calls


@dataclass(frozen=True)
class SendFacts:
    """What the runtime (or ``status``) knows now; times are hospital-local."""

    last_outcome: str | None = None  # outcome class of the last BPJS call
    last_http_status: int | None = None
    last_at: datetime | None = None
    pause_kind: str | None = None  # "AUTH", "OUTAGE" or "HELD" while sending is paused
    pause_since: datetime | None = None
    next_probe_at: datetime | None = None
    waiting: int = 0  # jobs waiting to be sent
    retrying: int = 0  # of them: queued again after an error
    next_retry_at: datetime | None = None
    gave_up: int = 0  # tasks FAILED with one of GAVE_UP_CODES (the day shown)
    recent: tuple[str, ...] = ()  # outcome classes of the last calls, newest first
    last_task: int | None = None  # the task of the last call (1: the booking)


def count_gave_up(visits: Iterable[Any]) -> int:
    """Tasks of ``visits`` (with ``task_progress``) FAILED because BPJS could not be reached;
    a damaged ``task_progress`` (not an object) counts nothing."""
    count = 0
    for visit in visits:
        progress = visit.task_progress if isinstance(visit.task_progress, Mapping) else {}
        for entry in progress.values():
            if not isinstance(entry, Mapping) or entry.get("status") != "FAILED_BPJS":
                continue
            reason = entry.get("reason")
            count += isinstance(reason, Mapping) and reason.get("code") in GAVE_UP_CODES
    return count


def send_state(f: SendFacts) -> SendState:
    if f.pause_kind == "HELD":
        return SendState.HELD
    if f.pause_kind == "AUTH":
        return SendState.PAUSED_AUTH
    if f.pause_kind is not None:
        return SendState.PAUSED_OUTAGE
    if f.last_outcome is None:
        return SendState.NOT_YET
    if f.last_outcome not in REACHED and f.retrying:
        return SendState.RETRYING
    if f.gave_up:  # they wait for a person, whether or not BPJS answers again
        return SendState.GAVE_UP
    if refusing(f):
        return SendState.REFUSING
    return SendState.SENDING


def refusing(f: SendFacts) -> bool:
    """BPJS answered the last :data:`REFUSED_IN_A_ROW` calls or more and accepted none: the
    status bar must not say "terhubung" in green while nothing goes through."""
    last = f.recent[:REFUSED_IN_A_ROW]
    return len(last) == REFUSED_IN_A_ROW and all(o in REACHED and o != "SUCCESS" for o in last)


def _t(language: str, indonesian: str, english: str) -> str:
    return english if language == "en" else indonesian


def _hhmm(moment: datetime | None) -> str:
    return moment.strftime("%H:%M") if moment else "-"


def cause(f: SendFacts, language: str = "id") -> str:
    """Why the last call failed, as a class: " (HTTP 503)", " (tanpa jawaban)" for a network
    error or a timeout; "" when no call was made."""
    if f.last_outcome is None or f.last_outcome in REACHED:
        return ""
    if f.last_outcome == "AUTH":
        return _t(language, " (autentikasi ditolak)", " (authentication refused)")
    if f.last_http_status is not None and f.last_http_status >= 300:
        return f" (HTTP {f.last_http_status})"
    if f.last_http_status is None:
        return _t(language, " (tanpa jawaban)", " (no answer)")
    return _t(language, " (jawaban tidak terbaca)", " (unreadable answer)")


def status_text(f: SendFacts, language: str = "id") -> str:
    """The status bar's BPJS field."""
    state = send_state(f)
    return {
        SendState.NOT_YET: _t(language, "BPJS: belum ada kiriman", "BPJS: nothing sent yet"),
        SendState.SENDING: _t(language, "BPJS: terhubung", "BPJS: connected"),
        SendState.RETRYING: _t(
            language,
            f"BPJS: dicoba lagi {_hhmm(f.next_retry_at)}{cause(f, language)}",
            f"BPJS: next try {_hhmm(f.next_retry_at)}{cause(f, language)}",
        ),
        SendState.PAUSED_AUTH: _t(
            language, "BPJS: dijeda (autentikasi ditolak)", "BPJS: paused (authentication)"
        ),
        SendState.HELD: _t(language, "BPJS: dijeda operator", "BPJS: paused by the operator"),
        SendState.PAUSED_OUTAGE: _t(
            language,
            f"BPJS: dijeda{cause(f, language)}",
            f"BPJS: paused{cause(f, language)}",
        ),
        SendState.GAVE_UP: _t(
            language, f"BPJS: {f.gave_up} task gagal", f"BPJS: {f.gave_up} tasks failed"
        ),
        SendState.REFUSING: _t(language, "BPJS: menolak kiriman", "BPJS: refusing what is sent"),
    }[state]


def problem_level(f: SendFacts) -> str:
    """ "error" (the operator must act), "warning" (it resolves by itself) or "" (all well)."""
    state = send_state(f)
    if state in (SendState.PAUSED_AUTH, SendState.GAVE_UP, SendState.REFUSING):
        return "error"
    if state in (SendState.PAUSED_OUTAGE, SendState.RETRYING, SendState.HELD):
        return "warning"
    return ""


def banner_lines(f: SendFacts, language: str = "id", *, cli: bool = False) -> tuple[str, ...]:
    """Two lines saying what is true now and what happens next; () when all is well.

    ``cli``: the words for ``antrean-desktop status``, which names commands, not buttons."""
    state = send_state(f)
    why = cause(f, language)
    if state is SendState.HELD:
        return (
            _t(
                language,
                f"Pengiriman ke BPJS dijeda operator sejak {_hhmm(f.pause_since)}; "
                "Khanza tetap dibaca.",
                f"Sending to BPJS was paused by the operator at {_hhmm(f.pause_since)}; "
                "Khanza is still read.",
            ),
            _t(
                language,
                f"{f.waiting} task menunggu; tidak ada yang hilang. Pilih «Lanjutkan pengiriman» "
                "di menu ikon baki untuk mengirim lagi.",
                f"{f.waiting} tasks waiting; nothing is lost. Choose «Resume sending» in the tray "
                "icon's menu to send again.",
            ),
        )
    if state is SendState.PAUSED_OUTAGE:
        return (
            _t(
                language,
                f"BPJS tidak dapat dihubungi sejak {_hhmm(f.pause_since)}{why}; pengiriman dijeda.",
                f"BPJS cannot be reached since {_hhmm(f.pause_since)}{why}; sending is paused.",
            ),
            _t(
                language,
                f"{f.waiting} task menunggu; dicoba lagi {_hhmm(f.next_probe_at)}. "
                "Tidak ada yang hilang.",
                f"{f.waiting} tasks waiting; next try {_hhmm(f.next_probe_at)}. Nothing is lost.",
            ),
        )
    if state is SendState.PAUSED_AUTH:
        return (
            _t(
                language,
                f"BPJS menolak autentikasi sejak {_hhmm(f.pause_since)}; pengiriman dijeda.",
                f"BPJS has refused authentication since {_hhmm(f.pause_since)}; sending is paused.",
            ),
            _t(
                language,
                f"{f.waiting} task menunggu; dicoba lagi {_hhmm(f.next_probe_at)}. Periksa "
                "cons-id, secret key, user_key dan jam komputer di Pengaturan.",
                f"{f.waiting} tasks waiting; next try {_hhmm(f.next_probe_at)}. Check cons-id, "
                "secret key, user_key and the PC clock in Settings.",
            ),
        )
    if state is SendState.RETRYING:
        return (
            _t(
                language,
                f"BPJS gagal menjawab pada {_hhmm(f.last_at)}{why}.",
                f"BPJS failed to answer at {_hhmm(f.last_at)}{why}.",
            ),
            _t(
                language,
                f"{f.retrying} task dicoba ulang otomatis; percobaan berikutnya "
                f"{_hhmm(f.next_retry_at)}. Tidak ada yang hilang.",
                f"{f.retrying} tasks are retried by themselves; next attempt "
                f"{_hhmm(f.next_retry_at)}. Nothing is lost.",
            ),
        )
    if state is SendState.REFUSING:
        return (
            _t(
                language,
                f"BPJS menjawab, tetapi menolak {REFUSED_IN_A_ROW} kiriman terakhir berturut-turut.",
                f"BPJS answers, but refused the last {REFUSED_IN_A_ROW} sends in a row.",
            ),
            _t(
                language,
                "Alasannya ada di kolom «Masalah terakhir» dan di rincian kunjungan."
                if not cli
                else "Alasannya: antrean-desktop status.",
                "The reasons are in the «Last problem» column and the visit's detail."
                if not cli
                else "The reasons: antrean-desktop status.",
            ),
        )
    if state is SendState.GAVE_UP:
        if cli:
            hint = _t(
                language,
                "Bila BPJS sudah menjawab normal: antrean-desktop resend --failed (dalam H+7).",
                "Once BPJS answers normally: antrean-desktop resend --failed (within H+7).",
            )
        else:
            hint = _t(
                language,
                "Bila BPJS sudah menjawab normal, pilih «Kirim ulang yang gagal» (dalam H+7).",
                "Once BPJS answers normally, choose «Resend failed» (within H+7).",
            )
        return (
            _t(
                language,
                f"{f.gave_up} task gagal tanpa jawaban BPJS yang terbaca{why}: BPJS tidak dapat "
                "dihubungi sampai batas H+7, atau jawabannya berulang kali tidak terbaca.",
                f"{f.gave_up} tasks failed without a readable BPJS answer{why}: BPJS could not "
                "be reached until the H+7 limit, or its answers could not be read again and again.",
            ),
            hint,
        )
    return ()


def last_result_text(f: SendFacts, language: str = "id") -> str:
    """The last call in one plain line ("Terakhir: 12:19 task 4 terkirim", or its failure) for
    the tray's menu; from the outcome class only, never BPJS's own words."""
    if f.last_outcome is None:
        return _t(language, "Terakhir: belum ada kiriman", "Last: nothing sent yet")
    if f.last_task == 1:
        what = "booking"
    elif f.last_task is None:
        what = _t(language, "kiriman", "call")
    else:
        what = f"task {f.last_task}"
    if f.last_outcome == "SUCCESS":
        result = _t(language, "terkirim", "sent")
    elif f.last_outcome in REACHED:
        result = _t(language, "ditolak BPJS", "refused by BPJS")
    else:
        result = _t(language, "gagal", "failed") + cause(f, language)
    return _t(language, "Terakhir: {t} {w} {r}", "Last: {t} {w} {r}").format(
        t=_hhmm(f.last_at), w=what, r=result
    )
