"""A BPJS call cut at its deadline is an ordinary retry with a plain reason, never a failure."""

from __future__ import annotations

from dataclasses import replace

from antrean_desktop.pipeline.service import Pipeline
from antrean_desktop.store.visits import get_visit
from tests.pipeline.conftest import add_visit, in_send_window


def test_trickling_answer_is_retried_with_the_deadline_reason(config, local_store, sim):
    config = replace(config, bpjs=replace(config.bpjs, timeout_seconds=5, deadline_seconds=1))
    vid = add_visit(local_store, 1)
    in_send_window(local_store, vid)
    sim.faults.add("trickle", count=1, path="antrean/add", seconds=0.05)
    pipeline = Pipeline(config, local_store)
    try:
        assert pipeline.worker.lease_seconds == 2 * 1 + 10, "the lease covers two calls"
        pipeline.build()
        summary = pipeline.worker.work_round()  # one round: the retry is not sent yet
        assert (summary.retrying, summary.failed) == (1, 0)
        with local_store.session() as session:
            booking = get_visit(session, vid).task_progress["1"]
        assert booking["status"] == "QUEUED" and booking["attempts"] == 1
        assert booking["lastError"] == {"code": "BPJS_DEADLINE", "params": {"seconds": "1"}}
    finally:
        pipeline.close()
