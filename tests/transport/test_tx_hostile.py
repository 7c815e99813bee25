"""Hostile answers on a real socket: corrupt and oversized bodies, bombs, dribbling servers,
JSON nested too deeply. Each ends in a ``XeroError`` subclass, within bounded memory and time,
with no httpx exception (whose request holds the bearer token) in the cause chain."""

from __future__ import annotations

import asyncio
import gzip
import socket
import traceback
import tracemalloc
import zlib
from collections.abc import Iterator
from typing import Any

import pytest

from tests.layer._loopback import Loopback, Reply
from xero_sdk import AsyncXero, BodyLimits, Xero
from xero_sdk._runtime.codec.json import loads
from xero_sdk.errors import (
    APITimeoutError,
    BadRequestError,
    JSONDepthError,
    ResponseError,
    ServerError,
    XeroError,
)

from ._raw_server import RawServer, head
from .conftest import ACCESS_TOKEN, TENANT, get_request

MODES = ["sync", "async"]


@pytest.fixture
def raw() -> Iterator[list[RawServer]]:
    servers: list[RawServer] = []
    yield servers
    for server in servers:
        server.close()


def call(mode: str, url: str, **kw: Any) -> Any:
    """One GET through a client the SDK builds itself (its own pool), no retries."""
    kw.setdefault("max_retries", 0)
    if mode == "sync":
        with Xero(access_token=ACCESS_TOKEN, api_url=url, tenant_id=TENANT, **kw) as xero:
            return xero.sender.request(get_request(), lambda body: body, None)

    async def run() -> Any:
        async with AsyncXero(access_token=ACCESS_TOKEN, api_url=url, tenant_id=TENANT, **kw) as xero:
            return await xero.sender.request(get_request(), lambda body: body, None)

    return asyncio.run(run())


def assert_no_httpx_in_chain(exc: BaseException) -> None:
    """Nothing reachable from the error holds the request (and so its Authorization header)."""
    seen: BaseException | None = exc
    while seen is not None:
        assert type(seen).__module__.split(".")[0] not in ("httpx", "httpcore") or not _has_request(seen), (
            seen
        )
        assert ACCESS_TOKEN not in repr(vars(seen)), seen
        seen = seen.__cause__ or seen.__context__
    assert ACCESS_TOKEN not in "".join(traceback.format_exception(exc))


def _has_request(exc: BaseException) -> bool:
    try:
        exc.request  # type: ignore[attr-defined]  # noqa: B018
    except (AttributeError, RuntimeError):
        return False
    return True


def gzip_reply(status: int, body: bytes) -> Reply:
    return Reply(status, {"Content-Type": "application/json", "Content-Encoding": "gzip"}, body)


CORRUPT_GZIP = gzip.compress(b'{"Invoices": []}')[:12] + b"\x00garbage-not-deflate" * 4


@pytest.mark.parametrize("mode", MODES)
def test_corrupt_gzip_on_200_raises_response_error(mode: str, loopback: Loopback) -> None:
    loopback.reset(lambda seen: gzip_reply(200, CORRUPT_GZIP))
    with pytest.raises(ResponseError, match="corrupt gzip") as info:
        call(mode, loopback.url)
    assert info.value.status == 200 and info.value.operation_id == "getInvoices"
    assert_no_httpx_in_chain(info.value)


@pytest.mark.parametrize("mode", MODES)
def test_corrupt_gzip_on_500_still_raises_the_status_error(mode: str, loopback: Loopback) -> None:
    loopback.reset(lambda seen: gzip_reply(500, CORRUPT_GZIP))
    with pytest.raises(ServerError) as info:
        call(mode, loopback.url)
    assert info.value.status == 500 and info.value.body is None
    assert_no_httpx_in_chain(info.value)


def test_gzip_and_deflate_bodies_still_decode(loopback: Loopback) -> None:
    document = b'{"Invoices": [{"Total": 1.10}]}'
    loopback.reset(lambda seen: gzip_reply(200, gzip.compress(document)))
    assert call("sync", loopback.url) == loads(document)
    assert "gzip" in loopback.requests[0].headers["accept-encoding"]
    for encoded in (zlib.compress(document), zlib.compress(document)[2:-4]):  # zlib and raw deflate
        reply = Reply(200, {"Content-Encoding": "deflate"}, encoded)
        loopback.reset(lambda seen, r=reply: r)  # type: ignore[misc]
        assert call("async", loopback.url) == loads(document)


@pytest.mark.parametrize("mode", MODES)
def test_an_empty_body_naming_its_coding_is_no_body(mode: str, loopback: Loopback) -> None:
    loopback.reset(lambda seen: Reply(204, {"Content-Encoding": "gzip"}, b""))
    assert call(mode, loopback.url) is None
    loopback.reset(lambda seen: Reply(200, {"Content-Encoding": "gzip"}, gzip.compress(b'{"a": 1}')[:-6]))
    with pytest.raises(ResponseError, match="truncated gzip"):
        call(mode, loopback.url)


DEPTH = 200_000


@pytest.mark.parametrize("mode", MODES)
def test_deeply_nested_json_on_200_raises_response_error(mode: str, loopback: Loopback) -> None:
    loopback.reset(lambda seen: Reply(200, {"Content-Type": "application/json"}, b"[" * DEPTH))
    with pytest.raises(ResponseError, match="nested too deeply"):
        call(mode, loopback.url)


