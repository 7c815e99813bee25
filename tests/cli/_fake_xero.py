"""A small stand-in for Xero's Accounting API, for what Prism cannot do: many pages of invoices,
``If-Modified-Since``, a failure in the middle of an export, errors of each kind.

Xero itself cannot run here; this serves Xero's wire format (``/Date(...)/`` dates, exact
decimals, rate-limit headers, Xero's validation error body) on loopback and records every request.
"""

from __future__ import annotations

import threading
import urllib.parse
from collections.abc import Iterator
from contextlib import contextmanager
from decimal import Decimal
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from xero_sdk._runtime.codec.json import dumps

BASE_PATH = "/api.xro/2.0"
#: 2026-01-31T09:30:00Z in milliseconds
_EPOCH_MS = 1769851800000


def invoice(n: int) -> dict[str, Any]:
    return {
        "InvoiceID": f"00000000-0000-4000-8000-{n:012d}",
        "InvoiceNumber": f"INV-{n:04d}",
        "Type": "ACCREC",
        "Status": "AUTHORISED",
        "Contact": {"ContactID": "11111111-2222-4333-8444-555555555555", "Name": f"Customer {n % 7}"},
        "Date": f"/Date({_EPOCH_MS + n * 86_400_000}+0000)/",
        "UpdatedDateUTC": f"/Date({_EPOCH_MS + n * 1000}+0000)/",
        "LineAmountTypes": "Exclusive",
        # exact decimals with trailing zeros and four places: a float would lose them
        "Total": Decimal(f"{n}.8950"),
        "AmountDue": Decimal("0.10"),
        "CurrencyRate": Decimal("1.000000"),
        "SentToContact": n % 2 == 0,
    }


def journal(n: int) -> dict[str, Any]:
    return {
        "JournalID": f"20000000-0000-4000-8000-{n:012d}",
        "JournalNumber": n,
        "JournalDate": f"/Date({_EPOCH_MS + n * 86_400_000}+0000)/",
        "JournalLines": [
            {"AccountCode": "200", "NetAmount": Decimal(f"-{n}.50"), "TaxAmount": Decimal("0.00")}
        ],
    }


class FakeXero:
    def __init__(self, invoices: int = 0, journals: int = 230) -> None:
        self.invoices = [invoice(n) for n in range(1, invoices + 1)]
        self.journals = [journal(n) for n in range(1, journals + 1)]
        self.requests: list[dict[str, Any]] = []
        self.fail_page: int | None = None
        self.hold_page: int | None = None
        self._held = threading.Event()
        self._lock = threading.Lock()
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.url = f"http://127.0.0.1:{self.server.server_port}{BASE_PATH}"

    def release(self) -> None:
        """Let a held page answer."""
        self._held.set()

    def pages_asked(self) -> list[int]:
        return [int(r["query"].get("page", ["0"])[0]) for r in self.requests if r["path"] == "/Invoices"]

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format: str, *args: Any) -> None:
                return

            def _reply(self, status: int, body: Any, headers: dict[str, str] | None = None) -> None:
                data = dumps(body)
                self.send_response(status)
                self.send_header("Content-Type", "application/json; charset=utf-8")
                self.send_header("Content-Length", str(len(data)))
                self.send_header("X-MinLimit-Remaining", "57")
                self.send_header("X-DayLimit-Remaining", "4990")
                self.send_header("X-AppMinLimit-Remaining", "9990")
                self.send_header("Xero-Correlation-Id", "c0ffee00-0000-4000-8000-000000000001")
                for k, v in (headers or {}).items():
                    self.send_header(k, v)
                self.end_headers()
                self.wfile.write(data)

            def _record(self) -> tuple[str, dict[str, list[str]], bytes]:
                parts = urllib.parse.urlsplit(self.path)
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                path = parts.path[len(BASE_PATH) :] if parts.path.startswith(BASE_PATH) else parts.path
                query = urllib.parse.parse_qs(parts.query)
                with fake._lock:
                    fake.requests.append(
                        {
                            "method": self.command,
                            "path": path,
                            "query": query,
                            "headers": dict(self.headers.items()),
                            "body": body,
                        }
                    )
                return path, query, body

            def do_GET(self) -> None:
                path, query, _ = self._record()
                if path == "/Invoices":
                    page = int(query.get("page", ["1"])[0])
                    size = int(query.get("pageSize", ["100"])[0])
                    if fake.hold_page == page:
                        fake._held.wait(30)
                    if fake.fail_page == page:
                        self._reply(503, {"Title": "Service Unavailable"})
                        return
                    chunk = fake.invoices[(page - 1) * size : page * size]
                    self._reply(200, {"Invoices": chunk})
                elif path == "/Journals":
                    # Journals page by offset: the 100 after the given JournalNumber
                    offset = int(query.get("offset", ["0"])[0])
                    self._reply(
                        200, {"Journals": [j for j in fake.journals if j["JournalNumber"] > offset][:100]}
                    )
                elif path.startswith("/Contacts/"):
                    self._reply(
                        404,
                        {"Title": "Not Found", "Detail": "The resource you're looking for cannot be found"},
                    )
                elif path == "/Organisation":
                    self._reply(
                        403,
                        {
                            "Type": None,
                            "Title": "Forbidden",
                            "Status": 403,
                            "Detail": "AuthorizationUnsuccessful",
                        },
                    )
                elif path == "/Currencies":
                    self._reply(
                        429,
                        {"Title": "Too Many Requests"},
                        {"Retry-After": "42", "X-Rate-Limit-Problem": "minute"},
                    )
                else:
                    self._reply(404, {"Title": "Not Found"})

            def do_PUT(self) -> None:
                path, _, _ = self._record()
                if path == "/Invoices":
                    self._reply(
                        400,
                        {
                            "ErrorNumber": 10,
                            "Type": "ValidationException",
                            "Message": "A validation exception occurred",
                            "Elements": [
                                {
                                    "ValidationErrors": [
                                        {"Message": "Email address must be valid."},
                                        {
                                            "Message": "Account code '999' is not a valid code for this document."
                                        },
                                    ]
                                }
                            ],
                        },
                    )
                else:
                    self._reply(404, {"Title": "Not Found"})

            do_POST = do_PUT

        return Handler


@contextmanager
def fake_xero(invoices: int = 0) -> Iterator[FakeXero]:
    fake = FakeXero(invoices)
    thread = threading.Thread(target=fake.server.serve_forever, daemon=True)
    thread.start()
    try:
        yield fake
    finally:
        fake.server.shutdown()
        fake.server.server_close()
