"""``AsyncXero``: the asyncio client; the same surface as ``Xero`` with ``async def``."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Mapping, Sequence
from functools import cached_property
from types import TracebackType
from typing import TYPE_CHECKING, Any, Literal
from uuid import UUID

from xero_sdk._generated.clients import AsyncApiProperties
from xero_sdk._transport._limiter import RateLimiter
from xero_sdk._transport._retry import RetryPolicy
from xero_sdk._transport._tokens import TokenProvider

from ._base import (
    NOT_GIVEN,
    ClientBase,
    Hook,
    NotGiven,
    connections_request,
    disconnect_request,
    parse_connections,
    parse_nothing,
)

if TYPE_CHECKING:
    import httpx

    from xero_sdk._attachments._api import AsyncAttachmentsApi
    from xero_sdk._batches import AsyncBatches
    from xero_sdk._transport._async import AsyncSender
    from xero_sdk._transport._body import BodyLimits
    from xero_sdk.auth import Connection, OAuth2App, TokenStore

    from ._base import Timeout


class AsyncXero(ClientBase["httpx.AsyncClient"], AsyncApiProperties):
    """The asyncio Xero client: every API method is ``async def``; iterators are async.

    ::

        async with AsyncXero(app=app, token_store=FileTokenStore("xero-token.json")) as xero:
            org = xero.for_tenant((await xero.connections())[0].tenant_id)
            invoices = await org.accounting.get_invoices(where=F("Status") == "AUTHORISED")

    Arguments as for :class:`Xero`; ``http_client`` is an ``httpx.AsyncClient``, hooks may be
    ``async``, and ``sleep`` is awaited. Like any ``httpx.AsyncClient``, its connection pool
    belongs to the event loop that first used it: make one ``AsyncXero`` per loop (they can
    share one :class:`RateLimiter` and token manager).

    Credentials, one of: ``app`` + ``token_store`` (authorization code; refreshed and persisted
    by a :class:`~xero_sdk.auth.TokenManager`), ``app`` + ``client_credentials=True`` (Custom
    Connection: no tenant header needed), ``access_token="..."`` (a quick script; never
    refreshed) or ``token_manager=`` (anything with ``access_token`` / ``on_unauthorized`` and
    their async twins).

    Options: ``tenant_id`` (default tenant; see also :meth:`for_tenant`); ``base_urls``
    (per API, e.g. ``{"accounting": "http://127.0.0.1:4010"}``) and ``api_url`` (replaces
    ``https://api.xero.com`` for all), also read from ``XERO_<API>_URL`` / ``XERO_API_URL``;
    ``max_retries`` (default 2); ``timeout`` (default 5 s connect, 60 s read/write/pool);
    ``unitdp`` (sent to the operations that accept it, unless given per call); ``rate_limit``
    (``True`` or a :class:`RateLimiter` to pace requests client-side; default off);
    ``retry_policy`` (back-off, jitter, ``Retry-After`` cap); ``http_client`` (your own
    ``httpx.AsyncClient``, not closed by :meth:`close`); ``transport`` (``"httpx"``, the
    default, or ``"aiohttp"``: the client Xero creates sends over aiohttp, which costs less CPU
    per request when many are in flight; needs ``pip install 'xero-sdk[aiohttp]'``, see
    :func:`xero_sdk.transports.aiohttp_client`); ``event_hooks`` (httpx event hooks for
    the client Xero creates); ``on_request`` / ``on_response`` (called with each
    ``httpx.Request`` before it is sent / each ``httpx.Response``, retries included: note
    that the request carries the Authorization header); ``on_egress`` (called with each
    response's :class:`~xero_sdk.Egress`: tenant, API, operation and bytes received, the
    counts :attr:`egress` keeps); ``sleep`` (used between retries);
    ``deadline`` (seconds one attempt may take as a whole: connect, headers and body; default
    the ``timeout`` when it is a number, else 120 s; ``None``: unbounded); ``body_limits``
    (a :class:`~xero_sdk.BodyLimits`: how large a response may be).
    """

    def __init__(
        self,
        app: OAuth2App | None = None,
        token_store: TokenStore | None = None,
        *,
        client_credentials: bool = False,
        tenant_id: UUID | str | None = None,
        access_token: str | None = None,
        token_manager: TokenProvider | None = None,
        base_urls: Mapping[str, str] | None = None,
        api_url: str | None = None,
        max_retries: int = 2,
        timeout: Timeout | NotGiven = NOT_GIVEN,
        unitdp: int | None = None,
        rate_limit: bool | RateLimiter = False,
        retry_policy: RetryPolicy | None = None,
        http_client: httpx.AsyncClient | None = None,
        transport: Literal["httpx", "aiohttp"] = "httpx",
        event_hooks: Mapping[str, list[Callable[..., Any]]] | None = None,
        on_request: Hook | Sequence[Hook] | None = None,
        on_response: Hook | Sequence[Hook] | None = None,
        deadline: float | NotGiven | None = NOT_GIVEN,
        body_limits: BodyLimits | None = None,
        on_egress: Hook | Sequence[Hook] | None = None,
        sleep: Callable[[float], Awaitable[Any]] | None = None,
    ) -> None:
        if transport not in ("httpx", "aiohttp"):
            raise ValueError(f"transport must be 'httpx' or 'aiohttp', not {transport!r}")
        if transport != "httpx" and http_client is not None:
            raise ValueError("transport= only applies to the client Xero creates; not with http_client=")
        self._transport_name = transport
        super().__init__(
            app,
            token_store,
            client_credentials=client_credentials,
            tenant_id=tenant_id,
            access_token=access_token,
            token_manager=token_manager,
            base_urls=base_urls,
            api_url=api_url,
            max_retries=max_retries,
            timeout=timeout,
            unitdp=unitdp,
            rate_limit=rate_limit,
            retry_policy=retry_policy,
            http_client=http_client,
            event_hooks=event_hooks,
            on_request=on_request,
            on_response=on_response,
            deadline=deadline,
            body_limits=body_limits,
            on_egress=on_egress,
            sleep=sleep or asyncio.sleep,
        )

    def _new_http(self, **options: Any) -> httpx.AsyncClient:
        if self._transport_name == "aiohttp":
            from xero_sdk.transports import aiohttp_client

            return aiohttp_client(**options)
        import httpx

        from xero_sdk._transport._tls import DeferredTLSContext

        return httpx.AsyncClient(verify=DeferredTLSContext(), **options)

    def _init_sender(self) -> None:
        from xero_sdk._transport._async import AsyncSender

        self._sender = AsyncSender(self._core, self._http, self._tokens, self._settings, self._sleep)

    @property
    def sender(self) -> AsyncSender:
        """The :class:`~xero_sdk._runtime.operation.AsyncSender` the API objects use (for helpers)."""
        return self._sender

    # -- identity ----------------------------------------------------------------------------

    async def connections(self, *, auth_event_id: str | None = None) -> list[Connection]:
        """The tenants (organisations, practices) connected to this app for this user."""
        return await self._sender.request(connections_request(auth_event_id), parse_connections, None)

    async def disconnect(self, connection_id: str) -> None:
        """Remove a connection (``Connection.id``, not the tenant id)."""
        await self._sender.request(disconnect_request(connection_id), parse_nothing, None)

    # -- lifetime ----------------------------------------------------------------------------

    async def aclose(self) -> None:
        """Close the connection pool if this client created it. The pool is shared by every
        ``for_tenant`` / ``with_options`` clone and owned by the root client alone: closing a
        clone (``with xero.for_tenant(t) as org:``) leaves it open for the others."""
        if self._owns_http:
            await self._http.aclose()

    close = aclose

    async def __aenter__(self) -> AsyncXero:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.aclose()

    # -- APIs --------------------------------------------------------------------------------

    @cached_property
    def batches(self) -> AsyncBatches:
        """Save any number of Accounting records in chunks, every record's outcome in input order (async)."""
        from xero_sdk._batches import AsyncBatches

        return AsyncBatches(self.accounting)

    # -- helpers -----------------------------------------------------------------------------

    @cached_property
    def attachments(self) -> AsyncAttachmentsApi:
        """Attachments on Accounting documents (async): list, upload, download (built on first use)."""
        from xero_sdk._attachments._api import AsyncAttachmentsApi

        return AsyncAttachmentsApi(self._sender)
