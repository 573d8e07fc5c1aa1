"""poll_day: Khanza (real MariaDB, the project's schema) -> visit_event rows in the local store."""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import event, select

from antrean_desktop.domain.task_progress import update_task_progress
from antrean_desktop.khanza import KhanzaError, KhanzaReader
from antrean_desktop.pipeline import pollers
from antrean_desktop.pipeline.pollers import poll_day
from antrean_desktop.store.models import PollState, VisitEvent
from antrean_desktop.store.visits import get_visit, modify_visit
from tests.khanza.builders import KhanzaFixture

NOW = 1_768_900_000_000  # a fixed "now" for task 99


def ms(local: str) -> int:
    naive = datetime.fromisoformat(local)
    return int((naive - timedelta(hours=7)).replace(tzinfo=UTC).timestamp() * 1000)


def visits(store) -> dict[str, VisitEvent]:
    with store.session() as s:
        rows = s.scalars(select(VisitEvent)).all()
        s.expunge_all()
    return {v.visit_id: v for v in rows}


def fingerprint(store) -> dict[str, tuple[int, int]]:
    return {k: (v.version, v.changed_ms) for k, v in visits(store).items()}


@pytest.fixture
def poll(sqlite_store, make_config, make_reader, day):
    """``poll(**config_overrides)`` polls ``day`` into the SQLite store and returns the summary."""

    def run(store=None, now_ms=NOW, on=None, **overrides):
        config = make_config(**overrides)
        return poll_day(
            store or sqlite_store, make_reader(config), config, on or day, now_ms=now_ms
        )

    return run


def mark(store, visit_id: str, task: int, status: str, **fields) -> None:
    """What the builder/worker would do: set a task's status (and the booking's)."""

    def change(v, _s):
        v.task_progress = update_task_progress(v.task_progress, task, status, **fields)
        if task == 1 and status in ("SENT_BPJS", "FAILED_BPJS"):
            v.status = status

    modify_visit(store, visit_id, change)


