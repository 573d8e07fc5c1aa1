"""The two kinds of trouble a cycle reports apart: Khanza cannot be read, the local store fails
(and the one line that names the store and its trouble)."""

from __future__ import annotations

from antrean_desktop.config import Config, redact_url
from antrean_desktop.domain.words import Text


class KhanzaUnavailable(RuntimeError):
    """Khanza's database could not be read; the message says why (never the password)."""


class StoreUnavailable(RuntimeError):
    """The local store could not be read or written (locked, full disk, broken file ...)."""


STORE_PROBLEM = Text("penyimpanan lokal {where}: {detail}", "local store {where}: {detail}")


def store_problem(config: Config, exc: BaseException, language: str = "en") -> str:
    """One line naming the local store and what went wrong (never a password); English for
    the log, the command line's language for its one-line error."""
    detail = (str(getattr(exc, "orig", None) or exc).splitlines() or [type(exc).__name__])[0]
    return STORE_PROBLEM(language, where=redact_url(config.store_url), detail=detail)
