"""A small TCP proxy for fault tests: put between the app and PostgreSQL or Redis, it
passes bytes through, or fails the way a dependency fails in production:

- ``refuse``: new connections are reset at once (a server that is down);
- ``drop``: every open connection is reset now, new ones pass (a restart, a failover);
- ``stall``: connections stay open and nothing passes either way, new ones are accepted
  and never answered (a hung server, a network that drops packets).

``pass`` restores normal service. Threads, not processes: it lives inside the test.
"""

from __future__ import annotations

import select
import socket
import struct
import threading
from contextlib import contextmanager, suppress

MODES = ("pass", "refuse", "drop", "stall")


def _reset(sock: socket.socket) -> None:
    """Close with RST rather than FIN, as a crashed peer's kernel does."""
    with suppress(OSError):
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    sock.close()


class FaultProxy:
    def __init__(self, upstream: tuple[str, int]):
        self.upstream = upstream
        self.mode = "pass"
        self._listener = socket.socket()
        self._listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self._listener.bind(("127.0.0.1", 0))
        self._listener.listen(128)
        self.port = self._listener.getsockname()[1]
        self._pairs: list[tuple[socket.socket, socket.socket | None]] = []
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._accept, daemon=True)
        self._thread.start()

    def set(self, mode: str) -> None:
        assert mode in MODES, mode
        self.mode = mode
        if mode == "drop":
            with self._lock:
                pairs, self._pairs = self._pairs, []
            for client, server in pairs:
                _reset(client)
                if server is not None:
                    _reset(server)
            self.mode = "pass"

    def close(self) -> None:
        self._stop.set()
        self._listener.close()
        self.set("drop")

    def _accept(self) -> None:
        self._listener.settimeout(0.1)
        while not self._stop.is_set():
            try:
                client, _ = self._listener.accept()
            except (TimeoutError, OSError):
                continue
            if self.mode == "refuse":
                _reset(client)
                continue
            threading.Thread(target=self._serve, args=(client,), daemon=True).start()

    def _serve(self, client: socket.socket) -> None:
        server = None
        with self._lock:
            self._pairs.append((client, None))
        try:
            while self.mode == "stall" and not self._stop.is_set():
                self._stop.wait(0.05)  # accepted, never answered
            server = socket.create_connection(self.upstream, timeout=5)
            with self._lock:
                self._pairs = [(c, server if c is client else s) for c, s in self._pairs]
            self._pump(client, server)
        except OSError:
            pass
        finally:
            with self._lock:
                self._pairs = [(c, s) for c, s in self._pairs if c is not client]
            for sock in (client, server):
                if sock is not None:
                    with suppress(OSError):
                        sock.close()

    def _pump(self, client: socket.socket, server: socket.socket) -> None:
        peers = {client: server, server: client}
        while not self._stop.is_set():
            if self.mode == "stall":
                self._stop.wait(0.05)  # bytes wait in the kernel's buffers, unanswered
                continue
            readable, _, _ = select.select(list(peers), [], [], 0.1)
            for sock in readable:
                data = sock.recv(65536)
                if not data:
                    return
                peers[sock].sendall(data)


@contextmanager
def fault_proxy(host: str, port: int):
    proxy = FaultProxy((host, port))
    try:
        yield proxy
    finally:
        proxy.close()
