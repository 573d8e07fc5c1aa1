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
from sqlalchemy import select

from antrean_desktop.cli import main
from antrean_desktop.config import load_config
from antrean_desktop.domain.tasks import TaskStatus
from antrean_desktop.store import migrate
from antrean_desktop.store.db import Store
from antrean_desktop.store.desk_lease import read_holder
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


def desk_config(tmp_path, sim, khanza_db, store_url: str, desk: str) -> str:
    lines = f'takeover_seconds = {TAKEOVER}\ndesk_name = "{desk}"'
    return config_file(
        tmp_path, sim, khanza_db, store_url=store_url, store=lines, name=f"{desk}.toml"
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
            kinds = [(k, by, done) for k, by, done, _ in requests_of(store)]
            assert kinds == [
                ("resend", "LOKET-1", "LOKET-2"),
                ("sync", "LOKET-1", "LOKET-2"),
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
            assert [k for k, *_ in requests_of(store)][3:] == ["resend", "sync"]
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
