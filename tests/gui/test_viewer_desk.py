"""Several desks, one MariaDB store: the window of a viewer desk while ANOTHER PROCESS (a real
``antrean-desktop run``) is the active desk. A resend clicked on the viewer is written to the
store, carried out by the active desk at its next worker tick and reaches the BPJS simulator;
the viewer says who sends; ``status``, ``status --json`` and ``check`` say it too. The visit
day is today in WIB (the ``run`` works on today, at whatever date the suite runs)."""

from __future__ import annotations

import json
import signal
import time
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select, text

from antrean_desktop.cli import main
from antrean_desktop.config import load_config
from antrean_desktop.domain.tasks import TaskStatus
from antrean_desktop.store import migrate
from antrean_desktop.store.db import Store
from antrean_desktop.store.desk_lease import DeskLease, read_holder
from antrean_desktop.store.models import DeskCommand, VisitEvent
from tests.e2e.support import config_file, khanza_simulator, start_run
from tests.e2e.test_sync_day import standard_day
from tests.gui.window_env import running_window
from tests.support.processes import end, reap

WIB = ZoneInfo("Asia/Jakarta")
TAKEOVER = 6  # [store] takeover_seconds of every desk here (a beat every 1.5 s)


@pytest.fixture
def today_sim():
    """The BPJS simulator on the real clock, as the ``run`` process works on today."""
    with khanza_simulator() as sim:
        yield sim


def desk_config(tmp_path, sim, khanza_db, store_url: str, desk: str, language="id") -> str:
    lines = f'takeover_seconds = {TAKEOVER}\ndesk_name = "{desk}"'
    extra = f'[hospital]\nlanguage = "{language}"'
    return config_file(
        tmp_path,
        sim,
        khanza_db,
        store_url=store_url,
        store=lines,
        extra=extra,
        name=f"{desk}.toml",
    )


