"""Command-line values: dates and day counts, with a one-line message naming a bad value."""

from __future__ import annotations

import argparse
from datetime import date

from antrean_desktop.domain.service_core import SENDING_WINDOW_DAYS


def parse_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a date in the form YYYY-MM-DD") from None


def parse_days(text: str) -> int:
    """``--days N``: today and the N-1 days before it, inside BPJS's sending window."""
    most = SENDING_WINDOW_DAYS + 1
    try:
        value = int(text)
    except ValueError:
        value = 0
    if not 1 <= value <= most:
        raise argparse.ArgumentTypeError(
            f"'{text}' is not a number of days from 1 to {most} (BPJS takes task times for "
            f"{SENDING_WINDOW_DAYS} days after the service date)"
        )
    return value
