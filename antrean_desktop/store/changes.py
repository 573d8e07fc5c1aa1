"""Change tracking without clocks: every written ``visit_event`` row gets the next number of a
counter kept in the store (``store_counter``), and readers ask for rows above the last number
they saw.

The counter row is incremented in the same transaction as the visit and stays locked until that
transaction commits, so numbers become visible in the order they were handed out: a reader that
sees number N also sees every number below it. A clock set back, or a second process with another
clock on a shared store, therefore loses nothing.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, event, insert, select, update
from sqlalchemy.orm import Session, sessionmaker

from antrean_desktop.store.models import StoreCounter, VisitEvent

VISIT_CHANGES = "visit_event"


def take_numbers(connection: Connection, name: str, count: int) -> int:
    """Reserve ``count`` numbers of counter ``name``; returns the first. Locks the counter row
    until the transaction ends."""
    result = connection.execute(
        update(StoreCounter)
        .where(StoreCounter.name == name)
        .values(value=StoreCounter.value + count)
    )
    if result.rowcount == 0:  # a store created without the migration's seed row
        connection.execute(insert(StoreCounter).values(name=name, value=count))
    last = connection.execute(select(StoreCounter.value).where(StoreCounter.name == name)).scalar()
    return int(last) - count + 1


def current(session: Session, name: str = VISIT_CHANGES) -> int:
    """The highest number handed out so far (committed or not)."""
    return int(session.scalar(select(StoreCounter.value).where(StoreCounter.name == name)) or 0)


def _stamp_visit_changes(session: Session, _context: Any, _instances: Any) -> None:
    changed = [o for o in session.new if isinstance(o, VisitEvent)]
    changed += [o for o in session.dirty if isinstance(o, VisitEvent) and session.is_modified(o)]
    if not changed:
        return
    first = take_numbers(session.connection(), VISIT_CHANGES, len(changed))
    for offset, visit in enumerate(sorted(changed, key=lambda v: v.visit_id)):
        visit.change_seq = first + offset


def track_changes(sessions: sessionmaker[Session]) -> None:
    """Stamp every visit written through ``sessions`` with the next change number."""
    event.listen(sessions, "before_flush", _stamp_visit_changes)
