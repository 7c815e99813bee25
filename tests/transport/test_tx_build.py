"""Building requests: URLs, headers, bodies, tenant, unitdp, idempotency, options."""

from __future__ import annotations

import importlib.metadata
import io
import json
import sys
from decimal import Decimal
from typing import Any

import httpx
import pytest

from tests.specdocs import REST_APIS, raw_doc
from xero_sdk._runtime.operation import ApiRequest, RequestOptions
from xero_sdk._transport._config import DEFAULT_BASE_URLS, join_url, resolve_base_urls, user_agent
from xero_sdk.errors import MissingTenantError

from .conftest import ACCESS_TOKEN, TENANT, Harness, Script, get_request, post_request

OK = httpx.Response(200, json={})


def sent(
    harness: Harness, req: ApiRequest, options: RequestOptions | None = None, **client_kw: Any
) -> httpx.Request:
    script = Script([OK])
    client = harness.client(script, **client_kw)
    harness.request(client, req, options)
    assert script.attempts == 1
    return script.requests[0]


def test_default_base_urls_are_the_servers_of_the_documents() -> None:
    """Each API's default base URL is the server its own locked document names (without the
    trailing slash of Files'), and every API of the registry has one."""
    assert DEFAULT_BASE_URLS == {api: raw_doc(api)["servers"][0]["url"].rstrip("/") for api in REST_APIS}
    assert DEFAULT_BASE_URLS["identity"] == "https://api.xero.com"  # /Connections is on the host


@pytest.mark.parametrize(
    ("base", "path", "url"),
    [
        ("https://api.xero.com/files.xro/1.0", "/Files", "https://api.xero.com/files.xro/1.0/Files"),
        ("https://api.xero.com/files.xro/1.0/", "/Files", "https://api.xero.com/files.xro/1.0/Files"),
        ("https://api.xero.com/files.xro/1.0/", "Files", "https://api.xero.com/files.xro/1.0/Files"),
        ("https://api.xero.com", "/Connections", "https://api.xero.com/Connections"),
        ("http://127.0.0.1:4010", "", "http://127.0.0.1:4010"),
    ],
)
def test_join_url(base: str, path: str, url: str) -> None:
    assert join_url(base, path) == url


def test_resolve_base_urls_precedence() -> None:
    env = {
        "XERO_API_URL": "http://mock:4010/",
        "XERO_ACCOUNTING_URL": "http://acc:1/api.xro/2.0/",
        "XERO_PAYROLL_AU_V2_URL": "http://au2:2",
    }
    urls = resolve_base_urls({"files": "http://files:3/files.xro/1.0/"}, environ=env)
    assert urls["accounting"] == "http://acc:1/api.xro/2.0"
    assert urls["payroll_au_v2"] == "http://au2:2"
    assert urls["payroll_uk"] == "http://mock:4010/payroll.xro/2.0"
    assert urls["identity"] == "http://mock:4010"
    assert urls["files"] == "http://files:3/files.xro/1.0"
    # a constructor host wins over the environment
    assert resolve_base_urls(api_url="http://h:9", environ=env)["accounting"] == "http://h:9/api.xro/2.0"
    with pytest.raises(ValueError, match="unknown API"):
        resolve_base_urls({"acounting": "x"})


