"""A small HTTP server on 127.0.0.1 that fakes Xero endpoints and records every request as it
arrived on the wire (the raw request target, so percent-encoding can be checked byte for byte).

A test installs one ``app``: a function from :class:`Seen` to :class:`Reply`. Replies can
stream a large body in chunks without ever holding it (``Reply.stream``).
"""

from __future__ import annotations

import email.parser
import email.policy
import http.server
import json
import ssl
import threading
from collections.abc import Callable, Iterable, Iterator
from typing import Any
from urllib.parse import parse_qsl, unquote

import attrs

CHUNK = 64 * 1024


@attrs.frozen
class Seen:
    """One request as the server received it."""

    method: str
    target: str
    """The request target exactly as sent: raw path, ``?``, raw query."""
    headers: dict[str, str]
    """Header names lower-cased."""
    body: bytes

    @property
    def raw_path(self) -> str:
        return self.target.split("?", 1)[0]

    @property
    def path(self) -> str:
        """The path with percent-escapes decoded (UTF-8)."""
        return unquote(self.raw_path)

    @property
    def query(self) -> list[tuple[str, str]]:
        raw = self.target.split("?", 1)[1] if "?" in self.target else ""
        return parse_qsl(raw, keep_blank_values=True)

    def params(self, name: str) -> list[str]:
        return [v for k, v in self.query if k == name]

    def multipart(self) -> dict[str, Part]:
        """The multipart/form-data body, by field name."""
        head = f"Content-Type: {self.headers['content-type']}\r\nMIME-Version: 1.0\r\n\r\n".encode()
        message = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(head + self.body)
        if not message.is_multipart():
            raise AssertionError("the body is not multipart")
        parts: dict[str, Part] = {}
        for part in message.iter_parts():
            name = part.get_param("name", header="content-disposition")
            filename = part.get_param("filename", header="content-disposition")
            payload = part.get_payload(decode=True)
            assert isinstance(name, str) and isinstance(payload, bytes)
            parts[name] = Part(
                filename=filename if isinstance(filename, str) else None,
                content_type=part.get_content_type(),
                data=payload,
            )
        return parts


@attrs.frozen
class Part:
    filename: str | None
    content_type: str
    data: bytes


@attrs.frozen
class Reply:
    status: int = 200
    headers: dict[str, str] = attrs.field(factory=dict)
    body: bytes = b""
    chunks: Callable[[], Iterable[bytes]] | None = None
    """A streamed body (then ``length`` gives Content-Length)."""
    length: int | None = None

    @classmethod
    def json(cls, document: Any, status: int = 200) -> Reply:
        return cls(status, {"Content-Type": "application/json"}, json.dumps(document).encode())

    @classmethod
    def binary(cls, data: bytes, content_type: str = "application/octet-stream") -> Reply:
        return cls(200, {"Content-Type": content_type}, data)

    @classmethod
    def stream(cls, size: int, content_type: str = "application/octet-stream", byte: int = 0x5A) -> Reply:
        """``size`` bytes of ``byte``, written one reused 64 KiB buffer at a time."""
        piece = bytes([byte]) * CHUNK

        def chunks() -> Iterator[bytes]:
            left = size
            while left > 0:
                n = min(left, CHUNK)
                yield piece if n == CHUNK else piece[:n]
                left -= n

        return cls(200, {"Content-Type": content_type}, b"", chunks, size)


App = Callable[[Seen], Reply]


def _not_found(seen: Seen) -> Reply:
    return Reply.json({"Title": "NotFound", "Status": 404, "Detail": seen.path}, status=404)


class _Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: _Server

    def log_message(self, format: str, *args: Any) -> None:  # quiet
        pass

    def _body(self) -> bytes:
        if self.headers.get("Transfer-Encoding", "").lower() == "chunked":
            out = bytearray()
            while True:
                size = int(self.rfile.readline().split(b";")[0].strip(), 16)
                if size == 0:
                    while self.rfile.readline() not in (b"\r\n", b"\n", b""):
                        pass
                    return bytes(out)
                out += self.rfile.read(size)
                self.rfile.readline()
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length else b""

    def _handle(self) -> None:
        seen = Seen(
            method=self.command,
            target=self.path,
            headers={k.lower(): v for k, v in self.headers.items()},
            body=self._body(),
        )
        loopback = self.server.loopback
        loopback.requests.append(seen)
        try:
            reply = loopback.app(seen)
        except Exception as exc:  # surfaced by the fixture at teardown
            loopback.errors.append(exc)
            reply = Reply(500, {"Content-Type": "text/plain"}, repr(exc).encode())
        self.send_response(reply.status)
        for name, value in reply.headers.items():
            self.send_header(name, value)
        length = reply.length if reply.chunks is not None else len(reply.body)
        self.send_header("Content-Length", str(length))
        self.end_headers()
        if reply.chunks is not None:
            for chunk in reply.chunks():
                self.wfile.write(chunk)
        else:
            self.wfile.write(reply.body)
        self.wfile.flush()

    do_GET = do_PUT = do_POST = do_DELETE = do_PATCH = _handle


class _Server(http.server.ThreadingHTTPServer):
    daemon_threads = True
    loopback: Loopback


class Loopback:
    """The running server: ``url``, the ``app`` answering, and what it saw."""

    def __init__(self, tls: ssl.SSLContext | None = None) -> None:
        """``tls``: a server-side context to speak HTTPS with (the URL is then ``https://``)."""
        self._server = _Server(("127.0.0.1", 0), _Handler)
        self._server.loopback = self
        if tls is not None:
            self._server.socket = tls.wrap_socket(self._server.socket, server_side=True)
        port = self._server.server_address[1]
        self.url = f"{'https' if tls else 'http'}://127.0.0.1:{port}"
        self.app: App = _not_found
        self.requests: list[Seen] = []
        self.errors: list[Exception] = []
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        self._thread.start()

    def reset(self, app: App = _not_found) -> None:
        self.app = app
        self.requests = []
        self.errors = []

    def close(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)
