"""A hospital-wide rejection is one cause, not 21 patient problems (issue 22 point 3): the real
pipeline sends to the BPJS simulator, which checks each booking's jampraktek against the
doctor's HFIS schedule."""

from __future__ import annotations

from antrean_desktop.domain.problem_groups import problem_groups
from antrean_desktop.sim.bpjs_server import BpjsSimulator
from antrean_desktop.store import queries
from antrean_desktop.store.db import Store
from tests.gui.window_env import no_khanza_window
from tests.pipeline.conftest import DAY, add_visit

SESSION = "07:00-21:00"  # what Khanza's jadwal says; HFIS has 08:00-12:00


def test_a_mass_rejection_yields_one_grouped_banner(
    qtbot, no_thread_leak, sim: BpjsSimulator, config, local_store: Store
):
    ok = add_visit(local_store, 0)  # one booking with the right hours goes through, first
    ids = [add_visit(local_store, n, jampraktek=SESSION) for n in range(1, 22)]
    with no_khanza_window(qtbot, config, local_store, poll_seconds=0.3, worker_seconds=0.3) as w:
        qtbot.waitUntil(
            lambda: all(
                w.model.row_of(v) is not None
                and w.model.row_at(w.model.row_of(v)).status == "FAILED_BPJS"
                for v in ids
            ),
            timeout=20000,
        )
        expected = (
            "21 booking ditolak: jam praktek di Khanza tidak sama dengan jadwal HFIS — ubah "
            "jadwal di Khanza atau HFIS, lalu «Kirim ulang»"
        )
        qtbot.waitUntil(lambda: w.banner_label.lines() == (expected,), timeout=10000)
        assert w.banner.isVisible() and w.banner_label.property("level") == "error"
        # 21 refusals after the one success: the BPJS field is not a green "terhubung"
        qtbot.waitUntil(lambda: w.bpjs_label.property("state") == "bad", timeout=10000)
        assert w.bpjs_label.text() == "BPJS: menolak kiriman"
    assert sim.booking(ok) is not None and all(sim.booking(v) is None for v in ids)
    rejected = [r for r in sim.requests if r.code == 201]
    assert len(rejected) == 21 and all("Jam praktek" in r.message for r in rejected)
    (group,) = problem_groups(queries.day_visits(local_store, DAY))
    assert (
        group.count == 21
        and group.booking
        and group.line("en").startswith(
            "21 bookings refused: Khanza's practice hours differ from the HFIS schedule — "
        )
    )
