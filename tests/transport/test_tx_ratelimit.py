"""Rate-limit header tracking per tenant, and the client-side limiter (threads and tasks)."""

from __future__ import annotations

import asyncio
import threading
import time

import httpx
import pytest

from xero_sdk._transport._limiter import RateLimiter
from xero_sdk._transport._ratelimit import (
    APP_MINUTE_HEADER,
    DAY_HEADER,
    MINUTE_HEADER,
    RateLimitTracker,
    int_header,
    rate_headers,
)
from xero_sdk.errors import NotFoundError, RateLimitError

from .conftest import Harness, Script, get_request


def limits(day: int, minute: int, app: int | None = None) -> httpx.Response:
    headers = {"X-DayLimit-Remaining": str(day), "X-MinLimit-Remaining": str(minute)}
    if app is not None:
        headers["X-AppMinLimit-Remaining"] = str(app)
    return httpx.Response(200, json={}, headers=headers)


# -- tracking ---------------------------------------------------------------------------------


def test_rate_limits_per_tenant(harness: Harness) -> None:
    script = Script([limits(4983, 58, 9990), limits(4000, 12, 9980), limits(4982, 57)])
    xero = harness.client(script, tenant_id=None)
    a, b = xero.for_tenant("A"), xero.for_tenant("B")
    assert a.rate_limits is None
    harness.request(a, get_request())
    harness.request(b, get_request())
    harness.request(a, get_request())
    ra, rb = a.rate_limits, b.rate_limits
    assert ra is not None and rb is not None
    assert (ra.tenant_id, ra.day_remaining, ra.minute_remaining) == ("A", 4982, 57)
    assert ra.app_minute_remaining == 9990  # kept from the earlier response of A
    assert (rb.day_remaining, rb.minute_remaining, rb.app_minute_remaining) == (4000, 12, 9980)
    assert ra.seen_at.tzinfo is not None
    app = xero.app_rate_limits
    assert app is not None and app.app_minute_remaining == 9980
    # clones share the tracker
    assert xero.for_tenant("A").rate_limits == ra
    assert xero.rate_limits is None


def test_rate_limits_recorded_on_errors(harness: Harness) -> None:
    script = Script(
        [httpx.Response(404, headers={"X-DayLimit-Remaining": "10", "X-MinLimit-Remaining": "1"})]
    )
    client = harness.client(script)
    with pytest.raises(NotFoundError):
        harness.request(client, get_request())
    assert client.rate_limits is not None and client.rate_limits.day_remaining == 10


def test_tracker_ignores_garbage() -> None:
    tracker = RateLimitTracker(wall_clock=lambda: 0.0)
    assert tracker.record("t", httpx.Headers({"X-DayLimit-Remaining": "lots"})) is None
    snap = tracker.record("t", httpx.Headers({"x-minlimit-remaining": " 7 "}))
    assert snap is not None and snap.minute_remaining == 7 and snap.day_remaining is None
    assert tracker.all() == {"t": snap}


@pytest.mark.parametrize(
    ("pairs", "expected"),
    [
        (
            [
                ("X-DayLimit-Remaining", " 12 "),
                ("x-minlimit-remaining", "5"),
                ("X-AppMinLimit-Remaining", "9"),
            ],
            (12, 5, 9),
        ),
        ([("x-daylimit-remaining", "1"), ("X-DAYLIMIT-REMAINING", "2")], (None, None, None)),  # repeated
        ([("X-MinLimit-Remaining", "n/a"), ("X-AppMinLimit-Remaining", "")], (None, None, None)),
        ([("Content-Type", "application/json")], (None, None, None)),
    ],
)
def test_rate_headers_read_each_value_as_a_header_lookup_would(
    pairs: list[tuple[str, str]], expected: tuple[int | None, int | None, int | None]
) -> None:
    headers = httpx.Headers(pairs)
    assert rate_headers(headers) == expected
    names = (DAY_HEADER, MINUTE_HEADER, APP_MINUTE_HEADER)
    assert tuple(int_header(headers, name) for name in names) == expected  # the one-pass read agrees


# -- limiter: fake clock ----------------------------------------------------------------------


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0
        self.sleeps: list[float] = []

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds

    async def asleep(self, seconds: float) -> None:
        self.sleep(seconds)


def test_per_minute_window_fake_clock() -> None:
    clock = FakeClock()
    limiter = RateLimiter(max_concurrent=None, per_minute=60, clock=clock, sleep=clock.sleep)
    for _ in range(60):
        limiter.release(limiter.acquire("t"))
        clock.now += 0.5  # 60 requests over 30 s
    assert clock.sleeps == []
    # the 61st must wait until the first one leaves the rolling minute
    limiter.release(limiter.acquire("t"))
    assert clock.sleeps == [pytest.approx(30.0)]
    # another tenant is not affected
    limiter.release(limiter.acquire("other"))
    assert len(clock.sleeps) == 1


