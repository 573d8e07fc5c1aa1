"""Runs the Alembic migrations in ``migrations/`` with the app's own connection.

Alembic (with Mako and Pygments) takes longer to import than the rest of ``status``; a store
already at the newest revision is recognised without it (:func:`is_current`).

Several desks may share one MariaDB store and start together. MariaDB's DDL is not
transactional, so two upgrades at once trip over each other (``Table 'poll_state' already
exists``) and can leave a store half done. :func:`upgrade` therefore takes a server-side named
lock (``GET_LOCK``) on a connection of its own: one desk upgrades, the others wait for the lock,
then find the store at head and do nothing. A store some newer program migrated is never
touched: :func:`store_compat` tells it (cheaply, for a running desk too) and :func:`upgrade`
raises :class:`StoreTooNew`.
"""

from __future__ import annotations

import hashlib
import logging
import re
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Connection, Engine, text
from sqlalchemy.exc import DBAPIError

from antrean_desktop.domain.words import Said, Text
from antrean_desktop.package_data import data_dir

if TYPE_CHECKING:
    from alembic.config import Config

log = logging.getLogger("antrean.store")

#: how long a desk waits for another desk's upgrade of a shared store before it gives up
LOCK_WAIT_SECONDS = 300.0

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
    "Perbarui Antrean Desktop di PC ini: penyimpanan sudah dimigrasi oleh Antrean Desktop yang "
    "lebih baru, mungkin di PC lain (versi penyimpanan {revision}, program ini hanya mengenal "
    "sampai {head}). Sampai diperbarui, PC ini hanya menampilkan dan tidak mengirim ke BPJS",
    "Update Antrean Desktop on this PC: the store was migrated by a newer Antrean Desktop, "
    "perhaps on another PC (store version {revision}, this program knows up to {head}). Until "
    "then this PC only shows and sends nothing to BPJS",
)


class MigrationLockTimeout(Said, RuntimeError):
    """Another desk held the store's upgrade lock for longer than this desk would wait."""


LOCK_TIMEOUT = Text(
    "penyimpanan {where} sedang dimutakhirkan oleh PC lain; sudah ditunggu {seconds} detik. "
    "Coba lagi nanti; bila tidak ada PC lain yang sedang mulai, periksa proses yang memegang "
    "kunci {lock} (SELECT IS_USED_LOCK('{lock}'))",
    "the store {where} is being upgraded by another PC; waited {seconds} s. Try again later; if "
    "no other PC is starting, look for the process holding the lock {lock} "
    "(SELECT IS_USED_LOCK('{lock}'))",
)


@dataclass(frozen=True)
class StoreCompat:
    """What this program can do with a store, read from ``alembic_version`` alone."""

    revisions: tuple[str, ...]  # the store's (empty: a new store, nothing migrated yet)
    head: str  # the newest revision this program ships

    @property
    def current(self) -> bool:
        return self.revisions == (self.head,)

    @property
    def too_new(self) -> bool:
        """Migrated by a newer program: this desk must neither migrate nor send."""
        return any(r not in shipped_revisions() for r in self.revisions)

    def error(self) -> StoreTooNew:
        unknown = [r for r in self.revisions if r not in shipped_revisions()]
        return StoreTooNew(TOO_NEW, revision=", ".join(unknown), head=self.head)


def store_compat(connectable: Engine | Connection) -> StoreCompat:
    """The store's revisions against this program's; one SELECT, no Alembic.

    A missing ``alembic_version`` table is a new store. Other database errors propagate
    (the server is down: the caller reports a store problem, not a version)."""
    head = shipped_head()
    try:
        if isinstance(connectable, Connection):
            rows = _versions(connectable)
        else:
            with connectable.connect() as connection:
                rows = _versions(connection)
    except DBAPIError as exc:
        if _no_table(exc):
            return StoreCompat((), head)
        raise
    return StoreCompat(tuple(sorted(rows)), head)


def _versions(connection: Connection) -> list[str]:
    return [r[0] for r in connection.execute(text("SELECT version_num FROM alembic_version"))]


