"""Which days are read (sync --days, the catch-up), and errors named by the part that failed."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import text

from antrean_desktop.cli import main
from antrean_desktop.config import load_config
from antrean_desktop.pipeline.errors import StoreUnavailable
from antrean_desktop.pipeline.service import Pipeline
from antrean_desktop.store import migrate, queries
from antrean_desktop.store.db import Store
from antrean_desktop.store.service_state import save_pause, save_problem
from tests.e2e.support import config_file
from tests.support.clinic import WIB, walk_ins


def test_sync_days_reads_today_and_the_days_before(tmp_path, today_sim, khanza_db, kz, capsys):
    today = datetime.now(WIB).date()
    want = {}
    for back in (0, 1, 2):
        want.update(walk_ins(kz, today - timedelta(days=back), 2))
    cfg = config_file(tmp_path, today_sim, khanza_db)
    assert main(["--config", cfg, "sync"]) == 0  # today only, as before
    assert {k for k in want if today_sim.tasks(k)} == {
        k for k in want if k.startswith(f"{today:%Y/%m/%d}")
    }
    capsys.readouterr()
    assert main(["--config", cfg, "sync", "--days", "2"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert [line[:10] for line in out] == [
        (today - timedelta(days=1)).isoformat(),
        today.isoformat(),
    ]
    two_days_ago = (today - timedelta(days=2)).strftime("%Y/%m/%d")
    for no_rawat, tasks in want.items():
        assert today_sim.tasks(no_rawat) == ({} if no_rawat.startswith(two_days_ago) else tasks)


@pytest.mark.parametrize("value", ["0", "9", "dua"])
def test_sync_days_names_a_bad_value(tmp_path, value, capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["sync", "--days", value])
    assert exit_.value.code == 2
    assert f"'{value}' bukan jumlah hari dari 1 sampai 8" in capsys.readouterr().err
    with pytest.raises(SystemExit) as exit_:
        main(["--lang", "en", "sync", "--days", value])
    assert exit_.value.code == 2
    assert f"'{value}' is not a number of days from 1 to 8" in capsys.readouterr().err


def test_a_broken_local_store_is_not_reported_as_khanza(tmp_path, today_sim, khanza_db, kz):
    today = datetime.now(WIB).date()
    walk_ins(kz, today, 1)
    config = load_config(config_file(tmp_path, today_sim, khanza_db))
    store = Store(config.store_url)
    migrate.upgrade(store.engine)
    with store.engine.begin() as conn:  # a broken file: the table is gone
        conn.execute(text("DROP TABLE poll_state"))
        conn.execute(text("ALTER TABLE visit_event RENAME TO visit_event_broken"))
    pipeline = Pipeline(config, store)
    try:
        with pytest.raises(StoreUnavailable) as err:
            pipeline.poll(today)
    finally:
        pipeline.close()
        store.dispose()
    message = str(err.value)
    assert message.startswith("local store sqlite:///") and "visit_event" in message
    assert "Khanza" not in message


def test_status_says_which_pause_is_active_and_since_when(tmp_path, today_sim, khanza_db, capsys):
    cfg = config_file(tmp_path, today_sim, khanza_db)
    config = load_config(cfg)
    store = Store(config.store_url)
    migrate.upgrade(store.engine)
    since = datetime(2026, 11, 28, 3, 32, tzinfo=UTC).replace(tzinfo=None)  # 10:32 WIB
    assert save_pause(store, "OUTAGE", since, since + timedelta(minutes=8), "HTTP 502 Bad Gateway")
    assert save_problem(store, "khanza", "Khanza database x could not be read: gone", since, 4)
    store.dispose()
    capsys.readouterr()
    assert main(["--config", cfg, "status", "--json"]) == 0
    state = json.loads(capsys.readouterr().out)
    assert state["pause"]["kind"] == "OUTAGE"
    assert state["pause"]["since"].startswith("2026-11-28T10:32:00+07:00")
    assert state["pause"]["detail"] == "HTTP 502 Bad Gateway"
    assert state["problems"] == [
        {
            "source": "khanza",
            "message": "Khanza database x could not be read: gone",
            "since": "2026-11-28T10:32:00+07:00",
            "count": 4,
        }
    ]
    assert main(["--config", cfg, "status"]) == 0
    out = capsys.readouterr().out
    assert "BPJS: dijeda\n" in out, "the window's BPJS field"
    assert (
        "DIJEDA (OUTAGE): BPJS tidak dapat dihubungi sejak 10:32; pengiriman dijeda. "
        "0 task menunggu; dicoba lagi 10:40. Tidak ada yang hilang. [HTTP 502 Bad Gateway]"
    ) in out
    assert "MASALAH: Database Khanza tidak dapat dibaca sejak 10:32 (4x)" in out
    assert main(["--config", cfg, "--lang", "en", "status"]) == 0
    out = capsys.readouterr().out
    assert (
        "PAUSED (OUTAGE): BPJS cannot be reached since 10:32; sending is paused. "
        "0 tasks waiting; next try 10:40. Nothing is lost. [HTTP 502 Bad Gateway]"
    ) in out
    assert "PROBLEM: The Khanza database cannot be read since 10:32 (4x)" in out


def test_unfinished_days_are_the_ones_with_work_left(tmp_path, today_sim, khanza_db, kz):
    today = datetime.now(WIB).date()
    days = [today - timedelta(days=n) for n in (3, 2, 1)]
    walk_ins(kz, days[0], 1)  # all sent: finished
    walk_ins(kz, days[1], 1, times=False)  # booking and task 3 (registration) sent: finished
    late = walk_ins(kz, days[2], 1, times=False)  # the doctor's exam comes after the sync
    cfg = config_file(tmp_path, today_sim, khanza_db)
    assert main(["--config", cfg, "sync", "--days", "4"]) == 0
    config = load_config(cfg)
    store = Store(config.store_url)
    try:
        assert queries.unfinished_days(store, days[0], today) == set()
        (no_rawat,) = late
        kz.exam(no_rawat, f"{days[2]} 10:00:00", "D001")  # task 4 is known now
        pipeline = Pipeline(config, store)
        try:
            pipeline.poll(days[2])
        finally:
            pipeline.close()
        assert queries.unfinished_days(store, days[0], today) == {days[2]}
    finally:
        store.dispose()
