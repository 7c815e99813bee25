"""Eight worker processes that share nothing but the token store (Redis, PostgreSQL) call through
``Xero`` (4 threads each) and ``AsyncXero`` (7 tasks each, 56 in all) while access tokens expire
every ~1.5 s on the local identity server (strictly single-use refresh tokens): every refresh token
is presented exactly once, every refresh replaced a due token, and no call fails.

Then ``kill -9`` of the refresh-lock holder at three points, and a Redis killed and restarted
mid-run (append-only file on).
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.auth.conftest import login
from tests.identity_server import DEFAULT_TENANTS, IdentityServerProcess
from tests.shared_state._servers import PostgresServer, RedisServer
from tests.shared_state._together import run_together
from tests.shared_state._workers import make_store, process_worker
from xero_sdk.auth import OAuth2App, TokenManager

ROOT = Path(__file__).resolve().parents[2]
TENANT = DEFAULT_TENANTS[0][0]
TTL = 2.0
SKEW = 0.5
LATENCY = 0.1
MIN_AGE = (TTL - SKEW) / 2


def _cfg(server: IdentityServerProcess, kind: str, url: str, key: str, **more: Any) -> dict[str, Any]:
    return {
        "kind": kind,
        "url": url,
        "key": key,
        "client_id": server.client_id,
        "client_secret": server.client_secret,
        "identity_url": server.url,
        "tenant": TENANT,
        "skew": SKEW,
        **more,
    }


def _store_url(kind: str, redis_url: str | None, postgres: PostgresServer | None) -> str:
    if kind == "redis":
        assert redis_url
        return redis_url
    assert postgres is not None
    return postgres.url


def _seed(app: OAuth2App, server: IdentityServerProcess, cfg: dict[str, Any]) -> None:
    store = make_store(cfg)
    if cfg["kind"] != "redis":
        store.create_table()
    store.save(login(app, server))
    store.close()


def _check_refreshes(server: IdentityServerProcess, elapsed: float, *, min_refreshes: int) -> dict[str, Any]:
    stats = server.stats()
    assert stats["refresh_rejected"] == 0, stats["rejections"]
    uses = stats["refresh_uses"]
    assert all(n == 1 for n in uses.values()), f"a refresh token was presented twice: {uses}"
    events = stats["refresh_events"]
    assert stats["refresh_granted"] == len(events) >= min_refreshes, events
    for event in events:  # one refresh per generation: none replaced a token not yet due
        assert event["age"] >= MIN_AGE, f"premature refresh: {event}"
    assert [e["generation"] for e in events] == list(range(1, len(events) + 1))
    assert len(events) <= elapsed / MIN_AGE + 1
    return stats


def _assert_stored_token_is_latest(
    app: OAuth2App, cfg: dict[str, Any], server: IdentityServerProcess
) -> None:
    """The store holds the newest generation: its refresh token is the one not yet spent."""
    server.configure(refresh_grace=0)
    store = make_store(cfg)
    TokenManager(app, store).force_refresh()
    store.close()
    assert server.stats()["refresh_rejected"] == 0


def _run_workers(
    cfg: dict[str, Any], n_processes: int, meanwhile: Callable[[], None] | None = None
) -> tuple[list[dict[str, Any]], float]:
    args = [(cfg,)] * n_processes
    return run_together(process_worker, args, timeout=cfg["duration"] + 120, meanwhile=meanwhile)


@pytest.mark.parametrize("kind", ["redis", "postgres"])
def test_eight_processes_share_one_token(
    kind: str, request: pytest.FixtureRequest, app: OAuth2App, identity_server: IdentityServerProcess
) -> None:
    redis_url = request.getfixturevalue("redis_url") if kind == "redis" else None
    postgres = request.getfixturevalue("postgres_server") if kind == "postgres" else None
    identity_server.configure(access_token_ttl=TTL, token_latency=LATENCY)
    cfg = _cfg(
        identity_server,
        kind,
        _store_url(kind, redis_url, postgres),
        f"xero:token:many:{time.time_ns()}",
        duration=6.0,
        threads=4,
        tasks=7,
        pause=(0.1, 0.3),
    )
    _seed(app, identity_server, cfg)
    outputs, elapsed = _run_workers(cfg, n_processes=8)
    failures = [f for out in outputs for f in out["failures"]]
    assert failures == []
    assert len({out["pid"] for out in outputs}) == 8
    assert all(out["calls"] > 0 for out in outputs), outputs
    stats = _check_refreshes(identity_server, elapsed, min_refreshes=2)
    calls = sum(out["calls"] for out in outputs)
    assert stats["resource_ok"] >= calls
    print(f"{kind}: {calls} calls, {stats['refresh_granted']} refreshes in {elapsed:.1f} s, 0 failures")


def test_processes_on_one_machine_share_a_sqlite_token(
    app: OAuth2App, identity_server: IdentityServerProcess, tmp_path: Path
) -> None:
    """SQLite, the embedded store for one machine: its write lock (BEGIN IMMEDIATE) serialises
    the refreshes of three processes (threads and tasks each)."""
    identity_server.configure(access_token_ttl=TTL, token_latency=LATENCY)
    cfg = _cfg(
        identity_server,
        "sqlite",
        f"sqlite:///{tmp_path / 'tokens.db'}",
        "user-1",
        duration=5.0,
        threads=2,
        tasks=3,
        pause=(0.1, 0.3),
    )
    _seed(app, identity_server, cfg)
    outputs, elapsed = _run_workers(cfg, n_processes=3)
    assert [f for out in outputs for f in out["failures"]] == []
    assert all(out["calls"] > 0 for out in outputs), outputs
    _check_refreshes(identity_server, elapsed, min_refreshes=2)


def _spawn(mode: str, cfg: dict[str, Any]) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "tests.shared_state._workers", mode, json.dumps(cfg)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def _read_line(process: subprocess.Popen[str], prefix: str, timeout: float = 60.0) -> str:
    assert process.stdout is not None
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        line = process.stdout.readline()
        if not line:
            raise AssertionError(f"the worker exited before {prefix!r} (rc={process.wait()})")
        if line.startswith(prefix):
            return line.strip()
    raise AssertionError(f"no {prefix!r} from the worker within {timeout} s")


LEASE = 2.0


@pytest.mark.parametrize("point", ["before_request", "after_answer", "during_save"])
@pytest.mark.parametrize("kind", ["redis", "postgres"])
def test_lock_holder_killed(
    kind: str,
    point: str,
    request: pytest.FixtureRequest,
    app: OAuth2App,
    identity_server: IdentityServerProcess,
) -> None:
    """The holder dies at ``point``: the next worker gets the lock when the lease ends (Redis)
    or at once (PostgreSQL ends the dead connection's transaction), refreshes (re-presenting the
    spent refresh token within Xero's 30-minute retry when the answer was lost), and its call
    succeeds: no ``invalid_grant`` reaches it."""
    redis_url = request.getfixturevalue("redis_url") if kind == "redis" else None
    postgres = request.getfixturevalue("postgres_server") if kind == "postgres" else None
    identity_server.configure(access_token_ttl=1, refresh_grace=1800)
    cfg = _cfg(
        identity_server,
        kind,
        _store_url(kind, redis_url, postgres),
        f"xero:token:kill:{time.time_ns()}",
        lease=LEASE,
        point=point,
    )
    _seed(app, identity_server, cfg)
    time.sleep(1.1)  # the access token is now expired: the first call must refresh
    victim = _spawn("kill", cfg)
    successor: subprocess.Popen[str] | None = None
    try:
        _read_line(victim, f"AT {point}")
        successor = _spawn("call", cfg)
        _read_line(successor, "READY")
        time.sleep(0.3)  # the successor is waiting on the lock
        os.kill(victim.pid, signal.SIGKILL)
        killed_at = time.monotonic()
        result = _read_line(successor, "OK", timeout=LEASE + 30)
        took = time.monotonic() - killed_at
    finally:
        for process in (victim, successor):
            if process is not None and process.poll() is None:
                process.kill()
            if process is not None:
                process.wait()
    assert result == "OK"
    assert took < LEASE + 5, f"the successor took {took:.1f} s after the kill"
    stats = identity_server.stats()
    assert stats["refresh_rejected"] == 0, stats["rejections"]
    presented = sorted(stats["refresh_uses"].values())
    # the spent token is presented again only when its answer died with the holder
    assert presented == ([1] if point == "before_request" else [2]), stats["refresh_uses"]
    _assert_stored_token_is_latest(app, cfg, identity_server)


def test_redis_restart_mid_run(
    redis_server: RedisServer, redis_url: str, app: OAuth2App, identity_server: IdentityServerProcess
) -> None:
    """Redis is killed (kill -9) and restarted while workers refresh: the token survives (AOF),
    the clients reconnect (bounded retries cover the outage), and no call fails."""
    identity_server.configure(access_token_ttl=TTL, token_latency=LATENCY)
    cfg = _cfg(
        identity_server,
        "redis",
        redis_url,
        f"xero:token:restart:{time.time_ns()}",
        duration=6.0,
        threads=2,
        tasks=2,
        pause=(0.1, 0.2),
    )
    _seed(app, identity_server, cfg)

    def restart_redis() -> None:
        time.sleep(2.5)
        redis_server.restart(down_for=0.5)

    outputs, elapsed = _run_workers(cfg, 2, meanwhile=restart_redis)
    assert [f for out in outputs for f in out["failures"]] == []
    _check_refreshes(identity_server, elapsed, min_refreshes=2)
    _assert_stored_token_is_latest(app, cfg, identity_server)
