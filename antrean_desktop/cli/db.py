"""``antrean-desktop db upgrade|current|downgrade``: local store maintenance."""

from __future__ import annotations

import argparse

from antrean_desktop.cli import words
from antrean_desktop.cli.common import EXIT_OK, EXIT_STORE_TOO_NEW, CommandFailed
from antrean_desktop.config import Config, redact_url

#: it touches only the local store: no BPJS key or Khanza password is needed
NEEDS_SECRETS = False


def add_parser(sub: argparse._SubParsersAction) -> None:
    db = sub.add_parser("db", help="local store maintenance")
    db_sub = db.add_subparsers(dest="db_command", metavar="ACTION", required=True)
    db_sub.add_parser("upgrade", help="migrate the local store to the newest version")
    db_sub.add_parser("current", help="print the local store's migration version")
    down = db_sub.add_parser("downgrade", help="migrate back to REVISION (back up first)")
    down.add_argument("revision", help="target revision, e.g. base")


def run(args: argparse.Namespace, config: Config) -> int:
    from antrean_desktop.pipeline.errors import STORE_PROBLEM
    from antrean_desktop.store import migrate
    from antrean_desktop.store.db import make_engine

    engine = make_engine(config.store_url)
    where = redact_url(config.store_url)
    language = config.hospital.language
    try:
        if args.db_command == "upgrade":
            before = migrate.current_revision(engine)
            migrate.upgrade(engine)
            after = migrate.current_revision(engine)
            if before == after:
                print(words.DB_ALREADY(language, where=where, version=after))
            else:
                before = before or words.DB_EMPTY
                print(words.DB_MIGRATED(language, where=where, before=before, after=after))
        elif args.db_command == "current":
            print(migrate.current_revision(engine) or words.DB_NO_MIGRATION(language))
        elif args.db_command == "downgrade":
            migrate.downgrade(engine, args.revision)
            version = migrate.current_revision(engine) or "base"
            print(words.DB_NOW_AT(language, where=where, version=version))
        return EXIT_OK
    except migrate.StoreTooNew as exc:
        detail = STORE_PROBLEM(language, where=where, detail=exc)
        raise CommandFailed(detail, EXIT_STORE_TOO_NEW) from None
    except Exception as exc:
        detail = f"{type(exc).__name__}: {exc}"
        raise CommandFailed(STORE_PROBLEM(language, where=where, detail=detail)) from exc
    finally:
        engine.dispose()
