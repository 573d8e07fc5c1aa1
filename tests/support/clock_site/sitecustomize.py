"""Loaded by a program the tests start with this folder on PYTHONPATH: a wall clock the test
can set back (tests/support/fake_clock.py)."""

from tests.support.fake_clock import install_everywhere

install_everywhere()
