"""``antrean-desktop check``: test Khanza, the local store, BPJS and the clock."""

from __future__ import annotations

import argparse

from antrean_desktop.config import Config


def add_parser(sub: argparse._SubParsersAction) -> None:
    sub.add_parser("check", help="test Khanza, the local store, BPJS and the clock")


def run(args: argparse.Namespace, config: Config) -> int:
    from antrean_desktop.pipeline.checks import run_checks

    ok = True
    for result in run_checks(config):
        print(result.line(config.hospital.language), flush=True)
        ok = ok and result.ok
    return 0 if ok else 1
