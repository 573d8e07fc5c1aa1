"""Logging: one rotating file in the user log dir, the console for the CLI, and crash capture.

Uncaught exceptions from every thread go to the log. Secrets never reach the log: code logs no
secret, and :class:`RedactingFilter` masks the configured secret values should one slip into a
message anyway.
"""

from __future__ import annotations

import logging
import logging.handlers
import os
import re
import sys
import threading
from collections.abc import Iterable
from pathlib import Path

from antrean_desktop.config import user_log_dir
from antrean_desktop.private_files import private_dir, private_file

LOG_FORMAT = "%(asctime)s %(levelname)-7s %(threadName)s %(name)s: %(message)s"
_configured_handlers: list[logging.Handler] = []


class RedactingFilter(logging.Filter):
    """Replaces known secret values with ``***`` in everything a record prints: the message,
    the exception text and traceback, and the stack. Percent-encoded hex is matched in either
    case. Attached to every handler, so the file, the console and the window's log pane agree.
    """

    def __init__(self, secrets: Iterable[str] = ()) -> None:
        super().__init__()
        self.secrets = sorted({s for s in secrets if s and len(s) >= 3}, key=len, reverse=True)
        self.pattern = (
            re.compile("|".join(re.escape(s) for s in self.secrets), re.IGNORECASE)
            if self.secrets
            else None
        )

    def redact(self, text: str) -> str:
        return self.pattern.sub("***", text) if self.pattern is not None and text else text

    def filter(self, record: logging.LogRecord) -> bool:
        if self.pattern is None:
            return True
        try:
            message = record.getMessage()
        except Exception:  # a bad format string: keep the raw parts, redacted
            message = f"{record.msg} {record.args}"
        redacted = self.redact(message)
        if redacted != message:
            record.msg, record.args = redacted, None
        if record.exc_info and not record.exc_text:
            record.exc_text = _PLAIN.formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = self.redact(record.exc_text)
            # handlers that read the exception object itself (the log pane) get the text only
            if record.exc_info and self.redact(str(record.exc_info[1])) != str(record.exc_info[1]):
                record.exc_info = None
        if record.stack_info:
            record.stack_info = self.redact(record.stack_info)
        return True


_PLAIN = logging.Formatter()
_redactor = RedactingFilter()


def redactor() -> RedactingFilter:
    """The filter set up by :func:`setup_logging` (add it to any other handler)."""
    return _redactor


class _StderrHandler(logging.StreamHandler):
    """Writes to whatever ``sys.stderr`` is now (it may be replaced after set-up)."""

    def __init__(self) -> None:
        super().__init__(sys.stderr)

    @property
    def stream(self):  # type: ignore[override]
        return sys.stderr

    @stream.setter
    def stream(self, _value) -> None:
        pass


#: the log keeps LOG_BACKUPS + 1 files of LOG_FILE_BYTES: at INFO a visit writes about
#: LOG_BYTES_PER_VISIT (measured, docs/reliability.md), so 5,000 visits a day keep >= 7 days
LOG_FILE_BYTES = 16 * 1024 * 1024
LOG_BACKUPS = 9


class PrivateRotatingFileHandler(logging.handlers.RotatingFileHandler):
    """A rotating log file readable by this user only (every new file is created 0600)."""

    def _open(self):  # type: ignore[no-untyped-def]
        private_file(Path(self.baseFilename))
        return super()._open()


def log_file_path(log_dir: Path | None = None) -> Path:
    return (log_dir or user_log_dir()) / "antrean-desktop.log"


def setup_logging(
    *,
    console: bool = True,
    level: int = logging.INFO,
    log_dir: Path | None = None,
    secrets: Iterable[str] = (),
) -> Path | None:
    """Configure the root logger once; return the log file path (None if it cannot be written)."""
    root = logging.getLogger()
    for handler in _configured_handlers:
        root.removeHandler(handler)
        handler.close()
    _configured_handlers.clear()
    root.setLevel(logging.DEBUG)
    formatter = logging.Formatter(LOG_FORMAT)
    global _redactor
    redactor = _redactor = RedactingFilter(secrets)
    path: Path | None = log_file_path(log_dir)
    try:
        private_dir(path.parent)
        file_handler = PrivateRotatingFileHandler(
            path, maxBytes=LOG_FILE_BYTES, backupCount=LOG_BACKUPS, encoding="utf-8", delay=True
        )
        file_handler.setLevel(level)
        file_handler.setFormatter(formatter)
        file_handler.addFilter(redactor)
        root.addHandler(file_handler)
        _configured_handlers.append(file_handler)
    except OSError as exc:
        path = None
        print(f"warning: cannot write the log file: {exc}", file=sys.stderr)
    if console:
        stream = _StderrHandler()
        stream.setLevel(level)
        stream.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))
        stream.addFilter(redactor)
        root.addHandler(stream)
        _configured_handlers.append(stream)
    for noisy in ("urllib3", "apscheduler", "alembic"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
    install_excepthooks()
    return path


def ensure_std_streams() -> None:
    """A windowed (frozen) program has no console: ``sys.stdout``/``sys.stderr`` are None and
    any write to them fails. Point them at the null device so nothing ever writes to None.
    A console or file in a legacy code page cannot take every character ("✓" of ``status``):
    such a character becomes "?" instead of an error."""
    for name in ("stdout", "stderr"):
        if getattr(sys, name) is None:
            setattr(sys, name, open(os.devnull, "w", encoding="utf-8"))  # noqa: SIM115
        stream = getattr(sys, name)
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="replace")


def install_excepthooks() -> None:
    """Send uncaught exceptions of the main thread and of every other thread to the log."""
    crash = logging.getLogger("antrean.crash")

    def _main_hook(exc_type, exc, tb) -> None:
        if issubclass(exc_type, KeyboardInterrupt):
            sys.__excepthook__(exc_type, exc, tb)
            return
        crash.critical("Uncaught exception", exc_info=(exc_type, exc, tb))

    def _thread_hook(args: threading.ExceptHookArgs) -> None:
        if args.exc_type is SystemExit:
            return
        name = args.thread.name if args.thread else "?"
        crash.critical(
            "Uncaught exception in thread %s",
            name,
            exc_info=(args.exc_type, args.exc_value, args.exc_traceback),
        )

    sys.excepthook = _main_hook
    threading.excepthook = _thread_hook
