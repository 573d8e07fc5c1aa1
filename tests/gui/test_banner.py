"""The banner says what is true now in at most two lines of plain text, whatever BPJS answered.

BPJS's answer (here an HTML 503 page, a very long text, a text with markup) is in the store as
the real worker writes it; the runtime publishes the status; the window shows only words built
from the outcome class and counts.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from PySide6.QtCore import Qt

from antrean_desktop.store.models import AntreanJob, SendAttempt
from tests.gui.window_env import open_window
from tests.runtime.factories import realistic_day

HTML_503 = (
    "HTML page instead of JSON (HTTP 503): <html><head></head><body><h1>503 Service "
    "Unavailable</h1><p>No server is available to handle this request.</p></body></html>"
)
LONG = "Gateway sedang dalam pemeliharaan " * 40
MARKUP = "<b>Token</b> <a href='http://evil.example/'>kedaluwarsa</a><img src=x>"


@pytest.fixture
def day_ids(sqlite_store, today):
    return realistic_day(sqlite_store, today, 24)


def outage_in_store(store, visit_ids, message: str, http_status: int | None) -> datetime:
    """What the worker leaves after failed calls: attempts, and jobs waiting for a retry (at the
    time returned, UTC)."""
    later = datetime.now(UTC).replace(tzinfo=None, microsecond=0) + timedelta(minutes=8)
    with store.session() as session:
        for visit_id in visit_ids:
            job = AntreanJob(
                visit_id=visit_id,
                task_id=3,
                payload={"taskid": 3},
                status="PENDING",
                attempts=2,
                next_attempt_at=later,
            )
            session.add(job)
            session.flush()
            session.add(
                SendAttempt(
                    job_id=job.id,
                    visit_id=visit_id,
                    task_id=3,
                    endpoint="antrean/updatewaktu",
                    request_body={"taskid": 3},
                    http_status=http_status,
                    bpjs_code=None,
                    bpjs_message=message,
                    outcome="RETRYABLE",
                    duration_ms=40,
                )
            )
    return later.replace(tzinfo=UTC)


def assert_plain_two_lines(window, *forbidden: str) -> str:
    label = window.banner_label
    text = label.text()
    assert label.textFormat() == Qt.TextFormat.PlainText
    assert 1 <= len(text.splitlines()) <= 2, text
    assert "<" not in text and ">" not in text, text
    for word in forbidden:
        assert word not in text, f"{word!r} from BPJS reached the banner: {text}"
    line = label.fontMetrics().lineSpacing()
    assert label.sizeHint().height() <= 2 * line + 12, "the banner grew past two lines"
    return text


@pytest.mark.parametrize(
    ("message", "http_status", "cause", "forbidden"),
    [
        (HTML_503, 503, "(HTTP 503)", ("Service", "h1", "html")),
        (LONG, 502, "(HTTP 502)", ("pemeliharaan",)),
        (MARKUP, None, "(tanpa jawaban)", ("Token", "evil", "href")),
    ],
    ids=["html-503-page", "long-text", "markup"],
)
def test_retrying_banner_never_shows_bpjs_answer(
    qtbot, gui_config, sqlite_store, day_ids, no_thread_leak, message, http_status, cause, forbidden
):
    retry_at = outage_in_store(sqlite_store, day_ids[:4], message, http_status)
    env = open_window(qtbot, gui_config, sqlite_store)
    try:
        qtbot.waitUntil(lambda: env.window.banner.isVisible(), timeout=5000)
        text = assert_plain_two_lines(env.window, *forbidden)
        first, second = text.splitlines()
        assert first.startswith("BPJS gagal menjawab pada ") and first.endswith(f"{cause}.")
        # the stored retry time (a minute may turn between writing it and reading the banner)
        next_try = retry_at.astimezone(gui_config.hospital.tz).strftime("%H:%M")
        assert second == (
            f"4 task dicoba ulang otomatis; percobaan berikutnya {next_try}. Tidak ada yang hilang."
        )
        assert env.window.bpjs_label.text() == f"BPJS: dicoba lagi {next_try} {cause}"
    finally:
        env.stop()


def test_paused_banner_with_an_html_page_is_two_plain_lines(
    qtbot, gui_config, sqlite_store, day_ids, no_thread_leak
):
    outage_in_store(sqlite_store, day_ids[:3], HTML_503, 503)
    env = open_window(qtbot, gui_config, sqlite_store)
    try:
        gate = env.runtime.driver.core.gate
        since = datetime.now(gui_config.hospital.tz).replace(hour=10, minute=32)
        mono = env.runtime.driver.mono()
        for n, visit in enumerate(day_ids[:3]):
            gate.transport_failed(mono, since, visit, n, HTML_503)
        qtbot.waitUntil(
            lambda: env.window.banner_label.text().startswith("BPJS tidak dapat"), timeout=5000
        )
        text = assert_plain_two_lines(env.window, "Service", "h1")
        first, second = text.splitlines()
        assert first == "BPJS tidak dapat dihubungi sejak 10:32 (HTTP 503); pengiriman dijeda."
        assert (
            second.endswith("Tidak ada yang hilang.") and " task menunggu; dicoba lagi " in second
        )
        assert env.window.bpjs_label.text() == "BPJS: dijeda (HTTP 503)"
        assert env.bridge_status().pause.detail == HTML_503, "the raw answer is kept for the log"
    finally:
        env.stop()


def test_a_long_khanza_error_with_markup_stays_one_plain_line(
    qtbot, gui_config, sqlite_store, day_ids, no_thread_leak
):
    env = open_window(qtbot, gui_config, sqlite_store)
    try:
        env.pipeline.poll_error = ConnectionError("<h1>Lost</h1> " + LONG)
        qtbot.waitUntil(lambda: env.window.banner.isVisible(), timeout=5000)
        label = env.window.banner_label
        assert label.textFormat() == Qt.TextFormat.PlainText
        assert len(label.text().splitlines()) == 1
        # plain words for the desk; the error itself, escaped, in the tooltips
        assert label.lines()[0].startswith("Database Khanza tidak dapat dibaca")
        assert "<h1>" not in label.text() and "ConnectionError" not in label.text()
        assert "&lt;h1&gt;Lost&lt;/h1&gt;" in label.toolTip(), "never read as a heading"
        tooltip = env.window.khanza_label.toolTip()
        assert "&lt;h1&gt;" in tooltip, "the status bar's tooltip escapes it too"
    finally:
        env.stop()
