"""Read-side queries of the local store for the CLI and the GUI (off the GUI thread)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, date, datetime, tzinfo
from typing import Any

from sqlalchemy import Select, String, cast, func, or_, select

from antrean_desktop.domain.send_state import REFUSED_IN_A_ROW, SendFacts, count_gave_up
from antrean_desktop.domain.task_states import DayCounts, count_states
from antrean_desktop.domain.tasks import BookingStatus, JobStatus, TaskStatus
from antrean_desktop.store.db import Store
from antrean_desktop.store.models import AntreanJob, SendAttempt, VisitEvent


def _detached(store: Store, statement: Select[Any]) -> list[Any]:
    """The rows of ``statement``, detached from the session (safe to hand to another thread)."""
    with store.session() as session:
        rows = list(session.scalars(statement).all())
        session.expunge_all()
        return rows


def day_visits(store: Store, day: date) -> list[VisitEvent]:
    """Every visit of ``day``."""
    return _detached(
        store, select(VisitEvent).where(VisitEvent.visit_date == day).order_by(VisitEvent.visit_id)
    )


def visits_changed_since(store: Store, day: date, change_seq: int) -> list[VisitEvent]:
    """Visits of ``day`` changed after change number ``change_seq`` (cheap incremental refreshes;
    ``store/changes.py``)."""
    return _detached(
        store,
        select(VisitEvent)
        .where(VisitEvent.visit_date == day, VisitEvent.change_seq > change_seq)
        .order_by(VisitEvent.visit_id),
    )


def attempts_for_visit(store: Store, visit_id: str) -> list[SendAttempt]:
    return _detached(
        store,
        select(SendAttempt)
        .where(SendAttempt.visit_id == visit_id)
        .order_by(SendAttempt.created_at, SendAttempt.id),
    )


def jobs_for_visit(store: Store, visit_id: str) -> list[AntreanJob]:
    return _detached(
        store,
        select(AntreanJob).where(AntreanJob.visit_id == visit_id).order_by(AntreanJob.task_id),
    )


def queue_depth(store: Store) -> int:
    """Jobs not finished yet (waiting, retrying or being sent)."""
    with store.session() as session:
        return (
            session.scalar(
                select(func.count())
                .select_from(AntreanJob)
                .where(AntreanJob.status.in_([JobStatus.PENDING.value, JobStatus.SENDING.value]))
            )
            or 0
        )


def send_facts(store: Store, visits: Iterable[Any], tz: tzinfo) -> SendFacts:
    """The last BPJS call, the queue and the retries; ``visits`` give the tasks given up.
    Times in ``tz``; the pause is the service's to add."""

    def local(moment: datetime | None) -> datetime | None:
        return moment.replace(tzinfo=UTC).astimezone(tz) if moment else None

    with store.session() as session:
        latest = session.execute(
            select(
                SendAttempt.outcome,
                SendAttempt.http_status,
                SendAttempt.created_at,
                SendAttempt.task_id,
            )
            .order_by(SendAttempt.id.desc())
            .limit(REFUSED_IN_A_ROW)
        ).all()
        last = latest[0] if latest else None
        retrying, next_retry = session.execute(
            select(func.count(), func.min(AntreanJob.next_attempt_at)).where(
                AntreanJob.status == JobStatus.PENDING.value, AntreanJob.attempts > 0
            )
        ).one()
    return SendFacts(
        last_outcome=last.outcome if last else None,
        last_http_status=last.http_status if last else None,
        last_at=local(last.created_at) if last else None,
        last_task=last.task_id if last else None,
        waiting=queue_depth(store),
        retrying=retrying or 0,
        next_retry_at=local(next_retry),
        gave_up=count_gave_up(visits),
        recent=tuple(row.outcome for row in latest),
    )


def day_counts(store: Store, day: date) -> DayCounts:
    return count_states(day_visits(store, day))


#: task states that still wait for BPJS (a time known in Khanza, not sent yet)
_UNSENT = (TaskStatus.DRAFT.value, TaskStatus.QUEUED.value)


def unfinished_days(store: Store, first: date, last: date) -> set[date]:
    """Days from ``first`` to ``last`` that still have work: a job waiting or being sent, or a
    task whose time is known but not sent. The service core reads these days again."""
    unfinished = [JobStatus.PENDING.value, JobStatus.SENDING.value]
    text = cast(VisitEvent.task_progress, String)
    with store.session() as session:
        days = set(
            session.scalars(
                select(VisitEvent.visit_date)
                .join(AntreanJob, AntreanJob.visit_id == VisitEvent.visit_id)
                .where(
                    VisitEvent.visit_date.between(first, last),
                    AntreanJob.status.in_(unfinished),
                )
                .distinct()
            )
        )
        candidates = session.execute(  # a cheap text filter first, then the JSON itself
            select(VisitEvent.visit_date, VisitEvent.status, VisitEvent.task_progress).where(
                VisitEvent.visit_date.between(first, last),
                VisitEvent.visit_date.not_in(days) if days else True,
                or_(*(text.like(f"%{status}%") for status in _UNSENT)),
            )
        ).all()
    for day, status, progress in candidates:
        if day in days or status == BookingStatus.IGNORED.value:
            continue
        cancelled = status == BookingStatus.CANCELLED.value  # only its cancellation may go
        if any(
            entry.get("status") in _UNSENT
            and (key == "1" or entry.get("waktu") is not None)
            and (key == "99" or not cancelled)
            for key, entry in (progress or {}).items()
        ):
            days.add(day)
    return days
