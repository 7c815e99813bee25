"""Token files and refreshes under attack or failure: corrupt values, planted or exposed files,
interrupted saves, a save that fails after the refresh token was spent, an idle connection to
the loopback callback."""

from __future__ import annotations

import datetime as dt
import os
import socket
import threading
import time
import urllib.parse
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.mockserver.prism import free_port
from xero_sdk.auth import (
    FileTokenStore,
    MemoryTokenStore,
    OAuth2App,
    Token,
    TokenStoreError,
    run_loopback_flow,
)
from xero_sdk.auth._manager import TokenManager
from xero_sdk.errors import OAuthError

POSIX = os.name == "posix"


def _token(n: int, *, expiring: bool = False) -> Token:
    when = dt.datetime.now(dt.timezone.utc) + (dt.timedelta(seconds=5) if expiring else dt.timedelta(hours=1))
    return Token(access_token=f"access-{n}-SECRET", refresh_token=f"refresh-{n}-SECRET", expires_at=when)


# -- corrupt values -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "content",
    [
        '{"access_token": "a", "expires_at": NaN}',
        '{"access_token": "a", "expires_at": 1e300}',
        '{"access_token": "a", "expires_at": -1e300}',
        '{"access_token": "a", "expires_at": Infinity}',
        "[" * 100_000,
        '{"access_token": ' * 100_000,
    ],
    ids=["nan", "huge", "negative-huge", "infinity", "deep-array", "deep-object"],
)
def test_corrupt_token_values_are_a_token_store_error(tmp_path: Path, content: str) -> None:
    path = tmp_path / "token.json"
    path.write_text(content)
    path.chmod(0o600)
    with pytest.raises(TokenStoreError, match="token file"):
        FileTokenStore(path).load()


def test_huge_expires_in_keeps_the_new_token() -> None:
    now = dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc)
    for expires_in in (1e14, 10**30, -50, float("inf"), float("-inf")):
        token = Token.from_response(
            {"access_token": "a", "refresh_token": "r", "expires_in": expires_in}, now=now
        )
        assert token.refresh_token == "r"
        assert now <= token.expires_at <= now + dt.timedelta(days=366)
    nan = Token.from_response(
        {"access_token": "a", "refresh_token": "r", "expires_in": float("nan")}, now=now
    )
    assert nan.expires_at == now + dt.timedelta(seconds=1800)  # Xero's documented lifetime


# -- a save that fails after the refresh token was spent -----------------------------------------


class FlakyStore(MemoryTokenStore):
    """A store whose next ``failures`` saves fail (a full disk, a database restarting)."""

    def __init__(self, token: Token, failures: int) -> None:
        super().__init__(token)
        self.failures = failures

    def save(self, token: Token) -> None:
        if self.failures:
            self.failures -= 1
            raise TokenStoreError("No space left on device")
        super().save(token)


class RotatingApp:
    """The identity service: each refresh spends the refresh token presented and rotates it."""

    def __init__(self) -> None:
        self.presented: list[str | None] = []
        self.spent: set[str | None] = set()

    def refresh(self, token: Token) -> Token:
        assert token.refresh_token not in self.spent, f"spent refresh token {token.refresh_token} presented"
        self.presented.append(token.refresh_token)
        self.spent.add(token.refresh_token)
        return _token(len(self.presented) + 1)

    async def arefresh(self, token: Token) -> Token:
        return self.refresh(token)


@pytest.mark.parametrize("mode", ["sync", "async"])
def test_failed_save_keeps_the_new_token_and_saves_it_later(mode: str) -> None:
    import asyncio

    store = FlakyStore(_token(1, expiring=True), failures=2)
    app = RotatingApp()
    manager = TokenManager(app, store)  # type: ignore[arg-type]

    def run(name: str, *args: Any) -> Any:
        if mode == "sync":
            return getattr(manager, name)(*args)
        return asyncio.run(getattr(manager, "a" + name)(*args))

    assert run("access_token") == "access-2-SECRET"  # refreshed; the save failed
    assert store.load().access_token == "access-1-SECRET"  # type: ignore[union-attr]
    assert run("access_token") == "access-2-SECRET"  # save tried again (fails again): still the new one
    assert store.load().access_token == "access-1-SECRET"  # type: ignore[union-attr]
    assert run("access_token") == "access-2-SECRET"  # the third save works
    assert store.load().refresh_token == "refresh-2-SECRET"  # type: ignore[union-attr]
    # a 401 on the new token: refreshing presents the new refresh token, never the spent one
    assert run("on_unauthorized", "access-2-SECRET") == "access-3-SECRET"
    assert app.presented == ["refresh-1-SECRET", "refresh-2-SECRET"]


def test_failed_save_then_401_presents_the_new_refresh_token() -> None:
    store = FlakyStore(_token(1, expiring=True), failures=5)
    app = RotatingApp()
    manager = TokenManager(app, store)  # type: ignore[arg-type]
    assert manager.access_token() == "access-2-SECRET"
    assert manager.on_unauthorized("access-2-SECRET") == "access-3-SECRET"
    assert app.presented == ["refresh-1-SECRET", "refresh-2-SECRET"]


