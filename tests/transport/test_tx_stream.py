"""Binary downloads: bytes, or streamed to a file object / path in chunks, never whole in memory."""

from __future__ import annotations

import asyncio
import hashlib
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import attrs
import httpx
import pytest

from tests.layer._loopback import Loopback, Reply, Seen
from xero_sdk._clients import AsyncXero, Xero
from xero_sdk._transport._sync import CHUNK_SIZE
from xero_sdk.errors import APIConnectionError, NotFoundError

from ._wire import WIRE_MODES, download, run
from .conftest import Harness, Script, get_request

PDF = get_request(operation_id="getInvoiceAsPdf", path="/Invoices/abc", accept="application/pdf")
CHUNKS = 200  # 200 x 64 KiB = 12.5 MiB
PIECE = b"\x25" * CHUNK_SIZE


class Producer:
    """A response body generated on demand; records how far it ran ahead of the writer."""

    def __init__(self, chunks: int = CHUNKS) -> None:
        self.chunks = chunks
        self.produced = 0

    def sync(self) -> Iterator[bytes]:
        for i in range(self.chunks):
            self.produced += len(PIECE)
            yield bytes([i % 256]) * len(PIECE)

    async def aio(self) -> AsyncIterator[bytes]:
        for i in range(self.chunks):
            self.produced += len(PIECE)
            yield bytes([i % 256]) * len(PIECE)


class CountingWriter:
    """A write-only binary file object that keeps a digest, not the data."""

    def __init__(self, producer: Producer | None = None) -> None:
        self.producer = producer
        self.written = 0
        self.writes = 0
        self.max_ahead = 0
        self.max_write = 0
        self.digest = hashlib.sha256()

    def write(self, data: bytes) -> int:
        self.writes += 1
        self.written += len(data)
        self.max_write = max(self.max_write, len(data))
        self.digest.update(data)
        if self.producer is not None:
            self.max_ahead = max(self.max_ahead, self.producer.produced - self.written)
        return len(data)


def expected_digest(chunks: int = CHUNKS) -> str:
    h = hashlib.sha256()
    for i in range(chunks):
        h.update(bytes([i % 256]) * CHUNK_SIZE)
    return h.hexdigest()


def streaming_client(mode: str, producer: Producer, status: int = 200) -> Xero | AsyncXero:
    if mode == "sync":

        def handler(request: httpx.Request) -> httpx.Response:
            return httpx.Response(
                status, content=producer.sync(), headers={"Content-Type": "application/pdf"}
            )

        return Xero(
            access_token="t", tenant_id="T", http_client=httpx.Client(transport=httpx.MockTransport(handler))
        )

    async def ahandler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(status, content=producer.aio(), headers={"Content-Type": "application/pdf"})

    return AsyncXero(
        access_token="t",
        tenant_id="T",
        http_client=httpx.AsyncClient(transport=httpx.MockTransport(ahandler)),
    )


def fetch(client: Xero | AsyncXero, destination: Any) -> Any:
    if isinstance(client, Xero):
        return client.sender.request_bytes(PDF, destination, None)
    return asyncio.run(client.sender.request_bytes(PDF, destination, None))


@pytest.mark.parametrize("mode", ["sync", "async"])
def test_stream_to_file_object_without_buffering(mode: str) -> None:
    producer = Producer()
    writer = CountingWriter(producer)
    written = fetch(streaming_client(mode, producer), writer)
    assert written == CHUNKS * CHUNK_SIZE == writer.written
    assert writer.digest.hexdigest() == expected_digest()
    assert writer.writes >= CHUNKS
    # the body never ran more than a couple of chunks ahead of the writer
    assert writer.max_ahead <= 2 * CHUNK_SIZE
    assert writer.max_write <= CHUNK_SIZE


@pytest.mark.parametrize("mode", ["sync", "async"])
def test_stream_to_path(mode: str, tmp_path: Path) -> None:
    producer = Producer(chunks=20)
    target = tmp_path / "invoice.pdf"
    written = fetch(streaming_client(mode, producer), target)
    assert written == 20 * CHUNK_SIZE == target.stat().st_size
    assert hashlib.sha256(target.read_bytes()).hexdigest() == expected_digest(20)
    written = fetch(streaming_client(mode, Producer(chunks=1)), str(target))
    assert target.stat().st_size == CHUNK_SIZE


def test_bytes_when_no_destination(harness: Harness) -> None:
    script = Script(
        [httpx.Response(200, content=b"%PDF-1.7 ...", headers={"Content-Type": "application/pdf"})]
    )
    client = harness.client(script)
    assert harness.request_bytes(client, PDF) == b"%PDF-1.7 ..."
    assert script.requests[0].headers["Accept"] == "application/pdf"


def test_error_status_when_streaming(harness: Harness, tmp_path: Path) -> None:
    script = Script([httpx.Response(404, json={"Title": "NotFound", "Detail": "No invoice"})])
    client = harness.client(script)
    target = tmp_path / "x.pdf"
    with pytest.raises(NotFoundError, match="No invoice"):
        harness.request_bytes(client, PDF, target)
    assert not target.exists()


def test_retry_before_streaming(harness: Harness) -> None:
    script = Script([httpx.Response(503), httpx.Response(200, content=b"abc")])
    client = harness.client(script)
    writer = CountingWriter()
    assert harness.request_bytes(client, PDF, writer) == 3
    assert script.attempts == 2


class _Broken(httpx.SyncByteStream, httpx.AsyncByteStream):
    def __iter__(self) -> Iterator[bytes]:
        yield b"partial"
        raise httpx.ReadError("connection reset")

    async def __aiter__(self) -> AsyncIterator[bytes]:
        yield b"partial"
        raise httpx.ReadError("connection reset")


def test_stream_broken_midway_removes_partial_file(harness: Harness, tmp_path: Path) -> None:
    script = Script([lambda request: httpx.Response(200, stream=_Broken())])
    client = harness.client(script)
    target = tmp_path / "x.pdf"
    with pytest.raises(APIConnectionError):
        harness.request_bytes(client, PDF, target)
    assert not target.exists()
    assert script.attempts == 1  # a half-written download is not retried


# -- a real socket: loopback HTTP server ------------------------------------------------------

BIG = 8 * 1024 * 1024


def _big_download(seen: Seen) -> Reply:
    reply = Reply.stream(BIG, "application/octet-stream", byte=ord("z"))
    return attrs.evolve(reply, headers={**reply.headers, "X-DayLimit-Remaining": "4999"})


@pytest.mark.parametrize("mode", WIRE_MODES)
def test_loopback_download(mode: str, loopback: Loopback) -> None:
    loopback.reset(_big_download)
    writer = CountingWriter()
    client: Any = None

    def fetch_and_keep(xero: Xero | AsyncXero) -> Any:
        nonlocal client
        client = xero
        return download(PDF, writer)(xero)

    written = run(mode, loopback.url, fetch_and_keep, access_token="at-LOOPBACK-SECRET")
    assert written == BIG == writer.written
    assert writer.max_write <= CHUNK_SIZE
    assert writer.digest.hexdigest() == hashlib.sha256(b"z" * BIG).hexdigest()
    headers = loopback.requests[0].headers  # names lower-cased
    assert headers["authorization"] == "Bearer at-LOOPBACK-SECRET"
    assert headers["xero-tenant-id"] == "T"
    assert client.rate_limits.day_remaining == 4999
