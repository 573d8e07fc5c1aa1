"""The compliance dashboard offscreen with data: the store's figures, BPJS's own figures from the
simulator over real HTTP, the 30-day charts, and the export -- all loaded off the GUI thread."""

from __future__ import annotations

import statistics
from dataclasses import replace

from openpyxl import load_workbook

from antrean_desktop.config import BpjsConfig, Config
from antrean_desktop.gui.dashboard import minutes, percent
from antrean_desktop.sim.bpjs_server import BpjsSimulator
from tests.gui.compliance_data import CLINICS, seed
from tests.gui.window_env import open_window

CONS, SECRET, USER_KEY = "c-dash", "s-dash", "u-dash"


def _sent(visit, task: int) -> bool:
    return visit.task_progress.get(str(task), {}).get("status") == "SENT_BPJS"


def _span_s(visit, first: int, second: int) -> int:
    return (
        visit.task_progress[str(second)]["waktu"] - visit.task_progress[str(first)]["waktu"]
    ) // 1000


def test_dashboard_renders_the_day_with_bpjs_figures_and_exports(
    qtbot, sqlite_store, today, tmp_path, no_thread_leak
):
    with BpjsSimulator(CONS, SECRET, USER_KEY) as sim:
        config = replace(
            Config(),
            bpjs=BpjsConfig(
                base_url=sim.base_url, cons_id=CONS, secret_key=SECRET, user_key=USER_KEY
            ),
        )
        visits = seed(sqlite_store, today, 30, sim)
        env = open_window(qtbot, config, sqlite_store)
        try:
            dash = env.window.open_dashboard()
            qtbot.waitUntil(lambda: dash.data is not None, timeout=15000)
            assert dash.isVisible() and dash.data.bpjs_note == ""
            work = dash.screen().availableGeometry()  # it fits the work area, TOTAL row too
            assert dash.height() + 40 <= work.height()

            # the day's rows, worked out here from the visits themselves
            todays = [v for v in visits if v.visit_date == today]
            table = {
                dash.table.item(r, 0).text(): [
                    dash.table.item(r, c).text() for c in range(dash.table.columnCount())
                ]
                for r in range(dash.table.rowCount())
            }
            assert len(table) == len(CLINICS) + 1
            for kodepoli, clinic in CLINICS:
                mine = [v for v in todays if v.kodepoli_bpjs == kodepoli]
                booked = [v for v in mine if _sent(v, 1)]
                complete = [v for v in booked if all(_sent(v, t) for t in (3, 4, 5))]
                waits = [_span_s(v, 3, 4) for v in booked]
                row = table[f"{clinic} ({kodepoli})"]
                assert row[1:5] == [
                    str(len(mine)),
                    str(len(booked)),
                    str(len(complete)),
                    percent(round(100 * len(complete) / len(mine), 1)),
                ]
                assert row[5] == str(sum(1 for v in mine if v.reconcile_mismatches))
                assert row[6] == minutes(round(statistics.median(waits)))
                # BPJS's own average of the same waits (the simulator keeps the times we sent)
                assert row[10] == minutes(round(statistics.mean(waits)))
            total = table["TOTAL"]
            assert total[1] == str(len(todays))
            # a median reads as a duration, never like a time of day (issue 22 point 10) ...
            assert total[6].endswith((" mnt", " dtk")) and ":" not in total[6], total[6]
            assert minutes(720) == "12 mnt" and minutes(45) == "45 dtk" and minutes(None) == "-"
            # ... and the TOTAL row is in view, not cut at the table's bottom edge, also in a
            # low window (520 px: the dashboard beside a taskbar and the main window)
            dash.resize(1280, 520)
            last = dash.table.rowCount() - 1

            def total_in_view() -> bool:
                bottom = dash.table.rowViewportPosition(last) + dash.table.rowHeight(last)
                return 0 <= dash.table.rowViewportPosition(last) and bottom <= (
                    dash.table.viewport().height()
                )

            qtbot.waitUntil(total_in_view, timeout=5000)

            # 30 days of trend, today's bar last; BPJS's line drawn beside ours
            series = dash.chart_series()
            assert len(series["complete_pct"]) == 30
            assert series["complete_pct"][-1] == float(total[4].split()[0])
            assert len(series["wait_bpjs"]) == 30
            assert all(v == v for v in series["wait_bpjs"])  # no gaps: every day was recorded

            # the export button's work, off the GUI thread
            target = tmp_path / "kepatuhan.xlsx"
            dash.export_to(str(target))
            qtbot.waitUntil(lambda: "disimpan" in dash.state_label.text(), timeout=15000)
            sheet = load_workbook(target).active
            last = [c.value for c in sheet[sheet.max_row]]
            assert last[0] == "TOTAL" and last[3] == len(visits)
        finally:
            env.stop()
            env.window.dashboard.close()


def test_dashboard_without_credentials_shows_ours_and_says_why(
    qtbot, gui_config, sqlite_store, today, no_thread_leak
):
    seed(sqlite_store, today, 3)
    env = open_window(qtbot, gui_config, sqlite_store)
    try:
        dash = env.window.open_dashboard()
        qtbot.waitUntil(lambda: dash.data is not None, timeout=15000)
        assert "tidak tersedia" in dash.state_label.text()
        assert dash.table.rowCount() == len(CLINICS) + 1
        assert dash.table.item(0, 10).text() == "-"
        assert "wait_bpjs" not in dash.chart_series()
    finally:
        env.stop()


def test_dashboard_speaks_english_when_asked(qtbot, qapp):
    from PySide6.QtCore import QCoreApplication

    from antrean_desktop.gui.dashboard import DashboardWidget
    from antrean_desktop.gui.i18n import install_translator

    class IdleRuntime:
        def today(self):
            from datetime import date

            return date(2026, 11, 28)

    translator = install_translator(qapp, "en")
    try:
        dash = DashboardWidget(IdleRuntime())
        qtbot.addWidget(dash)
        assert dash.refresh_button.text() == "Refresh"
        headers = [dash.table.horizontalHeaderItem(i).text() for i in range(12)]
        assert headers[1:4] == ["JKN", "Booked", "Complete"]
        assert dash.table.horizontalHeaderItem(2).toolTip() == "BPJS accepted the booking"
    finally:
        QCoreApplication.removeTranslator(translator)


def test_the_dashboard_opens_within_the_desks_work_area():
    from PySide6.QtCore import QRect, QSize

    from antrean_desktop.gui.main_window import dashboard_size

    assert dashboard_size(QRect(0, 0, 1366, 728)) == QSize(1200, 688)  # 1366x768, a taskbar
    assert dashboard_size(QRect(0, 0, 1920, 1040)) == QSize(1200, 760)
    assert dashboard_size(None) == QSize(1200, 760)
