"""A local stand-in for Xero's rate limits: answers Accounting's ``GET /Organisation`` for any
bearer token and any tenant, and answers 429 (with ``X-Rate-Limit-Problem``, and ``Retry-After``
for the window limits) past the limits it enforces, with the local Xero's rules
(:class:`xero_sdk.testing._limits.Limits`) in rolling windows:

* ``max_concurrent`` requests in flight per tenant;
* ``per_window`` requests per tenant in any rolling ``window`` seconds (counted on arrival);
* ``app_per_window`` requests for all tenants in any rolling ``window`` seconds;
* ``per_day`` requests per tenant a day.

Each answer carries ``X-MinLimit-Remaining`` / ``X-AppMinLimit-Remaining`` /
``X-DayLimit-Remaining`` as Xero's do. Used by the limiter test and the distributed benchmark.
"""

from __future__ import annotations

import collections
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from xero_sdk.testing._limits import Limits

BODY = json.dumps(
    {"Id": "1", "Status": "OK", "Organisations": [{"OrganisationID": "0b4e4a31-7c2b-4d1e-9a55-5c1f6e0d2a01"}]}
).encode()


class LimitedServer(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 512

    def __init__(
        self,
        *,
        max_concurrent: int,
        per_window: int,
        app_per_window: int,
        window: float,
        per_day: int = 5000,
        latency: float = 0.02,
    ) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.latency = latency
        self.lock = threading.Lock()
        self.limits = Limits(
            concurrent=max_concurrent,
            per_minute=per_window,
            per_day=per_day,
            app_per_minute=app_per_window,
            minute=window,
            rolling=True,
        )
        self.served = 0
        self.busiest_window = 0
        """The most requests one tenant had in any window (at most ``per_window``)."""
        self.busiest_app_window = 0
        self.arrivals: list[float] = []
        self.peak_in_flight = 0
        self.refused: collections.Counter[str] = collections.Counter()
        self.url = f"http://127.0.0.1:{self.server_address[1]}"
        self._thread = threading.Thread(target=self.serve_forever, daemon=True)

    def __enter__(self) -> LimitedServer:
        self._thread.start()
        return self

    def __exit__(self, *exc: Any) -> None:
        self.shutdown()
        self.server_close()

    def admit(self, tenant: str) -> tuple[str | None, dict[str, str]]:
        """Count the arrival; the limit it breaks (``None``: served) and the headers to send."""
        now = time.monotonic()
        with self.lock:
            refusal = self.limits.enter(tenant, now)
            if refusal is not None:
                self.refused[refusal.problem] += 1
                return refusal.problem, refusal.headers()
            self.arrivals.append(now)
            _, minute = self.limits.windows(tenant)
            self.busiest_window = max(self.busiest_window, minute.count(now))
            self.busiest_app_window = max(self.busiest_app_window, self.limits.app.count(now))
            self.peak_in_flight = max(self.peak_in_flight, self.limits.in_flight(tenant))
            return None, self.limits.remaining(tenant, now)

    def served_within(self, seconds: float) -> int:
        """Requests served in the first ``seconds`` from the first one."""
        if not self.arrivals:
            return 0
        end = self.arrivals[0] + seconds
        return sum(1 for t in self.arrivals if t <= end)

    def done(self, tenant: str) -> None:
        with self.lock:
            self.limits.leave(tenant)
            self.served += 1


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    wbufsize = -1
    disable_nagle_algorithm = True
    server: LimitedServer

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def do_GET(self) -> None:
        tenant = self.headers.get("xero-tenant-id") or ""
        problem, headers = self.server.admit(tenant)
        if problem is None:
            time.sleep(self.server.latency)
            # leave the in-flight count before answering: the client frees its slot on the answer
            self.server.done(tenant)
            status, body = 200, BODY
        else:
            status, body = 429, b'{"Title":"Too Many Requests"}'
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
