import json

import pytest

from antrean_desktop.domain.task_progress import (
    get_task_progress,
    get_task_status,
    is_task_sent,
    update_task_progress,
)
from antrean_desktop.domain.tasks import TaskId


def test_seed_example_booking_sent():
    result = update_task_progress({}, 1, "SENT_BPJS")
    assert list(result) == ["1"]
    assert result["1"]["status"] == "SENT_BPJS"
    assert isinstance(result["1"]["sentAt"], int) and result["1"]["sentAt"] > 1_700_000_000_000


def test_seed_example_draft_keeps_other_tasks():
    current = {"1": {"status": "SENT_BPJS"}}
    result = update_task_progress(current, 3, "DRAFT")
    assert result == {"1": {"status": "SENT_BPJS"}, "3": {"status": "DRAFT"}}
    assert current == {"1": {"status": "SENT_BPJS"}}, "the input must not be modified"
    assert result is not current and result["1"] is not current["1"]


def test_update_keeps_fields_and_sets_failed_reason():
    current = {"3": {"status": "QUEUED", "waktu": 1764291600000, "source": "mutasi_berkas.dikirim"}}
    result = update_task_progress(current, 3, "FAILED_BPJS", "Rujukan tidak valid", attempts=2)
    assert result["3"] == {
        "status": "FAILED_BPJS",
        "waktu": 1764291600000,
        "source": "mutasi_berkas.dikirim",
        "failedReason": "Rujukan tidak valid",
        "attempts": 2,
    }
    sent = update_task_progress(result, 3, "SENT_BPJS", sent_at=123)
    assert sent["3"]["sentAt"] == 123 and "failedReason" not in sent["3"]


def test_get_task_progress_accepts_none_json_and_dict():
    assert get_task_progress(None) == {}
    assert get_task_progress("") == {}
    assert get_task_progress('{"3": {"status": "DRAFT"}}') == {"3": {"status": "DRAFT"}}
    assert get_task_progress(b'{"1": {"status": "QUEUED"}}') == {"1": {"status": "QUEUED"}}
    original = {"4": {"status": "DRAFT"}}
    copy = get_task_progress(original)
    copy["4"]["status"] = "X"
    assert original["4"]["status"] == "DRAFT"


@pytest.mark.parametrize("bad", ["{not json", "[1, 2]", "42"])
def test_get_task_progress_rejects_garbage_with_message(bad):
    with pytest.raises(ValueError, match="task_progress"):
        get_task_progress(bad)


def test_status_helpers():
    progress = json.dumps({"1": {"status": "SENT_BPJS"}, "3": {"status": "DRAFT"}})
    assert is_task_sent(progress, 1) is True
    assert is_task_sent(progress, 3) is False
    assert is_task_sent(progress, 4) is False
    assert get_task_status(progress, "3") == "DRAFT"
    assert get_task_status(progress, 5) is None


def test_unknown_task_and_status_are_named():
    with pytest.raises(ValueError, match="task id 8 "):
        update_task_progress({}, 8, "DRAFT")
    with pytest.raises(ValueError, match="'SENT'"):
        update_task_progress({}, 3, "SENT")


def test_task_id_meaning_and_parse():
    assert TaskId.parse("3") is TaskId.CLINIC_WAIT
    assert TaskId.parse("service_start") is TaskId.SERVICE_START
    assert TaskId(99).label == "cancelled"
