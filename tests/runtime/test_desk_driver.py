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
