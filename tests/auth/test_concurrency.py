"""Many holders of one FileTokenStore across token expiries: each refresh token is spent exactly
once, no call fails, and the token file is valid JSON at every moment. Every call goes through
the SDK's own clients (``Xero`` in threads and processes, ``AsyncXero`` in tasks).

Timing: access tokens live ``TTL`` seconds and are refreshed ``SKEW`` seconds ahead, so a new
token generation starts every ~``TTL - SKEW`` seconds; the token endpoint is slowed down by
``LATENCY`` so that many callers pile up on the lock while a refresh is in flight.

What is checked is what the server saw, with wide margins, so that a loaded machine makes the
run slower, not flaky:

* no refresh token was presented twice and none was rejected (no double spend);
* every refresh replaced a token at least ``MIN_AGE`` old. A correct refresh comes about
  ``TTL - SKEW`` after the previous one (minus the request's queueing delay, as the client dates
  expiry from when it sent the request); a second refresh of the same generation would come
  right after the first (about ``LATENCY``);
* at least two refreshes happened (the run spanned two expiries).
"""

from __future__ import annotations

import asyncio
import json
import multiprocessing
import queue
import random
import threading
import time
from pathlib import Path
from typing import Any

import pytest

from tests.auth._workers import caller_loop, process_worker
from tests.auth.conftest import AppFactory, login
from tests.identity_server import DEFAULT_TENANTS, IdentityServerProcess
from xero_sdk import AsyncXero
from xero_sdk.auth import FileTokenStore, OAuth2App, Token, TokenManager

TENANT = DEFAULT_TENANTS[0][0]
TTL = 3.0
SKEW = 1.0
LATENCY = 0.2
DURATION = 6.5
MIN_AGE = (TTL - SKEW) / 2


class FileWatcher(threading.Thread):
    """Reads the token file in a tight loop; every read must parse into a Token."""

    def __init__(self, path: Path) -> None:
        super().__init__(daemon=True)
        self.path = path
        self.stop = threading.Event()
        self.reads = 0
        self.tokens: set[str] = set()
        self.errors: list[str] = []

    def run(self) -> None:
        while not self.stop.is_set():
            try:
                raw = self.path.read_bytes()
                token = Token.from_dict(json.loads(raw))
            except Exception as exc:
                self.errors.append(f"{type(exc).__name__}: {exc}")
            else:
                self.reads += 1
                self.tokens.add(token.access_token)
            time.sleep(0.0005)


def _prepare(app: OAuth2App, server: IdentityServerProcess, path: Path) -> None:
    server.configure(access_token_ttl=TTL, token_latency=LATENCY)
    FileTokenStore(path).save(login(app, server))


def _check_server(server: IdentityServerProcess, elapsed: float) -> dict[str, Any]:
    stats = server.stats()
    summary = {k: v for k, v in stats.items() if isinstance(v, int)}
    print(
        f"elapsed {elapsed:.1f}s; server: {summary}; refresh ages: {[round(e['age'], 2) for e in stats['refresh_events']]}"
    )
    assert stats["refresh_rejected"] == 0, stats["rejections"]
    uses = stats["refresh_uses"]
    assert all(n == 1 for n in uses.values()), f"a refresh token was presented twice: {uses}"
    events = stats["refresh_events"]
    assert stats["refresh_granted"] == len(events) >= 2, "the run did not span two expiries"
    # exactly one refresh per token generation: none replaced a token that was not yet due
    for event in events:
        assert event["age"] >= MIN_AGE, f"premature refresh: {event}, all: {events}"
    assert [e["generation"] for e in events] == list(range(1, len(events) + 1))
    assert len(events) <= elapsed / MIN_AGE + 1
    return stats


