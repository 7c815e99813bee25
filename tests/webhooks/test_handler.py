"""WebhookHandler: Xero's 200/401 rule, intent-to-receive, header shapes, the key kept secret."""

from __future__ import annotations

import email.message
import logging
import pickle
from typing import Any

import httpx
import pytest

from tests.webhooks._helpers import (
    INTENT_TO_RECEIVE,
    INTENT_TO_RECEIVE_SIGNATURE,
    KEY,
    OTHER_KEY,
    delivery,
    invoice_event,
    sign,
)
from xero_sdk.webhooks import WebhookEventEventsItem, WebhookHandler, WebhookPayload

HANDLER = WebhookHandler(KEY)


def test_intent_to_receive_correctly_signed_is_200_with_empty_body() -> None:
    response = HANDLER.handle(INTENT_TO_RECEIVE, {"x-xero-signature": INTENT_TO_RECEIVE_SIGNATURE})
    assert response.status == 200 and response.ok
    assert response.body == b""
    assert response.headers == (("Content-Length", "0"),)
    assert isinstance(response.payload, WebhookPayload) and response.payload.events == []
    assert response.has_events is False


@pytest.mark.parametrize(
    "signature",
    [
        pytest.param(sign(INTENT_TO_RECEIVE, OTHER_KEY), id="other-key"),
        pytest.param("AAAA" + INTENT_TO_RECEIVE_SIGNATURE[4:], id="altered"),
        pytest.param("", id="empty"),
    ],
)
def test_intent_to_receive_incorrectly_signed_is_401_with_empty_body(signature: str) -> None:
    response = HANDLER.handle(INTENT_TO_RECEIVE, {"x-xero-signature": signature})
    assert response.status == 401 and not response.ok
    assert response.body == b"" and response.payload is None and not response.has_events
    assert response.headers == (("Content-Length", "0"),)


def test_missing_header_is_401() -> None:
    assert HANDLER.handle(INTENT_TO_RECEIVE, {"content-type": "application/json"}).status == 401
    assert HANDLER.handle(INTENT_TO_RECEIVE, {}).status == 401
    assert HANDLER.handle(INTENT_TO_RECEIVE, None).status == 401


def test_delivery_with_events_gives_the_typed_payload() -> None:
    body = delivery(invoice_event(), invoice_event(eventType="CREATE"))
    response = HANDLER.handle(body, {"X-Xero-Signature": sign(body)})
    assert response.status == 200 and response.has_events and response.payload is not None
    assert [type(e) for e in response.payload.events] == [WebhookEventEventsItem] * 2
    assert [e.event_type for e in response.payload.events] == ["UPDATE", "CREATE"]


def test_tampered_delivery_is_401_and_not_parsed() -> None:
    body = delivery(invoice_event())
    response = HANDLER.handle(body.replace(b"UPDATE", b"CREATE"), {"x-xero-signature": sign(body)})
    assert response.status == 401 and response.payload is None


def _message(name: str, value: str) -> email.message.Message:
    message = email.message.Message()  # what http.server's BaseHTTPRequestHandler.headers is
    message[name] = value
    return message


HEADER_SHAPES: list[Any] = [
    pytest.param(lambda s: {"X-Xero-Signature": s}, id="dict-title-case"),
    pytest.param(lambda s: {"X-XERO-SIGNATURE": s}, id="dict-upper-case"),
    pytest.param(lambda s: [(b"x-xero-signature", s.encode())], id="asgi-byte-pairs"),
    pytest.param(lambda s: [("content-length", "10"), ("x-xero-signature", s)], id="str-pairs"),
    pytest.param(lambda s: httpx.Headers({"x-xero-signature": s}), id="httpx-headers"),
    pytest.param(lambda s: _message("X-Xero-Signature", s), id="email-message"),
]


@pytest.mark.parametrize("make_headers", HEADER_SHAPES)
def test_header_name_is_case_insensitive_in_every_shape(make_headers: Any) -> None:
    assert HANDLER.handle(INTENT_TO_RECEIVE, make_headers(INTENT_TO_RECEIVE_SIGNATURE)).status == 200
    assert HANDLER.handle(INTENT_TO_RECEIVE, make_headers(sign(b"other"))).status == 401


