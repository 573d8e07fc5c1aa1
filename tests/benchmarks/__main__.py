"""Run every benchmark and print one table: ``python -m tests.benchmarks [--size full|smoke]``."""

from __future__ import annotations

import argparse
import importlib
import os
import platform
import sys
import time

from tests.benchmarks.figures import Figure, table

#: module names under tests/benchmarks, in the order of the table
BENCHMARKS = [
    "bench_poll",
    "bench_throughput",
    "bench_latency",
    "bench_window",
    "bench_memory",
    "bench_startup",
    "bench_growth",
    "bench_desks",
    "bench_viewer",
]


def _load() -> str:
    """The 1-minute load average: how busy the (shared) machine was."""
    try:
        return f"{os.getloadavg()[0]:.1f}"
    except OSError:
        return "?"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.benchmarks")
    parser.add_argument("--size", choices=["full", "smoke"], default="full")
    parser.add_argument("--only", nargs="*", help="run only these benchmark modules")
    args = parser.parse_args(argv)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    figures: list[Figure] = []
    started = time.monotonic()
    for name in args.only or BENCHMARKS:
        module = importlib.import_module(f"tests.benchmarks.{name}")
        t = time.monotonic()
        part = module.run(args.size)
        figures += part
        # each benchmark's rows as soon as it ends: a long run that is cut off keeps them
        print(f"{name}: {time.monotonic() - t:.0f} s, load {_load()}\n{table(part)}",
              file=sys.stderr, flush=True)  # fmt: skip
    print(
        f"machine: {os.cpu_count()} cores, {platform.platform()}, Python "
        f"{platform.python_version()}; size {args.size}; {time.monotonic() - started:.0f} s; "
        f"load average at the end {_load()}"
    )
    print(table(figures))
    missed = [f for f in figures if f.met is False]
    print(f"\n{len(figures) - len(missed)} of {len(figures)} figures within target")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
