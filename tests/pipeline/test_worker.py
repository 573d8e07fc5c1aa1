"""Builder and worker against the BPJS simulator over real HTTP on 127.0.0.1."""

from __future__ import annotations

import threading
from collections import Counter
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select, update

from antrean_desktop.domain.task_progress import update_task_progress
from antrean_desktop.domain.task_states import send_window_end
from antrean_desktop.pipeline.resend import ResendError, resend, resend_failed
from antrean_desktop.pipeline.service import Pipeline
from antrean_desktop.store.models import AntreanJob, SendAttempt, utcnow
from antrean_desktop.store.visits import get_visit, modify_visit
from tests.pipeline.conftest import (
    DAY,
    FULL_DAY,
    WIB,
    add_visit,
    in_send_window,
    visit_no,
    wib_ms,
)


def _visit(store, visit_id):
    with store.session() as session:
        return get_visit(session, visit_id)


def _jobs(store, visit_id):
    with store.session() as session:
        return {
            j.task_id: j
            for j in session.scalars(select(AntreanJob).where(AntreanJob.visit_id == visit_id))
        }


def _updatewaktu(sim):
    return [r for r in sim.requests if r.endpoint == "antrean/updatewaktu"]


def _khanza_shows(store, visit_id, task_id, waktu, *, status=None, **extra) -> None:
    """What the poller leaves when Khanza shows task ``task_id`` at ``waktu`` (a DRAFT entry);
    ``status``: the visit's new status (CANCELLED with task 99)."""

    def change(visit, _s):
        if status is not None:
            visit.status = status
        visit.task_progress = update_task_progress(
            visit.task_progress, task_id, "DRAFT", waktu=waktu, **extra
        )

    modify_visit(store, visit_id, change)


@pytest.fixture
def pipeline(config, local_store):
    p = Pipeline(config, local_store, lease_seconds=5)
    try:
        yield p
    finally:
        p.close()


@pytest.fixture
def cancelling(config, local_store):
    """A pipeline for a hospital that reports cancellations (task 99)."""
    cfg = replace(config, hospital=replace(config.hospital, tasks=(3, 4, 5, 99)))
    p = Pipeline(cfg, local_store)
    try:
        yield p
    finally:
        p.close()


def test_booking_then_tasks_in_order_exactly_once(pipeline, local_store, sim):
    ids = [add_visit(local_store, n, times=FULL_DAY) for n in range(1, 7)]
    pipeline.build()
    summary = pipeline.work_due()
    assert summary.sent == 6 * 4 and summary.failed == 0
    for visit_id in ids:
        visit = _visit(local_store, visit_id)
        assert visit.status == "SENT_BPJS"
        for task in ("1", "3", "4", "5"):
            assert visit.task_progress[task]["status"] == "SENT_BPJS"
            assert isinstance(visit.task_progress[task]["sentAt"], int)
        assert sim.tasks(visit_id) == FULL_DAY
        sent = [
            (r.endpoint, (r.body or {}).get("taskid"))
            for r in sim.requests
            if (r.body or {}).get("kodebooking") == visit_id
        ]
        assert sent == [
            ("antrean/add", None),
            ("antrean/updatewaktu", 3),
            ("antrean/updatewaktu", 4),
            ("antrean/updatewaktu", 5),
        ]
    with local_store.session() as session:
        attempts = session.scalars(select(SendAttempt)).all()
    assert len(attempts) == 24 and {a.outcome for a in attempts} == {"SUCCESS"}
    # nothing more to do: a second round sends nothing
    assert pipeline.build().jobs_queued == 0
    assert pipeline.work_due().outcomes == []
    assert len(sim.requests) == 24


def test_task_waits_for_booking_and_earlier_tasks(pipeline, local_store, sim):
    vid = add_visit(local_store, 1, times={4: wib_ms(8, 30)})  # task 3 not known yet
    pipeline.build()
    pipeline.work_due()
    visit = _visit(local_store, vid)
    assert visit.task_progress["1"]["status"] == "SENT_BPJS"
    assert visit.task_progress["4"]["status"] == "DRAFT", "4 must wait for 3"
    assert _updatewaktu(sim) == []


