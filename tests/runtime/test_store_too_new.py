"""A store a newer program migrated: the driver builds no pipeline (it cannot send) and says so."""

from __future__ import annotations

from sqlalchemy import text

from antrean_desktop.runtime.problems import STORE
from antrean_desktop.runtime.service import ServiceDriver


def test_a_store_newer_than_this_program_leaves_the_desk_without_a_pipeline(
    gui_config, sqlite_store
):
    with sqlite_store.engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = 'f00dfacecafe'"))
    built: list[str] = []

    def factory():
        built.append("pipeline")
        raise AssertionError("no pipeline on a newer store")

    driver = ServiceDriver(gui_config, sqlite_store, pipeline_factory=factory)
    assert driver.ensure_ready() is None
    assert driver.work_cycle() is None and driver.poll_cycle() is None
    assert built == []
    assert driver.store_too_new is not None
    assert "Perbarui Antrean Desktop di PC ini" in driver.store_too_new.text("id")
    problem = driver.problem(STORE)
    assert problem is not None and "Update Antrean Desktop on this PC" in problem.message
    with sqlite_store.engine.connect() as conn:  # left untouched
        assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar() == (
            "f00dfacecafe"
        )