def test_env_override_reaches_client(harness: Harness, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XERO_API_URL", "http://127.0.0.1:4010")
    monkeypatch.setenv("XERO_FILES_URL", "http://127.0.0.1:4011/files.xro/1.0/")
    assert str(sent(harness, get_request()).url) == "http://127.0.0.1:4010/api.xro/2.0/Invoices"
    files = sent(harness, get_request(api="files", path="/Files", operation_id="getFiles"))
    assert str(files.url) == "http://127.0.0.1:4011/files.xro/1.0/Files"


def test_base_urls_argument(harness: Harness) -> None:
    request = sent(harness, get_request(), base_urls={"accounting": "http://localhost:4010/"})
    assert str(request.url) == "http://localhost:4010/Invoices"


def test_standard_headers(harness: Harness) -> None:
    request = sent(harness, get_request(params=[("where", 'Status=="PAID"'), ("page", "2")]))
    assert request.method == "GET"
    assert request.url.path == "/api.xro/2.0/Invoices"
    assert request.url.params.multi_items() == [("where", 'Status=="PAID"'), ("page", "2")]
    assert request.headers["Authorization"] == f"Bearer {ACCESS_TOKEN}"
    assert request.headers["xero-tenant-id"] == TENANT
    assert request.headers["Accept"] == "application/json"
    ua = request.headers["User-Agent"]
    assert ua == user_agent()
    assert ua.startswith(f"xero-sdk/{importlib.metadata.version('xero-sdk')} ")
    assert f" python/{sys.version_info[0]}.{sys.version_info[1]} " in ua
    assert ua.endswith(f"httpx/{httpx.__version__}")
    assert "Idempotency-Key" not in request.headers
    assert "Content-Type" not in request.headers


def test_accept_from_request(harness: Harness) -> None:
    request = sent(harness, get_request(accept="application/pdf", operation_id="getInvoiceAsPdf"))
    assert request.headers["Accept"] == "application/pdf"


def test_json_body_exact_decimal(harness: Harness) -> None:
    body = {
        "Invoices": [
            {
                "LineItems": [{"UnitAmount": Decimal("0.1000"), "Quantity": Decimal("3")}],
                "Total": Decimal("12345678901234567.89"),
            }
        ]
    }
    request = sent(harness, post_request(json=body))
    assert request.headers["Content-Type"] == "application/json"
    raw = request.content
    assert b'"UnitAmount":0.1000' in raw.replace(b" ", b"")
    assert b"12345678901234567.89" in raw
    assert json.loads(raw)["Invoices"][0]["LineItems"][0]["Quantity"] == 3


@pytest.mark.parametrize("as_file", [False, True])
def test_raw_content(harness: Harness, as_file: bool) -> None:
    data = b"%PDF-1.4 binary \x00\xff"
    content: Any = io.BytesIO(data) if as_file else data
    req = post_request(
        json=None,
        content=content,
        content_type="application/octet-stream",
        path="/Invoices/abc/Attachments/receipt.pdf",
        operation_id="createInvoiceAttachmentByFileName",
    )
    request = sent(harness, req)
    assert request.content == data
    assert request.headers["Content-Type"] == "application/octet-stream"
    assert request.headers["Content-Length"] == str(len(data))


def test_raw_content_resent_identically_on_retry(harness: Harness) -> None:
    data = b"x" * 1000
    script = Script([httpx.Response(503), OK])
    client = harness.client(script)
    harness.request(client, post_request(json=None, content=io.BytesIO(data), content_type="image/png"))
    assert [r.content for r in script.requests] == [data, data]


def test_multipart(harness: Harness) -> None:
    req = ApiRequest(
        api="files",
        operation_id="uploadFile",
        method="POST",
        path="/Files",
        files=[
            ("body", ("receipt.png", io.BytesIO(b"PNGDATA"), "image/png")),
            ("name", (None, b"receipt.png", "text/plain")),
        ],
        idempotent_key_header=True,
    )
    request = sent(harness, req)
    assert str(request.url) == "https://api.xero.com/files.xro/1.0/Files"
    ctype = request.headers["Content-Type"]
    assert ctype.startswith("multipart/form-data; boundary=")
    body = request.content
    assert b'name="body"; filename="receipt.png"' in body and b"PNGDATA" in body
    assert b"receipt.png" in body


def test_unitdp_default(harness: Harness) -> None:
    request = sent(harness, get_request(unitdp=True), unitdp=4)
    assert request.url.params.get_list("unitdp") == ["4"]
    # operation without unitdp support: not added
    assert "unitdp" not in sent(harness, get_request(unitdp=False), unitdp=4).url.params
    # explicit per-call value wins
    request = sent(harness, get_request(unitdp=True, params=[("unitdp", "2")]), unitdp=4)
    assert request.url.params.get_list("unitdp") == ["2"]
    # no client default: nothing added
    assert "unitdp" not in sent(harness, get_request(unitdp=True)).url.params


def test_extra_headers_and_timeout(harness: Harness) -> None:
    request = sent(
        harness,
        get_request(headers={"If-Modified-Since": "Tue, 01 Jan 2026 00:00:00 GMT"}),
        RequestOptions(extra_headers={"X-Trace": "t-1"}, timeout=3.5),
    )
    assert request.headers["X-Trace"] == "t-1"
    assert request.headers["If-Modified-Since"] == "Tue, 01 Jan 2026 00:00:00 GMT"
    assert request.extensions["timeout"] == httpx.Timeout(3.5).as_dict()


def test_default_timeout(harness: Harness) -> None:
    from xero_sdk._clients import AsyncXero, Xero

    for cls in (Xero, AsyncXero):
        client: Any = cls(access_token="t")
        assert client.timeout == httpx.Timeout(60.0, connect=5.0)
        assert client.http_client.timeout == httpx.Timeout(60.0, connect=5.0)
    # your own http_client keeps its timeout unless you pass one
    request = sent(harness, get_request())
    assert request.extensions["timeout"] == httpx.Timeout(5.0).as_dict()
    request = sent(harness, get_request(), timeout=httpx.Timeout(10.0, connect=1.0))
    assert request.extensions["timeout"] == {"connect": 1.0, "read": 10.0, "write": 10.0, "pool": 10.0}


def test_missing_tenant_raises_before_sending(harness: Harness) -> None:
    script = Script([])
    client = harness.client(script, tenant_id=None)
    with pytest.raises(MissingTenantError, match="for_tenant"):
        harness.request(client, get_request())
    assert script.attempts == 0


def test_no_tenant_header_for_tenantless_operation(harness: Harness) -> None:
    request = sent(harness, get_request(api="identity", path="/Connections", tenant=False), tenant_id=None)
    assert "xero-tenant-id" not in request.headers


def test_client_credentials_sends_no_tenant(harness: Harness) -> None:
    request = sent(harness, get_request(), tenant_id=None, client_credentials=True)
    assert "xero-tenant-id" not in request.headers


def test_for_tenant_sets_header(harness: Harness) -> None:
    script = Script([OK, OK])
    client = harness.client(script, tenant_id=None)
    harness.request(client.for_tenant("t-A"), get_request())
    harness.request(client.for_tenant("t-B"), get_request())
    assert [r.headers["xero-tenant-id"] for r in script.requests] == ["t-A", "t-B"]


def test_idempotency_key_limits(harness: Harness) -> None:
    client = harness.client(Script([]))
    with pytest.raises(ValueError, match="128"):
        harness.request(client, post_request(), RequestOptions(idempotency_key="k" * 129))


def test_unknown_api(harness: Harness) -> None:
    from xero_sdk.errors import XeroError

    client = harness.client(Script([]))
    with pytest.raises(XeroError, match="unknown API"):
        harness.request(client, get_request(api="nope"))


def test_empty_and_204_bodies_parse_none(harness: Harness) -> None:
    seen: list[Any] = []
    script = Script([httpx.Response(204), httpx.Response(200, content=b"")])
    client = harness.client(script)
    harness.request(client, get_request(method="DELETE"), parse=seen.append)
    harness.request(client, get_request(), parse=seen.append)
    assert seen == [None, None]


def test_decimal_response(harness: Harness) -> None:
    script = Script(
        [httpx.Response(200, content=b'{"Total": 10.10, "Count": 3, "Rate": 0.333333333333333333}')]
    )
    client = harness.client(script)
    body = harness.request(client, get_request())
    assert body == {"Total": Decimal("10.10"), "Count": 3, "Rate": Decimal("0.333333333333333333")}
    assert isinstance(body["Count"], int)