def test_retryable_backoff_then_success(config, local_store, sim):
    slow = replace(config, worker=replace(config.worker, backoff_seconds=0.3))
    pipeline = Pipeline(slow, local_store)
    try:
        sim.faults.add("http_5xx", count=2, path="antrean/add")
        vid = add_visit(local_store, 1)
        in_send_window(local_store, vid)
        pipeline.build()
        before = datetime.now(UTC).replace(tzinfo=None)
        first = pipeline.work_due()
        assert first.retrying == 1 and first.sent == 0, "the retry waits for its backoff"
        job = _jobs(local_store, vid)[1]
        assert job.status == "PENDING" and job.attempts == 1
        assert job.next_attempt_at >= before + timedelta(seconds=0.24)  # 0.3 s x [0.8, 1.2]
        entry = _visit(local_store, vid).task_progress["1"]
        assert entry["status"] == "QUEUED" and entry["attempts"] == 1 and entry["lastError"]
        for _ in range(100):
            if pipeline.work_due().sent:
                break
            threading.Event().wait(0.05)
    finally:
        pipeline.close()
    assert _visit(local_store, vid).task_progress["1"]["status"] == "SENT_BPJS"
    assert [r.http_status for r in sim.requests] == [502, 502, 200]


def test_unreadable_answers_give_up_after_max_attempts(pipeline, local_store, sim):
    """An empty 200 comes from BPJS's side: ``max_attempts`` of them and the task is FAILED."""
    sim.faults.add("empty", path="antrean/add")
    vid = add_visit(local_store, 1)
    in_send_window(local_store, vid)
    pipeline.build()
    for _ in range(100):
        pipeline.work_due()
        if _jobs(local_store, vid)[1].status == "FAILED":
            break
        threading.Event().wait(0.05)
    job = _jobs(local_store, vid)[1]
    assert job.status == "FAILED" and job.attempts == 3
    visit = _visit(local_store, vid)
    assert visit.status == "FAILED_BPJS"
    assert visit.task_progress["1"]["status"] == "FAILED_BPJS"
    assert visit.task_progress["1"]["reason"]["code"] == "BPJS_UNREADABLE"
    assert len(sim.requests) == 3


def test_a_dropped_connection_is_retried_past_max_attempts_within_h_plus_7(
    pipeline, local_store, sim
):
    sim.faults.add("drop", path="antrean/add", count=6)
    vid = add_visit(local_store, 1)
    in_send_window(local_store, vid)
    pipeline.build()
    for _ in range(200):
        pipeline.work_due()
        if _jobs(local_store, vid)[1].status != "PENDING":
            break
        threading.Event().wait(0.05)
    job = _jobs(local_store, vid)[1]
    assert job.status == "DONE" and job.attempts == 7, "6 drops with max_attempts 3, then sent"
    assert _visit(local_store, vid).status == "SENT_BPJS"


def test_permanent_failure_kept_verbatim(pipeline, local_store, sim):
    vid = add_visit(local_store, 1, times={3: wib_ms(8, 5), 4: wib_ms(8, 5)})  # equal times
    pipeline.build()
    pipeline.work_due()
    entry = _visit(local_store, vid).task_progress["4"]
    assert entry["status"] == "FAILED_BPJS"
    assert "tidak boleh kurang atau sama dengan waktu sebelumnya" in entry["failedReason"]
    assert entry["reason"]["code"] == "BPJS_REJECTED"
    assert len([r for r in _updatewaktu(sim) if r.body["taskid"] == 4]) == 1, (
        "no retry of a permanent error"
    )


def test_terminal_answer_fails_at_once(pipeline, local_store, sim):
    vid = add_visit(local_store, 1, times={3: wib_ms(8, 5)})
    pipeline.build()
    pipeline.work_due()
    # BPJS closes the booking (e.g. cancelled elsewhere), then Khanza reports task 4
    sim.state.batal({"kodebooking": vid, "keterangan": "x"}, sim.now())
    _khanza_shows(local_store, vid, 4, wib_ms(8, 30))
    pipeline.build()
    pipeline.work_due()
    entry = _visit(local_store, vid).task_progress["4"]
    assert entry["status"] == "FAILED_BPJS" and entry["reason"]["code"] == "BPJS_CLOSED"
    assert "TaskId terakhir 99" in entry["failedReason"]