def test_a_request_counts_in_the_minute_from_its_answer_not_its_start() -> None:
    """Xero counts a request when it arrives, which can be long after it left (a new connection,
    TLS): counting from the answer keeps the next window's first call from arriving early."""
    clock = FakeClock()
    limiter = RateLimiter(max_concurrent=None, per_minute=2, clock=clock, sleep=clock.sleep)
    first = limiter.acquire("t")
    second = limiter.acquire("t")
    clock.now += 3.0  # both answers take 3 s
    limiter.release(first)
    limiter.release(second)
    limiter.release(limiter.acquire("t"))
    assert clock.sleeps == [pytest.approx(60.0)]  # 60 s after the answers, not 57 s after the starts


def test_requests_in_flight_hold_their_place_in_the_minute() -> None:
    clock = FakeClock()
    limiter = RateLimiter(
        max_concurrent=None, per_minute=2, clock=clock, sleep=clock.sleep, poll_interval=0.01
    )
    held = [limiter.acquire("t"), limiter.acquire("t")]
    got: list[object] = []
    waiter = threading.Thread(target=lambda: got.append(limiter.acquire("t")))
    waiter.start()
    waiter.join(0.2)
    assert got == []  # two in flight fill a window of 2, though none has finished
    clock.now += 1.0
    for permit in held:
        limiter.release(permit)
    clock.now += 61.0  # their window passes
    waiter.join(5)
    assert len(got) == 1


def test_window_is_configurable_for_fast_tests_and_benchmarks() -> None:
    clock = FakeClock()
    limiter = RateLimiter(
        max_concurrent=None, per_minute=1, window_seconds=2.0, clock=clock, sleep=clock.sleep
    )
    limiter.release(limiter.acquire("t"))
    limiter.release(limiter.acquire("t"))
    assert clock.sleeps == [pytest.approx(2.0)]
    with pytest.raises(ValueError):
        RateLimiter(window_seconds=0)


def test_per_minute_rate_over_time() -> None:
    clock = FakeClock()
    limiter = RateLimiter(max_concurrent=None, per_minute=60, clock=clock, sleep=clock.sleep)
    start = clock.now
    for _ in range(300):
        limiter.release(limiter.acquire("t"))
    elapsed = clock.now - start
    # 300 requests at 60/minute: the first 60 at once, then one window per 60
    assert 240.0 <= elapsed <= 241.0
    # never more than 60 started in any 60 s window
    assert sum(clock.sleeps) == pytest.approx(elapsed)


def test_app_wide_minute() -> None:
    clock = FakeClock()
    limiter = RateLimiter(
        max_concurrent=None, per_minute=None, app_per_minute=3, clock=clock, sleep=clock.sleep
    )
    for tenant in ("a", "b", "c"):
        limiter.release(limiter.acquire(tenant))
    limiter.release(limiter.acquire("d"))
    assert clock.sleeps == [pytest.approx(60.0)]


@pytest.mark.asyncio
async def test_callers_waiting_for_a_full_window_each_sleep_until_their_own_slot() -> None:
    """One freed slot wakes one waiter: with the app-wide window full, the k-th caller in line
    sleeps until the k-th oldest request leaves the window, not until the oldest (then every
    waiter would wake at once, find the window full and sleep again, for each slot)."""
    clock = FakeClock()
    gate = asyncio.Event()
    waits: list[float] = []

    async def asleep(seconds: float) -> None:
        waits.append(seconds)
        await gate.wait()

    limiter = RateLimiter(
        max_concurrent=None, per_minute=None, app_per_minute=3, clock=clock, async_sleep=asleep
    )
    for tenant in ("a", "b", "c"):  # answered at 1000, 1001, 1002
        limiter.release(await limiter.aacquire(tenant))
        clock.now += 1.0
    clock.now = 1010.0
    waiting = [asyncio.create_task(limiter.aacquire(tenant)) for tenant in ("d", "e", "f")]
    while len(waits) < 3:
        await asyncio.sleep(0)
    assert waits == [pytest.approx(50.0), pytest.approx(51.0), pytest.approx(52.0)]
    clock.now = 1062.5  # all three slots have freed
    gate.set()
    permits = await asyncio.gather(*waiting)
    assert sorted(p.key for p in permits) == ["d", "e", "f"]
    assert len(waits) == 3  # nobody woke early to sleep again
    # granted callers left the line: the next caller waits for the oldest slot alone
    gate.clear()
    for permit in permits:  # answered at 1062.5, 1063.5, 1064.5
        limiter.release(permit)
        clock.now += 1.0
    clock.now = 1064.5
    first = asyncio.create_task(limiter.aacquire("g"))
    while len(waits) < 4:
        await asyncio.sleep(0)
    assert waits[3] == pytest.approx(58.0)
    # a caller that gives up (cancelled) leaves its place to the next one
    first.cancel()
    with pytest.raises(asyncio.CancelledError):
        await first
    second = asyncio.create_task(limiter.aacquire("h"))
    while len(waits) < 5:
        await asyncio.sleep(0)
    assert waits[4] == pytest.approx(58.0)
    second.cancel()
    with pytest.raises(asyncio.CancelledError):
        await second


