"""The reader on more than one Khanza: the schema probe, queries built from what exists, the
report of what is missing, and the same day read from MariaDB and from a SQLite Khanza."""

from __future__ import annotations

import sqlite3

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError, IntegrityError

from antrean_desktop.khanza import KhanzaError
from antrean_desktop.khanza.probe import Sources
from antrean_desktop.khanza.sqlite_schema import (
    VARIANTS,
    sqlite_variant_statements,
    variant_statements,
)
from tests.khanza.builders import KhanzaFixture
from tests.khanza.test_reader import by_id, ms


def fill(url: str, day) -> tuple[KhanzaFixture, dict[str, str]]:
    kz = KhanzaFixture.connect(url)
    return kz, kz.standard_day(day)


def codes(reasons) -> list[tuple[str, str]]:
    return [(r.code, r.params.get("column") or r.params.get("table")) for r in reasons]


@pytest.fixture
def fixtures():
    made: list[KhanzaFixture] = []
    yield made
    for kz in made:
        kz.dispose()


def test_current_khanza_lacks_nothing(khanza_variant, reader_at):
    reader = reader_at(khanza_variant("current"))
    assert reader.missing_sources() == []
    assert reader.sources == Sources(task_columns=frozenset())  # task_id_N: another variant


def test_older_khanza_lacks_what_the_reference_lists(khanza_variant, reader_at):
    reader = reader_at(khanza_variant("old"))
    assert codes(reader.missing_sources()) == [
        ("KHANZA_NO_NOTE_AUTHOR", "pemeriksaan_ralan.nip"),
        ("KHANZA_NO_HANDOVER", "resep_obat.tgl_penyerahan, resep_obat.jam_penyerahan"),
        ("KHANZA_NO_MOBILE_JKN", "referensi_mobilejkn_bpjs"),
        ("KHANZA_NO_UNUSED_COLUMN", "bridging_sep.tujuankunjungan"),
        ("KHANZA_NO_UNUSED_COLUMN", "penjab.status"),
    ]
    rendered = reader.missing_sources()[0].render("id")
    assert rendered.startswith(
        "pemeriksaan_ralan.nip tidak ada: task 4/5 dari catatan dokter tidak bisa dibedakan "
        "dari perawat"
    )
    assert reader.report == tuple(reader.missing_sources())  # kept for the window, no I/O


def test_older_khanza_day_holds_what_only_notes_could_tell(
    khanza_variant, reader_at, fixtures, day
):
    url = khanza_variant("old")
    kz, ids = fill(url, day)
    fixtures.append(kz)
    kz.set_status(ids["walkin_nomutasi"], "Sudah")
    visits = by_id(reader_at(url, tasks=(3, 4, 5, 6, 7)).read_day(day))

    w = visits[ids["walkin"]]  # every step has a source other than the notes: all exact
    assert {t: (x.waktu, x.source) for t, x in w.times.items()} == {
        3: (ms("2026-01-20 07:40:00"), "mutasi_berkas.dikirim"),
        4: (ms("2026-01-20 08:05:00"), "mutasi_berkas.diterima"),
        5: (ms("2026-01-20 08:30:00"), "resep_obat.jam_peresepan"),
        6: (ms("2026-01-20 08:45:00"), "resep_obat.jam"),
    }
    assert {t: r.to_json() for t, r in w.held.items()} == {
        7: {
            "code": "SOURCE_COLUMN_MISSING",
            "params": {"task": 7, "column": "resep_obat.tgl_penyerahan"},
        }
    }
    n = visits[ids["walkin_nomutasi"]]  # only a nurse's and a doctor's note, author unknown
    assert {t: x.source for t, x in n.times.items()} == {3: "reg_periksa.jam_reg"}
    assert {t: r.code for t, r in n.held.items()} == {
        4: "NOTE_AUTHOR_UNKNOWN",
        5: "NOTE_AUTHOR_UNKNOWN",
    }
    assert n.held[4].params == {"task": 4, "column": "pemeriksaan_ralan.nip"}
    m = visits[ids["mobile"]]  # no Mobile JKN module: the same visit is a walk-in
    assert m.facts.mobile is None and m.facts.kodebooking == ids["mobile"]
    assert m.times[3].source == "reg_periksa.jam_reg"
    assert visits[ids["nonjkn"]].held == {}  # no notes, no prescription: nothing to hold
    # latin1 tables in a utf8mb4 database: names with accents read back intact
    assert visits[ids["nosep"]].facts.nm_pasien == "Yohanes Séptian"


