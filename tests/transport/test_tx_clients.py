"""The clients: construction, clones, API properties, identity calls, hooks, logging, lifetime."""

from __future__ import annotations

import asyncio
import logging
import sys
import types
from typing import Any
from uuid import UUID

import httpx
import pytest

from codegen.apis import APIS
from xero_sdk._clients import AsyncXero, Xero
from xero_sdk._transport._tokens import StaticToken
from xero_sdk.errors import NotFoundError, TokenExpiredError

from .conftest import ACCESS_TOKEN, Harness, Script, get_request, post_request

CONNECTIONS = [
    {
        "id": "e1eede29-f875-4a5d-8470-17f6a29a88b1",
        "authEventId": "d99ecdfe-391d-43d2-b834-17636ba90e8d",
        "tenantId": "70784a63-d24b-46a9-a4db-0e70a274b056",
        "tenantType": "ORGANISATION",
        "tenantName": "Maple Florists",
        "createdDateUtc": "2019-07-09T23:40:30.1833130",
        "updatedDateUtc": "2020-05-15T01:35:13.8491980",
    }
]


def test_for_tenant_shares_everything(harness: Harness) -> None:
    client = harness.client(Script([]), tenant_id=None, rate_limit=True)
    a = client.for_tenant(UUID(int=0xA))  # a UUID or its text
    b = a.for_tenant(str(UUID(int=0xB)))
    assert (a.tenant_id, b.tenant_id, client.tenant_id) == (UUID(int=0xA), UUID(int=0xB), None)
    assert a.http_client is client.http_client is b.http_client
    assert a._tokens is client._tokens
    assert a.rate_limiter is client.rate_limiter is not None
    assert a._core is client._core
    assert type(a) is type(client)
    with pytest.raises(ValueError):
        client.for_tenant("")


def test_with_options(harness: Harness) -> None:
    client = harness.client(Script([]))
    fast = client.with_options(max_retries=0, timeout=2.0)
    assert fast.max_retries == 0 and fast.timeout == httpx.Timeout(2.0)
    assert client.max_retries == 2
    assert fast.tenant_id == client.tenant_id
    assert fast.http_client is client.http_client
    assert client.with_options(timeout=None).timeout == httpx.Timeout(None)
    assert client.with_options().timeout == client.timeout
    with pytest.raises(ValueError):
        client.with_options(max_retries=-1)


def test_two_apps_do_not_share(harness: Harness) -> None:
    one = Xero(access_token="token-one", tenant_id="A")
    two = Xero(access_token="token-two", tenant_id="A")
    assert one.http_client is not two.http_client
    assert one._core.config.tracker is not two._core.config.tracker
    assert one._tokens.access_token() == "token-one" and two._tokens.access_token() == "token-two"
    one.close()
    two.close()


def test_credentials_required() -> None:
    with pytest.raises(ValueError, match="credentials"):
        Xero()
    with pytest.raises(ValueError):
        Xero(access_token="a", token_manager=StaticToken("b"))


def test_app_builds_token_manager(tmp_path: Any) -> None:
    from xero_sdk.auth import FileTokenStore, OAuth2App, TokenManager

    app = OAuth2App("client-id", "client-secret-XYZ", identity_url="http://127.0.0.1:9999")
    xero = Xero(app, FileTokenStore(str(tmp_path / "t.json")))
    assert isinstance(xero._tokens, TokenManager)
    # the app's identity server also serves the Identity API (/Connections)
    assert xero.base_urls["identity"] == "http://127.0.0.1:9999"
    cc = Xero(app=app, client_credentials=True)
    assert cc.client_credentials and isinstance(cc._tokens, TokenManager)
    assert "client-secret-XYZ" not in repr(xero) + repr(cc)


def test_connections_and_disconnect(harness: Harness) -> None:
    script = Script([httpx.Response(200, json=CONNECTIONS), httpx.Response(204), httpx.Response(404)])
    client = harness.client(script, tenant_id=None)
    conns = harness.call(client, "connections")
    assert conns[0].tenant_id == UUID("70784a63-d24b-46a9-a4db-0e70a274b056")
    assert conns[0].tenant_name == "Maple Florists"
    assert conns[0].created_at is not None and conns[0].created_at.year == 2019
    harness.call(client, "disconnect", conns[0].id)
    with pytest.raises(NotFoundError):
        harness.call(client, "disconnect", "nope")
    urls = [str(r.url) for r in script.requests]
    assert urls == [
        "https://api.xero.com/Connections",
        "https://api.xero.com/Connections/e1eede29-f875-4a5d-8470-17f6a29a88b1",
        "https://api.xero.com/Connections/nope",
    ]
    assert [r.method for r in script.requests] == ["GET", "DELETE", "DELETE"]
    assert all("xero-tenant-id" not in r.headers for r in script.requests)


def test_connections_auth_event_filter(harness: Harness) -> None:
    script = Script([httpx.Response(200, json=[])])
    client = harness.client(script)
    assert harness.call(client, "connections", auth_event_id="evt-1") == []
    assert script.requests[0].url.params["authEventId"] == "evt-1"


