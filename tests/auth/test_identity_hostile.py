"""The identity calls (token refresh, code exchange...) against a hostile token endpoint: a
dribbling server is cut off at the app's ``timeout`` as a whole (a refresh must not hold the
token lock longer), and an oversized body is refused without reading it whole."""

from __future__ import annotations

import asyncio
import datetime as dt
import gzip
import socket
import threading
import time
import traceback
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote, quote_plus

import httpx
import pytest

from tests.transport._raw_server import RawServer, head
from xero_sdk.auth import FileTokenStore, OAuth2App, Token
from xero_sdk.auth._manager import TokenManager
from xero_sdk.errors import OAuthError, OAuthTransportError

REFRESH = "rt-SECRET-hostile-0001"


@pytest.fixture
def dribbling() -> Iterator[RawServer]:
    """A token endpoint answering one byte every 0.1 s (about 3 s for the whole answer)."""
    body = b'{"access_token": "a", "token_type": "Bearer", "expires_in": 1800}'
    data = head(200, {"Content-Type": "application/json", "Content-Length": str(len(body))}) + body

    def script(conn: socket.socket) -> None:
        for i in range(len(data)):
            server.pause(0.1)
            conn.sendall(data[i : i + 1])

    server = RawServer(script)
    yield server
    server.close()


@pytest.mark.parametrize("mode", ["sync", "async"])
def test_refresh_is_bounded_by_the_app_timeout_as_a_whole(mode: str, dribbling: RawServer) -> None:
    app = OAuth2App("client", "secret", token_url=dribbling.url + "/connect/token", timeout=0.5)
    with pytest.raises(OAuthTransportError) as info:
        if mode == "sync":
            app.refresh(REFRESH)
        else:
            asyncio.run(app.arefresh(REFRESH))
    assert info.value.timeout
    assert REFRESH not in str(info.value) and info.value.__cause__ is None
    app.close()


def test_token_endpoint_gzip_bomb_is_refused() -> None:
    bomb = gzip.compress(bytes(64 * 1024 * 1024), compresslevel=9)

    def script(conn: socket.socket) -> None:
        headers = {"Content-Type": "application/json", "Content-Encoding": "gzip"}
        conn.sendall(head(200, {**headers, "Content-Length": str(len(bomb))}) + bomb)

    server = RawServer(script)
    try:
        app = OAuth2App("client", "secret", token_url=server.url + "/connect/token", timeout=5)
        with pytest.raises(OAuthTransportError, match="BodyTooLarge"):
            app.refresh(REFRESH)
        app.close()
    finally:
        server.close()


def test_a_hanging_refresh_releases_the_token_lock_by_its_deadline(
    dribbling: RawServer, tmp_path: Path
) -> None:
    """Another process waiting for the cross-process token lock (3 s) gets it: the refresh that
    holds it ends at the app's timeout (0.5 s), not when the dribbling server is done (~7 s)."""
    path = tmp_path / "token.json"
    expiring = Token(
        access_token="access-SECRET-1",
        refresh_token=REFRESH,
        expires_at=dt.datetime.now(dt.timezone.utc) + dt.timedelta(seconds=5),
    )
    FileTokenStore(path).save(expiring)
    app = OAuth2App("client", "secret", token_url=dribbling.url + "/connect/token", timeout=0.5)
    manager = TokenManager(app, FileTokenStore(path))
    failures: list[BaseException] = []

    def refresh() -> None:
        try:
            manager.access_token()
        except BaseException as exc:
            failures.append(exc)

    worker = threading.Thread(target=refresh)
    worker.start()
    time.sleep(0.2)  # the worker holds the lock, waiting on the token endpoint
    other = FileTokenStore(path, lock_timeout=3.0)
    with other.lock():  # raised TokenStoreError (lock wait timed out) before the deadline existed
        assert other.load() == expiring
    worker.join(10)
    assert len(failures) == 1 and isinstance(failures[0], OAuthTransportError) and failures[0].timeout
    app.close()


def test_an_echoed_url_encoded_refresh_token_is_redacted() -> None:
    """A token endpoint echoing the form body puts the refresh token there URL-encoded: a token
    holding ``+/=`` must be redacted in that form too."""
    refresh = "refresh+token/echo=123456=="

    def echo(request: httpx.Request) -> httpx.Response:
        return httpx.Response(
            400, json={"error": "invalid_request", "error_description": request.content.decode()}
        )

    with httpx.Client(transport=httpx.MockTransport(echo)) as client:
        app = OAuth2App("client-id", "secret-123456", identity_url="http://identity", http_client=client)
        with pytest.raises(OAuthError) as info:
            app.refresh(refresh)
    text = "".join(traceback.format_exception(info.value)) + repr(info.value) + repr(vars(info.value))
    assert "invalid_request" in text
    for form in (refresh, quote_plus(refresh), quote(refresh, safe="")):
        assert form not in text, form
