"""Reading back what BPJS has recorded: pendaftaran, getlisttask and the dashboard endpoints,
client against the simulator over real HTTP, and the simulator's test-only record changes."""

from __future__ import annotations

from datetime import date

import pytest

from antrean_desktop.bpjs import Outcome
from antrean_desktop.sim.bpjs_state import SIM_PPK
from tests.bpjs.conftest import fixed_now, make_payload, wib_ms

PENDAFTARAN_KEYS = {
    "kodebooking",
    "tanggal",
    "kodepoli",
    "kodedokter",
    "jampraktek",
    "nik",
    "nokapst",
    "nohp",
    "norekammedis",
    "jeniskunjungan",
    "nomorreferensi",
    "sumberdata",
    "ispeserta",
    "noantrean",
    "estimasidilayani",
    "createdtime",
    "status",
}


def test_pendaftaran_tanggal_lists_the_days_bookings(sim, client, booked) -> None:
    friday = date(2026, 11, 27)
    other_day = make_payload(
        "B-OTHER", tanggalperiksa=friday.isoformat(), estimasidilayani=wib_ms(8, 30, day=friday)
    )
    assert client.add_antrean(other_day).ok
    client.update_waktu(booked, 3, wib_ms(8, 10))
    client.update_waktu(booked, 4, wib_ms(8, 20))
    result = client.pendaftaran_tanggal("2026-11-28")
    assert result.outcome is Outcome.SUCCESS, result
    [row] = result.data
    assert set(row) == PENDAFTARAN_KEYS
    assert row["kodebooking"] == booked
    assert (row["tanggal"], row["kodepoli"], row["kodedokter"]) == ("2026-11-28", "ANA", 12345)
    assert row["status"] == "Sedang dilayani"
    assert row["ispeserta"] is True
    # encrypted on the wire, a bare array once decrypted
    raw = sim.requests[-1]
    assert raw.method == "GET" and raw.endpoint == "antrean/pendaftaran/tanggal/2026-11-28"
    assert raw.response_plain == result.data


def test_an_empty_day_is_code_204_and_an_empty_list(sim, client) -> None:
    result = client.pendaftaran_tanggal("2026-11-20")
    assert (result.outcome, result.code, result.data) == (Outcome.SUCCESS, 204, [])


def test_pendaftaran_kodebooking_with_slashes(sim, client) -> None:
    kode = "2026/11/28/000009"
    assert client.add_antrean(make_payload(kode)).ok
    result = client.pendaftaran_kodebooking(kode)
    assert result.ok, result
    assert [r["kodebooking"] for r in result.data] == [kode]
    missing = client.pendaftaran_kodebooking("nope")
    assert missing.outcome is Outcome.PERMANENT and missing.data is None


def test_getlisttask_follows_removed_and_changed_records(sim, client, booked) -> None:
    client.update_waktu(booked, 3, wib_ms(8, 10))
    client.update_waktu(booked, 4, wib_ms(8, 20))
    sim.state.remove_task(booked, 4)
    sim.state.set_task_time(booked, 3, wib_ms(8, 11))
    rows = client.get_list_task(booked).data
    assert [(r["taskid"], r["wakturs"]) for r in rows] == [(3, "28-11-2026 08:11:00 WIB")]
    sim.state.cancel_booking(booked, fixed_now(10))
    assert client.pendaftaran_tanggal("2026-11-28").data[0]["status"] == "Batal"
    assert [r["taskid"] for r in client.get_list_task(booked).data] == [3, 99]
    sim.state.remove_booking(booked)
    assert client.pendaftaran_tanggal("2026-11-28").data == []


def test_a_booking_made_elsewhere_shows_its_source(sim, client) -> None:
    sim.state.put_booking(make_payload("MJKN-1"), fixed_now(7), "Mobile JKN")
    [row] = client.pendaftaran_tanggal("2026-11-28").data
    assert (row["kodebooking"], row["sumberdata"]) == ("MJKN-1", "Mobile JKN")


def test_dashboard_per_day_is_not_encrypted_and_in_seconds(sim, client) -> None:
    for n, (t3, t4, t5) in enumerate([((8, 0), (8, 10), (8, 40)), ((8, 5), (8, 35), (8, 45))]):
        kode = f"D-{n}"
        assert client.add_antrean(make_payload(kode)).ok
        for task, hm in ((3, t3), (4, t4), (5, t5)):
            assert client.update_waktu(kode, task, wib_ms(*hm)).ok
    # internal medicine has no Saturday schedule at the simulator: recorded behind its back
    sim.state.put_booking(
        make_payload("D-INT", kodepoli="INT", namapoli="PENYAKIT DALAM"), fixed_now(8), "Mobile JKN"
    )
    result = client.waktutunggu_tanggal("2026-11-28", "rs")
    assert result.outcome is Outcome.SUCCESS, result
    body = sim.requests[-1]
    assert body.endpoint == "dashboard/waktutunggu/tanggal/2026-11-28/waktu/rs"
    by_poli = {r["kodepoli"]: r for r in result.data}
    ana = by_poli["ANA"]
    assert (ana["kdppk"], ana["nmppk"]) == SIM_PPK
    assert ana["jumlah_antrean"] == 2
    assert ana["waktu_task3"] == 10 * 60 + 30 * 60  # 3 -> 4, summed
    assert ana["avg_waktu_task3"] == 20 * 60
    assert ana["waktu_task4"] == 30 * 60 + 10 * 60  # 4 -> 5
    assert ana["avg_waktu_task4"] == 20 * 60
    assert by_poli["INT"]["jumlah_antrean"] == 1 and by_poli["INT"]["waktu_task3"] == 0
    # by the server's clock every task arrived at the same (fixed) instant
    server = client.waktutunggu_tanggal("2026-11-28", "server")
    assert {r["kodepoli"]: r["waktu_task3"] for r in server.data} == {"ANA": 0, "INT": 0}


def test_dashboard_answer_is_a_plain_object_on_the_wire(sim, client, booked) -> None:
    import json

    client.waktutunggu_bulan(11, 2026, "rs")
    seen = sim.requests[-1]
    assert seen.endpoint == "dashboard/waktutunggu/bulan/11/tahun/2026/waktu/rs"
    doc = seen.response_plain
    assert isinstance(doc, dict) and [r["tanggal"] for r in doc["list"]] == ["2026-11-28"]
    assert json.dumps(doc)  # plain JSON, no ciphertext string


@pytest.mark.parametrize(
    "call",
    [
        lambda c: c.pendaftaran_tanggal("28-11-2026"),
        lambda c: c.waktutunggu_tanggal("2026-11-28", "wib"),
        lambda c: c.waktutunggu_bulan(13, 2026),
    ],
)
def test_bad_arguments_are_refused_before_sending(sim, client, call) -> None:
    with pytest.raises(ValueError):
        call(client)
    assert sim.requests == []
