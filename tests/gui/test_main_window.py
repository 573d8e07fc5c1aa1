from __future__ import annotations

import logging
import threading
from datetime import timedelta

import pytest
import requests
from PySide6.QtCore import Qt

from antrean_desktop.store.db import Store
from antrean_desktop.store.visits import get_visit
from tests.gui.window_env import open_window, select_visit
from tests.runtime.factories import add_attempt, realistic_day


@pytest.fixture
def day_ids(sqlite_store, today):
    ids = realistic_day(sqlite_store, today, 24)
    add_attempt(
        sqlite_store,
        ids[5],
        3,
        "PERMANENT",
        "Waktu (28-11-2026 07:21:00 WIB) tidak boleh kurang atau sama dengan waktu sebelumnya",
    )
    return ids


def task_status(store, visit_id, task_id):
    with store.session() as session:
        return get_visit(session, visit_id).task_progress[str(task_id)]["status"]


def test_window_shows_the_day_and_the_detail_of_a_visit(
    qtbot, gui_config, sqlite_store, day_ids, no_thread_leak
):
    env = open_window(qtbot, gui_config, sqlite_store)
    try:
        w = env.window
        qtbot.waitUntil(lambda: w.model.rowCount() == 24, timeout=5000)
        failed = day_ids[5]  # seq 6: task 3 FAILED_BPJS
        select_visit(w, failed)
        qtbot.waitUntil(lambda: w.detail.visit_id == failed, timeout=5000)
        text = w.detail.text.toPlainText()
        assert (
            "Waktu (28-11-2026 07:21:00 WIB) tidak boleh kurang atau sama dengan waktu sebelumnya"
            in text
            and "antrean/updatewaktu" in text
        )
        assert "Ditolak BPJS (kode 201)" in text
        qtbot.waitUntil(lambda: "24 kunjungan" in w.counts_label.text(), timeout=5000)
        assert not w.banner.isVisible()
    finally:
        env.stop()


def test_resend_from_the_detail_pane_reaches_the_store(
    qtbot, gui_config, sqlite_store, day_ids, no_thread_leak
):
    env = open_window(qtbot, gui_config, sqlite_store)
    try:
        w = env.window
        qtbot.waitUntil(lambda: w.model.rowCount() == 24, timeout=5000)
        failed = day_ids[5]
        select_visit(w, failed)
        qtbot.waitUntil(lambda: w.detail.visit_id == failed, timeout=5000)
        w.detail.select_task(3)
        assert w.detail.resend_task.isEnabled()
        qtbot.mouseClick(w.detail.resend_task, Qt.MouseButton.LeftButton)
        # fake resend re-queues, the kicked worker sends it
        qtbot.waitUntil(lambda: task_status(sqlite_store, failed, 3) == "SENT_BPJS", timeout=5000)
        row = w.model.row_of(failed)
        qtbot.waitUntil(
            lambda: w.model.row_at(row).task(3).get("status") == "SENT_BPJS", timeout=5000
        )
        assert w.model.rowCount() == 24
    finally:
        env.stop()


