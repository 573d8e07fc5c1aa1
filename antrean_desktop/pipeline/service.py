"""The pipeline as one object: poll Khanza, build jobs, send them. No Qt here.

The CLI (``sync``, ``run``) and the GUI runtime drive the same :class:`Pipeline`.
"""

from __future__ import annotations

import logging
import os
import socket
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from antrean_desktop.bpjs import BpjsClient
from antrean_desktop.config import Config, insecure_transport
from antrean_desktop.domain.service_core import Pause, SendGate
from antrean_desktop.pipeline.builder import BuildResult, build
from antrean_desktop.pipeline.errors import KhanzaUnavailable, StoreUnavailable, store_problem
from antrean_desktop.pipeline.worker import Worker, WorkSummary
from antrean_desktop.store.db import Store

log = logging.getLogger("antrean.pipeline")
#: how often a running program looks whether the daily retention is due
HOUSEKEEPING_CHECK_SECONDS = 3600


def make_owner() -> str:
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:6]}"


def make_client(config: Config) -> BpjsClient:
    b = config.bpjs
    why = insecure_transport(b)
    if why and not config.demo:  # the demo's simulator listens on 127.0.0.1 only
        log.warning(
            "The connection to BPJS is not secure (%s): patients' data can be read or changed on "
            "the network. Use an https:// base_url and verify_tls = true.",
            ", ".join(
                {"http": "base_url uses http://", "no-verify": "verify_tls = false"}[w] for w in why
            ),
        )
    return BpjsClient(
        b.base_url,
        b.cons_id,
        b.secret_key,
        b.user_key,
        timeout_seconds=b.timeout_seconds,
        deadline_seconds=b.deadline_seconds,
        max_answer_bytes=b.max_answer_bytes,
        verify_tls=b.verify_tls,
    )


def make_reader(config: Config) -> Any:
    from antrean_desktop.khanza import KhanzaReader

    if not config.khanza.url:
        raise KhanzaUnavailable(
            "no Khanza database configured: set [khanza] url or ANTREAN_KHANZA_URL"
        )
    return KhanzaReader(config.khanza.url, config.khanza, config.hospital)


@dataclass
class SyncSummary:
    day: date
    poll: Any = None
    built: BuildResult | None = None
    work: WorkSummary = field(default_factory=WorkSummary)


class Pipeline:
    def __init__(
        self,
        config: Config,
        store: Store,
        *,
        client: BpjsClient | None = None,
        reader: Any = None,
        owner: str | None = None,
        lease_seconds: float | None = None,
        gate: SendGate | None = None,
        clock: Callable[[], datetime] | None = None,
        audit_store: Store | None = None,
    ) -> None:
        self.config = config
        self.store = store
        self.client = client or make_client(config)
        self._own_client = client is None
        self._reader = reader
        self.owner = owner or make_owner()
        self._next_housekeeping = 0.0
        self.worker = Worker(
            store,
            self.client,
            config,
            self.owner,
            lease_seconds=lease_seconds,
            gate=gate,
            audit_store=audit_store,
            **({"clock": clock} if clock is not None else {}),
        )
        self._built_once = False

    @property
    def reader(self) -> Any:
        if self._reader is None:
            self._reader = make_reader(self.config)
        return self._reader

    @property
    def khanza_missing(self) -> tuple[Any, ...]:
        """What the Khanza read lacks (reasons, no I/O): empty before the first poll."""
        report = getattr(self._reader, "report", None) if self._reader is not None else None
        return tuple(report or ())

    @property
    def auth_problem(self) -> str | None:
        return self.worker.auth_problem

    @property
    def pause(self) -> Pause | None:
        """Sending is paused (AUTH or an outage), or None."""
        return self.worker.pause

    def clear_auth_problem(self) -> None:
        self.worker.clear_auth_problem()

    def poll(self, day: date) -> Any:
        """Read ``day`` from Khanza into the store.

        Raises :class:`KhanzaUnavailable` when Khanza cannot be read and
        :class:`StoreUnavailable` when the local store fails (never the one for the other).
        """
        from sqlalchemy.exc import SQLAlchemyError

        from antrean_desktop.khanza import KhanzaError
        from antrean_desktop.pipeline.pollers import poll_day

        try:
            result = poll_day(self.store, self.reader, self.config, day)
        except KhanzaError as exc:
            raise KhanzaUnavailable(str(exc)) from exc
        except SQLAlchemyError as exc:  # the reader wraps Khanza's errors: this is the store
            raise StoreUnavailable(store_problem(self.config, exc)) from exc
        self.housekeeping()
        return result

    def housekeeping(self) -> None:
        """The daily store retention (it runs at most once a day; see store.retention). A
        failure is logged and tried again an hour later: it never stops polling."""
        from sqlalchemy.exc import SQLAlchemyError

        from antrean_desktop.store.retention import run_daily

        if time.monotonic() < self._next_housekeeping:
            return
        self._next_housekeeping = time.monotonic() + HOUSEKEEPING_CHECK_SECONDS
        try:
            store = self.config.store
            run_daily(
                self.store,
                store.keep_days,
                keep_visits_days=store.keep_visits_days,
                tz=self.config.hospital.tz,
            )
        except SQLAlchemyError as exc:
            log.warning(
                "Store retention failed (tried again later): %s", store_problem(self.config, exc)
            )

    def build(self, *, full: bool = False) -> BuildResult:
        """Queue what became ready; the first build of a run reads every visit (start-up)."""
        result = build(self.store, self.config, full=full or not self._built_once)
        self._built_once = True
        return result

    def work_due(self, max_jobs: int | None = None, should_stop=lambda: False) -> WorkSummary:
        """Send due jobs, building newly allowed tasks between rounds (task 4 after 3 is sent)."""
        total = WorkSummary()
        while not should_stop():
            part = self.worker.work_due(max_jobs=max_jobs, should_stop=should_stop)
            total.add(part)
            if part.auth_stopped or not part.outcomes:
                break
            if not self.build().jobs_queued:
                break
        return total

    def sync(self, day: date, should_stop=lambda: False) -> SyncSummary:
        """One full cycle: poll ``day``, build, and send until no job is due now."""
        summary = SyncSummary(day)
        summary.poll = self.poll(day)
        summary.built = self.build()
        summary.work = self.work_due(should_stop=should_stop)
        return summary

    def let_go_of_kept(self) -> int:
        """The desk lease was lost: record the calls whose answers were kept, let them go."""
        return self.worker.let_go_of_kept()

    def close(self) -> None:
        self.worker.close()
        if self._own_client:
            self.client.close()
        if self._reader is not None and hasattr(self._reader, "close"):
            self._reader.close()
