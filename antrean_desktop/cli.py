"""Command line: ``antrean-desktop [--config FILE] {gui,run,sync,status,resend,check,db}``."""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Callable, Sequence
from datetime import date

from antrean_desktop import __version__
from antrean_desktop.config import Config, ConfigError, load_config, redact_url, secret_values

log = logging.getLogger("antrean.cli")

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_USAGE = 2


class CommandError(Exception):
    """A problem the user can act on; printed as one line, exit code attached."""

    def __init__(self, message: str, exit_code: int = EXIT_FAILED) -> None:
        super().__init__(message)
        self.exit_code = exit_code


def _parse_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a date in the form YYYY-MM-DD") from None


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="antrean-desktop",
        description="Reports SIMRS Khanza outpatient queue times to BPJS Antrean RS.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument("--config", metavar="FILE", help="configuration file (TOML)")
    parser.add_argument("-v", "--verbose", action="store_true", help="show debug messages")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    gui = sub.add_parser("gui", help="open the operator window (the default)")
    gui.add_argument("--minimized", action="store_true", help="start hidden in the tray")

    sub.add_parser("run", help="headless service: poll, queue and send until stopped")

    sync = sub.add_parser("sync", help="one full cycle (poll, queue, send) for one day, then exit")
    sync.add_argument("--date", type=_parse_date, help="the day (YYYY-MM-DD); default today")

    status = sub.add_parser("status", help="print a day's visits and the state of every task")
    status.add_argument("--date", type=_parse_date, help="the day (YYYY-MM-DD); default today")
    status.add_argument("--json", action="store_true", help="machine-readable JSON")

    resend = sub.add_parser("resend", help="queue failed or blocked tasks again")
    resend.add_argument("visit_id", nargs="?", help="the visit (no_rawat), e.g. 2026/11/28/000123")
    resend.add_argument("--task", type=int, help="only this task id (1 = booking, 3, 4, 5, ...)")
    resend.add_argument("--failed", action="store_true", help="every failed task of the day")
    resend.add_argument("--date", type=_parse_date, help="the day for --failed; default today")

    sub.add_parser("check", help="test Khanza, the local store, BPJS and the clock")

    db = sub.add_parser("db", help="local store maintenance")
    db_sub = db.add_subparsers(dest="db_command", metavar="ACTION", required=True)
    db_sub.add_parser("upgrade", help="migrate the local store to the newest version")
    db_sub.add_parser("current", help="print the local store's migration version")
    down = db_sub.add_parser("downgrade", help="migrate back to REVISION (back up first)")
    down.add_argument("revision", help="target revision, e.g. base")
    return parser


def cmd_db(args: argparse.Namespace, config: Config) -> int:
    from antrean_desktop.store import migrate
    from antrean_desktop.store.db import make_engine

    engine = make_engine(config.store_url)
    where = redact_url(config.store_url)
    try:
        if args.db_command == "upgrade":
            before = migrate.current_revision(engine)
            migrate.upgrade(engine)
            after = migrate.current_revision(engine)
            if before == after:
                print(f"Store {where} is already at version {after}; nothing to do.")
            else:
                print(f"Store {where} migrated from {before or 'empty'} to {after}.")
        elif args.db_command == "current":
            print(migrate.current_revision(engine) or "empty (no migration applied)")
        elif args.db_command == "downgrade":
            migrate.downgrade(engine, args.revision)
            print(f"Store {where} is now at version {migrate.current_revision(engine) or 'base'}.")
        return EXIT_OK
    except migrate.StoreTooNew as exc:
        raise CommandError(f"Local store {where}: {exc}") from None
    except Exception as exc:
        raise CommandError(f"Local store {where}: {type(exc).__name__}: {exc}") from exc
    finally:
        engine.dispose()


def cmd_gui(args: argparse.Namespace, config: Config) -> int:
    from antrean_desktop.app import run_gui

    return run_gui(args, config)


def _headless(name: str) -> Callable[[argparse.Namespace, Config], int]:
    """A handler from cli_commands, imported only when used (keeps --help fast)."""

    def handler(args: argparse.Namespace, config: Config) -> int:
        from antrean_desktop import cli_commands

        try:
            return getattr(cli_commands, name)(args, config)
        except cli_commands.CommandFailed as exc:
            raise CommandError(str(exc), exc.exit_code) from None

    return handler


HANDLERS: dict[str, Callable[[argparse.Namespace, Config], int]] = {
    "db": cmd_db,
    "gui": cmd_gui,
    "run": _headless("cmd_run"),
    "sync": _headless("cmd_sync"),
    "status": _headless("cmd_status"),
    "resend": _headless("cmd_resend"),
    "check": _headless("cmd_check"),
}


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    command = args.command or "gui"
    args.command = command
    if command == "gui" and not hasattr(args, "minimized"):
        args.minimized = False
    try:
        config = load_config(args.config)
    except ConfigError as exc:
        print(f"antrean-desktop: configuration error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    from antrean_desktop.logging_setup import setup_logging

    setup_logging(
        console=command != "gui",
        level=logging.DEBUG if args.verbose else logging.INFO,
        secrets=secret_values(config),
    )
    try:
        return HANDLERS[command](args, config)
    except CommandError as exc:
        print(f"antrean-desktop {command}: {exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        return 130
