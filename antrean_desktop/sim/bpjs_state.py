"""The simulated BPJS Antrean RS bookings and the rules BPJS enforces on them.

Thread-safe (one lock around every operation). Each operation takes ``now`` (an aware datetime)
so the H+7 and service-date rules are deterministic in tests. Answers are ``(code, message)``
with the messages of the BPJS reference (docs/ and tests/data).

``require_admission_tasks``: real BPJS is said to reject task 3 of a new patient
(``pasienbaru=1``) until tasks 1 and 2 were sent with ``updatewaktu``. Antrean Desktop never sends
1 or 2 (task 1 stands for the booking), so the default is False: task 3 needs only the booking.
Set it to True to see how the program copes with the strict behaviour.

How strict, and why (issue 11: tests passing here must mean something at BPJS). Each rule is a
choice where the reference is silent about BPJS's exact wording:

* ``antrean/add`` is checked against the schedule the simulator itself serves at
  ``jadwaldokter``: the (kodepoli, kodedokter) pair must practise on ``tanggalperiksa``'s weekday
  ("Jadwal Dokter Tersebut Belum Tersedia, ...", BPJS's own words at ``jadwaldokter``), and
  ``jampraktek`` must be one of that doctor's sessions ("Jam praktek ... tidak sesuai ...").
  Tests give the simulator the schedule of their Khanza data with ``sim.add_jadwal``.
* ``nomorantrean`` must not be empty and ``angkaantrean`` must be at least 1.
* every quota must be greater than 0, and each remaining quota between 0 and its quota.
* ``estimasidilayani`` must be epoch milliseconds on ``tanggalperiksa`` on the WIB clock.
* a NON JKN booking carries no card number and no referral.
* ``updatewaktu`` on a closed booking (99, 7, or 5 with ``jenisresep`` "Tidak ada") answers
  "TaskId terakhir N" before anything else, a re-send of a recorded task too; task 99 is refused
  after 5, 6 or 7 with "TaskId terakhir N" (N = the last task recorded). Like every task, 99
  sent with ``updatewaktu`` must be on the service date (WIB) and within H+7; it stands outside
  the order, so it need not be later than the tasks before it.
* once task 1 was sent with ``updatewaktu``, task 3 needs task 2 ("Task=1 ada. TaskId=2 belum
  ada"); ``require_admission_tasks`` also demands task 1 for new patients.
"""

from __future__ import annotations

import copy
import re
import threading
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta, timezone
from typing import Any

WIB = timezone(timedelta(hours=7), "WIB")

OK = (200, "Ok")

STR_FIELDS = (
    "kodebooking",
    "jenispasien",
    "nomorkartu",
    "nik",
    "nohp",
    "kodepoli",
    "namapoli",
    "norm",
    "tanggalperiksa",
    "namadokter",
    "jampraktek",
    "nomorreferensi",
    "nomorantrean",
    "keterangan",
)
INT_FIELDS = (
    "pasienbaru",
    "kodedokter",
    "jeniskunjungan",
    "angkaantrean",
    "estimasidilayani",
    "sisakuotajkn",
    "kuotajkn",
    "sisakuotanonjkn",
    "kuotanonjkn",
)
ADD_FIELDS = STR_FIELDS + INT_FIELDS  # the 23 fields of antrean/add
NON_EMPTY = (
    "kodebooking",
    "jenispasien",
    "kodepoli",
    "norm",
    "tanggalperiksa",
    "jampraktek",
    "nomorantrean",
)
QUOTAS = (("sisakuotajkn", "kuotajkn"), ("sisakuotanonjkn", "kuotanonjkn"))
#: kodepoli -> [(kodedokter, ISO weekdays, jadwal "HH:MM-HH:MM", kapasitas)]
Jadwal = dict[str, list[tuple[int, tuple[int, ...], str, int]]]
ALL_DAYS = (1, 2, 3, 4, 5, 6, 7)
NO_SCHEDULE = (
    "Jadwal Dokter Tersebut Belum Tersedia, Silahkan Reschedule Tanggal dan Jam Praktek Lainnya"
)
VALID_TASKS = (1, 2, 3, 4, 5, 6, 7, 99)
TASK_NAMES = {
    1: "mulai waktu tunggu admisi",
    2: "mulai waktu layan admisi",
    3: "mulai waktu tunggu poli",
    4: "mulai waktu layan poli",
    5: "akhir waktu layan poli",
    6: "akhir waktu tunggu farmasi",
    7: "akhir waktu obat selesai dibuat",
    99: "tidak hadir/batal",
}
_JAM = re.compile(r"^\d{2}:\d{2}-\d{2}:\d{2}$")


