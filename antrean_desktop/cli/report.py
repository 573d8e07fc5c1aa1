"""``antrean-desktop report --from D --to D [--json | --csv FILE | --xlsx FILE]``."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from antrean_desktop.cli.common import CommandFailed, open_store, today
from antrean_desktop.cli.dates import parse_date
from antrean_desktop.config import Config


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "report", help="compliance per day and clinic: visits booked and complete, waiting times"
    )
    p.add_argument("--from", dest="start", type=parse_date, help="first day; default today")
    p.add_argument("--to", dest="end", type=parse_date, help="last day; default --from")
    out = p.add_mutually_exclusive_group()
    out.add_argument("--json", action="store_true", help="machine-readable JSON on stdout")
    out.add_argument("--csv", metavar="FILE", help="write CSV to FILE")
    out.add_argument("--xlsx", metavar="FILE", help="write an Excel workbook to FILE")


def _minutes(seconds: int | None) -> str:
    return "-" if seconds is None else f"{seconds // 60}:{seconds % 60:02d}"


def run(args: argparse.Namespace, config: Config) -> int:
    from antrean_desktop.pipeline.export import write_csv, write_xlsx
    from antrean_desktop.pipeline.report import build_report

    start = args.start or today(config)
    end = args.end or start
    store = open_store(config)
    try:
        try:
            report = build_report(store, config, start, end)
        except ValueError as exc:
            raise CommandFailed(str(exc), 2) from None
    finally:
        store.dispose()
    language = config.hospital.language
    target = args.csv or args.xlsx
    if target:
        try:
            (write_csv if args.csv else write_xlsx)(report, Path(target), language)
        except OSError as exc:
            raise CommandFailed(f"{target}: cannot be written: {exc.strerror or exc}") from None
        print(
            f"{len(report.rows)} row(s) for {start.isoformat()}..{end.isoformat()} written to {target}"
        )
        return 0
    if args.json:
        print(json.dumps(report.to_json(), ensure_ascii=False, indent=1))
        return 0
    print(f"{start.isoformat()}..{end.isoformat()}")
    print(
        f"{'date':<10} {'poli':<6} {'clinic':<20} {'JKN':>5} {'booked':>6} {'complete':>8} "
        f"{'%':>6} {'differs':>7} {'wait':>6} {'p90':>6} {'service':>7} {'p90':>6}"
    )
    for row in [*report.rows, {"date": "TOTAL", "kodepoli": "", "clinic": "", **report.total}]:
        pct = "-" if row["complete_pct"] is None else f"{row['complete_pct']:.1f}"
        print(
            f"{row['date']:<10} {row['kodepoli'][:6]:<6} {row['clinic'][:20]:<20} "
            f"{row['jkn_visits']:>5} {row['booked']:>6} {row['complete']:>8} {pct:>6} "
            f"{row['differs']:>7} "
            f"{_minutes(row['wait_median_s']):>6} {_minutes(row['wait_p90_s']):>6} "
            f"{_minutes(row['service_median_s']):>7} {_minutes(row['service_p90_s']):>6}"
        )
    return 0
