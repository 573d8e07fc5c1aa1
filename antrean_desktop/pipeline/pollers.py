"""The Khanza poller: one ``visit_event`` row per visit, with the booking and the task times.

Every poll reads the WHOLE day by the ``no_rawat`` range (cheap, and no timestamp cursor that
could skip rows sharing a timestamp or lose a task seen before its visit). For each visit the
wanted row is planned from what Khanza says and what the store already holds, compared, and
written only when something differs (re-polling unchanged data writes nothing).

Contract with the builder/worker (they own QUEUED, SENT_BPJS, FAILED_BPJS):

* ``status``: READY_BPJS (booking built), BLOCKED (``blocked_reason`` says why), CANCELLED
  (``reg_periksa.stts = 'Batal'``), IGNORED (NON JKN while ``include_non_jkn`` is off: the row
  is kept so the operator sees the visit, with no payload and an empty ``task_progress``).
* Once the booking is locked (``task_progress["1"]`` QUEUED/SENT_BPJS/FAILED_BPJS or status
  SENT_BPJS/FAILED_BPJS) the poller changes neither the payload, key "1", nor the visit's
  descriptive columns; it only updates task times and marks CANCELLED.
* Tasks 3..7 (enabled ones): DRAFT with ``waktu``/``source``, or BLOCKED with a reason when the
  order rules (:mod:`antrean_desktop.domain.task_rules`) are broken, or BLOCKED without a time
  when this Khanza lacks the task's source (``KhanzaVisit.held``: the reason names the column). QUEUED/SENT entries
  are never changed; a FAILED entry follows a time corrected in Khanza (what a resend sends), or
  becomes BLOCKED when that corrected time breaks the order rules. On a cancelled visit the open entries become BLOCKED (VISIT_CANCELLED).
* 99 (when enabled): DRAFT at the time the cancellation was first noticed, only when the booking
  was sent and task 5 was not; that time is kept on later polls.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy.exc import IntegrityError, OperationalError

from antrean_desktop.config import Config, HospitalConfig
from antrean_desktop.domain import task_rules
from antrean_desktop.domain.booking import VisitFacts, build_booking
from antrean_desktop.domain.reasons import Reason
from antrean_desktop.domain.task_progress import (
    TaskProgress,
    get_task_progress,
    update_task_progress,
)
from antrean_desktop.domain.task_progress import now_ms as current_ms
from antrean_desktop.domain.tasks import BookingStatus, TaskId, TaskStatus
from antrean_desktop.khanza.reader import KhanzaError, KhanzaReader, KhanzaVisit
from antrean_desktop.store.db import Store
from antrean_desktop.store.desk_lease import LeaseLost
from antrean_desktop.store.models import PollState, VisitEvent, utcnow
from antrean_desktop.store.service_state import KHANZA_READ
from antrean_desktop.store.visits import modify_visit, visits_of_day

log = logging.getLogger("antrean.poller")

POLL_STATE_NAME = KHANZA_READ
#: task statuses owned by the builder/worker: the poller never changes such an entry
LOCKED = frozenset(
    {TaskStatus.QUEUED.value, TaskStatus.SENT_BPJS.value, TaskStatus.FAILED_BPJS.value}
)
CANCEL_SOURCE = "reg_periksa.stts=Batal"
_CANCELLED = Reason("VISIT_CANCELLED", {})
#: visit columns the poller fills from Khanza while the booking is not locked
DESCRIPTIVE = (
    "kodebooking",
    "visit_date",
    "registered_at",
    "jenispasien",
    "kd_pj",
    "kd_poli",
    "kodepoli_bpjs",
    "namapoli",
    "kd_dokter",
    "kodedokter_bpjs",
    "namadokter",
    "norm",
    "patient_name",
)


@dataclass
class PollSummary:
    day: date
    visits_seen: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    ready: int = 0
    blocked: int = 0
    cancelled: int = 0
    ignored: int = 0
    errors: int = 0


def _booking(facts: VisitFacts, hospital: HospitalConfig) -> dict[str, Any] | Reason:
    """The ``antrean/add`` body by the hospital's settings, or why it cannot be built yet."""
    return build_booking(
        facts,
        tz=hospital.tz,
        minutes_per_patient=hospital.minutes_per_patient,
        keterangan=hospital.keterangan,
        quotas=hospital.quotas,
    )


def _locked(entry: dict[str, Any] | None) -> bool:
    return bool(entry) and entry.get("status") in LOCKED