def test_gui_thread_never_touches_the_database_or_the_network(
    qtbot, gui_config, sqlite_store, day_ids, monkeypatch, tmp_path, no_thread_leak
):
    calls: list[tuple[str, bool]] = []
    real_session = Store.session
    real_request = requests.Session.request

    def session(self):
        calls.append(("db", threading.current_thread() is threading.main_thread()))
        return real_session(self)

    def request(self, *args, **kwargs):
        calls.append(("http", threading.current_thread() is threading.main_thread()))
        return real_request(self, *args, **kwargs)

    monkeypatch.setattr(Store, "session", session)
    monkeypatch.setattr(requests.Session, "request", request)
    from sqlalchemy import event

    engine_calls: list[bool] = []

    def on_execute(*_args):
        engine_calls.append(threading.current_thread() is threading.main_thread())

    event.listen(sqlite_store.engine, "before_cursor_execute", on_execute)
    env = open_window(qtbot, gui_config, sqlite_store, refresh_seconds=0.1)
    try:
        w = env.window
        qtbot.waitUntil(lambda: w.model.rowCount() == 24, timeout=5000)
        qtbot.wait(500)  # several refreshes
        select_visit(w, day_ids[5])
        qtbot.waitUntil(lambda: w.detail.visit_id == day_ids[5], timeout=5000)
        w.detail.select_task(3)
        qtbot.mouseClick(w.detail.resend_task, Qt.MouseButton.LeftButton)
        w.search.setText("a")
        w.filter.setCurrentIndex(1)
        w.sync_now()
        qtbot.waitUntil(
            lambda: w.model.row_at(w.model.row_of(day_ids[5])).task(3).get("status") == "SENT_BPJS",
            timeout=5000,
        )
        # every other button that leads to the store: the work goes to the runtime's threads
        w.detail.copy_text()
        w.confirm = lambda title, question: True
        w.fix_at_bpjs(day_ids[5])
        w.resend_failed()
        w.banner_button.click()
        yesterday = w.date_edit.date().addDays(-1)
        w.date_edit.setDate(yesterday)
        qtbot.waitUntil(lambda: w.model.day == yesterday.toPython(), timeout=5000)
        w.date_edit.setDate(yesterday.addDays(1))
        dash = w.open_dashboard()
        qtbot.waitUntil(lambda: dash.data is not None, timeout=15000)
        report = tmp_path / "kepatuhan.csv"
        dash.export_to(str(report))
        qtbot.waitUntil(report.is_file, timeout=15000)
        qtbot.waitUntil(lambda: w.model.day == yesterday.toPython() + timedelta(days=1))
    finally:
        env.stop()
        event.remove(sqlite_store.engine, "before_cursor_execute", on_execute)
    assert calls and engine_calls, "the wrappers saw nothing: the test proves nothing"
    assert not [c for c in calls if c[1]], "database/network used on the GUI thread"
    assert not any(engine_calls), "SQL executed on the GUI thread"


def test_auth_problem_shows_a_banner(qtbot, gui_config, sqlite_store, day_ids, no_thread_leak):
    env = open_window(qtbot, gui_config, sqlite_store)
    try:
        env.pipeline.auth_problem = "HTTP 401: cons-id tidak valid"
        qtbot.waitUntil(lambda: env.window.banner.isVisible(), timeout=5000)
        text = env.window.banner_label.text()
        assert text.startswith("BPJS menolak autentikasi sejak ") and "Pengaturan" in text
        assert "cons-id tidak valid" not in text, "BPJS's words go to the detail pane and the log"
        assert env.window.poll_label.text().startswith("Baca Khanza terakhir: "), "no 'Poll'"
        qtbot.mouseClick(env.window.banner_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: not env.window.banner.isVisible(), timeout=5000)
        assert "clear_auth_problem" in env.pipeline.names()
    finally:
        env.stop()


def test_an_outage_shows_since_when_how_much_waits_and_the_next_try(
    qtbot, gui_config, sqlite_store, day_ids, no_thread_leak
):
    from datetime import datetime

    env = open_window(qtbot, gui_config, sqlite_store)
    try:
        gate = env.runtime.driver.core.gate
        since = datetime.now(gui_config.hospital.tz).replace(hour=10, minute=32)
        mono = env.runtime.driver.mono()
        for n, visit in enumerate(day_ids[:3]):  # three visits in a row not reaching BPJS
            gate.transport_failed(mono, since, visit, n, "HTTP 503 <b>Service Unavailable</b>")
        qtbot.waitUntil(lambda: env.window.banner.isVisible(), timeout=5000)
        text = env.window.banner_label.text()
        assert text.startswith("BPJS tidak dapat dihubungi sejak 10:32; pengiriman dijeda.\n")
        assert "task menunggu; dicoba lagi" in text and "Service Unavailable" not in text
        assert not env.window.banner_button.isVisible(), "nothing to confirm: it resumes by itself"
        pause = env.bridge_status().pause
        assert pause.kind == "OUTAGE" and pause.detail == "HTTP 503 <b>Service Unavailable</b>"
        # ... but the impatient may send now: the pause probes at the next round
        assert env.window.retry_now_button.isVisible()
        qtbot.mouseClick(env.window.retry_now_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: "clear_auth_problem" in env.pipeline.names(), timeout=5000)
        gate.answered()  # BPJS answers again
        qtbot.waitUntil(lambda: not env.window.banner.isVisible(), timeout=5000)
    finally:
        env.stop()


