"""Retries, timeouts, connection errors, error answers and streaming downloads over a real
socket, identical on every HTTP stack the SDK runs on: ``Xero`` (httpx), ``AsyncXero`` on
httpx's transport and ``AsyncXero(transport="aiohttp")``.

The mock-transport tests (``test_tx_*``) check the SDK's decisions; these check that each
stack turns what happens on the wire into the same httpx errors, so the decisions are the same.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import io
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import httpx
import pytest

from xero_sdk._runtime.operation import RequestOptions
from xero_sdk._transport._retry import RetryPolicy
from xero_sdk.errors import (
    APIConnectionError,
    APITimeoutError,
    BadRequestError,
    NotFoundError,
    RateLimitError,
)

from ._wire import WIRE_MODES, Answer, WireServer, download, run, send, unused_url
from .conftest import get_request, post_request

OK = Answer.json({"Organisations": [{"Name": "Demo"}]})
NO_JITTER = RetryPolicy(jitter="none")  # waits 0.5 s, 1 s, ...
PDF = get_request(operation_id="getInvoiceAsPdf", path="/Invoices/abc", accept="application/pdf")


@pytest.fixture(params=WIRE_MODES)
def mode(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def sleeps() -> list[float]:
    return []


def _sleep_kw(mode: str, sleeps: list[float]) -> dict[str, Any]:
    """Record the waits between retries instead of sleeping."""
    if mode == "sync":
        return {"sleep": sleeps.append}

    async def sleep(delay: float) -> None:
        sleeps.append(delay)

    return {"sleep": sleep}


@contextlib.contextmanager
def serve(script: list[Answer], default: Answer | None = None) -> Iterator[WireServer]:
    server = WireServer(script, default)
    try:
        yield server
    finally:
        server.close()


def test_server_errors_are_retried_with_backoff(mode: str, sleeps: list[float]) -> None:
    with serve([Answer(503), Answer(503), OK]) as server:
        body = run(mode, server.url, send(get_request()), retry_policy=NO_JITTER, **_sleep_kw(mode, sleeps))
        assert body == {"Organisations": [{"Name": "Demo"}]}
        assert len(server.received) == 3
        assert sleeps == [0.5, 1.0]


def test_retry_after_is_honoured_then_raised_when_retries_run_out(mode: str, sleeps: list[float]) -> None:
    limited = Answer(429, {"Retry-After": "3", "X-Rate-Limit-Problem": "minute"}, b"")
    with serve([limited, limited, limited]) as server:
        with pytest.raises(RateLimitError) as info:
            run(mode, server.url, send(get_request()), **_sleep_kw(mode, sleeps))
        assert sleeps == [3.0, 3.0]
        assert info.value.problem == "minute"
        assert len(server.received) == 3


def test_a_late_answer_times_out_and_is_retried(mode: str, sleeps: list[float]) -> None:
    with serve([Answer(delay=1.0), OK]) as server:
        body = run(
            mode,
            server.url,
            send(get_request(), RequestOptions(timeout=0.2)),
            retry_policy=NO_JITTER,
            **_sleep_kw(mode, sleeps),
        )
        assert body["Organisations"][0]["Name"] == "Demo"
        assert sleeps == [0.5]


def test_a_timeout_without_retries_left_is_api_timeout_error(mode: str) -> None:
    with serve([Answer(delay=1.0)]) as server:
        with pytest.raises(APITimeoutError, match="timed out: ReadTimeout") as info:
            # a Timeout object sets the read timeout alone (a plain number is also the attempt's
            # overall deadline, which would race the read timeout)
            run(mode, server.url, send(get_request()), timeout=httpx.Timeout(0.2), max_retries=0)
        assert isinstance(info.value.__cause__, httpx.ReadTimeout)


def test_a_refused_connection_is_a_connection_error_not_a_timeout(mode: str, sleeps: list[float]) -> None:
    url = unused_url()
    with pytest.raises(APIConnectionError, match="could not reach Xero: ConnectError") as info:
        run(mode, url, send(get_request()), retry_policy=NO_JITTER, **_sleep_kw(mode, sleeps))
    assert not isinstance(info.value, APITimeoutError)
    assert isinstance(info.value.__cause__, httpx.ConnectError)
    assert sleeps == [0.5, 1.0]  # nothing was sent: retried like any GET


def test_a_hangup_is_retried_for_a_get(mode: str, sleeps: list[float]) -> None:
    with serve([Answer(hangup=True), OK]) as server:
        body = run(mode, server.url, send(get_request()), **_sleep_kw(mode, sleeps))
        assert body["Organisations"][0]["Name"] == "Demo"
        assert len(server.received) == 2 and len(sleeps) == 1


def test_a_hangup_is_not_retried_for_a_post_without_idempotency_key(mode: str, sleeps: list[float]) -> None:
    req = post_request(method="POST", idempotent_key_header=False)
    with serve([Answer(hangup=True), OK]) as server:
        with pytest.raises(APIConnectionError, match="RemoteProtocolError") as info:
            run(mode, server.url, send(req), **_sleep_kw(mode, sleeps))
        assert isinstance(info.value.__cause__, httpx.RemoteProtocolError)
        assert len(server.received) == 1 and sleeps == []


def test_a_put_without_idempotency_key_is_never_resent(mode: str, sleeps: list[float]) -> None:
    """Xero's PUT creates records: no layer (SDK or HTTP library) may resend it after a hangup."""
    req = post_request(idempotent_key_header=False)
    with serve([Answer.json({"Invoices": []}), Answer(hangup=True)], default=OK) as server:

        async def twice(client: Any) -> None:
            await client.sender.request(req, lambda body: body, None)  # the connection is now kept alive
            await client.sender.request(req, lambda body: body, None)

        def twice_sync(client: Any) -> None:
            client.sender.request(req, lambda body: body, None)
            client.sender.request(req, lambda body: body, None)

        with pytest.raises(APIConnectionError):
            run(mode, server.url, twice_sync if mode == "sync" else twice, **_sleep_kw(mode, sleeps))
        assert [r.method for r in server.received] == ["PUT", "PUT"] and sleeps == []