def as_int(value: Any) -> int | None:
    """An int, or a numeric string (BPJS accepts both); None for anything else."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and re.fullmatch(r"-?\d+", value.strip()):
        return int(value.strip())
    return None


def fmt_wib(epoch_ms: int) -> str:
    return datetime.fromtimestamp(epoch_ms / 1000, WIB).strftime("%d-%m-%Y %H:%M:%S WIB")


@dataclass
class TaskRecord:
    taskid: int
    waktu: int  # epoch ms as sent
    received: datetime  # simulator clock when recorded
    jenisresep: str | None = None


@dataclass
class Booking:
    payload: dict[str, Any]
    service_date: date
    created: datetime
    tasks: dict[int, TaskRecord] = field(default_factory=dict)
    cancelled: bool = False
    keterangan_batal: str | None = None
    source: str = "Bridging Antrean RS"  # ``sumberdata`` in pendaftaran answers

    @property
    def new_patient(self) -> bool:
        return as_int(self.payload.get("pasienbaru")) == 1

    def last_task(self) -> int | None:
        """The task that closed the booking, if any."""
        if self.cancelled or 99 in self.tasks:
            return 99
        if 7 in self.tasks:
            return 7
        five = self.tasks.get(5)
        if five is not None and (five.jenisresep or "").strip().lower() == "tidak ada":
            return 5
        return None


class AntreanState:
    """All bookings of the simulator; every public method is atomic."""

    def __init__(
        self,
        *,
        require_admission_tasks: bool = False,
        max_days_after_service: int = 7,
        doctor_codes: set[int] | None = None,
        jadwal: Jadwal | None = None,
    ) -> None:
        self.require_admission_tasks = require_admission_tasks
        self.jadwal: Jadwal = jadwal if jadwal is not None else {}
        self.max_days_after_service = max_days_after_service
        self.doctor_codes = doctor_codes  # None: any doctor code is accepted
        self._lock = threading.RLock()
        self._bookings: dict[str, Booking] = {}

    # --- inspection ------------------------------------------------------------------------

    def snapshot(self, kodebooking: str) -> dict[str, Any] | None:
        """A deep copy of one booking: payload, service_date, cancelled, tasks {id: waktu}."""
        with self._lock:
            booking = self._bookings.get(kodebooking)
            if booking is None:
                return None
            return {
                "payload": copy.deepcopy(booking.payload),
                "service_date": booking.service_date.isoformat(),
                "cancelled": booking.cancelled,
                "keterangan_batal": booking.keterangan_batal,
                "tasks": {t: r.waktu for t, r in sorted(booking.tasks.items())},
                "jenisresep": {t: r.jenisresep for t, r in booking.tasks.items() if r.jenisresep},
            }

    def kodebookings(self) -> list[str]:
        with self._lock:
            return list(self._bookings)

    def clear(self) -> None:
        with self._lock:
            self._bookings.clear()

    def export(self) -> list[dict[str, Any]]:
        """Every booking as JSON-ready data (the demo keeps its BPJS across runs with it)."""
        with self._lock:
            return [
                {
                    "payload": copy.deepcopy(b.payload),
                    "service_date": b.service_date.isoformat(),
                    "created": b.created.isoformat(),
                    "cancelled": b.cancelled,
                    "keterangan_batal": b.keterangan_batal,
                    "tasks": [
                        [r.taskid, r.waktu, r.received.isoformat(), r.jenisresep]
                        for r in b.tasks.values()
                    ],
                }
                for b in self._bookings.values()
            ]

    def restore(self, data: list[dict[str, Any]]) -> None:
        """Replace the bookings with what :meth:`export` gave."""
        bookings: dict[str, Booking] = {}
        for item in data:
            booking = Booking(
                item["payload"],
                date.fromisoformat(item["service_date"]),
                datetime.fromisoformat(item["created"]),
                cancelled=item["cancelled"],
                keterangan_batal=item["keterangan_batal"],
            )
            for taskid, waktu, received, jenisresep in item["tasks"]:
                booking.tasks[taskid] = TaskRecord(
                    taskid, waktu, datetime.fromisoformat(received), jenisresep
                )
            bookings[item["payload"]["kodebooking"]] = booking
        with self._lock:
            self._bookings = bookings

    # --- antrean/add -----------------------------------------------------------------------

    def add(self, body: Any, now: datetime) -> tuple[int, str]:
        if not isinstance(body, dict):
            return 201, "Format request tidak valid (harus objek JSON)"
        problem = _validate_add(body, self.doctor_codes) or self._schedule_problem(body)
        if problem:
            return 201, problem
        kode = body["kodebooking"]
        with self._lock:
            if kode in self._bookings:
                return 208, "Terdapat duplikasi Kode Booking"
            service = date.fromisoformat(body["tanggalperiksa"])
            self._bookings[kode] = Booking(copy.deepcopy(body), service, now)
        return OK

    def sessions(self, kodepoli: str, kodedokter: int, day: date) -> list[str]:
        """The ``jadwal`` strings of a doctor at a clinic on ``day``'s weekday."""
        with self._lock:
            rows = list(self.jadwal.get(kodepoli, []))
        return [
            jam
            for dokter, days, jam, _ in rows
            if dokter == kodedokter and day.isoweekday() in days
        ]

    def _schedule_problem(self, body: dict[str, Any]) -> str | None:
        day = date.fromisoformat(body["tanggalperiksa"])
        sessions = self.sessions(body["kodepoli"], as_int(body["kodedokter"]) or 0, day)
        if not sessions:
            return NO_SCHEDULE
        if body["jampraktek"] not in sessions:
            return (
                f"Jam praktek {body['jampraktek']} tidak sesuai dengan jadwal dokter "
                f"({', '.join(sessions)})"
            )
        return None

    # --- antrean/updatewaktu ---------------------------------------------------------------

    def update_waktu(self, body: Any, now: datetime) -> tuple[int, str]:
        if not isinstance(body, dict):
            return 201, "Format request tidak valid (harus objek JSON)"
        kode = body.get("kodebooking")
        taskid = as_int(body.get("taskid"))
        waktu = as_int(body.get("waktu"))
        if not isinstance(kode, str) or not kode.strip():
            return 201, "kodebooking tidak boleh kosong"
        if taskid not in VALID_TASKS:
            return 201, f"TaskId={body.get('taskid')} tidak dikenal"
        if waktu is None:
            return 201, "waktu harus berupa angka (epoch milidetik)"
        jenisresep = body.get("jenisresep")
        with self._lock:
            booking = self._bookings.get(kode)
            if booking is None:
                return 201, "Kode Booking tidak ditemukan"
            # a closed booking refuses everything, a re-send of a recorded task too
            last = booking.last_task()
            if last is not None:
                return 201, f"TaskId terakhir {last}"
            if taskid in booking.tasks:
                return 208, f"TaskId={taskid} sudah ada"
            served = [t for t in (5, 6, 7) if t in booking.tasks]
            if taskid == 99 and served:  # no cancelling after the clinic service ended
                return 201, f"TaskId terakhir {max(served)}"
            if taskid == 99:
                problem = self._time_problem(booking, taskid, waktu, now, ordered=False)
                if problem:
                    return 201, problem
                booking.tasks[99] = TaskRecord(99, waktu, now)
                booking.cancelled = True
                return OK
            missing = self._missing_predecessor(booking, taskid)
            if missing:
                return 201, missing
            problem = self._time_problem(booking, taskid, waktu, now)
            if problem:
                return 201, problem
            booking.tasks[taskid] = TaskRecord(
                taskid, waktu, now, jenisresep if isinstance(jenisresep, str) else None
            )
        return OK

    def _missing_predecessor(self, booking: Booking, taskid: int) -> str | None:
        tasks = booking.tasks
        if taskid == 2 and 1 not in tasks:
            return "TaskId=1 belum ada"
        if taskid == 3 and self.require_admission_tasks and booking.new_patient and 1 not in tasks:
            return "TaskId=1 belum ada"
        if taskid == 3 and 1 in tasks and 2 not in tasks:  # admission started: 2 must follow
            return "Task=1 ada. TaskId=2 belum ada"
        if 4 <= taskid <= 7 and taskid - 1 not in tasks:
            return f"TaskId={taskid - 1} belum ada"
        return None

    def _time_problem(
        self, booking: Booking, taskid: int, waktu: int, now: datetime, *, ordered: bool = True
    ) -> str | None:
        """H+7, the service date (WIB), and (``ordered``) later than every earlier task."""
        today = now.astimezone(WIB).date()
        if (today - booking.service_date).days > self.max_days_after_service:
            return "Gagal. Tanggal kirim TaskId maksimal H+7 dari tanggal pelayanan."
        when = datetime.fromtimestamp(waktu / 1000, WIB)
        if when.date() != booking.service_date:
            return (
                f"Waktu tidak valid ({fmt_wib(waktu)}). Tanggal pelayanan untuk Kode Booking "
                f"tersebut adalah ({booking.service_date.isoformat()})"
            )
        earlier = [r.waktu for t, r in booking.tasks.items() if t < taskid and t != 99]
        if ordered and earlier and waktu <= max(earlier):
            return f"Waktu ({fmt_wib(waktu)}) tidak boleh kurang atau sama dengan waktu sebelumnya"
        return None

    # --- antrean/batal ---------------------------------------------------------------------

    def batal(self, body: Any, now: datetime) -> tuple[int, str]:
        if not isinstance(body, dict):
            return 201, "Format request tidak valid (harus objek JSON)"
        kode = body.get("kodebooking")
        keterangan = body.get("keterangan")
        if not isinstance(kode, str) or not kode.strip():
            return 201, "kodebooking tidak boleh kosong"
        if not isinstance(keterangan, str) or not keterangan.strip():
            return 201, "keterangan tidak boleh kosong"
        with self._lock:
            booking = self._bookings.get(kode)
            if booking is None or booking.cancelled:
                return 201, "Antrean Tidak Ditemukan atau Sudah Dibatalkan"
            if 5 in booking.tasks:
                return 201, "Pasien Sudah Dilayani, Antrean Tidak Dapat Dibatalkan"
            booking.cancelled = True
            booking.keterangan_batal = keterangan
            booking.tasks[99] = TaskRecord(99, int(now.timestamp() * 1000), now)
        return OK

    # --- antrean/getlisttask ---------------------------------------------------------------

    def list_tasks(self, body: Any) -> tuple[int, str, list[dict[str, Any]] | None]:
        kode = body.get("kodebooking") if isinstance(body, dict) else None
        if not isinstance(kode, str) or not kode.strip():
            return 201, "kodebooking tidak boleh kosong", None
        with self._lock:
            booking = self._bookings.get(kode)
            if booking is None:
                return 201, "Kode Booking tidak ditemukan", None
            rows = [
                {  # as the reference has it: wakturs = the hospital's time, waktu = BPJS's clock
                    "wakturs": fmt_wib(r.waktu),
                    "waktu": r.received.astimezone(WIB).strftime("%d-%m-%Y %H:%M:%S WIB"),
                    "taskname": TASK_NAMES[t],
                    "taskid": t,
                    "kodebooking": kode,
                }
                for t, r in sorted(booking.tasks.items())
            ]
        return 200, "Ok", rows

    # --- antrean/pendaftaran ---------------------------------------------------------------

    def pendaftaran(
        self, *, day: date | None = None, kodebooking: str | None = None
    ) -> list[dict[str, Any]]:
        """Bookings of a service date (or the one booking) in the reference's pendaftaran shape."""
        with self._lock:
            chosen = [
                (kode, b)
                for kode, b in self._bookings.items()
                if (day is None or b.service_date == day)
                and (kodebooking is None or kode == kodebooking)
            ]
            return [_pendaftaran_row(kode, b) for kode, b in chosen]

    # --- dashboard/waktutunggu -------------------------------------------------------------

    def waktutunggu(self, days: set[date], waktu: str, now: datetime) -> list[dict[str, Any]]:
        """Per clinic and day: bookings, and the seconds between consecutive tasks (summed and
        averaged over the bookings that have both). ``waktu`` "rs" uses the hospital's task
        times, "server" the simulator's clock when each task arrived."""
        groups: dict[tuple[date, str], list[Booking]] = {}
        with self._lock:
            for booking in self._bookings.values():
                if booking.service_date in days and not booking.cancelled:
                    key = (booking.service_date, str(booking.payload.get("kodepoli", "")))
                    groups.setdefault(key, []).append(booking)
            rows = []
            for (day, kodepoli), bookings in sorted(groups.items()):
                row: dict[str, Any] = {
                    "kdppk": SIM_PPK[0],
                    "nmppk": SIM_PPK[1],
                    "kodepoli": kodepoli,
                    "namapoli": str(bookings[0].payload.get("namapoli", "")),
                    "tanggal": day.isoformat(),
                    "jumlah_antrean": len(bookings),
                }
                for n in range(1, 7):
                    spans = [
                        _span_seconds(b.tasks[n], b.tasks[n + 1], waktu)
                        for b in bookings
                        if n in b.tasks and n + 1 in b.tasks
                    ]
                    row[f"waktu_task{n}"] = sum(spans)
                    row[f"avg_waktu_task{n}"] = round(sum(spans) / len(spans)) if spans else 0
                row["insertdate"] = int(now.timestamp() * 1000)
                rows.append(row)
        return rows

    # --- test-only: change the records behind the program's back ---------------------------

    def remove_task(self, kodebooking: str, taskid: int) -> None:
        """Forget one recorded task (as if BPJS had lost it)."""
        with self._lock:
            del self._bookings[kodebooking].tasks[taskid]

    def set_task_time(self, kodebooking: str, taskid: int, waktu_ms: int) -> None:
        with self._lock:
            self._bookings[kodebooking].tasks[taskid].waktu = waktu_ms

    def remove_booking(self, kodebooking: str) -> None:
        with self._lock:
            del self._bookings[kodebooking]

    def cancel_booking(self, kodebooking: str, now: datetime) -> None:
        """Cancel as the patient's Mobile JKN app would: task 99 at ``now``."""
        with self._lock:
            booking = self._bookings[kodebooking]
            booking.cancelled = True
            booking.keterangan_batal = "dibatalkan di Mobile JKN"
            booking.tasks[99] = TaskRecord(99, int(now.timestamp() * 1000), now)

    def record_task(self, kodebooking: str, taskid: int, waktu_ms: int, received: datetime) -> None:
        """Record a task time without the rules (to fill the simulator with a history)."""
        with self._lock:
            self._bookings[kodebooking].tasks[taskid] = TaskRecord(taskid, waktu_ms, received)

    def put_booking(self, payload: dict[str, Any], now: datetime, source: str) -> None:
        """Record a booking the program never sent (e.g. one made in Mobile JKN)."""
        with self._lock:
            service = date.fromisoformat(payload["tanggalperiksa"])
            booking = Booking(copy.deepcopy(payload), service, now)
            booking.source = source
            self._bookings[payload["kodebooking"]] = booking


