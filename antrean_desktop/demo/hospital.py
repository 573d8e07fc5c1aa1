"""The demo hospital: a Khanza-shaped SQLite database and a day of outpatients that fills it.

The day is a script of row writes, each due at a wall-clock time of the hospital. It is fixed
when the day's database is made (``anchor`` = that moment): the first two hours of patients lie
before the anchor, so the window is full at once, and the last ones arrive during the next
twenty minutes, so the desk sees the program work. Writes happen only once their time has come
(:meth:`DemoHospital.tick`), so no task time is ever in the future. The script is kept in the
database itself (table ``demo_script``), so every process that opens the demo sees the same day.

What the day holds: ordinary registrations with their SEP, Mobile JKN check-ins, medical
records files sent to and received by the clinic, doctors' examination notes, e-prescriptions,
one cancellation, one clinic without a BPJS mapping, one visit whose times are out of order,
one doctor BPJS does not know (a permanent rejection) and two non-JKN patients.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import Engine, column, create_engine, event, select, table, update
from sqlalchemy import insert as sql_insert
from sqlalchemy import text as sql_text

from antrean_desktop.domain.booking import HARI
from antrean_desktop.khanza.sqlite_schema import SQLITE_FOREIGN_KEYS, create_khanza_tables

log = logging.getLogger("antrean.demo")

#: clinic -> (name, BPJS code or None when unmapped)
CLINICS = {
    "U0001": ("Poli Anak", "ANA"),
    "U0002": ("Poli Penyakit Dalam", "INT"),
    "U0003": ("Poli Mata", "MAT"),
    "U0004": ("Poli Gigi", None),
    "U0005": ("Poli Saraf", "SAR"),
}
#: doctor -> (name, clinic, BPJS doctor code); 99999 is a code BPJS does not know
DOCTORS = {
    "D0001": ("dr. Siti Rahmawati, Sp.A", "U0001", "12345"),
    "D0002": ("dr. Budi Santoso, Sp.PD", "U0002", "23456"),
    "D0003": ("dr. Ñoman Éka, Sp.M", "U0003", "34567"),
    "D0004": ("drg. Wulan Sari", "U0004", "45678"),
    "D0005": ("dr. Hendra Wijaya, Sp.N", "U0005", "99999"),
}
#: the doctor codes the demo's BPJS knows (its ref/dokter list)
BPJS_DOCTOR_CODES = frozenset({12345, 23456, 34567, 45678})
#: every doctor's session, every day, and its quota (``jadwal``)
SESSION = ("07:00:00", "21:00:00")
KUOTA = 40


def bpjs_sessions() -> list[tuple[str, int, str, int]]:
    """(kodepoli, kodedokter, "HH:MM-HH:MM", kuota) of every doctor BPJS knows at a mapped clinic:
    the schedule the demo's BPJS serves, and checks each booking against."""
    jam = f"{SESSION[0][:5]}-{SESSION[1][:5]}"
    return [
        (CLINICS[clinic][1] or "", int(bpjs), jam, KUOTA)
        for _, clinic, bpjs in DOCTORS.values()
        if CLINICS[clinic][1] and int(bpjs) in BPJS_DOCTOR_CODES
    ]


NAMES = (
    "Ahmad Fauzi", "Dewi Lestari", "Rina Wulandari", "Bambang Susilo", "Sri Mulyani",
    "Agus Salim", "Putri Ayu", "Joko Prasetyo", "Nur Aini", "Hendro Kusumo",
    "Yuliana Sari", "Rudi Hartono", "Siti Aminah", "Eko Saputra", "Maya Anggraini",
    "Teguh Santoso", "Fitri Handayani", "Wahyu Nugroho", "Lina Marlina", "Dodi Firmansyah",
    "Ratna Dewi", "Imam Syafii", "Kartika Sari", "Bayu Aji", "Nining Suryani", "Arif Rahman",
)  # fmt: skip


@dataclass(frozen=True)
class Patient:
    """One visit of the script: who, where, when (minutes from the anchor) and what happens."""

    arrive: float  # minutes from the anchor (negative: before the program started)
    clinic: str
    doctor: str
    kind: str = "walk-in"  # walk-in | mjkn | cancel | out-of-order | non-jkn | late-sep
    steps: tuple[float, ...] = (4, 16, 19, 31)  # file sent, file received, doctor note, recipe


