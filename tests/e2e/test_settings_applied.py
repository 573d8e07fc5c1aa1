"""Settings saved in the running window are read by the next poll, no restart (issue 22): the
window's runtime over the real MariaDB Khanza and the BPJS simulator."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from tests.e2e.runtimes import WindowRuntime
from tests.e2e.support import config_file
from tests.support.clinic import WIB, walk_ins


def test_payer_codes_saved_while_running_book_the_visits_at_the_next_poll(
    tmp_path, qtbot, today_sim, khanza_db, kz
):
    """Khanza's payer code is BPJ but the settings said BPJS: nothing is JKN, nothing is
    booked. Saving the right code (what the settings dialog's Simpan hands over) books them."""
    sim = today_sim
    today = datetime.now(WIB).date()
    want = walk_ins(kz, today, 2, times=False)
    cfg = config_file(tmp_path, sim, khanza_db, khanza='jkn_payer_codes = ["BPJS"]')
    rt = WindowRuntime(cfg, tmp_path, qtbot)
    rt.start()
    try:
        runtime = rt.runtime
        first_poll = runtime.driver.last_poll_at
        rt.wait_until(lambda: runtime.driver.last_poll_at != first_poll, 30, "a poll")
        assert sim.kodebookings() == []  # not JKN under these settings: nothing to report
        saved = replace(rt.config, khanza=replace(rt.config.khanza, jkn_payer_codes=("BPJ",)))
        runtime.apply_config(saved)
        rt.window.apply_config(saved)
        rt.wait_until(lambda: all(sim.booking(k) for k in want), 60, "the bookings")
        assert runtime.config is saved
    finally:
        rt.stop()
