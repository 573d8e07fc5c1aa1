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


def sending_desk(store: Store, config: Config) -> str | None:
    """The other desk that sends from this shared store now (None: a store of this PC's own,
    or no desk sends): a command's resend or sync is then asked of it, so that one desk
    alone sends (``store/desk_lease.py``)."""
    from antrean_desktop.store.desk_state import desk_state

    desk = desk_state(store, config.store.takeover_seconds)
    return desk.holder if desk.shared and desk.active else None


def ask_sending_desk(store: Store, config: Config, desk: str, kind: str, **what: object) -> str:
    """Write the request for ``desk`` and wait for its answer (a count, or "" done); a request
    it did not or could not carry out is a one-line failure."""
    from antrean_desktop.runtime import desk_requests as answers
    from antrean_desktop.store.desk_state import desk_name

    language = config.hospital.language
    takeover, tick = config.store.takeover_seconds, config.schedule.worker_seconds
    result = answers.ask_and_wait(
        store, kind, desk_name(config), takeover, tick, lambda: False, **what
    )
    if result in (answers.NO_ANSWER, answers.NO_DESK):
        seconds = round(takeover + 2 * tick)
        raise CommandFailed(words.DESK_NO_ANSWER(language, desk=desk, seconds=seconds))
    if result == answers.REFUSED:
        raise CommandFailed(words.DESK_REFUSED(language, desk=desk))
    if result == "failed":
        raise CommandFailed(words.DESK_SYNC_FAILED(language, desk=desk))
    return result
