"""Start-up: process start to the window shown, and the import time of the command line.

Window: ``antrean-desktop gui`` (offscreen) is started as its own process with a configured
Khanza and store; the figure is the time from starting the process to its log line "window
shown", written after the first turn of the event loop. Baseline: a bare PySide6 program that
shows an empty QMainWindow, timed the same way (the floor Qt itself sets).
Command line: ``python -X importtime -m antrean_desktop status --json``, the sum of every
module's own import time; baseline: the interpreter's own imports (``python -X importtime -c
pass``). The window's figure is the best of 3 starts, the imports' of 5.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from tests.benchmarks.figures import Figure
from tests.benchmarks.hospital import open_khanza, write_config
from tests.support.mariadb import MariaDBServer, start_mariadb
from tests.support.processes import end

REPO = Path(__file__).resolve().parents[2]
SIZES = {"smoke": (1, 1), "full": (3, 5)}  # window starts, import runs

BARE_QT = """
import sys, time
t = time.monotonic()
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication(sys.argv[:1])
w = QMainWindow(); w.resize(1366, 768); w.show()
QTimer.singleShot(0, lambda: (print("window shown", flush=True), app.quit()))
app.exec()
"""


def _env(tmp: str) -> dict[str, str]:
    env = {**os.environ, "PYTHONPATH": str(REPO), "QT_QPA_PLATFORM": "offscreen", "HOME": tmp}
    for name in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME"):
        env[name] = str(Path(tmp, name.lower()))
    env["XDG_RUNTIME_DIR"] = str(Path(tmp, "run"))
    Path(env["XDG_RUNTIME_DIR"]).mkdir(mode=0o700, exist_ok=True)
    return env


def _until_shown(cmd: list[str], env: dict[str, str], log: Path | None) -> float:
    """Seconds from starting ``cmd`` until it says "window shown" (in ``log`` or on stdout)."""
    started = time.monotonic()
    proc = subprocess.Popen(cmd, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                            stderr=subprocess.DEVNULL, text=True)  # fmt: skip
    try:
        deadline = started + 60
        while time.monotonic() < deadline:
            if log is None:
                if "window shown" in (proc.stdout.readline() if proc.stdout else ""):
                    return time.monotonic() - started
            elif log.is_file() and "window shown" in log.read_text(errors="replace"):
                return time.monotonic() - started
            if proc.poll() is not None and log is not None:
                raise RuntimeError(f"the window exited with {proc.returncode} before showing")
            time.sleep(0.005)
        raise TimeoutError("the window did not show within 60 s")
    finally:
        if proc.poll() is None:
            end(proc, 15)


def _import_ms(args: list[str], env: dict[str, str]) -> tuple[float, int]:
    """Sum of every module's own import time (ms), and how many PySide6 modules were imported."""
    done = subprocess.run([sys.executable, "-X", "importtime", *args], env=env, capture_output=True,
                          text=True, timeout=60, stdin=subprocess.DEVNULL)  # fmt: skip
    total, qt = 0, 0
    for line in done.stderr.splitlines():
        if line.startswith("import time:") and "|" in line:
            self_us, _cumulative, name = (part.strip() for part in line[12:].split("|"))
            if self_us.isdigit():
                total += int(self_us)
                qt += name.startswith("PySide6")
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(args)} failed: {done.stdout[-500:]}")
    return total / 1000, qt


def run(size: str = "full", server: MariaDBServer | None = None) -> list[Figure]:
    """``server``: a running MariaDB to use (the test run's); else one is started."""
    starts, imports = SIZES[size]
    own = server is None
    server = server or start_mariadb()
    try:
        khanza_url, kz = open_khanza(server)
        kz.dispose()
        with tempfile.TemporaryDirectory() as tmp:
            env = _env(tmp)
            cfg = write_config(tmp, khanza_url, "http://127.0.0.1:9/antreanrs")
            log = Path(env["XDG_STATE_HOME"], "AntreanDesktop", "log", "antrean-desktop.log")
            window, bare = [], []
            for _ in range(starts):
                log.unlink(missing_ok=True)
                window.append(_until_shown(
                    [sys.executable, "-m", "antrean_desktop", "--config", cfg, "gui"], env, log))  # fmt: skip
                bare.append(_until_shown([sys.executable, "-c", BARE_QT], env, None))
            status = [_import_ms(["-m", "antrean_desktop", "--config", cfg, "status", "--json"], env)
                      for _ in range(imports)]  # fmt: skip
            interpreter = [_import_ms(["-c", "pass"], env) for _ in range(imports)]
    finally:
        if own:
            server.stop()
    shown, status_ms = min(window), min(ms for ms, _qt in status)
    qt_modules = max(qt for _ms, qt in status)
    return [
        Figure("start-up", "process start to window shown", shown, "s",
               "bare PySide6 window", min(bare), "< 2 s", shown < 2),
        Figure("start-up", "status --json: import time", status_ms / 1000, "s",
               "interpreter's own imports", min(ms for ms, _qt in interpreter) / 1000, "< 0.5 s",
               status_ms < 500),
        Figure("start-up", "status --json: PySide6 modules imported", float(qt_modules), "",
               target="0", met=qt_modules == 0),
    ]  # fmt: skip
