"""What the desk's log says in a day: about one INFO line per send, details only at DEBUG."""

from __future__ import annotations

import logging
from datetime import datetime

import pytest

from antrean_desktop.config import load_config
from antrean_desktop.pipeline.service import Pipeline
from antrean_desktop.store import migrate
from antrean_desktop.store.db import Store
from tests.e2e.support import config_file
from tests.khanza.builders import KhanzaFixture
from tests.support.clinic import WIB, clinic, walk_ins

VISITS = 300


class Lines(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)

    def at_least(self, level: int) -> list[logging.LogRecord]:
        return [r for r in self.records if r.levelno >= level]


@pytest.fixture
def lines():
    handler = Lines()
    root = logging.getLogger()
    before = root.level
    root.setLevel(logging.DEBUG)
    root.addHandler(handler)
    try:
        yield handler
    finally:
        root.removeHandler(handler)
        root.setLevel(before)


def test_a_day_of_300_visits_writes_about_one_info_line_per_send(
    tmp_path, today_sim, khanza_db, lines
):
    """Registrations arrive, then their clinic times, and the desk polls again and again:
    the builder's and the pollers' details stay at DEBUG."""
    today = datetime.now(WIB).date()
    kz = KhanzaFixture.connect(khanza_db)
    clinic(kz)
    config = load_config(config_file(tmp_path, today_sim, khanza_db))
    store = Store(config.store_url)
    migrate.upgrade(store.engine)
    pipeline = Pipeline(config, store)
    try:
        walk_ins(kz, today, VISITS, times=False)  # the morning's registrations
        pipeline.sync(today)
        pipeline.sync(today)  # a poll with nothing new
        for n in range(1, VISITS + 1):  # the clinic's check-ins and starts come in
            minute = 7 * 60 + (n % 300)
            sent, got = minute + 5, minute + 20
            kz.mutasi(
                f"{today:%Y/%m/%d}/{n:06d}",
                dikirim=f"{today} {sent // 60:02d}:{sent % 60:02d}:00",
                diterima=f"{today} {got // 60:02d}:{got % 60:02d}:00",
            )
        for _ in range(3):
            pipeline.sync(today)
    finally:
        pipeline.close()
        store.dispose()
        kz.dispose()
    sends = len([r for r in today_sim.requests if r.endpoint != "ref/poli"])
    assert sends == 3 * VISITS, "every booking and both task times were sent once"
    info = lines.at_least(logging.INFO)
    details = [r for r in lines.records if r.levelno == logging.DEBUG]
    print(f"{len(info)} lines at INFO and above, {len(details)} at DEBUG, for {sends} sends")
    assert len(info) <= 2 * sends, (len(info), sends, [r.getMessage() for r in info[:20]])
    assert len(details) > len(info), "the details are still there at DEBUG"
    chatty = {r.name for r in info} & {"antrean.builder", "antrean.poller"}
    assert not chatty, f"builder/poller lines at INFO: {chatty}"