# -- files -----------------------------------------------------------------------------------------


def test_stale_temporary_files_are_removed_on_open(tmp_path: Path) -> None:
    path = tmp_path / "token.json"
    stale = tmp_path / ".token.json.k1ll3d.tmp"
    fresh = tmp_path / ".token.json.wr1t1ng.tmp"  # another process saving right now
    other = tmp_path / ".other.json.x.tmp"
    for leftover in (stale, fresh, other):
        leftover.write_text('{"refresh_token": "refresh-SECRET"}')
    old = time.time() - 300
    os.utime(stale, (old, old))
    os.utime(other, (old, old))
    FileTokenStore(path)
    assert not stale.exists()
    assert fresh.exists() and other.exists()


@pytest.mark.skipif(not POSIX, reason="POSIX modes and owners")
@pytest.mark.parametrize("mode", [0o640, 0o604, 0o660, 0o666])
def test_exposed_token_file_is_refused_with_the_fix(tmp_path: Path, mode: int) -> None:
    path = tmp_path / "token.json"
    FileTokenStore(path).save(_token(1))
    path.chmod(mode)
    with pytest.raises(TokenStoreError, match=rf"mode {mode:o}.*chmod 600"):
        FileTokenStore(path).load()


@pytest.mark.skipif(not POSIX or os.geteuid() != 0, reason="changing a file's owner needs root")
def test_token_file_of_another_user_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "token.json"
    FileTokenStore(path).save(_token(1))
    os.chown(path, 4242, -1)
    with pytest.raises(TokenStoreError, match=r"owned by uid 4242.*chown"):
        FileTokenStore(path).load()


@pytest.mark.skipif(not POSIX, reason="symbolic links")
def test_symlink_at_the_token_path_is_not_followed(tmp_path: Path) -> None:
    target = tmp_path / "elsewhere.json"
    FileTokenStore(target).save(_token(1))
    path = tmp_path / "token.json"
    path.symlink_to(target)
    with pytest.raises(TokenStoreError, match="symbolic link"):
        FileTokenStore(path).load()


@pytest.mark.skipif(not POSIX, reason="symbolic links")
def test_dangling_lock_symlink_is_refused_and_its_target_not_created(tmp_path: Path) -> None:
    path = tmp_path / "token.json"
    target = tmp_path / "planted-target"
    Path(f"{path}.lock").symlink_to(target)
    store = FileTokenStore(path)
    with pytest.raises(TokenStoreError, match=r"symbolic link.*rm "):
        with store.lock():
            pass
    assert not target.exists()


def test_saved_token_round_trips(tmp_path: Path) -> None:
    """The control: a file the store wrote itself loads."""
    path = tmp_path / "token.json"
    token = _token(1)
    FileTokenStore(path).save(token)
    assert FileTokenStore(path).load() == token


# -- the loopback callback server ------------------------------------------------------------------


def _idle_connection(port: int) -> socket.socket:
    """A browser's pre-connect: a TCP connection that sends nothing."""
    for _ in range(100):
        try:
            return socket.create_connection(("127.0.0.1", port), timeout=5)
        except ConnectionRefusedError:
            time.sleep(0.02)
    raise AssertionError("the callback server never listened")


def test_loopback_timeout_fires_despite_an_idle_connection() -> None:
    port = free_port()
    app = OAuth2App("desktop", redirect_uri=f"http://localhost:{port}/callback", scopes=["offline_access"])
    idle: list[socket.socket] = []
    outcome: list[BaseException] = []

    def flow() -> None:
        try:
            run_loopback_flow(app, open_browser=lambda url: idle.append(_idle_connection(port)), timeout=1)
        except BaseException as exc:
            outcome.append(exc)

    worker = threading.Thread(target=flow, daemon=True)
    worker.start()
    worker.join(15)
    for conn in idle:
        conn.close()
    assert not worker.is_alive(), "run_loopback_flow(timeout=1) still waiting after 15 s"
    assert len(outcome) == 1 and isinstance(outcome[0], OAuthError) and "no callback" in str(outcome[0])


def test_loopback_callback_arrives_beside_an_idle_connection() -> None:
    port = free_port()
    redirect = f"http://localhost:{port}/callback"
    app = OAuth2App("desktop", redirect_uri=redirect, scopes=["offline_access"])
    exchanged: list[str] = []

    def fake_exchange(url: str, *, state: str, code_verifier: str) -> Token:
        exchanged.append(url)
        return _token(9)

    app.exchange_code = fake_exchange  # type: ignore[method-assign, assignment]  # the identity side is tested elsewhere
    idle: list[socket.socket] = []

    def browser(url: str) -> None:
        idle.append(_idle_connection(port))
        state = urllib.parse.parse_qs(urllib.parse.urlsplit(url).query)["state"][0]
        callback = f"{redirect}?code=abc&state={state}"
        threading.Thread(target=httpx.get, args=(callback,), daemon=True).start()

    try:
        assert run_loopback_flow(app, open_browser=browser, timeout=10).access_token == "access-9-SECRET"
    finally:
        for conn in idle:
            conn.close()
    assert exchanged and "code=abc" in exchanged[0]
