"""Visits for GUI and runtime tests: a realistic day with every task state."""

from __future__ import annotations

import random
from datetime import date, datetime, time
from typing import Any
from zoneinfo import ZoneInfo

from antrean_desktop.domain.task_progress import now_ms
from antrean_desktop.store.db import Store
from antrean_desktop.store.models import AntreanJob, SendAttempt, VisitEvent
from antrean_desktop.store.visits import modify_visit

TZ = ZoneInfo("Asia/Jakarta")


def ms(day: date, hhmm: str) -> int:
    hh, mm = (int(x) for x in hhmm.split(":"))
    return int(datetime.combine(day, time(hh, mm), TZ).timestamp() * 1000)


def task(status: str, day: date, hhmm: str, attempts: int = 0, **extra: Any) -> dict[str, Any]:
    entry: dict[str, Any] = {"status": status, "waktu": ms(day, hhmm), "source": "khanza"}
    entry["attempts"] = attempts
    if status == "SENT_BPJS":
        entry["sentAt"] = ms(day, hhmm) + 40_000
    entry.update(extra)
    return entry


def add_visit(store: Store, day: date, seq: int, **fields: Any) -> str:
    """Write one visit (see ``visit_event``) and return its ``visit_id``."""
    visit = visit_event(day, seq, **fields)
    with store.session() as session:
        session.add(visit)
    return visit.visit_id


def visit_event(
    day: date,
    seq: int,
    *,
    name: str = "Pasien",
    hhmm: str = "07:30",
    status: str = "SENT_BPJS",
    tasks: dict[int, dict[str, Any]] | None = None,
    blocked_reason: dict[str, Any] | None = None,
    poli: str = "Poli Penyakit Dalam",
    doctor: str = "dr. Siti Rahma, Sp.PD",
    jenispasien: str = "JKN",
) -> VisitEvent:
    """An unsaved visit row as the poller would have written it."""
    visit_id = f"{day:%Y/%m/%d}/{seq:06d}"
    progress: dict[str, Any] = {"1": {"status": "SENT_BPJS" if status == "SENT_BPJS" else status}}
    if status == "BLOCKED":
        progress["1"]["reason"] = blocked_reason
    for key, entry in (tasks or {}).items():
        progress[str(key)] = entry
    return VisitEvent(
        visit_id=visit_id,
        kodebooking=f"{day:%Y%m%d}{seq:06d}",
        visit_date=day,
        registered_at=datetime.combine(day, time(*(int(x) for x in hhmm.split(":")))),
        jenispasien=jenispasien,
        kd_poli="INT",
        namapoli=poli,
        kd_dokter="D0001",
        namadokter=doctor,
        norm=f"{100000 + seq:06d}",
        patient_name=name,
        status=status,
        blocked_reason=blocked_reason,
        task_progress=progress,
        changed_ms=now_ms(),
    )


def set_task(store: Store, visit_id: str, task_id: int, **fields: Any) -> None:
    def change(visit: VisitEvent, _session: Any) -> None:
        progress = {k: dict(v) for k, v in (visit.task_progress or {}).items()}
        entry = dict(progress.get(str(task_id), {}))
        entry.update(fields)
        progress[str(task_id)] = entry
        visit.task_progress = progress

    modify_visit(store, visit_id, change)


def add_attempt(store: Store, visit_id: str, task_id: int, outcome: str, message: str) -> None:
    with store.session() as session:
        job = AntreanJob(
            visit_id=visit_id, task_id=task_id, payload={"taskid": task_id}, status="FAILED"
        )
        session.add(job)
        session.flush()
        session.add(
            SendAttempt(
                job_id=job.id,
                visit_id=visit_id,
                task_id=task_id,
                endpoint="antrean/updatewaktu",
                request_body={"kodebooking": "x", "taskid": task_id, "waktu": 1},
                http_status=200,
                bpjs_code=201,
                bpjs_message=message,
                outcome=outcome,
                duration_ms=120,
            )
        )


