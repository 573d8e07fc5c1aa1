"""Spacing calls to BPJS: at most ``calls_per_second``, evenly spaced.

A call may start ``1 / calls_per_second`` after the previous one started AND after it ended
(call :meth:`done` when the answer is in). So two requests never reach BPJS closer together than
that interval, however long the network holds one of them up. Used for the read-back calls of reconciliation, which can be many (one per booking) and must
not crowd out the sending. Clock and sleep are injectable; ``sleep`` may return True to say
"stop waiting, we are shutting down" (``threading.Event.wait`` does exactly that).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable


class RateLimiter:
    def __init__(
        self,
        calls_per_second: float,
        *,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], object] = time.sleep,
    ) -> None:
        if isinstance(calls_per_second, bool) or not calls_per_second > 0:
            raise ValueError(f"calls_per_second must be greater than 0, got {calls_per_second!r}")
        self.interval = 1.0 / float(calls_per_second)
        self._clock = clock
        self._sleep = sleep
        self._next = float("-inf")
        self._lock = threading.Lock()

    def wait(self) -> bool:
        """Block until the next call may start; False when ``sleep`` reported a stop."""
        with self._lock:
            now = self._clock()
            start = max(now, self._next)
            self._next = start + self.interval
        delay = start - now
        stopped = delay > 0 and self._sleep(delay) is True
        return not stopped

    def done(self) -> None:
        """The call that :meth:`wait` let through has its answer: the next waits a full interval."""
        with self._lock:
            self._next = max(self._next, self._clock() + self.interval)
