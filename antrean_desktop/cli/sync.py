"""``antrean-desktop sync``: one full cycle (read, queue, send) for a day, then exit."""

from __future__ import annotations

import argparse
from datetime import timedelta

from sqlalchemy.exc import SQLAlchemyError

from antrean_desktop.cli import words
from antrean_desktop.cli.common import (
    CommandFailed,
    ask_sending_desk,
    open_store,
    require_bpjs,
    sending_desk,
    summary_line,
    today,
)
from antrean_desktop.cli.dates import parse_date, parse_days
from antrean_desktop.config import Config
from antrean_desktop.store.db import Store
from antrean_desktop.store.desk_lease import DeskLease


def add_parser(sub: argparse._SubParsersAction) -> None:
    sync = sub.add_parser("sync", help="one full cycle (poll, queue, send) for one day, then exit")
    sync.add_argument("--date", type=parse_date, help="the day (YYYY-MM-DD); default today")
    sync.add_argument(
        "--days",
        type=parse_days,
        default=1,
        metavar="N",
        help="read that day and the N-1 days before it (default 1; at most 8, BPJS's window)",
    )


def run(args: argparse.Namespace, config: Config) -> int:
    from antrean_desktop.domain.service_core import PauseKind
    from antrean_desktop.pipeline.errors import KhanzaUnavailable, StoreUnavailable
    from antrean_desktop.pipeline.service import Pipeline, store_problem

    require_bpjs(config)
    language = config.hospital.language
    last = args.date or today(config)
    days = [last - timedelta(days=n) for n in range(args.days - 1, -1, -1)]
    store = open_store(config)
    desk = sending_desk(store, config)
    lease = None if desk else _lease(store, config)
    if lease is None or not lease.held:  # another desk sends from this shared store: it does it
        try:
            return _sync_by(store, config, desk or sending_desk(store, config) or "?", days)
        finally:
            store.dispose()
    pipeline = Pipeline(config, lease.fenced() if lease.shared else store)
    try:
        try:
            for day in days:
                pipeline.poll(day)
            pipeline.build()
            pipeline.work_due()
        except KhanzaUnavailable as exc:
            raise CommandFailed(words.KHANZA_CANNOT_READ(language, detail=exc)) from None
        except StoreUnavailable as exc:
            cause = exc.__cause__ or exc
            raise CommandFailed(store_problem(config, cause, language)) from None
        except SQLAlchemyError as exc:
            raise CommandFailed(store_problem(config, exc, language)) from None
        for day in days:
            print(summary_line(store, day, language))
        pause = pipeline.pause
        if pause is not None and pause.kind is PauseKind.OUTAGE:
            print(words.SYNC_OUTAGE(language, detail=pause.detail))
        if pipeline.auth_problem:
            raise CommandFailed(words.SYNC_AUTH(language, detail=pipeline.auth_problem))
        return 0
    finally:
        pipeline.close()
        lease.release()
        store.dispose()


def _lease(store: Store, config: Config) -> DeskLease:
    """On a shared store no desk sends now: this command is the sending desk while it runs
    (its writes fenced as a desk's, so a desk that takes over meanwhile wins)."""
    from antrean_desktop.runtime.service import make_owner
    from antrean_desktop.store.desk_state import desk_name

    lease = DeskLease(store, desk_name(config), make_owner(), config.store.takeover_seconds)
    lease.beat()
    return lease


def _sync_by(store: Store, config: Config, desk: str, days: list) -> int:
    """The sending desk reads today (what its "Sinkron sekarang" reads) and sends."""
    from antrean_desktop.store import desk_requests as asks

    language = config.hospital.language
    ask_sending_desk(store, config, desk, asks.SYNC)
    print(words.SYNC_BY_DESK(language, desk=desk))
    for day in days:
        print(summary_line(store, day, language))
    return 0
