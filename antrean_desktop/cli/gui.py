"""``antrean-desktop gui`` (the default): the operator window."""

from __future__ import annotations

import argparse

from antrean_desktop.config import Config


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
