"""Khanza test data: insert realistic ``sik`` rows with one short call each.

For every test that needs a Khanza database (reader, pollers, builder/worker end-to-end, GUI)::

    kz = KhanzaFixture.connect(khanza_db)          # the ``khanza_db`` fixture's URL
    kz.clinic("INT", "Poli Penyakit Dalam", "INT")  # + maping_poli_bpjs when a BPJS code is given
    kz.doctor("D001", "dr. Budi", "12345", schedules=[("SELASA", "08:00:00", "12:00:00", "INT", 30)])
    kz.patient("000001", no_peserta="0001234567890")
    kz.register("2026/01/20/000001", "000001", "INT", "D001", jam_reg="07:30:00")
    kz.sep("2026/01/20/000001", no_kartu="0001234567890")
    kz.exam("2026/01/20/000001", "2026-01-20 08:20:00", nip="D001")

or ``ids = kz.standard_day(date(2026, 1, 20))`` for a realistic mixed day (see its docstring).
Times are local wall-clock strings 'YYYY-MM-DD HH:MM:SS', as Khanza stores them. Unset dates are
written as Khanza does: '0000-00-00' (the session runs with sql_mode='').

The same calls fill every schema variant (``antrean_desktop/khanza/sqlite_schema.py``): a value for
an optional column this Khanza lacks (``probe.OPTIONAL_COLUMNS``, e.g. ``pemeriksaan_ralan.nip``
on an older install) is left out, and a Mobile JKN booking is not written where the Mobile JKN
table does not exist, as on such a hospital. Foreign keys stay on: rows go in parents first.
Works on MariaDB and on a Khanza-shaped SQLite database (foreign keys enforced there too).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import Engine, create_engine, event, inspect, text

from antrean_desktop.domain.booking import hari
from antrean_desktop.khanza.probe import (
    MOBILE_JKN_CANCEL_TABLE,
    MOBILE_JKN_TABLE,
    OPTIONAL_COLUMNS,
)
from antrean_desktop.khanza.sqlite_schema import SQLITE_FOREIGN_KEYS

#: columns the builders fill that the program never reads and older installs lack (issue 21:
#: the oldest install, the first Mobile JKN layout): left out where the table has no such column
UNREAD_COLUMNS = frozenset(
    {
        ("poliklinik", "status"),
        ("reg_periksa", "status_bayar"),
        ("reg_periksa", "status_poli"),
        ("mutasi_berkas", "ranap"),
        *(
            ("referensi_mobilejkn_bpjs", c)
            for c in (
                "pasienbaru",
                "sisakuotajkn",
                "kuotajkn",
                "sisakuotanonjkn",
                "kuotanonjkn",
                "statuskirim",
            )
        ),
        ("referensi_mobilejkn_bpjs_batal", "statuskirim"),
    }
)
ZERO_DATE = "0000-00-00"
ZERO_TIME = "00:00:00"
ZERO_DATETIME = "0000-00-00 00:00:00"


def _split(when: str | None) -> tuple[str, str]:
    """'YYYY-MM-DD HH:MM:SS' -> (date, time); None -> Khanza's zero date and time."""
    if not when:
        return ZERO_DATE, ZERO_TIME
    day, clock = when.split(" ")
    return day, clock


def day_of(no_rawat: str) -> str:
    """'2026/01/20/000001' -> '2026-01-20'."""
    return no_rawat[:10].replace("/", "-")


