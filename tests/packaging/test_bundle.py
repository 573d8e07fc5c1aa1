"""The PyInstaller bundle (installer.spec) built on Linux: the frozen command-line program and
the frozen window work from another folder, with migrations, resources and the demo inside."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from antrean_desktop import __version__
from tests.packaging.test_wheel import copy_sources
from tests.support.processes import reap

pytestmark = pytest.mark.slow

#: log lines at ERROR that the demo day causes on purpose (the doctor BPJS does not know)
EXPECTED_ERRORS = re.compile(r"BPJS rejected \S+ task 1 \(code 201\): Data dokter tidak ditemukan")


@pytest.fixture(scope="module")
def bundle(tmp_path_factory) -> Path:
    tmp = tmp_path_factory.mktemp("bundle")
    src = copy_sources(tmp / "src")
    (src / "installer.spec").write_bytes(
        Path(__file__).parents[2].joinpath("installer.spec").read_bytes()
    )
    subprocess.run(
        [
            sys.executable,
            "-m",
            "PyInstaller",
            "--noconfirm",
            "--log-level",
            "WARN",
            "--distpath",
            str(tmp / "dist"),
            "--workpath",
            str(tmp / "build"),
            "installer.spec",
        ],
        cwd=src,
        check=True,
        stdin=subprocess.DEVNULL,
        timeout=1500,
    )
    folder = tmp / "dist" / "AntreanDesktop"
    assert (folder / "AntreanDesktop").is_file() and (folder / "antrean-desktop").is_file()
    return folder


def frozen_env(home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("ANTREAN_", "XDG_", "PYTHON"))}
    env.update(HOME=str(home), QT_QPA_PLATFORM="offscreen")
    env.update(XDG_DATA_HOME=str(home / "data"), XDG_CONFIG_HOME=str(home / "config"))
    env.update(XDG_STATE_HOME=str(home / "state"), XDG_RUNTIME_DIR=str(home / "run"))
    (home / "run").mkdir(parents=True, exist_ok=True, mode=0o700)
    return env


def cli(bundle: Path, home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(bundle / "antrean-desktop"), *args],
        cwd=home,
        env=frozen_env(home),
        capture_output=True,
        text=True,
        timeout=300,
        stdin=subprocess.DEVNULL,
    )


def log_text(home: Path) -> str:
    return (home / "state" / "AntreanDesktop" / "log" / "antrean-desktop.log").read_text("utf-8")


def unexpected_errors(text: str) -> list[str]:
    bad = [
        line
        for line in text.splitlines()
        if re.search(r"\b(ERROR|CRITICAL)\b", line) and not EXPECTED_ERRORS.search(line)
    ]
    return bad + [line for line in text.splitlines() if line.startswith("Traceback")]


def test_frozen_command_line(bundle: Path, tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    version = cli(bundle, home, "--version")
    assert version.returncode == 0 and __version__ in version.stdout

    upgrade = cli(bundle, home, "db", "upgrade")
    assert upgrade.returncode == 0, upgrade.stderr
    assert "dimigrasi dari kosong ke" in upgrade.stdout  # Bahasa Indonesia by default

    sync = cli(bundle, home, "--demo", "sync")
    assert sync.returncode == 0, sync.stderr
    said = r"\d+ kunjungan; terkirim [1-9]\d*, diblokir [1-9]\d*, gagal [1-9]"
    assert re.search(said, sync.stdout), sync.stdout
    status = cli(bundle, home, "--demo", "status", "--json")
    assert status.returncode == 0, status.stderr
    assert '"demo": true' in status.stdout and "Data dokter tidak ditemukan." in status.stdout
    assert unexpected_errors(log_text(home)) == []


def _no_std_streams() -> None:  # in the child: like a windowed program, no stdout/stderr
    os.close(1)
    os.close(2)


def test_frozen_window_runs_ten_seconds_on_the_demo_and_quits_cleanly(
    bundle: Path, tmp_path: Path
) -> None:
    home = tmp_path / "home"
    home.mkdir()
    process = subprocess.Popen(
        [str(bundle / "AntreanDesktop"), "--demo"],
        cwd=home,
        env=frozen_env(home),
        stdin=subprocess.DEVNULL,
        preexec_fn=_no_std_streams,  # noqa: PLW1509 - the point is a child without stdout/stderr
    )
    try:
        time.sleep(10)  # the window, the demo hospital, the simulator and the runtime at work
        assert process.poll() is None, "the frozen window ended early"
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=60) == 0
    finally:
        reap(process)
    text = log_text(home)
    assert "DEMO mode" in text
    assert any(line.endswith("runtime stopped") for line in text.splitlines())  # nothing abandoned
    assert "Sent " in text  # the frozen worker sent to the simulator
    assert unexpected_errors(text) == []
