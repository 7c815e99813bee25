"""How an app's identity calls (token endpoint, revocation, ``/Connections``) are sent: through
the SDK's one transport, the sender, retry policy, redaction, event hooks, logging (logger
``xero_sdk``), per-attempt deadline and body limits that API calls use.

Which identity calls are repeated
---------------------------------
The retry policy is the API calls' (:mod:`xero_sdk._transport._retry`): HTTP 429, 502, 503,
504, connection errors and timeouts are retried with the same back-off and ``Retry-After``
handling, up to the same budget, for a call that is safe to repeat; a 4xx such as
``invalid_grant`` or ``invalid_client`` never is. Safe to repeat:

* the ``refresh_token`` grant: yes. Xero rotates refresh tokens, so a refresh whose answer was
  lost (a reset or timeout after the request reached Xero) has spent the refresh token; Xero
  accepts a spent refresh token again for 30 minutes when the answer that rotated it was lost,
  so presenting it again within that window returns a token instead of burning the grant. The
  whole refresh, retries and waits included, is bounded by the app's ``timeout`` and never by
  more than :data:`REFRESH_RESEND_WINDOW`, well inside Xero's window. (Not resending would not
  save the refresh token either: the token manager presents the same stored refresh token on
  its next call.)
* the ``client_credentials`` grant: yes (nothing is spent; a resend gets another token).
* the ``authorization_code`` grant: no. A code is single-use and a server that sees it twice
  may revoke what it issued for it (RFC 6749 section 4.1.2): treated as a POST without an
  ``Idempotency-Key`` is for an API call. The user can start the login again.
* revocation: yes (RFC 7009: revoking an unknown or already revoked token answers 200).
* ``GET /Connections`` and ``DELETE /Connections/{id}``: yes, as GET and DELETE are for API calls.

The app's ``timeout`` bounds each identity call as a whole (all attempts and waits): a refresh
holds the token lock for that long at most, whatever the server does.

Which transport
---------------
An app on its own sends through :class:`AppSending`: a transport core with the default
:class:`~xero_sdk.RetryPolicy` and no hooks, its pooled ``httpx.Client`` (or the
``http_client`` given) and a short-lived ``httpx.AsyncClient`` per call (or the
``async_http_client`` given). The token manager a ``Xero`` / ``AsyncXero`` client builds from
``app=`` sends through :class:`ClientSending`: that client's connection pool, retry policy and
budget, ``on_request`` / ``on_response`` / ``on_egress`` hooks, egress meter and sleep, so a
refresh made for an API call shows in the same hooks and logs as the call.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any

import attrs
import httpx

from xero_sdk._transport._body import BodyLimits

from . import _protocol
from ._protocol import HttpCall

if TYPE_CHECKING:
    from xero_sdk._runtime.operation import ApiRequest
    from xero_sdk._transport._async import AsyncSender
    from xero_sdk._transport._core import CallSettings, IdentityTerms, TransportCore
    from xero_sdk._transport._sync import SyncSender
    from xero_sdk._transport._tls import DeferredTLSContext
    from xero_sdk._transport._tokens import TokenProvider

__all__ = ["REFRESH_RESEND_WINDOW", "AppSending", "ClientSending"]

#: The identity service answers with small JSON documents.
IDENTITY_LIMITS = BodyLimits(max_body=1024 * 1024, max_raw=1024 * 1024)
#: Longest a refresh may go on resending one refresh token (Xero accepts it again for 30 min).
REFRESH_RESEND_WINDOW = 10 * 60.0

#: Retries of an app's own identity calls (a client's token manager uses the client's budget).
MAX_RETRIES = 2
#: The API name identity calls are logged and counted under (``Egress.api``).
IDENTITY_API = "identity"


class _NoToken:
    """The token provider of the senders identity calls use: they carry their own credentials,
    so the loops never ask it."""

    def access_token(self) -> str:
        raise AssertionError("identity calls carry their own credentials")

    def on_unauthorized(self, failed_access_token: str) -> str:
        return self.access_token()

    async def aaccess_token(self) -> str:
        return self.access_token()

    async def aon_unauthorized(self, failed_access_token: str) -> str:
        return self.access_token()


NO_TOKEN: TokenProvider = _NoToken()


def request_for(call: HttpCall) -> ApiRequest:
    """The transport's request for ``call`` (its URL comes with its :func:`terms_for`)."""
    from xero_sdk._runtime.operation import ApiRequest

    headers = {k: v for k, v in call.headers.items() if k.lower() != "accept"}
    return ApiRequest(
        api=IDENTITY_API,
        operation_id=call.operation_id,
        method=call.method,
        path="",
        params=list(call.params),
        headers=headers,
        content=call.content,
        accept=call.headers.get("Accept", "application/json"),
        tenant=False,
    )


def terms_for(call: HttpCall, timeout: float | None) -> IdentityTerms:
    """How ``call`` differs from an API call: its URL, whether it may be repeated, the bound of
    the whole call (the app's ``timeout``; a refresh also :data:`REFRESH_RESEND_WINDOW`) and its
    error when no usable answer came."""
    from xero_sdk._transport._core import IdentityTerms

    bound = timeout
    if call.repeatable and call.operation_id == "refreshToken":
        bound = REFRESH_RESEND_WINDOW if bound is None else min(bound, REFRESH_RESEND_WINDOW)
    return IdentityTerms(
        url=call.url,
        safe_to_repeat=call.repeatable,
        give_up_after=bound,
        failure=lambda exc: _protocol.transport_error(call, exc),
    )


