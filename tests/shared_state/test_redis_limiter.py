"""``RedisRateLimiter`` against a real redis-server: the limits hold across processes (0 x 429 from a
server enforcing them), a 429 pauses the tenant for every worker, a dead worker's slot comes back,
Xero's remaining-count headers tighten the shared counts, and Redis down fails closed (or open
when asked)."""

from __future__ import annotations

import time
from typing import Any

import pytest

from tests.shared_state._bulk import allowed, run_bulk
from tests.shared_state._limited_server import LimitedServer
from tests.shared_state._servers import free_port
from xero_sdk import RateLimiter, RedisRateLimiter, Xero
from xero_sdk.errors import RateLimitError, RateLimiterUnavailableError


class Slept(Exception):
    """Raised by the injected sleep: the limiter decided to wait this long."""

    def __init__(self, seconds: float) -> None:
        super().__init__(seconds)
        self.seconds = seconds


def _raise_sleep(seconds: float) -> None:
    raise Slept(seconds)


def test_processes_and_tenants_never_draw_a_429(redis_url: str) -> None:
    window = 2.0
    with LimitedServer(max_concurrent=5, per_window=10, app_per_window=150, window=window) as server:
        cfg: dict[str, Any] = {
            "redis_url": redis_url,
            "server_url": server.url,
            "prefix": f"xero:limits:{time.time_ns()}",
            "max_concurrent": 5,
            "per_window": 10,
            "app_per_window": 150,
            "window": window,
            "tenants": 20,
            "callers_per_tenant": 1,
            "duration": 5.0,
        }
        outputs, elapsed = run_bulk(cfg, processes=8)
    assert [f for out in outputs for f in out["failures"]] == []
    assert sum(out["429"] for out in outputs) == 0
    assert dict(server.refused) == {}
    ok = sum(out["ok"] for out in outputs)
    assert ok == server.served
    # traffic went right up to a limit, never past it (how close to the allowed rate: the benchmark)
    reached = (server.busiest_window, server.busiest_app_window, server.peak_in_flight)
    assert reached[0] == cfg["per_window"] or reached[1] == cfg["app_per_window"], reached
    assert reached[0] <= cfg["per_window"] and reached[1] <= cfg["app_per_window"] and reached[2] <= 5
    share = server.served_within(cfg["duration"]) / allowed(cfg, cfg["duration"])
    print(f"served {ok} ({share:.0%} of allowed), 0 x 429, busiest windows {reached}, {elapsed:.1f} s")


def test_same_knobs_as_the_in_process_limiter(redis_url: str) -> None:
    limiter = RedisRateLimiter.for_tier("starter", redis_url, per_minute=30)
    assert isinstance(limiter, RateLimiter)
    assert (limiter.max_concurrent, limiter.per_minute, limiter.per_day, limiter.app_per_minute) == (
        5,
        30,
        1000,
        10_000,
    )
    assert RedisRateLimiter.for_tier("Core", redis_url).per_day == 5000
    with pytest.raises(ValueError, match="unknown Xero tier"):
        RedisRateLimiter.for_tier("gold", redis_url)
    # drops into the clients as rate_limit=
    with Xero(access_token="x", rate_limit=limiter) as xero:
        assert xero.rate_limiter is limiter
    limiter.close()


def test_a_429_pauses_the_tenant_for_every_worker(redis_url: str) -> None:
    prefix = f"xero:limits:{time.time_ns()}"
    first = RedisRateLimiter(redis_url, prefix=prefix)
    other = RedisRateLimiter(redis_url, prefix=prefix, sleep=_raise_sleep)
    first.pause("tenant-a", 5.0)
    with pytest.raises(Slept) as slept:
        other.acquire("tenant-a")
    assert 2.0 < slept.value.seconds <= 5.2
    other.release(other.acquire("tenant-b"))  # other tenants are not paused


def test_a_dead_workers_slot_comes_back_after_its_lease(redis_url: str) -> None:
    prefix = f"xero:limits:{time.time_ns()}"
    crashed = RedisRateLimiter(redis_url, prefix=prefix, max_concurrent=2, slot_lease=0.5)
    crashed.acquire("t")
    crashed.acquire("t")  # never released: the worker "died" holding both slots
    survivor = RedisRateLimiter(redis_url, prefix=prefix, max_concurrent=2)
    assert survivor.in_flight("t") == 2
    started = time.monotonic()
    permit = survivor.acquire("t")
    assert 0.3 < time.monotonic() - started < 3.0
    survivor.release(permit)
    assert survivor.in_flight("t") == 0


