"""Benchmarks: one command prints one table (``python -m tests.benchmarks``); see docs/benchmarks.md.

Each benchmark module has ``run(size) -> list[Figure]``. ``size`` is ``"smoke"`` (tiny, part of
the normal test run so that none can rot) or ``"full"`` (the sizes the issue asks for).
"""
