"""``antrean-desktop reconcile [--date D] [--fix] [--json]``: what BPJS has, against the store."""

from __future__ import annotations

import argparse
import json
from datetime import datetime

from antrean_desktop.cli import words
from antrean_desktop.cli.common import CommandFailed, open_store, require_bpjs, today
from antrean_desktop.cli.dates import parse_date
from antrean_desktop.config import Config


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "reconcile",
        help="compare a day with what BPJS has recorded (and send again what it lacks)",
    )
    p.add_argument("--date", type=parse_date, help="the service day (YYYY-MM-DD); default today")
    p.add_argument(
        "--fix",
        action="store_true",
        help="send again what BPJS lacks, if the day is still inside BPJS's 7-day window",
    )
    p.add_argument("--json", action="store_true", help="machine-readable JSON")


def _clock(ms: int | None, config: Config) -> str:
    if ms is None:
        return "-"
    return datetime.fromtimestamp(ms / 1000, config.hospital.tz).strftime("%H:%M:%S")


def run(args: argparse.Namespace, config: Config) -> int:
    from antrean_desktop.pipeline.reconcile import ReconcileError, Reconciler
    from antrean_desktop.pipeline.service import Pipeline, make_client

    require_bpjs(config, need_khanza=False)
    language = config.hospital.language
    now = today(config)
    day = args.date or now
    if day > now:
        raise CommandFailed(words.FUTURE_DATE(language, day=day.isoformat()), 2)
    store = open_store(config)
    client = make_client(config)
    try:
        reconciler = Reconciler(store, client, config)
        try:
            report = reconciler.reconcile_day(day)
        except ReconcileError as exc:
            raise CommandFailed(exc.text(language)) from None
        if args.fix:
            queued = reconciler.queue_fixes(report, now)
            if queued:
                pipeline = Pipeline(config, store, client=client)
                try:
                    pipeline.work_due()
                finally:
                    pipeline.close()
            reconciler.settle_fixes(report, queued)
        if args.json:
            print(json.dumps(report.to_json(), ensure_ascii=False, indent=1))
            return 0
        checked = {"day": day.isoformat(), "checked": report.checked}
        print(
            words.RECONCILE_SUMMARY(language, **checked, mismatches=len(report.mismatches))
            + (words.RECONCILE_FIXED(language, fixed=report.fixed) if args.fix else "")
        )
        ours = words.RECONCILE_OURS(language)
        for m in report.mismatches:
            task = (
                words.RECONCILE_BOOKING(language)
                if m.task is None
                else words.RECONCILE_TASK(language, task=m.task)
            )
            print(
                f"  {m.visit_id or '-':<18} {m.kodebooking:<20} {m.kind.value:<18} {task:<8} "
                f"{ours} {_clock(m.ours_ms, config):>8}  BPJS {_clock(m.bpjs_ms, config):>8}"
            )
        left = len(report.fixable(now)) - report.fixed
        if left > 0 and not args.fix:
            print(words.RECONCILE_LEFT(language, left=left))
        return 0
    finally:
        client.close()
        store.dispose()