def test_older_khanza_with_any_author_takes_times_that_exist(
    khanza_variant, reader_at, fixtures, day
):
    url = khanza_variant("old")
    kz, ids = fill(url, day)
    fixtures.append(kz)
    kz.set_status(ids["walkin_nomutasi"], "Sudah")
    reader = reader_at(url, notes_without_author="any")
    n = by_id(reader.read_day(day))[ids["walkin_nomutasi"]]
    # the nurse's 08:05 note is the first note; the doctor's 08:40 the last
    assert {t: (x.waktu, x.source) for t, x in n.times.items()} == {
        3: (ms("2026-01-20 07:35:00"), "reg_periksa.jam_reg"),
        4: (ms("2026-01-20 08:05:00"), "pemeriksaan_ralan.jam_rawat (any author)"),
        5: (ms("2026-01-20 08:40:00"), "pemeriksaan_ralan.jam_rawat (any author)"),
    }
    assert n.held == {}
    assert codes(reader.missing_sources())[0] == (
        "KHANZA_NO_NOTE_AUTHOR_ANY",
        "pemeriksaan_ralan.nip",
    )


def test_without_mobile_jkn_tables_the_day_is_read(khanza_variant, reader_at, fixtures, day):
    url = khanza_variant("no-mobile-jkn")
    kz, ids = fill(url, day)
    fixtures.append(kz)
    reader = reader_at(url)
    visits = by_id(reader.read_day(day))
    assert visits[ids["mobile"]].facts.mobile is None
    assert visits[ids["walkin"]].times[4].source == "mutasi_berkas.diterima"
    assert visits[ids["walkin_nomutasi"]].times[4].source == "pemeriksaan_ralan.jam_rawat"
    assert codes(reader.missing_sources()) == [("KHANZA_NO_MOBILE_JKN", "referensi_mobilejkn_bpjs")]


def test_a_missing_required_column_names_every_one(khanza_variant, reader_at, mariadb, day):
    url = khanza_variant("current")
    name = url.rsplit("/", 1)[1].split("?")[0]
    with mariadb.connect(name) as conn, conn.cursor() as cur:
        cur.execute(
            "ALTER TABLE reg_periksa DROP FOREIGN KEY reg_periksa_ibfk_6, "
            "DROP COLUMN kd_pj, DROP COLUMN stts_daftar"
        )
        cur.execute("DROP TABLE jadwal")
    with pytest.raises(KhanzaError) as info:
        reader_at(url).read_day(day)
    assert "lacks what every poll reads: reg_periksa.kd_pj, reg_periksa.stts_daftar, jadwal " in (
        str(info.value)
    )


def test_a_column_added_later_is_used_after_a_reconnect(
    khanza_variant, reader_at, fixtures, mariadb, day
):
    url = khanza_variant("old")
    kz, ids = fill(url, day)
    fixtures.append(kz)
    reader = reader_at(url)
    assert 4 in by_id(reader.read_day(day))[ids["walkin_nomutasi"]].held
    kz.execute("ALTER TABLE pemeriksaan_ralan ADD COLUMN nip varchar(20) NOT NULL DEFAULT ''")
    kz.execute("UPDATE pemeriksaan_ralan SET nip = 'D001' WHERE jam_rawat = '08:40:00'")
    # the same connection keeps the structure it probed (one probe per connection)
    assert 4 in by_id(reader.read_day(day))[ids["walkin_nomutasi"]].held
    with reader.engine.connect() as conn:
        conn_id = conn.execute(text("SELECT CONNECTION_ID()")).scalar()
    with mariadb.connect() as admin, admin.cursor() as cur:
        cur.execute(f"KILL {int(conn_id)}")
    n = by_id(reader.read_day(day))[ids["walkin_nomutasi"]]  # reconnected: probed again
    assert (n.times[4].waktu, n.times[4].source) == (
        ms("2026-01-20 08:40:00"),
        "pemeriksaan_ralan.jam_rawat",
    )
    assert "KHANZA_NO_NOTE_AUTHOR" not in [r.code for r in reader.report or ()]


@pytest.mark.parametrize("where", ["khanza_db", *VARIANTS, "sqlite"])
def test_test_data_is_written_with_foreign_keys_on(where, request, fixtures, day, tmp_path):
    """Test data goes in as into a hospital's Khanza: every foreign key the schema declares exists
    and is checked (``khanza_db``, each variant on MariaDB, and the SQLite Khanza the demo uses),
    so a row whose parent is missing is refused; the builders write parents first."""
    if where == "sqlite":
        path = tmp_path / "khanza.db"
        with sqlite3.connect(path) as conn:
            for statement in sqlite_variant_statements("current"):
                conn.execute(statement)
        url = f"sqlite:///{path.as_posix()}"
    elif where == "khanza_db":
        url = request.getfixturevalue("khanza_db")
    else:
        url = request.getfixturevalue("khanza_variant")(where)
    kz, ids = fill(url, day)
    fixtures.append(kz)
    variant = where if where in VARIANTS else "current"
    created = {  # the last definition of each table (a variant may drop and create it again)
        s.split("`")[1]: s for s in variant_statements(variant) if s.startswith("CREATE TABLE")
    }
    declared = sum(  # in the tables this variant keeps
        s.count("FOREIGN KEY") for name, s in created.items() if name in kz.columns
    )
    if where == "sqlite":
        assert kz.scalar("PRAGMA foreign_keys") == 1
        made = kz.scalar(
            "SELECT count(*) FROM sqlite_master m, pragma_foreign_key_list(m.name) WHERE m.type = 'table'"
        )
    else:
        assert kz.scalar("SELECT @@foreign_key_checks") == 1
        made = kz.scalar(
            "SELECT count(*) FROM information_schema.referential_constraints "
            "WHERE constraint_schema = DATABASE()"
        )  # a table that silently drops its foreign keys (MyISAM) would not count
    assert made == declared >= 12
    r = "2026/01/20/000099"
    named = (lambda name: name) if where != "sqlite" else (lambda _name: "FOREIGN KEY")
    with pytest.raises(IntegrityError, match=named("reg_periksa_ibfk_7")):
        kz.register(r, "NOSUCH", "INT", "D001")  # no such patient
    with pytest.raises(IntegrityError, match=named("reg_periksa_ibfk_3")):
        kz.register(r, "000001", "NOPOLI", "D001")  # no such clinic
    with pytest.raises(IntegrityError, match=named("bridging_sep_ibfk_1")):
        kz.sep(r, "0001234567890")  # no such visit
    with pytest.raises(IntegrityError, match=named("pemeriksaan_ralan_ibfk_1")):
        kz.exam(r, "2026-01-20 09:00:00", "D001")
    kz.register(r, "000001", "INT", "D001")  # parents first: goes in
    kz.exam(r, "2026-01-20 09:00:00", "D001")
    assert kz.scalar("SELECT count(*) FROM pemeriksaan_ralan WHERE no_rawat = :r", r=r) == 1


