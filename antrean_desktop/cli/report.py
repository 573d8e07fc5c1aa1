"""``antrean-desktop report --from D --to D [--json | --csv FILE | --xlsx FILE]``."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from antrean_desktop.cli import words
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
    from antrean_desktop.pipeline.report import BadRange, build_report

    language = config.hospital.language
    start = args.start or today(config)
    end = args.end or start
    store = open_store(config)
    try:
        try:
            report = build_report(store, config, start, end)
        except BadRange as exc:
            raise CommandFailed(exc.text(language), 2) from None
    finally:
        store.dispose()
    target = args.csv or args.xlsx
    if target:
        try:
            (write_csv if args.csv else write_xlsx)(report, Path(target), language)
        except OSError as exc:
            detail = exc.strerror or exc
            raise CommandFailed(
                words.CANNOT_WRITE(language, target=target, detail=detail)
            ) from None
        span = {"start": start.isoformat(), "end": end.isoformat()}
        print(words.REPORT_WRITTEN(language, rows=len(report.rows), **span, target=target))
        return 0
    if args.json:
        print(json.dumps(report.to_json(), ensure_ascii=False, indent=1))
        return 0
    print(f"{start.isoformat()}..{end.isoformat()}")
    titles = [title(language) for title in words.REPORT_COLUMNS]
    widths = (-10, -6, -20, 5, 7, 8, 6, 7, 6, 6, 7, 6)  # negative: left-aligned
    print(
        " ".join(
            f"{t:<{-w}}" if w < 0 else f"{t:>{w}}" for t, w in zip(titles, widths, strict=True)
        )
    )
    total = {"date": words.REPORT_TOTAL(language), "kodepoli": "", "clinic": "", **report.total}
    for row in [*report.rows, total]:
        pct = "-" if row["complete_pct"] is None else f"{row['complete_pct']:.1f}"
        print(
            f"{row['date']:<10} {row['kodepoli'][:6]:<6} {row['clinic'][:20]:<20} "
            f"{row['jkn_visits']:>5} {row['booked']:>7} {row['complete']:>8} {pct:>6} "
            f"{row['differs']:>7} "
            f"{_minutes(row['wait_median_s']):>6} {_minutes(row['wait_p90_s']):>6} "
            f"{_minutes(row['service_median_s']):>7} {_minutes(row['service_p90_s']):>6}"
        )
    return 0
