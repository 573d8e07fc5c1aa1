"""Every reason has a next step and a row in both troubleshooting guides (issue 22 point 7),
and problems group by cause (point 3)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from antrean_desktop.domain.next_steps import (
    REJECTIONS,
    STEPS,
    cause_key,
    guide_anchor,
    next_step,
    rejection_rule,
)
from antrean_desktop.domain.problem_groups import GROUP_MIN, problem_groups
from antrean_desktop.domain.reasons import CATALOG, Reason

DOCS = Path(__file__).resolve().parents[2] / "docs"
SCHEDULE = "Jam praktek 07:00-21:00 tidak sesuai dengan jadwal dokter (08:00-12:00)"


def test_every_reason_code_has_a_next_step_in_both_languages():
    assert set(STEPS) == set(CATALOG)
    for code in CATALOG:
        for language in ("id", "en"):
            text = next_step(Reason(code, {}), language)
            assert text and "\n" not in text and len(text) < 140, (code, text)
    for rule, step in REJECTIONS.items():
        assert step.fix_text("id") and step.fix_text("en") and step.cause_text("en"), rule


@pytest.mark.parametrize("guide", ["troubleshooting.md", "troubleshooting.id.md"])
def test_every_reason_code_has_its_row_in_the_guide(guide):
    text = (DOCS / guide).read_text(encoding="utf-8")
    # the anchor is the code's row: a table row starting with it
    missing = [c for c in CATALOG if f"| `{guide_anchor(Reason(c))}`" not in text]
    assert not missing, f"docs/{guide} lacks: {missing}"


def test_a_bpjs_refusal_is_told_by_the_rule_its_message_matches():
    other_doctor = SCHEDULE.replace("08:00-12:00", "13:00-16:00")
    a = Reason("BPJS_REJECTED", {"code": "201", "message": SCHEDULE})
    b = Reason("BPJS_REJECTED", {"code": "201", "message": other_doctor})
    assert rejection_rule(a) == rejection_rule(b) == "schedule-mismatch"
    assert cause_key(a) == cause_key(b)
    assert next_step(a, "id").startswith("Ubah jadwal di Khanza atau HFIS")
    unknown = Reason("BPJS_REJECTED", {"code": "201", "message": "Sesuatu yang baru"})
    assert rejection_rule(unknown) is None and cause_key(unknown) != cause_key(a)
    assert next_step(unknown, "en") == "Fix the data BPJS names, then «Resend»"


@dataclass
class Visit:
    status: str
    task_progress: dict[str, Any] = field(default_factory=dict)
    blocked_reason: Any = None


def _rejected(message: str) -> Visit:
    reason = {"code": "BPJS_REJECTED", "params": {"code": "201", "message": message}}
    return Visit("FAILED_BPJS", {"1": {"status": "FAILED_BPJS", "reason": reason}})


def test_problems_group_by_cause_largest_first():
    visits = [_rejected(SCHEDULE.replace("08", f"{8 + n % 3:02d}")) for n in range(21)]
    mapping = {"code": "NO_POLI_MAPPING", "params": {"kd_poli": "INT"}}
    visits += [Visit("BLOCKED", {"1": {"status": "BLOCKED"}}, mapping) for _ in range(GROUP_MIN)]
    visits += [_rejected("Rujukan tidak valid")] * (GROUP_MIN - 1)  # too few to group
    unreachable = {"code": "BPJS_UNREACHABLE", "params": {"attempts": 9, "message": "x"}}
    visits += [Visit("FAILED_BPJS", {"1": {"status": "FAILED_BPJS", "reason": unreachable}})] * 5
    visits += [Visit("CANCELLED", {"1": {"status": "BLOCKED", "reason": mapping}})] * 5
    groups = problem_groups(visits)
    assert [(g.count, g.booking) for g in groups] == [(21, True), (GROUP_MIN, True)]
    assert groups[0].line("id") == (
        "21 booking ditolak: jam praktek di Khanza tidak sama dengan jadwal HFIS — ubah jadwal "
        "di Khanza atau HFIS, lalu «Kirim ulang»"
    )
    assert groups[1].line("en").startswith(f"{GROUP_MIN} bookings blocked: clinic not mapped")
