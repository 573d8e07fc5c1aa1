"""Command line: ``antrean-desktop [--config FILE] {gui,run,sync,status,resend,check,reconcile,report,db}``.

One module per command in this package; each has ``add_parser(sub)`` and ``run(args, config)``.
What a command needs (the pipeline, Qt) is imported inside its ``run``, so ``--help`` stays fast.
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence
from dataclasses import replace

from antrean_desktop import __version__
from antrean_desktop.cli import check, db, gui, reconcile, report, resend, run, status, sync, words
from antrean_desktop.cli.common import EXIT_FAILED, EXIT_OK, EXIT_USAGE, CommandFailed
from antrean_desktop.config import Config, ConfigError, load_config, secret_values

__all__ = ["COMMANDS", "EXIT_FAILED", "EXIT_OK", "EXIT_USAGE", "CommandFailed", "main"]

#: command name -> its module (in the order ``--help`` lists them)
COMMANDS = {
    "gui": gui,
    "run": run,
    "sync": sync,
    "status": status,
    "resend": resend,
    "check": check,
    "reconcile": reconcile,
    "report": report,
    "db": db,
}


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="antrean-desktop",
        description="Reports SIMRS Khanza outpatient queue times to BPJS Antrean RS.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument("--config", metavar="FILE", help="configuration file (TOML)")
    parser.add_argument("-v", "--verbose", action="store_true", help="show debug messages")
    parser.add_argument(
        "--lang",
        choices=words.LANGUAGES,
        help="language of the output: id (Bahasa Indonesia) or en (English); "
        "default [hospital] language of the configuration, else id",
    )
    parser.add_argument(
        "--demo",
        action="store_true",
        help="run COMMAND against the built-in demo hospital and BPJS simulator (all local)",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for module in COMMANDS.values():
        module.add_parser(sub)
    return parser


def run_demo(command: str, args: argparse.Namespace, config: Config) -> int:
    """``--demo COMMAND``: the same command, against the demo hospital and BPJS simulator."""
    from antrean_desktop.demo.session import DemoSession

    with DemoSession(config, ticking=command in ("gui", "run")) as demo_config:
        return COMMANDS[command].run(args, demo_config)


def main(argv: Sequence[str] | None = None) -> int:
    from antrean_desktop.logging_setup import ensure_std_streams

    ensure_std_streams()
    words.use_language(words.early_language(argv))  # a bad --date is named in it too
    parser = build_parser()
    args = parser.parse_args(argv)
    command = args.command or "gui"
    args.command = command
    if command == "gui" and not hasattr(args, "minimized"):
        args.minimized = False
    try:
        # a command that needs no secret does not ask the OS keyring (slow to import and open)
        config = load_config(
            args.config, use_keyring=getattr(COMMANDS[command], "NEEDS_SECRETS", True)
        )
    except ConfigError as exc:
        language = words.language()
        print(words.CONFIG_ERROR(language, detail=exc.text(language)), file=sys.stderr)
        if command == "gui":  # the windowed program has no console: say it in a window too
            gui.tell_config_error(exc, language)
        return EXIT_USAGE
    if args.lang:  # it wins over the file, for every word the command prints
        config = replace(config, hospital=replace(config.hospital, language=args.lang))
    words.use_language(config.hospital.language)
    from antrean_desktop.logging_setup import setup_logging

    setup_logging(
        console=command != "gui",
        level=logging.DEBUG if args.verbose else logging.INFO,
        secrets=secret_values(config),
    )
    try:
        if args.demo:
            return run_demo(command, args, config)
        return COMMANDS[command].run(args, config)
    except CommandFailed as exc:
        print(f"antrean-desktop {command}: {exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        return 130
    except Exception as exc:
        if command != "gui":
            raise
        gui.tell_crash(exc, config.hospital.language)
        return EXIT_FAILED
