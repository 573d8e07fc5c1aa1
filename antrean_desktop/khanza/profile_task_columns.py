"""Profile ``task-columns``: task N's time is ``reg_periksa.task_id_N`` (DATETIME).

NULL or a zero date means "not yet". Which visits are read and how the booking is built are the
same as in :mod:`antrean_desktop.khanza.profile_khanza` (its ``visits_query``, ``seps_query`` and
``schedules_query``); only the task times come from here.

Only the ``task_id_N`` columns this Khanza has are read (``probe.Sources.task_columns``); a task
whose column is missing is BLOCKED (SOURCE_COLUMN_MISSING) on every visit, never sent.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import Connection, select
from sqlalchemy.sql import Select

from antrean_desktop.config import KhanzaConfig
from antrean_desktop.domain.reasons import Reason
from antrean_desktop.khanza.probe import TASK_COLUMN_TASKS, Sources
from antrean_desktop.khanza.profile_khanza import ALL_SOURCES, HeldTasks, Row, TaskTimes, of_day
from antrean_desktop.khanza.tables import reg_periksa_tasks
from antrean_desktop.khanza.values import as_datetime

TASKS = TASK_COLUMN_TASKS


def task_columns_query(day: date, sources: Sources = ALL_SOURCES) -> Select[Any]:
    t = reg_periksa_tasks
    present = [n for n in TASKS if n in sources.task_columns]
    return select(t.c.no_rawat, *(t.c[f"task_id_{n}"] for n in present)).where(
        of_day(t.c.no_rawat, day)
    )


def read_task_times(
    conn: Connection,
    day: date,
    visits: list[Row],
    sources: Sources = ALL_SOURCES,
    khanza_cfg: KhanzaConfig | None = None,  # noqa: ARG001  (no setting applies here)
) -> tuple[TaskTimes, HeldTasks]:
    wanted = {v["no_rawat"] for v in visits}
    missing = {
        n: Reason("SOURCE_COLUMN_MISSING", {"task": n, "column": f"reg_periksa.task_id_{n}"})
        for n in TASKS
        if n not in sources.task_columns
    }
    result: TaskTimes = {no_rawat: {} for no_rawat in wanted}
    held: HeldTasks = {no_rawat: dict(missing) for no_rawat in wanted}
    for row in conn.execute(task_columns_query(day, sources)).mappings():
        if row["no_rawat"] not in wanted:
            continue
        times: dict[int, tuple[datetime, str]] = {}
        for n in TASKS:
            when = as_datetime(row.get(f"task_id_{n}"))
            if when is not None:
                times[n] = (when, f"reg_periksa.task_id_{n}")
        result[row["no_rawat"]] = times
    return result, held
