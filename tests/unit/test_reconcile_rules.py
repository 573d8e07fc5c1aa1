"""The pure side of reconciliation: BPJS's time text, the comparison rules, and the spacing."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pytest

from antrean_desktop.bpjs.ratelimit import RateLimiter
from antrean_desktop.config import ConfigError, load_config
from antrean_desktop.domain.reconcile import (
    BpjsBooking,
    Mismatch,
    MismatchKind,
    OurBooking,
    compare,
    fixable,
    parse_bpjs_time,
)
from antrean_desktop.domain.task_progress import update_task_progress

DAY = date(2026, 11, 28)
WIB = timezone(timedelta(hours=7))


def ms(hh: int, mm: int, ss: int = 0) -> int:
    return int(datetime(2026, 11, 28, hh, mm, ss, tzinfo=WIB).timestamp() * 1000)


def ours(sent: dict[int, int], *, booking: str = "SENT_BPJS", status: str = "SENT_BPJS", **other):
    progress = update_task_progress({}, 1, booking)
    for task, waktu in sent.items():
        progress = update_task_progress(progress, task, "SENT_BPJS", waktu=waktu)
    for task, waktu in other.items():
        progress = update_task_progress(progress, int(task[1:]), "FAILED_BPJS", waktu=waktu)
    return OurBooking.from_progress("V1", "K1", DAY, status, progress)


def theirs(tasks: dict[int, int], status: str = "Belum dilayani") -> BpjsBooking:
    return BpjsBooking("K1", status, dict(tasks))


def kinds(found: list[Mismatch]) -> list[tuple[str, int | None]]:
    return [(m.kind.value, m.task) for m in found]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("28-11-2026 08:25:30 WIB", ms(8, 25, 30)),
        ("28-11-2026 09:25:30 WITA", ms(8, 25, 30)),
        ("28-11-2026 10:25:30 WIT", ms(8, 25, 30)),
        ("28-11-2026 08:25:30", ms(8, 25, 30)),
        ("2026-11-28 08:25:30", None),
        ("31-02-2026 08:25:30 WIB", None),
        ("28-11-2026 08:25:30 PST", None),
        (None, None),
        (1764293130000, None),
    ],
)
def test_bpjs_time_text(text, expected) -> None:
    assert parse_bpjs_time(text) == expected


def test_agreeing_to_the_second_is_no_mismatch() -> None:
    assert compare(ours({3: ms(8, 0) + 999}), theirs({3: ms(8, 0)}), (3, 4, 5)) == []


def test_each_kind() -> None:
    both = compare(ours({3: ms(8, 0), 4: ms(8, 30)}), theirs({3: ms(8, 1)}), (3, 4, 5))
    assert kinds(both) == [("time_differs", 3), ("missing_at_bpjs", 4)]
    assert (both[0].ours_ms, both[0].bpjs_ms) == (ms(8, 0), ms(8, 1))
    gone = compare(ours({3: ms(8, 0)}), None, (3, 4, 5))
    assert kinds(gone) == [("missing_at_bpjs", None), ("missing_at_bpjs", 3)]
    extra = compare(ours({3: ms(8, 0)}, t4=ms(8, 30)), theirs({3: ms(8, 0), 4: ms(8, 30)}), (3, 4))
    assert kinds(extra) == [("unknown_here", 4)]
    assert extra[0].ours_ms == ms(8, 30)
    stranger = compare(None, BpjsBooking("MJKN-1"), (3, 4, 5))
    assert [(m.visit_id, m.kodebooking, m.kind) for m in stranger] == [
        (None, "MJKN-1", MismatchKind.UNKNOWN_HERE)
    ]
    not_sent = compare(ours({}, booking="FAILED_BPJS", status="FAILED_BPJS"), theirs({}), (3,))
    assert kinds(not_sent) == [("unknown_here", None)]
    assert compare(ours({}, booking="BLOCKED", status="BLOCKED"), None, (3,)) == []


def test_cancelled_at_bpjs_by_task_99_or_by_status() -> None:
    closed = compare(ours({3: ms(8, 0)}), theirs({3: ms(8, 0), 99: ms(9, 0)}), (3, 4, 5, 99))
    assert kinds(closed) == [("cancelled_at_bpjs", None)]
    assert closed[0].bpjs_ms == ms(9, 0)
    by_status = compare(ours({}), theirs({}, status="Batal"), (3,))
    assert kinds(by_status) == [("cancelled_at_bpjs", None)]
    ours_too = ours({99: ms(9, 0)}, status="CANCELLED")
    assert compare(ours_too, theirs({99: ms(9, 0)}), (3, 99)) == []


def test_only_missing_within_the_window_is_fixable() -> None:
    missing = Mismatch("V1", "K1", MismatchKind.MISSING_AT_BPJS, 4, ms(8, 30))
    differs = Mismatch("V1", "K1", MismatchKind.TIME_DIFFERS, 4, ms(8, 30), ms(8, 31))
    assert fixable(missing, DAY, DAY + timedelta(days=7))
    assert not fixable(missing, DAY, DAY + timedelta(days=8))
    assert not fixable(differs, DAY, DAY)
    assert Mismatch.from_json(missing.to_json()) == missing


def test_rate_limiter_spaces_calls_evenly() -> None:
    now = [100.0]
    slept: list[float] = []

    def sleep(seconds: float) -> None:
        slept.append(round(seconds, 6))
        now[0] += seconds

    limiter = RateLimiter(2, clock=lambda: now[0], sleep=sleep)
    assert all(limiter.wait() for _ in range(4))
    assert slept == [0.5, 0.5, 0.5]
    now[0] += 10  # idle for a while: the next call goes at once, no burst credit
    assert limiter.wait() and slept == [0.5, 0.5, 0.5]
    now[0] += 0.3  # that call took 0.3 s: the next one waits a full interval after its end
    limiter.done()
    assert limiter.wait() and slept == [0.5, 0.5, 0.5, 0.5]
    stopping = RateLimiter(1, clock=lambda: now[0], sleep=lambda s: True)
    assert stopping.wait() and not stopping.wait()
    with pytest.raises(ValueError, match="greater than 0"):
        RateLimiter(0)


def test_reconcile_settings(tmp_path) -> None:
    path = tmp_path / "c.toml"
    path.write_text('[reconcile]\ncalls_per_second = 0.5\nevening_at = "21:30"\n', encoding="utf-8")
    config = load_config(path, environ={}, use_keyring=False)
    assert (config.reconcile.calls_per_second, config.reconcile.evening_at) == (0.5, "21:30")
    assert config.reconcile.window_at == "02:00"
    path.write_text('[reconcile]\nevening_at = "25:00"\n', encoding="utf-8")
    with pytest.raises(ConfigError, match=r"\[reconcile\] evening_at = '25:00': expected a time"):
        load_config(path, environ={}, use_keyring=False)
    path.write_text("[reconcile]\ncalls_per_second = 0\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="calls_per_second = 0"):
        load_config(path, environ={}, use_keyring=False)


def test_reconcile_plan_evening_and_off_peak() -> None:
    from datetime import time

    from antrean_desktop.domain.reconcile_plan import ReconcilePlanner, parse_hhmm

    plan = ReconcilePlanner(parse_hhmm("20:00"), parse_hhmm("02:00"), retry_seconds=900)
    night = datetime(2026, 11, 28, 1, 59, tzinfo=WIB)
    assert plan.due(night, 0) == []
    early = datetime(2026, 11, 28, 2, 0, tzinfo=WIB)
    window = [date(2026, 11, d) for d in range(21, 28)]
    assert plan.due(early, 0) == window  # the seven days before today
    plan.finished(early, 0, window, ok=False)  # e.g. jobs were waiting
    assert plan.due(early, 899) == []
    assert plan.due(early, 900) == window
    plan.finished(early, 900, window, ok=True)
    assert plan.due(datetime(2026, 11, 28, 12, 0, tzinfo=WIB), 1000) == []
    evening = datetime(2026, 11, 28, 20, 0, tzinfo=WIB)
    assert plan.due(evening, 2000) == [DAY]
    plan.finished(evening, 2000, [DAY], ok=True)
    assert plan.due(datetime(2026, 11, 28, 23, 0, tzinfo=WIB), 3000) == []
    next_night = datetime(2026, 11, 29, 2, 30, tzinfo=WIB)
    assert plan.due(next_night, 4000) == [date(2026, 11, d) for d in range(22, 29)]
    assert parse_hhmm("07:05") == time(7, 5)


def test_a_damaged_task_progress_counts_as_nothing_sent() -> None:
    from antrean_desktop.domain.compliance import VisitFacts, compliance

    for damaged in ([], "not json", {"3": "x"}, None):
        report = compliance(
            [VisitFacts(DAY, "INT", "PENYAKIT DALAM", "JKN", "SENT_BPJS", damaged)],
            DAY,
            DAY,
            (3, 4, 5),
        )
        assert (report.total["jkn_visits"], report.total["booked"]) == (1, 0)
        ours = OurBooking.from_progress("V1", "K1", DAY, "SENT_BPJS", damaged)
        assert not ours.booking_sent and ours.sent == {}