def test_lost_khanza_connection_shows_a_banner(
    qtbot, gui_config, sqlite_store, day_ids, no_thread_leak
):
    env = open_window(qtbot, gui_config, sqlite_store)
    try:
        env.pipeline.poll_error = ConnectionError("(2003) Can't connect to MySQL server")
        qtbot.waitUntil(lambda: env.window.banner.isVisible(), timeout=5000)
        assert "Khanza" in env.window.banner_label.text()
        assert "Error" not in env.window.banner_label.text()  # plain words for the desk
        assert "2003" in env.window.banner_label.toolTip()  # the technical text stays at hand
        assert env.window.khanza_label.text() == "Khanza: terputus"
    finally:
        env.stop()


def test_past_day_is_read_only_but_resendable(
    qtbot, gui_config, sqlite_store, today, no_thread_leak
):
    from datetime import timedelta

    from PySide6.QtCore import QDate

    old = today - timedelta(days=3)
    realistic_day(sqlite_store, old, 5)
    env = open_window(qtbot, gui_config, sqlite_store)
    try:
        w = env.window
        w.date_edit.setDate(QDate(old.year, old.month, old.day))
        qtbot.waitUntil(lambda: w.model.day == old and w.model.rowCount() == 5, timeout=5000)
        assert not w.sync_action.isEnabled()
        assert w.resend_failed_action.isEnabled()
        long_ago = today - timedelta(days=10)
        w.date_edit.setDate(QDate(long_ago.year, long_ago.month, long_ago.day))
        assert not w.resend_failed_action.isEnabled()
    finally:
        env.stop()


def test_log_pane_receives_records_from_threads(qtbot):
    from antrean_desktop.gui.log_pane import LogDock, QtLogHandler

    handler = QtLogHandler(logging.DEBUG)
    dock = LogDock(handler)
    qtbot.addWidget(dock)
    logger = logging.getLogger("antrean.test.logpane")
    logger.setLevel(logging.DEBUG)
    logger.addHandler(handler)
    try:
        t = threading.Thread(target=lambda: logger.warning("dari thread %s", 7))
        t.start()
        t.join()
        logger.debug("tidak terlihat")
        qtbot.waitUntil(lambda: dock.model.rowCount() >= 2, timeout=2000)
    finally:
        logger.removeHandler(handler)
    assert dock.proxy.rowCount() == 1
    assert "dari thread 7" in dock.proxy.index(0, 0).data()
    dock.level.setCurrentIndex(0)  # Debug
    assert dock.proxy.rowCount() == 2


def test_the_detail_pane_shows_the_row_selected_last(
    qtbot, gui_config, sqlite_store, day_ids, no_thread_leak
):
    """Selecting a second row while the first one's details load must not drop the request."""
    env = open_window(qtbot, gui_config, sqlite_store)
    gate = threading.Event()
    loads: list[str] = []
    original = env.runtime._detail_job

    def slow_detail(visit_id):
        loads.append(visit_id)
        gate.wait(5)  # the first load is still running when the second row is chosen
        original(visit_id)

    env.runtime._detail_job = slow_detail
    try:
        w = env.window
        qtbot.waitUntil(lambda: w.model.rowCount() == 24, timeout=5000)
        select_visit(w, day_ids[1])
        qtbot.waitUntil(lambda: loads == [day_ids[1]], timeout=5000)
        select_visit(w, day_ids[2])
        qtbot.waitUntil(lambda: len(loads) == 2, timeout=5000)
        gate.set()
        qtbot.waitUntil(lambda: w.detail.visit_id == day_ids[2], timeout=5000)
        assert day_ids[2] in w.detail.title.text() and "Memuat" not in w.detail.title.text()
    finally:
        gate.set()
        env.stop()