@pytest.mark.asyncio
async def test_per_minute_async_fake_clock() -> None:
    clock = FakeClock()
    limiter = RateLimiter(max_concurrent=None, per_minute=2, clock=clock, async_sleep=clock.asleep)
    for _ in range(5):
        limiter.release(await limiter.aacquire("t"))
    assert clock.sleeps == [60.0, 60.0]


def test_daily_quota_raises_at_once() -> None:
    clock = FakeClock()
    limiter = RateLimiter(max_concurrent=None, per_minute=None, per_day=3, clock=clock, sleep=clock.sleep)
    for _ in range(3):
        limiter.release(limiter.acquire("t", "getInvoices"))
    with pytest.raises(RateLimitError) as info:
        limiter.acquire("t", "getInvoices")
    assert info.value.problem == "day"
    assert info.value.retry_after == pytest.approx(86_400.0)
    assert "getInvoices" in str(info.value) and "daily quota of 3" in str(info.value)
    assert clock.sleeps == []
    clock.now += 86_400
    limiter.release(limiter.acquire("t"))


def test_server_day_remaining_tightens_quota() -> None:
    clock = FakeClock()
    limiter = RateLimiter(max_concurrent=None, per_minute=None, per_day=5000, clock=clock)
    limiter.observe("t", 1)
    limiter.release(limiter.acquire("t"))
    with pytest.raises(RateLimitError):
        limiter.acquire("t")


def test_pause_holds_every_caller() -> None:
    clock = FakeClock()
    limiter = RateLimiter(clock=clock, sleep=clock.sleep)
    limiter.pause("t", 12.0)
    limiter.release(limiter.acquire("t"))
    assert clock.sleeps == [12.0]


def test_limiter_validation() -> None:
    with pytest.raises(ValueError):
        RateLimiter(per_minute=0)
    assert "per_minute=60" in repr(RateLimiter())


# -- limiter: real concurrency ----------------------------------------------------------------