def wait_for(check, seconds: float, what: str):
    """Poll ``check`` until it gives something true (a test's patience, not its outcome)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = check()
        if value:
            return value
        time.sleep(0.2)
    raise AssertionError(f"waited {seconds} s for {what}")


def failed_task(store: Store, day) -> tuple[str, str, int] | None:
    """(visit_id, kodebooking, task) of a task FAILED at BPJS on ``day``, if any."""
    with store.session() as session:
        for visit in session.scalars(select(VisitEvent).where(VisitEvent.visit_date == day)):
            for key, entry in (visit.task_progress or {}).items():
                if key.isdecimal() and entry.get("status") == TaskStatus.FAILED_BPJS.value:
                    return visit.visit_id, visit.kodebooking, int(key)
    return None


def requests_of(store: Store) -> list[tuple[str, str, str | None, str | None]]:
    with store.session() as session:
        rows = session.scalars(select(DeskCommand).order_by(DeskCommand.id)).all()
        return [(r.kind, r.requested_by, r.done_by, r.result) for r in rows]


def cli(capsys, cfg: str, *args: str) -> tuple[int, str]:
    capsys.readouterr()
    code = main(["--config", cfg, *args])
    return code, capsys.readouterr().out


def test_a_resend_clicked_on_a_viewer_reaches_the_simulator_through_the_active_desk(
    qtbot, tmp_path, today_sim, khanza_db, shared_store_url, capsys, no_thread_leak
):
    sim = today_sim
    today = datetime.now(WIB).date()
    standard_day(khanza_db, today)
    # BPJS refuses the first task time once: that task is FAILED until someone resends it
    sim.faults.add(
        "answer", count=1, path="antrean/updatewaktu", code=201, message="Data waktu ditolak (uji)"
    )
    sender_cfg = desk_config(tmp_path, sim, khanza_db, shared_store_url, "LOKET-2")
    viewer_cfg = desk_config(tmp_path, sim, khanza_db, shared_store_url, "LOKET-1")
    store = Store(shared_store_url)
    migrate.upgrade(store.engine)  # as the first desk that starts does
    log = (tmp_path / "run.log").open("w")
    proc = start_run(sender_cfg, stderr=log)
    try:
        visit_id, kodebooking, task = wait_for(
            lambda: failed_task(store, today), 90, "a task FAILED at BPJS"
        )
        assert task not in sim.tasks(kodebooking)
        holder = read_holder(store)
        assert holder is not None and holder.desk == "LOKET-2"
        config = load_config(viewer_cfg)
        answers: list[tuple[str, str]] = []
        with running_window(
            config,
            store,
            qtbot=qtbot,
            refresh_seconds=0.3,
            poll_seconds=1,
            worker_seconds=1,
        ) as window:
            window.bridge.actionFinished.connect(lambda k, m: answers.append((k, m)))
            qtbot.waitUntil(
                lambda: window.desk_label.text().startswith("Dikirim oleh LOKET-2 (aktif "),
                timeout=20000,
            )
            assert window.desk_label.text().endswith(" detik lalu)")
            assert not window.runtime.driver.sending()
            # it reads no Khanza itself: the sending desk's last reading, from the store
            qtbot.waitUntil(
                lambda: window.khanza_label.text() == "Khanza: terhubung", timeout=10000
            )
            assert window.poll_label.text() != "Baca Khanza terakhir: -"
            qtbot.waitUntil(lambda: window.model.row_of(visit_id) is not None, timeout=10000)
            row = window.model.row_at(window.model.row_of(visit_id))
            menu = window.row_menu(row)
            resend = next(a for a in menu.actions() if a.text() == "Kirim ulang kunjungan")
            assert resend.isEnabled()
            resend.trigger()  # the row's context menu, as the operator clicks it
            qtbot.waitUntil(lambda: task in sim.tasks(kodebooking), timeout=30000)
            qtbot.waitUntil(lambda: ("resend", "1") in answers, timeout=10000)
            assert ("resend", "LOKET-1", "LOKET-2", "1") in requests_of(store)
            qtbot.waitUntil(
                lambda: (
                    window.model.row_at(window.model.row_of(visit_id)).task(task).get("status")
                    == TaskStatus.SENT_BPJS.value
                ),
                timeout=10000,
            )

            window.sync_action.trigger()  # "Sinkron sekarang": the active desk reads Khanza
            qtbot.waitUntil(lambda: ("sync", "") in answers, timeout=20000)
            assert window.statusBar().currentMessage() == "Sinkronisasi selesai"
            window.retry_now()  # "Kirim ulang sekarang": nothing waits for a retry
            qtbot.waitUntil(lambda: ("retry_now", "0") in answers, timeout=20000)
            # "Sudah diperbaiki, lanjutkan kirim": the paused sending is the active desk's
            window.banner_button.click()
            qtbot.waitUntil(lambda: answers.count(("retry_now", "0")) == 2, timeout=20000)
            kinds = [(k, by, done) for k, by, done, _ in requests_of(store)]
            assert kinds == [
                ("resend", "LOKET-1", "LOKET-2"),
                ("sync", "LOKET-1", "LOKET-2"),
                ("retry_now", "LOKET-1", "LOKET-2"),
                ("retry_now", "LOKET-1", "LOKET-2"),
            ]
            assert read_holder(store).desk == "LOKET-2"  # the viewer never sent

            # the command line on the viewer PC says the same, and asks the same desk
            code, out = cli(capsys, viewer_cfg, "status", "--json")
            desk = json.loads(out)["desk"]
            assert code == 0 and desk["shared"] and desk["active"] == "LOKET-2"
            assert 0 <= desk["heartbeat_age_seconds"] <= TAKEOVER
            assert desk["heartbeat_at"].endswith("+07:00")
            code, out = cli(capsys, viewer_cfg, "status")
            assert code == 0 and "\nDikirim oleh LOKET-2 (aktif " in out
            code, out = cli(capsys, viewer_cfg, "check")
            assert code == 0, out
            assert (
                "[OK] PC pengirim: penyimpanan bersama (beberapa PC): Dikirim oleh LOKET-2" in out
            )
            code, out = cli(capsys, viewer_cfg, "resend", visit_id)
            assert code == 0 and out.strip().endswith("(oleh LOKET-2)"), out
            assert out.startswith(f"0 task kunjungan {visit_id} masuk antrean lagi")
            code, out = cli(capsys, viewer_cfg, "sync")
            assert code == 0 and out.startswith("LOKET-2 mengirim ke BPJS"), out
            assert [k for k, *_ in requests_of(store)][4:] == ["resend", "sync"]
            assert all(done == "LOKET-2" for *_, done, _r in requests_of(store))

            # the sending desk is killed: the viewer takes over within the takeover time
            proc.send_signal(signal.SIGKILL)
            proc.wait(timeout=10)
            qtbot.waitUntil(
                lambda: window.desk_label.text() == "PC ini mengirim ke BPJS",
                timeout=(TAKEOVER + 15) * 1000,
            )
            assert read_holder(store).desk == "LOKET-1"
            code, out = cli(capsys, sender_cfg, "status", "--json")
            assert json.loads(out)["desk"]["active"] == "LOKET-1"
        # the window closed: it gave the lease up, and nobody sends now
        code, out = cli(capsys, sender_cfg, "status")
        assert "\nTidak ada PC yang mengirim ke BPJS: LOKET-1 sudah berhenti. " in out
        code, out = cli(capsys, sender_cfg, "status", "--json")
        desk = json.loads(out)["desk"]
        assert (desk["active"], desk["last_desk"], desk["stopped"]) == (None, "LOKET-1", True)
        accepted: dict[tuple[str, object], int] = {}
        for r in sim.requests:
            if r.code == 200 and isinstance(r.body, dict):
                key = (r.body["kodebooking"], r.body.get("taskid", "add"))
                accepted[key] = accepted.get(key, 0) + 1
        assert accepted and max(accepted.values()) == 1, "a write reached BPJS twice"
    finally:
        end(proc, 10)
        reap(proc)
        log.close()
        store.dispose()


NO_KHANZA = "mysql+pymysql://nobody@127.0.0.1:9/none"  # these desks never read Khanza


def test_with_no_active_desk_a_viewer_says_so_and_asks_nobody(
    qtbot, tmp_path, sim, shared_store_url, capsys, no_thread_leak
):
    """A desk that may not send (``viewer_only``) on a store whose sending desk went silent:
    past the takeover time the banner and ``status`` say that no PC sends, and a click is
    answered at once instead of waiting for nobody."""
    cfg = desk_config(tmp_path, sim, NO_KHANZA, shared_store_url, "LOKET-1")
    store = Store(shared_store_url)
    try:
        migrate.upgrade(store.engine)
        silent = DeskLease(store, "LOKET-2", "elsewhere:1:abc", TAKEOVER)
        assert silent.beat()  # then never again: as a desk whose PC lost power
        config = load_config(cfg)
        answers: list[tuple[str, str]] = []
        with running_window(
            config, store, qtbot=qtbot, refresh_seconds=0.3, worker_seconds=1, viewer_only=True
        ) as window:
            window.bridge.actionFinished.connect(lambda k, m: answers.append((k, m)))
            qtbot.waitUntil(
                lambda: (
                    window.banner.isVisible()
                    and window.banner_label.text().startswith(
                        "Tidak ada PC yang mengirim ke BPJS: LOKET-2 terakhir aktif "
                    )
                ),
                timeout=(TAKEOVER + 15) * 1000,
            )
            assert window.desk_label.text().startswith("LOKET-2 terakhir aktif ")
            window.sync_action.trigger()
            qtbot.waitUntil(lambda: ("sync", "no_desk") in answers, timeout=10000)
            assert (
                window.statusBar()
                .currentMessage()
                .startswith(
                    "Tidak ada PC yang mengirim ke BPJS saat ini; permintaan tidak dikirim."
                )
            )
            assert requests_of(store) == []  # nothing left for a desk to do by surprise later
            assert not window.runtime.driver.sending()
        code, out = cli(capsys, cfg, "status")
        assert code == 0 and "\nTidak ada PC yang mengirim ke BPJS: LOKET-2 terakhir aktif " in out
        code, out = cli(capsys, cfg, "--lang", "en", "status")
        assert "\nNo PC sends to BPJS: LOKET-2 was last active " in out
        desk = json.loads(cli(capsys, cfg, "status", "--json")[1])["desk"]
        assert (desk["active"], desk["last_desk"], desk["stopped"]) == (None, "LOKET-2", False)
        assert desk["heartbeat_age_seconds"] > TAKEOVER
    finally:
        store.dispose()


def newer_program_migrated(store: Store) -> None:
    """Another desk, updated, upgraded the store past what this program knows."""
    with store.engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = 'f00dfacecafe'"))


TOO_NEW = "Perbarui Antrean Desktop di PC ini: penyimpanan sudah dimigrasi oleh Antrean Desktop"
NOT_SENDING = "PC ini tidak mengirim (perbarui Antrean Desktop)"
SAID = {
    "id": (TOO_NEW, NOT_SENDING),
    "en": (
        "Update Antrean Desktop on this PC: the store was migrated by a newer Antrean Desktop",
        "This PC does not send (update Antrean Desktop)",
    ),
}


@pytest.mark.parametrize("language", ["id", "en"])
def test_a_store_newer_than_this_program_has_its_own_banner(
    qtbot, tmp_path, sim, shared_store_url, no_thread_leak, language
):
    banner, label = SAID[language]
    cfg = desk_config(tmp_path, sim, NO_KHANZA, shared_store_url, "LOKET-1", language)
    store = Store(shared_store_url)
    try:
        migrate.upgrade(store.engine)
        newer_program_migrated(store)
        with running_window(load_config(cfg), store, qtbot=qtbot, refresh_seconds=0.3) as window:
            qtbot.waitUntil(
                lambda: window.banner.isVisible() and window.banner_label.text().startswith(banner),
                timeout=15000,
            )
            assert "f00dfacecafe" in window.banner_label.text()
            qtbot.waitUntil(lambda: window.desk_label.text() == label, timeout=5000)
            assert not window.runtime.driver.sending() and read_holder(store) is None
    finally:
        store.dispose()


def test_a_window_that_sends_stops_when_another_desk_upgrades_the_store(
    qtbot, tmp_path, sim, shared_store_url, no_thread_leak
):
    """The store's version is read again every 5 s (at the heartbeat): this desk gives the
    lease up (another desk, the updated one, takes over at once) and says to update this PC."""
    cfg = desk_config(tmp_path, sim, NO_KHANZA, shared_store_url, "LOKET-1")
    store = Store(shared_store_url)
    try:
        migrate.upgrade(store.engine)
        with running_window(load_config(cfg), store, qtbot=qtbot, refresh_seconds=0.3) as window:
            qtbot.waitUntil(
                lambda: window.desk_label.text() == "PC ini mengirim ke BPJS", timeout=15000
            )
            assert read_holder(store).desk == "LOKET-1" and window.runtime.driver.sending()
            newer_program_migrated(store)
            qtbot.waitUntil(
                lambda: (
                    window.banner.isVisible() and window.banner_label.text().startswith(TOO_NEW)
                ),
                timeout=15000,
            )
            assert not window.runtime.driver.sending()
            assert read_holder(store).heartbeat_at.year == 2000  # given up: free at once
            assert window.desk_label.text() == NOT_SENDING
    finally:
        store.dispose()


def test_run_that_sends_stops_when_another_desk_upgrades_the_store(
    tmp_path, sim, shared_store_url, capsys
):
    """The same for ``run``: it stays up as a viewer (a service restarted in a loop helps
    nobody), says why once, and ends cleanly on SIGTERM."""
    cfg = desk_config(tmp_path, sim, NO_KHANZA, shared_store_url, "LOKET-2")
    store = Store(shared_store_url)
    migrate.upgrade(store.engine)
    log_path = tmp_path / "run.log"
    with log_path.open("w") as log:
        proc = start_run(cfg, stderr=log)
    try:
        wait_for(lambda: (read_holder(store) or None) is not None, 30, "run to take the lease")
        assert read_holder(store).desk == "LOKET-2"
        newer_program_migrated(store)
        wait_for(lambda: read_holder(store).heartbeat_at.year == 2000, 20, "the lease given up")
        assert proc.poll() is None, "run ended"
        said = log_path.read_text(encoding="utf-8")
        assert said.count("Update Antrean Desktop on this PC") == 1, said
        assert end(proc, 15) == 0
    finally:
        reap(proc)
        store.dispose()
