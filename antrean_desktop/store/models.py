"""SQLAlchemy 2 models of the local store (SQLite by default, MariaDB/MySQL optional)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from antrean_desktop.domain.task_progress import now_ms


class Base(DeclarativeBase):
    pass


def utcnow() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None, microsecond=0)  # naive UTC on every backend


class VisitEvent(Base):
    """One row per Khanza visit (``no_rawat``) and the progress of every task."""

    __tablename__ = "visit_event"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    visit_id: Mapped[str] = mapped_column(String(20), unique=True, nullable=False)
    kodebooking: Mapped[str] = mapped_column(String(40), nullable=False, index=True)
    visit_date: Mapped[date] = mapped_column(Date, nullable=False, index=True)
    registered_at: Mapped[datetime | None] = mapped_column(DateTime)
    jenispasien: Mapped[str] = mapped_column(String(10), nullable=False, default="JKN")
    kd_pj: Mapped[str | None] = mapped_column(String(5))
    kd_poli: Mapped[str | None] = mapped_column(String(10))
    kodepoli_bpjs: Mapped[str | None] = mapped_column(String(20))
    namapoli: Mapped[str | None] = mapped_column(String(60))
    kd_dokter: Mapped[str | None] = mapped_column(String(20))
    kodedokter_bpjs: Mapped[str | None] = mapped_column(String(20))
    namadokter: Mapped[str | None] = mapped_column(String(60))
    norm: Mapped[str | None] = mapped_column(String(20))
    patient_name: Mapped[str | None] = mapped_column(String(60))
    payload: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    status: Mapped[str] = mapped_column(String(16), nullable=False, index=True)
    blocked_reason: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    task_progress: Mapped[dict[str, Any]] = mapped_column(JSON, nullable=False, default=dict)
    version: Mapped[int] = mapped_column(Integer, nullable=False, default=1)
    created_at: Mapped[datetime] = mapped_column(DateTime, nullable=False, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(
        DateTime, nullable=False, default=utcnow, onupdate=utcnow
    )
    #: when this visit was last compared with what BPJS has (naive UTC), and what differed:
    #: a list of ``domain.reconcile.Mismatch.to_json()`` ([] = BPJS agrees)
    reconciled_at: Mapped[datetime | None] = mapped_column(DateTime)
    reconcile_mismatches: Mapped[list[dict[str, Any]] | None] = mapped_column(JSON)
    #: epoch ms of the last change (for people reading the table; never a cursor: clocks move)
    changed_ms: Mapped[int] = mapped_column(BigInteger, nullable=False, default=now_ms, index=True)
    #: the store's change counter at the last change (``store/changes.py``): the builder's and the
    #: window's cursor. It only goes up, in commit order, whatever any clock says.
    change_seq: Mapped[int] = mapped_column(
        BigInteger, nullable=False, default=0, server_default="0", index=True
    )

    __mapper_args__ = {"version_id_col": version}


class AntreanJob(Base):
    """One send to BPJS: the booking (task 1), a task time (3..7) or the cancellation (99)."""

    __tablename__ = "antrean_job"
    __table_args__ = (
        UniqueConstraint("visit_id", "task_id", name="uq_antrean_job_visit_task"),
        Index("ix_antrean_job_due", "status", "next_attempt_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    visit_id: Mapped[str] = mapped_column(
        String(20), ForeignKey("visit_event.visit_id", ondelete="CASCADE"), nullable=False
    )
    task_id: Mapped[int] = mapped_column(Integer, nullable=False)
    payload: Mapped[dict[str, Any]] = mapped_column(JSON, nullable=False)
    status: Mapped[str] = mapped_column(String(10), nullable=False)
    attempts: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(DateTime, nullable=False, default=utcnow)
    last_error: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    lease_owner: Mapped[str | None] = mapped_column(String(80))
    lease_expires_at: Mapped[datetime | None] = mapped_column(DateTime)
    created_at: Mapped[datetime] = mapped_column(DateTime, nullable=False, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(
        DateTime, nullable=False, default=utcnow, onupdate=utcnow
    )


class SendAttempt(Base):
    """Audit of every HTTP call to BPJS. Secrets are never stored."""

    __tablename__ = "send_attempt"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    job_id: Mapped[int | None] = mapped_column(
        Integer, ForeignKey("antrean_job.id", ondelete="SET NULL"), index=True
    )
    visit_id: Mapped[str | None] = mapped_column(String(20), index=True)
    task_id: Mapped[int | None] = mapped_column(Integer)
    endpoint: Mapped[str] = mapped_column(String(120), nullable=False)
    request_body: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    http_status: Mapped[int | None] = mapped_column(Integer)
    bpjs_code: Mapped[int | None] = mapped_column(Integer)
    bpjs_message: Mapped[str | None] = mapped_column(Text)
    outcome: Mapped[str] = mapped_column(String(20), nullable=False)
    duration_ms: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    created_at: Mapped[datetime] = mapped_column(DateTime, nullable=False, default=utcnow)


class PollState(Base):
    """Per-poller cursor and last run, so a restart does not re-read the world."""

    __tablename__ = "poll_state"

    name: Mapped[str] = mapped_column(String(60), primary_key=True)
    poll_date: Mapped[date | None] = mapped_column(Date)
    cursor: Mapped[str | None] = mapped_column(String(120))
    last_run_at: Mapped[datetime | None] = mapped_column(DateTime)
    last_ok_at: Mapped[datetime | None] = mapped_column(DateTime)
    last_error: Mapped[str | None] = mapped_column(Text)
    rows_seen: Mapped[int] = mapped_column(Integer, nullable=False, default=0)


class StoreCounter(Base):
    """Counters kept by the store itself (``visit_event`` changes); they only go up."""

    __tablename__ = "store_counter"

    name: Mapped[str] = mapped_column(String(40), primary_key=True)
    value: Mapped[int] = mapped_column(BigInteger, nullable=False, default=0)


class DeskLease(Base):
    """The sending desk on a shared store (one row, ``name`` = "sender"): who holds it, the
    fencing generation (one more at every takeover) and the heartbeat (the store server's UTC)."""

    __tablename__ = "desk_lease"

    name: Mapped[str] = mapped_column(String(20), primary_key=True)
    desk: Mapped[str] = mapped_column(String(60), nullable=False)
    process: Mapped[str] = mapped_column(String(80), nullable=False)
    generation: Mapped[int] = mapped_column(BigInteger, nullable=False)
    heartbeat_at: Mapped[datetime] = mapped_column(DateTime, nullable=False)
    since: Mapped[datetime] = mapped_column(DateTime, nullable=False)


class DeskCommand(Base):
    """A request of a viewer desk ("Kirim ulang", "Sinkron sekarang") for the sending desk."""

    __tablename__ = "desk_command"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    kind: Mapped[str] = mapped_column(String(20), nullable=False)
    visit_id: Mapped[str | None] = mapped_column(String(20))
    task_id: Mapped[int | None] = mapped_column(Integer)
    day: Mapped[date | None] = mapped_column(Date)
    requested_by: Mapped[str] = mapped_column(String(60), nullable=False)
    requested_at: Mapped[datetime] = mapped_column(DateTime, nullable=False, default=utcnow)
    done_by: Mapped[str | None] = mapped_column(String(60))
    done_at: Mapped[datetime | None] = mapped_column(DateTime, index=True)
    result: Mapped[str | None] = mapped_column(String(40))