class _FakeApi:
    def __init__(self, sender: Any) -> None:
        self.sender = sender


#: The facade class prefix of every API, as the generator names them.
API_PREFIXES = {api.key: api.prefix for api in APIS}


@pytest.fixture
def fake_generated(monkeypatch: pytest.MonkeyPatch) -> dict[str, types.ModuleType]:
    modules: dict[str, types.ModuleType] = {}
    for api, prefix in API_PREFIXES.items():
        module = types.ModuleType(f"xero_sdk._generated.{api}.facade")
        setattr(module, f"{prefix}Api", type(f"{prefix}Api", (_FakeApi,), {}))
        setattr(module, f"Async{prefix}Api", type(f"Async{prefix}Api", (_FakeApi,), {}))
        monkeypatch.setitem(sys.modules, module.__name__, module)
        modules[api] = module
    return modules


def test_api_properties(harness: Harness, fake_generated: dict[str, types.ModuleType]) -> None:
    client = harness.client(Script([]))
    for api, prefix in API_PREFIXES.items():
        obj = getattr(client, api)
        expected = prefix + "Api" if harness.mode == "sync" else "Async" + prefix + "Api"
        assert type(obj).__name__ == expected
        assert obj.sender is client.sender
        assert getattr(client, api) is obj  # cached
    clone = client.for_tenant("other")
    assert clone.accounting is not client.accounting
    assert clone.accounting.sender.settings.tenant_id == "other"  # type: ignore[union-attr]


def test_api_property_imports_lazily(monkeypatch: pytest.MonkeyPatch) -> None:
    pytest.importorskip("xero_sdk._generated.accounting.facade")
    monkeypatch.delitem(sys.modules, "xero_sdk._generated.accounting.facade")
    xero = Xero(access_token="t", tenant_id="T")
    assert "xero_sdk._generated.accounting.facade" not in sys.modules
    assert "accounting" not in vars(xero)
    api = xero.accounting
    assert "xero_sdk._generated.accounting.facade" in sys.modules
    assert type(api).__name__ == "AccountingApi"
    xero.close()


@pytest.mark.parametrize("mode", ["sync", "async"])
def test_generated_accounting_end_to_end(mode: str) -> None:
    """The real generated Accounting facade over this runtime (skipped until it is generated)."""
    pytest.importorskip("xero_sdk._generated.accounting.facade")
    from decimal import Decimal

    invoice_id = "8d0b2d8e-7ac5-4d49-8f07-4b4fa5e5e7a1"
    body = b'{"Invoices":[{"InvoiceID":"%s","Total":1.10,"Status":"AUTHORISED"}]}' % invoice_id.encode()
    script = Script([httpx.Response(200, content=body), httpx.Response(200, content=b"%PDF-1.7")])
    harness = Harness(mode)
    org: Any = harness.client(script, unitdp=4)

    async def run_async() -> tuple[Any, Any]:
        return await org.accounting.get_invoices(), await org.accounting.get_invoice_as_pdf(invoice_id)

    if mode == "sync":
        invoices, pdf = org.accounting.get_invoices(), org.accounting.get_invoice_as_pdf(invoice_id)
    else:
        invoices, pdf = asyncio.run(run_async())
    assert invoices.invoices[0].total == Decimal("1.10")
    assert pdf == b"%PDF-1.7"
    first, second = script.requests
    assert str(first.url) == "https://api.xero.com/api.xro/2.0/Invoices?unitdp=4"
    assert str(second.url) == f"https://api.xero.com/api.xro/2.0/Invoices/{invoice_id}"
    assert second.headers["Accept"] == "application/pdf"


def test_hooks(harness: Harness) -> None:
    seen: list[str] = []
    script = Script([httpx.Response(503), httpx.Response(200, json={})])

    def before(request: httpx.Request) -> None:
        seen.append(f"req {request.method} {request.url.path}")

    def after(response: httpx.Response) -> None:
        seen.append(f"resp {response.status_code}")

    client = harness.client(script, on_request=before, on_response=[after])
    harness.request(client, get_request())
    assert seen == ["req GET /api.xro/2.0/Invoices", "resp 503", "req GET /api.xro/2.0/Invoices", "resp 200"]


@pytest.mark.asyncio
async def test_async_hooks_may_be_coroutines() -> None:
    seen: list[int] = []

    async def after(response: httpx.Response) -> None:
        await asyncio.sleep(0)
        seen.append(response.status_code)

    xero = AsyncXero(
        access_token="t",
        tenant_id="T",
        on_response=after,
        http_client=httpx.AsyncClient(transport=httpx.MockTransport(lambda r: httpx.Response(200, json={}))),
    )
    async with xero:
        await xero.sender.request(get_request(), lambda b: b, None)
    assert seen == [200]


def test_event_hooks_for_own_client() -> None:
    seen: list[str] = []
    xero = Xero(access_token="t", event_hooks={"request": [lambda r: seen.append(r.method)]})
    assert xero.http_client.event_hooks["request"]
    with pytest.raises(ValueError, match="event_hooks"):
        Xero(access_token="t", http_client=httpx.Client(), event_hooks={"request": []})
    xero.close()


