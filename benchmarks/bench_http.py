"""4. Per-call overhead; 5. async throughput; 6. bulk pull under Xero's limits.

All three talk to :class:`benchmarks._server.ServerProcess` (asyncio, HTTP/1.1 keep-alive, in a
child process), the same server for every client of a benchmark.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import threading
import time
from collections.abc import Awaitable, Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from decimal import Decimal
from typing import Any

import httpx

from benchmarks._common import (
    CEILING,
    FLOOR,
    PYXERO,
    SDK,
    XERO_PYTHON,
    Row,
    Section,
    Settings,
    Target,
    fmt_ratio,
    median,
    paired_range,
    paired_ratio,
    paired_row,
    rounds,
    spread,
)
from benchmarks._peers import (
    TOKEN,
    PyXero,
    XeroPython,
    insecure_oauthlib,
    pyxero_version,
    quiet_urllib3,
    xero_python_version,
)
from benchmarks._server import ServerProcess

TENANT = "0f3b7c2e-6d1a-4c55-9a8e-2b9d4e7f1a30"
SDK_AIOHTTP = "xero-sdk-aiohttp"
AIOHTTP = "aiohttp"
ORGANISATION_PATH = "/api.xro/2.0/Organisation"


def _headers() -> dict[str, str]:
    return {"Authorization": f"Bearer {TOKEN}", "xero-tenant-id": TENANT, "Accept": "application/json"}


def _batch(fn: Callable[[], Any], count: int) -> Callable[[], None]:
    def run() -> None:
        for _ in range(count):
            fn()

    return run


# --------------------------------------------------------------------------- 4. overhead


def run_overhead(settings: Settings) -> Section:
    calls = settings.overhead_calls
    section = Section(
        "overhead", f"4. Per-call overhead: {calls} GET /Organisation on keep-alive (us per call)"
    )
    per_round = max(1, calls // settings.overhead_rounds)
    from xero_sdk import Xero

    with ServerProcess() as server, insecure_oauthlib(), quiet_urllib3():
        sdk = Xero(access_token=TOKEN, tenant_id=TENANT, api_url=server.url)
        http = httpx.Client()
        url = server.url + ORGANISATION_PATH
        headers = _headers()

        def floor_call() -> Any:
            response = http.get(url, headers=headers)
            response.raise_for_status()
            return json.loads(response.content, parse_float=Decimal)

        contenders: dict[str, Callable[[], Any]] = {SDK: sdk.accounting.get_organisations, FLOOR: floor_call}
        xp = XeroPython(server.url) if xero_python_version() else None
        if xp is not None:
            contenders[XERO_PYTHON] = xp.get_organisation(TENANT)
        px = PyXero(server.url, TENANT) if pyxero_version() else None
        if px is not None:
            contenders[PYXERO] = px.get_organisation()
        try:
            org = sdk.accounting.get_organisations()
            assert org.organisations is not None and org.organisations[0].name == "Demo Company (NZ)"
            assert floor_call()["Organisations"][0]["Name"] == "Demo Company (NZ)"
            if xp is not None:
                assert xp.get_organisation(TENANT)().organisations[0].name == "Demo Company (NZ)"
            if px is not None:
                assert px.get_organisation()()[0]["Name"] == "Demo Company (NZ)"
            for fn in contenders.values():
                _batch(fn, 20)()  # connections open, lazy imports done
            server.reset()
            cpu: dict[str, list[float]] = {}
            samples = rounds(
                {name: _batch(fn, per_round) for name, fn in contenders.items()},
                settings.overhead_rounds,
                settings.budget,
                cpu,
            )
            stats = server.stats()
        finally:
            sdk.close()
            http.close()
            if xp is not None:
                xp.close()
    per_call = {name: [s / per_round for s in values] for name, values in samples.items()}
    cpu_per_call = {name: [s / per_round for s in values] for name, values in cpu.items()}
    labels = {
        SDK: "xero-sdk: Xero.accounting.get_organisations() (typed model)",
        FLOOR: "floor: httpx.Client.get + json.loads(parse_float=Decimal)",
        XERO_PYTHON: "xero-python: AccountingApi.get_organisations (urllib3)",
        PYXERO: "pyxero: xero.organisations.all() (requests, new connection per call)",
    }
    for name in labels:
        if name not in per_call:
            continue
        used = median(cpu_per_call[name])
        note = f"CPU {used * 1e6:,.0f} us" if used is not None else ""
        if name not in (FLOOR, XERO_PYTHON) and XERO_PYTHON in per_call:
            vs_peer = fmt_ratio(
                paired_ratio(per_call, name, XERO_PYTHON),
                XERO_PYTHON,
                paired_range(per_call, name, XERO_PYTHON),
            )
            note = f"{vs_peer}; {note}"
        section.rows.append(paired_row(labels[name], per_call, name, FLOOR, 1e6, "us", note))
    section.targets.append(Target.paired("overhead <= 1.3x raw httpx", per_call, SDK, FLOOR, "<=", 1.3))
    section.targets.append(
        Target.paired(
            "overhead <= 1.0x xero-python",
            per_call,
            SDK,
            XERO_PYTHON,
            "<=",
            1.0,
            "" if XERO_PYTHON in per_call else "xero-python not installed",
        )
    )
    section.notes.append(
        f"{per_round} calls per contender per round, {len(per_call[SDK])} rounds; server answered "
        f"{stats['requests']} requests; CPU = this process only (the server runs in its own)"
    )
    section.details = {"per_call_s": per_call, "cpu_per_call_s": cpu_per_call, "server": stats}
    return section


# --------------------------------------------------------------------------- 5. async


Timing = tuple[float, float]
"""(wall seconds, CPU seconds of this process) of a measured stretch."""


async def _drive(call: Callable[[], Awaitable[Any]], calls: int, concurrency: int) -> Timing:
    remaining = calls

    async def worker() -> None:
        nonlocal remaining
        while remaining > 0:
            remaining -= 1
            await call()

    cpu = time.process_time()
    start = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(concurrency)))
    return time.perf_counter() - start, time.process_time() - cpu


async def _sdk_async(base_url: str, calls: int, concurrency: int, transport: str = "httpx") -> Timing:
    from xero_sdk import AsyncXero

    async with AsyncXero(
        access_token=TOKEN,
        tenant_id=TENANT,
        api_url=base_url,
        transport="aiohttp" if transport == "aiohttp" else "httpx",
    ) as xero:
        api = xero.accounting
        org = await api.get_organisations()
        assert org.organisations is not None
        await _drive(api.get_organisations, concurrency * 2, concurrency)  # warm connections
        return await _drive(api.get_organisations, calls, concurrency)


async def _aiohttp_async(base_url: str, calls: int, concurrency: int) -> Timing:
    """aiohttp on its own (no httpx): what the aiohttp transport could reach at best."""
    import aiohttp

    url = base_url + ORGANISATION_PATH
    headers = _headers()
    async with aiohttp.ClientSession() as session:

        async def call() -> Any:
            async with session.get(url, headers=headers) as response:
                response.raise_for_status()
                return json.loads(await response.read(), parse_float=Decimal)

        await _drive(call, concurrency * 2, concurrency)
        return await _drive(call, calls, concurrency)


async def _httpx_async(base_url: str, calls: int, concurrency: int) -> Timing:
    url = base_url + ORGANISATION_PATH
    headers = _headers()
    async with httpx.AsyncClient() as http:

        async def call() -> Any:
            response = await http.get(url, headers=headers)
            response.raise_for_status()
            return json.loads(response.content, parse_float=Decimal)

        await _drive(call, concurrency * 2, concurrency)
        return await _drive(call, calls, concurrency)


async def _streams_async(base_url: str, calls: int, concurrency: int) -> Timing:
    """The machine's ceiling: one hand-written HTTP/1.1 request per call over asyncio streams
    (no HTTP library, no parsing beyond Content-Length), one keep-alive connection per task."""
    url = httpx.URL(base_url)
    head = "".join(f"{k}: {v}\r\n" for k, v in _headers().items())
    request = f"GET {ORGANISATION_PATH} HTTP/1.1\r\nHost: {url.netloc.decode()}\r\n{head}\r\n".encode()
    connections = [await asyncio.open_connection(url.host, url.port) for _ in range(concurrency)]
    free = list(connections)

    async def call() -> Any:
        reader, writer = free.pop()
        try:
            writer.write(request)
            await writer.drain()
            lines = (await reader.readuntil(b"\r\n\r\n")).split(b"\r\n")
            length = next(int(line[15:]) for line in lines if line.lower().startswith(b"content-length:"))
            return json.loads(await reader.readexactly(length), parse_float=Decimal)
        finally:
            free.append((reader, writer))

    try:
        await _drive(call, concurrency * 2, concurrency)
        return await _drive(call, calls, concurrency)
    finally:
        for _, writer in connections:
            writer.close()


def _threads(fn: Callable[[], Any], calls: int, concurrency: int) -> Timing:
    remaining = calls
    lock = threading.Lock()

    def worker() -> None:
        nonlocal remaining
        while True:
            with lock:
                if remaining <= 0:
                    return
                remaining -= 1
            fn()

    with ThreadPoolExecutor(concurrency) as pool:
        cpu = time.process_time()
        start = time.perf_counter()
        for future in [pool.submit(worker) for _ in range(concurrency)]:
            future.result()
        return time.perf_counter() - start, time.process_time() - cpu


def run_async(settings: Settings) -> Section:
    calls, concurrency, delay = settings.async_calls, settings.async_concurrency, settings.async_delay
    ideal = concurrency / delay
    section = Section(
        "async",
        f"5. Async: {calls} calls, {concurrency} in flight, server answers in {delay * 1000:.0f} ms "
        f"(ideal {ideal:.0f} req/s)",
    )
    with ServerProcess(delay=delay) as server, quiet_urllib3():
        contenders: dict[str, Callable[[], Timing]] = {
            SDK: lambda: asyncio.run(_sdk_async(server.url, calls, concurrency)),
            FLOOR: lambda: asyncio.run(_httpx_async(server.url, calls, concurrency)),
            CEILING: lambda: asyncio.run(_streams_async(server.url, calls, concurrency)),
        }
        if _has_aiohttp():
            contenders[SDK_AIOHTTP] = lambda: asyncio.run(
                _sdk_async(server.url, calls, concurrency, transport="aiohttp")
            )
            contenders[AIOHTTP] = lambda: asyncio.run(_aiohttp_async(server.url, calls, concurrency))
        xp = XeroPython(server.url) if xero_python_version() else None
        if xp is not None:
            xp_call = xp.get_organisation(TENANT)
            _threads(xp_call, concurrency * 2, concurrency)
            contenders[XERO_PYTHON] = lambda: _threads(xp_call, calls, concurrency)
        try:
            # each contender returns its own elapsed time (client set-up excluded)
            elapsed: dict[str, list[float]] = {name: [] for name in contenders}
            cpu: dict[str, list[float]] = {name: [] for name in contenders}
            deadline = time.perf_counter() + settings.budget
            names = list(contenders)
            for i in range(settings.async_repeats):
                for name in names[i % len(names) :] + names[: i % len(names)]:
                    wall, used = contenders[name]()
                    elapsed[name].append(wall)
                    cpu[name].append(used)
                if time.perf_counter() > deadline:
                    break
            stats = server.stats()
        finally:
            if xp is not None:
                xp.close()
    labels = {
        SDK: f"xero-sdk: AsyncXero (httpx transport), {concurrency} tasks",
        SDK_AIOHTTP: f"xero-sdk: AsyncXero(transport='aiohttp'), {concurrency} tasks",
        FLOOR: f"floor: httpx.AsyncClient + json.loads, {concurrency} tasks",
        AIOHTTP: f"aiohttp.ClientSession + json.loads (no httpx), {concurrency} tasks",
        XERO_PYTHON: f"xero-python: {concurrency} threads (no async API; urllib3 pool of 4)",
        CEILING: "ceiling: asyncio streams, hand-written HTTP/1.1 (no HTTP library)",
    }
    rates = {name: [calls / e for e in values] for name, values in elapsed.items()}
    for name in labels:
        if name not in rates:
            continue
        rate = median(rates[name])
        cpu_used = median(cpu[name])
        ratio = paired_ratio(rates, name, FLOOR) if name != FLOOR else None
        percent = spread([100 * r / ideal for r in rates[name]])
        note = f"{100 * rate / ideal:.1f}% of ideal" if rate is not None else ""
        if percent is not None and len(rates[name]) > 1:
            note += f" [{percent[0]:.1f}-{percent[1]:.1f}]"
        if cpu_used is not None:
            note += f"; CPU {1000 * cpu_used / calls:.2f} ms/call"
        section.rows.append(
            Row(
                labels[name],
                rate,
                "req/s",
                ratio,
                FLOOR if ratio is not None else "",
                note,
                paired_range(rates, name, FLOOR) if ratio is not None else None,
            )
        )
    vs_floor = paired_ratio(rates, SDK, FLOOR)
    if vs_floor is not None:
        section.notes.append(
            "throughput ratios are to raw httpx.AsyncClient on the same server, paired by round "
            "(> 1: faster); the gap to ideal is per-call CPU on the event loop"
        )
    ceiling = median(rates.get(CEILING, []))
    if ceiling is not None:
        section.notes.append(
            f"this machine and server allow {100 * ceiling / ideal:.1f}% of ideal with no HTTP library at all "
            "(the server's own time per request counts against every contender)"
        )
    for name, what in ((SDK, "httpx"), (SDK_AIOHTTP, "aiohttp")):
        percents = [100 * r / ideal for r in rates.get(name, [])]
        section.targets.append(
            Target(
                f"async >= 90% of ideal (AsyncXero, {what})",
                median(percents),
                ">=",
                90.0,
                "%",
                "" if percents else "aiohttp extra not installed",
                spread(percents),
            )
        )
    section.details = {"elapsed_s": elapsed, "cpu_s": cpu, "server": stats, "ideal_rps": ideal}
    return section


def _has_aiohttp() -> bool:
    import importlib.util

    return all(importlib.util.find_spec(m) is not None for m in ("aiohttp", "httpx_aiohttp"))


# --------------------------------------------------------------------------- 6. bulk


def ideal_elapsed(pages: int, per_window: int, window: float, max_concurrent: int, latency: float) -> float:
    """The earliest any client can finish ``pages`` calls of ``latency`` seconds each, under at
    most ``max_concurrent`` in flight and ``per_window`` started in any rolling ``window``."""
    starts: list[float] = []
    for k in range(pages):
        start = starts[-1] if starts else 0.0
        if k >= max_concurrent:
            start = max(start, starts[k - max_concurrent] + latency)
        if k >= per_window:
            start = max(start, starts[k - per_window] + window)
        starts.append(start)
    return starts[-1] + latency if starts else 0.0


class _Counter(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


@contextlib.contextmanager
def _sdk_warnings() -> Iterator[_Counter]:
    """Collect the SDK's warnings (one per retry) instead of printing them."""
    log = logging.getLogger("xero_sdk")
    counter = _Counter()
    propagate = log.propagate
    log.addHandler(counter)
    log.propagate = False
    try:
        yield counter
    finally:
        log.removeHandler(counter)
        log.propagate = propagate


