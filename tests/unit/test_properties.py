"""Property-based tests (hypothesis): whatever arrives, the program answers with a value or one
clear error, never an unexpected exception.

* any TOML file gives a valid configuration or one ConfigError line naming the file;
* any bytes or JSON as a BPJS answer give a classified result;
* any ``task_progress`` JSON read from the store is handled by everything that shows it.
"""

from __future__ import annotations

import json
import math
from datetime import date
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from antrean_desktop.bpjs.envelope import parse_body
from antrean_desktop.config import _SECTIONS, Config, ConfigError, _toml_value, load_config
from antrean_desktop.domain.bpjs_answers import Outcome, classify
from antrean_desktop.domain.reasons import render
from antrean_desktop.domain.task_progress import get_task_progress, get_task_status, is_task_sent
from antrean_desktop.domain.task_states import cell_text, count_states, task_state
from antrean_desktop.domain.tasks import BookingStatus

SETTINGS = settings(
    max_examples=150,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
WIB = ZoneInfo("Asia/Jakarta")

# --- configuration ---------------------------------------------------------------------------

scalars = st.one_of(
    st.booleans(),
    st.integers(min_value=-(2**63), max_value=2**63 - 1),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=40),
)
values = st.one_of(scalars, st.lists(scalars, max_size=5))
known_keys = st.sampled_from(
    [f"{s}.{f}" for s, cls in _SECTIONS.items() for f in cls.__dataclass_fields__]
)
keys = st.one_of(known_keys, st.text(min_size=1, max_size=12).map(lambda k: f"bpjs.{k}"))


def _toml(entries: dict[str, object]) -> str:
    sections: dict[str, list[str]] = {}
    for key, value in entries.items():
        section, name = key.split(".", 1)
        sections.setdefault(section, []).append(
            f"{json.dumps(name)} = {_toml_value(value) if not isinstance(value, float) else _float(value)}"
        )
    return "".join(f"[{s}]\n" + "\n".join(lines) + "\n" for s, lines in sections.items())


def _float(value: float) -> str:
    if math.isnan(value):
        return "nan"
    if math.isinf(value):
        return "inf" if value > 0 else "-inf"
    return repr(value)


def _loads_or_one_line(path: Path) -> Config | None:
    try:
        return load_config(path, environ={}, use_keyring=False)
    except ConfigError as exc:
        message = str(exc)
        assert "\n" not in message and message.startswith(str(path)), message
        return None


@SETTINGS
@given(st.dictionaries(keys, values, max_size=8))
def test_any_settings_give_a_config_or_one_line(tmp_path_factory, entries):
    path = tmp_path_factory.mktemp("cfg") / "config.toml"
    path.write_text(_toml(entries), encoding="utf-8")
    config = _loads_or_one_line(path)
    if config is not None:
        assert math.isfinite(config.bpjs.timeout_seconds) and config.bpjs.timeout_seconds > 0
        assert config.store.keep_days >= 7 and config.schedule.poll_seconds >= 1


@SETTINGS
@given(st.binary(max_size=300))
@example(b"\xef\xbb\xbf[schedule]\npoll_seconds = 5\n")
@example(b"\xff\xfe[\x00b\x00")
@example("[hospital]\nketerangan = 'caf\xe9'\n".encode("cp1252"))
@example(b"[bpjs]\ntimeout_seconds = nan\n")
def test_any_bytes_give_a_config_or_one_line(tmp_path_factory, raw):
    path = tmp_path_factory.mktemp("cfg") / "config.toml"
    path.write_bytes(raw)
    _loads_or_one_line(path)


# --- BPJS answers ----------------------------------------------------------------------------

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=20,
)
codes = st.one_of(
    st.integers(), st.text(max_size=6), st.floats(), st.none(), st.sampled_from(["200", "²", "٢٠٠"])
)
envelopes = st.builds(
    lambda meta_key, code, message, response: {
        meta_key: {"code": code, "message": message},
        **({"response": response} if response is not None else {}),
    },
    st.sampled_from(["metadata", "metaData"]),
    codes,
    st.one_of(st.text(max_size=60), json_values),
    st.one_of(st.none(), st.text(max_size=40), json_values),
)
statuses = st.one_of(st.none(), st.integers(min_value=100, max_value=599))


def _classified(body: bytes, status: int) -> None:
    envelope = parse_body(body, status)
    assert envelope.code is None or isinstance(envelope.code, int)
    assert isinstance(envelope.message, str)
    verdict = classify(status, envelope.code, envelope.message, endpoint="antrean/add", task=None)
    assert verdict.outcome in Outcome


@SETTINGS
@given(st.binary(max_size=400), st.integers(min_value=100, max_value=599))
@example(b"[" * 100_000, 200)
@example(b'{"metadata": {"code": 1e999, "message": "x"}}', 200)
@example(b'{"metadata": {"code": "\xc2\xb2", "message": "x"}}', 200)
def test_any_bytes_as_an_answer_are_classified(body, status):
    _classified(body, status)


