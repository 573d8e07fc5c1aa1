"""Who sends, in the words every desk shows (domain/desks.py)."""

from __future__ import annotations

import pytest

from antrean_desktop.domain.desks import DeskState, age_text


def test_a_desk_of_its_own_always_sends_and_says_nothing_more():
    desk = DeskState(shared=False, this_desk_sends=True)
    assert desk.who("id") == "PC ini mengirim ke BPJS"
    assert desk.who("en") == "This PC sends to BPJS"
    assert desk.active and not desk.nobody_sends and desk.banner("id") == ""


def test_an_older_program_on_its_own_store_says_it_does_not_send():
    desk = DeskState(shared=False, this_desk_sends=False, too_new=True)
    assert desk.who("id") == "PC ini tidak mengirim (perbarui Antrean Desktop)"
    assert desk.banner("id") == ""  # the store's own banner says what to do


def test_a_viewer_names_the_active_desk_and_its_heartbeat():
    desk = DeskState(True, False, "LOKET-2", 3.4, takeover_seconds=20)
    assert desk.who("id") == "Dikirim oleh LOKET-2 (aktif 3 detik lalu)"
    assert desk.who("en") == "Sent by LOKET-2 (active 3 s ago)"
    assert desk.active and desk.banner("id") == ""
    assert desk.check_line("id") == (
        "penyimpanan bersama (beberapa PC): Dikirim oleh LOKET-2 (aktif 3 detik lalu)"
    )


@pytest.mark.parametrize(
    ("age", "stopped", "last"),
    [
        (21, False, "LOKET-2 terakhir aktif 21 detik lalu"),
        (600, False, "LOKET-2 terakhir aktif 10 menit lalu"),
        (9e8, True, "LOKET-2 sudah berhenti"),
    ],
)
def test_no_desk_past_the_takeover_time_is_a_banner(age, stopped, last):
    desk = DeskState(True, False, "LOKET-2", age, takeover_seconds=20, stopped=stopped)
    assert desk.nobody_sends and not desk.active
    assert desk.who("id") == last
    assert desk.banner("id").startswith(f"Tidak ada PC yang mengirim ke BPJS: {last}. ")


def test_the_heartbeat_at_the_takeover_time_is_still_active():
    assert DeskState(True, False, "LOKET-2", 20.0, takeover_seconds=20).active
    assert not DeskState(True, False, "LOKET-2", 20.5, takeover_seconds=20).active


def test_a_store_no_desk_ever_sent_from():
    desk = DeskState(True, False)
    assert desk.nobody_sends
    assert desk.banner("en") == "No PC has sent to BPJS from this store yet"


def test_this_desk_sending_on_a_shared_store():
    desk = DeskState(True, True)
    assert desk.who("id") == "PC ini mengirim ke BPJS" and desk.active
    assert desk.check_line("en") == "shared store (several PCs): This PC sends to BPJS"


@pytest.mark.parametrize(
    ("seconds", "words"), [(0, "0 detik"), (119, "119 detik"), (120, "2 menit"), (7300, "2 jam")]
)
def test_age_text(seconds, words):
    assert age_text(seconds, "id") == words
