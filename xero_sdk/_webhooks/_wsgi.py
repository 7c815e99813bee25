"""A dependency-free WSGI application for a Xero webhook endpoint (PEP 3333)."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator
from typing import IO, TYPE_CHECKING

from xero_sdk._webhooks._handler import (
    CALLBACK_FAILED_AFTER_REPLY,
    CALLBACK_FAILED_BEFORE_REPLY,
    DEFAULT_MAX_BODY_BYTES,
    RESPONSE_HEADERS,
    WebhookReceiver,
    status_line,
)
from xero_sdk._webhooks._payload import WebhookPayload

if TYPE_CHECKING:
    from _typeshed.wsgi import StartResponse, WSGIEnvironment

__all__ = ["WebhookWSGIApp", "wsgi_app"]

logger = logging.getLogger("xero_sdk.webhooks")

_CHUNK = 64 * 1024


def _read_exactly(stream: IO[bytes], size: int) -> bytes:
    """Up to ``size`` bytes (fewer only if the client sent fewer), never more."""
    parts: list[bytes] = []
    remaining = size
    while remaining > 0:
        chunk = stream.read(min(remaining, _CHUNK))
        if not chunk:
            break
        parts.append(chunk)
        remaining -= len(chunk)
    return b"".join(parts)


class _CallAfterResponse:
    """An empty WSGI body whose ``close()`` runs the callback.

    PEP 3333 servers call ``close()`` once the response has been written, so Xero has its
    200 before the callback starts, whatever the callback does.
    """

    __slots__ = ("_callback", "_done", "_payload")

    def __init__(self, callback: Callable[[WebhookPayload], object], payload: WebhookPayload) -> None:
        self._callback = callback
        self._payload = payload
        self._done = False

    def __iter__(self) -> Iterator[bytes]:
        return iter(())

    def close(self) -> None:
        if self._done:
            return
        self._done = True
        try:
            self._callback(self._payload)
        except Exception:
            logger.exception(CALLBACK_FAILED_AFTER_REPLY)


class WebhookWSGIApp(WebhookReceiver):
    """The WSGI application made by :func:`wsgi_app`; its ``repr`` does not show the key."""

    __slots__ = ()
    _name = "WebhookWSGIApp"

    def _reply(
        self, start_response: StartResponse, status: int, extra: tuple[tuple[str, str], ...] = ()
    ) -> list[bytes]:
        start_response(status_line(status), [*RESPONSE_HEADERS, *extra])
        return []

    def _body(self, environ: WSGIEnvironment) -> bytes | int:
        """The raw body, or the status to answer instead (400 bad length, 413 too large)."""
        stream: IO[bytes] = environ["wsgi.input"]
        text = str(environ.get("CONTENT_LENGTH") or "").strip()
        if not text:
            if not environ.get("wsgi.input_terminated"):
                return b""  # PEP 3333: without a length, read nothing
            body = _read_exactly(stream, self.max_body_bytes + 1)
            return 413 if len(body) > self.max_body_bytes else body
        if not text.isdigit() or not text.isascii():
            return 400
        length = int(text)
        if length > self.max_body_bytes:
            return 413
        return _read_exactly(stream, length)

    def __call__(self, environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        if environ.get("REQUEST_METHOD") != "POST":
            return self._reply(start_response, 405, (("Allow", "POST"),))
        try:
            body = self._body(environ)
        except (KeyError, OSError, ValueError, TypeError):  # no input stream, client went away
            return self._reply(start_response, 400)
        status, payload = self._answer(body, _environ_signature(environ))
        if payload is None:
            return self._reply(start_response, status)
        if self.respond_first:
            self._reply(start_response, status)
            return _CallAfterResponse(self.on_events, payload)
        try:
            self.on_events(payload)
        except Exception:
            logger.exception(CALLBACK_FAILED_BEFORE_REPLY)
            return self._reply(start_response, 500)
        return self._reply(start_response, status)


def _environ_signature(environ: WSGIEnvironment) -> str | None:
    # CGI folds the header name: "x-xero-signature" arrives as HTTP_X_XERO_SIGNATURE.
    value = environ.get("HTTP_X_XERO_SIGNATURE")
    return value if isinstance(value, str) else None


def wsgi_app(
    on_events: Callable[[WebhookPayload], object],
    webhook_key: str | bytes,
    *,
    respond_first: bool = True,
    max_body_bytes: int = DEFAULT_MAX_BODY_BYTES,
) -> WebhookWSGIApp:
    """A WSGI application for a Xero webhook URL; ``on_events`` gets each delivery's payload.

    Every POST is checked against ``webhook_key`` and answered 200 (correctly signed) or 401
    (anything else) with an empty body and no cookies; other methods get 405. The body is
    read exactly as sent (``CONTENT_LENGTH`` bytes; larger than ``max_body_bytes`` is 413).
    ``on_events(payload)`` is called for correctly signed deliveries that have events (never
    for intent-to-receive requests), with a :class:`~xero_sdk.webhooks.WebhookPayload`.

    ``respond_first=True`` (the default): the callback runs after the 200 has been written
    (from the body's ``close()``), so Xero's 5-second limit holds whatever it does, but an
    exception in it is only logged: Xero will not resend those events. With
    ``respond_first=False`` the callback runs first and an exception answers 500, so Xero
    retries later; the callback must then finish well within 5 seconds (put the payload on
    a queue and return). Either way, the same event may arrive more than once: make
    processing idempotent.
    """
    return WebhookWSGIApp(on_events, webhook_key, respond_first=respond_first, max_body_bytes=max_body_bytes)