def test_standard_day(kz: KhanzaFixture, day, poll, sqlite_store, caplog):
    ids = kz.standard_day(day)
    caplog.set_level(logging.DEBUG, logger="antrean.poller")
    summary = poll(excluded_clinics=("IGDK",))
    rows = visits(sqlite_store)

    assert set(rows) == {
        ids[k] for k in ("walkin", "walkin_nomutasi", "mobile", "nonjkn", "nosep", "cancelled")
    }
    assert (summary.visits_seen, summary.created, summary.updated, summary.unchanged) == (
        6,
        6,
        0,
        0,
    )
    assert (summary.ready, summary.blocked, summary.cancelled, summary.ignored) == (3, 1, 1, 1)

    w = rows[ids["walkin"]]
    assert w.status == "READY_BPJS" and w.blocked_reason is None
    assert (w.kodebooking, w.jenispasien, w.kodepoli_bpjs, w.kodedokter_bpjs) == (
        ids["walkin"],
        "JKN",
        "INT",
        "12345",
    )
    assert w.patient_name == "Ni Luh Putu Sukmawati" and w.visit_date == day
    assert w.registered_at == datetime(2026, 1, 20, 7, 30)
    assert w.payload == {
        "kodebooking": ids["walkin"],
        "jenispasien": "JKN",
        "nomorkartu": "0001234567890",
        "nik": "5171000000000001",
        "nohp": "081234567890",
        "kodepoli": "INT",
        "namapoli": "Poli Penyakit Dalam",
        "pasienbaru": 0,
        "norm": "000001",
        "tanggalperiksa": "2026-01-20",
        "kodedokter": 12345,
        "namadokter": "dr. Budi Santoso, Sp.PD",
        "jampraktek": "08:00-12:00",
        "jeniskunjungan": 1,
        "nomorreferensi": "0301R0010126B000001",
        "nomorantrean": "001",
        "angkaantrean": 1,
        "estimasidilayani": ms("2026-01-20 08:00:00"),
        "sisakuotajkn": 29,
        "kuotajkn": 30,
        "sisakuotanonjkn": 29,
        "kuotanonjkn": 30,
        "keterangan": "Peserta harap 30 menit lebih awal guna pencatatan administrasi.",
    }
    assert w.task_progress == {
        "1": {"status": "DRAFT"},
        "3": {
            "status": "DRAFT",
            "waktu": ms("2026-01-20 07:40:00"),
            "source": "mutasi_berkas.dikirim",
        },
        "4": {
            "status": "DRAFT",
            "waktu": ms("2026-01-20 08:05:00"),
            "source": "mutasi_berkas.diterima",
        },
        "5": {
            "status": "DRAFT",
            "waktu": ms("2026-01-20 08:30:00"),
            "source": "resep_obat.jam_peresepan",
        },
    }  # 6 and 7 are not enabled by default

    n = rows[ids["walkin_nomutasi"]]
    assert (n.payload["jeniskunjungan"], n.payload["nomorreferensi"]) == (3, "0301R0010126K000002")
    assert n.payload["nik"] == ""  # placeholder '-'
    assert n.payload["estimasidilayani"] == ms("2026-01-20 08:10:00")  # 2nd in line, 10 min each
    assert n.task_progress["3"]["source"] == "reg_periksa.jam_reg"
    assert n.task_progress["4"] == {
        "status": "DRAFT",
        "waktu": ms("2026-01-20 08:40:00"),
        "source": "pemeriksaan_ralan.jam_rawat",
    }

    m = rows[ids["mobile"]]
    assert m.status == "READY_BPJS" and m.kodebooking == "MJKN0001"
    assert (m.payload["kodebooking"], m.payload["nomorantrean"], m.payload["angkaantrean"]) == (
        "MJKN0001",
        "INT-003",
        3,
    )
    assert (m.payload["jeniskunjungan"], m.payload["nomorreferensi"]) == (1, "0301R0010126B000099")
    assert m.task_progress["3"] == {
        "status": "DRAFT",
        "waktu": ms("2026-01-20 07:15:00"),
        "source": "referensi_mobilejkn_bpjs.validasi",
    }

    assert rows[ids["nonjkn"]].status == "IGNORED"
    assert rows[ids["nonjkn"]].task_progress == {} and rows[ids["nonjkn"]].payload is None

    b = rows[ids["nosep"]]
    assert b.status == "BLOCKED" and b.payload is None
    assert b.blocked_reason == {
        "code": "NO_REFERRAL",
        "params": {"norm": "000005", "no_rawat": ids["nosep"]},
    }
    assert b.task_progress["1"] == {"status": "BLOCKED", "reason": b.blocked_reason}
    assert b.task_progress["3"]["status"] == "DRAFT"  # times are tracked while the booking waits

    c = rows[ids["cancelled"]]
    assert c.status == "CANCELLED"
    assert c.task_progress["1"]["status"] == "BLOCKED"
    assert c.task_progress["1"]["reason"]["code"] == "VISIT_CANCELLED"

    levels = {r.getMessage(): r.levelno for r in caplog.records}
    assert levels[f"Created visit {ids['walkin']} (READY_BPJS)"] == logging.DEBUG  # a detail
    assert any(  # a problem: the operator reads it at INFO and above
        m.startswith(f"Blocked {ids['nosep']}: JKN patient 000005 has no SEP")
        and level == logging.WARNING
        for m, level in levels.items()
    )

    with sqlite_store.session() as s:
        state = s.get(PollState, pollers.POLL_STATE_NAME)
        assert (state.poll_date, state.rows_seen, state.last_error) == (day, 6, None)


def test_polling_twice_writes_nothing(kz: KhanzaFixture, day, store, make_config, make_reader):
    """On SQLite and on MariaDB: a second poll of unchanged data leaves every row untouched."""
    ids = kz.standard_day(day)
    config = make_config(tasks=(3, 4, 5, 6, 7, 99), include_non_jkn=True)
    reader = make_reader(config)
    poll_day(store, reader, config, day, now_ms=NOW)
    mark(store, ids["walkin"], 1, "SENT_BPJS")
    before = fingerprint(store)
    summary = poll_day(store, reader, config, day, now_ms=NOW + 60_000)
    assert fingerprint(store) == before
    assert (summary.created, summary.updated, summary.unchanged) == (0, 0, 7)

    kz.exam(ids["walkin_nomutasi"], "2026-01-20 09:00:00", "D001")
    kz.set_status(ids["walkin_nomutasi"], "Sudah")  # task 5 = the doctor's last row now
    summary = poll_day(store, reader, config, day, now_ms=NOW + 120_000)
    after = fingerprint(store)
    assert summary.updated == 1
    assert {k for k in after if after[k] != before[k]} == {ids["walkin_nomutasi"]}
    with store.session() as s:
        v = get_visit(s, ids["walkin_nomutasi"])
        assert v.task_progress["5"]["waktu"] == ms("2026-01-20 09:00:00")
        assert v.version == before[ids["walkin_nomutasi"]][0] + 1


