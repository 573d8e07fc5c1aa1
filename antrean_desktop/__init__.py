"""Antrean Desktop: reports SIMRS Khanza outpatient queue times to BPJS Antrean RS."""

import time

__version__ = "0.1.0"

#: when the package was first imported: the program's start, near enough (start-up time log)
STARTED = time.monotonic()