def script_patients() -> list[Patient]:
    """The day: 26 visits from two hours before the anchor to twenty minutes after it."""
    plan: list[Patient] = []
    doctors = ("D0001", "D0002", "D0003")
    kinds = {
        2: "mjkn",
        5: "mjkn",
        7: "cancel",
        9: "out-of-order",
        11: "non-jkn",
        13: "mjkn",
        16: "late-sep",
        18: "mjkn",
        21: "non-jkn",
        23: "mjkn",
    }
    for i in range(26):
        arrive = -120 + i * 5.5  # the last arrives ~17 minutes after the anchor
        doctor = doctors[i % 3]
        kind = kinds.get(i, "walk-in")
        if i == 4:
            doctor = "D0004"  # Poli Gigi: no BPJS clinic mapping
        elif i == 14:
            doctor = "D0005"  # BPJS does not know this doctor: rejected for good
        plan.append(Patient(arrive, DOCTORS[doctor][1], doctor, kind))
    return plan


class DemoHospital:
    """The demo's Khanza database: made once a day, then written as the day's clock runs."""

    def __init__(self, path: Path, tz: str = "Asia/Jakarta", now=None) -> None:
        self.path = path
        self.tz = ZoneInfo(tz)
        self.now = now or (lambda: datetime.now(self.tz).replace(tzinfo=None, microsecond=0))
        self.engine = make_demo_engine(path)

    @property
    def url(self) -> str:
        return f"sqlite:///{self.path.as_posix()}"

    def close(self) -> None:
        self.engine.dispose()

    def open_day(self) -> date:
        """Make today's database if it holds another day (or nothing); returns the day."""
        today = self.now().date()
        if self._day() != today:
            self.engine.dispose()
            for suffix in ("", "-wal", "-shm"):
                Path(f"{self.path}{suffix}").unlink(missing_ok=True)
            self.engine = make_demo_engine(self.path)
            self._create(today, self.now())
            log.info("Demo hospital: a new day %s in %s", today, self.path)
        return today

    def _day(self) -> date | None:
        if not self.path.is_file():
            return None
        try:
            with self.engine.connect() as conn:
                value = conn.execute(
                    sql_text("SELECT value FROM demo_meta WHERE name = 'day'")
                ).scalar()
        except Exception:  # not a demo database (or damaged): made anew
            return None
        return date.fromisoformat(value) if value else None

    def tick(self) -> int:
        """Write every row whose time has come; returns how many writes were made."""
        now = self.now().strftime("%Y-%m-%d %H:%M:%S")
        with self.engine.begin() as conn:
            due = conn.execute(
                select(_SCRIPT.c.seq, _SCRIPT.c.op)
                .where(_SCRIPT.c.done == 0, _SCRIPT.c.due_at <= now)
                .order_by(_SCRIPT.c.due_at, _SCRIPT.c.seq)
            ).all()
            for seq, op in due:
                _apply(conn, json.loads(op))
                conn.execute(update(_SCRIPT).where(_SCRIPT.c.seq == seq).values(done=1))
        if due:
            log.debug("Demo hospital: %d row writes", len(due))
        return len(due)

    def pending(self) -> int:
        with self.engine.connect() as conn:
            return conn.execute(
                sql_text("SELECT count(*) FROM demo_script WHERE done = 0")
            ).scalar()

    def _create(self, day: date, anchor: datetime) -> None:
        with self.engine.begin() as conn:
            create_khanza_tables(conn)
            conn.execute(sql_text("CREATE TABLE demo_meta (name TEXT PRIMARY KEY, value TEXT)"))
            conn.execute(
                sql_text(
                    "CREATE TABLE demo_script (seq INTEGER PRIMARY KEY, due_at TEXT NOT NULL, "
                    "op TEXT NOT NULL, done INTEGER NOT NULL DEFAULT 0)"
                )
            )
            conn.execute(
                sql_text("INSERT INTO demo_meta VALUES ('day', :d), ('anchor', :a)"),
                {"d": day.isoformat(), "a": anchor.isoformat(sep=" ")},
            )
            for op in master_data(day):
                _apply(conn, op)
            rows = [
                {"seq": i, "due_at": when.strftime("%Y-%m-%d %H:%M:%S"), "op": json.dumps(op)}
                for i, (when, op) in enumerate(day_script(day, anchor))
            ]
            conn.execute(sql_insert(_SCRIPT), rows)


_SCRIPT = table("demo_script", column("seq"), column("due_at"), column("op"), column("done"))


def make_demo_engine(path: Path) -> Engine:
    path.parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(f"sqlite:///{path.as_posix()}")

    @event.listens_for(engine, "connect")
    def _pragmas(dbapi_conn: Any, _record: Any) -> None:
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute("PRAGMA busy_timeout=5000")
        cur.execute(SQLITE_FOREIGN_KEYS)  # Khanza's foreign keys hold here too: parents first
        cur.close()

    return engine


