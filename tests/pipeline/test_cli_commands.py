"""status, resend and check through the real command line entry point."""

from __future__ import annotations

import json

import pytest
from sqlalchemy.engine import make_url

from antrean_desktop.cli import main
from tests.pipeline.conftest import (
    CONS,
    DAY,
    FULL_DAY,
    SECRET,
    USER_KEY,
    add_visit,
    send_all,
    visit_no,
    wib,
    wib_ms,
)


def write_config(tmp_path, config, khanza_url: str = "", language: str = "", **bpjs) -> str:
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
    if language:
        lines.append(f'[hospital]\nlanguage = "{language}"')
    path = tmp_path / f"cli-{len(list(tmp_path.glob('cli-*.toml')))}.toml"  # one per call
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return str(path)


def test_status_json_shape(tmp_path, config, local_store, sim, capsys):
    sent = add_visit(local_store, 1, times=FULL_DAY)
    failing = add_visit(local_store, 2, times={3: wib_ms(8, 5), 4: wib_ms(8, 5)})
    send_all(config, local_store)
    cfg = write_config(tmp_path, config)
    assert main(["--config", cfg, "status", "--date", DAY.isoformat(), "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["date"] == DAY.isoformat()
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


def test_status_text_speaks_indonesian_unless_english_is_chosen(
    tmp_path, config, local_store, sim, capsys
):
    add_visit(local_store, 1, times=FULL_DAY)
    failing = add_visit(local_store, 2, times={3: wib_ms(8, 5), 4: wib_ms(8, 5)})
    send_all(config, local_store)
    cfg = write_config(tmp_path, config)
    day = ["status", "--date", DAY.isoformat()]
    assert main(["--config", cfg, *day, "--json"]) == 0
    counts = json.loads(capsys.readouterr().out)["summary"]
    summary = {
        "id": f"{DAY}: 2 kunjungan; "
        + "terkirim {sent}, diblokir {blocked}, gagal {failed}, menunggu {waiting}",
        "en": f"{DAY}: 2 visits; "
        + "sent {sent}, blocked {blocked}, failed {failed}, waiting {waiting}",
    }
    assert counts["failed"] == 1

    assert main(["--config", cfg, *day]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == f"{DAY}  2 kunjungan" and lines[1].endswith("  masalah")
    row = next(line for line in lines if line.startswith(failing))
    assert "✗ gagal" in row and "task 4: " in row
    assert summary["id"].format(**counts) in lines

    english = write_config(tmp_path, config, language="en")
    for argv in (["--config", english], ["--config", cfg, "--lang", "en"]):
        assert main([*argv, *day]) == 0
        lines = capsys.readouterr().out.splitlines()
        assert lines[0] == f"{DAY}  2 visits" and lines[1].endswith("  problem")
        row = next(line for line in lines if line.startswith(failing))
        assert "✗ failed" in row and "gagal" not in row
        assert summary["en"].format(**counts) in lines
    assert main(["--config", english, "--lang", "id", *day]) == 0  # --lang wins over the file
    assert summary["id"].format(**counts) in capsys.readouterr().out.splitlines()


def test_status_names_a_mass_rejection_in_one_grouped_line(
    tmp_path, config, local_store, sim, capsys
):
    """Six bookings refused for one cause (Khanza's practice hours differ from the HFIS
    schedule): ``status`` prints one line naming the cause, the count and the fix, the same
    words as the window's banner, not six patient problems only."""
    ok = add_visit(local_store, 0)
    refused = [add_visit(local_store, n, jampraktek="07:00-21:00") for n in range(1, 7)]
    send_all(config, local_store)
    assert sim.booking(ok) is not None and all(sim.booking(v) is None for v in refused)
    cfg = write_config(tmp_path, config)
    day = ["status", "--date", DAY.isoformat()]
    expected = {
        "id": "6 booking ditolak: jam praktek di Khanza tidak sama dengan jadwal HFIS — ubah "
        "jadwal di Khanza atau HFIS, lalu antrean-desktop resend",  # the command, not a button
        "en": "6 bookings refused: Khanza's practice hours differ from the HFIS schedule — ",
    }
    for language in ("id", "en"):
        assert main(["--config", cfg, "--lang", language, *day]) == 0
        lines = capsys.readouterr().out.splitlines()
        grouped = [line for line in lines if "ditolak: " in line or "refused: " in line]
        assert len(grouped) == 1, lines
        assert grouped[0].startswith(expected[language]), grouped
        assert sum(line.startswith(tuple(refused)) for line in lines) == 6  # the rows stay
        assert "«" not in grouped[0]


def test_resend_command(tmp_path, config, local_store, sim, capsys):
    vid = add_visit(local_store, 1, times={3: wib_ms(8, 5), 4: wib_ms(8, 5)})
    send_all(config, local_store)
    cfg = write_config(tmp_path, config)
    assert main(["--config", cfg, "resend", vid, "--task", "3"]) == 1
    assert (
        f"antrean-desktop resend: task 3 kunjungan {vid} berstatus SENT_BPJS; "
        "hanya task FAILED_BPJS atau BLOCKED yang bisa dikirim ulang"
    ) in capsys.readouterr().err
    assert main(["--config", cfg, "--lang", "en", "resend", vid, "--task", "3"]) == 1
    assert f"task 3 of {vid} is SENT_BPJS" in capsys.readouterr().err
    assert main(["--config", cfg, "resend", visit_no(999999)]) == 1
    assert f"'{visit_no(999999)}' tidak ada di penyimpanan lokal" in capsys.readouterr().err
    assert main(["--config", cfg, "resend", vid, "--task", "4"]) == 0
    assert f"1 task kunjungan {vid} masuk antrean lagi" in capsys.readouterr().out
    assert main(["--config", cfg, "resend"]) == 2
    assert "sebutkan nomor rawat (no_rawat) atau --failed" in capsys.readouterr().err
    assert main(["--config", cfg, "--lang", "en", "resend"]) == 2
    assert "either a visit id" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        main(["--config", cfg, "resend", vid, "--task", "8"])
    assert "'8' bukan nomor task BPJS (salah satu dari 1, 2, 3, 4, 5, 6, 7, 99)" in (
        capsys.readouterr().err
    )


def test_check_reports_each_part(tmp_path, config, local_store, sim, khanza_db, capsys):
    cfg = write_config(tmp_path, config, khanza_url=khanza_db)
    assert main(["--config", cfg, "--lang", "en", "check"]) == 0
    out = capsys.readouterr().out
    assert (
        "[OK] local store" in out
        and "[OK] Khanza" in out
        and "outpatient visit(s) on" in out
        and "[OK] BPJS" in out
        and "[OK] clock" in out
    )
    assert sim.requests[-1].endpoint == "ref/poli"

    bad = write_config(tmp_path, config, khanza_url=khanza_db, user_key="wrong-key")
    assert main(["--config", bad, "--lang", "en", "check"]) == 1
    out = capsys.readouterr().out
    assert "[FAIL] BPJS" in out and "Authentication failed" in out and "wrong-key" not in out

    # BPJS merely down: its line fails, the clock is not called wrong (there is nothing to
    # compare it with; issue 22 point 10)
    for kind in ("http_5xx", "drop"):
        sim.faults.add(kind, count=1, path="ref/poli")
        assert main(["--config", cfg, "--lang", "en", "check"]) == 1
        out = capsys.readouterr().out
        assert "[FAIL] BPJS" in out and "clock" not in out, out

    sim.server_clock = lambda: __import__("time").time() - 600  # BPJS's clock 10 minutes behind
    sim.allowed_skew_seconds = 3600
    assert main(["--config", cfg, "--lang", "en", "check"]) == 1
    assert "[FAIL] clock: this PC is +6" in capsys.readouterr().out


def test_check_speaks_indonesian_by_default(tmp_path, config, local_store, sim, khanza_db, capsys):
    cfg = write_config(tmp_path, config, khanza_url=khanza_db)
    assert main(["--config", cfg, "check"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert [line.split(":", 1)[0] for line in lines] == [
        "[OK] penyimpanan lokal",
        "[OK] PC pengirim",
        "[OK] Khanza",
        "[OK] BPJS",
        "[OK] jam",
    ]
    # a SQLite store is this PC's alone (a shared one names its sending desk)
    assert lines[1] == "[OK] PC pengirim: penyimpanan milik PC ini saja: PC ini mengirim ke BPJS"
    assert " kunjungan rawat jalan pada " in lines[2] and "ref/poli" in lines[3]
    assert "detik dari jam BPJS (toleransi 60 detik)" in lines[4]

    # a failure says its cause in the desk's words first, what was seen in brackets
    bad = write_config(tmp_path, config, khanza_url=khanza_db, user_key="wrong-key")
    assert main(["--config", bad, "check"]) == 1
    out = capsys.readouterr().out
    assert "[GAGAL] BPJS: BPJS menolak cons-id, secret key atau user_key" in out
    assert "Authentication failed" in out and "wrong-key" not in out
    nowhere = khanza_db.replace(f":{make_url(khanza_db).port}/", ":1/")
    down = write_config(tmp_path, config, khanza_url=nowhere)
    for argv, said in (
        ([], "[GAGAL] Khanza: Server database Khanza tidak dapat dihubungi: periksa alamat"),
        (["--lang", "en"], "[FAIL] Khanza: The Khanza database server cannot be reached"),
    ):
        assert main(["--config", down, *argv, "check"]) == 1
        line = next(x for x in capsys.readouterr().out.splitlines() if "Khanza" in x)
        assert line.startswith(said) and "(2003, " in line and line.endswith(")]"), line

    sim.server_clock = lambda: __import__("time").time() - 600
    sim.allowed_skew_seconds = 3600
    english = write_config(tmp_path, config, khanza_url=khanza_db, language="en")
    assert main(["--config", english, "check"]) == 1  # the file's language
    assert "[FAIL] clock: this PC is +6" in capsys.readouterr().out
    assert main(["--config", cfg, "check"]) == 1
    assert "[GAGAL] jam: jam komputer ini berselisih +6" in capsys.readouterr().out


def test_sync_without_credentials_names_the_keys(tmp_path, config, capsys):
    path = tmp_path / "nocreds.toml"
    path.write_text(f'[store]\nurl = "{config.store_url}"\n', encoding="utf-8")
    assert main(["--config", str(path), "sync"]) == 2
    err = capsys.readouterr().err
    assert f"antrean-desktop sync: {path}: [bpjs] cons_id, secret_key, user_key belum diisi" in err
    assert main(["--config", str(path), "--lang", "en", "sync"]) == 2
    assert "cons_id, secret_key, user_key not set" in capsys.readouterr().err


def test_run_rereads_the_window_after_midnight_even_when_khanza_was_down(config):
    """The driver ``run`` uses: the catch-up after midnight is owed until Khanza answers."""
    from datetime import timedelta

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
    clock = {"now": wib(23, 0), "mono": 0.0}
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


def test_resend_now_makes_the_waiting_retries_due(tmp_path, config, local_store, sim, capsys):
    """``resend --now``: the command line's "Kirim ulang sekarang" (through the store, so a
    running ``run`` or window sends them at its next round)."""
    from datetime import timedelta

    from sqlalchemy import select

    from antrean_desktop.store.models import AntreanJob, utcnow

    vid = add_visit(local_store, 1)
    send_all(config, local_store)
    later = utcnow() + timedelta(hours=1)
    with local_store.session() as session:
        job = session.scalar(select(AntreanJob).where(AntreanJob.visit_id == vid))
        job.status, job.attempts, job.next_attempt_at = "PENDING", 9, later
    cfg = write_config(tmp_path, config)
    assert main(["--config", cfg, "resend", "--now"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("1 task yang menunggu percobaan berikutnya dikirim") and "klik" not in out
    with local_store.session() as session:
        job = session.scalar(select(AntreanJob).where(AntreanJob.visit_id == vid))
        assert job.next_attempt_at < later and job.attempts == 9
    assert main(["--config", cfg, "resend", "--now", "--failed"]) == 2
    assert "--now berlaku untuk semua task yang menunggu" in capsys.readouterr().err
