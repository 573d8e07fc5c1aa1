from __future__ import annotations

import dataclasses
from datetime import date, datetime

import pytest
from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtWidgets import QTableView

from antrean_desktop.domain.task_states import TaskState
from antrean_desktop.gui.task_cells import COLOURS
from antrean_desktop.gui.visits_model import (
    KIND_ROLE,
    FilterMode,
    VisitsFilterProxy,
    VisitsTableModel,
)
from antrean_desktop.runtime.snapshots import VisitRow
from tests.runtime.factories import TZ, task

DAY = date(2026, 11, 28)


def row(seq: int, name: str = "Pasien", status: str = "SENT_BPJS", **tasks) -> VisitRow:
    progress = {"1": {"status": "SENT_BPJS"}}
    progress.update({k.removeprefix("t"): v for k, v in tasks.items()})
    return VisitRow(
        visit_id=f"2026/11/28/{seq:06d}",
        kodebooking=f"20261128{seq:06d}",
        visit_date=DAY,
        registered_at=datetime(2026, 11, 28, 7, seq % 60),
        jenispasien="JKN",
        norm=f"{100000 + seq}",
        patient_name=name,
        kd_poli="INT",
        namapoli="Poli Penyakit Dalam",
        kd_dokter="D1",
        namadokter="dr. Siti",
        status=status,
        blocked_reason={"code": "NO_DOCTOR_MAPPING", "params": {"kd_dokter": "D1"}}
        if status == "BLOCKED"
        else None,
        task_progress=progress,
        change_seq=seq,
    )


def sample_rows() -> list[VisitRow]:
    return [
        row(1, "Siti Aminah", t3=task("SENT_BPJS", DAY, "08:12")),
        row(2, "Budi Santoso", t3=task("QUEUED", DAY, "08:20")),
        row(3, "Dewi Lestari", t3=task("QUEUED", DAY, "08:25", attempts=2, failedReason="timeout")),
        row(
            4,
            "Agus Salim",
            t3=task(
                "FAILED_BPJS",
                DAY,
                "08:30",
                attempts=5,
                reason={"code": "BPJS_REJECTED", "params": {"code": 201, "message": "salah"}},
            ),
        ),
        row(5, "Rina Marlina", status="BLOCKED", t3=task("DRAFT", DAY, "08:40")),
        row(6, "Joko", t3=task("DRAFT", DAY, "08:45")),
    ]


@pytest.fixture
def model(qtbot):
    m = VisitsTableModel(TZ, (3, 4, 5))
    m.replace_day(DAY, sample_rows())
    return m


def task_col(model: VisitsTableModel, task_id: int) -> int:
    return next(i for i, c in enumerate(model.columns) if c.task_id == task_id)


def test_model_passes_qtmodeltester(qtmodeltester, model):
    qtmodeltester.check(model, force_py=True)


def test_proxy_passes_qtmodeltester(qtmodeltester, model):
    proxy = VisitsFilterProxy()
    proxy.setSourceModel(model)
    proxy.set_search("a")
    qtmodeltester.check(proxy, force_py=True)


@pytest.mark.parametrize(
    ("seq", "task_id", "kind", "text"),
    [
        (1, 3, TaskState.SENT, "✓ 08:12"),
        (2, 3, TaskState.QUEUED, "… antre"),
        (3, 3, TaskState.RETRYING, "↻ 2x"),
        (4, 3, TaskState.FAILED, "✗ gagal"),
        (5, 1, TaskState.BLOCKED, "⊘ blokir"),
        (6, 3, TaskState.WAITING, "○ 08:45"),
        (6, 4, TaskState.NONE, "—"),
        (1, 1, TaskState.SENT, "✓"),
    ],
)
def test_task_cells_have_colour_and_text(model, seq, task_id, kind, text):
    index = model.index(seq - 1, task_col(model, task_id))
    assert model.data(index, KIND_ROLE) == kind.value
    assert model.data(index, Qt.ItemDataRole.DisplayRole) == text
    bg, fg = COLOURS[kind]
    background = model.data(index, Qt.ItemDataRole.BackgroundRole)
    assert (background.name() if background is not None else None) == bg
    assert model.data(index, Qt.ItemDataRole.ForegroundRole).name() == fg


def test_tooltip_gives_time_attempts_and_reason(model):
    tip = model.data(model.index(3, task_col(model, 3)), Qt.ItemDataRole.ToolTipRole)
    assert "08:30" in tip and "5" in tip and "Ditolak BPJS (kode 201): salah" in tip
    blocked = model.data(model.index(4, task_col(model, 1)), Qt.ItemDataRole.ToolTipRole)
    assert "D1" in blocked and "maping_dokter_dpjpvclaim" in blocked


def test_english_reasons(qtbot):
    m = VisitsTableModel(TZ, (3, 4, 5), language="en")
    m.replace_day(DAY, sample_rows())
    problem_col = len(m.columns) - 1
    assert "Rejected by BPJS (code 201)" in m.data(m.index(3, problem_col))


