"""A wall clock a test can set back (as an operator fixing the PC clock does), for this process
(the window's runtime) or for a program started as its own process (``run``).

The offset in seconds is read from the file named by :data:`CLOCK_FILE_ENV` on every reading, so
the test moves the clock while the program runs. Only the wall clock moves: ``time.monotonic``
stays, like a real clock change."""

from __future__ import annotations

import datetime as _datetime_module
import os
import time
from pathlib import Path

CLOCK_FILE_ENV = "ANTREAN_TEST_CLOCK_FILE"
SITE = Path(__file__).resolve().parent / "clock_site"  # its sitecustomize installs the clock

_real_datetime = _datetime_module.datetime
_real_time = time.time


def offset() -> float:
    path = os.environ.get(CLOCK_FILE_ENV)
    if not path:
        return 0.0
    try:
        return float(Path(path).read_text(encoding="ascii") or 0)
    except (OSError, ValueError):
        return 0.0


def set_offset(path: Path, seconds: float) -> None:
    tmp = path.with_suffix(".tmp")
    tmp.write_text(str(seconds), encoding="ascii")
    tmp.replace(path)


class _SameType(type):
    """A real datetime counts as one of ours (``isinstance`` checks in libraries keep working)."""

    def __instancecheck__(cls, obj: object) -> bool:
        return isinstance(obj, _real_datetime)

    def __subclasscheck__(cls, sub: type) -> bool:
        return issubclass(sub, _real_datetime)


class ShiftedDatetime(_real_datetime, metaclass=_SameType):
    @classmethod
    def now(cls, tz=None):  # type: ignore[override]
        return _real_datetime.now(tz) + _datetime_module.timedelta(seconds=offset())

    @classmethod
    def utcnow(cls):  # type: ignore[override]
        return _real_datetime.utcnow() + _datetime_module.timedelta(seconds=offset())

    @classmethod
    def today(cls):  # type: ignore[override]
        return cls.now()


def shifted_time() -> float:
    return _real_time() + offset()


def install_everywhere() -> None:
    """For a new process (sitecustomize): before anything imports ``datetime``."""
    _datetime_module.datetime = ShiftedDatetime  # type: ignore[misc]
    time.time = shifted_time


def install_here(monkeypatch, clock_file: Path) -> None:
    """For this process: the program's and APScheduler's modules read the shifted clock."""
    import sys

    monkeypatch.setenv(CLOCK_FILE_ENV, str(clock_file))
    for name, module in list(sys.modules.items()):
        ours = name.startswith(("antrean_desktop", "apscheduler"))
        if ours and getattr(module, "datetime", None) is _real_datetime:
            monkeypatch.setattr(module, "datetime", ShiftedDatetime)
    monkeypatch.setattr(time, "time", shifted_time)