def _no_table(exc: DBAPIError) -> bool:
    message = str(exc.orig).lower()
    return "no such table" in message or "doesn't exist" in message or "1146" in message


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


def shipped_revisions() -> frozenset[str]:
    """Every revision in ``migrations/versions``, read without importing Alembic."""
    return frozenset(_revision_graph()[0])


def _revision_graph() -> tuple[set[str], set[str]]:
    revisions, parents = set(), set()
    for path in (migrations_dir() / "versions").glob("*.py"):
        for key, value in _REVISION.findall(path.read_text(encoding="utf-8")):
            (revisions if key == "revision" else parents).add(value)
    return revisions, parents


def shipped_head() -> str:
    """The newest revision shipped, read from the version files without importing Alembic."""
    revisions, parents = _revision_graph()
    heads = revisions - parents
    if len(heads) != 1:
        raise RuntimeError(f"migrations/versions has {len(heads)} heads: {sorted(heads)}")
    return heads.pop()


def is_current(engine: Engine) -> bool:
    """Whether the store is exactly at the newest shipped revision (no Alembic needed)."""
    try:
        return store_compat(engine).current
    except DBAPIError:  # the server is down: let the upgrade say so
        return False
    except RuntimeError:  # a shape the quick reading does not know: let Alembic decide
        return False


def upgrade(
    engine: Engine, revision: str = "head", *, lock_wait: float = LOCK_WAIT_SECONDS
) -> None:
    """Bring the store to ``revision``; running it again changes nothing. A store a newer
    program migrated raises :class:`StoreTooNew` and is left untouched. On MariaDB/MySQL the
    upgrade runs under the store's named lock (see the module's docstring); a desk that waited
    ``lock_wait`` seconds for it raises :class:`MigrationLockTimeout`."""
    if revision == "head" and is_current(engine):
        return
    with upgrade_lock(engine, lock_wait):
        if revision == "head" and is_current(engine):  # another desk did it while we waited
            log.info("store already upgraded by another desk")
            return
        from alembic import command

        with engine.begin() as connection:
            cfg = alembic_config()
            cfg.attributes["connection"] = connection
            check_known_revision(connection, cfg)
            command.upgrade(cfg, revision)


def lock_name(engine: Engine) -> str:
    """The named lock of this store: one per database on the server (names are server-wide,
    at most 64 characters)."""
    database = engine.url.database or ""
    return "antrean_desktop_migrate_" + hashlib.sha1(database.encode()).hexdigest()[:16]


@contextmanager
def upgrade_lock(engine: Engine, wait: float = LOCK_WAIT_SECONDS) -> Iterator[None]:
    """Hold the store's upgrade lock (MariaDB/MySQL; other back-ends need none).

    The lock lives on its own connection, outside Alembic's, so Alembic's commits and DDL
    cannot release it; the lock is released when the block ends, or by the server when the
    connection dies with its desk (a killed desk never leaves it held)."""
    if engine.dialect.name not in ("mysql", "mariadb"):
        yield
        return
    name = lock_name(engine)
    started = time.monotonic()
    with engine.connect() as connection:
        got = connection.execute(
            text("SELECT GET_LOCK(:name, :wait)"), {"name": name, "wait": max(0, int(wait))}
        ).scalar()
        connection.commit()  # GET_LOCK is not transactional; end the implicit transaction
        if got != 1:
            raise MigrationLockTimeout(
                LOCK_TIMEOUT,
                where=engine.url.render_as_string(hide_password=True),
                seconds=round(time.monotonic() - started),
                lock=name,
            )
        waited = time.monotonic() - started
        if waited >= 1:
            log.info("waited %.0f s for another desk's upgrade of the store", waited)
        try:
            yield
        finally:
            try:
                connection.execute(text("SELECT RELEASE_LOCK(:name)"), {"name": name})
                connection.commit()
            except DBAPIError:  # the connection died: the server released the lock with it
                log.debug("releasing the upgrade lock", exc_info=True)


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
