"""``antrean-desktop status``: a day's visits, the state of every task, and the service's
state -- whether sending to BPJS is paused (AUTH or OUTAGE) and since when, and which part fails."""

from __future__ import annotations

import argparse
import json
from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

from antrean_desktop.cli import words
from antrean_desktop.cli.common import open_store, summary_line, today
from antrean_desktop.cli.dates import parse_date
from antrean_desktop.config import Config
from antrean_desktop.domain.desks import DeskState
from antrean_desktop.domain.problem_groups import group_lines, problem_groups
from antrean_desktop.domain.reasons import Reason, render
from antrean_desktop.domain.send_state import SendFacts, banner_lines, status_text
from antrean_desktop.domain.task_progress import readable_progress
from antrean_desktop.domain.task_states import TaskState, cell_text, count_states, task_state
from antrean_desktop.store.db import Store

#: it reads only the local store: no BPJS key or Khanza password is needed
NEEDS_SECRETS = False


def add_parser(sub: argparse._SubParsersAction) -> None:
    status = sub.add_parser("status", help="print a day's visits and the state of every task")
    status.add_argument("--date", type=parse_date, help="the day (YYYY-MM-DD); default today")
    status.add_argument("--json", action="store_true", help="machine-readable JSON")


def _local(moment: datetime | None, config: Config) -> datetime | None:
    """A stored naive-UTC time in the hospital's time zone."""
    if moment is None:
        return None
    return moment.replace(tzinfo=UTC).astimezone(config.hospital.tz)


def desk_json(desk: DeskState, config: Config) -> dict[str, Any]:
    """``desk`` of ``status --json``: whether the store is shared, which desk sends (null: none)
    and the last heartbeat of the desk named in the lease (its age on the store server's
    clock). A store of its own (SQLite) is this PC's: ``shared`` false, nothing else known."""
    from antrean_desktop.store.desk_state import desk_name

    beat = _local(desk.heartbeat_at, config) if not desk.stopped else None
    return {
        "shared": desk.shared,
        "active": (desk.holder if desk.shared else desk_name(config)) if desk.active else None,
        "last_desk": desk.holder,
        "heartbeat_at": beat.isoformat() if beat else None,
        "heartbeat_age_seconds": (
            round(desk.age_seconds, 1) if desk.age_seconds is not None and beat else None
        ),
        "takeover_seconds": config.store.takeover_seconds,
        "stopped": desk.stopped,
    }


def desks(store: Store, config: Config) -> DeskState:
    from antrean_desktop.store.desk_state import desk_state

    return desk_state(store, config.store.takeover_seconds)


def service_json(store: Store, config: Config) -> dict[str, Any]:
    """``pause`` (null while sending), ``problems`` and ``desk`` for ``status --json``."""
    from antrean_desktop.store.queries import queue_depth
    from antrean_desktop.store.service_state import load_pause, load_problems

    pause = load_pause(store)
    out: dict[str, Any] = {
        "pause": None,
        "problems": [],
        "desk": desk_json(desks(store, config), config),
    }
    if pause is not None:
        since, probe = _local(pause.since, config), _local(pause.next_probe_at, config)
        out["pause"] = {
            "kind": pause.kind,
            "since": since.isoformat() if since else None,
            "next_probe_at": probe.isoformat() if probe else None,
            "waiting": queue_depth(store),
            "detail": pause.detail,
        }
    for problem in load_problems(store):
        since = _local(problem.since, config)
        out["problems"].append(
            {
                "source": problem.source,
                "message": problem.message,
                "since": since.isoformat() if since else None,
                "count": problem.count,
            }
        )
    return out


def send_facts(store: Store, config: Config, visits: list[Any]) -> SendFacts:
    """What the window's banner is built from, read from the store (the pause included)."""
    from antrean_desktop.store.queries import send_facts as read_facts
    from antrean_desktop.store.service_state import load_pause

    facts = read_facts(store, visits, config.hospital.tz)
    pause = load_pause(store)
    if pause is None:
        return facts
    return replace(
        facts,
        pause_kind=pause.kind,
        pause_since=_local(pause.since, config),
        next_probe_at=_local(pause.next_probe_at, config),
    )