@pytest.mark.parametrize("outcome", ["ok", "pipeline missing", "poll error"])
def test_the_sync_button_is_usable_again_after_any_outcome(
    qtbot, gui_config, sqlite_store, day_ids, no_thread_leak, outcome
):
    env = open_window(qtbot, gui_config, sqlite_store)
    try:
        w = env.window
        qtbot.waitUntil(lambda: w.model.rowCount() == 24, timeout=5000)
        if outcome == "pipeline missing":
            env.runtime.driver.pipeline = None
            env.runtime.driver._factory = _broken_factory
        elif outcome == "poll error":
            env.pipeline.poll_error = ConnectionError("Khanza pergi")
        messages: list[str] = []
        w.statusBar().messageChanged.connect(messages.append)
        w.sync_now()
        assert not w.sync_action.isEnabled()
        qtbot.waitUntil(lambda: w.sync_action.isEnabled(), timeout=5000)
        done = [
            m for m in messages if m.startswith("Sinkronisasi") and m != "Sinkronisasi berjalan…"
        ]
        assert done, messages
        if outcome == "ok":
            assert done[-1] == "Sinkronisasi selesai"
        else:
            assert done[-1] != "Sinkronisasi selesai", "a failure must not read as success"
    finally:
        env.stop()


def _broken_factory():
    raise RuntimeError("no BPJS credentials")


def test_log_pane_keeps_operator_lines_through_a_flood_of_details(qtbot):
    from antrean_desktop.gui.log_pane import LogLine, LogModel

    model = LogModel(max_records=5)
    model.add(LogLine(1.0, logging.INFO, "antrean.worker", "Sent A task 3"))
    model.add(LogLine(2.0, logging.WARNING, "antrean.worker", "Retry B task 3"))
    for n in range(20):
        model.add(LogLine(3.0 + n, logging.DEBUG, "antrean.builder", f"Skipped {n}"))
    texts = [line.message for line in model.lines()]
    assert texts == ["Sent A task 3", "Retry B task 3", "Skipped 17", "Skipped 18", "Skipped 19"]
    for n in range(5):
        model.add(LogLine(30.0 + n, logging.INFO, "antrean.worker", f"Sent C{n}"))
    assert [line.message for line in model.lines()] == [f"Sent C{n}" for n in range(5)]
    assert model.rowCount() == 5


def test_a_failed_export_is_told_in_plain_words(
    qtbot, gui_config, sqlite_store, day_ids, tmp_path, no_thread_leak
):
    """A background step that fails says what failed in the desk's words (not the job's name
    or an exception class), also where the operator waits for it: the dashboard."""
    env = open_window(qtbot, gui_config, sqlite_store)
    try:
        w = env.window
        dash = w.open_dashboard()
        qtbot.waitUntil(lambda: dash.data is not None, timeout=15000)
        messages: list[str] = []
        w.statusBar().messageChanged.connect(messages.append)
        dash.export_to(str(tmp_path / "no-such-folder" / "kepatuhan.xlsx"))
        assert dash.state_label.text() == "Menyimpan…"
        qtbot.waitUntil(lambda: dash.state_label.text() != "Menyimpan…", timeout=15000)
    finally:
        env.stop()
    said = "Laporan tidak tersimpan; rinciannya ada di Log."
    assert dash.state_label.text() == said
    assert messages and messages[-1] == said


def test_the_detail_of_a_visit_no_longer_stored_does_not_load_for_ever(
    qtbot, gui_config, sqlite_store, day_ids, no_thread_leak
):
    env = open_window(qtbot, gui_config, sqlite_store)
    try:
        w = env.window
        qtbot.waitUntil(lambda: w.model.rowCount() == 24, timeout=5000)
        w.detail.title.setText("Memuat 2026/01/01/000001…")  # as the window does on selection
        env.runtime.request_detail("2026/01/01/000001")  # e.g. removed by retention meanwhile
        qtbot.waitUntil(lambda: "Memuat" not in w.detail.title.text(), timeout=5000)
    finally:
        env.stop()
    assert w.detail.title.text() == "Rincian kunjungan tidak dapat dimuat; rinciannya ada di Log."