def test_threads_and_processes_share_one_file_store(
    app: OAuth2App, identity_server: IdentityServerProcess, tmp_path: Path
) -> None:
    path = tmp_path / "token.json"
    _prepare(app, identity_server, path)
    watcher = FileWatcher(path)
    watcher.start()

    ctx = multiprocessing.get_context("spawn")
    n_processes, n_threads = 4, 8
    barrier = ctx.Barrier(n_processes + 1)
    results: Any = ctx.Queue()
    cfg: dict[str, Any] = {
        "client_id": identity_server.client_id,
        "client_secret": identity_server.client_secret,
        "identity_url": identity_server.url,
        "resource_url": identity_server.resource_url,
        "tenant": TENANT,
        "store_path": str(path),
        "skew": SKEW,
        "duration": DURATION,
        "pause": (0.05, 0.15),
        "threads": 1,
    }
    processes = [ctx.Process(target=process_worker, args=(cfg, barrier, results)) for _ in range(n_processes)]
    for process in processes:
        process.start()
    outputs: list[dict[str, Any]] = []
    try:
        barrier.wait(timeout=60)  # every process is up: start together
        started = time.monotonic()
        stop_at = started + DURATION
        # 8 threads: 4 share one manager, 4 have their own (separate caches, same store)
        shared = TokenManager(app, FileTokenStore(path), skew=SKEW)
        own_apps = [
            OAuth2App(app.client_id, identity_server.client_secret, identity_url=identity_server.url)
            for _ in range(4)
        ]
        managers = [shared] * 4 + [TokenManager(a, FileTokenStore(path), skew=SKEW) for a in own_apps]
        thread_outputs: list[dict[str, Any]] = [{} for _ in range(n_threads)]
        threads = [
            threading.Thread(target=caller_loop, args=(cfg, managers[i], stop_at, thread_outputs[i]))
            for i in range(n_threads)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=DURATION + 60)
        outputs.extend(thread_outputs)
        for _ in processes:
            outputs.append(results.get(timeout=60))
        elapsed = time.monotonic() - started
        for own in own_apps:
            own.close()
    finally:
        for process in processes:
            process.join(timeout=30)
            if process.is_alive():
                process.kill()
        watcher.stop.set()
        watcher.join()

    failures = [f for out in outputs for f in out.get("failures", [])]
    assert failures == []
    assert all(out.get("calls", 0) > 0 for out in outputs), outputs
    assert len({out["pid"] for out in outputs if "pid" in out}) == n_processes
    stats = _check_server(identity_server, elapsed)
    assert watcher.errors == [] and watcher.reads > 100
    # everyone ended on the generation in the store
    final = FileTokenStore(path).load()
    assert final is not None and final.access_token in watcher.tokens
    assert stats["resource_ok"] >= sum(out["calls"] for out in outputs)


async def test_fifty_tasks_share_one_file_store(
    make_app: AppFactory, identity_server: IdentityServerProcess, tmp_path: Path
) -> None:
    app = make_app()
    path = tmp_path / "token.json"
    _prepare(app, identity_server, path)
    watcher = FileWatcher(path)
    watcher.start()
    # two managers (each with its own store object on the same file) in one loop, 25 tasks each
    managers = [TokenManager(make_app(), FileTokenStore(path), skew=SKEW) for _ in range(2)]
    failures: list[str] = []
    calls: list[int] = []

    async def task(xero: AsyncXero, stop_at: float) -> None:
        rng = random.Random()
        count = 0
        while time.monotonic() < stop_at:
            try:
                orgs = await xero.accounting.get_organisations()
                if not orgs.organisations:
                    failures.append("no organisation in the response")
            except Exception as exc:
                failures.append(f"{type(exc).__name__}: {exc}")
            count += 1
            await asyncio.sleep(rng.uniform(0.2, 0.4))
        calls.append(count)

    started = time.monotonic()
    # 50 tasks on AsyncXero: two clients (one per manager), 25 tasks each, through the SDK's
    # transport (401 TokenExpired -> one refresh through the manager -> resend)
    clients = [
        AsyncXero(
            token_manager=m,
            tenant_id=TENANT,
            base_urls={"accounting": identity_server.url + "/api.xro/2.0"},
            max_retries=0,
        )
        for m in managers
    ]
    try:
        await asyncio.gather(*(task(clients[i % 2], started + DURATION) for i in range(50)))
    finally:
        for c in clients:
            await c.aclose()
        watcher.stop.set()
        watcher.join()
    elapsed = time.monotonic() - started
    assert failures == []
    assert len(calls) == 50 and min(calls) > 0
    _check_server(identity_server, elapsed)
    assert watcher.errors == [] and watcher.reads > 100


def test_process_results_queue_is_drained_on_worker_crash() -> None:
    """A worker that cannot start still reports (so the main test fails fast, not by timeout)."""

    class Barrier:
        def wait(self, timeout: float) -> None:
            raise RuntimeError("no barrier")

    results: queue.Queue[dict[str, Any]] = queue.Queue()
    cfg = {
        "client_id": "x",
        "client_secret": None,
        "identity_url": "http://127.0.0.1:9",
        "store_path": "/nonexistent/t.json",
        "skew": 1.0,
    }
    process_worker(cfg, Barrier(), results)
    out = results.get_nowait()
    assert out["failures"] and "no barrier" in out["failures"][0]


@pytest.fixture(autouse=True)
def _no_leftover_children() -> Any:
    yield
    for child in multiprocessing.active_children():
        child.kill()
