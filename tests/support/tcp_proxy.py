"""A tiny TCP proxy on 127.0.0.1 that can go silent: it keeps every connection open but stops
forwarding (bytes in both directions are held back and dropped), like a network path to a
database server that died without closing anything. It can also refuse: cut every open
connection and close new ones at once, like a database server that is gone."""

from __future__ import annotations

import contextlib
import selectors
import socket
import threading


class SilentProxy:
    def __init__(self, target_host: str, target_port: int) -> None:
        self.target = (target_host, target_port)
        self.silent = False
        self.refusing = False
        #: bytes the clients sent on to the target: what a program behind the proxy sent
        self.bytes_up = 0
        self._clients: set[socket.socket] = set()
        self._cut = threading.Event()
        self._listener = socket.create_server(("127.0.0.1", 0))
        self._listener.setblocking(False)
        self.port = self._listener.getsockname()[1]
        self._selector = selectors.DefaultSelector()
        self._selector.register(self._listener, selectors.EVENT_READ, None)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="silent-proxy", daemon=True)

    def __enter__(self) -> SilentProxy:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join(timeout=10)
        for key in list(self._selector.get_map().values()):
            key.fileobj.close()  # type: ignore[union-attr]
        self._selector.close()

    def url(self, url: str) -> str:
        """``url`` (a SQLAlchemy URL to the target) through this proxy."""
        host, port = self.target
        return url.replace(f"@{host}:{port}/", f"@127.0.0.1:{self.port}/")

    def refuse(self) -> None:
        """The server is gone: open connections are cut, new ones closed at once."""
        self.refusing = True
        self._cut.set()

    def restore(self) -> None:
        self.refusing = self.silent = False

    def _accept(self) -> None:
        client, _ = self._listener.accept()
        if self.refusing:
            client.close()
            return
        try:
            upstream = socket.create_connection(self.target, timeout=5)
        except OSError:
            client.close()
            return
        self._clients.add(client)
        for a, b in ((client, upstream), (upstream, client)):
            a.setblocking(False)
            self._selector.register(a, selectors.EVENT_READ, b)

    def _drop(self, *socks: socket.socket) -> None:
        for s in socks:
            self._clients.discard(s)
            with contextlib.suppress(KeyError, ValueError):
                self._selector.unregister(s)
            s.close()

    def _run(self) -> None:
        while not self._stop.is_set():
            if self._cut.is_set():
                self._cut.clear()
                for key in list(self._selector.get_map().values()):
                    if key.data is not None:
                        self._drop(key.fileobj)  # type: ignore[arg-type]
            for key, _ in self._selector.select(timeout=0.05):
                if key.data is None:
                    self._accept()
                    continue
                source: socket.socket = key.fileobj  # type: ignore[assignment]
                peer: socket.socket = key.data
                try:
                    data = source.recv(65536)
                except OSError:
                    data = b""
                if not data:
                    self._drop(source, peer)
                    continue
                if self.silent:
                    continue  # the black hole: read and forget
                try:
                    peer.sendall(data)
                except OSError:
                    self._drop(source, peer)
                    continue
                if source in self._clients:
                    self.bytes_up += len(data)