def run_bulk(settings: Settings) -> Section:
    from xero_sdk import RateLimiter, Xero

    pages, window, per_window = settings.bulk_pages, settings.bulk_window, settings.bulk_per_window
    max_concurrent, threads = settings.bulk_max_concurrent, settings.bulk_threads
    section = Section(
        "bulk",
        f"6. Bulk: {pages} pages from {threads} threads, limits {max_concurrent} in flight and "
        f"{per_window} per {window:g} s 'minute', {settings.bulk_delay * 1000:.0f} ms per page",
    )
    limiter = RateLimiter(
        max_concurrent=max_concurrent,
        per_minute=per_window,
        window_seconds=window,  # Xero's minute, scaled down so the run is short
        poll_interval=0.05,
    )
    statuses: list[int] = []
    sent: list[float] = []
    lock = threading.Lock()

    def on_request(request: httpx.Request) -> None:
        with lock:  # right after the limiter granted the permit
            sent.append(time.monotonic())

    def on_response(response: httpx.Response) -> None:
        with lock:
            statuses.append(response.status_code)

    with (
        _sdk_warnings() as warnings,
        ServerProcess(
            delay=settings.bulk_delay,
            max_concurrent=max_concurrent,
            per_window=per_window,
            window=window,
            page_size=settings.bulk_page_size,
        ) as server,
    ):
        xero = Xero(
            access_token=TOKEN,
            tenant_id=TENANT,
            api_url=server.url,
            rate_limit=limiter,
            on_request=on_request,
            on_response=on_response,
            timeout=30.0,
        )
        try:
            api = xero.accounting
            with ThreadPoolExecutor(threads) as pool:
                start = time.perf_counter()
                results = list(pool.map(lambda page: api.get_invoices(page=page), range(1, pages + 1)))
                elapsed = time.perf_counter() - start
            stats = server.stats()
        finally:
            xero.close()
    assert all(r.invoices is not None and len(r.invoices) == settings.bulk_page_size for r in results)
    best = ideal_elapsed(pages, per_window, window, max_concurrent, settings.bulk_delay)
    achieved, allowed = pages / elapsed, pages / best
    client_429 = statuses.count(429)
    server_429 = sum(stats["refused"].values())
    section.rows += [
        Row("elapsed", elapsed, "s", note=f"best possible {best:.2f} s"),
        Row("achieved call rate", achieved, "req/s"),
        Row("allowed call rate (best schedule under the limits)", allowed, "req/s"),
        Row("achieved / allowed", 100 * achieved / allowed, "%"),
        Row("429 answers received", float(client_429), "", note=f"server refused {stats['refused']}"),
        Row("requests in flight at the server, max", float(max(stats["max_in_flight"].values())), ""),
        Row("retries (SDK warnings)", float(sum("retrying" in m for m in warnings.messages)), ""),
    ]
    section.targets.append(Target("bulk >= 95% of allowed rate", 100 * achieved / allowed, ">=", 95.0, "%"))
    section.targets.append(Target("bulk 429s == 0", float(max(client_429, server_429)), "<=", 0.0, ""))
    arrivals = sorted(t for t, _ in stats["log"])
    delays = [a - s for a, s in zip(arrivals, sorted(sent), strict=False)]
    if delays:
        section.notes.append(
            f"send -> server arrival: {1000 * min(delays):.1f} to {1000 * max(delays):.1f} ms (k-th send vs "
            "k-th arrival); the server counts a request when it arrives, the limiter when its answer is back"
        )
    section.notes.append(
        f"the limiter's and the server's 'minute' is {window:g} s (RateLimiter(window_seconds=))"
    )
    section.details = {
        "elapsed_s": elapsed,
        "ideal_s": best,
        "statuses": {str(code): statuses.count(code) for code in sorted(set(statuses))},
        "server": stats,
        "sdk_warnings": warnings.messages,
        "sent_monotonic": sent,
    }
    return section
