"""Runs the Alembic migrations in ``migrations/`` with the app's own connection."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import Connection, Engine

from antrean_desktop.package_data import data_dir


def migrations_dir() -> Path:
    """``migrations/`` of the source tree, the installed package or the bundle."""
    return data_dir("migrations", "env.py")


def alembic_config(engine: Engine | None = None) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(migrations_dir()))
    if engine is not None:
        cfg.attributes["engine"] = engine
    return cfg


class StoreTooNew(RuntimeError):
    """The store was migrated by a newer Antrean Desktop; the message says what to do."""


def check_known_revision(connection: Connection, cfg: Config) -> None:
    """Raise StoreTooNew when the store's revision is not one this program ships."""
    from alembic.runtime.migration import MigrationContext
    from alembic.script import ScriptDirectory
    from alembic.util import CommandError

    script = ScriptDirectory.from_config(cfg)
    for revision in MigrationContext.configure(connection).get_current_heads():
        try:
            script.get_revision(revision)
        except CommandError:
            raise StoreTooNew(
                f"the local store was migrated by a newer Antrean Desktop (store version "
                f"{revision}, this program knows up to {script.get_current_head()}): install that "
                "newer version again, or set [store] url to another file"
            ) from None


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Bring the store to ``revision``; running it again changes nothing. A store a newer
    program migrated raises :class:`StoreTooNew` and is left untouched."""
    with engine.begin() as connection:
        cfg = alembic_config()
        cfg.attributes["connection"] = connection
        check_known_revision(connection, cfg)
        command.upgrade(cfg, revision)


def downgrade(engine: Engine, revision: str) -> None:
    with engine.begin() as connection:
        cfg = alembic_config()
        cfg.attributes["connection"] = connection
        command.downgrade(cfg, revision)


def head_revision() -> str | None:
    """The newest revision in ``migrations/versions``."""
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(alembic_config()).get_current_head()


def current_revision(engine: Engine) -> str | None:
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()
