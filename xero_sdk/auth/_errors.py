"""Exceptions raised by the OAuth2 layer.

``OAuthError`` derives from :class:`xero_sdk.errors.XeroError`, so ``except XeroError`` catches
every failure of the SDK, API calls and identity calls alike. ``OAuthError`` and
``InvalidGrantError`` are ``xero_sdk.errors``' (their ``__module__``), the others ``xero_sdk.auth``'s. Messages never contain a secret: tokens, the client secret, the PKCE code
verifier and ``Authorization`` headers are redacted before a message is built.

    OAuthError
    ├── InvalidGrantError        refresh token (or authorization code) dead: consent again
    ├── AuthorizationError       the callback carried ``error=`` (user denied, bad request, ...)
    ├── StateMismatchError       the callback's ``state`` is not the one we sent (CSRF)
    ├── ScopeError (ValueError)  unknown scope, or a string where a list of scopes belongs
    ├── NoTokenError             the token store is empty: run the authorization flow first
    ├── TokenStoreError          the token store cannot be read, written or locked
    │   └── TokenStoreUnavailableError  its Redis / database stayed unreachable after retries
    └── OAuthTransportError      the identity service could not be reached (network, timeout)
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import ClassVar

from xero_sdk.errors import XeroError

__all__ = [
    "AuthorizationError",
    "InvalidGrantError",
    "NoTokenError",
    "OAuthError",
    "OAuthTransportError",
    "ScopeError",
    "StateMismatchError",
    "TokenStoreError",
    "TokenStoreUnavailableError",
]


class OAuthError(XeroError):
    """An OAuth2 / identity-service failure."""

    __module__ = "xero_sdk.errors"
    _ATTRIBUTES: ClassVar[Mapping[str, str]] = {
        "message": "the message (never a token or secret)",
        "error": "the OAuth2 error code the server sent (``invalid_grant``, ``access_denied``...)",
        "description": "the server's ``error_description`` (redacted)",
        "status_code": "the HTTP status, when there was a response",
    }

    def __init__(
        self,
        message: str,
        *,
        error: str | None = None,
        description: str | None = None,
        status_code: int | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.error = error
        self.description = description
        self.status_code = status_code


class InvalidGrantError(OAuthError):
    """The grant is dead: a refresh token that was already used, expired (60 days unused) or
    revoked, or an authorization code that was used, expired or paired with the wrong PKCE
    verifier. The user must go through the authorization (consent) flow again."""

    __module__ = "xero_sdk.errors"


class AuthorizationError(OAuthError):
    """The authorization callback carried ``error=`` instead of a code (e.g. ``access_denied``
    when the user declined consent)."""

    __module__ = "xero_sdk.auth"


class StateMismatchError(OAuthError):
    """The callback's ``state`` differs from the one sent with the authorization request; the
    callback may be forged (CSRF) or belong to another login attempt. Nothing was exchanged."""

    __module__ = "xero_sdk.auth"


class ScopeError(OAuthError, ValueError):
    """A scope list is malformed: an unknown scope name, or a single string where a list of
    scopes belongs. Raised before any user is sent to Xero."""

    __module__ = "xero_sdk.auth"


class NoTokenError(OAuthError):
    """The token store holds no token: run the authorization flow (or use client credentials)."""

    __module__ = "xero_sdk.auth"


class TokenStoreError(OAuthError):
    """The token store could not be read, written or locked (corrupt file, lock timeout...)."""

    __module__ = "xero_sdk.auth"


class TokenStoreUnavailableError(TokenStoreError):
    """The token store's server (Redis, the database) could not be reached, or kept failing,
    after the store's bounded retries. No token was lost: nothing was sent without a token, and a
    refresh whose save failed is retried from the stored token by the next caller."""

    __module__ = "xero_sdk.auth"


class OAuthTransportError(OAuthError):
    """The identity service could not be reached (connection error, timeout). ``timeout`` says
    which. The underlying httpx exception is not chained (its request carries credentials); its
    type name and redacted message are part of this message."""

    __module__ = "xero_sdk.auth"

    _ATTRIBUTES: ClassVar[Mapping[str, str]] = {"timeout": "whether it was a timeout"}

    def __init__(self, message: str, *, timeout: bool = False) -> None:
        super().__init__(message)
        self.timeout = timeout
