"""Every benchmark runs at a tiny size in the normal test run, so none can rot.

Nothing here asserts a speed: only that each benchmark runs and reports a finite figure.
"""

from __future__ import annotations

import importlib

import pytest

from tests.benchmarks.__main__ import BENCHMARKS
from tests.benchmarks.figures import table


@pytest.mark.parametrize("name", BENCHMARKS)
def test_benchmark_runs_at_smoke_size(name: str, qapp, mariadb, no_thread_leak) -> None:
    module = importlib.import_module(f"tests.benchmarks.{name}")
    figures = module.run("smoke", server=mariadb)
    assert figures, f"{name} reported nothing"
    assert all(f.finite() for f in figures), table(figures)
    assert all(f.bench and f.name and f.unit is not None for f in figures)
