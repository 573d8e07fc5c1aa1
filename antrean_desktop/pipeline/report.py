"""The compliance report from the local store (``report`` command and the dashboard)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from sqlalchemy import select

from antrean_desktop.config import Config
from antrean_desktop.domain.compliance import ComplianceReport, VisitFacts, compliance
from antrean_desktop.domain.words import Said, Text
from antrean_desktop.store.db import Store
from antrean_desktop.store.models import VisitEvent

#: the longest range one report covers
MAX_DAYS = 366


def load_facts(store: Store, start: date, end: date) -> list[VisitFacts]:
    """The visits of ``start``..``end`` (both included), only the columns the figures need."""
    statement = select(
        VisitEvent.visit_date,
        VisitEvent.kodepoli_bpjs,
        VisitEvent.kd_poli,
        VisitEvent.namapoli,
        VisitEvent.jenispasien,
        VisitEvent.status,
        VisitEvent.task_progress,
        VisitEvent.reconcile_mismatches,
    ).where(VisitEvent.visit_date >= start, VisitEvent.visit_date <= end)
    with store.session() as session:
        rows = session.execute(statement).all()
    return [
        VisitFacts(
            r.visit_date,
            r.kodepoli_bpjs or r.kd_poli or "-",
            r.namapoli or r.kodepoli_bpjs or r.kd_poli or "-",
            r.jenispasien,
            r.status,
            r.task_progress or {},
            len(r.reconcile_mismatches or []),
        )
        for r in rows
    ]


class BadRange(Said, ValueError):
    """The days asked for cannot make one report; the message says why."""


END_BEFORE_START = Text(
    "--to {end} lebih awal dari --from {start}", "--to {end} is before --from {start}"
)
RANGE_TOO_LONG = Text(
    "{start}..{end} lebih dari {most} hari; buat satu laporan per tahun",
    "{start}..{end} is longer than {most} days; make one report per year",
)


def check_range(start: date, end: date) -> None:
    if end < start:
        raise BadRange(END_BEFORE_START, end=end.isoformat(), start=start.isoformat())
    if (end - start).days >= MAX_DAYS:
        raise BadRange(RANGE_TOO_LONG, start=start.isoformat(), end=end.isoformat(), most=MAX_DAYS)


def build_report(store: Store, config: Config, start: date, end: date) -> ComplianceReport:
    check_range(start, end)
    return compliance(load_facts(store, start, end), start, end, config.hospital.tasks)


def daily_totals(
    facts: list[VisitFacts], start: date, end: date, enabled_tasks: tuple[int, ...]
) -> list[tuple[date, dict[str, Any]]]:
    """The total figures of each day of ``start``..``end`` (a day without visits included)."""
    by_day: dict[date, list[VisitFacts]] = {}
    for fact in facts:
        by_day.setdefault(fact.visit_date, []).append(fact)
    days = [start + timedelta(days=i) for i in range((end - start).days + 1)]
    return [(day, compliance(by_day.get(day, []), day, day, enabled_tasks).total) for day in days]
