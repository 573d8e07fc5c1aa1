"""Visits over several days and clinics for the dashboard test and its screenshot; the booked
and sent ones are also recorded at the BPJS simulator (behind its back, with its test hooks)."""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from antrean_desktop.domain.task_progress import update_task_progress
from antrean_desktop.domain.tasks import TaskStatus
from antrean_desktop.store.db import Store
from antrean_desktop.store.models import VisitEvent

TZ = ZoneInfo("Asia/Jakarta")
CLINICS = (("INT", "PENYAKIT DALAM"), ("ANA", "ANAK"), ("MAT", "MATA"))
SENT, FAILED, DRAFT = TaskStatus.SENT_BPJS, TaskStatus.FAILED_BPJS, TaskStatus.DRAFT


def _ms(day: date, minutes: int) -> int:
    moment = datetime.combine(day, time(7, 0), TZ) + timedelta(minutes=minutes)
    return int(moment.timestamp() * 1000)


def seed(store: Store, today: date, days: int, sim: Any = None, seed: int = 13) -> list[VisitEvent]:
    """``days`` days up to ``today``: per clinic 4-9 JKN visits; ~80 % complete, some with
    task 5 failed, some whose booking failed, and a few whose task 5 BPJS lost (recorded as the
    last reconciliation's mismatch). Returns the visits added."""
    rng = random.Random(seed)
    added: list[VisitEvent] = []
    n = 0
    for offset in range(days - 1, -1, -1):
        day = today - timedelta(days=offset)
        for kodepoli, clinic in CLINICS:
            for _ in range(rng.randint(4, 9)):
                n += 1
                start = rng.randint(0, 240)
                wait = rng.randint(8, 40) + (offset % 7) * 3 + (15 if kodepoli == "INT" else 0)
                service = rng.randint(5, 20)
                times = {3: start, 4: start + wait, 5: start + wait + service}
                roll = rng.random()
                booking = FAILED if roll < 0.06 else SENT
                last = FAILED if 0.06 <= roll < 0.16 else SENT
                lost = 0.16 <= roll < 0.20  # sent, but BPJS lost task 5 (found by reconciling)
                progress = update_task_progress({}, 1, booking)
                for task, minute in times.items():
                    status = DRAFT if booking is FAILED else (last if task == 5 else SENT)
                    progress = update_task_progress(progress, task, status, waktu=_ms(day, minute))
                kode = f"{day:%Y%m%d}{kodepoli}{n:04d}"
                visit = VisitEvent(
                    visit_id=f"{day:%Y/%m/%d}/{n:06d}",
                    kodebooking=kode,
                    visit_date=day,
                    jenispasien="JKN",
                    kd_poli=kodepoli.lower(),
                    kodepoli_bpjs=kodepoli,
                    namapoli=clinic,
                    patient_name=f"Pasien {n}",
                    status="SENT_BPJS" if booking is SENT else "FAILED_BPJS",
                    task_progress=progress,
                    reconcile_mismatches=[
                        {
                            "visit_id": f"{day:%Y/%m/%d}/{n:06d}",
                            "kodebooking": kode,
                            "kind": "missing_at_bpjs",
                            "task": 5,
                            "ours_ms": _ms(day, times[5]),
                            "bpjs_ms": None,
                        }
                    ]
                    if lost
                    else [],
                )
                added.append(visit)
                if sim is not None and booking is SENT:
                    _record(sim, visit, day, times, FAILED if lost else last)
    with store.session() as session:
        session.add_all(added)
        session.flush()
        session.expunge_all()
    return added


def _record(sim: Any, visit: VisitEvent, day: date, times: dict[int, int], last: Any) -> None:
    payload = {
        "kodebooking": visit.kodebooking,
        "kodepoli": visit.kodepoli_bpjs,
        "namapoli": visit.namapoli,
        "tanggalperiksa": day.isoformat(),
        "jenispasien": "JKN",
    }
    made = datetime.combine(day, time(6, 30), TZ)
    sim.state.put_booking(payload, made, "Bridging Antrean RS")
    for task, minute in times.items():
        if task == 5 and last is FAILED:
            continue
        waktu = _ms(day, minute)
        received = datetime.fromtimestamp(waktu / 1000, TZ) + timedelta(seconds=40)
        sim.state.record_task(visit.kodebooking, task, waktu, received)
