"""The reference rules as the simulator enforces them, seen through the client's outcomes."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from antrean_desktop.bpjs import BpjsClient, Outcome
from antrean_desktop.sim.bpjs_state import ADD_FIELDS
from tests.bpjs.conftest import CONS_ID, SECRET, USER_KEY, fixed_now, make_payload, wib_ms


def test_duplicate_booking_is_208_and_success(sim, client, booked) -> None:
    again = client.add_antrean(make_payload(booked, nohp="0899"))
    assert (again.code, again.message) == (208, "Terdapat duplikasi Kode Booking")
    assert again.outcome is Outcome.SUCCESS
    assert sim.booking(booked)["payload"]["nohp"] == "081234567890"  # first one kept


def test_duplicate_task_is_208_and_success(sim, client, booked) -> None:
    assert client.update_waktu(booked, 3, wib_ms(8, 10)).outcome is Outcome.SUCCESS
    again = client.update_waktu(booked, 3, wib_ms(8, 11))
    assert (again.code, again.message, again.outcome) == (
        208,
        "TaskId=3 sudah ada",
        Outcome.SUCCESS,
    )
    assert sim.tasks(booked) == {3: wib_ms(8, 10)}


def test_missing_booking_needs_the_add_first(sim, client) -> None:
    result = client.update_waktu("unknown", 3, wib_ms(8, 10))
    assert (result.code, result.message) == (201, "Kode Booking tidak ditemukan")
    assert (result.outcome, result.missing_task) == (Outcome.NEEDS_PREDECESSOR, 1)


@pytest.mark.parametrize(("task", "missing"), [(4, 3), (5, 4), (6, 5), (7, 6)])
def test_missing_predecessor(sim, client, booked, task, missing) -> None:
    times = {3: wib_ms(8, 10), 4: wib_ms(8, 20), 5: wib_ms(8, 30), 6: wib_ms(8, 40)}
    for earlier in range(3, missing):
        assert client.update_waktu(booked, earlier, times[earlier]).outcome is Outcome.SUCCESS
    result = client.update_waktu(booked, task, wib_ms(9, 0))
    assert result.message == f"TaskId={missing} belum ada"
    assert (result.outcome, result.missing_task) == (Outcome.NEEDS_PREDECESSOR, missing)
    assert task not in sim.tasks(booked)


def test_new_patient_task3_without_admission_tasks_by_default(sim, client) -> None:
    client.add_antrean(make_payload("baru-1", pasienbaru=1))
    assert sim.require_admission_tasks is False
    assert client.update_waktu("baru-1", 3, wib_ms(8, 10)).outcome is Outcome.SUCCESS


def test_new_patient_strict_mode_wants_tasks_1_and_2(sim, client) -> None:
    sim.require_admission_tasks = True
    client.add_antrean(make_payload("baru-2", pasienbaru=1))
    first = client.update_waktu("baru-2", 3, wib_ms(8, 10))
    assert (first.outcome, first.missing_task) == (Outcome.NEEDS_PREDECESSOR, 1)
    assert client.update_waktu("baru-2", 1, wib_ms(8, 0)).outcome is Outcome.SUCCESS
    second = client.update_waktu("baru-2", 3, wib_ms(8, 10))
    assert second.message == "Task=1 ada. TaskId=2 belum ada"
    assert (second.outcome, second.missing_task) == (Outcome.NEEDS_PREDECESSOR, 2)
    assert client.update_waktu("baru-2", 2, wib_ms(8, 5)).outcome is Outcome.SUCCESS
    assert client.update_waktu("baru-2", 3, wib_ms(8, 10)).outcome is Outcome.SUCCESS
    # a returning patient is not affected by the strict mode
    client.add_antrean(make_payload("lama-1", pasienbaru=0))
    assert client.update_waktu("lama-1", 3, wib_ms(8, 10)).outcome is Outcome.SUCCESS


@pytest.mark.parametrize("later", [0, -60_000])
def test_time_must_increase(sim, client, booked, later) -> None:
    client.update_waktu(booked, 3, wib_ms(8, 10))
    result = client.update_waktu(booked, 4, wib_ms(8, 10) + later)
    assert result.outcome is Outcome.PERMANENT
    assert result.message.startswith("Waktu (28-11-2026 08:")
    assert "tidak boleh kurang atau sama dengan waktu sebelumnya" in result.message
    assert 4 not in sim.tasks(booked)


def test_time_must_be_on_the_service_date_in_wib(sim, client, booked) -> None:
    # 23:30 UTC on the 27th is 06:30 WIB on the 28th: fine
    early = int(datetime(2026, 11, 27, 23, 30, tzinfo=UTC).timestamp() * 1000)
    assert client.update_waktu(booked, 3, early).outcome is Outcome.SUCCESS
    # 17:30 UTC on the 28th is already 00:30 WIB on the 29th
    late = int(datetime(2026, 11, 28, 17, 30, tzinfo=UTC).timestamp() * 1000)
    result = client.update_waktu(booked, 4, late)
    assert result.outcome is Outcome.PERMANENT
    assert result.message == (
        "Waktu tidak valid (29-11-2026 00:30:00 WIB). Tanggal pelayanan untuk Kode Booking "
        "tersebut adalah (2026-11-28)"
    )


def test_h_plus_7_uses_the_simulator_clock(sim, client, booked) -> None:
    sim.now = lambda: fixed_now() + timedelta(days=7)
    assert client.update_waktu(booked, 3, wib_ms(8, 10)).outcome is Outcome.SUCCESS
    sim.now = lambda: fixed_now() + timedelta(days=8)
    result = client.update_waktu(booked, 4, wib_ms(8, 20))
    assert result.outcome is Outcome.PERMANENT
    assert "maksimal H+7" in result.message


def test_terminal_after_7(sim, client, booked) -> None:
    for task, minute in ((3, 10), (4, 20), (5, 30), (6, 40), (7, 50)):
        assert client.update_waktu(booked, task, wib_ms(8, minute)).outcome is Outcome.SUCCESS
    result = client.update_waktu(booked, 99, wib_ms(9, 0))
    assert (result.outcome, result.message) == (Outcome.TERMINAL, "TaskId terakhir 7")


def test_terminal_after_final_5_without_prescription(sim, client, booked) -> None:
    for task, minute in ((3, 10), (4, 20)):
        client.update_waktu(booked, task, wib_ms(8, minute))
    assert client.update_waktu(booked, 5, wib_ms(8, 30), "Tidak ada").outcome is Outcome.SUCCESS
    result = client.update_waktu(booked, 6, wib_ms(8, 40))
    assert (result.outcome, result.message) == (Outcome.TERMINAL, "TaskId terakhir 5")


def test_task_5_with_prescription_allows_pharmacy(sim, client, booked) -> None:
    for task, minute in ((3, 10), (4, 20)):
        client.update_waktu(booked, task, wib_ms(8, minute))
    client.update_waktu(booked, 5, wib_ms(8, 30), "Non racikan")
    assert client.update_waktu(booked, 6, wib_ms(8, 40)).outcome is Outcome.SUCCESS


def test_terminal_after_99_by_updatewaktu(sim, client, booked) -> None:
    assert client.update_waktu(booked, 99, wib_ms(8, 5)).outcome is Outcome.SUCCESS
    assert sim.booking(booked)["cancelled"] is True
    result = client.update_waktu(booked, 3, wib_ms(8, 10))
    assert (result.outcome, result.message) == (Outcome.TERMINAL, "TaskId terakhir 99")
    # our own cancel re-sent after its answer was lost: already recorded
    again = client.update_waktu(booked, 99, wib_ms(8, 5))
    assert (again.outcome, again.message) == (Outcome.SUCCESS, "TaskId terakhir 99")


def test_task_99_must_be_on_the_service_date_and_within_h_plus_7(sim, client, booked) -> None:
    next_day = wib_ms(8, 5) + 24 * 3600 * 1000
    result = client.update_waktu(booked, 99, next_day)
    assert result.outcome is Outcome.PERMANENT and "Waktu tidak valid" in result.message
    sim.now = lambda: fixed_now() + timedelta(days=8)
    late = client.update_waktu(booked, 99, wib_ms(8, 5))
    assert late.outcome is Outcome.PERMANENT and "maksimal H+7" in late.message
    assert sim.booking(booked)["cancelled"] is False


def test_batal_rules(sim, client, booked) -> None:
    missing = client.batal("unknown", "x")
    assert missing.outcome is Outcome.TERMINAL and missing.code == 201  # nothing left to cancel
    empty = client.batal(booked, "")
    assert "keterangan" in empty.message
    assert client.batal(booked, "tidak hadir").outcome is Outcome.SUCCESS
    assert sim.booking(booked)["keterangan_batal"] == "tidak hadir"
    twice = client.batal(booked, "tidak hadir")
    assert twice.outcome is Outcome.TERMINAL and "Sudah Dibatalkan" in twice.message


def test_batal_after_service_is_refused(sim, client, booked) -> None:
    for task, minute in ((3, 10), (4, 20), (5, 30)):
        client.update_waktu(booked, task, wib_ms(8, minute))
    result = client.batal(booked, "x")
    assert result.outcome is Outcome.PERMANENT and "Sudah Dilayani" in result.message
    assert sim.booking(booked)["cancelled"] is False


def test_add_has_23_fields() -> None:
    assert len(ADD_FIELDS) == 23 == len(make_payload())
    assert set(ADD_FIELDS) == set(make_payload())


@pytest.mark.parametrize("name", ADD_FIELDS)
def test_add_missing_field_is_named(sim, client, name) -> None:
    payload = make_payload("k-missing")
    del payload[name]
    result = client.add_antrean(payload)
    assert result.code == 201
    assert result.outcome is Outcome.PERMANENT
    assert name in result.message
    assert sim.booking("k-missing") is None or name == "kodebooking"
    assert sim.kodebookings() == []


@pytest.mark.parametrize(
    ("name", "value", "accepted"),
    [
        ("kodedokter", "12345", True),
        ("angkaantrean", "7", True),
        ("pasienbaru", 1, True),
        ("kodedokter", "dr12", False),
        ("angkaantrean", 1.5, False),
        ("kuotajkn", True, False),
        ("estimasidilayani", None, False),
        ("norm", 123, False),
        ("jenispasien", "BPJS", False),
        ("nomorkartu", "123", False),
        ("tanggalperiksa", "28-11-2026", False),
        ("jampraktek", "08.00-12.00", False),
        ("pasienbaru", 2, False),
        ("jeniskunjungan", 5, False),
    ],
)
def test_add_field_types(sim, client, name, value, accepted) -> None:
    result = client.add_antrean(make_payload("k-type", **{name: value}))
    assert (result.outcome is Outcome.SUCCESS) is accepted, result
    if not accepted:
        assert name in result.message
        assert sim.booking("k-type") is None


def test_non_jkn_needs_no_card_or_referral(sim, client) -> None:
    payload = make_payload("k-non", jenispasien="NON JKN", nomorkartu="", nomorreferensi="")
    assert client.add_antrean(payload).outcome is Outcome.SUCCESS


def test_jkn_without_referral_is_rujukan_tidak_valid(client) -> None:
    result = client.add_antrean(make_payload("k-ref", nomorreferensi=""))
    assert (result.outcome, result.message) == (Outcome.PERMANENT, "Rujukan tidak valid")


def test_unknown_doctor_when_the_simulator_checks_doctors(sim, client) -> None:
    sim.state.doctor_codes = {12345}
    result = client.add_antrean(make_payload("k-doc", kodedokter=999))
    assert (result.outcome, result.message) == (Outcome.PERMANENT, "Data dokter tidak ditemukan.")


# --- authentication -------------------------------------------------------------------------


def _client(sim, **kw) -> BpjsClient:
    args = {"cons_id": CONS_ID, "secret_key": SECRET, "user_key": USER_KEY} | kw
    return BpjsClient(
        sim.base_url,
        args["cons_id"],
        args["secret_key"],
        args["user_key"],
        2,
        clock=kw.get("clock", lambda: datetime.now(UTC).timestamp()),
    )


@pytest.mark.parametrize(
    ("changes", "problem"),
    [
        ({"secret_key": "wrong-secret"}, "signature"),
        ({"user_key": "wrong-user-key"}, "user_key"),
        ({"user_key": SECRET}, "user_key"),  # the classic mistake: the secret as user_key
        ({"cons_id": "11111"}, "cons_id"),
        ({"clock": lambda: datetime.now(UTC).timestamp() - 301}, "timestamp"),
        ({"clock": lambda: datetime.now(UTC).timestamp() + 400}, "timestamp"),
    ],
)
def test_auth_failures(sim, changes, problem) -> None:
    c = _client(sim, **changes)
    try:
        add = c.add_antrean(make_payload("k-auth"))
        poli = c.ref_poli()
    finally:
        c.close()
    for result in (add, poli):
        assert result.outcome is Outcome.AUTH, result
        assert result.message == "Authentication failed"
        assert result.data is None
    assert [r.auth_problem for r in sim.requests] == [problem, problem]
    assert sim.booking("k-auth") is None


def test_allowed_skew_is_configurable(sim) -> None:
    c = _client(sim, clock=lambda: datetime.now(UTC).timestamp() - 100)
    try:
        assert c.ref_poli().outcome is Outcome.SUCCESS
        sim.allowed_skew_seconds = 30
        assert c.ref_poli().outcome is Outcome.AUTH
    finally:
        c.close()


def test_unknown_path_and_wrong_method_are_gateway_pages(sim, client) -> None:
    import requests

    with requests.get(sim.base_url + "/antrean/nothing", timeout=2) as page:
        assert page.status_code == 404 and page.text.startswith("<html>")
    with requests.get(sim.base_url + "/antrean/add", timeout=2) as page:
        assert page.status_code == 405


# --- issue 11, items 7 and 8: answers classified with the endpoint and the task sent -------


def test_resend_of_the_closing_task_is_already_recorded(sim, client, booked) -> None:
    """Item 7: task 7 was recorded but its answer lost; the re-send meets "TaskId terakhir 7"."""
    for task, minute in ((3, 10), (4, 20), (5, 30), (6, 40), (7, 50)):
        assert client.update_waktu(booked, task, wib_ms(8, minute)).outcome is Outcome.SUCCESS
    for task in (7, 6, 5):  # the closing task, or an earlier one: BPJS holds them
        again = client.update_waktu(booked, task, wib_ms(8, 50))
        assert (again.message, again.outcome) == ("TaskId terakhir 7", Outcome.SUCCESS), task
    assert sim.tasks(booked)[7] == wib_ms(8, 50)


def test_closed_by_a_cancel_before_the_task_stays_failed(sim, client, booked) -> None:
    """Item 7: "TaskId terakhir 99" for task 3 means task 3 was never recorded."""
    assert client.batal(booked, "Pasien tidak hadir").outcome is Outcome.SUCCESS
    result = client.update_waktu(booked, 3, wib_ms(8, 10))
    assert (result.message, result.outcome) == ("TaskId terakhir 99", Outcome.TERMINAL)


def test_task_99_refused_after_the_service_ended(sim, client, booked) -> None:
    for task, minute in ((3, 10), (4, 20), (5, 30)):
        client.update_waktu(booked, task, wib_ms(8, minute))
    result = client.update_waktu(booked, 99, wib_ms(9, 0))
    assert (result.message, result.outcome) == ("TaskId terakhir 5", Outcome.TERMINAL)
    assert sim.booking(booked)["cancelled"] is False


def test_task_3_needs_task_2_once_task_1_exists(sim, client, booked) -> None:
    assert client.update_waktu(booked, 1, wib_ms(8, 0)).outcome is Outcome.SUCCESS
    result = client.update_waktu(booked, 3, wib_ms(8, 10))
    assert result.message == "Task=1 ada. TaskId=2 belum ada"
    assert (result.outcome, result.missing_task) == (Outcome.NEEDS_PREDECESSOR, 2)


def test_duplicate_of_another_task_is_not_success(sim, client, booked) -> None:
    """Item 8: "TaskId=N sudah ada" counts only when N is the task sent."""
    sim.faults.add("answer", count=1, status=200, code=208, message="TaskId=3 sudah ada")
    result = client.update_waktu(booked, 4, wib_ms(8, 20))
    assert result.outcome is Outcome.PERMANENT
    assert 4 not in sim.tasks(booked)


def test_tidak_ada_is_a_missing_predecessor(sim, client, booked) -> None:
    sim.faults.add("answer", count=1, code=201, message="TaskId=3 tidak ada")
    result = client.update_waktu(booked, 4, wib_ms(8, 20))
    assert (result.outcome, result.missing_task) == (Outcome.NEEDS_PREDECESSOR, 3)


@pytest.mark.parametrize(("task", "missing"), [(3, None), (4, 3), (99, None)])
def test_predecessor_guess_follows_the_program_flow(sim, client, booked, task, missing) -> None:
    message = f"TaskId={task} tidak valid / TaskId sebelumnya belum terkirim"
    sim.faults.add("answer", count=1, code=201, message=message)
    result = client.update_waktu(booked, task, wib_ms(8, 20))
    assert (result.outcome, result.missing_task) == (Outcome.NEEDS_PREDECESSOR, missing)


def test_add_208_with_other_words_means_the_booking_is_there(sim, client, booked) -> None:
    sim.faults.add("answer", count=1, code=208, message="Data antrean sudah terdaftar")
    assert client.add_antrean(make_payload(booked)).outcome is Outcome.SUCCESS


@pytest.mark.parametrize(
    ("status", "code", "message", "outcome"),
    [
        (500, 200, "Ok", Outcome.SUCCESS),
        (503, 201, "Rujukan tidak valid", Outcome.PERMANENT),
        (502, 201, "Internal error", Outcome.RETRYABLE),
    ],
)
def test_envelope_code_decides_before_http_status(sim, client, status, code, message, outcome):
    sim.faults.add("answer", count=1, status=status, code=code, message=message)
    result = client.add_antrean(make_payload("k-env"))
    assert (result.http_status, result.code, result.outcome) == (status, code, outcome)


# --- issue 11, item 10: as strict as the reference ------------------------------------------


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"kodedokter": 23456}, "Jadwal Dokter Tersebut Belum Tersedia"),  # not at ANA
        ({"kodepoli": "MAT"}, "Jadwal Dokter Tersebut Belum Tersedia"),
        ({"jampraktek": "08:00-"}, "jampraktek tidak valid"),
        ({"jampraktek": "09:00-12:00"}, "Jam praktek 09:00-12:00 tidak sesuai"),
        (  # a Sunday: ANA has no session
            {"tanggalperiksa": "2026-11-29", "estimasidilayani": wib_ms(8, 30) + 86_400_000},
            "Jadwal Dokter Tersebut Belum Tersedia",
        ),
        ({"nomorantrean": ""}, "nomorantrean tidak boleh kosong"),
        ({"angkaantrean": 0}, "angkaantrean tidak valid"),
        ({"kuotajkn": 0, "sisakuotajkn": 0}, "kuotajkn harus lebih dari 0"),
        ({"kuotanonjkn": 0, "sisakuotanonjkn": 0}, "kuotanonjkn harus lebih dari 0"),
        ({"sisakuotajkn": 31}, "sisakuotajkn tidak valid"),
        ({"sisakuotanonjkn": -1}, "sisakuotanonjkn tidak valid"),
        ({"estimasidilayani": wib_ms(8, 30) // 1000}, "estimasidilayani tidak valid"),
        ({"estimasidilayani": wib_ms(8, 30) - 86_400_000}, "tidak pada tanggal periksa"),
        (
            {"jenispasien": "NON JKN", "nomorkartu": "0001234567890", "nomorreferensi": ""},
            "nomorkartu harus kosong untuk pasien NON JKN",
        ),
        (
            {"jenispasien": "NON JKN", "nomorkartu": ""},
            "nomorreferensi harus kosong untuk pasien NON JKN",
        ),
    ],
)
def test_add_is_as_strict_as_the_reference(sim, client, changes, message) -> None:
    result = client.add_antrean(make_payload("k-strict", **changes))
    assert result.code == 201 and message in result.message, result.message
    assert result.outcome is Outcome.PERMANENT
    assert sim.kodebookings() == []


def test_the_schedule_enforced_is_the_one_served(sim, client) -> None:
    served = client.jadwal_dokter("INT", "2026-11-28")  # a Saturday: INT has no session
    assert served.outcome is not Outcome.SUCCESS or served.data == []
    refused = client.add_antrean(make_payload("k-int", kodepoli="INT", kodedokter=23456))
    assert refused.message.startswith("Jadwal Dokter Tersebut Belum Tersedia")
    sim.add_jadwal("INT", 23456, "10:00-13:00", kapasitas=25, weekdays=(6,))
    served = client.jadwal_dokter("INT", "2026-11-28")
    assert [(r["kodedokter"], r["jadwal"]) for r in served.data] == [(23456, "10:00-13:00")]
    payload = make_payload("k-int", kodepoli="INT", kodedokter=23456, jampraktek="10:00-13:00")
    assert client.add_antrean(payload).outcome is Outcome.SUCCESS
