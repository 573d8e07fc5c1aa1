"""Settings saved while the window runs reach its runtime without a restart (issue 22): the
real pipeline is rebuilt from them (Khanza's connection, BPJS's address), intervals change on
the running scheduler."""

from __future__ import annotations

from dataclasses import replace

from antrean_desktop.config import KhanzaConfig, ScheduleConfig
from antrean_desktop.runtime.bridge import RuntimeBridge
from antrean_desktop.runtime.scheduler import Runtime
from antrean_desktop.sim.bpjs_server import BpjsSimulator
from tests.pipeline.conftest import add_visit, make_config, sim  # noqa: F401 - fixture
from tests.runtime.fakes import Recorder
from tests.support.stores import migrated_store


def _interval(runtime: Runtime, job_id: str) -> float:
    return runtime._scheduler.get_job(job_id).trigger.interval.total_seconds()


def test_saved_settings_reach_the_running_runtime(
    qtbot,
    tmp_path,
    sim: BpjsSimulator,  # noqa: F811
    khanza_db: str,
    no_thread_leak,
):
    dead = make_config("http://127.0.0.1:9", tmp_path)  # nothing listens there
    dead = replace(dead, schedule=ScheduleConfig(poll_seconds=30, worker_seconds=1))
    bridge = RuntimeBridge()
    recorder = Recorder()
    recorder.connect_to(bridge)
    with migrated_store(dead.store_url) as store:
        visit_id = add_visit(store, 1)
        runtime = Runtime(dead, store, bridge, migrate=None, refresh_seconds=0.2)
        runtime.start()
        try:
            # no Khanza configured, BPJS unreachable: the booking is tried and waits
            qtbot.waitUntil(lambda: runtime.driver.khanza_ok is False, timeout=10000)
            qtbot.waitUntil(
                lambda: sim.booking(visit_id) is None and _attempts(store), timeout=10000
            )
            first = runtime.driver.pipeline
            assert first is not None
            assert (runtime.driver.core.days.poll_seconds, _interval(runtime, "work")) == (30, 1)

            saved = replace(
                dead,
                khanza=KhanzaConfig(url=khanza_db),
                bpjs=replace(dead.bpjs, base_url=sim.base_url),
                schedule=ScheduleConfig(poll_seconds=5, worker_seconds=2),
            )
            runtime.apply_config(saved)  # what the settings dialog's Simpan does
            qtbot.waitUntil(lambda: ("settings", "") in recorder.actions, timeout=10000)
            # the new BPJS address and Khanza connection, no restart
            qtbot.waitUntil(lambda: sim.booking(visit_id) is not None, timeout=15000)
            qtbot.waitUntil(lambda: runtime.driver.khanza_ok is True, timeout=15000)
            assert runtime.driver.pipeline is not first and runtime.config is saved
            assert runtime.driver.pipeline.config is saved
            assert runtime.driver.core.days.poll_seconds == 5
            assert _interval(runtime, "work") == 2 and runtime.worker_seconds == 2
        finally:
            assert runtime.stop(timeout=5)


def _attempts(store) -> bool:
    from sqlalchemy import func, select

    from antrean_desktop.store.models import SendAttempt

    with store.session() as session:
        return bool(session.scalar(select(func.count()).select_from(SendAttempt)))
