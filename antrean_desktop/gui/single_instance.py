"""One Antrean Desktop per user: a second start asks the first to come forward, then exits.

The claim is a ``QLockFile`` in a folder private to the user (``$XDG_RUNTIME_DIR`` on Linux,
else the user data folder), so another local user cannot pretend to be the running instance; a
lock left by a crashed process is taken over (Qt checks whether its process still runs). The
"come forward" request goes over a local socket in the same folder (on Windows a named pipe
only this user may open). When the lock is held but its owner does not answer, the second start
says so instead of exiting silently.
"""

from __future__ import annotations

import getpass
import hashlib
import logging
import os
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLockFile, QObject, Signal, Slot
from PySide6.QtNetwork import QLocalServer, QLocalSocket

from antrean_desktop.config import user_data_dir
from antrean_desktop.private_files import private_dir

log = logging.getLogger("antrean.gui")


def instance_dir() -> Path:
    runtime = os.environ.get("XDG_RUNTIME_DIR")  # /run/user/<uid>: private, cleared at logout
    if os.name == "posix" and runtime and Path(runtime).is_dir():
        return Path(runtime) / "antrean-desktop"
    return user_data_dir()


def server_name(folder: Path) -> str:
    """The socket: a path inside ``folder`` on POSIX; a per-user pipe name on Windows."""
    if os.name == "posix":
        return str(folder / "instance.sock")
    try:
        user = getpass.getuser()
    except Exception:  # no user name on some service accounts
        user = "user"
    digest = hashlib.sha256(f"{user}|{folder}".encode()).hexdigest()[:16]
    return f"antrean-desktop-{digest}"


class SingleInstance(QObject):
    """``claim()`` returns False if another instance runs (after waking it when it answers;
    otherwise :attr:`problem` says why it could not be reached)."""

    activated = Signal()

    def __init__(self, folder: Path | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.folder = private_dir(folder or instance_dir())
        self.name = server_name(self.folder)
        self.lock = QLockFile(str(self.folder / "instance.lock"))
        self.lock.setStaleLockTime(0)  # held for the program's life; a dead owner is stale
        self._server: QLocalServer | None = None
        self.problem = ""

    def claim(self, timeout_ms: int = 1000) -> bool:
        if self.lock.tryLock(0):
            self._listen()
            return True
        socket = QLocalSocket(self)
        socket.connectToServer(self.name)
        if socket.waitForConnected(timeout_ms):
            socket.write(b"show\n")
            socket.flush()
            socket.waitForBytesWritten(timeout_ms)
            socket.disconnectFromServer()
            log.info("Antrean Desktop is already running; brought it to the front")
            return False
        socket.abort()
        info = self.lock.getLockInfo()  # PySide6: (pid, hostname, appname), or False
        pid, host = (info[0], info[1]) if isinstance(info, tuple) else ("?", "")
        self.problem = QCoreApplication.translate(
            "SingleInstance",
            "Antrean Desktop sudah berjalan untuk pengguna ini (proses {pid} di {host}), tetapi "
            "tidak menjawab. Tutup program itu (atau hentikan prosesnya), lalu buka lagi. "
            "Kunci: {lock}",
        ).format(pid=pid, host=host or "-", lock=self.folder / "instance.lock")
        log.warning(
            "another Antrean Desktop (pid %s on %s) holds %s but does not answer",
            pid,
            host,
            self.folder / "instance.lock",
        )
        return False

    def _listen(self) -> None:
        QLocalServer.removeServer(self.name)  # a stale socket after a crash: the lock is ours
        server = QLocalServer(self)
        server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        if not server.listen(self.name):
            log.warning("single-instance server not started: %s", server.errorString())
            return
        server.newConnection.connect(self._new_connection)
        self._server = server

    @Slot()
    def _new_connection(self) -> None:
        assert self._server is not None
        while (conn := self._server.nextPendingConnection()) is not None:
            conn.disconnected.connect(conn.deleteLater)
            self.activated.emit()

    def release(self) -> None:
        if self._server is not None:
            self._server.close()
            self._server = None
        if self.lock.isLocked():
            self.lock.unlock()