def test_an_idempotent_put_is_resent_with_the_same_key(mode: str, sleeps: list[float]) -> None:
    with serve([Answer(hangup=True), Answer.json({"Invoices": []})]) as server:
        run(mode, server.url, send(post_request()), **_sleep_kw(mode, sleeps))
        first, second = server.received
        assert first.headers["idempotency-key"] == second.headers["idempotency-key"] != ""
        assert first.body == second.body == b'{"Invoices":[]}'


def test_error_answers_raise_the_same_errors(mode: str) -> None:
    validation = Answer.json(
        {
            "ErrorNumber": 10,
            "Type": "ValidationException",
            "Message": "A validation exception occurred",
            "Elements": [{"ValidationErrors": [{"Message": "Email address must be valid."}]}],
        },
        400,
    )
    with serve([Answer.json({"Title": "NotFound", "Detail": "No invoice"}, 404), validation]) as server:
        with pytest.raises(NotFoundError, match="No invoice"):
            run(mode, server.url, send(get_request()))
        with pytest.raises(BadRequestError, match="Email address must be valid"):
            run(mode, server.url, send(get_request()))


def test_gzip_bodies_and_request_headers(mode: str) -> None:
    with serve([Answer.gzip_json({"Invoices": [{"Total": "10.50"}]})]) as server:
        body = run(mode, server.url, send(get_request(params=[("page", "2")])))
        assert body == {"Invoices": [{"Total": "10.50"}]}
        assert body["Invoices"][0]["Total"] == "10.50"
        (seen,) = server.received
        assert seen.target == "/api.xro/2.0/Invoices?page=2"
        assert seen.headers["authorization"] == "Bearer at-WIRE-SECRET"
        assert seen.headers["xero-tenant-id"] == "T"
        assert seen.headers["user-agent"].startswith("xero-sdk/")
        assert "gzip" in seen.headers["accept-encoding"]