@pytest.mark.parametrize("mode", MODES)
def test_deeply_nested_json_on_400_raises_the_validation_error(mode: str, loopback: Loopback) -> None:
    loopback.reset(lambda seen: Reply(400, {"Content-Type": "application/json"}, b"[" * DEPTH))
    with pytest.raises(BadRequestError) as info:
        call(mode, loopback.url)
    assert info.value.status == 400


def test_codec_refuses_deep_nesting_with_a_value_error() -> None:
    for text in ("[" * DEPTH, '{"a":' * DEPTH):
        with pytest.raises(JSONDepthError, match="nested too deeply"):
            loads(text)
    assert loads("[" * 50 + "]" * 50) == loads("[" * 50 + "]" * 50)  # normal depth still fine


BOMB_SIZE = 64 * 1024 * 1024  # 64 MiB of zeros: about 64 KB compressed
BOMB = gzip.compress(bytes(BOMB_SIZE), compresslevel=9)


def peak_during(fn: Any) -> tuple[int, BaseException | None]:
    tracemalloc.start()
    try:
        fn()
        error = None
    except XeroError as exc:
        error = exc
    finally:
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    return peak, error


@pytest.mark.parametrize("mode", MODES)
def test_gzip_bomb_on_200_stops_at_the_limit(mode: str, loopback: Loopback) -> None:
    loopback.reset(lambda seen: gzip_reply(200, BOMB))
    limits = BodyLimits(max_body=1024 * 1024)
    peak, error = peak_during(lambda: call(mode, loopback.url, body_limits=limits))
    assert isinstance(error, ResponseError) and "larger than the client's limit" in str(error)
    assert peak < 16 * 1024 * 1024, f"peak {peak} bytes while reading a bomb capped at 1 MiB"


@pytest.mark.parametrize("mode", MODES)
def test_gzip_bomb_on_500_reads_only_the_error_cap(mode: str, loopback: Loopback) -> None:
    loopback.reset(lambda seen: gzip_reply(500, BOMB))
    peak, error = peak_during(lambda: call(mode, loopback.url))
    assert isinstance(error, ServerError)
    assert isinstance(error.body, str) and len(error.body) <= BodyLimits().max_error_body
    assert peak < 16 * 1024 * 1024, f"peak {peak} bytes for an error body capped at 64 KiB"


def test_raw_size_cap_applies_before_decoding(raw: list[RawServer]) -> None:
    size = 3 * 1024 * 1024

    def script(conn: socket.socket) -> None:  # the client hangs up after 1 MiB: OSError, ended
        conn.sendall(head(200, {"Content-Type": "application/json", "Content-Length": str(size)}))
        for _ in range(size // 65536):
            conn.sendall(b" " * 65536)

    server = RawServer(script)
    raw.append(server)
    with pytest.raises(ResponseError, match="max_raw=1048576"):
        call("sync", server.url, body_limits=BodyLimits(max_raw=1024 * 1024))


def test_body_limits_are_checked() -> None:
    for bad in (0, -1, True, 1.5):
        with pytest.raises(ValueError, match="positive int"):
            BodyLimits(max_body=bad)  # type: ignore[arg-type]


# -- the per-attempt deadline ------------------------------------------------------------------


def dribble_body(server: list[RawServer]) -> RawServer:
    """Headers at once, then a 40-byte JSON body one byte every 0.1 s (4 s in all), each byte
    well within any read timeout."""
    body = b'{"Invoices": [], "Padding": "xxxxxxxx"}\n'

    def script(conn: socket.socket) -> None:
        conn.sendall(head(200, {"Content-Type": "application/json", "Content-Length": str(len(body))}))
        for i in range(len(body)):
            srv.pause(0.1)
            conn.sendall(body[i : i + 1])

    srv = RawServer(script)
    server.append(srv)
    return srv


def dribble_headers(server: list[RawServer]) -> RawServer:
    """The status line and headers one byte every 0.1 s."""
    data = head(200, {"Content-Type": "application/json", "Content-Length": "2", "X-Pad": "y" * 20}) + b"{}"

    def script(conn: socket.socket) -> None:
        for i in range(len(data)):
            srv.pause(0.1)
            conn.sendall(data[i : i + 1])

    srv = RawServer(script)
    server.append(srv)
    return srv


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("dribble", [dribble_body, dribble_headers])
def test_deadline_bounds_a_dribbling_server(mode: str, dribble: Any, raw: list[RawServer]) -> None:
    server = dribble(raw)
    # every single read completes well within 1 s; only the attempt's deadline can end it
    with pytest.raises(APITimeoutError, match="deadline") as info:
        call(mode, server.url, timeout=1.0, deadline=0.5)
    assert_no_httpx_in_chain(info.value)


def test_a_number_as_timeout_is_the_attempt_deadline(raw: list[RawServer]) -> None:
    server = dribble_body(raw)
    with pytest.raises(APITimeoutError, match="deadline"):
        call("sync", server.url, timeout=0.5)


def test_without_a_deadline_the_dribbled_body_arrives(raw: list[RawServer]) -> None:
    """The control: the same server answers fine when the attempt may take as long as it likes."""
    server = dribble_body(raw)
    assert call("sync", server.url, timeout=1.0, deadline=None) == {"Invoices": [], "Padding": "xxxxxxxx"}
