"""Hostile networks at the request level: secrets echoed back by gateways, causes holding the
request, header values HTTP cannot carry, Retry-After values that would spin, daily limits,
and clones closing the shared pool."""

from __future__ import annotations

import asyncio
import base64
import traceback
from typing import Any
from urllib.parse import quote, quote_plus

import httpx
import pytest

from tests.layer._loopback import Loopback, Reply
from xero_sdk import AsyncXero, Xero
from xero_sdk._runtime.operation import RequestOptions
from xero_sdk.errors import (
    APIConnectionError,
    InvalidRequestError,
    RateLimitError,
    ServerError,
)

from .conftest import TENANT, FakeTokens, Harness, Script, get_request

#: A token with the characters URL-encoding changes.
PLUS_TOKEN = "eyJh+bG/ciOi=SECRET+TOKEN/0001=="


def echo_page(token: str) -> bytes:
    """A WAF's 502 page listing the request headers in every form a token can take."""
    return (
        "<html><body>Bad gateway. Request headers:\n"
        f"Authorization: Bearer {token}\n"
        f"X-Forwarded-Auth: {quote(token, safe='')}\n"
        f"X-Query: access={quote_plus(token)}\n"
        f"X-B64: {base64.b64encode(token.encode()).decode()}\n"
        f"X-B64-Header: {base64.b64encode(f'Bearer {token}'.encode()).decode()}\n"
        "X-Other: bearer abcdefghijklmnopqrstuvwxyz0123456789\n"
        "</body></html>"
    ).encode()


def assert_token_gone(exc: BaseException, token: str) -> None:
    forms = {
        token,
        quote(token, safe=""),
        quote_plus(token),
        base64.b64encode(token.encode()).decode(),
        base64.b64encode(f"Bearer {token}".encode()).decode(),
        "abcdefghijklmnopqrstuvwxyz0123456789",
    }
    texts = [str(exc), repr(exc), "".join(traceback.format_exception(exc)), repr(vars(exc))]
    for text in texts:
        for form in forms:
            assert form not in text, f"{form!r} leaked in {text[:300]!r}"


@pytest.mark.parametrize("body_kind", ["text", "json"])
def test_echoed_token_is_scrubbed_from_error(harness: Harness, body_kind: str) -> None:
    harness.tokens = FakeTokens(token=PLUS_TOKEN)
    page = echo_page(PLUS_TOKEN)
    if body_kind == "json":
        response = httpx.Response(502, json={"Message": page.decode(), "Echo": [page.decode()]})
    else:
        response = httpx.Response(502, content=page, headers={"Content-Type": "text/html"})
    client = harness.client(Script([response]), max_retries=0)
    with pytest.raises(ServerError) as info:
        harness.request(client, get_request())
    assert_token_gone(info.value, PLUS_TOKEN)
    assert "[REDACTED]" in repr(info.value.body)


def test_echoed_token_in_a_response_header_is_scrubbed(harness: Harness) -> None:
    response = httpx.Response(
        400, json={"Message": "x"}, headers={"X-Echo": f"Bearer {harness.tokens.token}"}
    )
    client = harness.client(Script([response]), max_retries=0)
    with pytest.raises(Exception) as info:
        harness.request(client, get_request())
    assert harness.tokens.token not in repr(vars(info.value))


def test_connection_error_cause_holds_no_request(harness: Harness) -> None:
    client = harness.client(Script([httpx.ConnectError("refused")]), max_retries=0)
    with pytest.raises(APIConnectionError) as info:
        harness.request(client, get_request())
    cause = info.value.__cause__
    assert isinstance(cause, httpx.ConnectError) and str(cause) == "refused"  # type and message kept
    with pytest.raises(RuntimeError):
        cause.request  # noqa: B018  (the copy carries no request, so no Authorization header)
    assert cause.__cause__ is None and cause.__context__ is None


@pytest.mark.parametrize(
    ("where", "kw"),
    [
        ("xero-tenant-id", {"tenant_id": "tenant-é"}),
        ("X-Note", {"options": RequestOptions(extra_headers={"X-Note": "café"})}),
        ("Idempotency-Key", {"options": RequestOptions(idempotency_key="clé-1")}),
        ("X-Split", {"options": RequestOptions(extra_headers={"X-Split": "a\r\nInjected: 1"})}),
    ],
)
def test_header_values_http_cannot_carry_are_refused(
    harness: Harness, where: str, kw: dict[str, Any]
) -> None:
    script = Script([])
    client = harness.client(script, tenant_id=kw.get("tenant_id", TENANT))
    with pytest.raises(InvalidRequestError, match=f"header {where!r} must be ASCII"):
        harness.request(client, get_request(), kw.get("options"))
    assert script.attempts == 0