def test_close_and_context_manager() -> None:
    mine = httpx.Client()
    with Xero(access_token="t", http_client=mine) as xero:
        assert xero.http_client is mine
    assert not mine.is_closed  # not ours to close
    with Xero(access_token="t") as owned:
        pool = owned.http_client
    assert pool.is_closed
    mine.close()


@pytest.mark.asyncio
async def test_async_close() -> None:
    async with AsyncXero(access_token="t") as xero:
        pool = xero.http_client
    assert pool.is_closed
    again = AsyncXero(access_token="t")
    await again.close()
    assert again.http_client.is_closed


def test_static_token_expired_raises(harness: Harness) -> None:
    script = Script(
        [httpx.Response(401, json={"Title": "Unauthorized", "Detail": "TokenExpired: token expired at x"})]
    )
    client = harness.client(script, token_manager=StaticToken("plain-token"))
    with pytest.raises(TokenExpiredError):
        harness.request(client, get_request())
    assert script.attempts == 1


def test_plain_access_token(harness: Harness) -> None:
    script = Script([httpx.Response(200, json={})])
    client = harness.client(script, token_manager=None, access_token="quick-script-token")
    harness.request(client, get_request())
    assert script.requests[0].headers["Authorization"] == "Bearer quick-script-token"


def test_log_lines(harness: Harness, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO, logger="xero_sdk")
    script = Script(
        [
            httpx.Response(429, headers={"Retry-After": "1", "X-Rate-Limit-Problem": "minute"}),
            httpx.Response(
                200,
                json={},
                headers={
                    "Xero-Correlation-Id": "corr-9",
                    "X-DayLimit-Remaining": "4983",
                    "X-MinLimit-Remaining": "58",
                },
            ),
        ]
    )
    client = harness.client(script)
    harness.request(client, post_request())
    records = [r for r in caplog.records if r.name == "xero_sdk"]
    infos = [r.getMessage() for r in records if r.levelno == logging.INFO]
    warnings = [r.getMessage() for r in records if r.levelno == logging.WARNING]
    assert len(infos) == 2
    assert infos[1].startswith("xero createInvoices PUT /api.xro/2.0/Invoices -> 200 in ")
    assert "attempt 2" in infos[1] and "day=4983 min=58" in infos[1] and "correlation id corr-9" in infos[1]
    assert warnings == [
        "xero createInvoices PUT /api.xro/2.0/Invoices: HTTP 429 (limit minute), retrying in 1.00 s (retry 1 of 2)"
    ]


def test_repr(harness: Harness) -> None:
    client = harness.client(Script([]))
    assert repr(client) == (
        f"{'Xero' if harness.mode == 'sync' else 'AsyncXero'}(tenant_id='11111111-2222-3333-4444-555555555555', "
        "client_credentials=False, max_retries=2)"
    )
    assert ACCESS_TOKEN not in repr(client.sender)


def _lowercase_connections_only(seen: Any) -> Any:
    """A server that answers only the lowercase path Xero's docs spell (``/connections``), and
    issues client-credentials tokens."""
    from tests.layer._loopback import Reply

    if seen.method == "POST" and seen.path == "/connect/token":
        return Reply.json({"access_token": "cc-token", "expires_in": 1800, "token_type": "Bearer"})
    if seen.method == "GET" and seen.path == "/identity/connections":
        return Reply.json(CONNECTIONS)
    if seen.method == "DELETE" and seen.path.startswith("/identity/connections/"):
        return Reply(204)
    return Reply.json({"Title": "NotFound"}, status=404)


def _app(loopback: Any) -> Any:
    from xero_sdk.auth import OAuth2App

    loopback.reset(_lowercase_connections_only)
    return OAuth2App(
        "client-id",
        "secret",
        token_url=loopback.url + "/connect/token",
        connections_url=loopback.url + "/identity/connections",
    )


def _api_calls(loopback: Any) -> list[tuple[str, str]]:
    return [(r.method, r.path) for r in loopback.requests if r.path != "/connect/token"]


def test_connections_url_is_used_exactly_as_given(loopback: Any) -> None:
    app = _app(loopback)
    assert app.connections_url == loopback.url + "/identity/connections"
    with Xero(app=app, client_credentials=True) as xero:
        assert xero.base_urls["connections"] == loopback.url + "/identity/connections"
        conns = xero.connections()
        assert conns[0].tenant_name == "Maple Florists"
        xero.disconnect(conns[0].id)
    assert _api_calls(loopback) == [
        ("GET", "/identity/connections"),
        ("DELETE", f"/identity/connections/{conns[0].id}"),
    ]


def test_connections_url_is_used_exactly_by_the_async_client(loopback: Any) -> None:
    app = _app(loopback)

    async def run() -> str:
        async with AsyncXero(app=app, client_credentials=True) as xero:
            conns = await xero.connections()
            await xero.disconnect(conns[0].id)
            return conns[0].id

    first = asyncio.run(run())
    assert _api_calls(loopback) == [
        ("GET", "/identity/connections"),
        ("DELETE", f"/identity/connections/{first}"),
    ]