def test_non_jkn_included(kz: KhanzaFixture, day, poll, sqlite_store):
    ids = kz.standard_day(day)
    summary = poll(include_non_jkn=True)
    v = visits(sqlite_store)[ids["nonjkn"]]
    assert v.status == "READY_BPJS" and summary.ignored == 0
    p = v.payload
    assert (p["jenispasien"], p["nomorkartu"], p["jeniskunjungan"], p["nomorreferensi"]) == (
        "NON JKN",
        "",
        3,
        "",
    )
    assert (p["kodepoli"], p["kodedokter"], p["jampraktek"]) == ("ANA", 23456, "13:00-16:00")
    assert v.task_progress["3"]["source"] == "reg_periksa.jam_reg"

    poll(include_non_jkn=False)  # switched off again before anything was queued
    v = visits(sqlite_store)[ids["nonjkn"]]
    assert (v.status, v.payload, v.task_progress) == ("IGNORED", None, {})


def test_emergency_clinic_blocked_unless_excluded(kz: KhanzaFixture, day, poll, sqlite_store):
    ids = kz.standard_day(day)
    poll()
    v = visits(sqlite_store)[ids["emergency"]]
    assert v.blocked_reason == {"code": "NO_POLI_MAPPING", "params": {"kd_poli": "IGDK"}}


@pytest.mark.parametrize(
    "missing, code, repair",
    [
        ("clinic", "NO_POLI_MAPPING", lambda kz: kz.clinic_mapping("BED", "BED")),
        ("doctor", "NO_DOCTOR_MAPPING", lambda kz: kz.doctor_mapping("D009", "99999")),
        (
            "schedule",
            "NO_SCHEDULE",
            lambda kz: kz.schedule("D009", "SELASA", "08:00:00", "14:00:00", "BED", 10),
        ),
        ("sep", "NO_REFERRAL", lambda kz: kz.sep("2026/01/20/000200", "0009999999999")),
        (
            "card",
            "NO_CARD_NUMBER",
            lambda kz: kz.execute("UPDATE pasien SET no_peserta='0009999999999'"),
        ),
    ],
)
def test_blocked_until_the_row_appears(
    kz: KhanzaFixture, day, poll, sqlite_store, missing, code, repair
):
    r = "2026/01/20/000200"
    kz.payer("BPJ", "BPJS Kesehatan")
    kz.clinic("BED", "Poli Bedah", None if missing == "clinic" else "BED")
    schedules = [] if missing == "schedule" else [("SELASA", "08:00:00", "14:00:00", "BED", 10)]
    kz.doctor("D009", "dr. Bedah", None if missing == "doctor" else "99999", schedules)
    kz.schedule("D009", "RABU", "08:00:00", "14:00:00", "BED", 10)  # another weekday never counts
    kz.patient("000200", "Pasien Bedah", no_peserta="-" if missing == "card" else "0009999999999")
    kz.register(r, "000200", "BED", "D009", jam_reg="09:00:00")
    if missing != "sep":
        kz.sep(r, "" if missing == "card" else "0009999999999")
    poll()
    v = visits(sqlite_store)[r]
    assert (v.status, v.blocked_reason["code"], v.payload) == ("BLOCKED", code, None)
    assert v.task_progress["1"]["status"] == "BLOCKED"

    repair(kz)
    summary = poll()
    v = visits(sqlite_store)[r]
    assert (v.status, v.blocked_reason, summary.updated) == ("READY_BPJS", None, 1)
    assert v.task_progress["1"] == {"status": "DRAFT"}
    assert v.payload["kodedokter"] == 99999 and v.payload["jampraktek"] == "08:00-14:00"


