"""The WSGI adapter, called directly, and the WSGI example served by wsgiref on 127.0.0.1."""

from __future__ import annotations

import contextlib
import http.client
import io
import threading
from collections.abc import Callable, Iterator
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
from xero_sdk.webhooks import CreditNoteWebhookEventEventsItem, WebhookPayload, wsgi_app

# ----------------------------------------------------------------- the adapter, called directly


class StartResponse:
    def __init__(self) -> None:
        self.calls: list[tuple[str, list[tuple[str, str]]]] = []

    def __call__(self, status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> Any:
        self.calls.append((status, headers))
        return lambda data: None


class CountingStream(io.BytesIO):
    """A wsgi.input that records how much was read."""

    def __init__(self, data: bytes) -> None:
        super().__init__(data)
        self.bytes_read = 0

    def read(self, size: int | None = -1) -> bytes:
        chunk = super().read(size)
        self.bytes_read += len(chunk)
        return chunk


def environ(
    body: bytes, signature: str | None, *, method: str = "POST", length: str | None = None
) -> dict[str, Any]:
    env: dict[str, Any] = {
        "REQUEST_METHOD": method,
        "CONTENT_LENGTH": str(len(body)) if length is None else length,
        "wsgi.input": CountingStream(body),
    }
    if signature is not None:
        env["HTTP_X_XERO_SIGNATURE"] = signature
    return env


def call(app: Any, env: dict[str, Any]) -> tuple[str, list[tuple[str, str]], bytes]:
    start = StartResponse()
    result = app(env, start)
    try:
        body = b"".join(result)
    finally:
        close = getattr(result, "close", None)
        if close is not None:
            close()
    (status, headers), *_ = start.calls
    return status, headers, body


def test_valid_delivery_200_then_callback_with_typed_payload() -> None:
    got: list[WebhookPayload] = []
    app = wsgi_app(got.append, KEY)
    body = delivery(invoice_event())
    status, headers, content = call(app, environ(body, sign(body)))
    assert (status, headers, content) == ("200 OK", [("Content-Length", "0")], b"")
    assert len(got) == 1 and got[0].events[0].event_category == "INVOICE"


def test_invalid_delivery_401_and_no_callback() -> None:
    got: list[WebhookPayload] = []
    body = delivery(invoice_event())
    status, _, content = call(wsgi_app(got.append, KEY), environ(body, sign(body, OTHER_KEY)))
    assert status == "401 Unauthorized" and content == b"" and got == []


def test_intent_to_receive_answers_without_calling_back() -> None:
    got: list[WebhookPayload] = []
    app = wsgi_app(got.append, KEY)
    assert call(app, environ(INTENT_TO_RECEIVE, INTENT_TO_RECEIVE_SIGNATURE))[0] == "200 OK"
    assert call(app, environ(INTENT_TO_RECEIVE, sign(INTENT_TO_RECEIVE, OTHER_KEY)))[0] == "401 Unauthorized"
    assert call(app, environ(INTENT_TO_RECEIVE, None))[0] == "401 Unauthorized"
    assert got == []


def test_callback_runs_only_when_the_server_closes_the_response() -> None:
    got: list[WebhookPayload] = []
    app = wsgi_app(got.append, KEY)
    body = delivery(invoice_event())
    start = StartResponse()
    result = app(environ(body, sign(body)), start)
    assert start.calls[0][0] == "200 OK"
    assert b"".join(result) == b""
    assert got == []  # the 200 is written first...
    result.close()  # type: ignore[attr-defined]
    assert len(got) == 1  # ...the work comes after
    result.close()  # type: ignore[attr-defined]
    assert len(got) == 1  # once


def test_failing_callback_after_the_reply_is_logged_not_raised(caplog: pytest.LogCaptureFixture) -> None:
    def boom(payload: WebhookPayload) -> None:
        raise RuntimeError("database down")

    body = delivery(invoice_event())
    status, _, _ = call(wsgi_app(boom, KEY), environ(body, sign(body)))
    assert status == "200 OK"
    assert any("database down" in (r.exc_text or "") for r in caplog.records)


def test_respond_first_false_answers_500_when_the_callback_fails() -> None:
    def boom(payload: WebhookPayload) -> None:
        raise RuntimeError("queue full")

    body = delivery(invoice_event())
    assert (
        call(wsgi_app(boom, KEY, respond_first=False), environ(body, sign(body)))[0]
        == "500 Internal Server Error"
    )
    got: list[WebhookPayload] = []
    assert call(wsgi_app(got.append, KEY, respond_first=False), environ(body, sign(body)))[0] == "200 OK"
    assert len(got) == 1


def test_reads_exactly_content_length_bytes() -> None:
    got: list[WebhookPayload] = []
    body = delivery(invoice_event())
    env = environ(body + b"NEXT REQUEST BYTES", sign(body), length=str(len(body)))
    assert call(wsgi_app(got.append, KEY), env)[0] == "200 OK"
    assert env["wsgi.input"].bytes_read == len(body)
    assert len(got) == 1


def test_body_larger_than_the_limit_is_413_without_reading_it() -> None:
    body = delivery(invoice_event())
    env = environ(body, sign(body))
    assert call(wsgi_app(print, KEY, max_body_bytes=len(body) - 1), env)[0].startswith("413")
    assert env["wsgi.input"].bytes_read == 0


@pytest.mark.parametrize("length", ["abc", "-5", "1e3"])
def test_garbled_content_length_is_400(length: str) -> None:
    assert call(wsgi_app(print, KEY), environ(b"{}", sign(b"{}"), length=length))[0] == "400 Bad Request"


def test_no_content_length_means_no_body() -> None:
    status, _, _ = call(
        wsgi_app(print, KEY), environ(INTENT_TO_RECEIVE, INTENT_TO_RECEIVE_SIGNATURE, length="")
    )
    assert status == "401 Unauthorized"  # the empty body is not what was signed


def test_chunked_body_read_when_the_server_terminates_input() -> None:
    env = environ(INTENT_TO_RECEIVE, INTENT_TO_RECEIVE_SIGNATURE, length="")
    env["wsgi.input_terminated"] = True
    assert call(wsgi_app(print, KEY), env)[0] == "200 OK"


@pytest.mark.parametrize("method", ["GET", "PUT", "HEAD"])
def test_other_methods_are_405(method: str) -> None:
    status, headers, content = call(wsgi_app(print, KEY), environ(b"", None, method=method))
    assert status == "405 Method Not Allowed" and ("Allow", "POST") in headers and content == b""


def test_app_repr_hides_the_key() -> None:
    assert KEY not in repr(wsgi_app(print, KEY)) and "***" in repr(wsgi_app(print, KEY))


# --------------------------------------------------------- the example, served over real HTTP

example = load_example("webhook_receiver_wsgi")


@contextlib.contextmanager
def serving(on_events: Callable[[WebhookPayload], object]) -> Iterator[int]:
    """The example's app with ``on_events``, served by wsgiref on a free loopback port."""
    server = example.make_receiver(example.make_app(KEY, on_events), "127.0.0.1", 0)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield server.server_port
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


@pytest.fixture
def served() -> Iterator[tuple[int, list[WebhookPayload], threading.Event]]:
    """The example served with a recording callback."""
    received: list[WebhookPayload] = []
    arrived = threading.Event()

    def record(payload: WebhookPayload) -> None:
        received.append(payload)
        arrived.set()

    with serving(record) as port:
        yield port, received, arrived


def post(port: int, body: bytes, signature: str | None) -> http.client.HTTPResponse:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    headers = {"Content-Type": "application/json"}
    if signature is not None:
        headers["x-xero-signature"] = signature
    connection.request("POST", "/webhooks/xero", body=body, headers=headers)
    response = connection.getresponse()
    response.read()
    connection.close()
    return response


def test_example_over_http_valid_and_invalid(
    served: tuple[int, list[WebhookPayload], threading.Event],
) -> None:
    port, received, arrived = served
    credit = invoice_event(eventCategory="CREDITNOTE", data={"Type": "ACCRECCREDIT", "Status": "PAID"})
    body = delivery(invoice_event(), credit)

    bad = post(port, body, sign(body, OTHER_KEY))
    assert bad.status == 401 and bad.getheader("Content-Length") == "0"
    assert post(port, body, None).status == 401
    assert received == []

    good = post(port, body, sign(body))
    assert good.status == 200
    assert good.getheader("Content-Length") == "0"
    assert good.getheader("Set-Cookie") is None
    assert arrived.wait(10)
    (payload,) = received
    assert [str(e.event_category) for e in payload.events] == ["INVOICE", "CREDITNOTE"]
    assert isinstance(payload.events[1], CreditNoteWebhookEventEventsItem)


def test_example_over_http_intent_to_receive(
    served: tuple[int, list[WebhookPayload], threading.Event],
) -> None:
    port, received, _ = served
    assert post(port, INTENT_TO_RECEIVE, INTENT_TO_RECEIVE_SIGNATURE).status == 200
    assert post(port, INTENT_TO_RECEIVE, sign(INTENT_TO_RECEIVE, OTHER_KEY)).status == 401
    assert received == []


def test_example_answers_before_the_callback_finishes() -> None:
    """Xero gets its 200 while the callback is still working (the 5-second rule)."""
    answered, finished = threading.Event(), threading.Event()
    saw_answer: list[bool] = []

    def slow(payload: WebhookPayload) -> None:
        saw_answer.append(answered.wait(10))  # blocks until the client has the response
        finished.set()

    with serving(slow) as port:
        body = delivery(invoice_event())
        assert post(port, body, sign(body)).status == 200
        answered.set()
        assert post(port, INTENT_TO_RECEIVE, INTENT_TO_RECEIVE_SIGNATURE).status == 200
    assert finished.wait(10)
    assert saw_answer == [True]


def test_example_main_refuses_to_start_without_a_key(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.delenv("XERO_WEBHOOK_KEY", raising=False)
    assert example.main(["--port", "0"]) == 2
    assert "XERO_WEBHOOK_KEY" in capsys.readouterr().err
