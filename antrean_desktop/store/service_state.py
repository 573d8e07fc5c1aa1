"""Named service states in ``poll_state`` (e.g. "BPJS refused authentication since ..."),
kept in the store so ``status`` and the window can show them."""

from __future__ import annotations

from sqlalchemy.exc import IntegrityError

from antrean_desktop.store.db import Store
from antrean_desktop.store.models import PollState, utcnow


def record_state(store: Store, name: str, problem: str | None) -> None:
    """Set (``problem``) or clear (None) the problem of state ``name``."""
    for _ in range(3):
        try:
            with store.session() as session:
                state = session.get(PollState, name) or PollState(name=name)
                state.last_run_at = utcnow()
                state.last_error = problem
                if problem is None:
                    state.last_ok_at = utcnow()
                session.add(state)
            return
        except IntegrityError:  # another process inserted the row first
            continue