class Gauge:
    """Counts requests in flight at the mock server."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.current = 0
        self.peak = 0
        self.total = 0

    def enter(self) -> None:
        with self.lock:
            self.current += 1
            self.total += 1
            self.peak = max(self.peak, self.current)

    def leave(self) -> None:
        with self.lock:
            self.current -= 1


def test_five_in_flight_threads() -> None:
    from xero_sdk._clients import Xero

    gauge = Gauge()

    def handler(request: httpx.Request) -> httpx.Response:
        gauge.enter()
        time.sleep(0.02)
        gauge.leave()
        return httpx.Response(200, json={})

    xero = Xero(
        access_token="t", rate_limit=True, http_client=httpx.Client(transport=httpx.MockTransport(handler))
    )
    org = xero.for_tenant("T")
    threads = [
        threading.Thread(
            target=lambda: [org.sender.request(get_request(), lambda b: b, None) for _ in range(3)]
        )
        for _ in range(12)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert gauge.total == 36
    assert gauge.peak == 5
    assert xero.rate_limiter is not None and xero.rate_limiter.in_flight("T") == 0


@pytest.mark.asyncio
async def test_five_in_flight_tasks() -> None:
    from xero_sdk._clients import AsyncXero

    gauge = Gauge()

    async def handler(request: httpx.Request) -> httpx.Response:
        gauge.enter()
        await asyncio.sleep(0.01)
        gauge.leave()
        return httpx.Response(200, json={})

    xero = AsyncXero(
        access_token="t",
        rate_limit=True,
        http_client=httpx.AsyncClient(transport=httpx.MockTransport(handler)),
    )
    org = xero.for_tenant("T")
    await asyncio.gather(*(org.sender.request(get_request(), lambda b: b, None) for _ in range(40)))
    assert gauge.total == 40 and gauge.peak == 5


@pytest.mark.asyncio
async def test_limiter_shared_by_threads_and_tasks_without_blocking_loop() -> None:
    """A sync Xero in threads and an AsyncXero on the loop share one limiter: at most 5 in flight
    for the tenant overall, and the event loop keeps ticking while tasks wait."""
    from xero_sdk._clients import AsyncXero, Xero

    limiter = RateLimiter(max_concurrent=5)
    gauge = Gauge()

    def sync_handler(request: httpx.Request) -> httpx.Response:
        gauge.enter()
        time.sleep(0.03)
        gauge.leave()
        return httpx.Response(200, json={})

    async def async_handler(request: httpx.Request) -> httpx.Response:
        gauge.enter()
        await asyncio.sleep(0.03)
        gauge.leave()
        return httpx.Response(200, json={})

    sync_org = Xero(
        access_token="t",
        rate_limit=limiter,
        http_client=httpx.Client(transport=httpx.MockTransport(sync_handler)),
    ).for_tenant("T")
    async_org = AsyncXero(
        access_token="t",
        rate_limit=limiter,
        http_client=httpx.AsyncClient(transport=httpx.MockTransport(async_handler)),
    ).for_tenant("T")

    ticks = 0
    stop = asyncio.Event()

    async def ticker() -> None:
        nonlocal ticks
        while not stop.is_set():
            ticks += 1
            await asyncio.sleep(0.005)

    def sync_worker() -> None:
        for _ in range(4):
            sync_org.sender.request(get_request(), lambda b: b, None)

    tick_task = asyncio.create_task(ticker())
    threads = [threading.Thread(target=sync_worker) for _ in range(5)]
    for t in threads:
        t.start()
    await asyncio.gather(*(async_org.sender.request(get_request(), lambda b: b, None) for _ in range(20)))

    def join_all() -> None:
        for t in threads:
            t.join()

    await asyncio.to_thread(join_all)
    stop.set()
    await tick_task
    assert gauge.total == 40
    assert gauge.peak <= 5
    assert limiter.in_flight("T") == 0
    # 40 requests of 30 ms, 5 at a time, take >= 240 ms; the loop ticked throughout
    assert ticks >= 20


@pytest.mark.asyncio
async def test_async_waiter_cancel_is_clean() -> None:
    limiter = RateLimiter(max_concurrent=1)
    permit = await limiter.aacquire("t")
    waiter = asyncio.create_task(limiter.aacquire("t"))
    await asyncio.sleep(0.01)
    waiter.cancel()
    with pytest.raises(asyncio.CancelledError):
        await waiter
    limiter.release(permit)
    limiter.release(permit)  # idempotent
    assert limiter.in_flight("t") == 0
    second = await asyncio.wait_for(limiter.aacquire("t"), 1.0)
    limiter.release(second)


def test_429_pauses_tenant_for_everyone(harness: Harness) -> None:
    clock = FakeClock()
    limiter = RateLimiter(clock=clock, sleep=clock.sleep, async_sleep=clock.asleep)
    script = Script(
        [httpx.Response(429, headers={"Retry-After": "5", "X-Rate-Limit-Problem": "minute"})],
        default=httpx.Response(200, json={}),
    )
    client = harness.client(script, rate_limit=limiter)
    harness.request(client, get_request())
    # the retry's own sleep (harness) plus the limiter's pause for the next acquire
    assert harness.sleeps == [5.0]
    assert clock.sleeps == [5.0]


def test_daily_429_stops_tenant_locally(harness: Harness) -> None:
    limiter = RateLimiter()
    script = Script([httpx.Response(429, headers={"Retry-After": "40000", "X-Rate-Limit-Problem": "day"})])
    client = harness.client(script, rate_limit=limiter)
    with pytest.raises(RateLimitError):
        harness.request(client, get_request())
    with pytest.raises(RateLimitError) as info:
        harness.request(client, get_request())
    assert script.attempts == 1  # the second call never left the process
    assert "client-side limiter" in str(info.value)


def test_rate_limit_argument_types() -> None:
    from xero_sdk._clients import Xero

    assert Xero(access_token="t").rate_limiter is None
    assert isinstance(Xero(access_token="t", rate_limit=True).rate_limiter, RateLimiter)
    mine = RateLimiter(per_day=1000)
    x = Xero(access_token="t", rate_limit=mine)
    assert x.rate_limiter is mine and x.for_tenant("a").rate_limiter is mine
    with pytest.raises(TypeError):
        Xero(access_token="t", rate_limit="yes")  # type: ignore[arg-type]