def service_lines(store: Store, config: Config, visits: list[Any]) -> list[str]:
    """The window's BPJS field and banner (the same words), then the failing parts. On a
    shared store, who sends (or that no desk does) comes first."""
    language = config.hospital.language
    facts = send_facts(store, config, visits)
    desk = desks(store, config)
    lines = [desk.banner(language) or desk.who(language)] if desk.shared else []
    lines.append(status_text(facts, language))
    banner = " ".join(banner_lines(facts, language, cli=True))
    if facts.pause_kind is not None:
        pause = service_json(store, config)["pause"] or {}
        detail = pause.get("detail", "")
        if detail:
            lines.append(
                words.PAUSED(language, kind=facts.pause_kind, banner=banner, detail=detail)
            )
        else:
            lines.append(words.PAUSED_PLAIN(language, kind=facts.pause_kind, banner=banner))
    elif banner:
        lines.append(banner)
    lines += group_lines(problem_groups(visits), language, cli=True)  # as the window's banner
    for problem in service_json(store, config)["problems"]:
        params = {
            "since": _hhmm(problem["since"]),
            "count": problem["count"],
            "message": problem["message"],
        }
        text = render(Reason(f"PROBLEM_{problem['source'].upper()}", params), language)
        lines.append(words.PROBLEM(language, text=text))
    return lines


def summary_json(store: Store, visits: list[Any]) -> dict[str, int]:
    """The counts of the text summary line, for ``status --json``."""
    from antrean_desktop.cli.common import waiting_jobs

    counts = count_states(visits)
    return {
        "visits": counts.visits,
        "sent": counts.sent,
        "failed": counts.failed,
        "blocked": counts.blocked,
        "waiting": waiting_jobs(store),
    }


def _hhmm(iso: str | None) -> str:
    return datetime.fromisoformat(iso).strftime("%H:%M") if iso else "-"


def run(args: argparse.Namespace, config: Config) -> int:
    from antrean_desktop.store.queries import day_visits

    day = args.date or today(config)
    store = open_store(config)
    try:
        visits = day_visits(store, day)
        language = config.hospital.language
        if args.json:
            out = {
                "date": day.isoformat(),
                "demo": config.demo,
                "summary": summary_json(store, visits),
                **service_json(store, config),
                "visits": [
                    {
                        "visit_id": v.visit_id,
                        "kodebooking": v.kodebooking,
                        "jenispasien": v.jenispasien,
                        "status": v.status,
                        "blocked_reason": render(v.blocked_reason, language) or None,
                        "blocked_reason_code": getattr(
                            Reason.from_json(v.blocked_reason), "code", None
                        ),
                        "task_progress": v.task_progress,
                        # the last reconciliation with BPJS (docs/reconcile.md): UTC, and what
                        # differed; null before the first one
                        "reconciled_at": (
                            v.reconciled_at.replace(tzinfo=UTC).isoformat()
                            if v.reconciled_at
                            else None
                        ),
                        "reconcile_mismatches": v.reconcile_mismatches,
                    }
                    for v in visits
                ],
            }
            print(json.dumps(out, ensure_ascii=False, indent=1))
            return 0
        tasks = [1, *config.hospital.tasks]
        tz = config.hospital.tz
        print(words.STATUS_HEADER(language, day=day.isoformat(), visits=len(visits)))
        print(
            f"{'no_rawat':<18} {'kodebooking':<18} {'jenis':<7} {'status':<11} "
            + " ".join(f"{t:>7}" for t in tasks)
            + "  "
            + words.COLUMN_PROBLEM(language)
        )
        for v in visits:
            progress = readable_progress(v.task_progress)
            problem = render(v.blocked_reason, language)
            for t in tasks:
                entry = progress.get(str(t)) or {}
                state = task_state(v.status, entry, t)
                if state in (TaskState.FAILED, TaskState.BLOCKED) and not problem:
                    reason = render(entry.get("reason"), language)
                    reason = reason or str(entry.get("failedReason") or "")
                    problem = words.TASK_PROBLEM(language, task=t, reason=reason)
            cells = " ".join(
                f"{cell_text(v.status, progress.get(str(t)), t, tz, language):>7}" for t in tasks
            )
            print(
                f"{v.visit_id:<18} {v.kodebooking[:18]:<18} {v.jenispasien:<7} {v.status:<11} {cells}  {problem}"
            )
        print(summary_line(store, day, language))
        for line in service_lines(store, config, visits):
            print(line)
        return 0
    finally:
        store.dispose()
