"""Poll cost against history: one poll cycle while Khanza's history grows.

A throwaway MariaDB holds today's outpatient visits (files sent and received, doctors' notes, and
prescriptions for all but a few) plus 0, 100,000 and 1,000,000 past ``reg_periksa`` rows with
matching rows in ``mutasi_berkas``, ``pemeriksaan_ralan``, ``resep_obat`` and ``bridging_sep``.
For each size it measures one full cycle (poll + build) with nothing new and one in which 50
visits got their prescription: wall time (fastest of 3, see ``_measure``) and the rows MariaDB touched
(``Handler_read*``). Baseline: the peers' query, ``WHERE tgl_registrasi = <today>`` on
``reg_periksa`` (no index on that column), at the same sizes.
"""

from __future__ import annotations

import statistics
import tempfile
import time
from datetime import date, datetime
from typing import Any

from antrean_desktop.config import Config, HospitalConfig, KhanzaConfig, StoreConfig
from antrean_desktop.domain.booking import hari
from antrean_desktop.pipeline.service import Pipeline
from antrean_desktop.store import migrate
from antrean_desktop.store.db import Store
from tests.benchmarks.figures import Figure
from tests.khanza.builders import KhanzaFixture
from tests.support.mariadb import MariaDBServer, khanza_schema_sql, start_mariadb

#: visits today, visits that change per measurement, past rows
SIZES = {"smoke": (40, 5, [0, 2_000]), "full": (2_000, 50, [0, 100_000, 1_000_000])}
CLINICS = ["INT", "ANA", "MAT", "GIG", "SAR"]
REPEAT = 3
PAST_BASE = 1_000_000_000  # past rows' sequence numbers never meet today's


def _fill_static(kz: KhanzaFixture, day: date) -> None:
    kz.payer("BPJ", "BPJS Kesehatan")
    for i, kd in enumerate(CLINICS):
        kz.clinic(kd, f"Poli {kd}", kd)
        kz.doctor(
            f"D{i:03d}",
            f"dr. Dokter {i}",
            f"3{i:04d}",
            [(hari(day), "07:00:00", "16:00:00", kd, 999)],
        )


_NO_RAWAT = "CONCAT(DATE_FORMAT(s.d, '%Y/%m/%d/'), s.n)"


def _at(minutes: int) -> str:
    """A wall-clock time on the row's day: 07:00 plus a spread, plus ``minutes``."""
    return f"TIMESTAMP(s.d, SEC_TO_TIME((420 + (s.seq MOD 480) + {minutes}) * 60))"