def test_remaining_headers_tighten_the_shared_counts(redis_url: str) -> None:
    prefix = f"xero:limits:{time.time_ns()}"
    seen = RedisRateLimiter(redis_url, prefix=prefix, per_day=1000, max_wait=60)
    other = RedisRateLimiter(redis_url, prefix=prefix, per_day=1000, max_wait=60, sleep=_raise_sleep)
    # Xero says the tenant's minute is spent (other processes, other tools): everyone waits
    seen.observe("m", None, minute_remaining=0)
    with pytest.raises(Slept) as slept:
        other.acquire("m")
    assert 50 < slept.value.seconds <= 61
    # ...and its day: refused at once (RateLimitError "day"), not a wait of hours
    seen.observe("d", 0)
    with pytest.raises(RateLimitError) as refused:
        other.acquire("d", "getInvoices")
    assert refused.value.problem == "day" and refused.value.retry_after is not None
    # the app-wide minute likewise, for every tenant
    seen.observe("x", None, app_minute_remaining=0)
    with pytest.raises(Slept):
        other.acquire("y")


def test_in_process_limiter_learns_from_the_same_headers() -> None:
    now = [0.0]
    limiter = RateLimiter.for_tier("starter", clock=lambda: now[0], sleep=_raise_sleep)
    assert limiter.per_day == 1000
    limiter.observe("t", 400, minute_remaining=0)
    with pytest.raises(Slept) as slept:
        limiter.acquire("t")
    assert slept.value.seconds == pytest.approx(60.0)
    now[0] = 61.0
    for _ in range(5):
        limiter.release(limiter.acquire("t"))
    limiter.observe("t", 0)
    with pytest.raises(RateLimitError):
        limiter.acquire("t")
    limiter.observe("u", None, app_minute_remaining=0)
    with pytest.raises(Slept):
        limiter.acquire("v")


def test_redis_down_fails_closed_and_says_how_to_fail_open() -> None:
    url = f"redis://:hunter2-secret@127.0.0.1:{free_port()}/0"
    closed = RedisRateLimiter(url, retries=2, retry_backoff=0.01)
    with LimitedServer(max_concurrent=5, per_window=10, app_per_window=100, window=60) as server:
        options: dict[str, Any] = {
            "access_token": "x",
            "tenant_id": "t",
            "base_urls": {"accounting": server.url + "/api.xro/2.0"},
        }
        with Xero(rate_limit=closed, **options) as xero, pytest.raises(RateLimiterUnavailableError) as err:
            xero.accounting.get_organisations()
        assert server.served == 0  # nothing was sent
        message = str(err.value)
        assert "on_unavailable='allow'" in message and "after 2 attempts" in message
        assert "hunter2" not in message and "hunter2" not in repr(closed)
        assert err.value.__cause__ is None
        opened = RedisRateLimiter(url, retries=1, on_unavailable="allow")
        with Xero(rate_limit=opened, **options) as xero:
            assert xero.accounting.get_organisations().organisations
        assert server.served == 1


async def test_async_acquire_waits_without_blocking_the_loop(redis_url: str) -> None:
    import asyncio

    limiter = RedisRateLimiter(redis_url, prefix=f"xero:limits:{time.time_ns()}", max_concurrent=1)
    held = await limiter.aacquire("t")
    ticks = 0

    async def ticker() -> None:
        nonlocal ticks
        while True:
            ticks += 1
            await asyncio.sleep(0.01)

    tick_task = asyncio.ensure_future(ticker())
    waiter = asyncio.ensure_future(limiter.aacquire("t"))
    await asyncio.sleep(0.3)
    assert not waiter.done() and ticks >= 10
    limiter.release(held)  # from the loop: sent by a task, never blocking
    second = await asyncio.wait_for(waiter, 5)
    limiter.release(second)
    tick_task.cancel()
    await limiter.aclose()
    assert limiter.in_flight("t") == 0


async def test_bookkeeping_from_an_event_loop_never_blocks_it() -> None:
    """``AsyncXero`` calls release/pause/observe synchronously: on a loop they are sent by tasks,
    so even a Redis that is away (retries with pauses) does not stall the loop."""
    import asyncio

    limiter = RedisRateLimiter(f"redis://127.0.0.1:{free_port()}/0", retries=3, retry_backoff=0.2)
    started = time.monotonic()
    limiter.observe("t", 10, minute_remaining=0, app_minute_remaining=0)
    limiter.pause("t", 5)
    assert time.monotonic() - started < 0.1
    await asyncio.wait_for(limiter.aclose(), 10)  # the tasks finish (giving up quietly)
