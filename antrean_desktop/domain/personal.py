"""Personal data in text meant for others (a support ticket): NIK, card number, phone, name.

By default such text carries them masked: numbers keep their last four characters
(``************0001``), a name keeps its initials (``B*** S***``). The request bodies sent to
BPJS say which values are personal (keys :data:`PERSONAL_KEYS`), so the same values are also
masked wherever else they appear (a BPJS message or a reason quoting them).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

PERSONAL_KEYS = ("nik", "nomorkartu", "nohp")
_KEEP = 4


def mask_value(value: str) -> str:
    text = str(value)
    if len(text) <= _KEEP:
        return "*" * len(text)
    return "*" * (len(text) - _KEEP) + text[-_KEEP:]


def initials(name: str) -> str:
    return " ".join(f"{word[0]}***" for word in str(name).split()) or name


def personal_values(bodies: Iterable[Any]) -> set[str]:
    """The personal values found in ``bodies`` (request bodies; anything else is ignored)."""
    found: set[str] = set()
    for body in bodies:
        if isinstance(body, Mapping):
            for key in PERSONAL_KEYS:
                value = body.get(key)
                if isinstance(value, str | int) and not isinstance(value, bool):
                    text = str(value).strip()
                    if len(text) > _KEEP:
                        found.add(text)
    return found


def mask_body(body: Any) -> Any:
    """A copy of a request body with its personal values masked."""
    if not isinstance(body, Mapping):
        return body
    return {
        k: mask_value(v) if k in PERSONAL_KEYS and isinstance(v, str | int) and v != "" else v
        for k, v in body.items()
    }


def mask_text(text: str, values: Iterable[str]) -> str:
    """``text`` with every occurrence of ``values`` masked."""
    ordered = sorted({v for v in values if v}, key=len, reverse=True)
    if not ordered:
        return text
    pattern = re.compile("|".join(re.escape(v) for v in ordered))
    return pattern.sub(lambda m: mask_value(m.group(0)), text)
