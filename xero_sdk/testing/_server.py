"""The local Xero as an HTTP server, for any client (curl, another SDK, a browser for consent),
with its books in memory or in a SQLite file that survives restarts.

Besides Xero's endpoints (the Accounting API and every other documented API, the identity
endpoints: authorize, token, revocation, ``/connections``) it answers a small control API:

``POST /_local/reset``                 every organisation back to the seeded demo company
``POST /_local/faults``                ``{"status": 503, "times": 1, "path": "/Invoices", "query": {"page": "3"}, "delay": 0, "drop": false}``
``POST /_local/expire``                expire every access token (401 TokenExpired next)
``POST /_local/webhooks``              ``{"url": "...", "key": "..."}``: send signed webhooks there
``GET  /_local/state``                 how many records each organisation holds
"""

from __future__ import annotations

import dataclasses
import json
import sqlite3
import threading
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from ._http import Answer
from ._local import Dropped, LocalXero, request_from
from ._org import Org
from ._transport import encode_answer
from ._wire import decode_state, encode_state

__all__ = ["LocalXeroServer", "SQLiteBooks"]


class SQLiteBooks:
    """Each organisation's books as one row of a SQLite file (written after every change)."""

    def __init__(self, path: str | Path) -> None:
        self._db = sqlite3.connect(str(path), check_same_thread=False)
        self._db.execute("CREATE TABLE IF NOT EXISTS books (tenant_id TEXT PRIMARY KEY, data TEXT NOT NULL)")
        self._db.commit()
        self._lock = threading.Lock()

    def load(self) -> dict[str, Org]:
        with self._lock:
            rows = self._db.execute("SELECT tenant_id, data FROM books").fetchall()
        return {tenant_id: Org(**decode_state(data)) for tenant_id, data in rows}

    def save(self, books: dict[str, Org]) -> None:
        rows = [(tenant_id, encode_state(dataclasses.asdict(org))) for tenant_id, org in books.items()]
        with self._lock:
            self._db.executemany("INSERT OR REPLACE INTO books (tenant_id, data) VALUES (?, ?)", rows)
            self._db.commit()

    def close(self) -> None:
        self._db.close()


class LocalXeroServer(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, address: tuple[str, int], local: LocalXero, books: SQLiteBooks | None = None) -> None:
        super().__init__(address, _Handler)
        self.local = local
        self.books = books
        host, port = self.server_address[:2]
        host_text = host.decode() if isinstance(host, bytes) else host
        self.url = f"http://{host_text}:{port}"
        local.base_url = self.url
        local.identity.base_url = self.url
        if books is not None:
            stored = books.load()
            if stored:
                local.restore(stored)
            else:
                books.save(local.state)
            local.on_change = lambda changed: books.save(changed.state)

    def control(self, method: str, name: str, body: bytes) -> Answer:
        local = self.local
        data: Any = json.loads(body) if body else {}
        if method == "GET" and name == "state":
            return Answer(
                200, {t: {c: len(rows) for c, rows in org.data.items()} for t, org in local.state.items()}
            )
        if method != "POST":
            return Answer(405, {"error": "method not allowed"})
        if name == "reset":
            local.reset()
            if self.books is not None:
                self.books.save(local.state)
            return Answer(200, {"ok": True})
        if name == "faults":
            fault = local.fail(
                data.get("status"),
                times=data.get("times", 1),
                method=data.get("method"),
                path=data.get("path"),
                delay=float(data.get("delay", 0)),
                drop=bool(data.get("drop", False)),
                expire_token=bool(data.get("expire_token", False)),
                retry_after=int(data.get("retry_after", 1)),
                problem=data.get("problem", "minute"),
                query=data.get("query"),
            )
            return Answer(200, dataclasses.asdict(fault))
        if name == "expire":
            return Answer(200, {"expired": local.expire_tokens()})
        if name == "webhooks":
            hooks = local.subscribe_webhooks(url=data["url"], key=data.get("key"))
            return Answer(200, {"active": hooks.active, "key": hooks.key})
        return Answer(404, {"error": f"unknown control endpoint {name}"})


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    wbufsize = -1
    disable_nagle_algorithm = True
    server: LocalXeroServer

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def _handle(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length > 0 else b""
        path = urllib.parse.urlsplit(self.path).path
        if path.startswith("/_local/"):
            answer = self.server.control(self.command, path[len("/_local/") :], body)
        else:
            request = request_from(self.command, self.path, self.headers.items(), body)
            try:
                delay = self.server.local.before(request)
            except Dropped:
                self.close_connection = True
                self.connection.shutdown(2)
                return
            try:
                answer = self.server.local.handle(request, delay)
            except Exception as exc:  # a bug or a strict contract violation: tell the caller
                answer = Answer(500, {"Title": "LocalXeroError", "Detail": f"{type(exc).__name__}: {exc}"})
        content, headers = encode_answer(answer)
        self.send_response(answer.status)
        for name, value in headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(content)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(content)

    do_GET = do_POST = do_PUT = do_DELETE = do_PATCH = _handle
