"""The ``x-xero-signature`` check: base64(HMAC-SHA256(webhook key, raw body bytes)).

Nothing here raises on what a sender controls (body, header): a missing, repeated,
non-ASCII or otherwise garbled signature is simply not valid. Only a programming error
on the receiver's side (an empty key, a key that is not text or bytes) raises, and those
messages never contain the key.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import logging
from collections.abc import Iterable
from typing import Any, Protocol, TypeAlias

__all__ = [
    "SIGNATURE_HEADER",
    "Headers",
    "SupportsItems",
    "coerce_key",
    "find_signature",
    "verify_signature",
]

SIGNATURE_HEADER = "x-xero-signature"

logger = logging.getLogger("xero_sdk.webhooks")


class SupportsItems(Protocol):
    """Anything with ``items()`` giving ``(name, value)`` pairs."""

    def items(self) -> Iterable[tuple[Any, Any]]: ...


#: Request headers as frameworks hand them over: anything with ``items()`` (``dict``,
#: ``httpx.Headers``, ``http.server``'s ``email.message.Message``, Django's, Flask's and
#: Starlette's header objects), or ``(name, value)`` pairs of ``str`` or ``bytes`` (ASGI's
#: ``scope["headers"]``).
Headers: TypeAlias = SupportsItems | Iterable[tuple[str | bytes, str | bytes]]

_WHITESPACE = " \t\r\n"


def coerce_key(webhook_key: str | bytes) -> bytes:
    """The key as the bytes Xero signs with (a text key is UTF-8 encoded, as Xero does)."""
    if isinstance(webhook_key, str):
        key = webhook_key.encode("utf-8")
    elif isinstance(webhook_key, (bytes, bytearray)):
        key = bytes(webhook_key)
    else:
        raise TypeError(f"the webhook key must be str or bytes, not {type(webhook_key).__name__}")
    if not key.strip():
        # An empty key (an unset environment variable) would let anyone forge signatures.
        raise ValueError("the webhook key is empty: set it to the key shown on the app's Webhooks page")
    stripped = key.strip(_WHITESPACE.encode())
    if stripped != key:
        # A key read from a file or a secret manager often ends in a newline; Xero's keys never
        # contain whitespace, and signing with it would refuse every delivery with a 401.
        logger.warning("the webhook key has leading or trailing whitespace; it is ignored")
    return stripped


def expected_signature(raw_body: bytes, key: bytes) -> bytes:
    """The signature Xero sends for ``raw_body``, as base64 ASCII bytes."""
    return base64.b64encode(hmac.new(key, raw_body, hashlib.sha256).digest())


def signature_matches(raw_body: object, signature: object, key: bytes) -> bool:
    """Constant-time comparison of ``signature`` with the body's signature; never raises."""
    if not isinstance(raw_body, (bytes, bytearray, memoryview)):
        return False
    if isinstance(signature, str):
        try:
            given = signature.strip(_WHITESPACE).encode("ascii")
        except UnicodeEncodeError:
            return False
    elif isinstance(signature, (bytes, bytearray)):
        given = bytes(signature).strip(_WHITESPACE.encode())
    else:
        return False
    if not given:
        return False
    return hmac.compare_digest(expected_signature(bytes(raw_body), key), given)


def verify_signature(raw_body: bytes, signature: str | bytes | None, webhook_key: str | bytes) -> bool:
    """Whether ``signature`` (the ``x-xero-signature`` header) signs ``raw_body`` with the key.

    ``raw_body`` must be the request body exactly as received, before any JSON parsing
    or re-encoding: the signature is base64(HMAC-SHA256(key, body bytes)). The comparison
    takes constant time (:func:`hmac.compare_digest`). A missing (``None``), empty,
    repeated or garbled signature gives ``False``, never an exception. Raises
    ``ValueError`` for an empty key and ``TypeError`` for a key that is not ``str`` or
    ``bytes`` (mistakes in the receiver, not in the request).
    """
    return signature_matches(raw_body, signature, coerce_key(webhook_key))


def _text(value: object) -> str:
    return bytes(value).decode("latin-1") if isinstance(value, (bytes, bytearray)) else str(value)


def find_signature(headers: Headers | None) -> str | None:
    """The one ``x-xero-signature`` value in ``headers`` (names compared case-insensitively).

    Absent, or present more than once (ambiguous, so refused), gives ``None``. Never raises:
    headers of an unexpected shape count as absent.
    """
    if headers is None:
        return None
    found: list[str] = []
    try:
        items: Iterable[tuple[Any, Any]] = headers.items() if hasattr(headers, "items") else headers
        for name, value in items:
            if _text(name).strip(_WHITESPACE).lower() == SIGNATURE_HEADER:
                found.append(_text(value))
    except (TypeError, ValueError, AttributeError, UnicodeError):
        return None
    return found[0] if len(found) == 1 else None