def _capped(limits: BodyLimits) -> BodyLimits:
    """``limits`` with success bodies capped at the identity service's size."""
    return attrs.evolve(
        limits,
        max_body=min(limits.max_body, IDENTITY_LIMITS.max_body),
        max_raw=min(limits.max_raw, IDENTITY_LIMITS.max_raw),
    )


def _settings(timeout: float | None, http_timeout: httpx.Timeout | None, max_retries: int) -> CallSettings:
    from xero_sdk._transport._core import CallSettings

    return CallSettings(
        max_retries=max_retries,
        timeout=http_timeout if http_timeout is not None else httpx.Timeout(timeout),
        deadline=timeout,
    )


class AppSending:
    """An app's own way of sending identity calls (see the module docstring)."""

    def __init__(
        self,
        timeout: float | None,
        http_client: httpx.Client | None,
        async_http_client: httpx.AsyncClient | None,
    ) -> None:
        self.timeout = timeout
        self._core: TransportCore | None = None
        self._http_client = http_client
        self._owns_http_client = http_client is None
        self._async_http_client = async_http_client
        self._lock = threading.Lock()
        # one TLS context for the pooled client and every short-lived async one, built on the
        # first handshake (the clients' own, xero_sdk._transport._tls)
        self._tls: DeferredTLSContext | None = None

    @property
    def core(self) -> TransportCore:
        """The app's transport core (default retry policy, no hooks), built on first use: the
        transport is not imported until an identity call is made."""
        core = self._core
        if core is None:
            from xero_sdk._transport._config import user_agent
            from xero_sdk._transport._core import TransportConfig, TransportCore

            config = TransportConfig(base_urls={}, user_agent=user_agent(), limits=IDENTITY_LIMITS)
            core = self._core = TransportCore(config)
        return core

    def _tls_context(self) -> DeferredTLSContext:
        with self._lock:
            if self._tls is None:
                from xero_sdk._transport._tls import DeferredTLSContext

                self._tls = DeferredTLSContext()
            return self._tls

    def _sync_client(self) -> httpx.Client:
        client = self._http_client
        if client is None:
            from xero_sdk._transport._deadline import install

            context = self._tls_context()
            with self._lock:
                if self._http_client is None:
                    self._http_client = install(httpx.Client(timeout=self.timeout, verify=context))
                client = self._http_client
        return client

    def send(self, call: HttpCall) -> httpx.Response:
        from xero_sdk._transport._sync import SyncSender

        client = self._sync_client()
        settings = _settings(self.timeout, None if self._owns_http_client else client.timeout, MAX_RETRIES)
        sender = SyncSender(self.core, client, NO_TOKEN, settings, time.sleep)
        return sender.exchange(request_for(call), terms_for(call, self.timeout))

    async def asend(self, call: HttpCall) -> httpx.Response:
        import asyncio  # only async callers pay for it

        from xero_sdk._transport._async import AsyncSender

        request, terms = request_for(call), terms_for(call, self.timeout)
        client = self._async_http_client
        if client is not None:
            settings = _settings(self.timeout, client.timeout, MAX_RETRIES)
            return await AsyncSender(self.core, client, NO_TOKEN, settings, asyncio.sleep).exchange(
                request, terms
            )
        async with httpx.AsyncClient(timeout=self.timeout, verify=self._tls_context()) as new_client:
            sender = AsyncSender(
                self.core, new_client, NO_TOKEN, _settings(self.timeout, None, MAX_RETRIES), asyncio.sleep
            )
            return await sender.exchange(request, terms)

    def close(self) -> None:
        """Close the HTTP client the app created (a client passed in is left open)."""
        if not self._owns_http_client:
            return
        with self._lock:
            client, self._http_client = self._http_client, None
        if client is not None:
            client.close()


class ClientSending:
    """Identity calls sent on a ``Xero`` / ``AsyncXero`` client's transport: its pool, retry
    policy and budget, hooks, logs, egress meter and sleep (bodies capped at the identity
    service's size). Calls of the other kind (sync calls for an ``AsyncXero``) go the app's way."""

    def __init__(
        self,
        own: AppSending,
        core: TransportCore,
        http: httpx.Client | httpx.AsyncClient,
        max_retries: int,
        sleep: Callable[[float], Any],
    ) -> None:
        from xero_sdk._transport._core import TransportCore

        self.own = own
        self.timeout = own.timeout
        self._core = TransportCore(attrs.evolve(core.config, limits=_capped(core.config.limits)))
        self._settings = _settings(own.timeout, None, max_retries)
        self._sync: SyncSender | None = None
        self._async: AsyncSender | None = None
        if isinstance(http, httpx.Client):
            from xero_sdk._transport._sync import SyncSender

            self._sync = SyncSender(self._core, http, NO_TOKEN, self._settings, sleep)
        else:
            from xero_sdk._transport._async import AsyncSender

            asleep: Callable[[float], Awaitable[Any]] = sleep
            self._async = AsyncSender(self._core, http, NO_TOKEN, self._settings, asleep)

    def send(self, call: HttpCall) -> httpx.Response:
        if self._sync is None:
            return self.own.send(call)
        return self._sync.exchange(request_for(call), terms_for(call, self.timeout))

    async def asend(self, call: HttpCall) -> httpx.Response:
        if self._async is None:
            return await self.own.asend(call)
        return await self._async.exchange(request_for(call), terms_for(call, self.timeout))

    def close(self) -> None:
        """Nothing: the pool is the client's."""
