"""Job persistence (store/jobs.py) on SQLite and on a real MariaDB: leases, late finishers."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from sqlalchemy import select

from antrean_desktop.domain.bpjs_answers import Outcome
from antrean_desktop.domain.retry import Action, Answer, RetryPolicy, decide
from antrean_desktop.domain.task_progress import update_task_progress
from antrean_desktop.domain.tasks import JobStatus
from antrean_desktop.pipeline.job_results import apply_decision
from antrean_desktop.store import jobs
from antrean_desktop.store.models import AntreanJob, VisitEvent
from antrean_desktop.store.visits import get_visit

VISIT = "2026/11/28/000001"
T0 = datetime(2026, 11, 28, 1, 0, 0)
POLICY = RetryPolicy(max_attempts=3, backoff_seconds=10)


def _queued_visit(store, tasks=(1,)) -> None:
    progress = {}
    for task in tasks:
        progress = update_task_progress(progress, task, "QUEUED", waktu=1_700_000_000_000 + task)
    with store.session() as session:
        session.add(
            VisitEvent(
                visit_id=VISIT,
                kodebooking=VISIT,
                visit_date=date(2026, 11, 28),
                status="READY_BPJS",
                task_progress=progress,
            )
        )
    with store.session() as session:
        for task in tasks:
            assert jobs.enqueue(session, VISIT, task, {"taskid": task}, T0)


def _job(store, task=1) -> AntreanJob:
    with store.session() as session:
        return session.scalar(
            select(AntreanJob).where(AntreanJob.visit_id == VISIT, AntreanJob.task_id == task)
        )


def _progress(store) -> dict:
    with store.session() as session:
        return get_visit(session, VISIT).task_progress


def _answer(outcome: Outcome, message: str = "") -> Answer:
    return Answer(outcome, message, 200 if outcome is Outcome.SUCCESS else 201, 200)


def test_late_finisher_never_overwrites_a_newer_result(store):
    _queued_visit(store)
    [slow] = jobs.claim_due(store, "A", T0, lease_seconds=30, limit=5)
    assert jobs.claim_due(store, "B", T0 + timedelta(seconds=10), 30, 5) == []  # lease alive
    # A hangs past its lease; B claims the job again, sends, and records success
    later = T0 + timedelta(seconds=31)
    [fresh] = jobs.claim_due(store, "B", later, lease_seconds=30, limit=5)
    assert fresh.id == slow.id and fresh.lease != slow.lease
    # A gets its (failed) answer while B is still sending: nothing of A's is written
    failed = decide(_answer(Outcome.PERMANENT, "rujukan tidak valid"), 0, POLICY, task_id=1)
    assert failed.action is Action.FAIL
    assert apply_decision(store, slow, failed, later) is None
    job = _job(store)
    assert (job.status, job.lease_owner, job.attempts) == ("SENDING", fresh.lease, 0)
    assert _progress(store)["1"]["status"] == "QUEUED"
    # B records its success; A repeating its late answer still changes nothing
    done = decide(_answer(Outcome.SUCCESS), fresh.attempts, POLICY, task_id=1)
    assert apply_decision(store, fresh, done, later) == done
    assert apply_decision(store, slow, failed, later + timedelta(seconds=5)) is None
    job = _job(store)
    assert (job.status, job.attempts, job.last_error, job.lease_owner) == ("DONE", 1, None, None)
    assert _progress(store)["1"]["status"] == "SENT_BPJS"


def test_finish_needs_the_same_lease_even_from_the_same_owner(store):
    _queued_visit(store)
    [first] = jobs.claim_due(store, "gui", T0, lease_seconds=5, limit=5)
    [second] = jobs.claim_due(store, "gui", T0 + timedelta(seconds=6), 5, 5)  # lease expired
    assert first.lease.startswith("gui#") and second.lease.startswith("gui#")
    with store.session() as session:
        assert not jobs.finish(session, first, JobStatus.FAILED, attempts=1)
    with store.session() as session:
        assert jobs.finish(session, second, JobStatus.DONE, attempts=1)
    with store.session() as session:  # finished: a second finish under the same lease is refused
        assert not jobs.finish(session, second, JobStatus.FAILED, attempts=2)
    assert _job(store).status == "DONE"


def test_finish_after_a_requeue_is_refused(store):
    """A resend (or the builder) that re-queued the job while it was out wins over the sender."""
    _queued_visit(store)
    [claimed] = jobs.claim_due(store, "A", T0, lease_seconds=30, limit=5)
    with store.session() as session:
        assert jobs.requeue(session, VISIT, 1, T0), "a SENDING job exists"
    assert _job(store).status == "SENDING", "requeue leaves a job being sent alone"
    with store.session() as session:
        session.get(AntreanJob, claimed.id).status = "PENDING"  # e.g. an older program's reset
    with store.session() as session:
        assert not jobs.finish(session, claimed, JobStatus.DONE, attempts=1)
    assert _job(store).status == "PENDING"


def test_enqueue_and_requeue_reset_only_finished_jobs(store):
    _queued_visit(store, tasks=(1, 3))
    with store.session() as session:
        assert not jobs.enqueue(session, VISIT, 1, {"new": True}, T0), "already waiting"
        assert not jobs.requeue(session, VISIT, 4, T0), "no such job"
    [claimed] = jobs.claim_due(store, "A", T0, 30, 5)  # the booking (first in order)
    assert claimed.task_id == 1
    with store.session() as session:
        assert jobs.finish(session, claimed, JobStatus.FAILED, attempts=3)
    with store.session() as session:
        assert jobs.requeue(session, VISIT, 1, T0, payload={"fixed": True})
    job = _job(store)
    assert (job.status, job.attempts, job.payload, job.lease_owner) == (
        "PENDING",
        0,
        {"fixed": True},
        None,
    )


def test_claim_takes_each_visits_first_job_in_order(store):
    _queued_visit(store, tasks=(99, 5, 3, 1))
    order = []
    now = T0
    for _ in range(4):
        [claimed] = jobs.claim_due(store, "A", now, 30, 5)
        order.append(claimed.task_id)
        with store.session() as session:
            assert jobs.finish(session, claimed, JobStatus.DONE, attempts=1)
    assert order == [1, 3, 5, 99]
    assert jobs.claim_due(store, "A", now, 30, 5) == []


def test_claim_waits_for_a_visits_first_job_and_takes_the_due_ones_first(store):
    """A visit whose first job waits (back-off) sends nothing else; others go, oldest first."""
    with store.session() as session:
        for n, (task, due) in enumerate([(3, 60), (1, 5), (1, 0), (1, 10)], start=1):
            visit = f"2026/11/28/{n:06d}"
            session.add(VisitEvent(visit_id=visit, kodebooking=visit, visit_date=date(2026, 11, 28),
                                   status="READY_BPJS", task_progress={}))  # fmt: skip
            session.flush()
            assert jobs.enqueue(session, visit, task, {"taskid": task}, T0 + timedelta(seconds=due))
        # visit 1 also has task 4 waiting behind its task 3, due long ago
        assert jobs.enqueue(session, "2026/11/28/000001", 4, {"taskid": 4}, T0 - timedelta(hours=1))
    now = T0 + timedelta(seconds=30)
    claimed = jobs.claim_due(store, "A", now, 30, 2)
    assert [(c.visit_id[-1], c.task_id) for c in claimed] == [("3", 1), ("2", 1)]
    claimed = jobs.claim_due(store, "A", now, 30, 5)
    assert [(c.visit_id[-1], c.task_id) for c in claimed] == [("4", 1)]  # not visit 1's task 4


def test_predecessor_requeued_in_the_same_write(store):
    _queued_visit(store, tasks=(1, 3))
    [booking] = jobs.claim_due(store, "A", T0, 30, 5)
    with store.session() as session:
        assert jobs.finish(session, booking, JobStatus.DONE, attempts=1)
    [task3] = jobs.claim_due(store, "A", T0, 30, 5)
    answer = Answer(Outcome.NEEDS_PREDECESSOR, "kodebooking tidak ditemukan", 201, 200, 1)
    decision = decide(answer, 0, POLICY, task_id=3)
    assert decision.action is Action.SEND_PREDECESSOR
    assert apply_decision(store, task3, decision, T0) == decision
    assert _job(store, 1).status == "PENDING" and _job(store, 3).status == "PENDING"
    progress = _progress(store)
    assert progress["1"]["status"] == "QUEUED" and progress["3"]["status"] == "QUEUED"
    assert progress["3"]["lastError"]["params"]["requeued"] is True


def test_claim_carries_the_service_date_and_retry_now_makes_waiting_retries_due(store):
    """The worker needs the visit's date for the H+7 limit; "Kirim ulang sekarang" moves only
    jobs waiting after an error (attempts kept), never a fresh or finished one."""
    _queued_visit(store, tasks=(1, 3))
    [claimed] = jobs.claim_due(store, "A", T0, lease_seconds=30, limit=5)
    assert claimed.visit_date == date(2026, 11, 28)
    later = T0 + timedelta(hours=1)
    with store.session() as session:
        assert jobs.finish(session, claimed, JobStatus.PENDING, attempts=4, next_at=later)
    with store.session() as session:
        session.get(AntreanJob, _job(store, 3).id).next_attempt_at = later  # fresh, not failed
    assert jobs.claim_due(store, "A", T0, lease_seconds=30, limit=5) == []
    with store.session() as session:
        assert jobs.retry_now(session, T0) == 1
    assert (_job(store).next_attempt_at, _job(store).attempts) == (T0, 4)
    assert _job(store, 3).next_attempt_at == later
    [again] = jobs.claim_due(store, "A", T0, lease_seconds=30, limit=5)
    assert (again.task_id, again.attempts) == (1, 4)
