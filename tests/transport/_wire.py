"""A scripted HTTP/1.1 server on a real socket, and the clients every wire test runs on.

The server answers each request with the next :class:`Action` of its script: a whole answer,
a late one, none at all (the connection is closed), or a body cut short. Everything happens on
a real TCP connection on 127.0.0.1, so the HTTP stack under test (httpx's own transport for
``Xero`` and ``AsyncXero``, aiohttp for ``AsyncXero(transport="aiohttp")``) does all the work:
parsing, keep-alive, timeouts, connection errors.
"""

from __future__ import annotations

import asyncio
import contextlib
import gzip
import json
import socket
import threading
import time
from collections.abc import Callable
from typing import Any

import attrs

from xero_sdk._clients import AsyncXero, Xero
from xero_sdk._runtime.operation import ApiRequest, RequestOptions

WIRE_MODES = ["sync", "async-httpx", "async-aiohttp"]
"""``Xero`` on httpx, ``AsyncXero`` on httpx, ``AsyncXero`` on aiohttp."""

_REASONS = {200: "OK", 400: "Bad Request", 404: "Not Found", 429: "Too Many Requests", 503: "Unavailable"}


@attrs.frozen
class Answer:
    status: int = 200
    headers: dict[str, str] = attrs.field(factory=dict)
    body: bytes = b""
    delay: float = 0.0
    """Seconds before the answer's first byte."""
    cut_after: int | None = None
    """Send only this many bytes of the body (Content-Length says all of it), then close."""
    hangup: bool = False
    """Close the connection without answering."""

    @classmethod
    def json(cls, document: Any, status: int = 200, **kw: Any) -> Answer:
        return cls(status, {"Content-Type": "application/json"}, json.dumps(document).encode(), **kw)

    @classmethod
    def gzip_json(cls, document: Any) -> Answer:
        body = gzip.compress(json.dumps(document).encode())
        return cls(200, {"Content-Type": "application/json", "Content-Encoding": "gzip"}, body)


@attrs.frozen
class Received:
    method: str
    target: str
    headers: dict[str, str]
    body: bytes


class WireServer:
    """``url``; ``script`` (answers in order, then ``default``); ``received`` requests."""

    def __init__(self, script: list[Answer], default: Answer | None = None) -> None:
        self.script = list(script)
        self.default = default
        self.received: list[Received] = []
        self._lock = threading.Lock()
        self._sock = socket.create_server(("127.0.0.1", 0))
        self.url = f"http://127.0.0.1:{self._sock.getsockname()[1]}"
        self._closed = False
        self.connections = 0
        """Connections accepted so far."""
        self._threads: list[threading.Thread] = []
        self._accepter = threading.Thread(target=self._accept, daemon=True)
        self._accepter.start()

    def close(self) -> None:
        self._closed = True
        with contextlib.suppress(OSError):
            self._sock.shutdown(socket.SHUT_RDWR)  # wakes the accepting thread
        self._sock.close()
        self._accepter.join(5)

    def _accept(self) -> None:
        while not self._closed:
            try:
                conn, _ = self._sock.accept()
            except OSError:
                return
            with self._lock:
                self.connections += 1
            thread = threading.Thread(target=self._serve, args=(conn,), daemon=True)
            thread.start()
            self._threads.append(thread)

    def _next(self) -> Answer:
        with self._lock:
            if self.script:
                return self.script.pop(0)
            if self.default is None:
                raise AssertionError("the script ran out")
            return self.default

    def _serve(self, conn: socket.socket) -> None:
        reader = conn.makefile("rb")
        try:
            while True:
                request = _read_request(reader)
                if request is None:
                    return
                with self._lock:
                    self.received.append(request)
                answer = self._next()
                if answer.delay:
                    time.sleep(answer.delay)
                if answer.hangup:
                    return
                head = [f"HTTP/1.1 {answer.status} {_REASONS.get(answer.status, 'OK')}"]
                head += [f"{k}: {v}" for k, v in answer.headers.items()]
                head.append(f"Content-Length: {len(answer.body)}")
                body = answer.body if answer.cut_after is None else answer.body[: answer.cut_after]
                conn.sendall(("\r\n".join(head) + "\r\n\r\n").encode("latin-1") + body)
                if answer.cut_after is not None:
                    return
        except OSError:
            return
        finally:
            reader.close()
            conn.close()


def _read_request(reader: Any) -> Received | None:
    line = reader.readline()
    if not line:
        return None
    method, target, _ = line.decode("latin-1").split(" ", 2)
    headers: dict[str, str] = {}
    while (line := reader.readline()) not in (b"\r\n", b"\n", b""):
        name, _, value = line.decode("latin-1").partition(":")
        headers[name.strip().lower()] = value.strip()
    if headers.get("transfer-encoding", "").lower() == "chunked":
        body = bytearray()
        while size := int(reader.readline().split(b";")[0], 16):
            body += reader.read(size)
            reader.readline()
        reader.readline()
        return Received(method, target, headers, bytes(body))
    length = int(headers.get("content-length") or 0)
    return Received(method, target, headers, reader.read(length) if length else b"")


def unused_url() -> str:
    """A loopback URL where nothing listens (connections are refused)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return f"http://127.0.0.1:{sock.getsockname()[1]}"


def wire_client(mode: str, url: str, **kw: Any) -> Xero | AsyncXero:
    """A client of ``mode`` (one of :data:`WIRE_MODES`) for every API at ``url``; in the async
    modes build it inside the event loop that uses it (:func:`run`)."""
    kw.setdefault("access_token", "at-WIRE-SECRET")
    kw.setdefault("tenant_id", "T")
    if mode == "sync":
        return Xero(api_url=url, **kw)
    return AsyncXero(api_url=url, transport="aiohttp" if mode == "async-aiohttp" else "httpx", **kw)


def run(
    mode: str,
    url: str,
    call: Callable[[Xero | AsyncXero], Any],
    **kw: Any,
) -> Any:
    """Build a client of ``mode`` and return ``call(client)`` (awaited in the async modes), the
    client closed afterwards."""
    if mode == "sync":
        with wire_client(mode, url, **kw) as client:  # type: ignore[union-attr]
            return call(client)

    async def main() -> Any:
        client = wire_client(mode, url, **kw)
        assert isinstance(client, AsyncXero)
        async with client:
            return await call(client)

    return asyncio.run(main())


def send(req: ApiRequest, options: RequestOptions | None = None) -> Callable[[Xero | AsyncXero], Any]:
    """``call`` for :func:`run`: send ``req`` and return its decoded JSON body."""
    return lambda client: client.sender.request(req, lambda body: body, options)


def download(req: ApiRequest, destination: Any = None) -> Callable[[Xero | AsyncXero], Any]:
    """``call`` for :func:`run`: fetch ``req``'s body as bytes, or stream it to ``destination``."""
    return lambda client: client.sender.request_bytes(req, destination, None)
