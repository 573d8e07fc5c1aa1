"""Pauses instead of failures: an AUTH answer or an outage pauses sending without spending
attempts, a probe on the gate's interval resumes by itself (simulator over HTTP, fake monotonic
clock for the probe times)."""

from __future__ import annotations

import time
from dataclasses import replace

from sqlalchemy import select

from antrean_desktop.domain.service_core import PauseKind, SendGate
from antrean_desktop.pipeline.service import Pipeline
from antrean_desktop.store.models import AntreanJob
from antrean_desktop.store.service_state import load_pause
from antrean_desktop.store.visits import get_visit
from tests.pipeline.conftest import FULL_DAY, add_visit, in_send_window


def _jobs(store) -> list[AntreanJob]:
    with store.session() as session:
        return list(session.scalars(select(AntreanJob).order_by(AntreanJob.id)))


def _pipeline(config, store, clock):
    gate = SendGate(auth_probe_seconds=300, outage_probe_seconds=60)
    p = Pipeline(config, store, lease_seconds=5, gate=gate)
    p.worker.mono = lambda: clock["mono"]
    return p


def test_an_outage_pauses_without_spending_attempts_and_a_probe_resumes(config, local_store, sim):
    config = replace(config, worker=replace(config.worker, max_attempts=2, concurrency=4))
    clock = {"mono": 1000.0}
    p = _pipeline(config, local_store, clock)
    try:
        ids = [add_visit(local_store, n, times=FULL_DAY) for n in range(1, 9)]
        for visit_id in ids:
            in_send_window(local_store, visit_id)
        sim.faults.add("http_5xx", status=503)
        p.build()
        summary = p.work_due()
        assert summary.auth_stopped and summary.sent == summary.failed == 0
        assert p.pause is not None and p.pause.kind is PauseKind.OUTAGE
        assert "503" in p.pause.detail
        calls = len(sim.requests)
        assert calls == 4, "one round, then the pause"
        assert all(j.status == "PENDING" and j.attempts == 0 for j in _jobs(local_store))
        saved = load_pause(local_store)
        assert saved is not None and saved.kind == "OUTAGE"

        # far longer than max_attempts x backoff: still no attempt spent, one probe a minute
        for _ in range(5):
            assert p.work_due().outcomes == []
            clock["mono"] += 60
            probe = p.work_due()
            assert len(probe.outcomes) == 1 and p.pause is not None
        assert len(sim.requests) == calls + 5
        assert all(j.attempts == 0 and j.status == "PENDING" for j in _jobs(local_store))

        sim.faults.clear()  # BPJS is back
        clock["mono"] += 60
        p.work_due()
        assert p.pause is None and load_pause(local_store) is None
        for vid in ids:
            assert sim.tasks(vid) == FULL_DAY
        jobs = _jobs(local_store)
        assert {j.status for j in jobs} == {"DONE"} and {j.attempts for j in jobs} == {1}
        with local_store.session() as session:
            progress = get_visit(session, ids[0]).task_progress
        assert progress["1"]["attempts"] == 1
    finally:
        p.close()


def test_one_visit_failing_alone_spends_its_attempts(config, local_store, sim):
    """Not an outage: BPJS answers the other visits in between, so this job's failures count."""
    worker = replace(config.worker, max_attempts=2, backoff_seconds=1, concurrency=1)
    config = replace(config, worker=worker)
    clock = {"mono": 0.0}
    p = _pipeline(config, local_store, clock)
    try:
        bad = add_visit(local_store, 1)  # claimed first: the oldest, lowest visit id
        good = [add_visit(local_store, n) for n in (2, 3)]
        for visit_id in (bad, *good):
            in_send_window(local_store, visit_id)
        sim.faults.add("http_5xx", path="antrean/add", count=1)
        p.build()
        p.work_due()
        assert p.pause is None and all(sim.booking(v) for v in good)
        (job,) = [j for j in _jobs(local_store) if j.visit_id == bad]
        assert job.attempts == 1 and job.status == "PENDING"
        time.sleep(1.3)  # let its back-off (1 s +-20 %) pass
        sim.faults.add("http_5xx", path="antrean/add", count=1)
        p.work_due()
        (job,) = [j for j in _jobs(local_store) if j.visit_id == bad]
        assert job.status == "PENDING" and job.attempts == 2, "spent, and retried until H+7"
        assert p.pause is None
    finally:
        p.close()


def test_auth_pauses_probes_every_interval_and_resumes_by_itself(config, local_store, sim):
    clock = {"mono": 0.0}
    p = _pipeline(config, local_store, clock)
    try:
        ids = [add_visit(local_store, n) for n in range(1, 4)]
        sim.faults.add("auth_text", count=5)
        p.build()
        p.work_due()
        assert p.pause is not None and p.pause.kind is PauseKind.AUTH and p.auth_problem
        calls = len(sim.requests)
        clock["mono"] += 299
        assert p.work_due().outcomes == [] and len(sim.requests) == calls
        sim.faults.clear()
        clock["mono"] += 1
        p.work_due()
        assert p.pause is None and p.auth_problem is None
        assert all(sim.booking(v) for v in ids)
        assert {j.attempts for j in _jobs(local_store)} == {1}
    finally:
        p.close()