def test_needs_predecessor_requeues_booking_once_then_fails(pipeline, local_store, sim):
    vid = add_visit(local_store, 1, times={3: wib_ms(8, 5)})
    pipeline.build()
    pipeline.work_due()
    assert sim.tasks(vid) == {3: wib_ms(8, 5)}
    # BPJS loses the booking (e.g. it was sent to another environment): clear the simulator
    sim.state.clear()
    _khanza_shows(local_store, vid, 4, wib_ms(8, 30))
    pipeline.build()
    pipeline.work_due()
    # task 4 got "Kode Booking tidak ditemukan": the booking was re-sent, then 4 -> "TaskId=3 belum ada"
    ends = [(r.endpoint, (r.body or {}).get("taskid"), r.http_status) for r in sim.requests[-4:]]
    assert ("antrean/add", None, 200) in ends
    jobs = _jobs(local_store, vid)
    assert jobs[4].status == "FAILED", "never loops: the second missing predecessor fails the task"
    assert _visit(local_store, vid).task_progress["4"]["reason"]["code"] == "PREDECESSOR_MISSING"
    assert len(sim.requests) < 12


def test_auth_failure_stops_sending_and_keeps_jobs(config, local_store, sim):
    from antrean_desktop.config import BpjsConfig

    bad = replace(config, bpjs=BpjsConfig(**{**config.bpjs.__dict__, "user_key": "wrong"}))
    p = Pipeline(bad, local_store)
    try:
        ids = [add_visit(local_store, n) for n in range(1, 6)]
        p.build()
        summary = p.work_due()
        assert summary.auth_stopped and summary.sent == 0
        assert p.auth_problem and "Authentication failed" in p.auth_problem
        assert len(sim.requests) <= bad.worker.concurrency, "stops after the first round"
        for vid in ids:
            job = _jobs(local_store, vid)[1]
            assert job.status == "PENDING" and job.attempts == 0
        again = p.work_due()
        assert again.auth_stopped and again.outcomes == []
        assert len(sim.requests) <= bad.worker.concurrency
    finally:
        p.close()
    good = Pipeline(config, local_store)
    try:
        assert good.work_due().sent == 5
    finally:
        good.close()


def test_expired_lease_is_sent_again_safely(pipeline, local_store, sim):
    vid = add_visit(local_store, 1)
    pipeline.build()
    claimed = pipeline.worker.claim(4)  # a worker claims, then "dies" before sending
    assert [c.task_id for c in claimed] == [1]
    assert pipeline.worker.claim(4) == [], "a live lease is never claimed twice"
    with local_store.session() as session:
        session.execute(update(AntreanJob).values(lease_expires_at=utcnow() - timedelta(seconds=1)))
    assert pipeline.work_due().sent == 1
    assert _visit(local_store, vid).task_progress["1"]["status"] == "SENT_BPJS"


def test_two_workers_never_send_the_same_job_twice(config, local_store, sim):
    ids = [add_visit(local_store, n, times=FULL_DAY) for n in range(1, 13)]
    a, b = Pipeline(config, local_store, owner="A"), Pipeline(config, local_store, owner="B")
    try:
        a.build()
        threads = [threading.Thread(target=p.work_due) for p in (a, b)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=120)
        for _ in range(5):
            a.work_due()
    finally:
        a.close()
        b.close()
    calls = Counter(
        (r.body["kodebooking"], r.body.get("taskid", 1))
        for r in sim.requests
        if r.http_status == 200
    )
    assert calls and max(calls.values()) == 1
    for vid in ids:
        assert sim.tasks(vid) == FULL_DAY


