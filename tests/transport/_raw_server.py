"""A TCP server on 127.0.0.1 that answers each connection with a script written against the raw
socket: for answers no HTTP server library sends (headers a byte at a time, corrupt bodies)."""

from __future__ import annotations

import socket
import threading
from collections.abc import Callable

Script = Callable[[socket.socket], None]


class RawServer:
    """Runs ``script(conn)`` for every connection after reading the request head."""

    def __init__(self, script: Script) -> None:
        self.script = script
        self._sock = socket.create_server(("127.0.0.1", 0))
        self._sock.settimeout(0.1)
        self.url = f"http://127.0.0.1:{self._sock.getsockname()[1]}"
        self.requests: list[bytes] = []
        self._stop = threading.Event()
        self._threads: list[threading.Thread] = []
        self._accept = threading.Thread(target=self._run, daemon=True)
        self._accept.start()

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self._sock.accept()
            except (TimeoutError, OSError):
                continue
            thread = threading.Thread(target=self._serve, args=(conn,), daemon=True)
            self._threads.append(thread)
            thread.start()

    def _serve(self, conn: socket.socket) -> None:
        with conn:
            conn.settimeout(10)
            head = b""
            try:
                while b"\r\n\r\n" not in head:
                    data = conn.recv(65536)
                    if not data:
                        return
                    head += data
                self.requests.append(head)
                self.script(conn)
            except OSError:  # the client gave up (what the deadline tests expect)
                pass

    def pause(self, seconds: float) -> None:
        """Sleep in a script; raises ``OSError`` once the server is closing, to end it."""
        if self._stop.wait(seconds):
            raise OSError("server closing")

    def close(self) -> None:
        self._stop.set()
        self._accept.join(timeout=5)
        self._sock.close()
        for thread in self._threads:
            thread.join(timeout=5)


def head(status: int, headers: dict[str, str]) -> bytes:
    lines = [f"HTTP/1.1 {status} X"] + [f"{k}: {v}" for k, v in headers.items()]
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")
