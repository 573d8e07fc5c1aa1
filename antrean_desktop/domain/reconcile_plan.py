"""When the runtime reconciles with BPJS (pure, clock-injected).

- Every day after ``[reconcile] window_at`` (off-peak, default 02:00): the days still inside
  BPJS's sending window before today (today - 7 .. yesterday), so what can still be fixed is found.
- Every day after ``[reconcile] evening_at`` (default 20:00): today, once the clinics have closed.

A run that could not finish (jobs waiting, BPJS unreachable, the program stopping) is tried again
at a later tick, at most every ``retry_seconds``; a finished one is not repeated that day.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from antrean_desktop.domain.service_core import SENDING_WINDOW_DAYS

RETRY_SECONDS = 900.0


def parse_hhmm(text: str) -> time:
    hh, mm = text.split(":")
    return time(int(hh), int(mm))


@dataclass
class ReconcilePlanner:
    evening_at: time
    window_at: time
    window_days: int = SENDING_WINDOW_DAYS
    retry_seconds: float = RETRY_SECONDS
    evening_done: date | None = None
    window_done: date | None = None
    _next_try: float = float("-inf")

    def due(self, now: datetime, mono: float) -> list[date]:
        """The days to reconcile now (oldest first), [] when nothing is due."""
        if mono < self._next_try:
            return []
        today = now.date()
        days: list[date] = []
        if self.window_done != today and now.time() >= self.window_at:
            days += [today - timedelta(days=n) for n in range(self.window_days, 0, -1)]
        if self.evening_done != today and now.time() >= self.evening_at:
            days.append(today)
        return days

    def finished(self, now: datetime, mono: float, days: list[date], ok: bool) -> None:
        """Note the outcome of reconciling ``days`` (all of them when ``ok``)."""
        today = now.date()
        if not ok:
            self._next_try = mono + self.retry_seconds
            return
        if today in days:
            self.evening_done = today
        if any(d < today for d in days):
            self.window_done = today
