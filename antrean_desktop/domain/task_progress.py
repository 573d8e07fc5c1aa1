"""The per-visit ``task_progress`` JSON, as the original design has it.

``{"1": {...}, "3": {...}}``; each entry holds ``status``, ``waktu`` (epoch ms), ``source``,
``sentAt``, ``failedReason``, ``attempts`` and, for BLOCKED, ``reason`` ({code, params}).
All helpers are pure: they never modify their argument and return new dicts.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from antrean_desktop.domain.tasks import TaskId, TaskStatus

TaskProgress = dict[str, dict[str, Any]]


def _key(task_id: int | str | TaskId) -> str:
    return str(int(TaskId.parse(task_id)))


def _status(status: str | TaskStatus) -> TaskStatus:
    try:
        return TaskStatus(str(status))
    except ValueError:
        allowed = ", ".join(s.value for s in TaskStatus)
        raise ValueError(f"unknown task status {status!r} (expected one of {allowed})") from None


def get_task_progress(value: None | str | bytes | Mapping[str, Any]) -> TaskProgress:
    """Return ``task_progress`` as a new dict from None, a JSON string or a mapping."""
    if value is None:
        return {}
    if isinstance(value, bytes | bytearray):
        value = value.decode("utf-8")
    if isinstance(value, str):
        if not value.strip():
            return {}
        try:
            value = json.loads(value)
        except json.JSONDecodeError as exc:
            raise ValueError(f"task_progress is not valid JSON: {exc.msg} at {exc.pos}") from None
        if value is None:
            return {}
    if not isinstance(value, Mapping):
        raise ValueError(f"task_progress must be a JSON object, got {type(value).__name__}")
    return {str(k): dict(v) if isinstance(v, Mapping) else {} for k, v in value.items()}


def readable_progress(value: object) -> TaskProgress:
    """``task_progress`` as read from the store, for showing it: a damaged value (not a JSON
    object, an entry that is not an object) reads as empty instead of breaking the view."""
    try:
        return get_task_progress(value)  # type: ignore[arg-type]
    except (ValueError, TypeError):
        return {}


def now_ms() -> int:
    return int(datetime.now(UTC).timestamp() * 1000)


def update_task_progress(
    current: None | str | Mapping[str, Any],
    task_id: int | str | TaskId,
    status: str | TaskStatus,
    failed_reason: str | None = None,
    *,
    sent_at: int | None = None,
    **fields: Any,
) -> TaskProgress:
    """Return a NEW task_progress with ``task_id`` set to ``status``.

    The task's other fields are kept; ``sentAt`` is set on SENT_BPJS (``sent_at`` or now, epoch
    ms) and ``failedReason`` on FAILED_BPJS. Extra keyword fields (``waktu``, ``source``, ...) are
    merged into the entry.
    """
    progress = get_task_progress(current)
    key = _key(task_id)
    st = _status(status)
    entry = dict(progress.get(key, {}))
    entry.update(fields)
    entry["status"] = st.value
    if st is TaskStatus.SENT_BPJS:
        entry["sentAt"] = sent_at if sent_at is not None else now_ms()
        entry.pop("failedReason", None)
        entry.pop("reason", None)
    elif st is TaskStatus.FAILED_BPJS:
        entry["failedReason"] = failed_reason or entry.get("failedReason") or "unknown failure"
    elif failed_reason is not None:
        entry["failedReason"] = failed_reason
    if st is not TaskStatus.BLOCKED and "reason" not in fields:
        entry.pop("reason", None)
    progress[key] = entry
    return progress


def get_task_status(current: None | str | Mapping[str, Any], task_id: int | str) -> str | None:
    """The task's status string, or None when the task is not in task_progress."""
    entry = get_task_progress(current).get(_key(task_id))
    return entry.get("status") if entry else None


def is_task_sent(current: None | str | Mapping[str, Any], task_id: int | str) -> bool:
    return get_task_status(current, task_id) == TaskStatus.SENT_BPJS.value
