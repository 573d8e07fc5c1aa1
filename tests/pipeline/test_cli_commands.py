"""status, resend and check through the real command line entry point."""

from __future__ import annotations

import json

from antrean_desktop.cli import main
from antrean_desktop.pipeline.service import Pipeline
from tests.pipeline.conftest import CONS, DAY, FULL_DAY, SECRET, USER_KEY, WIB, add_visit, wib_ms


def send_all(config, store) -> None:
    """Build and send everything due, as one ``sync`` would after a poll."""
    p = Pipeline(config, store)
    try:
        p.build()
        p.work_due()
    finally:
        p.close()


def write_config(tmp_path, config, khanza_url: str = "", **bpjs) -> str:
    values = {
        "base_url": config.bpjs.base_url,
        "cons_id": CONS,
        "secret_key": SECRET,
        "user_key": USER_KEY,
        "timeout_seconds": 2,
    }
    values.update(bpjs)
    lines = [f'[store]\nurl = "{config.store_url}"', "[bpjs]"]
    lines += [f"{k} = {json.dumps(v)}" for k, v in values.items()]
    if khanza_url:
        lines.append(f'[khanza]\nurl = "{khanza_url}"')
    lines.append("[worker]\nmax_attempts = 3\nbackoff_seconds = 0.05")
    path = tmp_path / "cli.toml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return str(path)


def test_status_json_shape(tmp_path, config, local_store, sim, capsys):
    sent = add_visit(local_store, 1, times=FULL_DAY)
    failing = add_visit(local_store, 2, times={3: wib_ms(8, 5), 4: wib_ms(8, 5)})
    send_all(config, local_store)
    cfg = write_config(tmp_path, config)
    assert main(["--config", cfg, "status", "--date", DAY.isoformat(), "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["date"] == "2026-11-28"
    rows = {v["visit_id"]: v for v in out["visits"]}
    assert set(rows) == {sent, failing}
    assert set(rows[sent]) >= {
        "visit_id",
        "kodebooking",
        "jenispasien",
        "status",
        "blocked_reason",
        "task_progress",
    }
    assert rows[sent]["status"] == "SENT_BPJS"
    assert {k: e["status"] for k, e in rows[sent]["task_progress"].items()} == dict.fromkeys(
        ["1", "3", "4", "5"], "SENT_BPJS"
    )
    assert rows[failing]["task_progress"]["4"]["status"] == "FAILED_BPJS"
    assert "sebelumnya" in rows[failing]["task_progress"]["4"]["failedReason"]

    assert main(["--config", cfg, "status", "--date", DAY.isoformat()]) == 0
    text = capsys.readouterr().out
    assert failing in text and "✗ gagal" in text and "2 visits" in text


def test_resend_command(tmp_path, config, local_store, sim, capsys):
    vid = add_visit(local_store, 1, times={3: wib_ms(8, 5), 4: wib_ms(8, 5)})
    send_all(config, local_store)
    cfg = write_config(tmp_path, config)
    assert main(["--config", cfg, "resend", vid, "--task", "3"]) == 1
    assert "task 3 of 2026/11/28/000001 is SENT_BPJS" in capsys.readouterr().err
    assert main(["--config", cfg, "resend", vid, "--task", "4"]) == 0
    assert "1 task(s) of 2026/11/28/000001 queued again" in capsys.readouterr().out
    assert main(["--config", cfg, "resend"]) == 2
    assert "either a visit id" in capsys.readouterr().err


def test_check_reports_each_part(tmp_path, config, local_store, sim, khanza_db, capsys):
    cfg = write_config(tmp_path, config, khanza_url=khanza_db)
    assert main(["--config", cfg, "check"]) == 0
    out = capsys.readouterr().out
    assert (
        "[OK] local store" in out
        and "[OK] Khanza" in out
        and "[OK] BPJS" in out
        and "[OK] clock" in out
    )
    assert sim.requests[-1].endpoint == "ref/poli"

    bad = write_config(tmp_path, config, khanza_url=khanza_db, user_key="wrong-key")
    assert main(["--config", bad, "check"]) == 1
    out = capsys.readouterr().out
    assert "[FAIL] BPJS" in out and "Authentication failed" in out and "wrong-key" not in out

    sim.server_clock = lambda: __import__("time").time() - 600  # BPJS's clock 10 minutes behind
    sim.allowed_skew_seconds = 3600
    assert main(["--config", cfg, "check"]) == 1
    assert "[FAIL] clock: this PC is +6" in capsys.readouterr().out


def test_sync_without_credentials_names_the_keys(tmp_path, config, capsys):
    path = tmp_path / "nocreds.toml"
    path.write_text(f'[store]\nurl = "{config.store_url}"\n', encoding="utf-8")
    assert main(["--config", str(path), "sync"]) == 2
    err = capsys.readouterr().err
    assert "cons_id, secret_key, user_key not set" in err


def test_run_rereads_the_window_after_midnight_even_when_khanza_was_down(config):
    """The driver ``run`` uses: the catch-up after midnight is owed until Khanza answers."""
    from datetime import datetime, timedelta

    from antrean_desktop.domain.service_core import sending_window
    from antrean_desktop.pipeline.errors import KhanzaUnavailable
    from antrean_desktop.runtime.service import ServiceDriver
    from antrean_desktop.store import migrate
    from antrean_desktop.store.db import Store

    class FakePipeline:
        auth_problem = None

        def __init__(self):
            self.polls, self.fail = [], False

        def poll(self, day):
            if self.fail:
                raise KhanzaUnavailable("Khanza down")
            self.polls.append(day)

        def build(self):
            pass

        def work_due(self, max_jobs=None, should_stop=None):
            pass

        def close(self):
            pass

    store = Store(config.store_url)
    migrate.upgrade(store.engine)
    fake = FakePipeline()
    clock = {"now": datetime(2026, 11, 28, 23, 0, tzinfo=WIB), "mono": 0.0}
    driver = ServiceDriver(
        config,
        store,
        pipeline_factory=lambda: fake,
        migrate=None,
        poll_seconds=30,
        now=lambda: clock["now"],
        mono=lambda: clock["mono"],
    )
    try:
        driver.step()
        assert fake.polls == sending_window(DAY)  # start-up: the whole window once
        clock["mono"] += 30
        driver.step()
        assert fake.polls[8:] == [DAY]
        clock["now"] += timedelta(hours=2)  # midnight while Khanza is down
        clock["mono"] += 30
        fake.fail = True
        driver.step()
        assert driver.problem("khanza") is not None
        fake.fail = False
        clock["mono"] += 30  # the back-off has passed
        driver.step()
        nxt = DAY + timedelta(days=1)
        assert fake.polls[9:] == sending_window(nxt)  # yesterday and the rest are still owed
        assert driver.problem("khanza") is None
    finally:
        driver.close()
        store.dispose()
