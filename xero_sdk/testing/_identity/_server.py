"""The identity server over HTTP: the router shared with the local Xero (:func:`route_identity`),
the admin endpoints and the ``http.server`` handler."""

from __future__ import annotations

import base64
import dataclasses
import json
import urllib.parse
from collections.abc import Mapping
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Protocol

from ._records import (
    Reply,
)
from ._state import IdentityState

__all__ = ["Headers", "IdentityHTTPServer", "reply_bytes", "route_identity"]


class IdentityHTTPServer(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 256

    def __init__(self, address: tuple[str, int], state: IdentityState) -> None:
        super().__init__(address, _Handler)
        self.state = state
        host, port = self.server_address[:2]
        host_text = host.decode() if isinstance(host, bytes) else host
        if ":" in host_text:
            host_text = f"[{host_text}]"
        self.url = f"http://{host_text}:{port}"
        state.base_url = self.url


def _basic(header: str | None) -> tuple[str, str] | None:
    """The (user, password) of an HTTP Basic ``Authorization`` header, if it is one."""
    header = header or ""
    if not header.lower().startswith("basic "):
        return None
    try:
        decoded = base64.b64decode(header[6:].strip(), validate=True).decode("utf-8")
    except (ValueError, UnicodeDecodeError):
        return ("", "")
    user, _, password = decoded.partition(":")
    return urllib.parse.unquote(user), urllib.parse.unquote(password)


def _form(body: bytes) -> dict[str, str]:
    return dict(urllib.parse.parse_qsl(body.decode("utf-8", "replace"), keep_blank_values=True))


def _json_object(body: bytes) -> dict[str, Any]:
    if not body:
        return {}
    value = json.loads(body)
    return value if isinstance(value, dict) else {}


class Headers(Protocol):
    """What the router reads from request headers: a case-insensitive ``get``."""

    def get(self, name: str, /) -> str | None: ...


def route_identity(
    state: IdentityState,
    method: str,
    target: str,
    headers: Headers,
    body: bytes,
    *,
    resources: bool = True,
) -> Reply | None:
    """Answer one identity request (``target`` is the path with its query string; ``headers``
    looked up case-insensitively by the caller's mapping), or None when the path is not one of
    the identity server's. ``resources=False`` leaves ``/api.xro/2.0/Organisation`` to the caller
    (the local Xero answers it from its organisations)."""
    parts = urllib.parse.urlsplit(target)
    path = parts.path.rstrip("/") or "/"
    query = dict(urllib.parse.parse_qsl(parts.query, keep_blank_values=True))
    if path.startswith("/_admin/"):
        return _admin(state, method, path[len("/_admin/") :], body)
    fault = state.fault_for(method, path)
    if fault is not None and fault.status is not None:
        return fault.answer()
    reply = _route(state, method, path, query, headers, body, resources=resources)
    if fault is not None and reply is not None:
        return dataclasses.replace(reply, lost=True)
    return reply


def _route(
    state: IdentityState,
    method: str,
    path: str,
    query: Mapping[str, str],
    headers: Headers,
    body: bytes,
    *,
    resources: bool,
) -> Reply | None:
    lower = path.lower()
    if method == "GET" and path == "/identity/connect/authorize":
        return state.authorize(query)
    if method == "POST" and path == "/connect/token":
        return state.token(_form(body), _basic(headers.get("Authorization")))
    if method == "POST" and path == "/connect/revocation":
        return state.revoke(_form(body), _basic(headers.get("Authorization")))
    if lower == "/connections" and method == "GET":
        return state.list_connections(headers.get("Authorization"), query.get("authEventId"))
    if lower.startswith("/connections/") and method == "DELETE":
        return state.delete_connection(
            headers.get("Authorization"), urllib.parse.unquote(path.split("/", 2)[2])
        )
    if resources and method == "GET" and lower == "/api.xro/2.0/organisation":
        return state.organisation(headers.get("Authorization"), headers.get("xero-tenant-id"))
    return None


def _admin(state: IdentityState, method: str, name: str, body: bytes) -> Reply:
    if method == "GET" and name == "health":
        return Reply(200, {"ok": True, "url": state.base_url})
    if method == "GET" and name == "stats":
        return state.snapshot_stats()
    if method == "GET" and name == "config":
        return Reply(200, dataclasses.asdict(state.config))
    if method != "POST":
        return Reply(405, {"error": "method not allowed"})
    data = _json_object(body)
    if name == "reset":
        state.reset()
        return Reply(200, {"ok": True})
    if name == "config":
        return state.configure(data)
    if name == "clock":
        return state.clock(data)
    if name == "expire":
        return state.expire(data)
    if name == "clients":
        return state.add_client(data)
    if name == "faults":
        return state.add_fault(data)
    return Reply(404, {"error": "unknown admin endpoint"})


def reply_bytes(reply: Reply) -> tuple[bytes, dict[str, str]]:
    """The body and headers a reply is sent with (JSON bodies encoded, their type set)."""
    headers = dict(reply.headers)
    if reply.body is None:
        return b"", headers
    if isinstance(reply.body, bytes):
        return reply.body, headers
    headers.setdefault("Content-Type", "application/json; charset=utf-8")
    return json.dumps(reply.body).encode("utf-8"), headers


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    # one buffered write per response (flushed by handle_one_request) and no Nagle delay:
    # otherwise keep-alive clients wait ~40 ms for delayed ACKs on every request
    wbufsize = -1
    disable_nagle_algorithm = True
    server: IdentityHTTPServer

    def log_message(self, format: str, *args: Any) -> None:
        pass  # requests are logged by _send, without query strings (they carry codes/tokens)

    def _send(self, reply: Reply) -> None:
        if reply.lost:  # handled, but the answer never arrives: close without it
            self.close_connection = True
            self.connection.shutdown(2)
            return
        body, headers = reply_bytes(reply)
        self.send_response(reply.status)
        for name, value in headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)
        path = urllib.parse.urlsplit(self.path).path
        if not path.startswith("/_admin/"):
            self.server.state.log(f"{self.command} {path} -> {reply.status}")

    def _handle(self) -> None:
        try:
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length > 0 else b""
            reply = route_identity(self.server.state, self.command, self.path, self.headers, body)
            if reply is None:
                reply = Reply(404, {"error": "not_found", "path": urllib.parse.urlsplit(self.path).path})
        except Exception as exc:  # keep serving; report the bug to the caller and the log
            self.server.state.log(
                f"ERROR {self.command} {self.path.split('?')[0]}: {type(exc).__name__}: {exc}"
            )
            reply = Reply(
                HTTPStatus.INTERNAL_SERVER_ERROR, {"error": "server_error", "detail": type(exc).__name__}
            )
        self._send(reply)

    def do_GET(self) -> None:
        self._handle()

    def do_POST(self) -> None:
        self._handle()

    def do_DELETE(self) -> None:
        self._handle()