class KhanzaFixture:
    """Writes Khanza rows into a test database (tests only; the program itself never writes)."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._seq = 0
        inspector = inspect(engine)
        self.columns = {
            name: {c["name"] for c in inspector.get_columns(name)}
            for name in inspector.get_table_names()
        }

    @classmethod
    def connect(cls, url: str) -> KhanzaFixture:
        """A fixture on ``url`` whose sessions use Khanza's permissive sql_mode='' (MariaDB) or
        enforce foreign keys (SQLite)."""
        engine = create_engine(url, pool_pre_ping=True)
        setting = SQLITE_FOREIGN_KEYS if url.startswith("sqlite") else "SET SESSION sql_mode = ''"

        @event.listens_for(engine, "connect")
        def _mode(dbapi_conn: Any, _record: Any) -> None:
            cur = dbapi_conn.cursor()
            try:
                cur.execute(setting)
            finally:
                cur.close()

        return cls(engine)

    def dispose(self) -> None:
        self.engine.dispose()

    # --- generic ---------------------------------------------------------------------------

    def execute(self, sql: str, **params: Any) -> None:
        with self.engine.begin() as conn:
            conn.execute(text(sql), params)

    def insert(self, table: str, **values: Any) -> None:
        if table not in self.columns and table in (MOBILE_JKN_TABLE, MOBILE_JKN_CANCEL_TABLE):
            return  # a Khanza from before the Mobile JKN module: no such booking can exist
        present = self.columns.get(table, set())
        values = {
            k: v
            for k, v in values.items()
            if k in present or (table, k) not in OPTIONAL_COLUMNS | UNREAD_COLUMNS
        }
        cols = ", ".join(f"`{c}`" for c in values)
        marks = ", ".join(f":{c}" for c in values)
        self.execute(f"INSERT INTO `{table}` ({cols}) VALUES ({marks})", **values)

    def scalar(self, sql: str, **params: Any) -> Any:
        with self.engine.connect() as conn:
            return conn.execute(text(sql), params).scalar()

    def _next(self, prefix: str) -> str:
        self._seq += 1
        return f"{prefix}{self._seq:06d}"

    # --- master data -----------------------------------------------------------------------

    def payer(self, kd_pj: str, png_jawab: str) -> None:
        self.insert("penjab", kd_pj=kd_pj, png_jawab=png_jawab, status="1")

    def clinic(self, kd_poli: str, nm_poli: str, kd_poli_bpjs: str | None = None) -> None:
        """A ``poliklinik`` row, and its ``maping_poli_bpjs`` row when ``kd_poli_bpjs`` is given."""
        self.insert("poliklinik", kd_poli=kd_poli, nm_poli=nm_poli, status="1")
        if kd_poli_bpjs:
            self.clinic_mapping(kd_poli, kd_poli_bpjs)

    def clinic_mapping(self, kd_poli: str, kd_poli_bpjs: str, nm_poli_bpjs: str = "") -> None:
        self.insert(
            "maping_poli_bpjs",
            kd_poli_rs=kd_poli,
            kd_poli_bpjs=kd_poli_bpjs,
            nm_poli_bpjs=nm_poli_bpjs or kd_poli_bpjs,
        )

    def doctor(
        self,
        kd_dokter: str,
        nm_dokter: str,
        kd_dokter_bpjs: str | None = None,
        schedules: Iterable[tuple[str, str, str, str, int]] = (),
    ) -> None:
        """A ``dokter`` row, its mapping (when given) and ``jadwal`` rows
        ``(hari, jam_mulai, jam_selesai, kd_poli, kuota)``."""
        self.insert("dokter", kd_dokter=kd_dokter, nm_dokter=nm_dokter, status="1")
        if kd_dokter_bpjs:
            self.doctor_mapping(kd_dokter, kd_dokter_bpjs)
        for day_name, start, end, kd_poli, kuota in schedules:
            self.schedule(kd_dokter, day_name, start, end, kd_poli, kuota)

    def doctor_mapping(self, kd_dokter: str, kd_dokter_bpjs: str) -> None:
        self.insert(
            "maping_dokter_dpjpvclaim",
            kd_dokter=kd_dokter,
            kd_dokter_bpjs=kd_dokter_bpjs,
            nm_dokter_bpjs="",
        )

    def schedule(
        self,
        kd_dokter: str,
        hari_kerja: str,
        jam_mulai: str,
        jam_selesai: str | None,
        kd_poli: str,
        kuota: int | None,
    ) -> None:
        self.insert(
            "jadwal",
            kd_dokter=kd_dokter,
            hari_kerja=hari_kerja,
            jam_mulai=jam_mulai,
            jam_selesai=jam_selesai,
            kd_poli=kd_poli,
            kuota=kuota,
        )

    def patient(
        self,
        no_rkm_medis: str,
        nm_pasien: str = "Pasien Uji",
        *,
        no_peserta: str = "-",
        no_ktp: str = "-",
        no_tlp: str = "-",
        kd_pj: str = "BPJ",
    ) -> None:
        self.insert(
            "pasien",
            no_rkm_medis=no_rkm_medis,
            nm_pasien=nm_pasien,
            no_ktp=no_ktp,
            tgl_daftar="2020-01-01",
            no_tlp=no_tlp,
            kd_pj=kd_pj,
            no_peserta=no_peserta,
        )

    # --- a visit ---------------------------------------------------------------------------

    def register(
        self,
        no_rawat: str,
        no_rkm_medis: str,
        kd_poli: str,
        kd_dokter: str,
        *,
        jam_reg: str = "07:30:00",
        no_reg: str | None = "001",
        kd_pj: str = "BPJ",
        stts: str = "Belum",
        stts_daftar: str = "Lama",
        status_lanjut: str = "Ralan",
        tgl_registrasi: str | None = None,
    ) -> None:
        """A ``reg_periksa`` row; the date comes from ``no_rawat`` unless given."""
        self.insert(
            "reg_periksa",
            no_reg=no_reg,
            no_rawat=no_rawat,
            tgl_registrasi=tgl_registrasi or day_of(no_rawat),
            jam_reg=jam_reg,
            kd_dokter=kd_dokter,
            no_rkm_medis=no_rkm_medis,
            kd_poli=kd_poli,
            stts=stts,
            stts_daftar=stts_daftar,
            status_lanjut=status_lanjut,
            kd_pj=kd_pj,
            status_bayar="Belum Bayar",
            status_poli="Lama",
        )

    def set_status(self, no_rawat: str, stts: str) -> None:
        """Change ``reg_periksa.stts`` ('Sudah', 'Batal', ...)."""
        self.execute("UPDATE reg_periksa SET stts = :s WHERE no_rawat = :r", s=stts, r=no_rawat)

    def sep(
        self,
        no_rawat: str,
        no_kartu: str,
        *,
        no_rujukan: str = "0301R0010126B000001",
        noskdp: str = "",
        asal_rujukan: str = "1. Faskes 1",
        no_sep: str | None = None,
    ) -> str:
        """A ``bridging_sep`` row (the claim letter); returns its no_sep."""
        no_sep = no_sep or self._next("0301R00101V")
        self.insert(
            "bridging_sep",
            no_sep=no_sep,
            no_rawat=no_rawat,
            tglsep=day_of(no_rawat),
            no_rujukan=no_rujukan,
            jnspelayanan="2",
            kdpolitujuan="",
            no_kartu=no_kartu,
            asal_rujukan=asal_rujukan,
            noskdp=noskdp,
            kddpjp="",
            tujuankunjungan="0",
        )
        return no_sep

    def mutasi(
        self, no_rawat: str, dikirim: str | None = None, diterima: str | None = None
    ) -> None:
        """A ``mutasi_berkas`` row; an unset time is Khanza's zero datetime."""
        self.insert(
            "mutasi_berkas",
            no_rawat=no_rawat,
            status="Sudah Diterima" if diterima else "Sudah Dikirim",
            dikirim=dikirim or ZERO_DATETIME,
            diterima=diterima or ZERO_DATETIME,
            kembali=ZERO_DATETIME,
            tidakada=ZERO_DATETIME,
            ranap=ZERO_DATETIME,
        )

    @property
    def one_note_per_visit(self) -> bool:
        """The oldest installs: ``pemeriksaan_ralan`` keyed by no_rawat, author in kd_dokter."""
        return "kd_dokter" in self.columns.get("pemeriksaan_ralan", ())

    def exam(self, no_rawat: str, when: str, nip: str) -> None:
        """A ``pemeriksaan_ralan`` row written by ``nip`` (a nurse's or the doctor's code).

        Where a visit has one note (the oldest installs), a later write saves over it, author
        and time, as that Khanza's examination form does."""
        day, clock = _split(when)
        if self.one_note_per_visit:
            self.execute("DELETE FROM pemeriksaan_ralan WHERE no_rawat = :r", r=no_rawat)
            self.insert(
                "pemeriksaan_ralan",
                no_rawat=no_rawat,
                tgl_perawatan=day,
                jam_rawat=clock,
                kd_dokter=nip,
            )
            return
        self.insert(
            "pemeriksaan_ralan", no_rawat=no_rawat, tgl_perawatan=day, jam_rawat=clock, nip=nip
        )

    def prescription(
        self,
        no_rawat: str,
        kd_dokter: str,
        *,
        peresepan: str | None = None,
        validasi: str | None = None,
        penyerahan: str | None = None,
        status: str = "ralan",
        no_resep: str | None = None,
    ) -> str:
        """A ``resep_obat`` row: e-prescription, pharmacy validation and handover times."""
        no_resep = no_resep or self._next("RX")
        rx_day, rx_time = _split(peresepan)
        val_day, val_time = _split(validasi)
        hand_day, hand_time = _split(penyerahan)
        self.insert(
            "resep_obat",
            no_resep=no_resep,
            tgl_perawatan=val_day,
            jam=val_time,
            no_rawat=no_rawat,
            kd_dokter=kd_dokter,
            tgl_peresepan=rx_day,
            jam_peresepan=rx_time,
            status=status,
            tgl_penyerahan=hand_day,
            jam_penyerahan=hand_time,
        )
        return no_resep

    def mobile_booking(
        self,
        no_rawat: str,
        nobooking: str,
        *,
        jampraktek: str = "08:00-12:00",
        jeniskunjungan: str = "1 (Rujukan FKTP)",
        nomorreferensi: str = "0301R0010126B000099",
        nomorantrean: str = "A-001",
        angkaantrean: int = 1,
        estimasidilayani: int = 0,
        status: str = "Belum",
        validasi: str | None = None,
    ) -> None:
        """A ``referensi_mobilejkn_bpjs`` row for the registered visit ``no_rawat`` (register it
        first): its patient (``norm``, the table's foreign key), card and BPJS clinic and doctor
        codes are the visit's, as Khanza writes them. ``status='Checkin'`` with ``validasi`` =
        the check-in time."""
        visit = self._visit_codes(no_rawat)
        self.insert(
            "referensi_mobilejkn_bpjs",
            nobooking=nobooking,
            no_rawat=no_rawat,
            nomorkartu=visit["no_peserta"],
            nik="",
            nohp="",
            kodepoli=visit["kd_poli_bpjs"],
            pasienbaru="0",
            norm=visit["no_rkm_medis"],
            tanggalperiksa=day_of(no_rawat),
            kodedokter=visit["kd_dokter_bpjs"],
            jampraktek=jampraktek,
            jeniskunjungan=jeniskunjungan,
            nomorreferensi=nomorreferensi,
            nomorantrean=nomorantrean,
            angkaantrean=str(angkaantrean),
            estimasidilayani=str(estimasidilayani),
            sisakuotajkn=10,
            kuotajkn=30,
            sisakuotanonjkn=10,
            kuotanonjkn=30,
            status=status,
            validasi=validasi or ZERO_DATETIME,
            statuskirim="Belum",
        )

    def _visit_codes(self, no_rawat: str) -> dict[str, Any]:
        """The registered visit's patient, card and BPJS clinic and doctor codes."""
        with self.engine.connect() as conn:
            row = conn.execute(
                text(
                    "SELECT r.no_rkm_medis, p.no_peserta, m.kd_poli_bpjs, d.kd_dokter_bpjs "
                    "FROM reg_periksa r JOIN pasien p ON p.no_rkm_medis = r.no_rkm_medis "
                    "LEFT JOIN maping_poli_bpjs m ON m.kd_poli_rs = r.kd_poli "
                    "LEFT JOIN maping_dokter_dpjpvclaim d ON d.kd_dokter = r.kd_dokter "
                    "WHERE r.no_rawat = :r"
                ),
                {"r": no_rawat},
            ).one_or_none()
        if row is None:
            raise LookupError(f"register {no_rawat} before its Mobile JKN booking")
        return dict(row._mapping)

    def mobile_cancel(self, nobooking: str, no_rawat: str, norm: str, keterangan: str) -> None:
        """Khanza's record of a cancelled Mobile JKN booking (``referensi_mobilejkn_bpjs_batal``),
        with the booking and the registration set to 'Batal' as Khanza does. The first layout
        (2021) keys the record by the booking's ``nomorreferensi`` and has no 'Batal' status."""
        first_layout = "nobooking" not in self.columns.get(MOBILE_JKN_TABLE, ())
        nomorreferensi = ""
        if first_layout:
            nomorreferensi = self.scalar(
                "SELECT nomorreferensi FROM referensi_mobilejkn_bpjs WHERE no_rawat = :r",
                r=no_rawat,
            )
        self.insert(
            "referensi_mobilejkn_bpjs_batal",
            no_rkm_medis=norm,
            no_rawat_batal=no_rawat,
            nomorreferensi=nomorreferensi,
            tanggalbatal=f"{day_of(no_rawat)} 07:00:00",
            keterangan=keterangan,
            statuskirim="Belum",
            nobooking=nobooking,
        )
        if not first_layout:
            self.execute(
                "UPDATE referensi_mobilejkn_bpjs SET status = 'Batal' WHERE nobooking = :b",
                b=nobooking,
            )
        self.set_status(no_rawat, "Batal")

    def bill(
        self, no_rawat: str, when: str, no_nota: str | None = None, *, numbered: bool = True
    ) -> None:
        """The outpatient bill (``nota_jalan``) made at ``when``; ``numbered=False``: without a
        ``no_nota`` (NULL, as the oldest installs allow)."""
        day, clock = _split(when)
        self.insert(
            "nota_jalan",
            no_rawat=no_rawat,
            no_nota=(no_nota or self._next("NJ")) if numbered else None,
            tanggal=day,
            jam=clock,
        )

    def task_columns(self, no_rawat: str, **times: str | None) -> None:
        """Profile task-columns: ``kz.task_columns(no_rawat, task_id_3="2026-01-20 08:00:00")``."""
        sets = ", ".join(f"`{k}` = :{k}" for k in times)
        self.execute(
            f"UPDATE reg_periksa SET {sets} WHERE no_rawat = :no_rawat", no_rawat=no_rawat, **times
        )

    # --- a realistic day -------------------------------------------------------------------

    def standard_day(self, day: date) -> dict[str, str]:
        """Insert master data and a mixed day; return {name: no_rawat}.

        Clinics INT (BPJS 'INT') and ANA ('ANA'), IGDK (emergency, unmapped); doctors D001
        (BPJS 12345, INT 08:00-12:00 quota 30) and D002 (BPJS 23456, ANA 13:00-16:00 quota 20),
        both scheduled on ``day``'s weekday; nurse N01. Visits (names -> what they exercise):

        * ``walkin``: JKN walk-in, SEP, mutasi_berkas sent/received, nurse row before doctor rows,
          e-prescription, validation and handover, stts 'Sudah' (tasks 3..7 all known)
        * ``walkin_nomutasi``: JKN walk-in with SEP, no mutasi_berkas (3 = registration time,
          4 = doctor's first exam)
        * ``mobile``: Mobile JKN booking 'MJKN0001' checked in (3 = validasi)
        * ``nonjkn``: payer UMU (NON JKN)
        * ``nosep``: JKN walk-in without SEP yet (BLOCKED: no referral)
        * ``cancelled``: stts 'Batal'
        * ``inpatient``: status_lanjut 'Ranap' (not read)
        * ``emergency``: clinic IGDK (excluded by config, or BLOCKED: no mapping)
        * ``yesterday``: registered the day before (not part of ``day``)
        """
        d = day.isoformat()
        p = day.strftime("%Y/%m/%d/")
        name = hari(day)
        self.payer("BPJ", "BPJS Kesehatan")
        self.payer("UMU", "Umum")
        self.clinic("INT", "Poli Penyakit Dalam", "INT")
        self.clinic("ANA", "Poli Anak", "ANA")
        self.clinic("IGDK", "IGD")
        self.doctor(
            "D001", "dr. Budi Santoso, Sp.PD", "12345", [(name, "08:00:00", "12:00:00", "INT", 30)]
        )
        self.doctor(
            "D002", "dr. Kadék Ayu, Sp.A", "23456", [(name, "13:00:00", "16:00:00", "ANA", 20)]
        )
        self.doctor("D003", "dr. Jaga IGD")
        for rm, nm, card, nik in [
            ("000001", "Ni Luh Putu Sukmawati", "0001234567890", "5171000000000001"),
            ("000002", "Budi Hartono", "0001234567891", "-"),
            ("000003", "Siti Aminah", "0001234567892", "3201000000000003"),
            ("000004", "Andreas Umum", "-", "3201000000000004"),
            ("000005", "Yohanes Séptian", "0001234567894", ""),
            ("000006", "Made Batal", "0001234567895", ""),
            ("000007", "Rawat Inap", "0001234567896", ""),
            ("000008", "Pasien IGD", "0001234567897", ""),
            ("000009", "Kemarin", "0001234567898", ""),
        ]:
            self.patient(rm, nm, no_peserta=card, no_ktp=nik, no_tlp="081234567890")
        ids = {
            "walkin": p + "000001",
            "walkin_nomutasi": p + "000002",
            "mobile": p + "000003",
            "nonjkn": p + "000004",
            "nosep": p + "000005",
            "cancelled": p + "000006",
            "inpatient": p + "000007",
            "emergency": p + "000008",
            "yesterday": (day - timedelta(days=1)).strftime("%Y/%m/%d/") + "000009",
        }
        w = ids["walkin"]
        self.register(w, "000001", "INT", "D001", jam_reg="07:30:00", no_reg="001", stts="Sudah")
        self.sep(w, "0001234567890")
        self.mutasi(w, dikirim=f"{d} 07:40:00", diterima=f"{d} 08:05:00")
        self.exam(w, f"{d} 07:50:00", "N01")
        self.exam(w, f"{d} 08:10:00", "D001")
        self.exam(w, f"{d} 08:25:00", "D001")
        self.prescription(
            w,
            "D001",
            peresepan=f"{d} 08:30:00",
            validasi=f"{d} 08:45:00",
            penyerahan=f"{d} 09:00:00",
        )
        w = ids["walkin_nomutasi"]
        self.register(w, "000002", "INT", "D001", jam_reg="07:35:00", no_reg="002")
        self.sep(w, "0001234567891", noskdp="0301R0010126K000002")
        self.exam(w, f"{d} 08:05:00", "N01")
        self.exam(w, f"{d} 08:40:00", "D001")
        w = ids["mobile"]
        self.register(w, "000003", "INT", "D001", jam_reg="07:10:00", no_reg="003")
        checkin = {"status": "Checkin", "validasi": f"{d} 07:15:00"}
        self.mobile_booking(w, "MJKN0001", nomorantrean="INT-003", angkaantrean=3, **checkin)
        self.register(
            ids["nonjkn"], "000004", "ANA", "D002", jam_reg="12:30:00", no_reg="001", kd_pj="UMU"
        )
        self.register(ids["nosep"], "000005", "INT", "D001", jam_reg="07:45:00", no_reg="004")
        w = ids["cancelled"]
        self.register(w, "000006", "INT", "D001", jam_reg="07:50:00", no_reg="005", stts="Batal")
        self.sep(w, "0001234567895")
        self.register(
            ids["inpatient"],
            "000007",
            "INT",
            "D001",
            jam_reg="08:00:00",
            no_reg="006",
            status_lanjut="Ranap",
        )
        self.register(ids["emergency"], "000008", "IGDK", "D003", jam_reg="02:00:00", no_reg="001")
        w = ids["yesterday"]
        self.register(w, "000009", "INT", "D001", jam_reg="09:00:00", no_reg="001")
        self.sep(w, "0001234567898")
        return ids

    def early_mobile_cases(self, day: date) -> dict[str, str]:
        """Two Mobile JKN bookings made in the app at 06:00 (``jam_reg``) for ``standard_day``'s
        doctor D001 (call it first), on any Mobile JKN layout: ``early`` checked in at 07:55
        (number 009), ``absent`` still 'Belum' (010). Returns {name: no_rawat}."""
        p = day.strftime("%Y/%m/%d/")
        ids = {"early": p + "000021", "absent": p + "000022"}
        for (name, no_rawat), no_reg in zip(ids.items(), ("009", "010"), strict=True):
            rm = "0000" + no_rawat[-2:]
            self.patient(rm, "Pasien Mobile", no_peserta="00012345678" + rm[-2:])
            self.register(no_rawat, rm, "INT", "D001", jam_reg="06:00:00", no_reg=no_reg)
            checkin = (
                {"status": "Checkin", "validasi": f"{day.isoformat()} 07:55:00"}
                if name == "early"
                else {}
            )
            self.mobile_booking(
                no_rawat, "", nomorreferensi="0301R0010126B0000" + rm[-2:], **checkin
            )
        return ids

    def review_cases(self, day: date) -> dict[str, str]:
        """More visits for ``standard_day`` (call it first): what a review of the protocol found
        (issue 11). Returns {name: no_rawat}; Mobile JKN codes are ``MJKN0002..4``.

        * ``no_end``: doctor D004 (BPJS 45678) whose ``jadwal.jam_selesai`` is NULL
        * ``no_quota``: doctor D005 (BPJS 56789) whose ``jadwal.kuota`` is NULL
        * ``no_queue``: JKN walk-in with a SEP whose ``no_reg`` is NULL
        * ``mobile_stale``: Mobile JKN 'MJKN0002', checked in 07:20, whose stored
          ``estimasidilayani`` is 09:00 two days before (the day it was booked), number 4
        * ``mobile_absent``: Mobile JKN 'MJKN0003' not checked in (status 'Belum'), booked at
          06:00 (``jam_reg``), with a doctor's note at 09:00
        * ``nonjkn_mobile``: payer UMU with Mobile JKN 'MJKN0004' carrying a card and a referral
        """
        d = day.isoformat()
        p = day.strftime("%Y/%m/%d/")
        name = hari(day)
        self.doctor("D004", "dr. Jadwal Terbuka", "45678", [(name, "08:00:00", None, "INT", 30)])
        self.doctor(
            "D005", "dr. Tanpa Kuota", "56789", [(name, "08:00:00", "12:00:00", "ANA", None)]
        )
        for rm, nm, card in [
            ("000011", "Jam Selesai Kosong", "0001234567811"),
            ("000012", "Kuota Kosong", "0001234567812"),
            ("000013", "Nomor Antrean Kosong", "0001234567813"),
            ("000014", "Estimasi Kemarin", "0001234567814"),
            ("000015", "Belum Check In", "0001234567815"),
            ("000016", "Umum Mobile", "0001234567816"),
        ]:
            self.patient(rm, nm, no_peserta=card, no_ktp="", no_tlp="081234567800")
        ids = {
            "no_end": p + "000011",
            "no_quota": p + "000012",
            "no_queue": p + "000013",
            "mobile_stale": p + "000014",
            "mobile_absent": p + "000015",
            "nonjkn_mobile": p + "000016",
        }
        self.register(ids["no_end"], "000011", "INT", "D004", jam_reg="08:10:00", no_reg="001")
        self.sep(ids["no_end"], "0001234567811")
        self.register(ids["no_quota"], "000012", "ANA", "D005", jam_reg="08:15:00", no_reg="001")
        self.sep(ids["no_quota"], "0001234567812")
        self.register(ids["no_queue"], "000013", "INT", "D001", jam_reg="08:20:00", no_reg=None)
        self.sep(ids["no_queue"], "0001234567813")
        booked = datetime.combine(day - timedelta(days=2), time(9, 0), ZoneInfo("Asia/Jakarta"))
        w = ids["mobile_stale"]
        self.register(w, "000014", "INT", "D001", jam_reg="06:30:00", no_reg="007")
        estimate = int(booked.timestamp() * 1000)
        checkin = {"status": "Checkin", "validasi": f"{d} 07:20:00"}
        self.mobile_booking(
            w,
            "MJKN0002",
            nomorantrean="INT-004",
            angkaantrean=4,
            estimasidilayani=estimate,
            **checkin,
        )
        w = ids["mobile_absent"]
        self.register(w, "000015", "INT", "D001", jam_reg="06:00:00", no_reg="008")
        self.mobile_booking(w, "MJKN0003", nomorantrean="INT-005", angkaantrean=5, status="Belum")
        self.exam(w, f"{d} 09:00:00", "D001")
        w = ids["nonjkn_mobile"]
        self.register(w, "000016", "ANA", "D002", jam_reg="12:40:00", no_reg="002", kd_pj="UMU")
        referral = {"jampraktek": "13:00-16:00", "nomorreferensi": "0301R0010126B000016"}
        checkin = {"status": "Checkin", "validasi": f"{d} 12:45:00"}
        self.mobile_booking(
            w, "MJKN0004", nomorantrean="ANA-002", angkaantrean=2, **referral, **checkin
        )
        return ids