def _fill_visits(
    kz: KhanzaFixture, day: date, first: int, count: int, *, past: bool, unprescribed: int = 0
) -> None:
    """Visits ``first`` .. ``first+count-1``: on ``day`` itself, or (``past``) 2,000 a day on the
    days before it, counted from PAST_BASE so that later fills continue where earlier ones ended;
    generated inside MariaDB from its sequence engine (rows ``first`` .. ``first+count-1``).

    Parents first (patients, then registrations, then their rows) with Khanza's foreign keys
    checked, as everywhere else: turning the checks off saved only ~5% on the 1,000,000-row
    history (61.5 s instead of 64.4 s for the six tables, measured on the test MariaDB)."""
    per_day, base = (2_000, PAST_BASE) if past else (count, first)
    last = first + count - 1
    d = f"DATE_SUB('{day.isoformat()}', INTERVAL {f'1 + (seq - {base}) DIV {per_day}' if past else '0'} DAY)"
    seqs = f"(SELECT seq, {d} AS d, LPAD(1 + (seq - {base}) MOD {per_day}, 6, '0') AS n, (seq MOD {len(CLINICS)}) AS c FROM seq_{first}_to_{last}) s"
    no_rawat, at = _NO_RAWAT, _at
    kz.execute(
        f"INSERT IGNORE INTO pasien (no_rkm_medis, nm_pasien, no_ktp, tgl_daftar, no_tlp, kd_pj, no_peserta) SELECT LPAD(s.seq MOD 200000, 8, '0'), CONCAT('Pasien ', s.seq MOD 200000), '', s.d, '0812', 'BPJ', CONCAT('0001', LPAD(s.seq MOD 200000, 9, '0')) FROM {seqs}"
    )
    kz.execute(
        f"INSERT INTO reg_periksa (no_reg, no_rawat, tgl_registrasi, jam_reg, kd_dokter, no_rkm_medis, kd_poli, stts, stts_daftar, status_lanjut, kd_pj, status_bayar, status_poli) SELECT LPAD(1 + (s.n - 1) MOD 999, 3, '0'), {no_rawat}, s.d, TIME({at(0)}), CONCAT('D', LPAD(s.c, 3, '0')), LPAD(s.seq MOD 200000, 8, '0'), ELT(s.c + 1, {', '.join(repr(c) for c in CLINICS)}), 'Sudah', 'Lama', 'Ralan', 'BPJ', 'Belum Bayar', 'Lama' FROM {seqs}"
    )
    kz.execute(
        f"INSERT INTO bridging_sep (no_sep, no_rawat, tglsep, no_rujukan, jnspelayanan, kdpolitujuan, no_kartu, asal_rujukan, noskdp, kddpjp, tujuankunjungan) SELECT CONCAT('0301R001V', LPAD(s.seq, 12, '0')), {no_rawat}, s.d, CONCAT('0301R001', LPAD(s.seq, 12, '0')), '2', ELT(s.c + 1, {', '.join(repr(c) for c in CLINICS)}), CONCAT('0001', LPAD(s.seq MOD 200000, 9, '0')), '1. Faskes 1', '', '', '0' FROM {seqs}"
    )
    kz.execute(
        f"INSERT INTO mutasi_berkas (no_rawat, status, dikirim, diterima, kembali, tidakada, ranap) SELECT {no_rawat}, 'Sudah Diterima', {at(5)}, {at(20)}, '0000-00-00 00:00:00', '0000-00-00 00:00:00', '0000-00-00 00:00:00' FROM {seqs}"
    )
    kz.execute(
        f"INSERT INTO pemeriksaan_ralan (no_rawat, tgl_perawatan, jam_rawat, nip) SELECT {no_rawat}, s.d, TIME({at(25)}), CONCAT('D', LPAD(s.c, 3, '0')) FROM {seqs}"
    )
    kz.execute(_prescriptions(seqs, no_rawat, at, f"WHERE s.seq >= {first + unprescribed}"))


def _prescriptions(seqs: str, no_rawat: str, at: Any, where: str) -> str:
    return (
        "INSERT INTO resep_obat (no_resep, tgl_perawatan, jam, no_rawat, kd_dokter, tgl_peresepan, "
        "jam_peresepan, status, tgl_penyerahan, jam_penyerahan) SELECT CONCAT('R', LPAD(s.seq, 12, '0')), "
        f"s.d, TIME({at(50)}), {no_rawat}, CONCAT('D', LPAD(s.c, 3, '0')), s.d, TIME({at(40)}), 'ralan', "
        f"s.d, TIME({at(60)}) FROM {seqs} {where}"
    )  # fmt: skip


def _handler_reads(server: MariaDBServer) -> int:
    with server.connect() as conn, conn.cursor() as cur:
        cur.execute("SHOW GLOBAL STATUS LIKE 'Handler_read%'")
        return sum(int(v) for _k, v in cur.fetchall())


def _measure(server: MariaDBServer, action: Any, repeat: int = REPEAT) -> tuple[float, int]:
    """Fastest wall time (ms) and median Handler_read* rows of ``action`` over ``repeat`` runs.

    The fastest run is the cost of the work itself; slower ones measure what else the shared
    machine was doing.
    """
    times, reads = [], []
    for i in range(repeat):
        before = _handler_reads(server)
        t = time.perf_counter()
        action(i)
        times.append(1000 * (time.perf_counter() - t))
        reads.append(_handler_reads(server) - before - 1)  # the SHOW itself reads a row
    return min(times), int(statistics.median(reads))