def test_cancel_job_after_booking_sent(cancelling, local_store, sim):
    vid = add_visit(local_store, 1, times={3: wib_ms(8, 5)})
    cancelling.build()
    cancelling.work_due()
    _khanza_shows(local_store, vid, 99, wib_ms(10, 0), status="CANCELLED")
    cancelling.build()
    assert cancelling.work_due().sent == 1
    assert sim.booking(vid)["cancelled"] is True
    assert _visit(local_store, vid).task_progress["99"]["status"] == "SENT_BPJS"
    assert [r.endpoint for r in sim.requests[-2:]] == ["antrean/batal", "antrean/updatewaktu"]
    # issue 11 item 1: a cancellation reason, never the booking note
    assert sim.booking(vid)["keterangan_batal"] == "Pasien batal berobat"
    assert "Peserta harap" not in sim.requests[-2].body["keterangan"]


def test_resend_failed_task_and_day(pipeline, local_store, sim):
    sim.faults.add("empty", count=6, path="antrean/add")  # 2 visits x max_attempts 3
    vid = add_visit(local_store, 1)
    other = add_visit(local_store, 2)
    pipeline.build()
    for _ in range(100):
        pipeline.work_due()
        if _jobs(local_store, vid)[1].status in ("FAILED", "DONE") and _jobs(local_store, other)[
            1
        ].status in ("FAILED", "DONE"):
            break
        threading.Event().wait(0.05)
    failed = [v for v in (vid, other) if _visit(local_store, v).status == "FAILED_BPJS"]
    assert failed == [vid, other]
    with pytest.raises(ResendError, match="only FAILED_BPJS or BLOCKED"):
        resend(local_store, failed[0], 3)
    with pytest.raises(ResendError, match="not in the local store"):
        resend(local_store, visit_no(999999))
    assert resend(local_store, failed[0], 1) == 1
    job = _jobs(local_store, failed[0])[1]
    assert job.status == "PENDING" and job.attempts == 0
    assert resend_failed(local_store, DAY) == len(failed) - 1
    pipeline.work_due()
    for v in (vid, other):
        assert _visit(local_store, v).status == "SENT_BPJS"
    with pytest.raises(ResendError, match="more than 7 days"):
        resend_failed(local_store, DAY, today=DAY + timedelta(days=8))


def test_log_lines_in_the_original_spirit(pipeline, local_store, sim, caplog):
    """The builder's details at DEBUG; each send result at INFO."""
    caplog.set_level("DEBUG")
    vid = add_visit(local_store, 1, times={3: wib_ms(8, 5)})
    pipeline.build()
    pipeline.work_due()
    levels = {r.getMessage(): r.levelname for r in caplog.records}
    assert levels[f"Queued {vid} (task 1)"] == "DEBUG"
    assert levels[f"Skipped CHECKIN for {vid}: booking not sent yet"] == "DEBUG"
    assert levels[f"Sent {vid} task 1 to BPJS (code 200)"] == "INFO"
    assert levels[f"Sent {vid} task 3 to BPJS (code 200)"] == "INFO"


def test_builder_reads_only_changed_visits(pipeline, local_store, sim):
    ids = [add_visit(local_store, n) for n in range(1, 41)]
    assert pipeline.build().visits_read == 40  # the first build of a run reads everything
    assert pipeline.build().visits_read == 40, "the 40 visits it queued changed"
    assert pipeline.build().visits_read == 0
    _khanza_shows(local_store, ids[7], 3, wib_ms(8, 5))
    result = pipeline.build()
    assert result.visits_read == 1


def test_cancel_resent_after_lost_answer_completes(cancelling, local_store, sim):
    """batal processed but its answer lost (cut off): the retry meets 'Sudah Dibatalkan' and finishes."""
    vid = add_visit(local_store, 1)
    cancelling.build()
    cancelling.work_due()
    _khanza_shows(local_store, vid, 99, wib_ms(10, 0), status="CANCELLED")
    sim.faults.add("cut_off", count=1, path="antrean/batal")
    cancelling.build()
    for _ in range(50):
        cancelling.work_due()
        if _visit(local_store, vid).task_progress["99"]["status"] != "QUEUED":
            break
        threading.Event().wait(0.05)
    assert _visit(local_store, vid).task_progress["99"]["status"] == "SENT_BPJS"
    batal = [r for r in sim.requests if r.endpoint == "antrean/batal"]
    assert len(batal) == 2 and "Sudah Dibatalkan" in batal[1].message


