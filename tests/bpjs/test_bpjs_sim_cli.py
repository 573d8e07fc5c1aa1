"""``python -m antrean_desktop.sim`` starts a usable simulator and stops on Ctrl-C."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys

from antrean_desktop.bpjs import BpjsClient, Outcome
from tests.support.processes import reap


def test_command_line_simulator() -> None:
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "antrean_desktop.sim",
            "--port",
            "0",
            "--cons-id",
            "c1",
            "--secret",
            "s1",
            "--user-key",
            "u1",
            "--jadwal",
            "INT,12345,07:00-14:00,40",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    try:
        line = proc.stdout.readline()
        match = re.search(r"(http://127\.0\.0\.1:\d+/antreanrs)", line)
        assert match, line
        with BpjsClient(match.group(1), "c1", "s1", "u1", timeout_seconds=5) as client:
            result = client.ref_poli()
        assert result.outcome is Outcome.SUCCESS
        assert result.data and result.data[0]["kdpoli"]
        with BpjsClient(match.group(1), "c1", "s1", "u1", timeout_seconds=5) as client:
            jadwal = client.jadwal_dokter("INT", "2026-11-29")  # every day, a Sunday too
        assert [(r["kodedokter"], r["jadwal"], r["kapasitaspasien"]) for r in jadwal.data] == [
            (12345, "07:00-14:00", 40)
        ]
        proc.send_signal(signal.SIGINT)
        assert proc.wait(timeout=10) == 0
    finally:
        reap(proc)
        proc.stdout.close()
        proc.stderr.close()


def test_bad_jadwal_argument_is_named(capsys) -> None:
    import pytest

    from antrean_desktop.sim.__main__ import main

    with pytest.raises(SystemExit) as exit_:
        main(["--port", "0", "--jadwal", "INT,dr-budi,07:00-14:00"])
    assert exit_.value.code == 2
    assert "--jadwal 'INT,dr-budi,07:00-14:00'" in capsys.readouterr().err
