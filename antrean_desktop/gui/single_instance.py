"""One Antrean Desktop per PC: a second start asks the first to come forward, then exits."""

from __future__ import annotations

import getpass
import hashlib
import logging

from PySide6.QtCore import QObject, Signal, Slot
from PySide6.QtNetwork import QLocalServer, QLocalSocket

log = logging.getLogger("antrean.gui")


def server_name(suffix: str = "") -> str:
    try:
        user = getpass.getuser()
    except Exception:  # no user name on some service accounts
        user = "user"
    digest = hashlib.sha1(f"{user}{suffix}".encode()).hexdigest()[:12]
    return f"antrean-desktop-{digest}"


class SingleInstance(QObject):
    """``claim()`` returns False (after waking the running instance) if one already runs."""

    activated = Signal()

    def __init__(self, name: str | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.name = name or server_name()
        self._server: QLocalServer | None = None

    def claim(self, timeout_ms: int = 500) -> bool:
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
        QLocalServer.removeServer(self.name)  # a stale socket after a crash (Unix)
        server = QLocalServer(self)
        server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        if not server.listen(self.name):
            log.warning("single-instance server not started: %s", server.errorString())
            return True
        server.newConnection.connect(self._new_connection)
        self._server = server
        return True

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