def test_out_of_order_times_are_blocked_with_both_times(kz: KhanzaFixture, day, poll, sqlite_store):
    ids = kz.standard_day(day)
    r = ids["walkin_nomutasi"]  # 3 = registration 07:35, 4 = doctor's exam 08:40
    kz.mutasi(r, dikirim="2026-01-20 08:50:00")  # 3 now comes from mutasi and is after 4
    poll()
    tp = visits(sqlite_store)[r].task_progress
    assert tp["3"]["status"] == "DRAFT"
    assert tp["4"] == {
        "status": "BLOCKED",
        "waktu": ms("2026-01-20 08:40:00"),
        "source": "pemeriksaan_ralan.jam_rawat",
        "reason": {
            "code": "TIME_NOT_INCREASING",
            "params": {
                "task": 4,
                "time": "2026-01-20 08:40:00",
                "prev_task": 3,
                "prev_time": "2026-01-20 08:50:00",
            },
        },
    }
    kz.execute("UPDATE mutasi_berkas SET dikirim='2026-01-20 08:20:00' WHERE no_rawat=:r", r=r)
    poll()
    tp = visits(sqlite_store)[r].task_progress
    assert tp["4"] == {
        "status": "DRAFT",
        "waktu": ms("2026-01-20 08:40:00"),
        "source": "pemeriksaan_ralan.jam_rawat",
    }


def test_time_on_another_day_is_blocked(kz: KhanzaFixture, day, poll, sqlite_store):
    ids = kz.standard_day(day)
    r = ids["walkin_nomutasi"]
    kz.prescription(r, "D001", peresepan="2026-01-21 00:10:00")
    poll()
    tp = visits(sqlite_store)[r].task_progress
    assert tp["5"]["status"] == "BLOCKED"
    assert tp["5"]["reason"] == {
        "code": "TIME_NOT_ON_VISIT_DATE",
        "params": {"task": 5, "time": "2026-01-21 00:10:00", "visit_date": "2026-01-20"},
    }


def test_sent_and_queued_entries_are_never_changed(kz: KhanzaFixture, day, poll, sqlite_store):
    ids = kz.standard_day(day)
    r = ids["walkin"]
    poll()
    payload = visits(sqlite_store)[r].payload
    mark(sqlite_store, r, 1, "SENT_BPJS", sent_at=1)
    mark(sqlite_store, r, 3, "SENT_BPJS", sent_at=2)
    mark(sqlite_store, r, 4, "QUEUED")
    before = visits(sqlite_store)[r]
    # Khanza changes under us: mapping gone, check-in moved after service start, exam rows
    kz.execute("DELETE FROM maping_poli_bpjs")
    kz.execute(
        "UPDATE mutasi_berkas SET dikirim='2026-01-20 08:40:00', diterima='2026-01-20 08:41:00'"
    )
    kz.execute("UPDATE resep_obat SET jam_peresepan='08:35:00'")
    poll()
    v = visits(sqlite_store)[r]
    assert (v.status, v.payload, v.blocked_reason) == ("SENT_BPJS", payload, None)
    for key in ("1", "3", "4"):
        assert v.task_progress[key] == before.task_progress[key]
    # task 5 is judged against the time that was SENT for 3 (07:40) and queued for 4 (08:05)
    assert v.task_progress["5"] == {
        "status": "DRAFT",
        "waktu": ms("2026-01-20 08:35:00"),
        "source": "resep_obat.jam_peresepan",
    }


def test_cancelled_after_booking_sent_gets_task_99_once(kz: KhanzaFixture, day, poll, sqlite_store):
    ids = kz.standard_day(day)
    r = ids["walkin_nomutasi"]
    tasks = (3, 4, 5, 99)
    poll(tasks=tasks)
    mark(sqlite_store, r, 1, "SENT_BPJS")
    mark(sqlite_store, r, 3, "SENT_BPJS")
    kz.set_status(r, "Batal")
    poll(tasks=tasks, now_ms=NOW)
    v = visits(sqlite_store)[r]
    assert v.status == "CANCELLED"
    assert v.task_progress["99"] == {
        "status": "DRAFT",
        "waktu": NOW,
        "source": "reg_periksa.stts=Batal",
        "alasan": "Pasien batal berobat",  # no reason in Khanza: [hospital] alasan_batal
    }
    assert v.task_progress["3"]["status"] == "SENT_BPJS"
    assert v.task_progress["4"]["status"] == "BLOCKED"  # open tasks of a cancelled visit never go
    assert v.task_progress["4"]["reason"]["code"] == "VISIT_CANCELLED"

    before = fingerprint(sqlite_store)
    poll(tasks=tasks, now_ms=NOW + 3_600_000)  # noticed again later: not re-stamped, no write
    assert fingerprint(sqlite_store) == before
    assert visits(sqlite_store)[r].task_progress["99"]["waktu"] == NOW


