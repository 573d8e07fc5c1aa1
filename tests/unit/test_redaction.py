"""The log never shows a secret: not in the message, the arguments, the exception text, the
traceback or the window's log pane; the Khanza password also not percent-encoded."""

from __future__ import annotations

import logging

import pytest

from antrean_desktop.config import BpjsConfig, Config, KhanzaConfig, secret_values
from antrean_desktop.logging_setup import RedactingFilter

PASSWORD = "Pw@Marker:9/x"
URL = "mysql+pymysql://ro:Pw%40Marker%3A9%2Fx@db/sik"
CONFIG = Config(
    khanza=KhanzaConfig(url=URL),
    bpjs=BpjsConfig(cons_id="CONS-MARKER", secret_key="SK-MARKER-1", user_key="UK-MARKER-2"),
)


def _formatted(record: logging.LogRecord) -> str:
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(message)s"))
    handler.addFilter(RedactingFilter(secret_values(CONFIG)))
    handler.filter(record)
    return handler.format(record)


def _record(msg: str, *args: object, exc: BaseException | None = None) -> logging.LogRecord:
    exc_info = (type(exc), exc, exc.__traceback__) if exc is not None else None
    return logging.LogRecord("antrean.test", logging.ERROR, __file__, 1, msg, args, exc_info)


def test_secret_values_cover_every_form_of_the_password():
    values = secret_values(CONFIG)
    assert {PASSWORD, "Pw%40Marker%3A9%2Fx", "SK-MARKER-1", "UK-MARKER-2", "CONS-MARKER"} <= set(
        values
    )


@pytest.mark.parametrize(
    "leak",
    [PASSWORD, "Pw%40Marker%3A9%2Fx", "pw%40marker%3a9%2fx", "SK-MARKER-1", "UK-MARKER-2"],
)
def test_message_arguments_and_exception_text_are_masked(leak):
    try:
        try:
            raise ConnectionError(f"cannot connect with {leak}")
        except ConnectionError as inner:
            raise RuntimeError(f"outer {leak}") from inner
    except RuntimeError as exc:
        text = _formatted(_record("reading %s failed", leak, exc=exc))
    assert "***" in text and "cannot connect with ***" in text and "outer ***" in text
    assert leak.lower() not in text.lower()


def test_stack_info_is_masked():
    record = _record("x")
    record.stack_info = f'File "x.py", line 1, in f\n    connect("{PASSWORD}")'
    assert PASSWORD not in _formatted(record)


def test_log_pane_handler_gets_no_secret(qapp):
    from antrean_desktop.gui.log_pane import QtLogHandler

    handler = QtLogHandler()
    handler.addFilter(RedactingFilter(secret_values(CONFIG)))
    lines = []
    handler.relay.record.connect(lines.append)
    try:
        raise OSError(f"host said {PASSWORD}")
    except OSError as exc:
        handler.handle(_record("failed: %s", PASSWORD, exc=exc))
    assert len(lines) == 1 and PASSWORD not in lines[0].message and "***" in lines[0].message