#: the simulated hospital in the dashboard answers (kode PPK, name)
SIM_PPK = ("0001R001", "RS SIMULASI ANTREAN")


def _span_seconds(first: TaskRecord, second: TaskRecord, waktu: str) -> int:
    if waktu == "server":
        return int((second.received - first.received).total_seconds())
    return (second.waktu - first.waktu) // 1000


def _booking_status(booking: Booking) -> str:
    if booking.cancelled:
        return "Batal"  # not in BPJS's catalogue; the program does not rely on this text
    if 5 in booking.tasks:
        return "Selesai dilayani"
    if 4 in booking.tasks:
        return "Sedang dilayani"
    return "Belum dilayani"


def _pendaftaran_row(kode: str, booking: Booking) -> dict[str, Any]:
    p = booking.payload
    return {
        "kodebooking": kode,
        "tanggal": booking.service_date.isoformat(),
        "kodepoli": p.get("kodepoli"),
        "kodedokter": as_int(p.get("kodedokter")),
        "jampraktek": p.get("jampraktek"),
        "nik": p.get("nik"),
        "nokapst": p.get("nomorkartu"),
        "nohp": p.get("nohp"),
        "norekammedis": p.get("norm"),
        "jeniskunjungan": as_int(p.get("jeniskunjungan")),
        "nomorreferensi": p.get("nomorreferensi"),
        "sumberdata": booking.source,
        "ispeserta": p.get("jenispasien") == "JKN",
        "noantrean": p.get("nomorantrean"),
        "estimasidilayani": as_int(p.get("estimasidilayani")),
        "createdtime": int(booking.created.timestamp() * 1000),
        "status": _booking_status(booking),
    }


