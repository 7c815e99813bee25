"""Shared helpers for the transport tests: a fake token manager, mock-transport clients that run
the same scenario on ``Xero`` and ``AsyncXero``, request factories, and a loopback HTTP server
for the tests that need a real socket."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterator, Sequence
from typing import Any, Protocol

import httpx
import pytest

from tests.layer._loopback import Loopback
from xero_sdk._clients import AsyncXero, Xero
from xero_sdk._runtime.operation import ApiRequest, RequestOptions
from xero_sdk._transport._retry import RetryPolicy

ACCESS_TOKEN = "at-SECRET-0001"
NEW_ACCESS_TOKEN = "at-SECRET-0002"
TENANT = "11111111-2222-3333-4444-555555555555"


class FakeTokens:
    """Implements the four TokenManager methods; counts refreshes."""

    def __init__(self, token: str = ACCESS_TOKEN, refreshed: str = NEW_ACCESS_TOKEN) -> None:
        self.token = token
        self.refreshed_token = refreshed
        self.refreshes: list[str] = []

    def __repr__(self) -> str:
        return "FakeTokens()"

    def access_token(self) -> str:
        return self.token

    def on_unauthorized(self, failed_access_token: str) -> str:
        self.refreshes.append(failed_access_token)
        self.token = self.refreshed_token
        return self.token

    async def aaccess_token(self) -> str:
        return self.access_token()

    async def aon_unauthorized(self, failed_access_token: str) -> str:
        return self.on_unauthorized(failed_access_token)


class MaxRng:
    """Jitter stub: ``uniform(a, b)`` returns ``b`` so back-off waits are exact."""

    def uniform(self, a: float, b: float) -> float:
        return b


Step = httpx.Response | Exception | Callable[[httpx.Request], httpx.Response]


class Handler(Protocol):
    """A mock server: answers a request as it is, and awaited (``Script``, or any fake)."""

    def __call__(self, request: httpx.Request) -> httpx.Response: ...

    async def handle_async(self, request: httpx.Request) -> httpx.Response: ...


class Script:
    """A mock server answering from a list of steps; records every request."""

    def __init__(self, steps: Sequence[Step], default: Step | None = None) -> None:
        self.steps = list(steps)
        self.default = default
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        step = self.steps.pop(0) if self.steps else self.default
        if step is None:
            raise AssertionError(f"unexpected request {request.method} {request.url}")
        if isinstance(step, Exception):
            raise step
        if isinstance(step, httpx.Response):
            # a fresh copy: httpx binds a response to the client that received it
            return httpx.Response(step.status_code, headers=step.headers, content=step.content)
        return step(request)

    async def handle_async(self, request: httpx.Request) -> httpx.Response:
        await request.aread()
        return self(request)

    @property
    def attempts(self) -> int:
        return len(self.requests)


def get_request(**kw: Any) -> ApiRequest:
    values: dict[str, Any] = {
        "api": "accounting",
        "operation_id": "getInvoices",
        "method": "GET",
        "path": "/Invoices",
    }
    values.update(kw)
    return ApiRequest(**values)


def post_request(**kw: Any) -> ApiRequest:
    values: dict[str, Any] = {
        "api": "accounting",
        "operation_id": "createInvoices",
        "method": "PUT",
        "path": "/Invoices",
        "json": {"Invoices": []},
        "idempotent_key_header": True,
    }
    values.update(kw)
    return ApiRequest(**values)


class Harness:
    """Runs one scenario through the sync or the async client with identical settings."""

    def __init__(self, mode: str) -> None:
        self.mode = mode
        self.sleeps: list[float] = []
        self.tokens = FakeTokens()

    def client(self, script: Handler, **kw: Any) -> Xero | AsyncXero:
        kw.setdefault("token_manager", self.tokens)
        kw.setdefault("retry_policy", RetryPolicy(rng=MaxRng()))  # type: ignore[arg-type]
        kw.setdefault("tenant_id", TENANT)
        if self.mode == "sync":
            kw.setdefault("sleep", self.sleeps.append)
            return Xero(http_client=httpx.Client(transport=httpx.MockTransport(script)), **kw)

        async def sleep(delay: float) -> None:
            self.sleeps.append(delay)

        kw.setdefault("sleep", sleep)
        return AsyncXero(
            http_client=httpx.AsyncClient(transport=httpx.MockTransport(script.handle_async)), **kw
        )

    def request(
        self,
        client: Xero | AsyncXero,
        req: ApiRequest,
        options: RequestOptions | None = None,
        parse: Callable[[Any], Any] = lambda body: body,
    ) -> Any:
        if isinstance(client, Xero):
            return client.sender.request(req, parse, options)
        return asyncio.run(client.sender.request(req, parse, options))

    def request_bytes(self, client: Xero | AsyncXero, req: ApiRequest, destination: Any = None) -> Any:
        if isinstance(client, Xero):
            return client.sender.request_bytes(req, destination, None)
        return asyncio.run(client.sender.request_bytes(req, destination, None))

    def call(self, client: Xero | AsyncXero, name: str, *args: Any, **kw: Any) -> Any:
        result = getattr(client, name)(*args, **kw)
        if asyncio.iscoroutine(result):
            return asyncio.run(result)
        return result


@pytest.fixture(params=["sync", "async"])
def harness(request: pytest.FixtureRequest) -> Harness:
    return Harness(request.param)


@pytest.fixture
def loopback() -> Iterator[Loopback]:
    """The layer tests' loopback server (``tests/layer/_loopback.py``); a test installs its app."""
    server = Loopback()
    try:
        yield server
    finally:
        server.close()