def test_skipped_is_logged_once_per_change(pipeline, local_store, sim, caplog):
    caplog.set_level("DEBUG")
    vid = add_visit(local_store, 1, times={3: wib_ms(8, 5)})

    def block(visit, _s):
        visit.status = "BLOCKED"
        visit.task_progress = {**visit.task_progress, "1": {"status": "BLOCKED"}}

    modify_visit(local_store, vid, block)
    for _ in range(3):
        pipeline.build()
    assert caplog.text.count(f"Skipped CHECKIN for {vid}") == 1


def test_resend_of_a_task_sends_its_current_time(pipeline, local_store, sim):
    vid = add_visit(local_store, 1, times={3: wib_ms(8, 5), 4: wib_ms(8, 5)})  # 4 is refused
    pipeline.build()
    pipeline.work_due()
    assert _visit(local_store, vid).task_progress["4"]["status"] == "FAILED_BPJS"

    def corrected(visit, _s):  # what the poller does when the time is fixed in Khanza
        entry = {**visit.task_progress["4"], "waktu": wib_ms(8, 30)}
        visit.task_progress = {**visit.task_progress, "4": entry}

    modify_visit(local_store, vid, corrected)
    assert resend(local_store, vid, 4) == 1
    pipeline.work_due()
    assert _visit(local_store, vid).task_progress["4"]["status"] == "SENT_BPJS"
    assert sim.tasks(vid)[4] == wib_ms(8, 30)


def test_closing_task_resent_after_lost_answer_is_sent(config, local_store, sim):
    """Issue 11 item 7: task 7 recorded at BPJS, its answer cut off; the retry meets
    "TaskId terakhir 7" and the task is SENT, not FAILED."""

    cfg = replace(config, hospital=replace(config.hospital, tasks=(3, 4, 5, 6, 7)))
    p = Pipeline(cfg, local_store)
    try:
        times = {**FULL_DAY, 6: wib_ms(9, 10), 7: wib_ms(9, 20)}
        vid = add_visit(local_store, 1, times={t: times[t] for t in (3, 4, 5, 6)})

        def status(task: str) -> str | None:
            return _visit(local_store, vid).task_progress.get(task, {}).get("status")

        for _ in range(10):  # booking and tasks 3..6 go out normally
            p.build()
            p.work_due()
            if status("6") == "SENT_BPJS":
                break
        _khanza_shows(local_store, vid, 7, times[7], source="test")  # the handover appears
        sim.faults.add("cut_off", count=1, path="antrean/updatewaktu")  # task 7's answer lost
        p.build()
        p.work_due()
        assert sim.tasks(vid) == times  # recorded at BPJS; the program did not hear it
        with local_store.session() as session:  # the backoff has passed
            session.execute(update(AntreanJob).values(next_attempt_at=datetime(2000, 1, 1)))
        p.work_due()
        seven = [r for r in _updatewaktu(sim) if r.body["taskid"] == 7]
        assert [r.message for r in seven] == ["Ok", "TaskId terakhir 7"]
        assert status("7") == "SENT_BPJS"
    finally:
        p.close()


def test_first_build_of_a_run_reads_every_visit(config, local_store, sim):
    """A restart reads the whole store once, whatever cursor the previous run left."""
    for n in range(1, 4):
        add_visit(local_store, n)
    first = Pipeline(config, local_store)
    try:
        first.build()
        first.build()
        assert first.build().visits_read == 0
    finally:
        first.close()
    restarted = Pipeline(config, local_store)
    try:
        assert restarted.build().visits_read == 3
        assert restarted.build().visits_read == 0
    finally:
        restarted.close()


def test_a_cancelled_visit_is_not_offered_for_resend(local_store):
    """Point 8 of issue 22: nothing of a visit cancelled in Khanza is queued again, neither one
    task nor through "resend the day's failed tasks"."""
    vid = add_visit(local_store, 1)

    def cancel(visit, _s):
        visit.status = "CANCELLED"
        progress = update_task_progress(
            visit.task_progress, 1, "BLOCKED", reason={"code": "VISIT_CANCELLED", "params": {}}
        )
        visit.task_progress = update_task_progress(progress, 3, "FAILED_BPJS", waktu=wib_ms(8, 5))

    modify_visit(local_store, vid, cancel)
    with pytest.raises(ResendError, match="cancelled in Khanza"):
        resend(local_store, vid, 3)
    with pytest.raises(ResendError, match="cancelled in Khanza"):
        resend(local_store, vid, 1)
    assert resend(local_store, vid) == 0
    assert resend_failed(local_store, DAY) == 0
    progress = _visit(local_store, vid).task_progress
    assert progress["3"]["status"] == "FAILED_BPJS" and progress["1"]["status"] == "BLOCKED"