def _short(value: str | None, size: int) -> str | None:
    return value.strip()[:size] if value else value


def plan_visit(
    current: VisitEvent | None, visit: KhanzaVisit, config: Config, day: date, now: int
) -> dict[str, Any]:
    """The column values the visit's row should have now (only the columns the poller owns)."""
    facts, hospital = visit.facts, config.hospital
    progress: TaskProgress = get_task_progress(current.task_progress if current else None)
    status_now = current.status if current else None
    booking_locked = _locked(progress.get("1")) or status_now in (
        BookingStatus.SENT_BPJS.value,
        BookingStatus.FAILED_BPJS.value,
    )
    out: dict[str, Any] = {}
    if booking_locked:
        status = status_now
        if visit.cancelled:
            status = BookingStatus.CANCELLED.value
        elif status_now == BookingStatus.CANCELLED.value:  # cancellation undone in Khanza
            sent = progress.get("1", {}).get("status")
            status = {
                TaskStatus.SENT_BPJS.value: BookingStatus.SENT_BPJS.value,
                TaskStatus.FAILED_BPJS.value: BookingStatus.FAILED_BPJS.value,
            }.get(sent, BookingStatus.READY_BPJS.value)
        out["status"] = status
        if status == BookingStatus.FAILED_BPJS.value:
            # BPJS rejected the booking; the fix (a mapping, a referral) is made in Khanza, so
            # keep the payload current: a resend then sends the corrected booking
            booking = _booking(facts, hospital)
            if not isinstance(booking, Reason) and booking["kodebooking"] == current.kodebooking:
                out["payload"] = booking
    else:
        out.update(
            kodebooking=facts.kodebooking,
            visit_date=day,
            registered_at=facts.registered_at,
            jenispasien=facts.jenispasien,
            kd_pj=facts.kd_pj,
            kd_poli=facts.kd_poli,
            kodepoli_bpjs=_short(facts.kd_poli_bpjs, 20),
            namapoli=_short(facts.nm_poli, 60),
            kd_dokter=facts.kd_dokter,
            kodedokter_bpjs=_short(facts.kd_dokter_bpjs, 20),
            namadokter=_short(facts.nm_dokter, 60),
            norm=facts.norm,
            patient_name=_short(facts.nm_pasien, 60),
        )
        if not (facts.jkn or config.khanza.include_non_jkn):
            out.update(
                status=BookingStatus.IGNORED.value,
                payload=None,
                blocked_reason=None,
                task_progress={},
            )
            return out
        if visit.cancelled:
            out.update(status=BookingStatus.CANCELLED.value, payload=None, blocked_reason=None)
            progress = update_task_progress(
                progress, 1, TaskStatus.BLOCKED, reason=_CANCELLED.to_json()
            )
        else:
            booking = _booking(facts, hospital)
            if isinstance(booking, Reason):
                out.update(
                    status=BookingStatus.BLOCKED.value,
                    payload=None,
                    blocked_reason=booking.to_json(),
                )
                progress = update_task_progress(
                    progress, 1, TaskStatus.BLOCKED, reason=booking.to_json()
                )
            else:
                out.update(
                    status=BookingStatus.READY_BPJS.value, payload=booking, blocked_reason=None
                )
                progress = update_task_progress(progress, 1, TaskStatus.DRAFT)
    out["task_progress"] = _plan_tasks(progress, visit, config, day, now)
    return out