def run(size: str = "full", server: MariaDBServer | None = None) -> list[Figure]:
    """``server``: a running MariaDB to use (the test run's); else one is started."""
    today_count, changed_count, histories = SIZES[size]
    own = server is None
    server = server or start_mariadb()
    results: dict[int, dict[str, tuple[float, int]]] = {}
    try:
        name = server.create_database("sik")
        server.load_sql(name, khanza_schema_sql())
        url = server.url(name)
        kz = KhanzaFixture.connect(url)
        hospital = HospitalConfig()
        day = datetime.now(hospital.tz).date()
        _fill_static(kz, day)
        _fill_visits(kz, day, 1, today_count, past=False,
                     unprescribed=changed_count * REPEAT * len(histories))  # fmt: skip
        with tempfile.TemporaryDirectory() as tmp:
            config = Config(
                khanza=KhanzaConfig(url=url),
                store=StoreConfig(url=f"sqlite:///{tmp}/store.db"),
                hospital=hospital,
            )
            store = Store(config.store_url)
            migrate.upgrade(store.engine)
            pipeline = Pipeline(config, store)
            history = 0
            first = PAST_BASE
            try:
                pipeline.poll(day)
                pipeline.build()

                def cycle() -> None:
                    pipeline.poll(day)
                    pipeline.build()

                def peers() -> None:
                    with kz.engine.connect() as conn:
                        conn.exec_driver_sql(
                            "SELECT * FROM reg_periksa WHERE tgl_registrasi = %s",
                            (day.isoformat(),),
                        ).fetchall()

                for target in histories:
                    if target > history:
                        _fill_visits(kz, day, first + history, target - history,
                                     past=True)  # fmt: skip
                        history = target
                        kz.execute("ANALYZE TABLE reg_periksa, resep_obat, mutasi_berkas")
                    quiet = _measure(server, lambda _i: cycle())
                    done = len(results)

                    def changed_cycle(i: int, done: int = done) -> None:
                        # the next visits of today get their prescription (task 5)
                        lo = 1 + changed_count * (REPEAT * done + i)
                        kz.execute(_prescriptions(
                            f"(SELECT seq, DATE('{day.isoformat()}') AS d, LPAD(seq, 6, '0') AS n, "
                            f"seq MOD {len(CLINICS)} AS c FROM seq_{lo}_to_{lo + changed_count - 1}) s",
                            _NO_RAWAT, _at, ""))  # fmt: skip
                        cycle()

                    changed = _measure(server, changed_cycle)
                    results[history] = {
                        "quiet": quiet,
                        "changed": changed,
                        "peers": _measure(server, lambda _i: peers()),
                    }
            finally:
                pipeline.close()
                store.dispose()
        kz.dispose()
    finally:
        if own:
            server.stop()
    return _figures(today_count, changed_count, results)


def _figures(
    today_count: int, changed: int, results: dict[int, dict[str, tuple[float, int]]]
) -> list[Figure]:
    sizes = sorted(results)
    zero, top = results[sizes[0]], results[sizes[-1]]
    bench = f"poll, {today_count:,} visits today"
    figures = []
    for history in sizes[1:]:
        r = results[history]
        label = f"{history:,} past rows"
        for kind, what in (
            ("quiet", "cycle, nothing new"),
            ("changed", f"cycle, {changed} changed"),
        ):
            ms, reads = r[kind]
            last = history == sizes[-1]
            figures.append(Figure(bench, f"{what}, {label}: time", ms, "ms", f"same at {sizes[0]:,} past rows",
                                  zero[kind][0], "≤ 1.5× of 0 rows" if last else "", (ms <= 1.5 * zero[kind][0]) if last else None))  # fmt: skip
            figures.append(Figure(bench, f"{what}, {label}: rows read", float(reads), "rows", f"same at {sizes[0]:,} past rows",
                                  float(zero[kind][1])))  # fmt: skip
        figures.append(Figure(bench, f"peers' tgl_registrasi query, {label}: rows read", float(r["peers"][1]), "rows",
                              "our quiet cycle", float(r["quiet"][1])))  # fmt: skip
    figures.append(Figure(bench, f"peers' query, {sizes[-1]:,} past rows: time", top["peers"][0], "ms",
                          "our quiet cycle", top["quiet"][0]))  # fmt: skip
    return figures
