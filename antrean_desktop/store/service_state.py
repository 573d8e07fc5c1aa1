"""The running service's state kept in the store, so ``status`` (another process) can show it.

Rows of ``poll_state`` (no schema change):

- ``bpjs_pause``: ``cursor`` = the pause kind (AUTH / OUTAGE, empty when sending), ``last_run_at``
  = since, ``last_ok_at`` = the next probe, ``last_error`` = BPJS's words or the network error.
- ``khanza.visits``: the poller's last run of a day; ``last_ok_at`` = its last clean read (a
  viewer desk shows the sending desk's, :func:`last_khanza_read`).
- ``problem:<source>`` (khanza, store, internal): ``cursor`` = how often it happened in a row,
  ``last_run_at`` = since, ``last_error`` = the message (empty once it works again,
  ``last_ok_at`` = when it recovered).

All times are naive UTC like every timestamp of the store. Writing is best effort: the store
may be the part that fails.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError, SQLAlchemyError

from antrean_desktop.store.db import Store
from antrean_desktop.store.models import PollState, utcnow

if TYPE_CHECKING:
    from antrean_desktop.domain.service_core import Pause

log = logging.getLogger("antrean.store")

PAUSE = "bpjs_pause"
PROBLEM = "problem:"
#: the Khanza poller's last run (``pipeline/pollers.py`` writes it)
KHANZA_READ = "khanza.visits"


@dataclass(frozen=True)
class SavedPause:
    kind: str
    since: datetime  # naive UTC
    next_probe_at: datetime | None  # naive UTC
    detail: str


@dataclass(frozen=True)
class SavedProblem:
    source: str
    message: str
    since: datetime  # naive UTC
    count: int


def _upsert(store: Store, name: str, **values: object) -> bool:
    for _ in range(3):
        try:
            with store.session() as session:
                state = session.get(PollState, name) or PollState(name=name)
                for key, value in values.items():
                    setattr(state, key, value)
                session.add(state)
            return True
        except IntegrityError:  # another process inserted the row first
            continue
        except SQLAlchemyError as exc:
            log.debug("could not record %s: %s", name, type(exc).__name__)
            return False
    return False


def save_pause(
    store: Store,
    kind: str | None,
    since: datetime | None = None,
    next_probe_at: datetime | None = None,
    detail: str = "",
) -> bool:
    """Record the pause (``kind`` None: sending again)."""
    return _upsert(
        store,
        PAUSE,
        cursor=kind or "",
        last_run_at=since,
        last_ok_at=next_probe_at,
        last_error=detail if kind else None,
    )


def save_gate_pause(store: Store, pause: Pause | None, mono: float, now: datetime) -> bool:
    """Record the send gate's pause as the operator sees it (AUTH, OUTAGE or the operator's
    HELD; None: sending): its kind, since, next probe (``mono`` and ``now`` place it on the
    wall clock) and detail, in naive UTC."""
    if pause is None:
        return save_pause(store, None)
    probe = pause.next_probe_at(mono, now)
    return save_pause(store, pause.kind.value, _utc(pause.since), _utc(probe), pause.detail)


def _utc(moment: datetime) -> datetime:
    return moment.astimezone(UTC).replace(tzinfo=None, microsecond=0)


def load_pause(store: Store) -> SavedPause | None:
    with store.session() as session:
        state = session.get(PollState, PAUSE)
        if state is None or not state.cursor or state.last_run_at is None:
            return None
        return SavedPause(state.cursor, state.last_run_at, state.last_ok_at, state.last_error or "")


def save_problem(
    store: Store, source: str, message: str | None, since: datetime | None = None, count: int = 0
) -> bool:
    """Record that ``source`` fails with ``message`` (None: it works again)."""
    if message is None:
        return _upsert(store, PROBLEM + source, last_error=None, last_ok_at=utcnow(), cursor="0")
    return _upsert(
        store, PROBLEM + source, last_error=message, last_run_at=since, cursor=str(count)
    )


def load_problems(store: Store) -> list[SavedProblem]:
    with store.session() as session:
        rows = session.scalars(
            select(PollState).where(PollState.name.like(PROBLEM + "%")).order_by(PollState.name)
        ).all()
        return [
            SavedProblem(
                r.name[len(PROBLEM) :], r.last_error, r.last_run_at or utcnow(), int(r.cursor or 0)
            )
            for r in rows
            if r.last_error
        ]


def last_khanza_read(store: Store) -> tuple[datetime | None, str | None]:
    """When the sending desk last read Khanza cleanly (naive UTC) and the Khanza problem it
    saved (None: none): what a viewer desk, which reads no Khanza itself, shows."""
    with store.session() as session:
        state = session.get(PollState, KHANZA_READ)
        problem = session.get(PollState, PROBLEM + "khanza")
        return (
            state.last_ok_at if state is not None else None,
            (problem.last_error or None) if problem is not None else None,
        )
