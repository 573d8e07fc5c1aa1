"""Runs the Alembic migrations in ``migrations/`` with the app's own connection."""

from __future__ import annotations

import logging
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, inspect

from antrean_desktop.package_data import data_dir

log = logging.getLogger("antrean.store")


def migrations_dir() -> Path:
    """``migrations/`` of the source tree, the installed package or the bundle."""
    return data_dir("migrations", "env.py")


def alembic_config(engine: Engine | None = None) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(migrations_dir()))
    if engine is not None:
        cfg.attributes["engine"] = engine
    return cfg


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Bring the store to ``revision``; running it again changes nothing."""
    with engine.begin() as connection:
        cfg = alembic_config()
        cfg.attributes["connection"] = connection
        command.upgrade(cfg, revision)


def downgrade(engine: Engine, revision: str) -> None:
    with engine.begin() as connection:
        cfg = alembic_config()
        cfg.attributes["connection"] = connection
        command.downgrade(cfg, revision)


def current_revision(engine: Engine) -> str | None:
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def table_names(engine: Engine) -> set[str]:
    return set(inspect(engine).get_table_names())
