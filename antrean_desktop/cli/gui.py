"""``antrean-desktop gui`` (the default): the operator window."""

from __future__ import annotations

import argparse

from antrean_desktop.config import Config, ConfigError
from antrean_desktop.domain.words import Text

STARTUP_CRASH = Text(
    "Galat tak terduga ({kind}). Rinciannya ada di log: {log}",
    "An unexpected error ({kind}). The details are in the log: {log}",
)


def add_parser(sub: argparse._SubParsersAction) -> None:
    gui = sub.add_parser("gui", help="open the operator window (the default)")
    gui.add_argument("--minimized", action="store_true", help="start hidden in the tray")


def run(args: argparse.Namespace, config: Config) -> int:
    from antrean_desktop.app import first_run, run_gui
    from antrean_desktop.config import is_unconfigured, load_config

    if is_unconfigured(config):  # a first start: set up, or try the demo
        choice = first_run(config)
        if choice is None:
            return 0
        if choice == "demo":
            from antrean_desktop.demo.session import DemoSession

            with DemoSession(config, ticking=True) as demo:
                return run_gui(args, demo)
        config = load_config(args.config)  # what the setup saved, with its secrets
    return run_gui(args, config)


def tell_config_error(exc: ConfigError, language: str) -> None:
    """The window's start with a bad configuration: the message box (the windowed program has
    no console for the line printed on stderr) and the same words in the log file."""
    from antrean_desktop.gui.startup_error import show_startup_error
    from antrean_desktop.logging_setup import setup_logging

    setup_logging(console=False)
    show_startup_error(exc.text(language), exc.file, exc.line, language)


def tell_crash(exc: BaseException, language: str) -> None:
    """The window could not start for another reason: say so and where the log is (the
    exception text itself may hold a secret or a patient's data: only the log gets it)."""
    import logging

    from antrean_desktop.gui.startup_error import show_startup_error
    from antrean_desktop.logging_setup import log_file_path

    logging.getLogger("antrean.app").error("the window failed to start", exc_info=exc)
    message = STARTUP_CRASH(language, kind=type(exc).__name__, log=log_file_path())
    show_startup_error(message, None, None, language)
