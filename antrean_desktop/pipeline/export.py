"""Writing the compliance report as CSV or XLSX (openpyxl). The JSON form is ``to_json()``."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

from antrean_desktop.domain.compliance import COUNTERS, TIMES, ComplianceReport

KEYS = ("date", "kodepoli", "clinic", *COUNTERS, *TIMES)
#: column titles for people (XLSX), in the operator's language
TITLES: dict[str, tuple[str, str]] = {
    "date": ("Tanggal", "Date"),
    "kodepoli": ("Kode poli", "Clinic code"),
    "clinic": ("Poli", "Clinic"),
    "jkn_visits": ("Kunjungan JKN", "JKN visits"),
    "booked": ("Terdaftar di BPJS", "Booked at BPJS"),
    "complete": ("Lengkap", "Complete"),
    "complete_pct": ("% lengkap", "% complete"),
    "differs": ("Beda dengan BPJS", "Differs from BPJS"),
    "wait_median_s": ("Tunggu median (dtk)", "Wait median (s)"),
    "wait_p90_s": ("Tunggu p90 (dtk)", "Wait p90 (s)"),
    "service_median_s": ("Layan median (dtk)", "Service median (s)"),
    "service_p90_s": ("Layan p90 (dtk)", "Service p90 (s)"),
}
TOTAL = ("TOTAL", "TOTAL")


def _lines(report: ComplianceReport, language: str) -> list[dict[str, Any]]:
    total = {"date": TOTAL[language == "en"], "kodepoli": "", "clinic": "", **report.total}
    return [*report.rows, total]


def write_csv(report: ComplianceReport, path: Path, language: str = "id") -> None:
    """One row per day and clinic, then the total; machine-readable keys as the header."""
    with Path(path).open("w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=KEYS, extrasaction="ignore")
        writer.writeheader()
        for line in _lines(report, language):
            writer.writerow({k: "" if line.get(k) is None else line[k] for k in KEYS})


def write_xlsx(report: ComplianceReport, path: Path, language: str = "id") -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    english = language == "en"
    book = Workbook()
    sheet = book.active
    sheet.title = "Compliance" if english else "Kepatuhan"
    sheet.append([f"{report.start.isoformat()} .. {report.end.isoformat()}"])
    sheet.append([TITLES[k][english] for k in KEYS])
    for cell in sheet[2]:
        cell.font = Font(bold=True)
    for line in _lines(report, language):
        sheet.append([line.get(k) for k in KEYS])
    for cell in sheet[sheet.max_row]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "A3"
    for index, key in enumerate(KEYS, start=1):
        width = max(len(TITLES[key][english]), 10) + 2
        sheet.column_dimensions[sheet.cell(row=2, column=index).column_letter].width = width
    book.save(Path(path))