def test_uploads_arrive_byte_for_byte(mode: str) -> None:
    data = bytes(range(256)) * 1000
    req = post_request(
        operation_id="createInvoiceAttachmentByFileName",
        path="/Invoices/abc/Attachments/r.bin",
        json=None,
        content=data,
        content_type="application/octet-stream",
    )
    with serve([Answer.json({"Attachments": []})]) as server:
        run(mode, server.url, send(req))
        (seen,) = server.received
        assert seen.body == data
        assert seen.headers["content-type"] == "application/octet-stream"
        assert seen.headers["content-length"] == str(len(data))


BIG = bytes(range(251)) * 20_000  # 5 MB, not a multiple of any chunk size


def test_streamed_download_to_a_file(mode: str, tmp_path: Path) -> None:
    target = tmp_path / "invoice.pdf"
    with serve([Answer(200, {"Content-Type": "application/pdf"}, BIG)]) as server:
        written = run(mode, server.url, download(PDF, target))
        assert written == len(BIG) == target.stat().st_size
        assert hashlib.sha256(target.read_bytes()).digest() == hashlib.sha256(BIG).digest()
        assert server.received[0].headers["accept"] == "application/pdf"


def test_download_as_bytes_after_a_retry(mode: str, sleeps: list[float]) -> None:
    with serve([Answer(503), Answer(200, {"Content-Type": "application/pdf"}, BIG)]) as server:
        assert run(mode, server.url, download(PDF), **_sleep_kw(mode, sleeps)) == BIG
        assert len(sleeps) == 1


def test_a_download_cut_short_removes_the_partial_file_and_is_not_retried(
    mode: str, tmp_path: Path, sleeps: list[float]
) -> None:
    target = tmp_path / "invoice.pdf"
    cut = Answer(200, {"Content-Type": "application/pdf"}, BIG, cut_after=len(BIG) // 2)
    with serve([cut], default=Answer(200, {}, BIG)) as server:
        with pytest.raises(APIConnectionError) as info:
            run(mode, server.url, download(PDF, target), **_sleep_kw(mode, sleeps))
        assert not isinstance(info.value, APITimeoutError)
        # the httpx error is named in the message, never chained (its request holds the token)
        assert "RemoteProtocolError" in str(info.value) or "ReadError" in str(info.value)
        assert info.value.__cause__ is None
        assert not target.exists()
        assert len(server.received) == 1 and sleeps == []


def test_a_download_to_a_file_object_is_written_in_pieces(mode: str) -> None:
    out = io.BytesIO()
    with serve([Answer(200, {"Content-Type": "application/pdf"}, BIG)]) as server:
        assert run(mode, server.url, download(PDF, out)) == len(BIG)
        assert out.getvalue() == BIG


def test_many_requests_in_flight_keep_their_connections(mode: str) -> None:
    """A process serving many tenants at once reuses every connection it opened (httpx's own
    default keeps only 20 idle, closing and reopening the rest after each answer)."""
    width = 40
    with serve([], default=Answer.json({"Invoices": []}, delay=0.2)) as server:

        async def rounds_async(client: Any) -> None:
            for _ in range(2):
                await asyncio.gather(
                    *(client.sender.request(get_request(), dict, None) for _ in range(width))
                )

        def rounds_sync(client: Any) -> None:
            with ThreadPoolExecutor(width) as pool:
                for _ in range(2):
                    list(pool.map(lambda _: client.sender.request(get_request(), dict, None), range(width)))

        run(mode, server.url, rounds_sync if mode == "sync" else rounds_async)
        assert len(server.received) == 2 * width
        assert server.connections == width
