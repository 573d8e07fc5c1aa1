"""Command-line values: dates, day counts and task ids, with a one-line message naming a bad value."""

from __future__ import annotations

import argparse
from datetime import date

from antrean_desktop.cli import words
from antrean_desktop.domain.service_core import SENDING_WINDOW_DAYS
from antrean_desktop.domain.tasks import TaskId


def parse_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(words.BAD_DATE(words.language(), text=text)) from None


def parse_days(text: str) -> int:
    """``--days N``: today and the N-1 days before it, inside BPJS's sending window."""
    most = SENDING_WINDOW_DAYS + 1
    try:
        value = int(text)
    except ValueError:
        value = 0
    if not 1 <= value <= most:
        raise argparse.ArgumentTypeError(
            words.BAD_DAYS(words.language(), text=text, most=most, window=SENDING_WINDOW_DAYS)
        )
    return value


def parse_task(text: str) -> int:
    """``--task N``: a BPJS task id (1 = the booking)."""
    try:
        return int(TaskId.parse(text))
    except ValueError:
        allowed = ", ".join(str(int(t)) for t in TaskId)
        raise argparse.ArgumentTypeError(
            words.BAD_TASK(words.language(), text=text, allowed=allowed)
        ) from None
