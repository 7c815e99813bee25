"""``AsyncXero(transport="aiohttp")`` and ``xero_sdk.transports.aiohttp_client``: how they are
chosen, who closes what, and the hint when the extra is missing. (What they do on the wire is
in ``test_tx_wire.py``, identical to httpx's transport.)"""

from __future__ import annotations

import sys

import aiohttp
import httpx
import pytest

from xero_sdk import AsyncXero
from xero_sdk.transports import aiohttp_client

from ._wire import Answer, WireServer
from .conftest import get_request


def test_transport_argument_is_checked() -> None:
    with pytest.raises(ValueError, match="'httpx' or 'aiohttp'"):
        AsyncXero(access_token="t", transport="curl")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="not with http_client"):
        AsyncXero(access_token="t", transport="aiohttp", http_client=httpx.AsyncClient())


async def test_the_client_xero_creates_has_its_timeouts_and_is_closed_with_it() -> None:
    xero = AsyncXero(access_token="t", transport="aiohttp", timeout=7.0)
    assert xero.http_client.timeout == httpx.Timeout(7.0)
    assert xero.http_client.follow_redirects is False
    await xero.aclose()
    assert xero.http_client.is_closed


async def test_a_client_of_your_own_stays_open() -> None:
    server = WireServer([], default=Answer.json({"Organisations": []}))
    http = aiohttp_client(timeout=9.0)
    try:
        async with AsyncXero(access_token="t", tenant_id="T", api_url=server.url, http_client=http) as xero:
            assert xero.timeout == httpx.Timeout(9.0)
            await xero.sender.request(get_request(), lambda body: body, None)
        assert not http.is_closed
        assert (await http.get(server.url + "/again")).status_code == 200
    finally:
        await http.aclose()
        server.close()
    assert [r.target for r in server.received] == ["/api.xro/2.0/Invoices", "/again"]


def test_a_missing_extra_names_it(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delitem(sys.modules, "xero_sdk._aiohttp", raising=False)
    monkeypatch.setitem(sys.modules, "httpx_aiohttp", None)  # as if not installed
    with pytest.raises(ImportError, match=r"pip install 'xero-sdk\[aiohttp\]'"):
        AsyncXero(access_token="t", transport="aiohttp")


@pytest.mark.parametrize(
    "raised, expected",
    [
        (aiohttp.ConnectionTimeoutError(), httpx.ConnectTimeout),
        (aiohttp.SocketTimeoutError(), httpx.ReadTimeout),
        (aiohttp.ServerTimeoutError(), httpx.ReadTimeout),
        (aiohttp.ServerDisconnectedError(), httpx.RemoteProtocolError),
        (aiohttp.ClientPayloadError("cut short"), httpx.RemoteProtocolError),
        (aiohttp.ClientOSError(104, "reset by peer"), httpx.ReadError),
        (aiohttp.InvalidURL("ftp://x"), httpx.UnsupportedProtocol),
        (TimeoutError(), httpx.ReadTimeout),
    ],
    ids=lambda value: type(value).__name__ if isinstance(value, BaseException) else value.__name__,
)
def test_aiohttp_errors_become_the_errors_httpx_raises(raised: BaseException, expected: type) -> None:
    from xero_sdk._aiohttp import to_httpx

    assert type(to_httpx(raised)) is expected
    # httpx-aiohttp reports most connection errors as ConnectTimeout; the cause decides
    wrapped = httpx.ConnectTimeout("as httpx-aiohttp maps it")
    wrapped.__cause__ = raised
    assert type(to_httpx(wrapped)) is expected
    assert to_httpx(ValueError("not a transport error")) is None
