"""``antrean-desktop resend``: queue failed or blocked tasks again."""

from __future__ import annotations

import argparse

from antrean_desktop.cli import words
from antrean_desktop.cli.common import EXIT_USAGE, CommandFailed, open_store, today
from antrean_desktop.cli.dates import parse_date, parse_task
from antrean_desktop.config import Config


def add_parser(sub: argparse._SubParsersAction) -> None:
    resend = sub.add_parser("resend", help="queue failed or blocked tasks again")
    resend.add_argument("visit_id", nargs="?", help="the visit (no_rawat), e.g. 2026/11/28/000123")
    resend.add_argument(
        "--task", type=parse_task, help="only this task id (1 = booking, 3, 4, 5, ...)"
    )
    resend.add_argument("--failed", action="store_true", help="every failed task of the day")
    resend.add_argument("--date", type=parse_date, help="the day for --failed; default today")
    resend.add_argument(
        "--now",
        action="store_true",
        help="send the tasks waiting for their next try (network, 5xx) now, without their pause",
    )


def run(args: argparse.Namespace, config: Config) -> int:
    from antrean_desktop.pipeline.resend import ResendError, resend, resend_failed, retry_now

    language = config.hospital.language
    if args.now:
        if args.visit_id or args.failed or args.task is not None:
            raise CommandFailed(words.RESEND_NOW_ALONE(language), EXIT_USAGE)
        store = open_store(config)
        try:
            print(words.RETRY_NOW_QUEUED(language, count=retry_now(store)))
        finally:
            store.dispose()
        return 0
    if bool(args.visit_id) == bool(args.failed):
        raise CommandFailed(words.RESEND_WHICH(language), EXIT_USAGE)
    if args.task is not None and not args.visit_id:
        raise CommandFailed(words.RESEND_TASK_NEEDS_VISIT(language), EXIT_USAGE)
    store = open_store(config)
    now = today(config)
    try:
        if args.failed:
            day = args.date or now
            count = resend_failed(store, day, today=now)
            print(words.RESEND_DAY_QUEUED(language, count=count, day=day.isoformat()))
        else:
            count = resend(store, args.visit_id, args.task, today=now)
            print(words.RESEND_VISIT_QUEUED(language, count=count, visit=args.visit_id))
        return 0
    except ResendError as exc:
        raise CommandFailed(exc.text(language)) from None
    finally:
        store.dispose()
