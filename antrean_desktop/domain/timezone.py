"""Khanza keeps local wall-clock times; BPJS wants epoch milliseconds. Conversions live here."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone, tzinfo
from zoneinfo import ZoneInfo

LOCAL_FORMAT = "%Y-%m-%d %H:%M:%S"
#: BPJS judges "on the service date" on the WIB wall clock (UTC+7), whatever the hospital's zone
WIB = timezone(timedelta(hours=7), "WIB")


def _zone(tz: str | tzinfo) -> tzinfo:
    return ZoneInfo(tz) if isinstance(tz, str) else tz


def local_to_epoch_ms(local: datetime, tz: str | tzinfo) -> int:
    """Epoch ms of a naive local wall-clock time in ``tz``."""
    return int(local.replace(tzinfo=_zone(tz)).timestamp() * 1000)


def epoch_ms_to_local(ms: int, tz: str | tzinfo) -> datetime:
    """The naive local wall-clock time in ``tz`` of an epoch ms."""
    return datetime.fromtimestamp(ms / 1000, UTC).astimezone(_zone(tz)).replace(tzinfo=None)


def format_local(ms: int, tz: str | tzinfo) -> str:
    """``YYYY-MM-DD HH:MM:SS`` in ``tz``, as shown to operators and put into reasons."""
    return epoch_ms_to_local(ms, tz).strftime(LOCAL_FORMAT)


def local_date(ms: int, tz: str | tzinfo) -> date:
    return epoch_ms_to_local(ms, tz).date()