def test_refresh_is_a_diff_and_keeps_the_selection(qtbot, model):
    proxy = VisitsFilterProxy()
    proxy.setSourceModel(model)
    view = QTableView()
    qtbot.addWidget(view)
    view.setModel(proxy)
    view.setSortingEnabled(True)
    view.sortByColumn(4, Qt.SortOrder.AscendingOrder)  # by patient
    target = proxy.mapFromSource(model.index(3, 0))
    view.selectionModel().select(
        target,
        QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows,
    )
    view.selectionModel().setCurrentIndex(target, QItemSelectionModel.SelectionFlag.NoUpdate)
    assert [proxy.mapToSource(i).row() for i in view.selectionModel().selectedRows()] == [3]
    resets, inserted, changed = [], [], []
    model.modelReset.connect(lambda: resets.append(1))
    proxy.modelReset.connect(lambda: resets.append(2))
    model.rowsInserted.connect(lambda *a: inserted.append(a[1:]))
    model.dataChanged.connect(lambda tl, br, roles=(): changed.append(tl.row()))

    rows = sample_rows()
    rows[1] = dataclasses.replace(rows[1], task_progress={"3": task("SENT_BPJS", DAY, "08:21")})
    rows[3] = dataclasses.replace(rows[3], patient_name="Agus Salim")  # unchanged content
    model.apply_updates(DAY, [rows[1], rows[3], row(7, "Baru"), row(8, "Baru Lagi")])
    model.replace_day(DAY, [*rows, row(7, "Baru"), row(8, "Baru Lagi")])

    assert resets == []
    # rows 6 and 7 are inserted empty and then filled with one dataChanged
    assert [r for r in changed if r < 6] == [1]
    assert sorted(r for first, last in inserted for r in range(first, last + 1)) == [6, 7]
    selected = [proxy.mapToSource(i).row() for i in view.selectionModel().selectedRows()]
    assert selected == [3]
    assert model.row_at(proxy.mapToSource(view.currentIndex()).row()).patient_name == "Agus Salim"
    assert view.horizontalHeader().sortIndicatorSection() == 4


def test_another_day_resets(model):
    resets = []
    model.modelReset.connect(lambda: resets.append(1))
    model.replace_day(date(2026, 11, 27), [])
    assert resets == [1] and model.rowCount() == 0


def names(proxy: VisitsFilterProxy) -> list[str]:
    model = proxy.sourceModel()
    return [
        model.row_at(proxy.mapToSource(proxy.index(r, 0)).row()).patient_name
        for r in range(proxy.rowCount())
    ]


@pytest.mark.parametrize(
    ("mode", "expected"),
    [
        (FilterMode.ALL, 6),
        (FilterMode.PROBLEMS, ["Dewi Lestari", "Agus Salim", "Rina Marlina"]),
        (FilterMode.BLOCKED, ["Rina Marlina"]),
        (FilterMode.FAILED, ["Agus Salim"]),
        (FilterMode.NOT_SENT, ["Budi Santoso", "Dewi Lestari", "Rina Marlina", "Joko"]),
    ],
)
def test_filters(model, mode, expected):
    proxy = VisitsFilterProxy()
    proxy.setSourceModel(model)
    proxy.set_mode(mode)
    got = names(proxy)
    assert (len(got) if isinstance(expected, int) else got) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("siti", ["Siti Aminah"]),
        ("100004", ["Agus Salim"]),  # RM
        ("2026/11/28/000005", ["Rina Marlina"]),  # no_rawat
        ("20261128000002", ["Budi Santoso"]),  # kodebooking
        ("nobody", []),
    ],
)
def test_search(model, text, expected):
    proxy = VisitsFilterProxy()
    proxy.setSourceModel(model)
    proxy.set_search(text)
    assert names(proxy) == expected


def test_an_update_redraws_the_changed_task_and_the_filters(model):
    proxy = VisitsFilterProxy()
    proxy.setSourceModel(model)
    proxy.set_mode(FilterMode.FAILED)
    before = {proxy.mapToSource(proxy.index(r, 0)).row() for r in range(proxy.rowCount())}
    assert 1 not in before  # row 2 (index 1) has task 3 queued
    col3 = next(i for i, c in enumerate(model.columns) if c.task_id == 3)
    problem = len(model.columns) - 1
    failed = dataclasses.replace(
        sample_rows()[1],
        task_progress={
            "1": {"status": "SENT_BPJS"},
            "3": task("FAILED_BPJS", DAY, "08:20", failedReason="Rujukan tidak valid"),
        },
    )
    model.apply_updates(DAY, [failed])
    cell = model.index(1, col3)
    assert cell.data().startswith("✗")
    assert cell.data(KIND_ROLE) == TaskState.FAILED.value
    assert cell.data(Qt.ItemDataRole.BackgroundRole).name() == COLOURS[TaskState.FAILED][0]
    assert "Rujukan tidak valid" in model.index(1, problem).data()
    after = {proxy.mapToSource(proxy.index(r, 0)).row() for r in range(proxy.rowCount())}
    assert after == before | {1}