NAMES = [
    "Siti Aminah", "Budi Santoso", "Dewi Lestari", "Agus Salim", "Rina Marlina", "Joko Widodo",
    "Sri Wahyuni", "Ahmad Fauzi", "Nur Hidayah", "Eko Prasetyo", "Wulan Sari", "Hendra Gunawan",
    "Yuliana", "Bambang Hartono", "Fitri Handayani", "Andi Saputra", "Ratna Dewi", "Slamet Riyadi",
]  # fmt: skip
CLINICS = [
    ("Poli Penyakit Dalam", "dr. Siti Rahma, Sp.PD"),
    ("Poli Anak", "dr. Bayu Aji, Sp.A"),
    ("Poli Mata", "dr. Lina Kurnia, Sp.M"),
    ("Poli Gigi", "drg. Hana Putri"),
    ("Poli Saraf", "dr. Rudi Hartono, Sp.N"),
]


def realistic_day(store: Store, day: date, count: int = 24, seed: int = 7) -> list[str]:
    """``count`` visits: most sent, some queued or retrying, a few failed and blocked."""
    return [
        add_visit(store, day, seq, **fields) for seq, fields in realistic_specs(day, count, seed)
    ]


def realistic_specs(day: date, count: int, seed: int = 7) -> list[tuple[int, dict[str, Any]]]:
    """(seq, fields of ``visit_event``) of ``realistic_day``, without a store."""
    rnd = random.Random(seed)
    specs = []
    for seq in range(1, count + 1):
        minutes = (seq * 3) % (10 * 60)  # registrations between 07:00 and 17:00
        hh, mm = 7 + minutes // 60, minutes % 60
        base = f"{hh:02d}:{mm:02d}"

        def at(minutes: int, hh: int = hh, mm: int = mm) -> str:
            total = hh * 60 + mm + minutes
            return f"{total // 60:02d}:{total % 60:02d}"

        poli, doctor = CLINICS[seq % len(CLINICS)]
        kind = seq % 8
        tasks: dict[int, dict[str, Any]] = {}
        status, reason = "SENT_BPJS", None
        if kind in (0, 1, 2, 3):
            tasks = {
                3: task("SENT_BPJS", day, at(5)),
                4: task("SENT_BPJS", day, at(25)),
                5: task("SENT_BPJS", day, at(40)) if kind != 3 else task("DRAFT", day, at(40)),
            }
        elif kind == 4:
            tasks = {3: task("SENT_BPJS", day, at(4)), 4: task("QUEUED", day, at(20))}
        elif kind == 5:
            tasks = {
                3: task("SENT_BPJS", day, at(6)),
                4: task(
                    "QUEUED",
                    day,
                    at(30),
                    attempts=2,
                    failedReason="BPJS tidak menjawab (timeout)",
                ),
            }
        elif kind == 6:
            tasks = {
                3: task(
                    "FAILED_BPJS",
                    day,
                    at(3),
                    attempts=1,
                    failedReason="Waktu (28-11-2026 07:21:00 WIB) tidak boleh kurang atau sama dengan waktu sebelumnya",
                    reason={
                        "code": "BPJS_REJECTED",
                        "params": {
                            "code": 201,
                            "message": "Waktu (28-11-2026 07:21:00 WIB) tidak boleh kurang atau sama dengan waktu sebelumnya",
                        },
                    },
                )
            }
        else:
            status = "BLOCKED"
            reason = {"code": "NO_DOCTOR_MAPPING", "params": {"kd_dokter": "D0002"}}
            tasks = {3: task("DRAFT", day, at(2))}
        specs.append(
            (
                seq,
                dict(
                    name=rnd.choice(NAMES),
                    hhmm=base,
                    status=status,
                    tasks=tasks,
                    blocked_reason=reason,
                    poli=poli,
                    doctor=doctor,
                ),
            )
        )
    return specs