@SETTINGS
@given(st.one_of(envelopes, json_values), st.integers(min_value=100, max_value=599))
def test_any_json_as_an_answer_is_classified(obj, status):
    _classified(json.dumps(obj).encode(), status)


@SETTINGS
@given(
    statuses,
    st.one_of(st.none(), st.integers()),
    st.one_of(st.none(), st.text()),
    st.one_of(st.none(), st.sampled_from(["antrean/add", "antrean/updatewaktu", "antrean/batal"])),
    st.one_of(st.none(), st.integers()),
)
def test_classify_takes_any_values(status, code, message, endpoint, task):
    assert classify(status, code, message, endpoint=endpoint, task=task).outcome in Outcome


# --- task_progress from the store --------------------------------------------------------------

entry_values = st.one_of(
    json_values,
    st.integers(min_value=-(10**20), max_value=10**20),
    st.sampled_from(["QUEUED", "SENT_BPJS", "FAILED_BPJS", "BLOCKED", "DRAFT", "x"]),
)
entries = st.one_of(
    json_values,
    st.dictionaries(
        st.sampled_from(
            ["status", "waktu", "sentAt", "attempts", "failedReason", "reason", "source"]
        ),
        entry_values,
        max_size=7,
    ),
)
progress = st.one_of(
    json_values,
    st.dictionaries(
        st.sampled_from(["1", "3", "4", "5", "6", "7", "99", "x", ""]), entries, max_size=6
    ),
)


class _Visit:
    def __init__(self, status: str, task_progress: object) -> None:
        self.status, self.task_progress = status, task_progress


@SETTINGS
@given(progress, st.sampled_from([s.value for s in BookingStatus] + ["?"]))
def test_any_task_progress_is_handled(value, booking_status):
    text = json.dumps(value)
    try:
        parsed = get_task_progress(text)
    except ValueError:
        parsed = None  # not an object: reported, not crashed
    for task in (1, 3, 4, 5, 99):
        entry = value.get(str(task)) if isinstance(value, dict) else None
        entry = entry if isinstance(entry, dict) else None
        task_state(booking_status, entry, task)
        assert isinstance(cell_text(booking_status, entry, task, WIB, "en"), str)
        if parsed is not None:
            get_task_status(parsed, task)
            is_task_sent(parsed, task)
        if entry is not None:
            render(entry.get("reason"), "id")
    count_states([_Visit(booking_status, value)])


# --- the same values read back from a real store ------------------------------------------------


@pytest.fixture(scope="module")
def damaged_store(tmp_path_factory):
    from antrean_desktop.store import migrate
    from antrean_desktop.store.db import Store

    folder = tmp_path_factory.mktemp("store")
    url = f"sqlite:///{(folder / 'antrean.db').as_posix()}"
    store = Store(url)
    migrate.upgrade(store.engine)
    path = folder / "config.toml"
    path.write_text(
        f'[store]\nurl = "{url}"\n[hospital]\ntasks = [3, 4, 5, 99]\n', encoding="utf-8"
    )
    yield store, path
    store.dispose()


@settings(max_examples=40, deadline=None, database=None, suppress_health_check=list(HealthCheck))
@given(progress, st.sampled_from([s.value for s in BookingStatus]), json_values)
def test_any_task_progress_in_the_store_is_shown_and_built(
    damaged_store, capsys, value, status, reason
):
    """Stored by hand or by an older program: 'status', the window's rows and the builder take
    it without an exception (a damaged row queues nothing)."""
    from sqlalchemy import delete

    from antrean_desktop.cli import main
    from antrean_desktop.config import load_config
    from antrean_desktop.pipeline.builder import build
    from antrean_desktop.runtime.snapshots import VisitRow
    from antrean_desktop.store.models import AntreanJob, VisitEvent

    store, path = damaged_store
    with store.session() as session:
        session.execute(delete(AntreanJob))
        session.execute(delete(VisitEvent))
        session.add(
            VisitEvent(
                visit_id="2026/01/20/000001",
                kodebooking="2026/01/20/000001",
                visit_date=date(2026, 1, 20),
                status=status,
                blocked_reason=reason,
                task_progress=value,
                payload={"kodebooking": "2026/01/20/000001"},
            )
        )
    with store.session() as session:
        row = VisitRow.from_visit(session.scalars(select(VisitEvent)).one())
    assert isinstance(row.task_progress, dict)
    build(store, load_config(path, environ={}, use_keyring=False), full=True)
    for extra in ([], ["--json"]):
        capsys.readouterr()
        assert main(["--config", str(path), "status", "--date", "2026-01-20", *extra]) == 0
        assert "2026/01/20/000001" in capsys.readouterr().out
