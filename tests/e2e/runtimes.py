"""The two runtimes a scenario runs through: the window's (in this process, offscreen, with
pytest-qt) and ``run`` (its own process). Both read the real MariaDB Khanza and send to the
simulator over HTTP; a scenario is one script written against this small interface."""

from __future__ import annotations

import subprocess
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

from antrean_desktop.config import load_config
from antrean_desktop.store.db import Store
from tests.e2e.support import start_run
from tests.support.processes import end

#: the issue's bound: a stop that takes longer is a stop that hangs
STOP_SECONDS = 10.0


class RunProcess:
    """``antrean-desktop run`` as a service starts it; stopped with SIGTERM."""

    name = "run"

    def __init__(self, cfg: str, tmp_path: Path, qtbot) -> None:
        self.cfg = cfg
        self.log_path = tmp_path / "run.log"
        self.proc: subprocess.Popen | None = None
        self.config = load_config(cfg)
        self.path: tuple[str, ...] = ()  # extra PYTHONPATH folders (a fake clock's site)

    def start(self) -> None:
        self._log = open(self.log_path, "a", encoding="utf-8")  # noqa: SIM115 - closed in stop()
        self.proc = start_run(self.cfg, stderr=self._log, path=self.path)

    def wait_until(self, condition: Callable[[], bool], timeout: float, what: str) -> None:
        deadline = time.monotonic() + timeout
        while not condition():
            assert self.alive(), f"run died while waiting for {what}:\n{self.output()}"
            assert time.monotonic() < deadline, f"run: no {what} within {timeout} s"
            time.sleep(0.1)

    def alive(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    def stop(self) -> float:
        """SIGTERM; the seconds it took to end (the process is killed if it hangs)."""
        assert self.proc is not None
        started = time.monotonic()
        code = end(self.proc, STOP_SECONDS + 5)
        took = time.monotonic() - started
        self._log.close()
        assert code == 0, f"run ended with {code}:\n{self.output()}"
        return took

    def use_clock(self, clock_file: Path, monkeypatch) -> None:
        """Read the wall clock the test moves (tests/support/fake_clock.py)."""
        from tests.support.fake_clock import CLOCK_FILE_ENV, SITE

        monkeypatch.setenv(CLOCK_FILE_ENV, str(clock_file))
        self.path = (str(SITE),)

    def wait_problem(self, source: str, timeout: float = 30) -> None:
        """Until the log tells that ``source`` ("store", "khanza") fails and will be retried."""
        words = PROBLEM_WORDS[source]

        def told() -> bool:
            return any(
                words in line and "(will retry)" in line for line in self.output().splitlines()
            )

        self.wait_until(told, timeout, f"{source} problem in the log")

    def output(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace")

    def saw(self, text: str) -> bool:
        return text in self.output()


class WindowRuntime:
    """The window's runtime with its window (offscreen), as ``antrean-desktop gui`` builds it."""

    name = "window"

    def __init__(self, cfg: str, tmp_path: Path, qtbot) -> None:
        self.qtbot = qtbot
        self.config = load_config(cfg)
        self.statuses: list = []
        self.runtime = None

    def start(self) -> None:
        from antrean_desktop.gui.main_window import MainWindow
        from antrean_desktop.runtime.bridge import RuntimeBridge
        from antrean_desktop.runtime.scheduler import Runtime

        self.store = Store(self.config.store_url)
        self.bridge = RuntimeBridge()
        self.runtime = Runtime(self.config, self.store, self.bridge, refresh_seconds=0.5)
        self.window = MainWindow(self.config, self.runtime, self.bridge, use_tray=False)
        self.qtbot.addWidget(self.window)
        self.window.show()
        self.runtime.start()

    def wait_until(self, condition: Callable[[], bool], timeout: float, what: str) -> None:
        try:
            self.qtbot.waitUntil(condition, timeout=int(timeout * 1000))
        except Exception as exc:
            raise AssertionError(f"window: no {what} within {timeout} s") from exc

    def alive(self) -> bool:
        return self.runtime is not None and not self.runtime.stopping()

    def stop(self) -> float:
        """Quit, as the window's menu does: the seconds until the runtime stood still."""
        started = time.monotonic()
        self.window.quit()
        clean = self.runtime.stop(timeout=STOP_SECONDS - 1)
        took = time.monotonic() - started
        self.store.dispose()
        assert clean, "a background call was still running after the stop"
        return took

    def use_clock(self, clock_file: Path, monkeypatch) -> None:
        """Read the wall clock the test moves (tests/support/fake_clock.py)."""
        import antrean_desktop.gui.main_window  # noqa: F401 - loaded before the clock is moved
        import antrean_desktop.pipeline.service  # noqa: F401
        import antrean_desktop.runtime.scheduler  # noqa: F401
        from tests.support.fake_clock import install_here

        install_here(monkeypatch, clock_file)

    def wait_problem(self, source: str, timeout: float = 30) -> None:
        """Until the runtime holds a problem of ``source`` ("store", "khanza") for the status."""
        driver = self.runtime.driver
        self.wait_until(lambda: driver.problem(source) is not None, timeout, f"{source} problem")

    def banner(self) -> str:
        return self.window.banner_label.text() if self.window.banner.isVisible() else ""

    def saw(self, text: str) -> bool:
        return False


RUNTIMES = {"window": WindowRuntime, "run": RunProcess}
#: how ``run``'s log names a failing part
PROBLEM_WORDS = {"store": "local store", "khanza": "Khanza database"}


def sent(sim, want: dict[str, dict[int, int]]) -> bool:
    """BPJS has every booking of ``want`` and exactly its task times."""
    return all(sim.booking(k) is not None and sim.tasks(k) == tasks for k, tasks in want.items())


def accepted_twice(sim) -> list[tuple[str, object]]:
    """(kodebooking, task) that BPJS accepted with a 200 more than once (must be none)."""
    accepted = Counter(
        (r.body["kodebooking"], r.body.get("taskid", "add"))
        for r in sim.requests
        if r.code == 200 and isinstance(r.body, dict) and "kodebooking" in r.body
    )
    return [key for key, n in accepted.items() if n > 1]


def run_until_sent(rt, sim, want: dict[str, dict[int, int]], timeout: float = 90):
    """Start ``rt``, wait until BPJS has everything of ``want``, stop it; returns ``rt``."""
    rt.start()
    try:
        rt.wait_until(lambda: sent(sim, want), timeout, "sending of every task")
    finally:
        rt.stop()
    return rt
