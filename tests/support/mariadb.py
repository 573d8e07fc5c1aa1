"""A throwaway MariaDB server for tests, or an existing one named by ANTREAN_TEST_MARIADB_URL.

The server runs as the current user (root in CI) from a temporary data directory, on a free
127.0.0.1 port, and is stopped and removed at the end of the test session.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pymysql

from antrean_desktop.khanza.sqlite_schema import schema_sql, split_sql, variant_statements
from tests.support.processes import end

REPO = Path(__file__).resolve().parents[2]


def khanza_schema_sql(name: str = "khanza.sql") -> str:
    """The project's own Khanza table definitions (shipped inside the package)."""
    return schema_sql(name)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _find(binary: str, *alternatives: str) -> str:
    for name in (binary, *alternatives):
        path = shutil.which(name) or (
            f"/usr/sbin/{name}" if Path(f"/usr/sbin/{name}").exists() else None
        )
        if path:
            return path
    raise FileNotFoundError(f"{binary} not found: install Debian's mariadb-server package")


@dataclass
class MariaDBServer:
    host: str
    port: int
    user: str
    password: str
    process: subprocess.Popen[bytes] | None = None
    datadir: Path | None = None
    command: tuple[str, ...] = ()  # how this server was started (for restart)

    def url(self, database: str = "") -> str:
        auth = self.user + (f":{self.password}" if self.password else "")
        return f"mysql+pymysql://{auth}@{self.host}:{self.port}/{database}?charset=utf8mb4"

    def connect(self, database: str | None = None, **kw) -> pymysql.connections.Connection:
        return pymysql.connect(
            host=self.host,
            port=self.port,
            user=self.user,
            password=self.password,
            database=database,
            autocommit=True,
            **kw,
        )

    def queries_running(self, database: str, starting: str) -> int:
        """How many connections to ``database`` are running (or waiting in) a statement that
        starts with ``starting``: e.g. desks waiting for a lock."""
        with self.connect() as conn, conn.cursor() as cur:
            cur.execute(
                "SELECT COUNT(*) FROM information_schema.PROCESSLIST"
                " WHERE DB = %s AND COMMAND = 'Query' AND INFO LIKE %s",
                (database, starting.replace("%", r"\%") + "%"),
            )
            return int(cur.fetchone()[0])

    def create_database(self, prefix: str = "t", charset: str = "latin1") -> str:
        name = f"{prefix}_{uuid.uuid4().hex[:12]}"
        with self.connect() as conn, conn.cursor() as cur:
            cur.execute(f"CREATE DATABASE `{name}` CHARACTER SET {charset}")
        return name

    def drop_database(self, name: str) -> None:
        with self.connect() as conn, conn.cursor() as cur:
            cur.execute(f"DROP DATABASE IF EXISTS `{name}`")

    def load_sql(self, database: str, sql_text: str) -> None:
        """Run a script of ;-terminated statements with the permissive sql_mode Khanza needs."""
        with self.connect(database) as conn, conn.cursor() as cur:
            cur.execute("SET SESSION sql_mode = ''")
            for statement in split_sql(sql_text):
                cur.execute(statement)

    def load_variant(self, database: str, variant: str) -> None:
        """Build one of the Khanza schema variants (``sqlite_schema.VARIANTS``) in ``database``."""
        self.load_sql(database, ";\n".join(variant_statements(variant)))

    def restart(self, down: Callable[[], None] = lambda: None) -> None:
        """Stop the server (as its service would: SIGTERM), call ``down()`` while it is down,
        and start it again on the same data and port."""
        assert self.process is not None and self.datadir is not None, "not started by the tests"
        end(self.process, 60)
        self.process = None
        down()
        _launch(self)

    def stop(self) -> None:
        if self.process is not None:
            end(self.process, 30)
            self.process = None
        if self.datadir is not None:
            shutil.rmtree(self.datadir, ignore_errors=True)
            self.datadir = None


def start_mariadb() -> MariaDBServer:
    url = os.environ.get("ANTREAN_TEST_MARIADB_URL")
    if url:
        from sqlalchemy.engine import make_url

        u = make_url(url)
        return MariaDBServer(
            u.host or "127.0.0.1", u.port or 3306, u.username or "root", u.password or ""
        )

    install_db = _find("mariadb-install-db", "mysql_install_db")
    mariadbd = _find("mariadbd", "mysqld")
    base = Path(tempfile.mkdtemp(prefix="antrean-mariadb-"))
    datadir, sock = base / "data", base / "mysqld.sock"
    user_args = ["--user=root"] if os.geteuid() == 0 else []
    subprocess.run(
        [
            install_db,
            "--no-defaults",
            f"--datadir={datadir}",
            "--auth-root-authentication-method=normal",
            "--skip-test-db",
            *user_args,
        ],
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        timeout=180,
    )
    port = _free_port()
    command = (
        mariadbd,
        "--no-defaults",
        f"--datadir={datadir}",
        f"--socket={sock}",
        f"--port={port}",
        "--bind-address=127.0.0.1",
        "--skip-name-resolve",
        "--innodb-buffer-pool-size=64M",
        "--innodb-flush-log-at-trx-commit=2",
        "--skip-log-bin",
        f"--pid-file={base / 'mysqld.pid'}",
        *user_args,
    )
    server = MariaDBServer("127.0.0.1", port, "root", "", None, base, command)
    _launch(server)
    return server


def _launch(server: MariaDBServer) -> None:
    """Start ``server.command`` and wait until it takes connections."""
    base = server.datadir
    with (base / "server.log").open("ab") as log:
        process = subprocess.Popen(server.command, stdout=log, stderr=subprocess.STDOUT)
    server.process = process
    deadline = time.monotonic() + 60
    while True:
        try:
            server.connect().close()
            return
        except pymysql.err.OperationalError:
            if process.poll() is not None or time.monotonic() > deadline:
                tail = (base / "server.log").read_text(errors="replace")[-2000:]
                server.stop()
                raise RuntimeError(f"MariaDB did not start:\n{tail}") from None
            time.sleep(0.2)
