"""Moves this process's wall clock by ``ANTREAN_TEST_CLOCK_OFFSET`` seconds (time-machine).

``tests/at_date.sh`` puts a ``.pth`` file into the virtual environment that imports this module
at every interpreter start, so pytest and every Python program a test starts (``run``, a second
desk, the simulator) agree on the moved clock. Without the variable it does nothing. The clock
keeps running (``tick=True``) and ``time.monotonic`` is left alone, as on a PC whose date is
simply later."""

from __future__ import annotations

import os

_offset = os.environ.get("ANTREAN_TEST_CLOCK_OFFSET")
if _offset:
    import time

    import time_machine

    time_machine.travel(time.time() + float(_offset), tick=True).start()
