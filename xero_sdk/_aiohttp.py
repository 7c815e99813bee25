"""httpx over aiohttp: the ``xero-sdk[aiohttp]`` transport for ``AsyncXero``.

httpx's own async transport (httpcore) spends more CPU per request than aiohttp, whose HTTP
parser is compiled; with many requests in flight that CPU is what limits throughput. This
module keeps httpx's API (requests, responses, timeouts, event hooks, ``MockTransport`` in
tests) and lets aiohttp carry the bytes, through ``httpx-aiohttp``'s ``AiohttpTransport`` (the
transport the Stainless SDKs offer as ``DefaultAioHttpClient``).

One correction on top of it: the SDK decides from the *type* of a transport error whether a
request may be retried (``httpx.TimeoutException``, ``NetworkError``, ``RemoteProtocolError``)
and whether the user sees :class:`~xero_sdk.errors.APITimeoutError` or
:class:`~xero_sdk.errors.APIConnectionError`. ``httpx-aiohttp`` maps every aiohttp connection
error to ``httpx.ConnectTimeout`` (a refused connection or a server hanging up mid-answer would
read as a timeout) and lets some aiohttp errors through unmapped, so :func:`to_httpx` maps
aiohttp's errors to the exception httpx's own transport raises in the same situation, for the
request and for the body read later (streaming downloads).
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import aiohttp
import httpx
from httpx_aiohttp import AiohttpTransport

__all__ = ["XeroAiohttpTransport", "new_client", "to_httpx"]

# most specific first: the first class that matches decides
_MAP: tuple[tuple[type[BaseException], type[httpx.TransportError]], ...] = (
    (aiohttp.ConnectionTimeoutError, httpx.ConnectTimeout),  # connecting, or waiting for the pool
    (aiohttp.ServerTimeoutError, httpx.ReadTimeout),  # no byte within the read timeout
    (aiohttp.ClientProxyConnectionError, httpx.ProxyError),
    (aiohttp.ClientHttpProxyError, httpx.ProxyError),
    (aiohttp.ClientConnectorError, httpx.ConnectError),  # refused, unreachable, DNS: nothing sent
    (aiohttp.ServerDisconnectedError, httpx.RemoteProtocolError),  # closed without (a whole) answer
    (aiohttp.ClientPayloadError, httpx.RemoteProtocolError),  # body cut short or malformed
    (aiohttp.ClientResponseError, httpx.RemoteProtocolError),  # unparseable status line or headers
    (aiohttp.InvalidURL, httpx.UnsupportedProtocol),
    (aiohttp.ClientOSError, httpx.ReadError),  # reset by peer while reading
    (aiohttp.ClientConnectionError, httpx.ReadError),
    (TimeoutError, httpx.ReadTimeout),
)


def to_httpx(exc: BaseException) -> httpx.TransportError | None:
    """The httpx error for an aiohttp error (also when wrapped by ``httpx-aiohttp``), or
    ``None`` when ``exc`` is not one."""
    original = exc.__cause__ if isinstance(exc, httpx.TransportError) and exc.__cause__ else exc
    for source, target in _MAP:
        if isinstance(original, source):
            return target(str(original) or type(original).__name__)
    return None


class _Body(httpx.AsyncByteStream):
    """The response body, with aiohttp's errors while reading mapped like the request's."""

    def __init__(self, inner: httpx.AsyncByteStream) -> None:
        self._inner = inner

    async def __aiter__(self) -> AsyncIterator[bytes]:
        try:
            async for chunk in self._inner:
                yield chunk
        except (httpx.TransportError, aiohttp.ClientError, TimeoutError) as exc:
            mapped = to_httpx(exc)
            if mapped is None:
                raise
            raise mapped from exc

    async def aclose(self) -> None:
        await self._inner.aclose()


class XeroAiohttpTransport(AiohttpTransport):
    """``httpx_aiohttp.AiohttpTransport`` raising the errors httpx's own transport raises, and
    never resending a request by itself."""

    def get_client(self) -> aiohttp.ClientSession:
        session = super().get_client()
        # aiohttp resends a GET/PUT/DELETE once, unseen, when a kept-alive connection drops; a
        # PUT creates records in Xero, and every send must pass the SDK's retry rules, limiter
        # and hooks, so the SDK alone decides (aiohttp's test client turns it off the same way).
        session._retry_connection = False
        return session

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        try:
            response = await super().handle_async_request(request)
        except (httpx.TransportError, aiohttp.ClientError, TimeoutError) as exc:
            mapped = to_httpx(exc)
            if mapped is None:
                raise
            mapped.request = request
            raise mapped from exc
        assert isinstance(response.stream, httpx.AsyncByteStream)
        response.stream = _Body(response.stream)
        return response


def new_client(
    *,
    limits: httpx.Limits | None = None,
    verify: Any = True,
    cert: Any = None,
    trust_env: bool = True,
    proxy: httpx.Proxy | str | None = None,
    **options: Any,
) -> httpx.AsyncClient:
    """An ``httpx.AsyncClient`` whose requests go through aiohttp (see :func:`xero_sdk.transports.aiohttp_client`)."""
    transport = XeroAiohttpTransport(
        verify=verify,
        cert=cert,
        trust_env=trust_env,
        limits=limits or httpx.Limits(max_connections=100, max_keepalive_connections=20),
        proxy=httpx.Proxy(proxy) if isinstance(proxy, str) else proxy,
    )
    return httpx.AsyncClient(transport=transport, trust_env=trust_env, **options)