def _plan_tasks(
    progress: TaskProgress, visit: KhanzaVisit, config: Config, day: date, now: int
) -> TaskProgress:
    enabled = tuple(config.hospital.tasks)
    ordered = task_rules.ordered_tasks(enabled)
    times: dict[int, int | None] = {}
    for task in ordered:
        entry = progress.get(str(task))
        known = visit.times.get(task)
        if _corrected_after_failure(entry, known):
            times[task] = known.waktu  # what a resend would send: judged by the same rules
        elif _locked(entry):
            times[task] = entry.get("waktu")  # a sent time stays the reference for the next task
        else:
            times[task] = known.waktu if known else None
    blocked = task_rules.blocked_tasks(day, config.hospital.tz, times, enabled)
    for task in ordered:
        key = str(task)
        entry = progress.get(key)
        if _locked(entry):
            known = visit.times.get(task)
            if _corrected_after_failure(entry, known):
                # BPJS refused it; a time corrected in Khanza is what a resend must send, unless
                # the corrected time itself breaks the order rules: then it is BLOCKED (never
                # sent out of order), and the next poll judges it again like any open task
                fields = {"waktu": known.waktu, "source": known.source}
                reason = blocked.get(task)
                if reason is None:
                    progress = {**progress, key: {**entry, **fields}}
                else:
                    progress = update_task_progress(
                        progress, task, TaskStatus.BLOCKED, reason=reason.to_json(), **fields
                    )
            continue
        known = visit.times.get(task)
        if known is None:
            waiting = _not_checked_in(visit) if task == TaskId.CLINIC_WAIT else None
            if waiting is None and not visit.cancelled:
                waiting = visit.held.get(task)  # this Khanza lacks the task's only source
            if waiting is None:
                progress.pop(key, None)
            else:  # say why the time is missing: a Mobile JKN booking's jam_reg is no arrival,
                # or a source this Khanza does not have
                progress = update_task_progress(
                    {**progress, key: {}}, task, TaskStatus.BLOCKED, reason=waiting.to_json()
                )
            continue
        reason = _CANCELLED if visit.cancelled else blocked.get(task)
        fields = {"waktu": known.waktu, "source": known.source}
        if reason is None:
            progress = update_task_progress(progress, task, TaskStatus.DRAFT, **fields)
        else:
            progress = update_task_progress(
                progress, task, TaskStatus.BLOCKED, reason=reason.to_json(), **fields
            )
    if TaskId.CANCELLED in enabled and not _locked(progress.get("99")):
        wanted = visit.cancelled and task_rules.cancellation_due(progress)
        alasan = _cancel_reason(visit, config)
        if not wanted:
            progress.pop("99", None)
        elif "99" not in progress:  # noticed now; never re-stamped later
            progress = update_task_progress(
                progress, 99, TaskStatus.DRAFT, waktu=now, source=CANCEL_SOURCE, alasan=alasan
            )
        elif progress["99"].get("alasan") != alasan:  # the reason written in Khanza later
            progress = {**progress, "99": {**progress["99"], "alasan": alasan}}
    return progress


def _corrected_after_failure(entry: dict[str, Any] | None, known: Any) -> bool:
    """A task BPJS refused (FAILED_BPJS) whose time or source Khanza now gives differently."""
    return (
        bool(entry)
        and entry.get("status") == TaskStatus.FAILED_BPJS.value
        and known is not None
        and (entry.get("waktu"), entry.get("source")) != (known.waktu, known.source)
    )


def _cancel_reason(visit: KhanzaVisit, config: Config) -> str:
    """What antrean/batal says: Khanza's own reason for a cancelled Mobile JKN booking
    (``referensi_mobilejkn_bpjs_batal.keterangan``), else ``[hospital] alasan_batal``."""
    mobile = visit.facts.mobile
    return (mobile.alasan_batal if mobile else "") or config.hospital.alasan_batal


def _not_checked_in(visit: KhanzaVisit) -> Reason | None:
    """Task 3 of a Mobile JKN booking whose patient never checked in has no source."""
    mobile = visit.facts.mobile
    if mobile is None or visit.cancelled or mobile.status == "Checkin":
        return None
    return Reason("NOT_CHECKED_IN", {"status": mobile.status})


def _differences(row: VisitEvent, wanted: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in wanted.items() if getattr(row, k) != v}


def poll_day(
    store: Store, reader: KhanzaReader, config: Config, day: date, now_ms: int | None = None
) -> PollSummary:
    """Read ``day`` from Khanza and bring its ``visit_event`` rows up to date.

    Raises :class:`KhanzaError` when Khanza cannot be read (recorded in ``poll_state``).
    """
    now = current_ms() if now_ms is None else now_ms
    started = utcnow()
    summary = PollSummary(day)
    try:
        visits = reader.read_day(day)
    except KhanzaError as exc:
        log.error("Poll of %s failed: %s", day, exc)
        _record(store, day, started, summary, str(exc))
        raise
    summary.visits_seen = len(visits)
    with store.session() as session:
        existing = {row.visit_id: row for row in visits_of_day(session, day)}
        session.expunge_all()
    for visit in visits:
        try:
            status = _sync_visit(
                store, existing.get(visit.no_rawat), visit, config, day, now, summary
            )
        except (OperationalError, LeaseLost):  # the store fails, or another desk sends now
            raise
        except Exception:  # one bad row must not stop the day; it is retried next poll
            summary.errors += 1
            log.exception("Could not update visit %s", visit.no_rawat)
            continue
        _count(summary, status)
    _record(store, day, started, summary, None)
    return summary