def _drive(pipeline, local_store, clock, until, *, stop) -> list[tuple[datetime, str]]:
    """Send with the worker's clock jumping to each next due time until ``stop()`` or ``until``;
    returns (time, statuses) seen after every round."""
    seen = []
    while clock["now"] < until and not stop():
        pipeline.work_due()
        with local_store.session() as session:
            pending = session.scalars(
                select(AntreanJob.next_attempt_at).where(AntreanJob.status == "PENDING")
            ).all()
            statuses = {j.task_id: j.status for j in session.scalars(select(AntreanJob))}
        seen.append((clock["now"], statuses))
        if not pending:
            break
        clock["now"] = max(clock["now"], min(pending))
    return seen


def test_5xx_bursts_never_end_in_failed_inside_h_plus_7(config, local_store, sim):
    """Point 4 of issue 22, on the worker's injected clock: a day of 502 bursts (far more than
    max_attempts) for the booking and every task ends with all of them sent, none FAILED."""
    start = datetime.now(UTC).replace(tzinfo=None, microsecond=0)
    clock = {"now": start}
    pipeline = Pipeline(config, local_store, clock=lambda: clock["now"])
    try:
        vid = add_visit(local_store, 1, times=FULL_DAY)
        in_send_window(local_store, vid)
        day = _visit(local_store, vid).visit_date
        until = send_window_end(day, WIB)
        sim.faults.add("http_5xx", count=25, path="antrean/add", status=502)
        sim.faults.add("http_5xx", count=40, path="antrean/updatewaktu", status=503)
        pipeline.build()
        seen = []
        for _ in range(4):  # booking, then 3, 4, 5 as each predecessor is sent
            seen += _drive(pipeline, local_store, clock, until, stop=lambda: False)
            pipeline.build()
    finally:
        pipeline.close()
    assert all("FAILED" not in statuses.values() for _, statuses in seen), seen[-1]
    assert {j.status for j in _jobs(local_store, vid).values()} == {"DONE"}
    progress = _visit(local_store, vid).task_progress
    assert {k: e["status"] for k, e in progress.items()} == dict.fromkeys(
        ["1", "3", "4", "5"], "SENT_BPJS"
    )
    assert _jobs(local_store, vid)[1].attempts == 26 > config.worker.max_attempts
    assert clock["now"] < until, "all within BPJS's window"


def test_an_outage_to_the_end_of_h_plus_7_fails_only_when_time_runs_out(config, local_store, sim):
    start = datetime.now(UTC).replace(tzinfo=None, microsecond=0)
    clock = {"now": start}
    pipeline = Pipeline(config, local_store, clock=lambda: clock["now"])
    try:
        vid = add_visit(local_store, 1)
        in_send_window(local_store, vid)
        until = send_window_end(_visit(local_store, vid).visit_date, WIB)
        sim.faults.add("http_5xx", path="antrean/add", status=502)
        pipeline.build()
        seen = _drive(pipeline, local_store, clock, until + timedelta(hours=1), stop=lambda: False)
    finally:
        pipeline.close()
    failed_at = [t for t, statuses in seen if statuses.get(1) == "FAILED"]
    assert failed_at and failed_at[0] >= until - timedelta(minutes=2), (failed_at, until)
    assert all(s[1] == "PENDING" for t, s in seen if t < until - timedelta(minutes=2))
    assert len(seen) > 150, "tried about once an hour for a week"
    reason = _visit(local_store, vid).task_progress["1"]["reason"]
    assert reason["code"] == "BPJS_UNREACHABLE" and reason["params"]["attempts"] == len(seen)
