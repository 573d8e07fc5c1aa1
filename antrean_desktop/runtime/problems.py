"""Errors of a cycle, logged once each with a repeat count instead of flooding the log.

Both runtimes catch every error of a cycle (Khanza, the local store, anything unexpected), tell
it to a :class:`ProblemLog`, and carry on with back-off. The log says the first occurrence, then
how often it repeated when it ends (or every :data:`REMIND_EVERY` repeats), so a day with Khanza
down writes a handful of lines, not thousands.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.exc import SQLAlchemyError

from antrean_desktop.config import redact_url
from antrean_desktop.domain.reasons import Reason
from antrean_desktop.pipeline.errors import KhanzaUnavailable, StoreUnavailable
from antrean_desktop.store.migrate import StoreTooNew

log = logging.getLogger("antrean.service")

#: a still-failing problem is logged again after this many repeats
REMIND_EVERY = 100

KHANZA = "khanza"
STORE = "store"
INTERNAL = "internal"


@dataclass(frozen=True)
class Problem:
    """One distinct error as the status bar and ``status`` show it."""

    source: str  # KHANZA, STORE or INTERNAL
    message: str  # one line, no secret
    since: datetime  # hospital-local time of the first occurrence
    count: int  # how often it happened in a row

    def reason(self) -> Reason:
        """The operator's sentence (``PROBLEM_KHANZA`` / ``PROBLEM_STORE`` / ``PROBLEM_INTERNAL``)."""
        return Reason(
            f"PROBLEM_{self.source.upper()}",
            {"since": self.since.strftime("%H:%M"), "count": self.count, "message": self.message},
        )


def describe(exc: BaseException, store_url: str = "", default: str = INTERNAL) -> tuple[str, str]:
    """(source, one-line message) of an error raised by a cycle.

    Khanza's errors arrive as :class:`KhanzaUnavailable` (the reader wraps them), so any other
    database error is the local store's -- never reported as "Khanza cannot be read". Anything
    else belongs to ``default`` (the part the cycle was talking to).
    """
    if isinstance(exc, KhanzaUnavailable):
        return KHANZA, str(exc)
    if isinstance(exc, StoreUnavailable | StoreTooNew):  # too new: "update this PC"
        return STORE, str(exc)
    if isinstance(exc, SQLAlchemyError):
        orig = getattr(exc, "orig", None) or exc
        detail = (str(orig).splitlines() or [type(orig).__name__])[0]
        where = f" {redact_url(store_url)}" if store_url else ""
        return STORE, f"local store{where}: {detail}"
    return default, f"{type(exc).__name__}: {exc}".splitlines()[0]


class ProblemLog:
    """The problems of the running program, by source; thread-safe."""

    def __init__(self, logger: logging.Logger = log) -> None:
        self._log = logger
        self._lock = threading.Lock()
        self._active: dict[str, Problem] = {}

    def failed(self, source: str, message: str, now: datetime) -> Problem:
        """``source`` failed with ``message``; logged only when it is new (or every so often)."""
        with self._lock:
            old = self._active.get(source)
            if old is not None and old.message == message:
                problem = Problem(source, message, old.since, old.count + 1)
            else:
                problem = Problem(source, message, now, 1)
                if old is not None and old.count > 1:
                    self._log.info("%s: previous error repeated %d times", source, old.count)
            self._active[source] = problem
        if problem.count == 1:
            self._log.error("%s: %s (will retry)", source, message)
        elif problem.count % REMIND_EVERY == 0:
            self._log.error("%s: %s (still failing, %d times)", source, message, problem.count)
        return problem

    def recovered(self, source: str) -> Problem | None:
        with self._lock:
            problem = self._active.pop(source, None)
        if problem is not None:
            self._log.warning(
                "%s works again (the error happened %d time(s) since %s)",
                source,
                problem.count,
                problem.since.strftime("%H:%M:%S"),
            )
        return problem

    def get(self, source: str) -> Problem | None:
        with self._lock:
            return self._active.get(source)

    def active(self) -> tuple[Problem, ...]:
        with self._lock:
            return tuple(self._active[k] for k in sorted(self._active))
