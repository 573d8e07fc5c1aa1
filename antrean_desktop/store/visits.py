"""Reading and changing ``visit_event`` rows safely from several threads.

Every change is a compare-and-swap on ``version`` (SQLAlchemy's ``version_id_col``): a writer that
lost the race re-reads the row and applies its change again, so no update is ever lost.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from datetime import date
from typing import TypeVar

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from antrean_desktop.domain.task_progress import now_ms
from antrean_desktop.store.db import Store
from antrean_desktop.store.models import VisitEvent

T = TypeVar("T")


class ConflictError(RuntimeError):
    """The row kept changing under us; should not happen outside pathological contention."""


def get_visit(session: Session, visit_id: str) -> VisitEvent | None:
    return session.scalar(select(VisitEvent).where(VisitEvent.visit_id == visit_id))


def visits_of_day(session: Session, day: date) -> list[VisitEvent]:
    return list(
        session.scalars(
            select(VisitEvent).where(VisitEvent.visit_date == day).order_by(VisitEvent.visit_id)
        )
    )


#: MySQL/MariaDB: "Deadlock found when trying to get lock; try restarting transaction"
ER_LOCK_DEADLOCK = 1213


def is_deadlock(exc: OperationalError) -> bool:
    args = getattr(exc.orig, "args", ())
    return bool(args) and args[0] == ER_LOCK_DEADLOCK


def modify_visit(
    store: Store,
    visit_id: str,
    change: Callable[[VisitEvent, Session], T],
    *,
    retries: int = 50,
) -> T:
    """Apply ``change`` to the visit in its own transaction, retrying on a version conflict.

    ``change`` mutates the row (assign NEW dicts to JSON columns) and returns a value; it may be
    called more than once, so it must only depend on the row it is given. ``changed_ms`` is
    bumped when the row was modified.
    """
    last: Exception | None = None
    for attempt in range(retries):
        try:
            with store.session() as session:
                visit = get_visit(session, visit_id)
                if visit is None:
                    raise KeyError(f"visit {visit_id} is not in the local store")
                result = change(visit, session)
                if session.is_modified(visit):
                    visit.changed_ms = now_ms()
                return result
        except (StaleDataError, IntegrityError, OperationalError) as exc:
            # another writer changed the row (or inserted the same job) first, or MariaDB chose
            # this transaction as a deadlock's victim: re-read, re-apply
            if isinstance(exc, OperationalError) and not is_deadlock(exc):
                raise
            last = exc
            time.sleep(random.uniform(0, 0.005 * (attempt + 1)))
    raise ConflictError(f"visit {visit_id}: gave up after {retries} conflicting updates") from last
