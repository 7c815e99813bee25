"""Receive Xero webhooks in any ASGI server, processing the events in a background task.

Run it with the ASGI server of your choice (none is needed to import or test it)::

    export XERO_WEBHOOK_KEY=...   # the key on your app's "Webhooks" page at developer.xero.com
    uvicorn --app-dir examples webhook_receiver_asgi:app --port 8080
    cd examples && hypercorn --bind 127.0.0.1:8080 webhook_receiver_asgi:app

How it keeps Xero's rules: each correctly signed delivery is put on an in-memory queue and
answered 200 at once (empty body, no cookies), far inside Xero's 5 seconds; a background
task started at server startup does the slow work (fetching the changed records). If the
queue is full, the answer is 500 and Xero sends the events again later. Anything that is
not correctly signed is answered 401, which is what Xero's intent-to-receive check wants.

An in-memory queue loses what it holds if the process stops: for real use, put the payload
in a durable queue (a database table, Redis, SQS...) in ``enqueue`` instead.
"""

from __future__ import annotations

import asyncio
import inspect
import logging
import os
from collections.abc import Callable

from xero_sdk.webhooks import (
    ASGIReceive,
    ASGIScope,
    ASGISend,
    WebhookASGIApp,
    WebhookPayload,
    asgi_app,
)

log = logging.getLogger("webhook_receiver")

KEY_VARIABLE = "XERO_WEBHOOK_KEY"


async def log_events(payload: WebhookPayload) -> None:
    """The slow work per delivery. Here: log it. In real life: fetch each changed record,
    e.g. ``await org.accounting.get_invoice(event.resource_id)`` with an ``AsyncXero`` client,
    idempotently (Xero may deliver an event twice)."""
    for event in payload.events:
        log.info(
            "%s %s %s in tenant %s",
            event.event_category,
            event.event_type,
            event.resource_id,
            event.tenant_id,
        )


class WebhookReceiver:
    """An ASGI application: verifies and enqueues in the request, processes in the background.

    ``webhook_key`` defaults to ``$XERO_WEBHOOK_KEY``, read when the server starts (or on
    the first request, for servers without the lifespan protocol). ``process`` is called
    once per delivery, ``async def`` or plain. The key never appears in ``repr()``.
    """

    def __init__(
        self,
        webhook_key: str | None = None,
        process: Callable[[WebhookPayload], object] = log_events,
        *,
        max_queued: int = 1000,
    ) -> None:
        self._webhook_key = webhook_key
        self._process = process
        self._max_queued = max_queued
        self._inner: WebhookASGIApp | None = None
        self._queue: asyncio.Queue[WebhookPayload] | None = None
        self._worker: asyncio.Task[None] | None = None

    def __repr__(self) -> str:
        return f"WebhookReceiver(webhook_key=***, process={getattr(self._process, '__qualname__', '?')})"

    def _setup(self) -> WebhookASGIApp:
        if self._inner is None:
            key = self._webhook_key or os.environ.get(KEY_VARIABLE, "")
            if not key:
                raise RuntimeError(f"set {KEY_VARIABLE} to the webhook key of your Xero app")
            self._queue = asyncio.Queue(self._max_queued)
            # respond_first=False: the 200 goes out only once the payload is queued, and a
            # full queue (QueueFull) answers 500 so that Xero retries later.
            self._inner = asgi_app(self.enqueue, key, respond_first=False)
        if self._worker is None or self._worker.done():
            self._worker = asyncio.get_running_loop().create_task(self._work())
        return self._inner

    async def enqueue(self, payload: WebhookPayload) -> None:
        """Called inside the request: must be quick (Xero waits at most 5 seconds)."""
        assert self._queue is not None
        self._queue.put_nowait(payload)

    async def _work(self) -> None:
        assert self._queue is not None
        while True:
            payload = await self._queue.get()
            try:
                result = self._process(payload)
                if inspect.isawaitable(result):
                    await result
            except Exception:
                log.exception("processing a webhook delivery failed")
            finally:
                self._queue.task_done()

    async def drain(self) -> None:
        """Wait until every queued delivery has been processed."""
        if self._queue is not None:
            await self._queue.join()

    async def aclose(self) -> None:
        """Process what is queued, then stop the background task."""
        await self.drain()
        if self._worker is not None:
            self._worker.cancel()
            try:
                await self._worker
            except asyncio.CancelledError:
                pass
            self._worker = None

    async def __call__(self, scope: ASGIScope, receive: ASGIReceive, send: ASGISend) -> None:
        if scope["type"] == "lifespan":
            while True:
                message = await receive()
                if message["type"] == "lifespan.startup":
                    try:
                        self._setup()
                    except RuntimeError as exc:
                        await send({"type": "lifespan.startup.failed", "message": str(exc)})
                        return
                    await send({"type": "lifespan.startup.complete"})
                elif message["type"] == "lifespan.shutdown":
                    await self.aclose()
                    await send({"type": "lifespan.shutdown.complete"})
                    return
        await self._setup()(scope, receive, send)


#: The application for ASGI servers: ``webhook_receiver_asgi:app``.
app = WebhookReceiver()