def test_header_sent_twice_is_refused_even_if_one_is_right() -> None:
    headers = [("x-xero-signature", "bogus"), ("X-Xero-Signature", INTENT_TO_RECEIVE_SIGNATURE)]
    assert HANDLER.handle(INTENT_TO_RECEIVE, headers).status == 401


def test_verify_method_matches_module_function() -> None:
    assert HANDLER.verify(INTENT_TO_RECEIVE, INTENT_TO_RECEIVE_SIGNATURE) is True
    assert HANDLER.verify(INTENT_TO_RECEIVE, None) is False


BAD_INPUTS: list[Any] = [
    pytest.param("a str body", {"x-xero-signature": "x"}, id="str-body"),
    pytest.param(None, {"x-xero-signature": "x"}, id="none-body"),
    pytest.param(INTENT_TO_RECEIVE, 42, id="int-headers"),
    pytest.param(INTENT_TO_RECEIVE, [("only-one",)], id="malformed-pairs"),
    pytest.param(INTENT_TO_RECEIVE, [(None, None)], id="none-pairs"),
    pytest.param(INTENT_TO_RECEIVE, {"x-xero-signature": None}, id="none-value"),
    pytest.param(INTENT_TO_RECEIVE, {"x-xero-signature": 12}, id="int-value"),
    pytest.param(INTENT_TO_RECEIVE, "x-xero-signature", id="str-headers"),
]


@pytest.mark.parametrize("body, headers", BAD_INPUTS)
def test_bad_input_never_raises(body: Any, headers: Any) -> None:
    assert HANDLER.handle(body, headers).status == 401


@pytest.mark.parametrize(
    "body",
    [
        pytest.param(b"not json", id="not-json"),
        pytest.param(b"[1,2]", id="array"),
        pytest.param(b"[" * 100_000 + b"]" * 100_000, id="nested-too-deep"),
    ],
)
def test_correctly_signed_body_that_is_not_a_payload_is_200_and_logged(
    body: bytes, caplog: pytest.LogCaptureFixture
) -> None:
    # Answering anything else would only make Xero resend it for 24 hours.
    with caplog.at_level(logging.ERROR, logger="xero_sdk.webhooks"):
        response = HANDLER.handle(body, {"x-xero-signature": sign(body)})
    assert response.status == 200 and response.payload is None and not response.has_events
    assert caplog.records and all(body[:8].decode() not in r.getMessage() for r in caplog.records)


@pytest.mark.parametrize("key", [KEY, KEY.encode()])
def test_repr_and_str_hide_the_key(key: str | bytes) -> None:
    handler = WebhookHandler(key)
    for text in (repr(handler), str(handler), f"{handler}", repr([handler])):
        assert KEY not in text and KEY[:12] not in text
        assert "***" in text
    assert not hasattr(handler, "__dict__")  # vars() cannot show it either


def test_key_never_logged(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.DEBUG):
        body = delivery(invoice_event())
        for headers in ({"x-xero-signature": sign(body)}, {"x-xero-signature": "bad"}, {}):
            HANDLER.handle(body, headers)
        HANDLER.handle(b"garbage", {"x-xero-signature": sign(b"garbage")})
    assert caplog.records  # refusals are logged at DEBUG, errors at ERROR...
    assert all(KEY not in record.getMessage() for record in caplog.records)  # ...never with the key


def test_empty_key_refused_at_construction() -> None:
    with pytest.raises(ValueError, match="empty"):
        WebhookHandler("")


def test_pickling_does_not_leak_into_repr() -> None:
    # A copy (e.g. to a worker process) still works and still hides the key.
    clone = pickle.loads(pickle.dumps(HANDLER))
    assert clone.handle(INTENT_TO_RECEIVE, {"x-xero-signature": INTENT_TO_RECEIVE_SIGNATURE}).status == 200
    assert KEY not in repr(clone)