@pytest.mark.parametrize("variant", ["current", "old", "oldest", "mobile-jkn-2021"])
def test_sqlite_khanza_reads_the_same_day_as_mariadb(
    variant, khanza_variant, reader_at, fixtures, tmp_path, day
):
    """A Khanza-shaped SQLite database (the demo hospital's) built from the same definitions."""
    path = tmp_path / "khanza.db"
    with sqlite3.connect(path) as conn:
        for statement in sqlite_variant_statements(variant):
            conn.execute(statement)
    sqlite_url = f"sqlite:///{path.as_posix()}"
    maria_url = khanza_variant(variant)
    for url in (sqlite_url, maria_url):
        kz, ids = fill(url, day)
        fixtures.append(kz)
        kz.set_status(ids["walkin_nomutasi"], "Sudah")
    lite = reader_at(sqlite_url, tasks=(3, 4, 5, 6, 7))
    maria = reader_at(maria_url, tasks=(3, 4, 5, 6, 7))
    from_sqlite, from_mariadb = lite.read_day(day), maria.read_day(day)
    assert len(from_sqlite) == 7
    assert from_sqlite == from_mariadb
    assert lite.missing_sources() == maria.missing_sources()
    assert lite.sources == maria.sources
    assert by_id(from_sqlite)[ids["walkin"]].times[5].source == "resep_obat.jam_peresepan"
    with pytest.raises(DBAPIError, match="readonly"):  # read-only on SQLite too
        with lite.engine.begin() as conn:
            conn.execute(text("DELETE FROM reg_periksa"))


def test_every_variant_has_a_sqlite_translation():
    for variant in VARIANTS:
        conn = sqlite3.connect(":memory:")
        for statement in sqlite_variant_statements(variant):
            conn.execute(statement)
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        assert "reg_periksa" in tables
        has_mobile_jkn = variant in ("current", "task-columns", "mobile-jkn-2021")
        assert ("referensi_mobilejkn_bpjs" in tables) == has_mobile_jkn
        conn.close()


def test_a_held_task_waits_blocked_until_another_source_appears(
    khanza_variant, reader_at, fixtures, sqlite_store, make_config, day
):
    """Poller on an older Khanza: task 4 of a visit with only notes is BLOCKED without a time;
    when the file tracking records its arrival at the clinic, the next poll takes that time.
    A cancelled visit holds nothing back."""
    from antrean_desktop.pipeline.pollers import poll_day
    from antrean_desktop.store.visits import get_visit

    url = khanza_variant("old")
    kz, ids = fill(url, day)
    fixtures.append(kz)
    config = make_config()
    reader = reader_at(url, config)
    visit = ids["walkin_nomutasi"]

    def task4() -> dict:
        poll_day(sqlite_store, reader, config, day)
        with sqlite_store.session() as session:
            return dict(get_visit(session, visit).task_progress.get("4") or {})

    held = {
        "status": "BLOCKED",
        "reason": {
            "code": "NOTE_AUTHOR_UNKNOWN",
            "params": {"task": 4, "column": "pemeriksaan_ralan.nip"},
        },
    }
    assert task4() == held
    kz.set_status(visit, "Batal")
    assert task4() == {}  # a cancelled visit: nothing is held for it
    kz.set_status(visit, "Belum")
    assert task4() == held
    kz.mutasi(visit, dikirim="2026-01-20 07:45:00", diterima="2026-01-20 08:10:00")
    entry = task4()
    assert (entry["status"], entry["source"], entry["waktu"]) == (
        "DRAFT",
        "mutasi_berkas.diterima",
        ms("2026-01-20 08:10:00"),
    )
    assert "reason" not in entry