def test_cancelled_after_task_5_sent_or_booking_unsent_gets_no_99(
    kz: KhanzaFixture, day, poll, sqlite_store
):
    ids = kz.standard_day(day)
    tasks = (3, 4, 5, 99)
    poll(tasks=tasks)
    done, unsent = ids["walkin"], ids["walkin_nomutasi"]
    for task in (1, 3, 4, 5):
        mark(sqlite_store, done, task, "SENT_BPJS")
    kz.set_status(done, "Batal")
    kz.set_status(unsent, "Batal")
    poll(tasks=tasks)
    rows = visits(sqlite_store)
    assert rows[done].status == "CANCELLED" and "99" not in rows[done].task_progress
    assert rows[unsent].status == "CANCELLED" and "99" not in rows[unsent].task_progress
    assert rows[unsent].task_progress["1"]["reason"]["code"] == "VISIT_CANCELLED"
    assert (
        rows[ids["cancelled"]].status == "CANCELLED"
        and "99" not in rows[ids["cancelled"]].task_progress
    )


def test_task_seen_before_its_visit_is_not_lost(
    kz: KhanzaFixture, khanza_db, day, reader_at, make_config, sqlite_store
):
    """A visit registered (with its SEP and the doctor's note) while a poll runs, between the
    poll's read of reg_periksa and its read of the notes, on a server at READ COMMITTED: the poll
    sees a note of a visit it has not seen. The next poll takes the visit with that note."""
    kz.standard_day(day)
    r = "2026/01/20/000300"
    kz.patient("000300", no_peserta="0001234567300")
    config = make_config()
    reader = reader_at(khanza_db, config)
    written: list[str] = []

    @event.listens_for(reader.engine, "connect")
    def _read_committed(dbapi_conn, _record) -> None:
        with dbapi_conn.cursor() as cur:
            cur.execute("SET SESSION TRANSACTION ISOLATION LEVEL READ COMMITTED")

    @event.listens_for(reader.engine, "before_cursor_execute")
    def _register_meanwhile(_conn, _cursor, statement, *_args) -> None:
        if "pemeriksaan_ralan" in statement and not written:
            kz.register(r, "000300", "INT", "D001", jam_reg="09:30:00", no_reg="020")
            kz.sep(r, "0001234567300")
            kz.exam(r, "2026-01-20 10:00:00", "D001")
            written.append(r)

    poll_day(sqlite_store, reader, config, day, now_ms=NOW)
    assert written and r not in visits(sqlite_store)
    poll_day(sqlite_store, reader, config, day, now_ms=NOW)
    v = visits(sqlite_store)[r]
    assert v.status == "READY_BPJS"
    assert v.task_progress["4"]["waktu"] == ms("2026-01-20 10:00:00")


def test_task_columns_profile(kz: KhanzaFixture, khanza_task_columns_db, day, poll, sqlite_store):
    ids = kz.standard_day(day)
    kz.task_columns(ids["walkin"], task_id_3="2026-01-20 07:31:00", task_id_4="2026-01-20 07:30:00")
    poll(profile="task-columns")
    tp = visits(sqlite_store)[ids["walkin"]].task_progress
    assert tp["3"] == {
        "status": "DRAFT",
        "waktu": ms("2026-01-20 07:31:00"),
        "source": "reg_periksa.task_id_3",
    }
    assert tp["4"]["status"] == "BLOCKED" and tp["4"]["reason"]["code"] == "TIME_NOT_INCREASING"
    assert "5" not in tp


def test_khanza_down_fails_the_poll_and_is_recorded(sqlite_store, make_config, day):
    config = make_config()
    reader = KhanzaReader("mysql+pymysql://u:pw@127.0.0.1:1/sik", config.khanza, config.hospital)
    try:
        with pytest.raises(KhanzaError, match="could not be read"):
            poll_day(sqlite_store, reader, config, day)
    finally:
        reader.close()
    with sqlite_store.session() as s:
        state = s.get(PollState, pollers.POLL_STATE_NAME)
        assert "could not be read" in state.last_error and state.last_ok_at is None


def test_insert_race_falls_back_to_update(kz: KhanzaFixture, day, poll, sqlite_store, monkeypatch):
    ids = kz.standard_day(day)
    poll()
    mark(sqlite_store, ids["walkin"], 1, "QUEUED")
    # another poller inserted every row between our snapshot and our insert
    monkeypatch.setattr(pollers, "visits_of_day", lambda session, d: [])
    kz.mutasi(ids["walkin_nomutasi"], dikirim="2026-01-20 07:50:00")
    summary = poll()
    assert (summary.created, summary.updated, summary.errors) == (0, 1, 0)
    rows = visits(sqlite_store)
    assert rows[ids["walkin"]].task_progress["1"]["status"] == "QUEUED"
    assert rows[ids["walkin_nomutasi"]].task_progress["3"]["source"] == "mutasi_berkas.dikirim"


