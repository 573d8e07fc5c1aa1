"""Turning raw Khanza column values into Python values.

PyMySQL returns zero dates ('0000-00-00', '0000-00-00 00:00:00') as *strings*, TIME columns as
``timedelta``, and NULLs as None. Here all of them become a value or None ("not set").
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta


def as_date(value: object) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value.strip()[:10])
        except ValueError:
            return None  # '0000-00-00' and garbage mean "not set"
    return None


def as_time(value: object) -> time | None:
    if isinstance(value, timedelta):
        seconds = int(value.total_seconds())
        if not 0 <= seconds < 86400:
            return None
        return time(seconds // 3600, seconds // 60 % 60, seconds % 60)
    if isinstance(value, time):
        return value
    if isinstance(value, str):
        try:
            return time.fromisoformat(value.strip())
        except ValueError:
            return None
    return None


def as_datetime(value: object) -> datetime | None:
    """A DATETIME value; zero dates and NULL are None."""
    if isinstance(value, datetime):
        return value
    if isinstance(value, str):
        try:
            return datetime.fromisoformat(value.strip())
        except ValueError:
            return None
    return None


def combine(day: object, clock: object) -> datetime | None:
    """A DATE column plus a TIME column; None when the date is zero/NULL or the time is NULL.

    A zero time ('00:00:00') beside a zero date is "not set" too; beside a real date it is
    midnight only if the date is set, which Khanza never writes for a real event, so it is also
    treated as not set.
    """
    d, t = as_date(day), as_time(clock)
    if d is None or t is None or t == time(0):
        return None
    return datetime.combine(d, t)


def text(value: object) -> str:
    """A text column as str ('' for NULL), without surrounding blanks."""
    if value is None:
        return ""
    if isinstance(value, bytes | bytearray):
        return value.decode("latin1")
    return str(value).strip()
