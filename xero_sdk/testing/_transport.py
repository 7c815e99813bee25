"""The local Xero behind httpx: transports that answer in-process (no sockets), and the token
provider the in-process clients use (it refreshes through the local identity server's rules)."""

from __future__ import annotations

import asyncio
import threading
from typing import TYPE_CHECKING, Any

import httpx

from ._http import Answer, Request
from ._identity import DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET
from ._wire import dumps

if TYPE_CHECKING:
    from ._local import LocalXero

__all__ = ["AsyncLocalTransport", "LocalTokens", "LocalTransport", "encode_answer"]


def encode_answer(answer: Answer) -> tuple[bytes, dict[str, str]]:
    headers = dict(answer.headers)
    if answer.body is None:
        return b"", headers
    if isinstance(answer.body, bytes):
        return answer.body, headers
    if isinstance(answer.body, str):
        headers.setdefault("Content-Type", "text/plain; charset=utf-8")
        return answer.body.encode(), headers
    headers.setdefault("Content-Type", "application/json; charset=utf-8")
    return dumps(answer.body), headers


def _request(request: httpx.Request, body: bytes) -> Request:
    from ._local import request_from

    return request_from(request.method, str(request.url), request.headers.multi_items(), body)


def _response(answer: Answer, request: httpx.Request) -> httpx.Response:
    body, headers = encode_answer(answer)
    return httpx.Response(answer.status, headers=headers, content=body, request=request)


def _dropped(request: httpx.Request) -> httpx.RemoteProtocolError:
    return httpx.RemoteProtocolError("Server disconnected without sending a response.", request=request)


class LocalTransport(httpx.BaseTransport):
    """Answers every request from a :class:`LocalXero`, whatever the host."""

    def __init__(self, local: LocalXero) -> None:
        self.local = local

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        from ._local import Dropped

        ours = _request(request, request.read())
        try:
            delay = self.local.before(ours)
        except Dropped:
            raise _dropped(request) from None
        return _response(self.local.handle(ours, delay), request)


class AsyncLocalTransport(httpx.AsyncBaseTransport):
    """Answers every request from a :class:`LocalXero`, whatever the host, for asyncio clients."""

    def __init__(self, local: LocalXero) -> None:
        self.local = local

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        """Answer ``request`` from the local Xero; a delay injected by a fault is awaited, not slept."""
        from ._local import Dropped

        ours = _request(request, await request.aread())
        try:
            delay = self.local.before(ours)
        except Dropped:
            raise _dropped(request) from None
        local = self.local
        early, tenant = local.admit(ours)
        try:
            if early is None and delay:
                await asyncio.sleep(delay)
            answer = early if early is not None else local.respond(ours, tenant)
        finally:
            local.release(tenant)
        return _response(local.finish(ours, answer, tenant), request)


class LocalTokens:
    """A token provider for in-process clients: a consented grant on every organisation, refreshed
    with its rotating refresh token when the local Xero answers 401 TokenExpired."""

    def __init__(
        self, local: LocalXero, client_id: str = DEFAULT_CLIENT_ID, client_secret: str = DEFAULT_CLIENT_SECRET
    ) -> None:
        self._local = local
        self._client = (client_id, client_secret)
        self._lock = threading.Lock()
        self._tokens: dict[str, Any] = local.access_token(client_id=client_id)
        self.refreshes = 0

    def __repr__(self) -> str:
        return "LocalTokens(<hidden>)"

    def access_token(self) -> str:
        """The current access token."""
        return str(self._tokens["access_token"])

    def on_unauthorized(self, failed_access_token: str) -> str:
        """Refresh with the rotating refresh token, unless another caller already has; returns the (possibly
        new) access token."""
        with self._lock:
            if self._tokens["access_token"] != failed_access_token:
                return str(self._tokens["access_token"])
            client_id, secret = self._client
            form = {
                "grant_type": "refresh_token",
                "refresh_token": self._tokens["refresh_token"],
                "client_id": client_id,
                "client_secret": secret,
            }
            reply = self._local.identity.token(form, None)
            if reply.status == 200:
                self._tokens = dict(reply.body)
                self.refreshes += 1
            return str(self._tokens["access_token"])

    async def aaccess_token(self) -> str:
        """:meth:`access_token` for asyncio code."""
        return self.access_token()

    async def aon_unauthorized(self, failed_access_token: str) -> str:
        """:meth:`on_unauthorized` for asyncio code."""
        return self.on_unauthorized(failed_access_token)
