"""Code run in child processes (multiprocessing "spawn" and plain subprocesses) by the auth tests.

Kept free of pytest and fixtures so that children import little."""

from __future__ import annotations

import datetime as dt
import os
import random
import sys
import threading
import time
from typing import Any

import httpx

from xero_sdk.auth import FileTokenStore, OAuth2App, Token, TokenManager


def call_api(client: httpx.Client, manager: TokenManager, url: str, tenant: str) -> tuple[int, int]:
    """One authorised call the way the HTTP client makes it: token, request, and after a 401 one
    more try with ``on_unauthorized``. Returns (final status, number of 401s)."""
    token = manager.access_token()
    response = client.get(url, headers={"Authorization": f"Bearer {token}", "xero-tenant-id": tenant})
    if response.status_code != 401:
        return response.status_code, 0
    token = manager.on_unauthorized(token)
    response = client.get(url, headers={"Authorization": f"Bearer {token}", "xero-tenant-id": tenant})
    return response.status_code, 1


def caller_loop(cfg: dict[str, Any], manager: TokenManager, stop_at: float, out: dict[str, Any]) -> None:
    rng = random.Random()
    calls = retries = 0
    failures: list[str] = []
    with httpx.Client(timeout=30.0) as client:
        while time.monotonic() < stop_at:
            try:
                status, n401 = call_api(client, manager, cfg["resource_url"], cfg["tenant"])
            except Exception as exc:  # reported to the test, which fails on any
                failures.append(f"{type(exc).__name__}: {exc}")
            else:
                retries += n401
                if status != 200:
                    failures.append(f"HTTP {status}")
            calls += 1
            time.sleep(rng.uniform(*cfg["pause"]))
    out["calls"] = out.get("calls", 0) + calls
    out["retries"] = out.get("retries", 0) + retries
    out.setdefault("failures", []).extend(failures)


def process_worker(cfg: dict[str, Any], barrier: Any, results: Any) -> None:
    """Entry point of a spawned process: ``cfg["threads"]`` callers sharing one TokenManager."""
    out: dict[str, Any] = {"pid": os.getpid()}
    try:
        app = OAuth2App(cfg["client_id"], cfg["client_secret"], identity_url=cfg["identity_url"])
        manager = TokenManager(app, FileTokenStore(cfg["store_path"]), skew=cfg["skew"])
        barrier.wait(timeout=60)
        stop_at = time.monotonic() + cfg["duration"]
        threads = [
            threading.Thread(target=caller_loop, args=(cfg, manager, stop_at, out))
            for _ in range(cfg["threads"])
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        app.close()
    except Exception as exc:
        out.setdefault("failures", []).append(f"worker crashed: {type(exc).__name__}: {exc}")
    results.put(out)


def write_forever(path: str) -> None:
    """Save big tokens to ``path`` as fast as possible until killed (the crash-safety test)."""
    store = FileTokenStore(path)
    n = 0
    while True:
        n += 1
        store.save(
            Token(
                access_token=f"access-{n}",
                refresh_token=f"refresh-{n}",
                expires_at=dt.datetime.now(dt.timezone.utc),
                id_token="x" * 2_000_000,
            )
        )
        if n == 1:
            print("started", flush=True)


def hold_lock(path: str, seconds: float) -> None:
    """Hold the store's lock for ``seconds`` (or until killed)."""
    store = FileTokenStore(path)
    with store.lock():
        print("locked", flush=True)
        time.sleep(seconds)


if __name__ == "__main__":
    if sys.argv[1] == "write":
        write_forever(sys.argv[2])
    elif sys.argv[1] == "hold":
        hold_lock(sys.argv[2], float(sys.argv[3]))
