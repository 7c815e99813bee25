"""Code run in child processes by the shared-state tests: workers that share nothing but the store.

``python -m tests.shared_state._workers kill '<json cfg>'`` runs one refresh that stops at a
named point (prints ``AT <point>`` and sleeps) so the test can ``kill -9`` it there.
"""

from __future__ import annotations

import asyncio
import json
import os
import random
import sys
import threading
import time
from typing import Any

from xero_sdk import AsyncXero, RedisTokenStore, SQLTokenStore, Xero
from xero_sdk.auth import OAuth2App, Token, TokenManager


def make_store(cfg: dict[str, Any]) -> Any:
    if cfg["kind"] == "redis":
        return RedisTokenStore(cfg["url"], key=cfg["key"], lease=cfg.get("lease", 30.0))
    return SQLTokenStore(cfg["url"], key=cfg["key"])


def _client_options(cfg: dict[str, Any]) -> dict[str, Any]:
    return {
        "tenant_id": cfg["tenant"],
        "base_urls": {"accounting": cfg["identity_url"] + "/api.xro/2.0"},
        "max_retries": 0,
    }


def _thread_loop(cfg: dict[str, Any], manager: TokenManager, stop_at: float, out: dict[str, Any]) -> None:
    rng = random.Random()
    with Xero(token_manager=manager, **_client_options(cfg)) as xero:
        while time.monotonic() < stop_at:
            try:
                if not xero.accounting.get_organisations().organisations:
                    out["failures"].append("no organisation in the response")
            except Exception as exc:  # reported to the test, which fails on any
                out["failures"].append(f"sync: {type(exc).__name__}: {exc}")
            out["calls"] += 1
            time.sleep(rng.uniform(*cfg["pause"]))


async def _tasks(cfg: dict[str, Any], manager: TokenManager, stop_at: float, out: dict[str, Any]) -> None:
    async def one(xero: AsyncXero) -> None:
        rng = random.Random()
        while time.monotonic() < stop_at:
            try:
                if not (await xero.accounting.get_organisations()).organisations:
                    out["failures"].append("no organisation in the response")
            except Exception as exc:
                out["failures"].append(f"async: {type(exc).__name__}: {exc}")
            out["calls"] += 1
            await asyncio.sleep(rng.uniform(*cfg["pause"]))

    async with AsyncXero(token_manager=manager, **_client_options(cfg)) as xero:
        await asyncio.gather(*(one(xero) for _ in range(cfg["tasks"])))


def process_worker(cfg: dict[str, Any], barrier: Any, results: Any) -> None:
    """One process: ``threads`` threads on ``Xero`` and ``tasks`` asyncio tasks on ``AsyncXero``,
    all through one TokenManager on its own store object (its own connections)."""
    out: dict[str, Any] = {"pid": os.getpid(), "calls": 0, "failures": []}
    try:
        app = OAuth2App(cfg["client_id"], cfg["client_secret"], identity_url=cfg["identity_url"])
        store = make_store(cfg)
        manager = TokenManager(app, store, skew=cfg["skew"])
        barrier.wait(timeout=120)
        stop_at = time.monotonic() + cfg["duration"]
        threads = [
            threading.Thread(target=_thread_loop, args=(cfg, manager, stop_at, out))
            for _ in range(cfg["threads"])
        ]
        for thread in threads:
            thread.start()
        if cfg["tasks"]:
            asyncio.run(_tasks(cfg, manager, stop_at, out))
        for thread in threads:
            thread.join()
        app.close()
    except Exception as exc:
        out["failures"].append(f"worker crashed: {type(exc).__name__}: {exc}")
    results.put(out)


def stop_at_point(cfg: dict[str, Any]) -> None:
    """Refresh once through ``Xero``, pausing (to be killed) at ``cfg["point"]``:
    ``before_request`` (lock held, refresh token not yet sent), ``after_answer`` (the identity
    server answered, nothing saved), ``during_save`` (inside the store's save)."""
    point = cfg["point"]
    app = OAuth2App(cfg["client_id"], cfg["client_secret"], identity_url=cfg["identity_url"])
    store = make_store(cfg)
    real_refresh, real_save = app.refresh, store.save

    def halt() -> None:
        print(f"AT {point}", flush=True)
        time.sleep(120)

    def refresh(token: Token | str) -> Token:
        if point == "before_request":
            halt()
        new = real_refresh(token)
        if point == "after_answer":
            halt()
        return new

    def save(token: Token) -> None:
        if point == "during_save":
            halt()
        real_save(token)

    app.refresh = refresh  # type: ignore[method-assign]
    store.save = save
    with Xero(token_manager=TokenManager(app, store, skew=cfg["skew"]), **_client_options(cfg)) as xero:
        xero.accounting.get_organisations()


def call_once(cfg: dict[str, Any]) -> None:
    """One call through ``Xero`` (refreshing if due); prints ``OK`` or the error."""
    app = OAuth2App(cfg["client_id"], cfg["client_secret"], identity_url=cfg["identity_url"])
    store = make_store(cfg)
    print("READY", flush=True)
    try:
        with Xero(token_manager=TokenManager(app, store, skew=cfg["skew"]), **_client_options(cfg)) as xero:
            xero.accounting.get_organisations()
    except Exception as exc:
        print(f"FAILED {type(exc).__name__}: {exc}", flush=True)
        return
    print("OK", flush=True)


if __name__ == "__main__":
    {"kill": stop_at_point, "call": call_once}[sys.argv[1]](json.loads(sys.argv[2]))