def _apply(conn: Any, op: dict[str, Any]) -> None:
    values = op["values"]
    if op["op"] == "insert":
        target = table(op["table"], *(column(c) for c in values))
        conn.execute(sql_insert(target).values(**values))
    else:
        where = op["where"]
        target = table(op["table"], *(column(c) for c in {**values, **where}))
        conn.execute(
            update(target).where(*(target.c[k] == v for k, v in where.items())).values(**values)
        )


def _ins(name: str, **values: Any) -> dict[str, Any]:
    return {"op": "insert", "table": name, "values": values}


def _upd(name: str, where: dict[str, Any], **values: Any) -> dict[str, Any]:
    return {"op": "update", "table": name, "where": where, "values": values}


def master_data(day: date) -> list[dict[str, Any]]:
    """Clinics, doctors, their BPJS mappings and schedules, payers and the patients."""
    ops = [_ins("penjab", kd_pj="BPJ", png_jawab="BPJS Kesehatan", status="1")]
    ops.append(_ins("penjab", kd_pj="UMU", png_jawab="Umum", status="1"))
    for kd, (name, bpjs) in CLINICS.items():
        ops.append(_ins("poliklinik", kd_poli=kd, nm_poli=name, status="1"))
        if bpjs:
            ops.append(
                _ins("maping_poli_bpjs", kd_poli_rs=kd, kd_poli_bpjs=bpjs, nm_poli_bpjs=name)
            )
    for kd, (name, clinic, bpjs) in DOCTORS.items():
        ops.append(_ins("dokter", kd_dokter=kd, nm_dokter=name, status="1"))
        ops.append(
            _ins("maping_dokter_dpjpvclaim", kd_dokter=kd, kd_dokter_bpjs=bpjs, nm_dokter_bpjs=name)
        )
        for hari in HARI:
            ops.append(
                _ins(
                    "jadwal",
                    kd_dokter=kd,
                    hari_kerja=hari,
                    jam_mulai=SESSION[0],
                    jam_selesai=SESSION[1],
                    kd_poli=clinic,
                    kuota=KUOTA,
                )
            )
    for i, name in enumerate(NAMES):
        ops.append(
            _ins(
                "pasien",
                no_rkm_medis=f"{100201 + i:06d}",
                nm_pasien=name.upper(),
                no_ktp=f"3174{day:%d%m}{i:02d}{5550001 + i * 7:07d}"[:16],
                tgl_daftar="2020-01-02",
                no_tlp=f"08123{4567000 + i * 37:07d}",
                kd_pj="BPJ",
                no_peserta=f"{1234567800000 + i * 1013:013d}",
            )
        )
    return ops


class _Clock:
    """Script minutes -> the hospital's wall clock. Minutes before the anchor are squeezed
    into the time since midnight when the day is younger than the script's history."""

    HISTORY = 125.0

    def __init__(self, day: date, anchor: datetime) -> None:
        self.anchor = anchor
        start = datetime.combine(day, time(0, 5))
        self.scale = max(0.0, min(1.0, (anchor - start).total_seconds() / 60 / self.HISTORY))
        self.end = datetime.combine(day, time(23, 59))

    def at(self, minutes: float) -> datetime | None:
        factor = self.scale if minutes < 0 else 1.0
        when = self.anchor + timedelta(minutes=minutes * factor)
        return None if when > self.end else when.replace(microsecond=0)