def test_failed_task_follows_a_time_corrected_in_khanza(kz: KhanzaFixture, day, poll, sqlite_store):
    """A task BPJS refused keeps FAILED_BPJS, but its time follows Khanza so a resend sends the fix."""
    ids = kz.standard_day(day)
    r = ids["walkin"]
    poll()
    mark(sqlite_store, r, 1, "SENT_BPJS", sent_at=1)
    mark(sqlite_store, r, 3, "SENT_BPJS", sent_at=2)
    mark(sqlite_store, r, 4, "FAILED_BPJS", failed_reason="Waktu tidak boleh kurang")
    kz.execute("UPDATE mutasi_berkas SET diterima='2026-01-20 08:07:00'")
    poll()
    entry = visits(sqlite_store)[r].task_progress["4"]
    assert entry["status"] == "FAILED_BPJS"
    assert entry["waktu"] == ms("2026-01-20 08:07:00")
    assert entry["failedReason"] == "Waktu tidak boleh kurang"
    before = fingerprint(sqlite_store)
    poll()
    assert fingerprint(sqlite_store) == before, "an unchanged failed task is not rewritten"


def test_failed_task_corrected_out_of_order_is_blocked(kz: KhanzaFixture, day, poll, sqlite_store):
    """A FAILED task whose time Khanza corrects to before the previous task is BLOCKED with both
    times (a resend would send it out of order); corrected again in order, it is DRAFT."""
    ids = kz.standard_day(day)
    r = ids["walkin"]  # task 3 = mutasi_berkas.dikirim 07:40
    poll()
    mark(sqlite_store, r, 1, "SENT_BPJS", sent_at=1)
    mark(sqlite_store, r, 3, "SENT_BPJS", sent_at=2)
    mark(sqlite_store, r, 4, "FAILED_BPJS", failed_reason="Waktu tidak valid")
    kz.execute("UPDATE mutasi_berkas SET diterima='2026-01-20 07:30:00' WHERE no_rawat=:r", r=r)
    poll()
    entry = visits(sqlite_store)[r].task_progress["4"]
    assert entry["status"] == "BLOCKED"
    assert entry["waktu"] == ms("2026-01-20 07:30:00")
    assert entry["reason"] == {
        "code": "TIME_NOT_INCREASING",
        "params": {
            "task": 4,
            "time": "2026-01-20 07:30:00",
            "prev_task": 3,
            "prev_time": "2026-01-20 07:40:00",
        },
    }
    kz.execute("UPDATE mutasi_berkas SET diterima='2026-01-20 08:07:00' WHERE no_rawat=:r", r=r)
    poll()
    entry = visits(sqlite_store)[r].task_progress["4"]
    assert (entry["status"], entry["waktu"]) == ("DRAFT", ms("2026-01-20 08:07:00"))


def test_a_poll_by_a_desk_that_lost_the_desk_lease_stops_at_its_first_write(
    kz: KhanzaFixture, day, mariadb_store, make_config, make_reader, caplog
):
    """Several desks on one store: another desk took over while this one polled. The poll
    stops with LeaseLost at its first write (no traceback for each visit) and writes nothing."""
    from antrean_desktop.store.desk_lease import DeskLease, LeaseLost

    kz.standard_day(day)
    config = make_config()
    store = mariadb_store
    mine, other = (DeskLease(store, d, f"{d}:pid", 20) for d in ("LOKET-1", "LOKET-2"))
    try:
        assert mine.beat()
        mine.release()
        assert other.beat(), "the other desk sends now"
        mine.generation = other.generation - 1  # this desk still believes it holds
        mine.last_beat = mine.mono()
        caplog.set_level(logging.INFO, logger="antrean.poller")
        with pytest.raises(LeaseLost):
            poll_day(mine.fenced(), make_reader(config), config, day, now_ms=NOW)
    finally:
        mine.close()
        other.close()
    assert visits(store) == {}
    with store.session() as s:
        assert s.get(PollState, pollers.POLL_STATE_NAME) is None
    assert "Could not update visit" not in caplog.text
    assert "Could not record the poll state" not in caplog.text
