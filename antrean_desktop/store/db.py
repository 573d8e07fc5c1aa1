"""Engine and sessions for the local store."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.orm import ORMExecuteState, Session, sessionmaker

from antrean_desktop.private_files import private_file
from antrean_desktop.store.changes import track_changes


def make_engine(url: str) -> Engine:
    """An engine for the store URL; SQLite gets WAL, a busy timeout and foreign keys."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            # patients' data: 0600 (SQLite gives its -wal and -shm files the same mode)
            private_file(Path(parsed.database).expanduser())
        engine = create_engine(url, connect_args={"timeout": 30, "check_same_thread": False})

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_conn, _record) -> None:  # pragma: no cover - trivial
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA busy_timeout=30000")
            cur.execute("PRAGMA foreign_keys=ON")
            cur.close()

        return engine
    return create_engine(
        url, pool_pre_ping=True, pool_recycle=3600, isolation_level="READ COMMITTED"
    )


WROTE = "antrean_wrote"


def _note_flush(session: Session, _context: object, _instances: object) -> None:
    if session.new or session.dirty or session.deleted:
        session.info[WROTE] = True


def _note_execute(state: ORMExecuteState) -> None:
    if state.is_insert or state.is_update or state.is_delete:
        state.session.info[WROTE] = True


class Store:
    """The local store: an engine plus a session factory.

    ``fence``: when set (the sending desk's store, ``store/desk_lease.py``), it is called inside
    every transaction that wrote, just before the commit, and may refuse it by raising.
    """

    fence: Callable[[Session], None] | None = None

    def __init__(self, url: str) -> None:
        self.url = url
        self.engine = make_engine(url)
        self.sessions = sessionmaker(self.engine, expire_on_commit=False)
        track_changes(self.sessions)
        event.listen(self.sessions, "before_flush", _note_flush)
        event.listen(self.sessions, "do_orm_execute", _note_execute)

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A session that commits on success and rolls back on error."""
        with self.sessions() as session:
            try:
                yield session
                if self.fence is not None:
                    session.flush()
                    if session.info.get(WROTE):
                        self.fence(session)
                session.commit()
            except BaseException:
                session.rollback()
                raise

    def dispose(self) -> None:
        self.engine.dispose()