def _validate_add(body: dict[str, Any], doctor_codes: set[int] | None) -> str | None:
    for name in ADD_FIELDS:
        if name not in body or body[name] is None:
            return f"{name} tidak boleh kosong"
    for name in STR_FIELDS:
        if not isinstance(body[name], str):
            return f"{name} harus berupa teks"
    for name in INT_FIELDS:
        if as_int(body[name]) is None:
            return f"{name} harus berupa angka"
    for name in NON_EMPTY:
        if not body[name].strip():
            return f"{name} tidak boleh kosong"
    if body["jenispasien"] not in ("JKN", "NON JKN"):
        return "jenispasien tidak valid (JKN atau NON JKN)"
    if body["jenispasien"] == "JKN":
        if not re.fullmatch(r"\d{13}", body["nomorkartu"]):
            return "nomorkartu tidak valid (13 digit untuk pasien JKN)"
        if not body["nomorreferensi"].strip():
            return "Rujukan tidak valid"
    else:
        for name in ("nomorkartu", "nomorreferensi"):
            if body[name].strip():
                return f"{name} harus kosong untuk pasien NON JKN"
    try:
        date.fromisoformat(body["tanggalperiksa"])
    except ValueError:
        return "tanggalperiksa tidak valid (format YYYY-MM-DD)"
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", body["tanggalperiksa"]):
        return "tanggalperiksa tidak valid (format YYYY-MM-DD)"
    if not _JAM.match(body["jampraktek"]):
        return "jampraktek tidak valid (format HH:MM-HH:MM)"
    if as_int(body["pasienbaru"]) not in (0, 1):
        return "pasienbaru tidak valid (0 atau 1)"
    if as_int(body["jeniskunjungan"]) not in (1, 2, 3, 4):
        return "jeniskunjungan tidak valid (1 sampai 4)"
    if (as_int(body["angkaantrean"]) or 0) < 1:
        return "angkaantrean tidak valid (minimal 1)"
    for sisa, kuota in QUOTAS:
        if (as_int(body[kuota]) or 0) <= 0:
            return f"{kuota} harus lebih dari 0"
        if not 0 <= (as_int(body[sisa]) or 0) <= (as_int(body[kuota]) or 0):
            return f"{sisa} tidak valid (0 sampai {kuota})"
    estimasi = as_int(body["estimasidilayani"]) or 0
    if estimasi < 10**12:
        return "estimasidilayani tidak valid (epoch milidetik)"
    if datetime.fromtimestamp(estimasi / 1000, WIB).date().isoformat() != body["tanggalperiksa"]:
        return f"estimasidilayani ({fmt_wib(estimasi)}) tidak pada tanggal periksa"
    if doctor_codes is not None and as_int(body["kodedokter"]) not in doctor_codes:
        return "Data dokter tidak ditemukan."
    return None


def utc_now() -> datetime:
    return datetime.now(UTC)
