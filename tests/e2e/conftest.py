"""Fixtures of the end-to-end tests."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from tests.e2e.support import khanza_simulator
from tests.khanza.builders import KhanzaFixture
from tests.support.clinic import clinic


@pytest.fixture
def today_sim():
    """The BPJS simulator on the real clock: ``run`` works on today."""
    with khanza_simulator() as s:
        yield s


@pytest.fixture
def sim():
    """The BPJS simulator at 11:00 WIB on 2026-01-20, the standard day of the e2e tests."""
    with khanza_simulator(datetime(2026, 1, 20, 11, 0, tzinfo=ZoneInfo("Asia/Jakarta"))) as s:
        yield s


@pytest.fixture
def kz(khanza_db):
    """Khanza with one clinic and a doctor on every weekday (tests/support/clinic.py)."""
    fixture = KhanzaFixture.connect(khanza_db)
    clinic(fixture)
    try:
        yield fixture
    finally:
        fixture.dispose()
