"""Requests of viewer desks for the sending desk (``desk_command``): "Kirim ulang …" and
"Sinkron sekarang" clicked (or ``resend``/``sync`` typed) on a PC that does not send are
written here; the sending desk carries them out at its next worker tick and writes the result, which the viewer then shows."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select, update

from antrean_desktop.store.db import Store
from antrean_desktop.store.models import DeskCommand, utcnow

RESEND = "resend"
RESEND_FAILED = "resend_failed"
SYNC = "sync"
FIX = "fix"
RETRY_NOW = "retry_now"
KINDS = (RESEND, RESEND_FAILED, SYNC, FIX, RETRY_NOW)


@dataclass(frozen=True)
class Request:
    id: int
    kind: str
    visit_id: str | None
    task_id: int | None
    day: date | None
    requested_by: str


def ask(
    store: Store,
    kind: str,
    desk: str,
    *,
    visit_id: str | None = None,
    task_id: int | None = None,
    day: date | None = None,
) -> int:
    """Write a request for the sending desk; its id."""
    if kind not in KINDS:
        raise ValueError(f"unknown desk request {kind!r}")
    with store.session() as session:
        row = DeskCommand(
            kind=kind,
            visit_id=visit_id,
            task_id=task_id,
            day=day,
            requested_by=desk[:60],
            requested_at=utcnow(),
        )
        session.add(row)
        session.flush()
        return int(row.id)


def waiting(store: Store, limit: int = 20) -> list[Request]:
    """Requests not carried out yet, oldest first."""
    with store.session() as session:
        rows = session.scalars(
            select(DeskCommand)
            .where(DeskCommand.done_at.is_(None))
            .order_by(DeskCommand.id)
            .limit(limit)
        ).all()
        return [Request(r.id, r.kind, r.visit_id, r.task_id, r.day, r.requested_by) for r in rows]


def answer(store: Store, request_id: int, desk: str, result: str) -> bool:
    """Record the result (once: a second desk carrying the same request out loses)."""
    with store.session() as session:
        return (
            session.execute(
                update(DeskCommand)
                .where(DeskCommand.id == request_id, DeskCommand.done_at.is_(None))
                .values(done_at=utcnow(), done_by=desk[:60], result=result[:40])
                .execution_options(synchronize_session=False)
            ).rowcount
            == 1
        )


def result_of(store: Store, request_id: int) -> str | None:
    """The result, or None while the request waits."""
    with store.session() as session:
        row = session.get(DeskCommand, request_id)
        if row is None or row.done_at is None:
            return None
        return row.result or ""
