"""One job's BPJS call(s): which endpoint a job uses and what its answer means."""

from __future__ import annotations

import logging

from antrean_desktop.bpjs import BpjsClient, BpjsResult, Outcome
from antrean_desktop.domain.retry import Answer
from antrean_desktop.store.jobs import Claimed

log = logging.getLogger("antrean.worker")


def call_bpjs(client: BpjsClient, job: Claimed) -> list[BpjsResult]:
    """Send ``job``: its booking, task time, or cancellation (batal, then task 99)."""
    body = job.payload
    if job.task_id == 1:
        return [client.add_antrean(body)]
    if job.task_id == 99:
        first = client.batal(body["kodebooking"], body.get("keterangan") or "Batal")
        if first.outcome not in (Outcome.SUCCESS, Outcome.TERMINAL):
            return [first]
        return [first, client.update_waktu(body["kodebooking"], 99, int(body["waktu"]))]
    return [client.update_waktu(body["kodebooking"], job.task_id, int(body["waktu"]))]


def send_job(client: BpjsClient, job: Claimed) -> list[BpjsResult]:
    """:func:`call_bpjs`, turning a programming error into a PERMANENT answer (job not stuck)."""
    try:
        return call_bpjs(client, job)
    except Exception as exc:
        log.exception("Sending %s task %s failed unexpectedly", job.visit_id, job.task_id)
        return [
            BpjsResult(
                outcome=Outcome.PERMANENT,
                code=None,
                message=f"internal error while sending: {type(exc).__name__}: {exc}",
                request={"endpoint": "(not sent)", "body": job.payload},
            )
        ]


def final_answer(job: Claimed, results: list[BpjsResult]) -> Answer:
    """The answer that decides the job: the last call's. A cancel made before (our own, whose
    answer was lost) comes back as "TaskId terakhir 99", SUCCESS by the answer table."""
    final = results[-1]
    return Answer(
        outcome=final.outcome,
        message=final.message,
        code=final.code,
        http_status=final.http_status,
        missing_task=final.missing_task,
        reason=final.reason,
    )
