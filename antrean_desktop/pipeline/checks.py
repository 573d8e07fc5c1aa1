"""Connection tests shared by ``antrean-desktop check`` and the settings dialog's "Test
connection": the local store, Khanza (through the same read-only reader the pollers use), BPJS
(a signed ``ref/poli``) and this PC's clock against BPJS's. No Qt here; each test returns
:class:`CheckResult` values and never raises for a problem it was asked to find."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

from antrean_desktop.config import Config, redact_url
from antrean_desktop.domain.connection_tests import check_reason
from antrean_desktop.domain.reasons import Reason
from antrean_desktop.domain.words import Text

#: a local clock further off than this from BPJS's Date header is reported as a failure
CLOCK_TOLERANCE_SECONDS = 60

STORE, KHANZA, BPJS, CLOCK = "local store", "Khanza", "BPJS", "clock"
DESKS = "sending desk"

#: what ``check`` calls each part, by its name
PART_NAMES = {
    STORE: Text("penyimpanan lokal", "local store"),
    KHANZA: Text("Khanza", "Khanza"),
    BPJS: Text("BPJS", "BPJS"),
    CLOCK: Text("jam", "clock"),
    DESKS: Text("PC pengirim", "sending PC"),
}
PASSED, FAILED = Text("OK", "OK"), Text("GAGAL", "FAIL")
#: failures whose cause the desk's words name (the others' words point to the log, or repeat ours)
PLAIN_FAILURES = frozenset(
    {
        "TEST_KHANZA_UNREACHABLE",
        "TEST_KHANZA_LOGIN",
        "TEST_KHANZA_NO_DATABASE",
        "TEST_BPJS_AUTH",
        "TEST_BPJS_UNREACHABLE",
    }
)
AS_IS = Text("{detail}", "{detail}")  # a message from outside (a driver, BPJS), shown as it is
STORE_AT = Text("{where} di versi {version}", "{where} at version {version}")
STORE_CANNOT_OPEN = Text(
    "{where} tidak dapat dibuka: {detail}", "{where} cannot be opened: {detail}"
)
KHANZA_READ = Text(
    "{where}: {count} kunjungan rawat jalan pada {day}",
    "{where}: {count} outpatient visit(s) on {day}",
)
KHANZA_NOT_SET = Text(
    "belum ada database Khanza: isi [khanza] url atau ANTREAN_KHANZA_URL",
    "no Khanza database configured: set [khanza] url or ANTREAN_KHANZA_URL",
)
BPJS_KEYS_MISSING = Text("[bpjs] {keys} belum diisi", "[bpjs] {keys} not set")
BPJS_ANSWERED = Text(
    "{base}: ref/poli yang ditandatangani dijawab ({count} poli, {ms} ms)",
    "{base}: signed ref/poli answered ({count} clinics, {ms} ms)",
)
BPJS_REFUSED = Text("{base}: {outcome}: {message}", "{base}: {outcome}: {message}")
NO_DATE_HEADER = Text(
    "BPJS tidak mengirim header Date; jam tidak dapat dibandingkan",
    "BPJS sent no Date header; cannot compare clocks",
)
CLOCK_SKEW = Text(
    "jam komputer ini berselisih {skew:+.0f} detik dari jam BPJS (toleransi {tolerance} detik)",
    "this PC is {skew:+.0f} s from BPJS's clock (tolerance {tolerance} s)",
)


@dataclass(frozen=True)
class CheckResult:
    """One part tested: its name, whether it passed, and what was seen -- ``words`` with
    ``values``, then ``notes`` (what an older Khanza lacks) one per line."""

    name: str
    ok: bool
    words: Text
    values: dict[str, Any] = field(default_factory=dict)
    notes: tuple[Reason, ...] = ()

    def text(self, language: str) -> str:
        return self.words(language, **self.values) + "".join(
            f"\n  - {note.render(language)}" for note in self.notes
        )

    @property
    def detail(self) -> str:
        """The plain-text line in English: the log, the settings dialog's tooltip and its
        classification (:mod:`antrean_desktop.domain.connection_tests`)."""
        return self.text("en")

    def line(self, language: str = "en") -> str:
        """``[OK] part: what was seen``; a failure that has plain words for the desk (the
        settings dialog's) says them first, what was seen after them in brackets."""
        mark = (PASSED if self.ok else FAILED)(language)
        name = PART_NAMES[self.name](language) if self.name in PART_NAMES else self.name
        seen = self.text(language)
        reason = None if self.ok else check_reason(self.name, self.ok, self.detail)
        if reason is not None and reason.code in PLAIN_FAILURES:
            return f"[{mark}] {name}: {reason.render(language)} [{seen}]"
        return f"[{mark}] {name}: {seen}"


def check_store(config: Config) -> CheckResult:
    """Open and migrate the local store; its version, or why it cannot be opened."""
    from sqlalchemy.exc import SQLAlchemyError

    from antrean_desktop.store import migrate
    from antrean_desktop.store.db import Store

    where = redact_url(config.store_url)
    store = Store(config.store_url)
    try:
        migrate.upgrade(store.engine)
        version = migrate.current_revision(store.engine)
    except (SQLAlchemyError, OSError, migrate.StoreTooNew) as exc:
        detail: object = exc  # StoreTooNew says itself in the user's language
        if not isinstance(exc, migrate.StoreTooNew):
            orig = str(getattr(exc, "orig", None) or exc)
            detail = (orig.splitlines() or [type(exc).__name__])[0]
        return CheckResult(STORE, False, STORE_CANNOT_OPEN, {"where": where, "detail": detail})
    finally:
        store.dispose()
    return CheckResult(STORE, True, STORE_AT, {"where": where, "version": version})


def check_desks(config: Config) -> CheckResult:
    """Whether the store is shared and which desk sends (never a failure: before the first
    desk starts, no desk sends yet)."""
    from antrean_desktop.store.db import Store
    from antrean_desktop.store.desk_state import desk_state

    store = Store(config.store_url)
    try:
        desk = desk_state(store, config.store.takeover_seconds)
    except Exception as exc:  # the store's own line already says why it cannot be read
        orig = str(getattr(exc, "orig", None) or exc)
        return CheckResult(DESKS, False, AS_IS, {"detail": (orig.splitlines() or ["?"])[0]})
    finally:
        store.dispose()
    said = Text(*(_literal(desk.check_line(language)) for language in ("id", "en")))
    return CheckResult(DESKS, True, said)


def _literal(line: str) -> str:
    """``line`` as a template that formats to itself (a desk's name may hold braces)."""
    return line.replace("{", "{{").replace("}", "}}")


def check_khanza(config: Config, day: date | None = None) -> CheckResult:
    """Read ``day`` (today) from Khanza with the pollers' read-only reader."""
    from antrean_desktop.khanza import KhanzaError
    from antrean_desktop.pipeline.service import KhanzaUnavailable, make_reader

    day = day or datetime.now(config.hospital.tz).date()
    if not config.khanza.url:
        return CheckResult(KHANZA, False, KHANZA_NOT_SET)
    try:
        reader = make_reader(config)
    except KhanzaUnavailable as exc:
        return CheckResult(KHANZA, False, AS_IS, {"detail": str(exc)})
    try:
        missing = reader.missing_sources()
        visits = reader.read_day(day)
    except KhanzaError as exc:
        return CheckResult(KHANZA, False, AS_IS, {"detail": str(exc)})
    finally:
        reader.close()
    seen = {"where": redact_url(config.khanza.url), "count": len(visits), "day": day.isoformat()}
    # what this Khanza lacks and what it costs: one line each
    return CheckResult(KHANZA, True, KHANZA_READ, seen, tuple(missing))


def check_bpjs(config: Config) -> list[CheckResult]:
    """A signed ``ref/poli`` call, and this PC's clock against BPJS's Date header. When BPJS
    was not reached (no answer, a timeout, a 5xx from a gateway) there is no BPJS clock to
    compare with: only the BPJS line fails, the clock is not reported as wrong."""
    from antrean_desktop.bpjs import Outcome
    from antrean_desktop.pipeline.service import make_client

    missing = [k for k in ("cons_id", "secret_key", "user_key") if not getattr(config.bpjs, k)]
    if missing:
        return [CheckResult(BPJS, False, BPJS_KEYS_MISSING, {"keys": ", ".join(missing)})]
    client = make_client(config)
    try:
        result = client.ref_poli()
    finally:
        client.close()
    base = config.bpjs.base_url
    if result.outcome is Outcome.SUCCESS:
        count = len(result.data) if isinstance(result.data, list) else 0
        seen = {"base": base, "count": count, "ms": result.duration_ms}
        answer = CheckResult(BPJS, True, BPJS_ANSWERED, seen)
    else:
        seen = {"base": base, "outcome": result.outcome.value, "message": result.message}
        answer = CheckResult(BPJS, False, BPJS_REFUSED, seen)
    if result.outcome is Outcome.RETRYABLE and (
        result.http_status is None or result.http_status >= 500
    ):
        return [answer]
    if result.server_date is None:
        clock = CheckResult(CLOCK, False, NO_DATE_HEADER)
    else:
        skew = (datetime.now(UTC) - result.server_date).total_seconds()
        clock = CheckResult(
            CLOCK,
            abs(skew) <= CLOCK_TOLERANCE_SECONDS,
            CLOCK_SKEW,
            {"skew": skew, "tolerance": CLOCK_TOLERANCE_SECONDS},
        )
    return [answer, clock]


def run_checks(config: Config) -> Iterator[CheckResult]:
    """Every part, one after the other (``check`` prints each as soon as it is known)."""
    store = check_store(config)
    yield store
    if store.ok:
        yield check_desks(config)
    yield check_khanza(config)
    yield from check_bpjs(config)
