"""The service core: what the program does at each tick, decided without I/O.

The window (APScheduler + Qt bridge) and ``run`` (a plain loop) both ask this core what to do,
so they behave the same by construction. Nothing here reads a clock: every call gets

- ``mono``: a monotonic number of seconds (intervals and probe times; a wall clock set back
  must not stop the program for an hour), and
- ``now``: the hospital-local wall-clock time (which day it is, and "since" for the operator).

Three decisions live here:

- :class:`DayPlanner` -- which days to read from Khanza. At start-up and after midnight every day
  inside BPJS's sending window (the service date plus :data:`SENDING_WINDOW_DAYS` days) is read
  once; after that today, and every past day of the window that still has unfinished work.
- :class:`SendGate` -- whether sending is paused and why (:class:`PauseKind`), when to probe,
  and whether a failed call spends one of the job's attempts.
- :func:`retry_delay` -- the back-off after a failing cycle (Khanza or the local store).
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from enum import StrEnum

from antrean_desktop.domain.task_states import SEND_WINDOW_DAYS

#: BPJS takes a task time at most this many days after the service date (one definition)
SENDING_WINDOW_DAYS = SEND_WINDOW_DAYS
#: consecutive network errors / 5xx / timeouts on calls for this many different visits make an
#: outage; any answer from BPJS in between starts the count again
OUTAGE_THRESHOLD = 3
#: the longest wait between two tries of a failing cycle
MAX_RETRY_SECONDS = 300.0


def sending_window(today: date, days: int = SENDING_WINDOW_DAYS) -> list[date]:
    """The days BPJS still takes task times for, oldest first (today included)."""
    return [today - timedelta(days=n) for n in range(days, -1, -1)]


def in_sending_window(day: date, today: date, days: int = SENDING_WINDOW_DAYS) -> bool:
    return today - timedelta(days=days) <= day <= today


def retry_delay(failures: int, base: float, cap: float = MAX_RETRY_SECONDS) -> float:
    """Back-off after ``failures`` failing cycles in a row: base, 2 x base, 4 x base ... cap."""
    if failures <= 0:
        return base
    return min(cap, base * (2 ** min(failures - 1, 20)))


# --- days ---------------------------------------------------------------------------------------


class DayPlanner:
    """Which days to read from Khanza, and when.

    A day read successfully leaves the catch-up set; a day that failed stays in it, so a Khanza
    outage at start-up does not lose the days the program was off.
    """

    def __init__(self, poll_seconds: float, window_days: int = SENDING_WINDOW_DAYS) -> None:
        self.poll_seconds = float(poll_seconds)
        self.window_days = window_days
        self.today: date | None = None
        self.catch_up: set[date] = set()
        self.next_poll = -math.inf
        self.failures = 0

    def poll_due(self, mono: float, today: date) -> bool:
        """Whether a poll is due (cheap: lets the caller skip looking for unfinished days)."""
        return today != self.today or mono >= self.next_poll

    def due(self, mono: float, today: date, unfinished: Iterable[date] = ()) -> tuple[date, ...]:
        """The days to read now, oldest first; empty when the next poll is not due yet."""
        if today != self.today:  # start-up, midnight, or a clock moved across midnight
            self.today = today
            self.catch_up = set(sending_window(today, self.window_days))
            self.next_poll = -math.inf
        if mono < self.next_poll:
            return ()
        days = {today} | self.catch_up
        days |= {d for d in unfinished if in_sending_window(d, today, self.window_days)}
        return tuple(sorted(days))

    def poll_now(self) -> None:
        """Read at the next tick (after a wake-up or a "sync now")."""
        self.next_poll = -math.inf

    def read(self, day: date) -> None:
        """``day`` was read completely."""
        self.catch_up.discard(day)

    def finished(self, mono: float, ok: bool) -> float:
        """A poll cycle ended; returns the seconds until the next one (backing off on errors)."""
        self.failures = 0 if ok else self.failures + 1
        delay = self.poll_seconds if ok else retry_delay(self.failures, self.poll_seconds)
        self.next_poll = mono + delay
        return delay


# --- sending ------------------------------------------------------------------------------------


class PauseKind(StrEnum):
    AUTH = "AUTH"  # BPJS refused our credentials or our clock
    OUTAGE = "OUTAGE"  # BPJS did not answer calls for several different visits
    HELD = "HELD"  # the operator paused sending ("Jeda pengiriman"); no probe, until resumed


class SendMode(StrEnum):
    SEND = "SEND"  # send what is due, as many as the pool takes
    PROBE = "PROBE"  # paused, but it is time to try one job
    WAIT = "WAIT"  # paused; the next probe is later


@dataclass(frozen=True)
class Pause:
    kind: PauseKind
    since: datetime  # hospital-local wall-clock time it began
    detail: str  # BPJS's words or the network error, shown as plain text
    next_probe: float  # monotonic seconds
    probes: int = 0  # probes that failed since it began

    def next_probe_at(self, mono: float, now: datetime) -> datetime:
        """The wall-clock time of the next probe, for the operator (``now`` when none is
        planned: a held sending waits for the operator)."""
        if not math.isfinite(self.next_probe):
            return now
        return now + timedelta(seconds=max(0.0, self.next_probe - mono))


@dataclass(frozen=True)
class Verdict:
    """What a failed call means for its job."""

    spend_attempt: bool  # counts toward max_attempts
    refund: tuple[tuple[str, int], ...] = ()  # (visit, job) whose attempt was the outage's
    pause_began: Pause | None = None


@dataclass
class SendGate:
    """Pauses instead of failures.

    - An AUTH answer pauses sending (the job keeps its attempts). Every ``auth_probe_seconds``
      one job is sent as a probe; any answer that is not AUTH resumes.
    - A network error, 5xx or timeout on calls for :data:`OUTAGE_THRESHOLD` different visits in a
      row (no BPJS answer in between) is an outage: sending pauses, the failures that made it
      spend no attempt (earlier ones are refunded), and one job is sent every
      ``outage_probe_seconds``; any answer from BPJS resumes.
    - So ``max_attempts`` counts only the failures of one job while BPJS otherwise answers.
    - The operator may hold sending (:meth:`hold`, the tray's "Jeda pengiriman"): nothing is
      sent, not even a probe, until :meth:`release`; an AUTH or outage pause under it is kept.
    """

    auth_probe_seconds: float = 300.0
    outage_probe_seconds: float = 60.0
    outage_threshold: int = OUTAGE_THRESHOLD
    pause: Pause | None = None
    held: Pause | None = None  # the operator's hold (kind HELD)
    #: the current run of transport failures: visit -> job id whose attempt was spent
    streak: dict[str, int] = field(default_factory=dict)

    def mode(self, mono: float) -> SendMode:
        if self.held is not None:
            return SendMode.WAIT
        if self.pause is None:
            return SendMode.SEND
        return SendMode.PROBE if mono >= self.pause.next_probe else SendMode.WAIT

    def shown(self) -> Pause | None:
        """The pause the operator sees: the hold first, else AUTH or an outage."""
        return self.held or self.pause

    def hold(self, now: datetime) -> Pause:
        """The operator pauses sending; a second hold keeps the first one's time."""
        if self.held is None:
            self.held = Pause(PauseKind.HELD, now, "", math.inf)
        return self.held

    def release(self) -> Pause | None:
        """The operator resumes sending; the hold this ended, if any."""
        ended, self.held = self.held, None
        return ended

    def probing(self, mono: float) -> None:
        """A probe was just sent: the next one waits a full interval, whatever the answer."""
        if self.pause is not None:
            self.pause = replace(self.pause, next_probe=mono + self._interval(self.pause.kind))

    def probe_now(self, mono: float) -> None:
        """The operator says the cause is fixed: try at the next round, not in minutes."""
        if self.pause is not None:
            self.pause = replace(self.pause, next_probe=mono)

    def answered(self) -> Pause | None:
        """BPJS answered a call (not AUTH). Returns the pause this ended, if any."""
        self.streak.clear()
        ended, self.pause = self.pause, None
        return ended

    def auth_failed(self, mono: float, now: datetime, detail: str) -> Pause | None:
        """An AUTH answer. Returns the pause if it began now."""
        self.streak.clear()
        if self.pause is not None and self.pause.kind is PauseKind.AUTH:
            self.pause = replace(
                self.pause, detail=detail or self.pause.detail, probes=self.pause.probes + 1
            )
            return None
        self.pause = Pause(PauseKind.AUTH, now, detail, mono + self.auth_probe_seconds)
        return self.pause

    def transport_failed(
        self, mono: float, now: datetime, visit_id: str, job_id: int, detail: str
    ) -> Verdict:
        """A network error, 5xx or timeout on ``job_id`` of ``visit_id``."""
        if self.pause is not None:  # a probe, or a call that was already in flight
            if self.pause.kind is PauseKind.OUTAGE:
                self.pause = replace(self.pause, detail=detail, probes=self.pause.probes + 1)
            return Verdict(spend_attempt=False)
        self.streak.setdefault(visit_id, job_id)
        if len(self.streak) < self.outage_threshold:
            return Verdict(spend_attempt=True)
        refund = tuple((v, j) for v, j in self.streak.items() if v != visit_id)
        self.streak.clear()
        self.pause = Pause(PauseKind.OUTAGE, now, detail, mono + self.outage_probe_seconds)
        return Verdict(spend_attempt=False, refund=refund, pause_began=self.pause)

    def _interval(self, kind: PauseKind) -> float:
        return self.auth_probe_seconds if kind is PauseKind.AUTH else self.outage_probe_seconds


# --- the tick -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Tick:
    """What to do now."""

    read_days: tuple[date, ...]  # days to read from Khanza (empty: not due)
    send: SendMode
    pause: Pause | None


class ServiceCore:
    """One decision per tick, for both runtimes."""

    def __init__(self, days: DayPlanner, gate: SendGate, worker_seconds: float) -> None:
        self.days = days
        self.gate = gate
        self.worker_seconds = float(worker_seconds)
        self.next_work = -math.inf
        self.work_failures = 0

    def tick(self, mono: float, now: datetime, unfinished: Iterable[date] = ()) -> Tick:
        read = self.days.due(mono, now.date(), unfinished)
        send = self.gate.mode(mono)
        if mono < self.next_work and send is not SendMode.PROBE:
            send = SendMode.WAIT
        return Tick(read, send, self.gate.pause)

    def work_finished(self, mono: float, ok: bool) -> float:
        """A send cycle ended; a failing one (the local store) backs off."""
        self.work_failures = 0 if ok else self.work_failures + 1
        delay = 0.0 if ok else retry_delay(self.work_failures, self.worker_seconds)
        self.next_work = mono + delay
        return delay
