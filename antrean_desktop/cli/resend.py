"""``antrean-desktop resend``: queue failed or blocked tasks again."""

from __future__ import annotations

import argparse

from antrean_desktop.cli import words
from antrean_desktop.cli.common import (
    EXIT_USAGE,
    CommandFailed,
    ask_sending_desk,
    open_store,
    sending_desk,
    today,
)
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
    from antrean_desktop.pipeline.resend import (
        ResendError,
        check_resend,
        resend,
        resend_failed,
        retry_now,
    )
    from antrean_desktop.store import desk_requests as asks

    language = config.hospital.language
    if args.now:
        if args.visit_id or args.failed or args.task is not None:
            raise CommandFailed(words.RESEND_NOW_ALONE(language), EXIT_USAGE)
        store = open_store(config)
        try:
            desk = sending_desk(store, config)
            if desk is None:
                print(words.RETRY_NOW_QUEUED(language, count=retry_now(store)))
            else:  # another desk sends: it does it (one desk alone writes the send queue)
                count = ask_sending_desk(store, config, desk, asks.RETRY_NOW)
                print(
                    words.BY_DESK(
                        language, what=words.RETRY_NOW_QUEUED.bind(count=count), desk=desk
                    )
                )
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
        desk = sending_desk(store, config)
        if args.failed:
            day = args.date or now
            if desk is None:
                count = resend_failed(store, day, today=now)
            else:
                check_resend(store, None, day, today=now)
                count = ask_sending_desk(store, config, desk, asks.RESEND_FAILED, day=day)
            said = words.RESEND_DAY_QUEUED.bind(count=count, day=day.isoformat())
        else:
            if desk is None:
                count = resend(store, args.visit_id, args.task, today=now)
            else:  # what it cannot do is said here, in full, before it is asked
                check_resend(store, args.visit_id, today=now)
                what = {"visit_id": args.visit_id, "task_id": args.task}
                count = ask_sending_desk(store, config, desk, asks.RESEND, **what)
            said = words.RESEND_VISIT_QUEUED.bind(count=count, visit=args.visit_id)
        print(said(language) if desk is None else words.BY_DESK(language, what=said, desk=desk))
        return 0
    except ResendError as exc:
        raise CommandFailed(exc.text(language)) from None
    finally:
        store.dispose()
