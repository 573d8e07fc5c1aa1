"""Every row of the answer table, and the purity of the domain module."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from antrean_desktop.domain import bpjs_answers
from antrean_desktop.domain.bpjs_answers import RULES, Outcome, classify

S, T, N, P, A, R = (
    Outcome.SUCCESS,
    Outcome.TERMINAL,
    Outcome.NEEDS_PREDECESSOR,
    Outcome.PERMANENT,
    Outcome.AUTH,
    Outcome.RETRYABLE,
)

# (http_status, code, message, outcome, missing_task, rule)  -- no endpoint or task known
CASES = [
    (200, 200, "Ok", S, None, "ok"),
    (200, 200, "", S, None, "ok"),
    (200, 1, "OK", S, None, "ok"),
    (200, 204, "Data Tidak Ditemukan", S, None, "empty"),
    (200, 208, "Terdapat duplikasi Kode Booking", S, None, "duplicate-booking"),
    (200, 201, "terdapat DUPLIKASI kode booking!", S, None, "duplicate-booking"),
    (200, 208, "TaskId=3 sudah ada", S, None, "duplicate-task"),
    (200, 208, "taskid = 99 sudah ada", S, None, "duplicate-task"),
    (200, 201, "TaskId terakhir 99", T, None, "closed"),
    (200, 201, "TaskId terakhir 5", T, None, "closed"),
    (200, 201, "taskid terakhir 7", T, None, "closed"),
    (200, 201, "Antrean Tidak Ditemukan atau Sudah Dibatalkan", T, None, "already-cancelled"),
    (200, 201, "TaskId=3 belum ada", N, 3, "predecessor-missing"),
    (200, 201, "TaskId=4 belum ada", N, 4, "predecessor-missing"),
    (200, 201, "TaskId=4 tidak ada", N, 4, "predecessor-missing"),
    (200, 201, "Task=1 ada. TaskId=2 belum ada", N, 2, "predecessor-missing"),
    (
        200,
        201,
        "TaskId=5 tidak valid / TaskId sebelumnya belum terkirim",
        N,
        4,
        "predecessor-not-sent",
    ),
    (200, 201, "TaskId sebelumnya belum terkirim", N, None, "predecessor-not-sent"),
    (200, 201, "Kode Booking tidak ditemukan", N, 1, "booking-missing"),
    (200, 201, "kode booking TIDAK DITEMUKAN.", N, 1, "booking-missing"),
    (
        200,
        201,
        "Waktu (28-11-2026 08:00:00 WIB) tidak boleh kurang atau sama dengan waktu sebelumnya",
        P,
        None,
        "time-not-increasing",
    ),
    (
        200,
        201,
        "Waktu tidak valid (29-11-2026 00:10:00 WIB). Tanggal pelayanan untuk Kode Booking "
        "tersebut adalah (2026-11-28)",
        P,
        None,
        "time-not-on-service-date",
    ),
    (
        200,
        201,
        "Gagal. Tanggal kirim TaskId maksimal H+7 dari tanggal pelayanan.",
        P,
        None,
        "too-late",
    ),
    (200, 201, "Rujukan tidak valid", P, None, "bad-referral"),
    (200, 201, "Data dokter tidak ditemukan.", P, None, "unknown-doctor"),
    (
        200,
        201,
        "Jam praktek 07:00-21:00 tidak sesuai dengan jadwal dokter (08:00-12:00)",
        P,
        None,
        "schedule-mismatch",
    ),
    (
        200,
        201,
        "Jadwal Dokter Tersebut Belum Tersedia, Silahkan Reschedule Tanggal dan Jam Praktek Lainnya",
        P,
        None,
        "no-schedule-at-bpjs",
    ),
    (200, 201, "Authentication failed", A, None, "auth-message"),
    (200, None, "Authentication failed", A, None, "auth-message"),
    (401, None, "whatever", A, None, "auth-http"),
    (403, 201, "Forbidden", A, None, "auth-http"),
    (None, None, "timeout (connect 2s, read 2s)", R, None, "gateway"),
    (None, None, "connection reset", R, None, "gateway"),
    (502, None, "HTML page instead of JSON (HTTP 502): 502 Bad Gateway", R, None, "gateway"),
    (500, 201, "Internal error", R, None, "gateway"),
    (429, None, "Too many requests", R, None, "gateway"),
    # a valid envelope decides before the HTTP status
    (503, 200, "Ok", S, None, "ok"),
    (500, 201, "Rujukan tidak valid", P, None, "bad-referral"),
    (401, 208, "TaskId=4 sudah ada", S, None, "duplicate-task"),
    (200, None, "empty body (HTTP 200)", R, None, "no-envelope"),
    (200, None, 'cut-off or invalid JSON (HTTP 200): {"metadata": {"co', R, None, "no-envelope"),
    (404, None, "HTML page instead of JSON (HTTP 404): 404 Not Found", R, None, "no-envelope"),
    (200, 201, "Nomor kartu tidak valid, pakai yang lain", P, None, "unknown-answer"),
    (200, 202, "Something new from BPJS", P, None, "unknown-answer"),
    (200, 201, "", P, None, "unknown-answer"),
    (200, 201, None, P, None, "unknown-answer"),
]

ADD, UPD = "antrean/add", "antrean/updatewaktu"

# (code, message, endpoint, task sent, outcome, missing_task, rule)  -- with context
CONTEXT_CASES = [
    # "TaskId terakhir N": the task sent is recorded when N is that task or a later one
    (201, "TaskId terakhir 7", UPD, 7, S, None, "closed-after-this-task"),
    (201, "TaskId terakhir 7", UPD, 5, S, None, "closed-after-this-task"),
    (201, "TaskId terakhir 5", UPD, 4, S, None, "closed-after-this-task"),
    (201, "TaskId terakhir 5", UPD, 6, T, None, "closed"),
    (201, "TaskId terakhir 99", UPD, 99, S, None, "closed-after-this-task"),
    (201, "TaskId terakhir 99", UPD, 3, T, None, "closed"),
    (201, "TaskId terakhir 5", UPD, 99, T, None, "closed"),
    # "TaskId=N sudah ada" is success only for the task that was sent
    (208, "TaskId=4 sudah ada", UPD, 4, S, None, "duplicate-task"),
    (208, "TaskId=4 sudah ada", UPD, 5, P, None, "unknown-answer"),
    # the predecessor guess follows this program's flow, never 2 for 3 or 98 for 99
    (
        201,
        "TaskId=5 tidak valid / TaskId sebelumnya belum terkirim",
        UPD,
        5,
        N,
        4,
        "predecessor-not-sent",
    ),
    (201, "TaskId sebelumnya belum terkirim", UPD, 6, N, 5, "predecessor-not-sent"),
    (
        201,
        "TaskId=3 tidak valid / TaskId sebelumnya belum terkirim",
        UPD,
        3,
        N,
        None,
        "predecessor-not-sent",
    ),
    (201, "TaskId sebelumnya belum terkirim", UPD, 99, N, None, "predecessor-not-sent"),
    (
        201,
        "TaskId=99 tidak valid / TaskId sebelumnya belum terkirim",
        UPD,
        99,
        N,
        None,
        "predecessor-not-sent",
    ),
    # a 208 on antrean/add means the booking is there, whatever the words
    (208, "Antrean sudah terdaftar", ADD, None, S, None, "add-208"),
    (208, "Antrean sudah terdaftar", UPD, 3, P, None, "unknown-answer"),
]


@pytest.mark.parametrize(("status", "code", "message", "outcome", "missing", "rule"), CASES)
def test_classify_row(status, code, message, outcome, missing, rule) -> None:
    got = classify(status, code, message)
    assert (got.outcome, got.missing_task, got.rule) == (outcome, missing, rule)


@pytest.mark.parametrize(
    ("code", "message", "endpoint", "task", "outcome", "missing", "rule"), CONTEXT_CASES
)
def test_classify_with_endpoint_and_task(code, message, endpoint, task, outcome, missing, rule):
    got = classify(200, code, message, endpoint=endpoint, task=task)
    assert (got.outcome, got.missing_task, got.rule) == (outcome, missing, rule)


def test_every_rule_has_a_case() -> None:
    covered = {case[-1] for case in CASES + CONTEXT_CASES}
    assert {rule.name for rule in RULES} | {"unknown-answer"} == covered


def test_rule_names_are_unique() -> None:
    names = [rule.name for rule in RULES]
    assert len(names) == len(set(names))


def test_domain_module_imports_only_stdlib_and_domain() -> None:
    tree = ast.parse(Path(bpjs_answers.__file__).read_text(encoding="utf-8"))
    allowed_stdlib = {"__future__", "re", "collections", "dataclasses", "enum", "typing"}
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            names = [node.module or ""]
        else:
            continue
        for name in names:
            top = name.split(".")[0]
            assert top in allowed_stdlib or name.startswith("antrean_desktop.domain"), name