def _count(summary: PollSummary, status: str | None) -> None:
    if status == BookingStatus.READY_BPJS.value:
        summary.ready += 1
    elif status == BookingStatus.BLOCKED.value:
        summary.blocked += 1
    elif status == BookingStatus.CANCELLED.value:
        summary.cancelled += 1
    elif status == BookingStatus.IGNORED.value:
        summary.ignored += 1


def _sync_visit(
    store: Store,
    row: VisitEvent | None,
    visit: KhanzaVisit,
    config: Config,
    day: date,
    now: int,
    summary: PollSummary,
) -> str | None:
    if row is None:
        wanted = plan_visit(None, visit, config, day, now)
        try:
            with store.session() as session:
                session.add(VisitEvent(visit_id=visit.no_rawat, **wanted))
        except IntegrityError:  # another poller inserted it meanwhile: update it instead
            pass
        else:
            summary.created += 1
            log.debug("Created visit %s (%s)", visit.no_rawat, wanted["status"])
            _log_blocked(visit.no_rawat, None, wanted)
            return wanted["status"]
    elif not _differences(row, plan_visit(row, visit, config, day, now)):
        summary.unchanged += 1
        return row.status

    def change(current: VisitEvent, _session: Any) -> tuple[dict[str, Any], dict[str, Any], str]:
        before = {
            "status": current.status,
            "task_progress": get_task_progress(current.task_progress),
        }
        diff = _differences(current, plan_visit(current, visit, config, day, now))
        for key, value in diff.items():
            setattr(current, key, value)
        return before, diff, current.status

    before, diff, status = modify_visit(store, visit.no_rawat, change)
    if diff:
        summary.updated += 1
        _log_update(visit.no_rawat, before, diff)
    else:
        summary.unchanged += 1
    return status


def _log_blocked(visit_id: str, old: dict[str, Any] | None, new: dict[str, Any]) -> None:
    if new.get("status") == BookingStatus.BLOCKED.value and new.get("blocked_reason"):
        if old and old.get("blocked_reason") == new["blocked_reason"]:
            return
        log.warning(
            "Blocked %s: %s", visit_id, Reason.from_json(new["blocked_reason"]).render("en")
        )


def _log_update(visit_id: str, before: dict[str, Any], diff: dict[str, Any]) -> None:
    if "status" in diff and diff["status"] != before["status"]:
        if diff["status"] == BookingStatus.BLOCKED.value:
            _log_blocked(visit_id, None, diff)
        else:
            log.debug("Visit %s is now %s (was %s)", visit_id, diff["status"], before["status"])
    elif "blocked_reason" in diff and diff.get("blocked_reason"):
        _log_blocked(visit_id, None, {"status": BookingStatus.BLOCKED.value, **diff})
    if "payload" in diff and "status" not in diff:
        log.debug("Updated booking payload of %s", visit_id)
    if "task_progress" in diff:
        old, new = before["task_progress"], diff["task_progress"]
        for key in sorted(set(old) | set(new), key=lambda k: int(k)):
            if key == "1" or old.get(key) == new.get(key):
                continue
            name = TaskId(int(key)).name
            entry = new.get(key)
            if entry is None:
                log.debug("Removed %s progress for %s (time no longer in Khanza)", name, visit_id)
            elif entry.get("status") == TaskStatus.BLOCKED.value:
                text = (
                    Reason.from_json(entry.get("reason")).render("en")
                    if entry.get("reason")
                    else ""
                )
                log.warning("Blocked %s of %s: %s", name, visit_id, text)
            else:
                log.debug("Updated %s progress for %s (%s)", name, visit_id, entry.get("status"))
    if set(diff) & set(DESCRIPTIVE):
        log.debug(
            "Updated details of %s: %s", visit_id, ", ".join(sorted(set(diff) & set(DESCRIPTIVE)))
        )


def _record(store: Store, day: date, started: Any, summary: PollSummary, error: str | None) -> None:
    """Keep the last run in ``poll_state`` (the whole day is re-read each poll: no cursor)."""
    try:
        with store.session() as session:
            state = session.get(PollState, POLL_STATE_NAME) or PollState(name=POLL_STATE_NAME)
            state.poll_date = day
            state.last_run_at = started
            state.last_error = error
            state.rows_seen = summary.visits_seen
            if error is None:
                state.last_ok_at = utcnow()
            session.add(state)
    except LeaseLost:
        raise
    except Exception:  # the poll itself is done; a busy store must not turn it into a failure
        log.exception("Could not record the poll state")
