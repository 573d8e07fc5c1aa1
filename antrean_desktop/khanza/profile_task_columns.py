"""Profile ``task-columns``: task N's time is ``reg_periksa.task_id_N`` (DATETIME).

NULL or a zero date means "not yet". Which visits are read and how the booking is built are the
same as in :mod:`antrean_desktop.khanza.profile_khanza` (its ``visits_query``, ``seps_query`` and
``schedules_query``); only the task times come from here.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import Connection, select
from sqlalchemy.sql import Select

from antrean_desktop.khanza.profile_khanza import Row, TaskTimes, of_day
from antrean_desktop.khanza.tables import reg_periksa_tasks
from antrean_desktop.khanza.values import as_datetime

TASKS = (3, 4, 5, 6, 7)


def task_columns_query(day: date) -> Select[Any]:
    t = reg_periksa_tasks
    return select(t.c.no_rawat, *(t.c[f"task_id_{n}"] for n in TASKS)).where(
        of_day(t.c.no_rawat, day)
    )


def read_task_times(conn: Connection, day: date, visits: list[Row]) -> TaskTimes:
    wanted = {v["no_rawat"] for v in visits}
    result: TaskTimes = {no_rawat: {} for no_rawat in wanted}
    for row in conn.execute(task_columns_query(day)).mappings():
        if row["no_rawat"] not in wanted:
            continue
        times: dict[int, tuple[datetime, str]] = {}
        for n in TASKS:
            when = as_datetime(row[f"task_id_{n}"])
            if when is not None:
                times[n] = (when, f"reg_periksa.task_id_{n}")
        result[row["no_rawat"]] = times
    return result
