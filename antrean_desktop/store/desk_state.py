"""Who sends, as the store says it: the lease row read into :class:`DeskState` (the words are
in ``domain/desks.py``), for the window, ``status`` and ``check`` alike."""

from __future__ import annotations

import socket

from antrean_desktop.config import Config
from antrean_desktop.domain.desks import DeskState
from antrean_desktop.store.db import Store
from antrean_desktop.store.desk_lease import RELEASED_AT, is_shared, read_holder


def desk_name(config: Config) -> str:
    """This desk's name in the lease and in its requests: ``[store] desk_name`` or the PC's."""
    return config.store.desk_name or socket.gethostname()


def desk_state(
    store: Store, takeover_seconds: float, *, this_desk_sends: bool = False, too_new: bool = False
) -> DeskState:
    """Who sends, read from the lease row (one SELECT; none on a desk's own SQLite store)."""
    if not is_shared(store):
        return DeskState(False, this_desk_sends, too_new=too_new)
    holder = None if this_desk_sends else read_holder(store)
    return DeskState(
        True,
        this_desk_sends,
        holder.desk if holder else None,
        holder.age_seconds if holder else None,
        float(takeover_seconds),
        too_new,
        stopped=holder is not None and holder.heartbeat_at <= RELEASED_AT,
        heartbeat_at=holder.heartbeat_at if holder else None,
    )
