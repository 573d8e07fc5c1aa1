"""What the compliance dashboard shows, loaded off the GUI thread (store + BPJS's own figures).

The window asks the runtime (``Runtime.request_dashboard``); the runtime runs
:func:`load_dashboard` on a scheduler thread and publishes a :class:`DashboardData` through the
bridge. BPJS's figures come from ``dashboard/waktutunggu`` (one call for the day, one per month of
the trend), spaced like the reconciliation calls.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from antrean_desktop.bpjs import BpjsClient
from antrean_desktop.bpjs.ratelimit import RateLimiter
from antrean_desktop.config import Config
from antrean_desktop.domain.compliance import compliance
from antrean_desktop.domain.task_states import TREND_DAYS
from antrean_desktop.pipeline.report import daily_totals, load_facts
from antrean_desktop.store.db import Store

log = logging.getLogger("antrean.dashboard")


@dataclass(frozen=True)
class BpjsFigures:
    """BPJS's own waiting and service times (``avg_waktu_task3`` / ``avg_waktu_task4``)."""

    queued: int  # jumlah_antrean
    wait_avg_s: int | None
    service_avg_s: int | None


@dataclass(frozen=True)
class DashboardData:
    day: date
    start: date  # first day of the trend
    rows: tuple[dict[str, Any], ...]  # ours, per clinic, for ``day``
    total: dict[str, Any]
    trend: tuple[tuple[date, dict[str, Any]], ...]  # ours, the total of each day
    bpjs_day: dict[str, BpjsFigures] = field(default_factory=dict)  # kodepoli -> figures
    bpjs_trend: dict[date, BpjsFigures] = field(default_factory=dict)  # all clinics per day
    bpjs_total: BpjsFigures | None = None  # all clinics of ``day``
    bpjs_note: str = ""  # why BPJS's figures are missing ('' when they are there)


def _figures(rows: list[dict[str, Any]]) -> BpjsFigures:
    """Several clinics' rows into one, each clinic's average weighted by its queue."""
    queued = sum(int(r.get("jumlah_antrean") or 0) for r in rows)

    def weighted(key: str) -> int | None:
        parts = [(int(r.get(key) or 0), int(r.get("jumlah_antrean") or 0)) for r in rows]
        weight = sum(n for value, n in parts if value)
        return round(sum(value * n for value, n in parts if value) / weight) if weight else None

    return BpjsFigures(queued, weighted("avg_waktu_task3"), weighted("avg_waktu_task4"))


def _bpjs(
    client: BpjsClient, config: Config, day: date, start: date
) -> tuple[dict[str, BpjsFigures], dict[date, BpjsFigures], BpjsFigures | None, str]:
    limiter = RateLimiter(config.reconcile.calls_per_second)
    limiter.wait()
    answer = client.waktutunggu_tanggal(day.isoformat(), "rs")
    if not answer.ok:
        return {}, {}, None, f"{answer.outcome.value}: {answer.message}"
    rows = [row for row in answer.data or [] if isinstance(row, dict)]
    per_clinic: dict[str, list[dict[str, Any]]] = {}
    for row in rows:
        per_clinic.setdefault(str(row.get("kodepoli", "")), []).append(row)
    by_clinic = {k: _figures(v) for k, v in per_clinic.items()}
    total = _figures(rows) if rows else None
    months = sorted({(d.year, d.month) for d in (start, day)})
    per_day: dict[date, list[dict[str, Any]]] = {}
    for year, month in months:
        limiter.wait()
        monthly = client.waktutunggu_bulan(month, year, "rs")
        if not monthly.ok:
            return by_clinic, {}, total, f"{monthly.outcome.value}: {monthly.message}"
        for row in monthly.data or []:
            try:
                when = date.fromisoformat(str(row.get("tanggal", ""))[:10])
            except (AttributeError, ValueError):
                continue
            if start <= when <= day:
                per_day.setdefault(when, []).append(row)
    return by_clinic, {d: _figures(v) for d, v in per_day.items()}, total, ""


def load_dashboard(
    store: Store,
    config: Config,
    day: date,
    client_factory: Callable[[], BpjsClient] | None = None,
) -> DashboardData:
    start = day - timedelta(days=TREND_DAYS - 1)
    tasks = tuple(config.hospital.tasks)
    facts = load_facts(store, start, day)
    today = compliance(facts, day, day, tasks)
    trend = daily_totals(facts, start, day, tasks)
    bpjs_day: dict[str, BpjsFigures] = {}
    bpjs_trend: dict[date, BpjsFigures] = {}
    bpjs_total: BpjsFigures | None = None
    if client_factory is None:
        note = "BPJS credentials not set"
    else:
        client = client_factory()
        try:
            bpjs_day, bpjs_trend, bpjs_total, note = _bpjs(client, config, day, start)
        finally:
            client.close()
        if note:
            log.warning("BPJS dashboard figures not available: %s", note)
    return DashboardData(
        day,
        start,
        tuple(today.rows),
        today.total,
        tuple(trend),
        bpjs_day,
        bpjs_trend,
        bpjs_total,
        note,
    )


def bpjs_client_factory_for(config: Config) -> Callable[[], BpjsClient] | None:
    """A BPJS client maker when the configuration has credentials, else None."""
    if not (config.bpjs.cons_id and config.bpjs.secret_key and config.bpjs.user_key):
        return None

    def make() -> BpjsClient:
        from antrean_desktop.pipeline.service import make_client

        return make_client(config)

    return make


def export_report(store: Store, config: Config, start: date, end: date, path: str) -> None:
    """The compliance report of ``start``..``end`` into ``path``: .csv, else Excel."""
    from pathlib import Path

    from antrean_desktop.pipeline.export import write_csv, write_xlsx
    from antrean_desktop.pipeline.report import build_report

    report = build_report(store, config, start, end)
    write = write_csv if path.lower().endswith(".csv") else write_xlsx
    write(report, Path(path), config.hospital.language)
    log.info("compliance report %s..%s written to %s", start, end, path)
