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

from xero_sdk import Xero
from xero_sdk.auth import FileTokenStore, OAuth2App, Token, TokenManager


def sdk_client(cfg: dict[str, Any], manager: TokenManager) -> Xero:
    """The SDK's own client on the identity server's resource endpoint (Accounting's Organisation)."""
    return Xero(
        token_manager=manager,
        tenant_id=cfg["tenant"],
        base_urls={"accounting": cfg["identity_url"] + "/api.xro/2.0"},
        max_retries=0,
    )


def caller_loop(cfg: dict[str, Any], manager: TokenManager, stop_at: float, out: dict[str, Any]) -> None:
    """Keep calling through ``Xero`` (token before each request; after a 401 TokenExpired the
    client refreshes once through the manager and resends) until ``stop_at``."""
    rng = random.Random()
    calls = 0
    failures: list[str] = []
    with sdk_client(cfg, manager) as xero:
        while time.monotonic() < stop_at:
            try:
                orgs = xero.accounting.get_organisations()
                if not orgs.organisations:
                    failures.append("no organisation in the response")
            except Exception as exc:  # reported to the test, which fails on any
                failures.append(f"{type(exc).__name__}: {exc}")
            calls += 1
            time.sleep(rng.uniform(*cfg["pause"]))
    out["calls"] = out.get("calls", 0) + calls
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
