"""One row of the benchmark table: a figure, its baseline from the same run, and its target."""

from __future__ import annotations

import math
from dataclasses import dataclass


@dataclass(frozen=True)
class Figure:
    bench: str
    name: str
    value: float
    unit: str
    baseline_name: str = ""
    baseline: float | None = None
    target: str = ""
    met: bool | None = None  # None: the target is informative or has no absolute bound

    @property
    def ratio(self) -> float | None:
        if self.baseline is None or self.baseline == 0:
            return None
        return self.value / self.baseline

    def finite(self) -> bool:
        return math.isfinite(self.value) and (self.baseline is None or math.isfinite(self.baseline))


def _num(value: float | None, unit: str = "") -> str:
    if value is None:
        return "—"
    if abs(value) >= 100:
        text = f"{value:,.0f}"
    elif abs(value) >= 10:
        text = f"{value:.1f}"
    else:
        text = f"{value:.3g}"
    return f"{text} {unit}".strip()


def table(figures: list[Figure]) -> str:
    """A Markdown table: figure, value, baseline, ratio, target, met."""
    lines = [
        "| benchmark | figure | value | baseline (same run) | ratio | target | met |",
        "|---|---|---|---|---|---|---|",
    ]
    for f in figures:
        base = f"{f.baseline_name}: {_num(f.baseline, f.unit)}" if f.baseline_name else "—"
        ratio = f"{f.ratio:.2f}×" if f.ratio is not None else "—"
        met = {True: "yes", False: "**no**", None: "—"}[f.met]
        lines.append(
            f"| {f.bench} | {f.name} | {_num(f.value, f.unit)} | {base} | {ratio} | "
            f"{f.target or '—'} | {met} |"
        )
    return "\n".join(lines)