@pytest.mark.parametrize("retry_after", ["0", "-5", "Wed, 21 Oct 2015 07:28:00 GMT", "0.01"])
def test_retry_after_below_the_floor_waits_the_floor(harness: Harness, retry_after: str) -> None:
    script = Script([httpx.Response(429, headers={"Retry-After": retry_after}), httpx.Response(200, json={})])
    client = harness.client(script)
    harness.request(client, get_request())
    assert harness.sleeps == [1.0]


@pytest.mark.parametrize("status", [429, 503])
@pytest.mark.parametrize("retry_after", [None, "5"])
def test_daily_limit_is_never_retried(harness: Harness, status: int, retry_after: str | None) -> None:
    headers = {"X-Rate-Limit-Problem": "day"}
    if retry_after:
        headers["Retry-After"] = retry_after
    script = Script([httpx.Response(status, headers=headers)], default=httpx.Response(200, json={}))
    client = harness.client(script)
    with pytest.raises((RateLimitError, ServerError)) as info:
        harness.request(client, get_request())
    assert script.attempts == 1 and harness.sleeps == []
    assert info.value.problem == "day"  # type: ignore[union-attr]


def test_503_exposes_the_problem_and_retry_after(harness: Harness) -> None:
    headers = {"X-Rate-Limit-Problem": "Minute", "Retry-After": "2"}
    script = Script([httpx.Response(503, headers=headers)])
    client = harness.client(script, max_retries=0)
    with pytest.raises(ServerError) as info:
        harness.request(client, get_request())
    assert info.value.problem == "minute" and info.value.retry_after == 2.0
    assert "limit 'minute'" in str(info.value)


def test_closing_a_clone_leaves_the_shared_pool_open(loopback: Loopback) -> None:
    loopback.reset(lambda seen: Reply.json({}))
    root = Xero(access_token="at-SECRET-1", tenant_id=TENANT, api_url=loopback.url)
    with root.for_tenant("22222222-2222-2222-2222-222222222222") as org:
        org.sender.request(get_request(), lambda body: body, None)
    with root.with_options(max_retries=0) as other:
        assert other.sender is not None
    assert not root.http_client.is_closed
    assert root.sender.request(get_request(), lambda body: body, None) == {}
    root.close()
    assert root.http_client.is_closed


def test_closing_an_async_clone_leaves_the_shared_pool_open() -> None:
    async def run() -> None:
        root = AsyncXero(access_token="at-SECRET-1", tenant_id=TENANT)
        async with root.for_tenant("22222222-2222-2222-2222-222222222222"):
            pass
        assert not root.http_client.is_closed
        await root.aclose()
        assert root.http_client.is_closed

    asyncio.run(run())


def test_how_the_attempt_deadline_is_chosen() -> None:
    def deadline(**kw: Any) -> float | None:
        with Xero(access_token="at-SECRET-1", **kw) as xero:
            return xero.deadline

    assert deadline() == 120.0
    assert deadline(timeout=5) == 5.0  # a number bounds the whole attempt
    assert deadline(timeout=None) is None  # no timeout asked for: no deadline either
    assert deadline(timeout=httpx.Timeout(300)) == 600.0  # never shorter than connect + read
    assert deadline(timeout=httpx.Timeout(10, read=None)) is None
    assert deadline(timeout=5, deadline=30) == 30.0
    assert deadline(http_client=httpx.Client(timeout=httpx.Timeout(200, connect=10))) == 210.0
    for bad in (0, -1):
        with pytest.raises(ValueError, match="deadline"):
            deadline(deadline=bad)
    with Xero(access_token="at-SECRET-1", deadline=9) as xero:
        assert xero.with_options(max_retries=0).deadline == 9.0
        assert xero.with_options(timeout=3).deadline == 3.0
        assert xero.with_options(deadline=None).deadline is None
        assert xero.for_tenant(TENANT).deadline == 9.0
        per_call = xero._core.prepare(
            get_request(tenant=False), RequestOptions(timeout=4), xero.sender.settings
        )
        assert per_call.deadline == 4.0  # RequestOptions(timeout=...) bounds that call's attempts
