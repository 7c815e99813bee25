"""The local Xero (:class:`xero_sdk.testing.LocalXero`) on loopback for the CLI tests, its first
organisation's invoices and journals replaced by numbered ones whose values the tests know:
250 invoices (``INV-0001`` …, totals with four decimal places and trailing zeros) and 230 journals
(paged by offset). Failures come from its fault injection; the requests it received and the answers
it gave are read back from it.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from decimal import Decimal
from typing import Any

import httpx

from xero_sdk.testing import LocalXero, RateLimits, Request
from xero_sdk.testing._server import LocalXeroServer

BASE_PATH = "/api.xro/2.0"
#: the day before the first invoice's date, and the moment before its UpdatedDateUTC
_DAY = dt.date(2026, 1, 31)
_MOMENT = dt.datetime(2026, 1, 31, 9, 30, tzinfo=dt.timezone.utc)


def invoice(n: int) -> dict[str, Any]:
    return {
        "InvoiceID": f"00000000-0000-4000-8000-{n:012d}",
        "InvoiceNumber": f"INV-{n:04d}",
        "Type": "ACCREC",
        "Status": "AUTHORISED",
        "Contact": {"ContactID": "11111111-2222-4333-8444-555555555555", "Name": f"Customer {n % 7}"},
        "Date": _DAY + dt.timedelta(days=n),
        "UpdatedDateUTC": _MOMENT + dt.timedelta(seconds=n),
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
        "JournalDate": _DAY + dt.timedelta(days=n),
        "JournalLines": [
            {"AccountCode": "200", "NetAmount": Decimal(f"-{n}.50"), "TaxAmount": Decimal("0.00")}
        ],
    }


class LocalBooks:
    """The running local Xero: ``url`` its Accounting API, ``identity_url`` where to sign in."""

    def __init__(self, local: LocalXero, server: LocalXeroServer) -> None:
        self.local = local
        self.identity_url = server.url
        self.url = server.url + BASE_PATH

    def add_client(self, client_id: str, client_secret: str | None, redirect_uris: Sequence[str]) -> None:
        """Register an app (what ``sign_in`` needs of an identity server)."""
        self.local.identity.add_client(
            {"client_id": client_id, "client_secret": client_secret, "redirect_uris": list(redirect_uris)}
        )

    @property
    def requests(self) -> list[dict[str, Any]]:
        """The Accounting requests received, in order of arrival: ``method``, ``path`` (after
        ``/api.xro/2.0``), ``query`` (each value in a list, as ``parse_qs`` gives it), ``headers``
        (names in any case) and ``body``."""
        return [_seen(r) for r in self.local.received if r.path.startswith(BASE_PATH)]

    def pages_asked(self) -> list[int]:
        return [int(r["query"].get("page", ["0"])[0]) for r in self.requests if r["path"] == "/Invoices"]


def _seen(request: Request) -> dict[str, Any]:
    return {
        "method": request.method,
        "path": request.path[len(BASE_PATH) :],
        "query": {k: [v] for k, v in request.query.items()},
        "headers": httpx.Headers(request.headers),
        "body": request.body,
    }


@contextmanager
def local_books(invoices: int = 250, journals: int = 230) -> Iterator[LocalBooks]:
    local = LocalXero(rate_limits=RateLimits())
    org = local.org()
    org.data["Invoices"].clear()
    org.data["Journals"].clear()
    for n in range(1, invoices + 1):
        org.put("Invoices", invoice(n))
    for n in range(1, journals + 1):
        org.put("Journals", journal(n))
    server = LocalXeroServer(("127.0.0.1", 0), local)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield LocalBooks(local, server)
    finally:
        server.shutdown()
        server.server_close()
