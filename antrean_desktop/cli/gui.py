"""``antrean-desktop gui`` (the default): the operator window."""

from __future__ import annotations

import argparse

from antrean_desktop.config import Config


def add_parser(sub: argparse._SubParsersAction) -> None:
    gui = sub.add_parser("gui", help="open the operator window (the default)")
    gui.add_argument("--minimized", action="store_true", help="start hidden in the tray")


def run(args: argparse.Namespace, config: Config) -> int:
    from antrean_desktop.app import run_gui

    return run_gui(args, config)
