"""Shared state across processes: the distributed bulk through ``RedisRateLimiter`` and the per-call
overhead of the Redis limiter and the Redis / SQL token stores against the in-process ones.

* **distributed bulk**: worker processes (half ``AsyncXero`` tasks, half ``Xero`` threads) x
  tenants, one caller per tenant per process, all through one ``RedisRateLimiter`` against
  ``tests/shared_state/_limited_server.py``, which enforces 5 in flight and a per-window limit per
  tenant and an app-wide per-window limit (windows of a few seconds stand for Xero's minute) and
  answers 429 past them. Served: the requests the server answered in the run's first
  ``duration`` seconds from the first one; allowed: the aggregate rate the limits allow (the
  binding one of tenants x per-window and the app's per-window, per window) times ``duration``.
  The first window starts empty, so a short run can slightly exceed 100%.
* **overhead**: microseconds of one acquire + release (limiters) and of one ``load`` and one
  refresh's store work (lock, load, save) for each store, on loopback servers started here.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from benchmarks._common import Row, Section, Settings, Target


def _per_call(fn: Callable[[], Any], calls: int) -> float:
    fn()  # warm: connections, scripts cached
    started = time.perf_counter()
    for _ in range(calls):
        fn()
    return (time.perf_counter() - started) / calls * 1e6


def _bulk(section: Section, redis_url: str, settings: Settings) -> None:
    from tests.shared_state._bulk import allowed, run_bulk
    from tests.shared_state._limited_server import LimitedServer

    processes, tenants = (4, 5) if settings.quick else (8, 20)
    window, per_window, app_per_window = 2.0, 10, 150
    duration = 4.0 if settings.quick else 20.0
    with LimitedServer(
        max_concurrent=5, per_window=per_window, app_per_window=app_per_window, window=window
    ) as server:
        cfg: dict[str, Any] = {
            "redis_url": redis_url,
            "server_url": server.url,
            "prefix": f"bench:{time.time_ns()}",
            "max_concurrent": 5,
            "per_window": per_window,
            "app_per_window": app_per_window,
            "window": window,
            "tenants": tenants,
            "callers_per_tenant": 1,
            "duration": duration,
        }
        outputs, _ = run_bulk(cfg, processes)
        refused = sum(server.refused.values())
        in_run = server.served_within(duration)
    got_429 = sum(out["429"] for out in outputs)
    failures = [f for out in outputs for f in out["failures"]]
    share = 100 * in_run / allowed(cfg, duration)
    label = f"distributed bulk ({processes} processes x {tenants} tenants)"
    section.rows += [
        Row(
            f"{label}: requests served", float(in_run), "", note=f"in {duration:.0f} s, window {window:.0f} s"
        ),
        Row(f"{label}: % of allowed", share, "%", note=f"allowed {allowed(cfg, duration):.0f}"),
        Row(f"{label}: 429s received", float(got_429), "", note=f"server refused {refused}"),
    ]
    section.targets += [
        Target("distributed bulk >= 95% of allowed", share, ">=", 95.0, "%"),
        Target("distributed bulk 429s == 0", float(max(got_429, refused)), "<=", 0.0, ""),
    ]
    if failures:
        section.notes.append(f"{len(failures)} failures, first: {failures[0]}")


def _overhead(
    section: Section, redis_url: str, postgres_url: str | None, tmp: str, settings: Settings
) -> None:
    import datetime as dt

    from xero_sdk import FileTokenStore, RateLimiter, RedisRateLimiter, RedisTokenStore, SQLTokenStore
    from xero_sdk.auth import MemoryTokenStore, Token

    calls = 200 if settings.quick else 2000
    # every limit checked, none binding: the cost of the bookkeeping, not of waiting
    knobs: dict[str, Any] = {"per_minute": 10**9, "app_per_minute": 10**9, "per_day": 10**9}
    local = RateLimiter(**knobs)
    shared = RedisRateLimiter(redis_url, prefix=f"bench:{time.time_ns()}", **knobs)
    in_process = _per_call(lambda: local.release(local.acquire("t")), calls)
    redis_limiter = _per_call(lambda: shared.release(shared.acquire("t")), calls)
    shared.close()
    section.rows += [
        Row("RateLimiter acquire + release", in_process, "us"),
        Row("RedisRateLimiter acquire + release", redis_limiter, "us", ratio=redis_limiter / in_process),
    ]
    token = Token(
        access_token="a" * 900,  # Xero's access tokens are JWTs of about this size
        refresh_token="r" * 64,
        expires_at=dt.datetime.now(dt.timezone.utc) + dt.timedelta(minutes=30),
        scopes=("offline_access", "accounting.invoices"),
    )
    stores: dict[str, Any] = {
        "MemoryTokenStore": MemoryTokenStore(),
        "FileTokenStore": FileTokenStore(f"{tmp}/token.json"),
        "RedisTokenStore": RedisTokenStore(redis_url, key=f"bench:{time.time_ns()}"),
        "SQLTokenStore (SQLite)": SQLTokenStore(f"sqlite:///{tmp}/tokens.db", key="bench"),
    }
    if postgres_url:
        stores["SQLTokenStore (PostgreSQL)"] = SQLTokenStore(postgres_url, key="bench")
    for name, store in stores.items():
        if isinstance(store, SQLTokenStore):
            store.create_table()
        store.save(token)

        def refresh_cycle(store: Any = store) -> None:
            with store.lock():
                store.load()
                store.save(token)

        load = _per_call(store.load, calls)
        cycle = _per_call(refresh_cycle, max(20, calls // 10))
        section.rows += [
            Row(f"{name} load", load, "us"),
            Row(f"{name} lock + load + save (one refresh)", cycle, "us"),
        ]
        close = getattr(store, "close", None)
        if close is not None:
            close()
    section.notes.append(
        "A TokenManager reads its store once per process and then once per refresh (every ~30 min),"
        " so a store's cost is per refresh, not per call; the limiter's is per call."
    )


def run(settings: Settings) -> Section:
    import shutil
    import tempfile

    from tests.shared_state._servers import postgres_bindir, running

    section = Section("distributed", "Many workers: RedisRateLimiter bulk, Redis / SQL store overhead")
    tmp = tempfile.mkdtemp(prefix="xero-bench-")
    try:
        with running("redis", appendfsync="everysec") as redis:
            _bulk(section, redis.url, settings)
            if postgres_bindir() is not None and not settings.quick:
                with running("postgres") as postgres:
                    _overhead(section, redis.url, postgres.url, tmp, settings)
            else:
                _overhead(section, redis.url, None, tmp, settings)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return section
