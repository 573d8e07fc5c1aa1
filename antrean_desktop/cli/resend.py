"""``antrean-desktop resend``: queue failed or blocked tasks again."""

from __future__ import annotations

import argparse

from antrean_desktop.cli.common import EXIT_USAGE, CommandFailed, open_store, today
from antrean_desktop.cli.dates import parse_date
from antrean_desktop.config import Config


def add_parser(sub: argparse._SubParsersAction) -> None:
    resend = sub.add_parser("resend", help="queue failed or blocked tasks again")
    resend.add_argument("visit_id", nargs="?", help="the visit (no_rawat), e.g. 2026/11/28/000123")
    resend.add_argument("--task", type=int, help="only this task id (1 = booking, 3, 4, 5, ...)")
    resend.add_argument("--failed", action="store_true", help="every failed task of the day")
    resend.add_argument("--date", type=parse_date, help="the day for --failed; default today")


def run(args: argparse.Namespace, config: Config) -> int:
    from antrean_desktop.pipeline.resend import ResendError, resend, resend_failed

    if bool(args.visit_id) == bool(args.failed):
        raise CommandFailed("give either a visit id (no_rawat) or --failed", EXIT_USAGE)
    if args.task is not None and not args.visit_id:
        raise CommandFailed("--task needs a visit id", EXIT_USAGE)
    store = open_store(config)
    now = today(config)
    try:
        if args.failed:
            day = args.date or now
            count = resend_failed(store, day, today=now)
            print(
                f"{count} failed task(s) of {day.isoformat()} queued again; they go out on the next send round."
            )
        else:
            count = resend(store, args.visit_id, args.task, today=now)
            print(
                f"{count} task(s) of {args.visit_id} queued again; they go out on the next send round."
            )
        return 0
    except (ResendError, ValueError) as exc:
        raise CommandFailed(str(exc)) from None
    finally:
        store.dispose()
