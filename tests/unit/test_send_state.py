"""What is true now about sending, in both languages, from the outcome class and counts."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from antrean_desktop.domain.send_state import (
    SendFacts,
    SendState,
    banner_lines,
    count_gave_up,
    problem_level,
    send_state,
    status_text,
)

TZ = ZoneInfo("Asia/Jakarta")
AT = datetime(2026, 11, 28, 10, 32, tzinfo=TZ)
NEXT = datetime(2026, 11, 28, 10, 40, tzinfo=TZ)

RETRYING = SendFacts("RETRYABLE", 503, AT, waiting=143, retrying=143, next_retry_at=NEXT)
OUTAGE = SendFacts(
    "RETRYABLE", 503, AT, "OUTAGE", AT, NEXT, waiting=143, retrying=0, next_retry_at=None
)
AUTH = SendFacts("AUTH", 200, AT, "AUTH", AT, NEXT, waiting=12)
GAVE_UP = SendFacts("RETRYABLE", None, AT, waiting=0, retrying=0, gave_up=40)


@pytest.mark.parametrize(
    ("facts", "state", "level", "lines_id", "status_id"),
    [
        (SendFacts(), SendState.NOT_YET, "", (), "BPJS: belum ada kiriman"),
        (SendFacts("SUCCESS", 200, AT), SendState.SENDING, "", (), "BPJS: terhubung"),
        (
            RETRYING,
            SendState.RETRYING,
            "warning",
            (
                "BPJS gagal menjawab pada 10:32 (HTTP 503).",
                "143 task dicoba ulang otomatis; percobaan berikutnya 10:40. Tidak ada yang "
                "hilang.",
            ),
            "BPJS: dicoba lagi 10:40 (HTTP 503)",
        ),
        (
            OUTAGE,
            SendState.PAUSED_OUTAGE,
            "warning",
            (
                "BPJS tidak dapat dihubungi sejak 10:32 (HTTP 503); pengiriman dijeda.",
                "143 task menunggu; dicoba lagi 10:40. Tidak ada yang hilang.",
            ),
            "BPJS: dijeda (HTTP 503)",
        ),
        (
            AUTH,
            SendState.PAUSED_AUTH,
            "error",
            (
                "BPJS menolak autentikasi sejak 10:32; pengiriman dijeda.",
                "12 task menunggu; dicoba lagi 10:40. Periksa cons-id, secret key, user_key dan "
                "jam komputer di Pengaturan.",
            ),
            "BPJS: dijeda (autentikasi ditolak)",
        ),
        (
            GAVE_UP,
            SendState.GAVE_UP,
            "error",
            (
                "40 task gagal tanpa jawaban BPJS yang terbaca (tanpa jawaban): BPJS tidak dapat "
                "dihubungi sampai batas H+7, atau jawabannya berulang kali tidak terbaca.",
                "Bila BPJS sudah menjawab normal, pilih «Kirim ulang yang gagal» (dalam H+7).",
            ),
            "BPJS: 40 task gagal",
        ),
    ],
)
def test_state_words_and_banner(facts, state, level, lines_id, status_id):
    assert send_state(facts) is state
    assert problem_level(facts) == level
    assert banner_lines(facts, "id") == lines_id
    assert status_text(facts, "id") == status_id
    english = banner_lines(facts, "en")
    assert len(english) == len(lines_id) and english != lines_id or not lines_id
    assert status_text(facts, "en").startswith("BPJS: ")


def test_everything_failed_is_not_called_retrying():
    """The review's case: every booking already '✗ gagal', nothing will be retried."""
    facts = SendFacts("RETRYABLE", 503, AT, waiting=0, retrying=0, gave_up=40)
    assert send_state(facts) is SendState.GAVE_UP
    assert all("dicoba ulang" not in line for line in banner_lines(facts, "id"))


def test_given_up_tasks_still_wait_for_a_person_once_bpjs_answers():
    facts = SendFacts("SUCCESS", 200, AT, gave_up=3)
    assert send_state(facts) is SendState.GAVE_UP
    assert banner_lines(facts, "en")[0] == (
        "3 tasks failed without a readable BPJS answer: BPJS could not be reached until the H+7 "
        "limit, or its answers could not be read again and again."
    )


def test_no_line_tells_anyone_to_click_and_the_command_line_names_the_command():
    """Point 4 of issue 22: the command line's words name a command, never a click."""
    for facts in (RETRYING, OUTAGE, AUTH, GAVE_UP):
        for language in ("id", "en"):
            for cli in (False, True):
                text = " ".join(banner_lines(facts, language, cli=cli)).lower()
                assert "klik" not in text and "click" not in text
    assert "antrean-desktop resend --failed" in banner_lines(GAVE_UP, "id", cli=True)[1]
    assert "«Kirim ulang yang gagal»" in banner_lines(GAVE_UP, "id")[1]


@dataclass
class Visit:
    task_progress: dict[str, Any] = field(default_factory=dict)


def test_count_gave_up_counts_only_tasks_bpjs_never_got():
    unreachable = {"status": "FAILED_BPJS", "reason": {"code": "BPJS_UNREACHABLE"}}
    unreadable = {"status": "FAILED_BPJS", "reason": {"code": "BPJS_UNREADABLE"}}
    rejected = {"status": "FAILED_BPJS", "reason": {"code": "BPJS_REJECTED"}}
    visits = [Visit({"1": unreachable, "3": rejected}), Visit({"3": unreadable}), Visit()]
    assert count_gave_up(visits) == 2


def test_count_gave_up_reads_a_damaged_task_progress_as_nothing():
    visits = [Visit(True), Visit({"3": None}), Visit({"3": {"status": "FAILED_BPJS", "reason": 1}})]
    assert count_gave_up(visits) == 0


def test_bpjs_answering_but_refusing_everything_is_not_called_connected():
    """Issue 22 point 3: "BPJS: terhubung" in green while 21 bookings were refused."""
    refused = SendFacts("PERMANENT", 200, AT, recent=("PERMANENT", "PERMANENT", "PERMANENT"))
    assert send_state(refused) is SendState.REFUSING and problem_level(refused) == "error"
    assert status_text(refused, "id") == "BPJS: menolak kiriman"
    assert banner_lines(refused, "id")[0].startswith("BPJS menjawab, tetapi menolak 3 kiriman")
    for recent in (("PERMANENT", "SUCCESS", "PERMANENT"), ("PERMANENT", "PERMANENT")):
        facts = SendFacts("PERMANENT", 200, AT, recent=recent)
        assert send_state(facts) is SendState.SENDING, recent


def test_a_hold_by_the_operator_says_so_and_how_to_resume():
    held = SendFacts("SUCCESS", 200, AT, "HELD", AT, AT, waiting=7)
    assert send_state(held) is SendState.HELD and problem_level(held) == "warning"
    assert status_text(held) == "BPJS: dijeda operator"
    assert status_text(held, "en") == "BPJS: paused by the operator"
    assert banner_lines(held) == (
        "Pengiriman ke BPJS dijeda operator sejak 10:32; Khanza tetap dibaca.",
        "7 task menunggu; tidak ada yang hilang. Pilih «Lanjutkan pengiriman» di menu ikon baki "
        "untuk mengirim lagi.",
    )
    assert banner_lines(held, "en")[1].startswith("7 tasks waiting; nothing is lost.")
