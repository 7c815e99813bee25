"""A distributed bulk job: worker processes calling many tenants through one ``RedisRateLimiter``
against :class:`~tests.shared_state._limited_server.LimitedServer`. Shared by the limiter test
and the benchmark row (``benchmarks/bench_distributed.py``)."""

from __future__ import annotations

import asyncio
import os
import threading
import time
from typing import Any

from tests.shared_state._together import run_together
from xero_sdk import AsyncXero, RedisRateLimiter, Xero
from xero_sdk.errors import RateLimitError


def tenants(n: int) -> list[str]:
    return [f"00000000-0000-4000-8000-{i:012d}" for i in range(n)]


def limiter(cfg: dict[str, Any]) -> RedisRateLimiter:
    return RedisRateLimiter(
        cfg["redis_url"],
        max_concurrent=cfg["max_concurrent"],
        per_minute=cfg["per_window"],
        app_per_minute=cfg["app_per_window"],
        window_seconds=cfg["window"],
        prefix=cfg["prefix"],
    )


def _options(cfg: dict[str, Any]) -> dict[str, Any]:
    return {
        "access_token": "local-token",
        "base_urls": {"accounting": cfg["server_url"] + "/api.xro/2.0"},
        "max_retries": 0,
    }


def _record(out: dict[str, Any], exc: Exception) -> None:
    if isinstance(exc, RateLimitError):
        out["429"] += 1
    else:
        out["failures"].append(f"{type(exc).__name__}: {exc}")


def _threads(cfg: dict[str, Any], stop_at: float, out: dict[str, Any]) -> None:
    lock = threading.Lock()

    def loop(xero: Xero) -> None:
        while time.monotonic() < stop_at:
            try:
                xero.accounting.get_organisations()
                with lock:
                    out["ok"] += 1
            except Exception as exc:
                with lock:
                    _record(out, exc)

    with Xero(rate_limit=limiter(cfg), **_options(cfg)) as xero:
        threads = [
            threading.Thread(target=loop, args=(xero.for_tenant(t),))
            for t in tenants(cfg["tenants"])
            for _ in range(cfg["callers_per_tenant"])
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()


async def _tasks(cfg: dict[str, Any], stop_at: float, out: dict[str, Any]) -> None:
    async def loop(xero: AsyncXero) -> None:
        while time.monotonic() < stop_at:
            try:
                await xero.accounting.get_organisations()
                out["ok"] += 1
            except Exception as exc:
                _record(out, exc)

    shared = limiter(cfg)
    async with AsyncXero(rate_limit=shared, **_options(cfg)) as xero:
        await asyncio.gather(
            *(
                loop(xero.for_tenant(t))
                for t in tenants(cfg["tenants"])
                for _ in range(cfg["callers_per_tenant"])
            )
        )
    await shared.aclose()


def bulk_worker(cfg: dict[str, Any], index: int, barrier: Any, results: Any) -> None:
    """Even-numbered workers use ``AsyncXero`` tasks, odd ones ``Xero`` threads."""
    out: dict[str, Any] = {"pid": os.getpid(), "ok": 0, "429": 0, "failures": []}
    try:
        with Xero(**_options(cfg)) as warm:  # load the Accounting API before the clock starts
            assert warm.accounting.get_organisations
        barrier.wait(timeout=120)
        stop_at = time.monotonic() + cfg["duration"]
        if index % 2 == 0:
            asyncio.run(_tasks(cfg, stop_at, out))
        else:
            _threads(cfg, stop_at, out)
    except Exception as exc:
        out["failures"].append(f"worker crashed: {type(exc).__name__}: {exc}")
    results.put(out)


def run_bulk(cfg: dict[str, Any], processes: int) -> tuple[list[dict[str, Any]], float]:
    """Start ``processes`` workers together; their reports and the wall time of the run."""
    return run_together(bulk_worker, [(cfg, i) for i in range(processes)], timeout=cfg["duration"] + 120)


def allowed(cfg: dict[str, Any], seconds: float) -> float:
    """What the limits allow in ``seconds`` at their aggregate rate: the binding one of tenants x
    per-window and the app's per-window, per window. (The first window starts empty, so a short
    run can slightly exceed it.)"""
    per_window = min(cfg["tenants"] * cfg["per_window"], cfg["app_per_window"])
    return per_window * seconds / cfg["window"]
