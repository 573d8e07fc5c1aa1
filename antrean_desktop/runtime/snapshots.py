"""Plain, immutable copies of store rows that cross from worker threads to the GUI thread.

ORM objects stay on the worker side: the GUI receives these snapshots only, so touching one can
never trigger a lazy load (a database query) on the GUI thread.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from antrean_desktop.domain.desks import DeskState
from antrean_desktop.domain.problem_groups import ProblemGroup
from antrean_desktop.domain.reasons import Reason
from antrean_desktop.domain.send_state import SendFacts
from antrean_desktop.domain.service_core import Pause
from antrean_desktop.domain.task_progress import readable_progress
from antrean_desktop.domain.task_states import DayCounts
from antrean_desktop.domain.words import Said
from antrean_desktop.runtime.problems import Problem
from antrean_desktop.store.models import AntreanJob, SendAttempt, VisitEvent


@dataclass(frozen=True)
class VisitRow:
    """One visit as the table shows it."""

    visit_id: str
    kodebooking: str
    visit_date: date
    registered_at: datetime | None
    jenispasien: str
    norm: str | None
    patient_name: str | None
    kd_poli: str | None
    namapoli: str | None
    kd_dokter: str | None
    namadokter: str | None
    status: str
    blocked_reason: dict[str, Any] | None
    task_progress: dict[str, dict[str, Any]] = field(default_factory=dict)
    change_seq: int = 0  # the store's change number (store/changes.py), the refresh cursor
    reconciled_at: datetime | None = None  # last compared with BPJS (naive UTC)
    reconcile_mismatches: list[dict[str, Any]] = field(default_factory=list)  # what differed

    def task(self, task_id: int) -> dict[str, Any]:
        return self.task_progress.get(str(task_id)) or {}

    @classmethod
    def from_visit(cls, visit: VisitEvent) -> VisitRow:
        return cls(
            visit_id=visit.visit_id,
            kodebooking=visit.kodebooking,
            visit_date=visit.visit_date,
            registered_at=visit.registered_at,
            jenispasien=visit.jenispasien,
            norm=visit.norm,
            patient_name=visit.patient_name,
            kd_poli=visit.kd_poli,
            namapoli=visit.namapoli,
            kd_dokter=visit.kd_dokter,
            namadokter=visit.namadokter,
            status=visit.status,
            blocked_reason=copy.deepcopy(visit.blocked_reason),
            task_progress=copy.deepcopy(readable_progress(visit.task_progress)),
            change_seq=visit.change_seq or 0,
            reconciled_at=visit.reconciled_at,
            reconcile_mismatches=copy.deepcopy(list(visit.reconcile_mismatches or [])),
        )


@dataclass(frozen=True)
class AttemptRow:
    """One BPJS call of the audit (``send_attempt``); secrets are never stored there."""

    id: int
    task_id: int | None
    endpoint: str
    request_body: dict[str, Any] | None
    http_status: int | None
    bpjs_code: int | None
    bpjs_message: str | None
    outcome: str
    duration_ms: int
    created_at: datetime

    @classmethod
    def from_attempt(cls, attempt: SendAttempt) -> AttemptRow:
        return cls(
            id=attempt.id,
            task_id=attempt.task_id,
            endpoint=attempt.endpoint,
            request_body=copy.deepcopy(attempt.request_body),
            http_status=attempt.http_status,
            bpjs_code=attempt.bpjs_code,
            bpjs_message=attempt.bpjs_message,
            outcome=attempt.outcome,
            duration_ms=attempt.duration_ms,
            created_at=attempt.created_at,
        )


@dataclass(frozen=True)
class JobRow:
    task_id: int
    status: str
    attempts: int
    next_attempt_at: datetime | None
    last_error: dict[str, Any] | None

    @classmethod
    def from_job(cls, job: AntreanJob) -> JobRow:
        return cls(
            task_id=job.task_id,
            status=job.status,
            attempts=job.attempts,
            next_attempt_at=job.next_attempt_at,
            last_error=copy.deepcopy(job.last_error),
        )


@dataclass(frozen=True)
class VisitDetail:
    """Everything the detail pane shows for one visit."""

    visit: VisitRow
    jobs: tuple[JobRow, ...]
    attempts: tuple[AttemptRow, ...]


@dataclass(frozen=True)
class PauseState:
    """Sending to BPJS is paused: why, since when, how much waits, when it is tried again.

    ``kind`` is ``"AUTH"`` or ``"OUTAGE"``; ``detail`` is BPJS's words or the network error,
    for the log and ``status --json``: the banner's words come from
    :mod:`antrean_desktop.domain.send_state`.
    """

    kind: str
    since: datetime  # hospital-local
    waiting: int  # jobs waiting to be sent
    next_probe_at: datetime  # hospital-local
    detail: str
    probes: int = 0  # probes that failed since it began

    @classmethod
    def of(cls, pause: Pause, waiting: int, mono: float, now: datetime) -> PauseState:
        return cls(
            kind=pause.kind.value,
            since=pause.since,
            waiting=waiting,
            next_probe_at=pause.next_probe_at(mono, now).replace(microsecond=0),
            detail=pause.detail,
            probes=pause.probes,
        )


@dataclass(frozen=True)
class StatusSnapshot:
    """What the status bar and the banner show."""

    today: date
    day: date
    counts: DayCounts
    queue_depth: int
    last_poll_at: datetime | None = None  # hospital-local time of the last finished poll
    khanza_ok: bool | None = None  # None: not tried yet
    khanza_error: str = ""
    bpjs_ok: bool | None = None
    bpjs_error: str = ""
    auth_problem: str | None = None
    pause: PauseState | None = None  # sending to BPJS is paused (AUTH or OUTAGE)
    store_error: str = ""  # the local store fails (not Khanza!)
    problems: tuple[Problem, ...] = ()  # every failing part, each with since and a repeat count
    send: SendFacts = SendFacts()  # what is true now about sending (banner, BPJS field)
    #: what this Khanza lacks and what it costs (``KhanzaReader.report``): shown once, as a state
    khanza_missing: tuple[Reason, ...] = ()
    #: the day's FAILED/BLOCKED tasks grouped by cause (domain/problem_groups.py), largest first
    groups: tuple[ProblemGroup, ...] = ()
    #: who sends to BPJS (this PC, another desk of a shared store, nobody); None: not known
    desk: DeskState | None = None
    #: the store was migrated by a newer program: this PC does not send ("update this PC")
    store_too_new: Said | None = None
