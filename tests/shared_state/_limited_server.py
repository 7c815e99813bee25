"""A local stand-in for Xero's rate limits: answers Accounting's ``GET /Organisation`` for any
bearer token and any tenant, and answers 429 (with ``Retry-After`` and ``X-Rate-Limit-Problem``)
past the limits it enforces:

* ``max_concurrent`` requests in flight per tenant;
* ``per_window`` requests per tenant in any rolling ``window`` seconds (counted on arrival);
* ``app_per_window`` requests for all tenants in any rolling ``window`` seconds.

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
        self.max_concurrent = max_concurrent
        self.per_window = per_window
        self.app_per_window = app_per_window
        self.window = window
        self.per_day = per_day
        self.latency = latency
        self.lock = threading.Lock()
        self.in_flight: collections.Counter[str] = collections.Counter()
        self.tenant_times: dict[str, collections.deque[float]] = collections.defaultdict(collections.deque)
        self.app_times: collections.deque[float] = collections.deque()
        self.day: collections.Counter[str] = collections.Counter()
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
            times = self.tenant_times[tenant]
            horizon = now - self.window
            while times and times[0] <= horizon:
                times.popleft()
            while self.app_times and self.app_times[0] <= horizon:
                self.app_times.popleft()
            problem = None
            if self.in_flight[tenant] >= self.max_concurrent:
                problem = "Concurrent"
            elif len(times) >= self.per_window:
                problem = "Minute"
            elif len(self.app_times) >= self.app_per_window:
                problem = "AppMinute"
            if problem is not None:
                self.refused[problem] += 1
                return problem, {"Retry-After": "1", "X-Rate-Limit-Problem": problem}
            self.in_flight[tenant] += 1
            self.arrivals.append(now)
            times.append(now)
            self.busiest_window = max(self.busiest_window, len(times))
            self.busiest_app_window = max(self.busiest_app_window, len(self.app_times))
            self.peak_in_flight = max(self.peak_in_flight, self.in_flight[tenant])
            self.app_times.append(now)
            self.day[tenant] += 1
            return None, {
                "X-MinLimit-Remaining": str(self.per_window - len(times)),
                "X-AppMinLimit-Remaining": str(self.app_per_window - len(self.app_times)),
                "X-DayLimit-Remaining": str(self.per_day - self.day[tenant]),
            }

    def served_within(self, seconds: float) -> int:
        """Requests served in the first ``seconds`` from the first one."""
        if not self.arrivals:
            return 0
        end = self.arrivals[0] + seconds
        return sum(1 for t in self.arrivals if t <= end)

    def done(self, tenant: str) -> None:
        with self.lock:
            self.in_flight[tenant] -= 1
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
