"""What several benchmarks share: a Khanza with two clinics open all day, and a config file."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from antrean_desktop.domain.booking import hari
from tests.khanza.builders import KhanzaFixture
from tests.support.mariadb import MariaDBServer, khanza_schema_sql

WIB = ZoneInfo("Asia/Jakarta")
CONS, SECRET, USER_KEY = "bench-cons", "bench-secret", "bench-user"
#: (kd_dokter, kd_poli, BPJS doctor code)
DOCTORS = [("D001", "INT", "12345"), ("D002", "ANA", "23456")]
#: the doctors' all-day sessions, as BPJS knows them (the simulator's jadwaldokter)
SESSIONS = [(kd_poli, int(bpjs), "00:00-23:59") for _, kd_poli, bpjs in DOCTORS]


def open_khanza(server: MariaDBServer) -> tuple[str, KhanzaFixture]:
    """A new Khanza database with the payer, two mapped clinics and doctors working all day
    today; returns its URL and a fixture to write visits with."""
    name = server.create_database("sik")
    server.load_sql(name, khanza_schema_sql())
    kz = KhanzaFixture.connect(server.url(name))
    day = datetime.now(WIB).date()
    kz.payer("BPJ", "BPJS Kesehatan")
    for kd_dokter, kd_poli, bpjs in DOCTORS:
        kz.clinic(kd_poli, f"Poli {kd_poli}", kd_poli)
        kz.doctor(kd_dokter, f"dr. {kd_dokter}", bpjs, [(hari(day), "00:00:00", "23:59:00", kd_poli, 9999)])  # fmt: skip
    return server.url(name), kz


def write_config(
    tmp: str | Path,
    khanza_url: str,
    base_url: str,
    *,
    poll_seconds: int = 30,
    store: str = "",
    name: str = "bench.toml",
) -> str:
    """A configuration file for the program; its store in ``tmp`` unless ``store`` gives the
    ``[store]`` lines (a shared store: url, takeover_seconds, desk_name)."""
    path = Path(tmp, name)
    store = store or f'url = "sqlite:///{Path(tmp, "store.db").as_posix()}"'
    path.write_text(
        f"""
[khanza]
url = "{khanza_url}"
[store]
{store}
[bpjs]
base_url = "{base_url}"
cons_id = "{CONS}"
secret_key = "{SECRET}"
user_key = "{USER_KEY}"
[schedule]
poll_seconds = {poll_seconds}
worker_seconds = 1
""",
        encoding="utf-8",
    )
    return str(path)
