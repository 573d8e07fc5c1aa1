"""The service driver on a mariadb_store MariaDB store: what it writes while sending goes through the
desk lease's fence (store/desk_lease.py), reconciliation included."""

from __future__ import annotations

from datetime import date

from antrean_desktop.config import BpjsConfig, Config, StoreConfig
from antrean_desktop.runtime.service import ServiceDriver
from antrean_desktop.store.db import Store


def test_scheduled_reconciliation_writes_through_the_desk_lease_fence(mariadb_store, monkeypatch):
    """Reconciliation re-queues and marks visits: a desk that lost the lease must not."""
    from antrean_desktop.pipeline import reconcile

    seen: list[Store] = []
    monkeypatch.setattr(
        reconcile, "reconcile_days", lambda store, _config, _days, _stop: seen.append(store) or []
    )
    config = Config(
        store=StoreConfig(url=mariadb_store.url),
        bpjs=BpjsConfig(cons_id="1", secret_key="s", user_key="u"),
    )
    driver = ServiceDriver(config, mariadb_store, migrate=None, pipeline_factory=lambda: None)
    try:
        driver._reconcile([date(2026, 1, 20)], lambda: False)
    finally:
        driver.close()
    [store] = seen
    assert store.fence is not None, "reconciliation wrote around the fence"
    assert store is driver.sender_store


def test_a_viewer_looks_at_the_lease_every_second_the_sender_renews_it_less_often(mariadb_store):
    """A viewer that looked only every takeover_seconds / 4 (5 s at the default) took over up to
    5 s after the sender's heartbeat aged past takeover_seconds (bench_desks: 22-23 s at 20)."""
    config = Config(store=StoreConfig(url=mariadb_store.url, takeover_seconds=20))
    sender = ServiceDriver(config, mariadb_store, migrate=None, pipeline_factory=lambda: None)
    viewer = ServiceDriver(config, mariadb_store, migrate=None, pipeline_factory=lambda: None)
    try:
        assert sender.lease.beat() and not viewer.lease.beat()
        assert sender.beat_seconds() == 5.0
        assert viewer.beat_seconds() == 1.0
    finally:
        viewer.close()
        sender.close()


def test_a_viewer_lets_go_of_answers_it_kept_from_when_it_sent(mariadb_store):
    """A desk that lost the lease while the store failed under its calls: its heartbeat, now a
    viewer's, has the pipeline record those calls and let them go (Worker.let_go_of_kept)."""
    import threading

    class KeptAnswers:
        def __init__(self) -> None:
            self.looked = threading.Event()

        def let_go_of_kept(self) -> int:
            self.looked.set()
            return 0

        def close(self) -> None:
            pass

    config = Config(store=StoreConfig(url=mariadb_store.url, takeover_seconds=20))
    kept = KeptAnswers()
    sender = ServiceDriver(config, mariadb_store, migrate=None, pipeline_factory=lambda: None)
    viewer = ServiceDriver(config, mariadb_store, migrate=None, pipeline_factory=lambda: kept)
    try:
        assert sender.lease.beat()
        assert viewer.ensure_ready() is kept and viewer.viewer()
        assert kept.looked.wait(10), "the viewer's heartbeat never let kept answers go"
    finally:
        viewer.close()
        sender.close()
