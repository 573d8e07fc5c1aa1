"""What the commands share: one-line failures, opening the store, the day's summary line."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy.exc import SQLAlchemyError

from antrean_desktop.cli import words
from antrean_desktop.config import Config, redact_url
from antrean_desktop.store.db import Store

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_USAGE = 2
#: the store was migrated by a newer Antrean Desktop: update this PC (nothing was sent)
EXIT_STORE_TOO_NEW = 3


class CommandFailed(Exception):
    """A problem the user can act on; printed as one line, exit code attached
    (1 runtime trouble, 2 configuration or usage)."""

    def __init__(self, message: str, exit_code: int = EXIT_FAILED) -> None:
        super().__init__(message)
        self.exit_code = exit_code


def today(config: Config) -> date:
    return datetime.now(config.hospital.tz).date()


def open_store(config: Config) -> Store:
    """Open and migrate the local store, or fail with a message naming it."""
    from antrean_desktop.store import migrate

    store = Store(config.store_url)
    try:
        migrate.upgrade(store.engine)
    except (SQLAlchemyError, OSError, migrate.StoreTooNew) as exc:
        store.dispose()
        detail: object = exc  # StoreTooNew says itself in the user's language
        if not isinstance(exc, migrate.StoreTooNew):
            detail = str(getattr(exc, "orig", None) or exc).splitlines()[0]
        where = redact_url(config.store_url)
        code = EXIT_STORE_TOO_NEW if isinstance(exc, migrate.StoreTooNew) else EXIT_FAILED
        raise CommandFailed(
            words.STORE_CANNOT_OPEN(config.hospital.language, where=where, detail=detail), code
        ) from None
    return store


def require_bpjs(config: Config, *, need_khanza: bool = True) -> None:
    language = config.hospital.language
    where = config.path or words.THE_CONFIGURATION(language)
    missing = [k for k in ("cons_id", "secret_key", "user_key") if not getattr(config.bpjs, k)]
    if missing:
        raise CommandFailed(
            words.BPJS_KEYS_MISSING(language, where=where, keys=", ".join(missing)), EXIT_USAGE
        )
    if need_khanza and not config.khanza.url:
        raise CommandFailed(words.KHANZA_URL_MISSING(language, where=where), EXIT_USAGE)


def waiting_jobs(store: Store) -> int:
    from antrean_desktop.store.queries import queue_depth

    return queue_depth(store)


def summary_line(store: Store, day: date, language: str) -> str:
    from antrean_desktop.store.queries import day_counts

    c = day_counts(store, day)
    return words.SUMMARY(
        language,
        day=day.isoformat(),
        visits=c.visits,
        sent=c.sent,
        blocked=c.blocked,
        failed=c.failed,
        waiting=waiting_jobs(store),
    )
