"""``antrean-desktop check``: test Khanza, the local store, BPJS and the clock."""

from __future__ import annotations

import argparse
from datetime import UTC, datetime

from antrean_desktop.cli.common import CommandFailed, open_store
from antrean_desktop.cli.common import today as _today
from antrean_desktop.config import Config, redact_url


def add_parser(sub: argparse._SubParsersAction) -> None:
    sub.add_parser("check", help="test Khanza, the local store, BPJS and the clock")


#: a local clock further off than this from BPJS's Date header is reported as a failure
CLOCK_TOLERANCE_SECONDS = 60


def run(args: argparse.Namespace, config: Config) -> int:
    from antrean_desktop.bpjs import Outcome
    from antrean_desktop.pipeline.service import make_client

    ok = True

    def line(passed: bool, name: str, detail: str) -> None:
        nonlocal ok
        ok = ok and passed
        print(f"[{'OK' if passed else 'FAIL'}] {name}: {detail}")

    # the local store
    try:
        store = open_store(config)
        from antrean_desktop.store import migrate

        line(
            True,
            "local store",
            f"{redact_url(config.store_url)} at version {migrate.current_revision(store.engine)}",
        )
        store.dispose()
    except CommandFailed as exc:
        line(False, "local store", str(exc))
    # Khanza
    if not config.khanza.url:
        line(False, "Khanza", "[khanza] url is not set (or ANTREAN_KHANZA_URL)")
    else:
        from antrean_desktop.khanza import KhanzaError, KhanzaReader

        reader = KhanzaReader(config.khanza.url, config.khanza, config.hospital)
        try:
            today = _today(config)
            visits = reader.read_day(today)
            line(
                True,
                "Khanza",
                f"{redact_url(config.khanza.url)}: {len(visits)} outpatient visit(s) today ({today.isoformat()})",
            )
        except KhanzaError as exc:
            line(False, "Khanza", str(exc))
        finally:
            reader.close()
    # BPJS and the clock
    missing = [k for k in ("cons_id", "secret_key", "user_key") if not getattr(config.bpjs, k)]
    if missing:
        line(False, "BPJS", f"[bpjs] {', '.join(missing)} not set")
    else:
        client = make_client(config)
        try:
            result = client.ref_poli()
        finally:
            client.close()
        if result.outcome is Outcome.SUCCESS:
            count = len(result.data) if isinstance(result.data, list) else 0
            line(
                True,
                "BPJS",
                f"{config.bpjs.base_url}: signed ref/poli answered ({count} clinics, {result.duration_ms} ms)",
            )
        else:
            line(False, "BPJS", f"{config.bpjs.base_url}: {result.outcome.value}: {result.message}")
        if result.server_date is None:
            line(False, "clock", "BPJS sent no Date header; cannot compare clocks")
        else:
            skew = (datetime.now(UTC) - result.server_date).total_seconds()
            line(
                abs(skew) <= CLOCK_TOLERANCE_SECONDS,
                "clock",
                f"this PC is {skew:+.0f} s from BPJS's clock (tolerance {CLOCK_TOLERANCE_SECONDS} s)",
            )
    return 0 if ok else 1
