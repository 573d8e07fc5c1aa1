"""The two kinds of trouble a cycle reports apart: Khanza cannot be read, the local store fails."""

from __future__ import annotations


class KhanzaUnavailable(RuntimeError):
    """Khanza's database could not be read; the message says why (never the password)."""


class StoreUnavailable(RuntimeError):
    """The local store could not be read or written (locked, full disk, broken file ...)."""
