"""The identity calls (token refresh, code exchange...) against a hostile token endpoint: a
dribbling server is cut off at the app's ``timeout`` as a whole (a refresh must not hold the
token lock longer), and an oversized body is refused without reading it whole."""

from __future__ import annotations

import asyncio
import gzip
import socket
from collections.abc import Iterator

import pytest

from tests.transport._raw_server import RawServer, head
from xero_sdk.auth import OAuth2App
from xero_sdk.auth._errors import OAuthTransportError

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
