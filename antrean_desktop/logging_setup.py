"""Logging: one rotating file in the user log dir, the console for the CLI, and crash capture.

Uncaught exceptions from every thread go to the log. Secrets never reach the log: code logs no
secret, and :class:`RedactingFilter` masks the configured secret values should one slip into a
message anyway.
"""

from __future__ import annotations

import logging
import logging.handlers
import sys
import threading
from collections.abc import Iterable
from pathlib import Path

from antrean_desktop.config import user_log_dir

LOG_FORMAT = "%(asctime)s %(levelname)-7s %(threadName)s %(name)s: %(message)s"
_configured_handlers: list[logging.Handler] = []


class RedactingFilter(logging.Filter):
    """Replaces known secret values in a record's final message with ``***``."""

    def __init__(self, secrets: Iterable[str] = ()) -> None:
        super().__init__()
        self.secrets = [s for s in secrets if s and len(s) >= 3]

    def filter(self, record: logging.LogRecord) -> bool:
        if self.secrets:
            message = record.getMessage()
            redacted = message
            for secret in self.secrets:
                redacted = redacted.replace(secret, "***")
            if redacted != message:
                record.msg, record.args = redacted, None
        return True


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
    redactor = RedactingFilter(secrets)
    path: Path | None = log_file_path(log_dir)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        file_handler = logging.handlers.RotatingFileHandler(
            path, maxBytes=5 * 1024 * 1024, backupCount=5, encoding="utf-8", delay=True
        )
        file_handler.setLevel(logging.DEBUG)
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
