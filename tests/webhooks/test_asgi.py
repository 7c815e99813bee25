"""The ASGI adapter and the ASGI example, driven directly with fake receive/send (no server)."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

import pytest

from tests.webhooks._helpers import (
    INTENT_TO_RECEIVE,
    INTENT_TO_RECEIVE_SIGNATURE,
    KEY,
    OTHER_KEY,
    delivery,
    invoice_event,
    load_example,
    sign,
)
from xero_sdk.webhooks import CreditNoteWebhookEventEventsItem, WebhookPayload, asgi_app

Message = dict[str, Any]


def http_scope(signature: str | None, *, method: str = "POST", length: int | None = None) -> dict[str, Any]:
    headers: list[tuple[bytes, bytes]] = [(b"content-type", b"application/json")]
    if signature is not None:
        headers.append((b"x-xero-signature", signature.encode("ascii")))
    if length is not None:
        headers.append((b"content-length", str(length).encode()))
    return {"type": "http", "asgi": {"version": "3.0"}, "method": method, "path": "/", "headers": headers}


def receiver(*chunks: bytes, disconnect: bool = False) -> Callable[[], Awaitable[Message]]:
    """``receive`` delivering the body in ``chunks`` (more_body on all but the last)."""
    messages: list[Message] = [
        {"type": "http.request", "body": chunk, "more_body": index < len(chunks) - 1}
        for index, chunk in enumerate(chunks)
    ]
    if disconnect:
        messages = [*messages[:-1], {"type": "http.disconnect"}]

    async def receive() -> Message:
        if messages:
            return messages.pop(0)
        await asyncio.Event().wait()  # like a server: nothing more until the client goes away
        raise AssertionError("unreachable")

    return receive


class Sender:
    def __init__(self) -> None:
        self.messages: list[Message] = []

    async def __call__(self, message: MutableMapping[str, Any]) -> None:
        self.messages.append(dict(message))

    @property
    def status(self) -> int:
        return int(self.messages[0]["status"])


async def run(app: Any, scope: dict[str, Any], receive: Callable[[], Awaitable[Message]]) -> Sender:
    send = Sender()
    await asyncio.wait_for(app(scope, receive, send), timeout=10)
    return send


def halves(body: bytes) -> tuple[bytes, bytes]:
    return body[: len(body) // 2], body[len(body) // 2 :]


async def test_valid_delivery_in_chunks_200_empty_body_then_async_callback() -> None:
    got: list[WebhookPayload] = []

    async def on_events(payload: WebhookPayload) -> None:
        got.append(payload)

    body = delivery(invoice_event())
    send = await run(asgi_app(on_events, KEY), http_scope(sign(body)), receiver(*halves(body)))
    assert send.messages == [
        {"type": "http.response.start", "status": 200, "headers": [(b"content-length", b"0")]},
        {"type": "http.response.body", "body": b"", "more_body": False},
    ]
    assert len(got) == 1 and got[0].events[0].event_category == "INVOICE"


async def test_invalid_and_missing_signature_401_no_callback() -> None:
    got: list[WebhookPayload] = []
    body = delivery(invoice_event())
    app = asgi_app(got.append, KEY)
    assert (await run(app, http_scope(sign(body, OTHER_KEY)), receiver(body))).status == 401
    assert (await run(app, http_scope(None), receiver(body))).status == 401
    assert got == []


async def test_intent_to_receive() -> None:
    got: list[WebhookPayload] = []
    app = asgi_app(got.append, KEY)
    good = await run(app, http_scope(INTENT_TO_RECEIVE_SIGNATURE), receiver(INTENT_TO_RECEIVE))
    bad = await run(app, http_scope(sign(INTENT_TO_RECEIVE, OTHER_KEY)), receiver(INTENT_TO_RECEIVE))
    assert (good.status, bad.status) == (200, 401)
    assert good.messages[1]["body"] == b"" and bad.messages[1]["body"] == b""
    assert got == []


async def test_plain_callback_runs_off_the_event_loop_after_the_reply() -> None:
    seen: list[tuple[bool, int]] = []
    send = Sender()
    loop_thread = threading.get_ident()

    def on_events(payload: WebhookPayload) -> None:
        seen.append((threading.get_ident() != loop_thread, len(send.messages)))

    body = delivery(invoice_event())
    await asyncio.wait_for(asgi_app(on_events, KEY)(http_scope(sign(body)), receiver(body), send), 10)
    assert seen == [(True, 2)]  # in a worker thread, once both response messages were sent


async def test_respond_first_false_calls_back_before_replying_and_500_on_failure() -> None:
    order: list[str] = []
    send = Sender()

    async def on_events(payload: WebhookPayload) -> None:
        order.append(f"callback after {len(send.messages)} messages")

    body = delivery(invoice_event())
    await asgi_app(on_events, KEY, respond_first=False)(http_scope(sign(body)), receiver(body), send)
    assert order == ["callback after 0 messages"] and send.status == 200

    async def boom(payload: WebhookPayload) -> None:
        raise RuntimeError("queue full")

    failed = await run(asgi_app(boom, KEY, respond_first=False), http_scope(sign(body)), receiver(body))
    assert failed.status == 500 and failed.messages[1]["body"] == b""


async def test_failing_callback_after_reply_is_logged(caplog: pytest.LogCaptureFixture) -> None:
    async def boom(payload: WebhookPayload) -> None:
        raise RuntimeError("database down")

    body = delivery(invoice_event())
    assert (await run(asgi_app(boom, KEY), http_scope(sign(body)), receiver(body))).status == 200
    assert any("database down" in (r.exc_text or "") for r in caplog.records)


async def test_too_large_is_413_declared_or_streamed() -> None:
    body = delivery(invoice_event())
    app = asgi_app(print, KEY, max_body_bytes=len(body) - 1)
    declared = await run(app, http_scope(sign(body), length=len(body)), receiver(body))
    streamed = await run(app, http_scope(sign(body)), receiver(*halves(body)))
    assert declared.status == streamed.status == 413


async def test_client_gone_before_the_body_ends_gets_no_answer() -> None:
    got: list[WebhookPayload] = []
    body = delivery(invoice_event())
    send = await run(
        asgi_app(got.append, KEY), http_scope(sign(body)), receiver(*halves(body), disconnect=True)
    )
    assert send.messages == [] and got == []


async def test_other_methods_405() -> None:
    send = await run(asgi_app(print, KEY), http_scope(None, method="GET"), receiver(b""))
    assert send.status == 405 and (b"allow", b"POST") in send.messages[0]["headers"]


async def test_lifespan_is_answered() -> None:
    inbox: list[Message] = [{"type": "lifespan.startup"}, {"type": "lifespan.shutdown"}]

    async def receive() -> Message:
        return inbox.pop(0)

    send = await run(asgi_app(print, KEY), {"type": "lifespan"}, receive)
    assert [m["type"] for m in send.messages] == ["lifespan.startup.complete", "lifespan.shutdown.complete"]


# ------------------------------------------------------------------------------ the example

example = load_example("webhook_receiver_asgi")


async def test_example_enqueues_answers_and_processes_in_the_background() -> None:
    processed: list[WebhookPayload] = []
    app = example.WebhookReceiver(KEY, processed.append)
    assert KEY not in repr(app)

    lifespan_in: asyncio.Queue[Message] = asyncio.Queue()
    lifespan_out = Sender()
    await lifespan_in.put({"type": "lifespan.startup"})
    lifespan = asyncio.ensure_future(app({"type": "lifespan"}, lifespan_in.get, lifespan_out))

    credit = invoice_event(eventCategory="CREDITNOTE", data={"Type": "ACCPAYCREDIT", "Status": "VOIDED"})
    body = delivery(invoice_event(), credit)
    good = await run(app, http_scope(sign(body)), receiver(body))
    bad = await run(app, http_scope(sign(body, OTHER_KEY)), receiver(body))
    intent = await run(app, http_scope(INTENT_TO_RECEIVE_SIGNATURE), receiver(INTENT_TO_RECEIVE))
    assert (good.status, bad.status, intent.status) == (200, 401, 200)
    assert all(m.get("body", b"") == b"" for s in (good, bad, intent) for m in s.messages)

    await asyncio.wait_for(app.drain(), 10)
    await lifespan_in.put({"type": "lifespan.shutdown"})
    await asyncio.wait_for(lifespan, 10)
    assert [m["type"] for m in lifespan_out.messages] == [
        "lifespan.startup.complete",
        "lifespan.shutdown.complete",
    ]
    (payload,) = processed
    assert isinstance(payload.events[1], CreditNoteWebhookEventEventsItem)
    assert payload.events[1].data is not None and payload.events[1].data.status == "VOIDED"


async def test_example_full_queue_answers_500_so_xero_retries() -> None:
    release = asyncio.Event()

    async def stuck(payload: WebhookPayload) -> None:
        await release.wait()

    app = example.WebhookReceiver(KEY, stuck, max_queued=1)
    body = delivery(invoice_event())
    statuses = [(await run(app, http_scope(sign(body)), receiver(body))).status for _ in range(3)]
    # the worker holds the first, the queue the second, the third does not fit
    assert statuses == [200, 200, 500]
    release.set()
    await asyncio.wait_for(app.drain(), 10)
    await app.aclose()


async def test_example_without_key_fails_startup(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("XERO_WEBHOOK_KEY", raising=False)
    inbox: list[Message] = [{"type": "lifespan.startup"}]

    async def receive() -> Message:
        return inbox.pop(0)

    send = await run(example.WebhookReceiver(), {"type": "lifespan"}, receive)
    assert send.messages[0]["type"] == "lifespan.startup.failed"
    assert "XERO_WEBHOOK_KEY" in send.messages[0]["message"]


def test_app_repr_hides_the_key() -> None:
    text = repr(asgi_app(print, KEY))
    assert KEY not in text and "***" in text
