"""Runs the Alembic migrations in ``migrations/`` with the app's own connection.

Alembic (with Mako and Pygments) takes longer to import than the rest of ``status``; a store
already at the newest revision is recognised without it (:func:`is_current`).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Connection, Engine, text
from sqlalchemy.exc import DBAPIError

from antrean_desktop.domain.words import Said, Text
from antrean_desktop.package_data import data_dir

if TYPE_CHECKING:
    from alembic.config import Config

_REVISION = re.compile(r"^(down_revision|revision)\s*=\s*['\"]?([^'\"\s]+)['\"]?", re.MULTILINE)


def migrations_dir() -> Path:
    """``migrations/`` of the source tree, the installed package or the bundle."""
    return data_dir("migrations", "env.py")


def alembic_config(engine: Engine | None = None) -> Config:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(migrations_dir()))
    if engine is not None:
        cfg.attributes["engine"] = engine
    return cfg


class StoreTooNew(Said, RuntimeError):
    """The store was migrated by a newer Antrean Desktop; the message says what to do."""


TOO_NEW = Text(
    "penyimpanan lokal ini sudah dimigrasi oleh Antrean Desktop yang lebih baru (versi "
    "penyimpanan {revision}, program ini hanya mengenal sampai {head}): pasang lagi versi yang "
    "lebih baru itu, atau arahkan [store] url ke berkas lain",
    "the local store was migrated by a newer Antrean Desktop (store version {revision}, this "
    "program knows up to {head}): install that newer version again, or set [store] url to "
    "another file",
)


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
            head = script.get_current_head()
            raise StoreTooNew(TOO_NEW, revision=revision, head=head) from None


def shipped_head() -> str:
    """The newest revision shipped, read from the version files without importing Alembic."""
    revisions, parents = set(), set()
    for path in (migrations_dir() / "versions").glob("*.py"):
        for key, value in _REVISION.findall(path.read_text(encoding="utf-8")):
            (revisions if key == "revision" else parents).add(value)
    heads = revisions - parents
    if len(heads) != 1:
        raise RuntimeError(f"migrations/versions has {len(heads)} heads: {sorted(heads)}")
    return heads.pop()


def is_current(engine: Engine) -> bool:
    """Whether the store is exactly at the newest shipped revision (no Alembic needed)."""
    try:
        with engine.connect() as connection:
            rows = connection.execute(text("SELECT version_num FROM alembic_version")).all()
    except DBAPIError:  # no table yet: a new store
        return False
    try:
        return [r[0] for r in rows] == [shipped_head()]
    except RuntimeError:  # a shape the quick reading does not know: let Alembic decide
        return False


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Bring the store to ``revision``; running it again changes nothing. A store a newer
    program migrated raises :class:`StoreTooNew` and is left untouched."""
    if revision == "head" and is_current(engine):
        return
    from alembic import command

    with engine.begin() as connection:
        cfg = alembic_config()
        cfg.attributes["connection"] = connection
        check_known_revision(connection, cfg)
        command.upgrade(cfg, revision)


def downgrade(engine: Engine, revision: str) -> None:
    from alembic import command

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
