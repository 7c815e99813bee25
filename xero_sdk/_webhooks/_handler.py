"""What a webhook endpoint answers Xero, independent of any web framework.

Xero's rules (https://developer.xero.com/documentation/webhooks/configuring-your-server):
verify ``x-xero-signature`` over the raw body; answer 200 to a correctly signed request
(including the intent-to-receive ones, whose ``events`` is empty) and 401 to any other;
an empty body, no cookies, within 5 seconds.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from http import HTTPStatus
from typing import ClassVar

import attrs

from xero_sdk._webhooks._payload import WebhookPayload, parse_payload
from xero_sdk._webhooks._signature import Headers, coerce_key, find_signature, signature_matches
from xero_sdk.errors import WebhookPayloadError

__all__ = ["DEFAULT_MAX_BODY_BYTES", "WebhookHandler", "WebhookResponse", "status_line"]

logger = logging.getLogger("xero_sdk.webhooks")

#: The only header a webhook answer carries (servers add Date/Server themselves).
RESPONSE_HEADERS: tuple[tuple[str, str], ...] = (("Content-Length", "0"),)

#: Bodies larger than this are answered 413 without being read (a delivery is a few kB per
#: event; Xero does not document a maximum).
DEFAULT_MAX_BODY_BYTES = 10 * 1024 * 1024

#: What the WSGI and ASGI applications log when ``on_events`` raises after / before answering.
CALLBACK_FAILED_AFTER_REPLY = "webhook callback failed after Xero was answered 200; the events are not resent"
CALLBACK_FAILED_BEFORE_REPLY = "webhook callback failed; answered 500 so that Xero sends the events again"


def status_line(status: int) -> str:
    """``"200 OK"``, ``"401 Unauthorized"``... as WSGI's ``start_response`` wants it."""
    return f"{status} {HTTPStatus(status).phrase}"


@attrs.frozen(kw_only=True)
class WebhookResponse:
    """The answer for Xero, and the parsed payload when the request was correctly signed.

    ``status`` is 200 (correctly signed) or 401 (anything else); ``body`` is always empty.
    ``payload`` is ``None`` for a 401, and also for a correctly signed body that is not a
    webhook payload at all (logged at ERROR; still 200, since Xero resending it would not
    help). An intent-to-receive request gives a payload with no events.
    """

    status: int
    payload: WebhookPayload | None = None
    body: bytes = b""
    headers: tuple[tuple[str, str], ...] = RESPONSE_HEADERS

    @property
    def ok(self) -> bool:
        """Whether the request was correctly signed (``status == 200``)."""
        return self.status == 200

    @property
    def has_events(self) -> bool:
        """Whether there is something to process (false for intent-to-receive requests)."""
        return self.payload is not None and bool(self.payload.events)


class WebhookHandler:
    """Checks and parses Xero webhook requests with one webhook key.

    ::

        handler = WebhookHandler(os.environ["XERO_WEBHOOK_KEY"])
        response = handler.handle(request_body_bytes, request_headers)
        if response.has_events:
            queue.put(response.payload)      # keep it short: Xero waits at most 5 s
        return response.status, response.body  # 200 or 401, empty body

    The key is a secret: it is not shown by ``repr()`` and never appears in a log line or
    an exception. ``handle`` never raises, whatever the request holds.
    """

    __slots__ = ("__key",)

    def __init__(self, webhook_key: str | bytes) -> None:
        self.__key = coerce_key(webhook_key)

    def __repr__(self) -> str:
        return "WebhookHandler(webhook_key=***)"

    __str__ = __repr__

    def verify(self, raw_body: bytes, signature: str | bytes | None) -> bool:
        """Whether ``signature`` (the ``x-xero-signature`` value) signs ``raw_body``; never raises."""
        return signature_matches(raw_body, signature, self.__key)

    def handle(self, raw_body: bytes, headers: Headers | None) -> WebhookResponse:
        """The answer to one request: ``raw_body`` exactly as received, and its headers."""
        return self.handle_signature(raw_body, find_signature(headers))

    def handle_signature(self, raw_body: bytes, signature: str | bytes | None) -> WebhookResponse:
        """As :meth:`handle`, with the ``x-xero-signature`` value already taken from the headers."""
        if not signature_matches(raw_body, signature, self.__key):
            logger.debug(
                "webhook refused (401): %s",
                "no single x-xero-signature header" if signature is None else "signature does not match",
            )
            return WebhookResponse(status=401)
        try:
            payload = parse_payload(bytes(raw_body))
        except WebhookPayloadError as exc:
            logger.error("correctly signed webhook body could not be read: %s", exc)
            return WebhookResponse(status=200)
        except Exception as exc:  # nesting too deep for the JSON decoder, ...: never raise
            logger.error("correctly signed webhook body could not be read (%s)", type(exc).__name__)
            return WebhookResponse(status=200)
        return WebhookResponse(status=200, payload=payload)


class WebhookReceiver:
    """What the WSGI and ASGI applications share: their settings, their ``repr`` (without the
    key) and the answer to a POST; they only read the request and write the answer."""

    __slots__ = ("_handler", "max_body_bytes", "on_events", "respond_first")

    #: The class name the ``repr`` shows.
    _name: ClassVar[str]

    def __init__(
        self,
        on_events: Callable[[WebhookPayload], object],
        webhook_key: str | bytes,
        *,
        respond_first: bool = True,
        max_body_bytes: int = DEFAULT_MAX_BODY_BYTES,
    ) -> None:
        if not callable(on_events):
            raise TypeError(f"on_events must be callable, not {type(on_events).__name__}")
        self._handler = WebhookHandler(webhook_key)
        self.on_events = on_events
        self.respond_first = respond_first
        self.max_body_bytes = max_body_bytes

    def __repr__(self) -> str:
        name = getattr(self.on_events, "__qualname__", type(self.on_events).__name__)
        return f"{self._name}(on_events={name}, webhook_key=***, respond_first={self.respond_first})"

    def _answer(self, body: bytes | int, signature: str | bytes | None) -> tuple[int, WebhookPayload | None]:
        """The status for a POST whose ``body`` was read (or was refused: the status to answer
        instead), and the payload to give ``on_events`` (``None``: nothing to call)."""
        if isinstance(body, int):
            return body, None
        response = self._handler.handle_signature(body, signature)
        return response.status, response.payload if response.has_events else None
