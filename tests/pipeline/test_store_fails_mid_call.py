"""The store fails while calls to BPJS are under way (its MariaDB restarts, the network to it
drops): BPJS's answers are kept and written when the store works again, and the calls are not
made a second time (they used to wait for their job's lease and go again)."""

from __future__ import annotations

import threading
import time

import pytest
from sqlalchemy import select
from sqlalchemy.engine import make_url
from sqlalchemy.exc import SQLAlchemyError

from antrean_desktop.pipeline.service import Pipeline
from antrean_desktop.store.db import Store
from antrean_desktop.store.models import AntreanJob, SendAttempt
from antrean_desktop.store.visits import get_visit
from tests.pipeline.conftest import add_visit
from tests.support.tcp_proxy import SilentProxy


def test_answers_the_store_could_not_take_are_written_when_it_works_again_not_sent_twice(
    sim, config, mariadb_store
):
    url = make_url(mariadb_store.url)
    with SilentProxy(url.host, url.port) as proxy:
        store = Store(proxy.url(mariadb_store.url))
        ids = [add_visit(store, n) for n in (1, 2)]  # two bookings
        pipeline = Pipeline(config, store)
        try:
            pipeline.build()
            sim.faults.add("latency", seconds=1.0)

            def cut_when_both_arrived() -> None:
                deadline = time.monotonic() + 30
                while len(sim.requests) < 2 and time.monotonic() < deadline:
                    time.sleep(0.01)
                proxy.refuse()  # the store is gone while BPJS answers

            cutter = threading.Thread(target=cut_when_both_arrived)
            cutter.start()
            with pytest.raises(SQLAlchemyError):
                pipeline.work_due()
            cutter.join()
            assert len(sim.requests) == 2
            sim.faults.clear()
            with pytest.raises(SQLAlchemyError):
                pipeline.work_due()  # still gone: the answers stay kept
            proxy.restore()
            summary = pipeline.work_due()
        finally:
            pipeline.close()
            store.dispose()
    assert summary.sent == 2
    assert len(sim.requests) == 2, "a call was made again"
    with mariadb_store.session() as session:
        jobs = session.scalars(select(AntreanJob)).all()
        assert {(j.visit_id, j.status) for j in jobs} == {(v, "DONE") for v in ids}
        assert len(session.scalars(select(SendAttempt)).all()) == 2, "each call recorded once"
        for visit_id in ids:
            assert get_visit(session, visit_id).status == "SENT_BPJS"


def test_a_desk_that_lost_the_lease_records_its_kept_calls_and_lets_them_go(
    sim, config, mariadb_store
):
    """The store came back after another desk took over: the desk that kept the answers no
    longer sends, so it records its calls (every call on record in send_attempt) and leaves the
    jobs to the new sender; it makes no call and writes no result."""
    url = make_url(mariadb_store.url)
    with SilentProxy(url.host, url.port) as proxy:
        store = Store(proxy.url(mariadb_store.url))
        add_visit(store, 1)
        pipeline = Pipeline(config, store)
        try:
            pipeline.build()
            sim.faults.add("latency", seconds=1.0)

            def cut_when_it_arrived() -> None:
                deadline = time.monotonic() + 30
                while not sim.requests and time.monotonic() < deadline:
                    time.sleep(0.01)
                proxy.refuse()

            cutter = threading.Thread(target=cut_when_it_arrived)
            cutter.start()
            with pytest.raises(SQLAlchemyError):
                pipeline.work_due()
            cutter.join()
            sim.faults.clear()
            with pytest.raises(SQLAlchemyError):
                pipeline.let_go_of_kept()  # the store still fails: kept for a later look
            proxy.restore()
            assert pipeline.let_go_of_kept() == 1
            assert pipeline.let_go_of_kept() == 0, "let go once"
        finally:
            pipeline.close()
            store.dispose()
    assert len(sim.requests) == 1
    with mariadb_store.session() as session:
        assert len(session.scalars(select(SendAttempt)).all()) == 1, "the call is on record"
        (job,) = session.scalars(select(AntreanJob)).all()
        assert job.status == "SENDING", "its result is the new sender's to write"
