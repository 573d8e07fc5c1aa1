"""Connection tests shared by ``antrean-desktop check`` and the settings dialog's "Test
connection": the local store, Khanza (through the same read-only reader the pollers use), BPJS
(a signed ``ref/poli``) and this PC's clock against BPJS's. No Qt here; each test returns
:class:`CheckResult` values and never raises for a problem it was asked to find."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime

from antrean_desktop.config import Config, redact_url

#: a local clock further off than this from BPJS's Date header is reported as a failure
CLOCK_TOLERANCE_SECONDS = 60

STORE, KHANZA, BPJS, CLOCK = "local store", "Khanza", "BPJS", "clock"


@dataclass(frozen=True)
class CheckResult:
    """One part tested: its name, whether it passed, and one plain-text line saying what was seen."""

    name: str
    ok: bool
    detail: str

    def line(self) -> str:
        return f"[{'OK' if self.ok else 'FAIL'}] {self.name}: {self.detail}"


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
        detail = (str(getattr(exc, "orig", None) or exc).splitlines() or [type(exc).__name__])[0]
        return CheckResult(STORE, False, f"{where} cannot be opened: {detail}")
    finally:
        store.dispose()
    return CheckResult(STORE, True, f"{where} at version {version}")


def check_khanza(config: Config, day: date | None = None) -> CheckResult:
    """Read ``day`` (today) from Khanza with the pollers' read-only reader."""
    from antrean_desktop.khanza import KhanzaError
    from antrean_desktop.pipeline.service import KhanzaUnavailable, make_reader

    day = day or datetime.now(config.hospital.tz).date()
    try:
        reader = make_reader(config)
    except KhanzaUnavailable as exc:
        return CheckResult(KHANZA, False, str(exc))
    try:
        missing = reader.missing_sources()
        visits = reader.read_day(day)
    except KhanzaError as exc:
        return CheckResult(KHANZA, False, str(exc))
    finally:
        reader.close()
    detail = (
        f"{redact_url(config.khanza.url)}: {len(visits)} outpatient visit(s) on {day.isoformat()}"
    )
    # what this Khanza lacks and what it costs: one line each, in the operator's language
    language = config.hospital.language
    detail += "".join(f"\n  - {reason.render(language)}" for reason in missing)
    return CheckResult(KHANZA, True, detail)


def check_bpjs(config: Config) -> list[CheckResult]:
    """A signed ``ref/poli`` call, and this PC's clock against BPJS's Date header."""
    from antrean_desktop.bpjs import Outcome
    from antrean_desktop.pipeline.service import make_client

    missing = [k for k in ("cons_id", "secret_key", "user_key") if not getattr(config.bpjs, k)]
    if missing:
        return [CheckResult(BPJS, False, f"[bpjs] {', '.join(missing)} not set")]
    client = make_client(config)
    try:
        result = client.ref_poli()
    finally:
        client.close()
    base = config.bpjs.base_url
    if result.outcome is Outcome.SUCCESS:
        count = len(result.data) if isinstance(result.data, list) else 0
        answer = CheckResult(
            BPJS,
            True,
            f"{base}: signed ref/poli answered ({count} clinics, {result.duration_ms} ms)",
        )
    else:
        answer = CheckResult(BPJS, False, f"{base}: {result.outcome.value}: {result.message}")
    if result.server_date is None:
        clock = CheckResult(CLOCK, False, "BPJS sent no Date header; cannot compare clocks")
    else:
        skew = (datetime.now(UTC) - result.server_date).total_seconds()
        clock = CheckResult(
            CLOCK,
            abs(skew) <= CLOCK_TOLERANCE_SECONDS,
            f"this PC is {skew:+.0f} s from BPJS's clock (tolerance {CLOCK_TOLERANCE_SECONDS} s)",
        )
    return [answer, clock]


def run_checks(config: Config) -> Iterator[CheckResult]:
    """Every part, one after the other (``check`` prints each as soon as it is known)."""
    yield check_store(config)
    yield check_khanza(config)
    yield from check_bpjs(config)