def day_script(day: date, anchor: datetime) -> list[tuple[datetime, dict[str, Any]]]:
    """Every timed write of the day, in order."""
    clock = _Clock(day, anchor)
    events: list[tuple[datetime, dict[str, Any]]] = []
    per_doctor: dict[str, int] = {}
    for i, p in enumerate(script_patients()):
        per_doctor[p.doctor] = per_doctor.get(p.doctor, 0) + 1
        no_reg = f"{per_doctor[p.doctor]:03d}"
        no_rawat = f"{day:%Y/%m/%d}/{i + 1:06d}"
        norm = f"{100201 + i:06d}"
        times = [clock.at(p.arrive + m) for m in (0, *p.steps)]
        arrive = times[0]
        if arrive is None:
            continue

        def add(when: datetime | None, op: dict[str, Any]) -> None:
            if when is not None:
                events.append((when, op))

        kd_pj = "UMU" if p.kind == "non-jkn" else "BPJ"
        add(
            arrive,
            _ins(
                "reg_periksa",
                no_reg=no_reg,
                no_rawat=no_rawat,
                tgl_registrasi=day.isoformat(),
                jam_reg=arrive.strftime("%H:%M:%S"),
                kd_dokter=p.doctor,
                no_rkm_medis=norm,
                kd_poli=p.clinic,
                stts="Belum",
                stts_daftar="Baru" if i % 6 == 0 else "Lama",
                status_lanjut="Ralan",
                kd_pj=kd_pj,
                status_bayar="Belum Bayar",
                status_poli="Lama",
            ),
        )
        if p.kind == "mjkn":
            add(arrive, _mobile_jkn(day, p, i, no_rawat, norm, no_reg, arrive))
        elif kd_pj == "BPJ":
            sep_at = clock.at(p.arrive + 2) if p.kind == "late-sep" else arrive
            add(sep_at, _sep(day, i, no_rawat, norm, p))
        sent, received, note, recipe = times[1:]
        if p.kind == "cancel":
            add(sent, _upd("reg_periksa", {"no_rawat": no_rawat}, stts="Batal"))
            continue
        if p.kind == "out-of-order":  # the clerk typed the receipt time before the sending time
            received = sent - timedelta(minutes=6) if sent else None
        if sent is not None:
            add(
                sent,
                _ins(
                    "mutasi_berkas",
                    no_rawat=no_rawat,
                    status="Sudah Dikirim",
                    dikirim=_dt(sent),
                    diterima="0000-00-00 00:00:00",
                    kembali="0000-00-00 00:00:00",
                    tidakada="0000-00-00 00:00:00",
                    ranap="0000-00-00 00:00:00",
                ),
            )
        if received is not None and sent is not None:
            add(
                max(received, sent),
                _upd(
                    "mutasi_berkas",
                    {"no_rawat": no_rawat},
                    status="Sudah Diterima",
                    diterima=_dt(received),
                ),
            )
        if note is not None:
            add(
                note,
                _ins(
                    "pemeriksaan_ralan",
                    no_rawat=no_rawat,
                    tgl_perawatan=day.isoformat(),
                    jam_rawat=note.strftime("%H:%M:%S"),
                    nip=p.doctor,
                ),
            )
        if recipe is not None:
            add(
                recipe,
                _ins(
                    "resep_obat",
                    no_resep=f"{day:%Y%m%d}{i + 1:04d}",
                    tgl_perawatan="0000-00-00",
                    jam="00:00:00",
                    no_rawat=no_rawat,
                    kd_dokter=p.doctor,
                    tgl_peresepan=day.isoformat(),
                    jam_peresepan=recipe.strftime("%H:%M:%S"),
                    status="ralan",
                    tgl_penyerahan="0000-00-00",
                    jam_penyerahan="00:00:00",
                ),
            )
            add(recipe, _upd("reg_periksa", {"no_rawat": no_rawat}, stts="Sudah"))
    events.sort(key=lambda e: e[0])
    return events


def _dt(when: datetime) -> str:
    return when.strftime("%Y-%m-%d %H:%M:%S")


def _sep(day: date, i: int, no_rawat: str, norm: str, p: Patient) -> dict[str, Any]:
    return _ins(
        "bridging_sep",
        no_sep=f"0301R001{day:%m%y}V{i + 1:06d}",
        no_rawat=no_rawat,
        tglsep=day.isoformat(),
        no_rujukan=f"0301U011{day:%m%y}P{i + 1:06d}",
        jnspelayanan="2",
        kdpolitujuan=CLINICS[p.clinic][1] or "",
        no_kartu=f"{1234567800000 + i * 1013:013d}",
        asal_rujukan="1. Faskes 1",
        noskdp="",
        kddpjp=DOCTORS[p.doctor][2],
        tujuankunjungan="0",
    )


def _mobile_jkn(
    day: date, p: Patient, i: int, no_rawat: str, norm: str, no_reg: str, checkin: datetime
) -> dict[str, Any]:
    bpjs_poli = CLINICS[p.clinic][1] or ""
    return _ins(
        "referensi_mobilejkn_bpjs",
        nobooking=f"{day:%Y%m%d}{i + 1:06d}"[2:],
        no_rawat=no_rawat,
        nomorkartu=f"{1234567800000 + i * 1013:013d}",
        nik="",
        nohp="",
        kodepoli=bpjs_poli,
        pasienbaru="0",
        norm=norm,
        tanggalperiksa=day.isoformat(),
        kodedokter=DOCTORS[p.doctor][2],
        jampraktek="07:00-21:00",
        jeniskunjungan="1 (Rujukan FKTP)",
        nomorreferensi=f"0301U011{day:%m%y}P{i + 1:06d}",
        nomorantrean=f"{bpjs_poli[:1]}-{no_reg}",
        angkaantrean=str(int(no_reg)),
        estimasidilayani="0",
        sisakuotajkn=30,
        kuotajkn=40,
        sisakuotanonjkn=30,
        kuotanonjkn=40,
        status="Checkin",
        validasi=_dt(checkin),
        statuskirim="Belum",
    )
