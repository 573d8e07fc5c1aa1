"""Ending a child process a test or a benchmark started, without leaving it running."""

from __future__ import annotations

import signal
import subprocess


def end(proc: subprocess.Popen, timeout: float, sig: int | None = signal.SIGTERM) -> int | None:
    """Send ``sig`` (None: the process was already asked to end, e.g. its stdin closed) and wait up
    to ``timeout`` s for it; kill it if it does not end. Its exit code; None if it was killed."""
    if sig is not None:
        proc.send_signal(sig)
    try:
        return proc.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()
        return None


def reap(proc: subprocess.Popen) -> None:
    """Kill the process if it still runs (a test's ``finally``) and wait for it."""
    if proc.poll() is None:
        proc.kill()
        proc.wait()
