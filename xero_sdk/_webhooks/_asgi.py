"""A dependency-free ASGI application for a Xero webhook endpoint (ASGI 3, HTTP and lifespan)."""

from __future__ import annotations

import inspect
import logging
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

from xero_sdk._webhooks._handler import (
    CALLBACK_FAILED_AFTER_REPLY,
    CALLBACK_FAILED_BEFORE_REPLY,
    DEFAULT_MAX_BODY_BYTES,
    RESPONSE_HEADERS,
    WebhookReceiver,
)
from xero_sdk._webhooks._payload import WebhookPayload
from xero_sdk._webhooks._signature import find_signature

__all__ = ["ASGIApp", "ASGIReceive", "ASGIScope", "ASGISend", "WebhookASGIApp", "asgi_app"]

logger = logging.getLogger("xero_sdk.webhooks")

ASGIScope = MutableMapping[str, Any]
ASGIMessage = MutableMapping[str, Any]
ASGIReceive = Callable[[], Awaitable[ASGIMessage]]
ASGISend = Callable[[ASGIMessage], Awaitable[None]]
ASGIApp = Callable[[ASGIScope, ASGIReceive, ASGISend], Awaitable[None]]

_HEADERS = [(name.lower().encode("latin-1"), value.encode("latin-1")) for name, value in RESPONSE_HEADERS]


def _is_async(fn: object) -> bool:
    return inspect.iscoroutinefunction(fn) or inspect.iscoroutinefunction(getattr(fn, "__call__", None))  # noqa: B004


async def _call(callback: Callable[[WebhookPayload], object], payload: WebhookPayload) -> None:
    """Await an ``async def`` callback; run any other in a worker thread (off the event loop)."""
    if _is_async(callback):
        result = callback(payload)
    else:
        import asyncio  # deferred: only ASGI users pay for it

        result = await asyncio.to_thread(callback, payload)
    if inspect.isawaitable(result):
        await result


def _declared_length(scope: ASGIScope) -> int | None:
    for name, value in scope.get("headers") or ():
        if bytes(name).lower() == b"content-length":
            text = bytes(value).strip()
            return int(text) if text.isdigit() else -1
    return None


class WebhookASGIApp(WebhookReceiver):
    """The ASGI application made by :func:`asgi_app`; its ``repr`` does not show the key."""

    __slots__ = ()
    _name = "WebhookASGIApp"

    async def __call__(self, scope: ASGIScope, receive: ASGIReceive, send: ASGISend) -> None:
        kind = scope.get("type")
        if kind == "lifespan":
            await _lifespan(receive, send)
            return
        if kind != "http":
            return  # websockets: not ours; the server closes the connection
        if scope.get("method") != "POST":
            await _reply(send, 405, ((b"allow", b"POST"),))
            return
        declared = _declared_length(scope)
        if declared is not None and declared < 0:
            await _reply(send, 400)
            return
        if declared is not None and declared > self.max_body_bytes:
            await _reply(send, 413)
            return
        body = await self._body(receive)
        if body is None:
            return  # the client went away: nobody to answer
        status, payload = self._answer(body, find_signature(scope.get("headers")))
        if payload is None:
            await _reply(send, status)
            return
        if self.respond_first:
            await _reply(send, status)
            try:
                await _call(self.on_events, payload)
            except Exception:
                logger.exception(CALLBACK_FAILED_AFTER_REPLY)
            return
        try:
            await _call(self.on_events, payload)
        except Exception:
            logger.exception(CALLBACK_FAILED_BEFORE_REPLY)
            await _reply(send, 500)
            return
        await _reply(send, status)

    async def _body(self, receive: ASGIReceive) -> bytes | int | None:
        """The raw body as the server delivered it, 413 if too large, ``None`` on disconnect."""
        parts: list[bytes] = []
        size = 0
        while True:
            message = await receive()
            kind = message.get("type")
            if kind == "http.disconnect":
                return None
            if kind != "http.request":
                continue
            chunk = bytes(message.get("body") or b"")
            size += len(chunk)
            if size > self.max_body_bytes:
                return 413
            parts.append(chunk)
            if not message.get("more_body", False):
                return b"".join(parts)


async def _reply(send: ASGISend, status: int, extra: tuple[tuple[bytes, bytes], ...] = ()) -> None:
    await send({"type": "http.response.start", "status": status, "headers": [*_HEADERS, *extra]})
    await send({"type": "http.response.body", "body": b"", "more_body": False})


async def _lifespan(receive: ASGIReceive, send: ASGISend) -> None:
    """Nothing to set up or tear down; answering lifespan keeps servers from warning."""
    while True:
        message = await receive()
        kind = message.get("type")
        if kind == "lifespan.startup":
            await send({"type": "lifespan.startup.complete"})
        elif kind == "lifespan.shutdown":
            await send({"type": "lifespan.shutdown.complete"})
            return


def asgi_app(
    on_events: Callable[[WebhookPayload], object],
    webhook_key: str | bytes,
    *,
    respond_first: bool = True,
    max_body_bytes: int = DEFAULT_MAX_BODY_BYTES,
) -> WebhookASGIApp:
    """An ASGI application for a Xero webhook URL; ``on_events`` gets each delivery's payload.

    The same answers as :func:`~xero_sdk.webhooks.wsgi_app` (200 / 401 / 405 / 413, empty
    body, no cookies). ``on_events`` may be ``async def`` (awaited on the event loop: keep
    it non-blocking) or a plain function (run in a worker thread with
    :func:`asyncio.to_thread`). ``respond_first=True`` (the default) sends the 200 before
    calling it, and an exception is only logged; ``respond_first=False`` calls it first,
    answers 500 if it raises (Xero retries), and it must then finish well within Xero's
    5 seconds. The app also answers the ``lifespan`` protocol.
    """
    return WebhookASGIApp(on_events, webhook_key, respond_first=respond_first, max_body_bytes=max_body_bytes)
