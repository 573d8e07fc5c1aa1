"""Fixtures of the end-to-end tests."""

from __future__ import annotations

import pytest

from antrean_desktop.sim.bpjs_server import BpjsSimulator
from tests.e2e.support import CONS, SECRET, USER_KEY, know_khanza_schedule


@pytest.fixture
def today_sim():
    """The BPJS simulator on the real clock: ``run`` works on today."""
    s = BpjsSimulator(cons_id=CONS, secret=SECRET, user_key=USER_KEY)
    know_khanza_schedule(s)
    with s:
        yield s
