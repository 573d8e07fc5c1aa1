"""Compliance figures per day and clinic: the numbers of the dashboard and of ``report`` (pure).

For each service day and BPJS clinic (``kodepoli``):

- ``jkn_visits``: JKN visits that were not cancelled;
- ``booked``: of those, the visits whose booking (``antrean/add``) is SENT_BPJS;
- ``complete``: booked, and every enabled clinic task (3..7 from ``[hospital] tasks``; 99 is not
  a clinic step) SENT_BPJS;
- ``complete_pct``: complete / jkn_visits x 100, one decimal (null without visits);
- waiting time (task 3 to 4) and service time (task 4 to 5) in whole seconds, median and p90
  (nearest rank), over the visits whose two tasks were both sent -- the times BPJS judges;
- ``differs``: JKN visits whose last reconciliation found BPJS's record different (what the
  hospital may still have to fix; see ``domain/reconcile.py``).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from antrean_desktop.domain.task_progress import readable_progress
from antrean_desktop.domain.tasks import TASK_ORDER, BookingStatus, TaskStatus

SENT = TaskStatus.SENT_BPJS.value
#: the row keys of the report, in order (JSON, CSV and XLSX use them)
COUNTERS = ("jkn_visits", "booked", "complete", "complete_pct", "differs")
TIMES = ("wait_median_s", "wait_p90_s", "service_median_s", "service_p90_s")


@dataclass(frozen=True)
class VisitFacts:
    """The few fields of a visit the figures need."""

    visit_date: date
    kodepoli: str
    clinic: str
    jenispasien: str
    status: str
    task_progress: Mapping[str, Any]
    mismatches: int = 0  # found by the last reconciliation with BPJS


@dataclass
class _Group:
    jkn_visits: int = 0
    booked: int = 0
    complete: int = 0
    differs: int = 0
    waits: list[int] = field(default_factory=list)
    services: list[int] = field(default_factory=list)

    def add(self, other: _Group) -> None:
        self.jkn_visits += other.jkn_visits
        self.booked += other.booked
        self.complete += other.complete
        self.differs += other.differs
        self.waits.extend(other.waits)
        self.services.extend(other.services)

    def figures(self) -> dict[str, Any]:
        pct = round(100 * self.complete / self.jkn_visits, 1) if self.jkn_visits else None
        return {
            "jkn_visits": self.jkn_visits,
            "booked": self.booked,
            "complete": self.complete,
            "complete_pct": pct,
            "differs": self.differs,
            "wait_median_s": median(self.waits),
            "wait_p90_s": percentile(self.waits, 90),
            "service_median_s": median(self.services),
            "service_p90_s": percentile(self.services, 90),
        }


def median(values: list[int]) -> int | None:
    if not values:
        return None
    ordered = sorted(values)
    mid = len(ordered) // 2
    if len(ordered) % 2:
        return ordered[mid]
    return round((ordered[mid - 1] + ordered[mid]) / 2)


def percentile(values: list[int], pct: int) -> int | None:
    """Nearest-rank percentile: the smallest value with at least ``pct`` % at or below it."""
    if not values:
        return None
    ordered = sorted(values)
    return ordered[max(0, math.ceil(pct / 100 * len(ordered)) - 1)]


def _span(progress: Mapping[str, Any], first: int, second: int) -> int | None:
    a, b = progress.get(str(first)) or {}, progress.get(str(second)) or {}
    if a.get("status") != SENT or b.get("status") != SENT:
        return None
    if a.get("waktu") is None or b.get("waktu") is None:
        return None
    return (int(b["waktu"]) - int(a["waktu"])) // 1000


def _one(visit: VisitFacts, clinic_tasks: tuple[int, ...]) -> _Group:
    group = _Group()
    if visit.jenispasien != "JKN" or visit.status == BookingStatus.CANCELLED.value:
        return group
    progress = readable_progress(visit.task_progress)  # a damaged value counts as nothing sent
    group.jkn_visits = 1
    group.differs = 1 if visit.mismatches else 0
    if (progress.get("1") or {}).get("status") == SENT:
        group.booked = 1
        if all((progress.get(str(t)) or {}).get("status") == SENT for t in clinic_tasks):
            group.complete = 1
    wait, service = _span(progress, 3, 4), _span(progress, 4, 5)
    if wait is not None:
        group.waits.append(wait)
    if service is not None:
        group.services.append(service)
    return group


@dataclass(frozen=True)
class ComplianceReport:
    start: date
    end: date
    rows: list[dict[str, Any]]
    total: dict[str, Any]

    def to_json(self) -> dict[str, Any]:
        return {
            "from": self.start.isoformat(),
            "to": self.end.isoformat(),
            "rows": self.rows,
            "total": self.total,
        }


def compliance(
    visits: Iterable[VisitFacts], start: date, end: date, enabled_tasks: Iterable[int]
) -> ComplianceReport:
    """Rows per (day, kodepoli), sorted, and the total over all of them."""
    clinic_tasks = tuple(t for t in TASK_ORDER if t in set(enabled_tasks))
    groups: dict[tuple[date, str], _Group] = {}
    names: dict[tuple[date, str], str] = {}
    for visit in visits:
        if not start <= visit.visit_date <= end:
            continue
        one = _one(visit, clinic_tasks)
        if not one.jkn_visits:
            continue
        key = (visit.visit_date, visit.kodepoli)
        groups.setdefault(key, _Group()).add(one)
        names.setdefault(key, visit.clinic)
    total = _Group()
    rows = []
    for key in sorted(groups):
        total.add(groups[key])
        rows.append(
            {
                "date": key[0].isoformat(),
                "kodepoli": key[1],
                "clinic": names[key],
                **groups[key].figures(),
            }
        )
    return ComplianceReport(start, end, rows, total.figures())
