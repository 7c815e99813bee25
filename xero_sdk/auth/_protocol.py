"""I/O-free halves of the identity-service calls: build the request, interpret the response.

``OAuth2App``'s sync and async methods only differ in how they send a :class:`HttpCall`; what
goes in (the request and how it is sent) and what comes out (the token, the connections, the
error) is decided here, once.
"""

from __future__ import annotations

import datetime as dt
import hmac
import json
import logging
import urllib.parse
from collections.abc import Mapping, Sequence
from typing import Any, Protocol

import attrs

from xero_sdk._runtime.redact import fingerprint, redact
from xero_sdk.errors import (
    AuthorizationError,
    InvalidGrantError,
    OAuthError,
    OAuthTransportError,
    StateMismatchError,
)

from . import _authlib
from ._connection import Connection
from ._token import Token
from .scopes import granular_rule

__all__ = ["HttpCall", "HttpResult"]

logger = logging.getLogger("xero_sdk.auth")


@attrs.frozen(kw_only=True)
class HttpCall:
    """One request to the identity service. Headers and body are never shown in ``repr``."""

    what: str
    """What the call does, for messages: "token refresh", "code exchange", ..."""
    operation_id: str = "identity"
    """What the transport's log lines and hooks call it: ``refreshToken``, ``getConnections``..."""
    repeatable: bool = False
    """Whether resending it cannot do harm (see :mod:`._sending`): the transport retries it
    under the API calls' policy."""
    method: str
    url: str
    headers: dict[str, str] = attrs.field(factory=dict, repr=False)
    content: bytes | None = attrs.field(default=None, repr=False)
    params: list[tuple[str, str]] = attrs.field(factory=list)
    secrets: tuple[str, ...] = attrs.field(default=(), repr=False)
    """Values to redact from anything said about this call."""
    scopes: tuple[str, ...] = ()
    """The scopes the app asked for (explains an ``invalid_scope`` answer)."""

    def redact(self, text: str) -> str:
        return redact(text, self.secrets)


@attrs.frozen(kw_only=True)
class HttpResult:
    status_code: int
    content: bytes = attrs.field(repr=False)
    headers: dict[str, str] = attrs.field(factory=dict, repr=False)
    sent_at: dt.datetime
    """When the call was about to be sent: the start of a token's lifetime (``expires_in``)."""


class Response(Protocol):
    """What is read of an ``httpx.Response``."""

    @property
    def status_code(self) -> int: ...
    @property
    def content(self) -> bytes: ...
    @property
    def headers(self) -> Mapping[str, str]: ...


# -- answers ---------------------------------------------------------------------------------------
def received(response: Response, sent_at: dt.datetime) -> HttpResult:
    """The answer the transport returned (its final one: retries are done), ``sent_at`` being
    when the call was first sent. The transport logged it."""
    return HttpResult(
        status_code=response.status_code,
        content=response.content,
        headers=dict(response.headers),
        sent_at=sent_at,
    )


# -- building ------------------------------------------------------------------------------------
_FORM_HEADERS = {
    "Accept": "application/json",
    "Content-Type": "application/x-www-form-urlencoded",
}


def _form_call(
    what: str,
    operation_id: str,
    repeatable: bool,
    *,
    url: str,
    client_id: str,
    client_secret: str | None,
    body: str,
    secrets: Sequence[str | None],
) -> HttpCall:
    """A form POST to the token or revocation endpoint, authenticated as the client."""
    auth_headers, body = _authlib.client_auth(client_id, client_secret, body)
    return HttpCall(
        what=what,
        operation_id=operation_id,
        repeatable=repeatable,
        method="POST",
        url=url,
        headers={**_FORM_HEADERS, **auth_headers},
        content=body.encode("ascii"),
        secrets=_secret_tuple(secrets, client_secret, *auth_headers.values()),
    )


#: The token-endpoint grants that may be sent again (see :mod:`._sending`): not
#: ``authorization_code`` (a code is single-use).
REPEATABLE_GRANTS = frozenset({"refresh_token", "client_credentials"})
_GRANT_OPERATIONS = {
    "authorization_code": "exchangeCode",
    "refresh_token": "refreshToken",
    "client_credentials": "clientCredentials",
}


def token_call(
    what: str,
    *,
    url: str,
    client_id: str,
    client_secret: str | None,
    grant_type: str,
    params: dict[str, str | None],
    secrets: Sequence[str | None],
) -> HttpCall:
    return _form_call(
        what,
        _GRANT_OPERATIONS.get(grant_type, "token"),
        grant_type in REPEATABLE_GRANTS,
        url=url,
        client_id=client_id,
        client_secret=client_secret,
        body=_authlib.token_request_body(grant_type, params),
        secrets=secrets,
    )


def revocation_call(
    *, url: str, client_id: str, client_secret: str | None, token: str, token_type_hint: str | None
) -> HttpCall:
    return _form_call(
        "token revocation",
        "revokeToken",
        True,  # RFC 7009: revoking an unknown or revoked token answers 200
        url=url,
        client_id=client_id,
        client_secret=client_secret,
        body=_authlib.revocation_body(token, token_type_hint),
        secrets=[token],
    )


def bearer_call(
    what: str, operation_id: str, method: str, url: str, access_token: str, params: list[tuple[str, str]]
) -> HttpCall:
    """A call to the Identity API (``GET`` / ``DELETE``: repeatable, as for an API call)."""
    return HttpCall(
        what=what,
        operation_id=operation_id,
        repeatable=True,
        method=method,
        url=url,
        headers={"Accept": "application/json", "Authorization": f"Bearer {access_token}"},
        params=params,
        secrets=(access_token,),
    )


def _secret_tuple(values: Sequence[str | None], *more: str | None) -> tuple[str, ...]:
    out: list[str] = []
    for value in (*values, *more):
        if value:
            out.append(value)
            # the credential part of "Basic xxx" / "Bearer xxx"
            if " " in value:
                out.append(value.split(" ", 1)[1])
    return tuple(out)


# -- callback ------------------------------------------------------------------------------------
def parse_callback(callback_url: str, expected_state: str, scopes: Sequence[str] = ()) -> str:
    """Check the redirect back from the authorization endpoint and return the code."""
    if not expected_state:
        raise ValueError("state is required (use AuthorizationRequest.state)")
    parts = urllib.parse.urlsplit(callback_url)
    if parts.query:
        query = parts.query
    elif parts.fragment:
        query = parts.fragment
    elif "://" not in callback_url and "=" in callback_url:
        query = callback_url.lstrip("?")
    else:
        query = ""
    params = urllib.parse.parse_qs(query, keep_blank_values=True)

    def single(name: str) -> str | None:
        values = params.get(name)
        if not values:
            return None
        if len(values) > 1:
            raise OAuthError(f"authorization callback has several {name!r} parameters")
        return values[0]

    error = single("error")
    if error is not None:
        description = single("error_description")
        text = f"authorization failed: {error}"
        if description:
            text += f": {description}"
        if error == "access_denied":
            text += " (the user declined, or the app may not ask for these scopes)"
        elif error in SCOPE_REFUSALS:
            text += f" ({granular_rule(scopes)})"
        raise AuthorizationError(
            redact(text, [single("code")]), error=error, description=description and description[:300]
        )
    state = single("state")
    if state is None or not hmac.compare_digest(state.encode(), expected_state.encode()):
        raise StateMismatchError(
            "authorization callback state does not match the state of the authorization request: "
            "the callback may be forged or belong to another login attempt; nothing was exchanged",
            error="state_mismatch",
        )
    code = single("code")
    if not code:
        raise OAuthError("authorization callback has no code parameter", error="missing_code")
    return code


#: OAuth2 errors Xero answers when an app asks for scopes it may not have (the March 2026 rule).
SCOPE_REFUSALS = frozenset({"invalid_scope", "unauthorized_client"})


# -- interpreting responses ------------------------------------------------------------------------
def _json(result: HttpResult) -> Any:
    try:
        return json.loads(result.content.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        return None


_INVALID_GRANT_HINTS = {
    "token refresh": (
        "the refresh token was rejected (invalid_grant): it was already used (Xero rotates refresh "
        "tokens: always save the new one), expired after 60 days without use, or was revoked. "
        "The user must authorise the app again (consent) to get a new token"
    ),
    "code exchange": (
        "the authorization code was rejected (invalid_grant): it was already used or has expired, "
        "or the code_verifier or redirect_uri does not match the authorization request. Start a "
        "new authorization request: the user must consent again"
    ),
}


def oauth_error(call: HttpCall, result: HttpResult, body: Any) -> OAuthError:
    """The exception for a failed token-endpoint or revocation call (``body``: its JSON)."""
    error = description = None
    if isinstance(body, dict):
        raw_error, raw_description = body.get("error"), body.get("error_description")
        error = call.redact(str(raw_error))[:100] if raw_error is not None else None
        description = call.redact(str(raw_description))[:300] if raw_description is not None else None
    status = result.status_code
    if error == "invalid_grant":
        text = _INVALID_GRANT_HINTS.get(call.what, f"{call.what} failed: invalid_grant")
        if description:
            text += f" (server said: {description})"
        return InvalidGrantError(text, error=error, description=description, status_code=status)
    if error == "invalid_client":
        text = (
            f"{call.what} failed: client authentication failed (invalid_client): check the client "
            "id and secret (and that a PKCE app sends no secret)"
        )
    elif error == "unauthorized_client":
        text = (
            f"{call.what} failed: this app may not use this grant type or these scopes "
            f"(unauthorized_client): {granular_rule(call.scopes)}"
        )
    elif error == "invalid_scope":
        text = (
            f"{call.what} failed: a requested scope is invalid or not allowed for this app "
            f"(invalid_scope): {granular_rule(call.scopes)}"
        )
    elif error:
        text = f"{call.what} failed: {error}"
    else:
        snippet = call.redact(result.content[:200].decode("utf-8", "replace")).strip()
        text = f"{call.what} failed: HTTP {status}" + (f": {snippet}" if snippet else "")
    if description and error not in (None, "invalid_grant"):
        text += f": {description}"
    if error:
        text += f" (HTTP {status})"
    return OAuthError(text, error=error, description=description, status_code=status)


def token_payload(call: HttpCall, result: HttpResult) -> dict[str, Any]:
    """The JSON object of a successful token response, or raise the mapped :class:`OAuthError`."""
    body = _json(result)
    if result.status_code != 200 or not isinstance(body, dict) or "error" in body:
        if 200 <= result.status_code < 300 and not isinstance(body, dict):
            raise OAuthError(
                f"{call.what} failed: the token endpoint answered HTTP {result.status_code} "
                "without a JSON object",
                status_code=result.status_code,
            )
        raise oauth_error(call, result, body)
    return body


def issued_token(event: str, call: HttpCall, result: HttpResult) -> Token:
    """The token of a successful token response (``expires_in`` counted from when the call was
    sent), logged as ``event`` without its secrets; or raise the mapped :class:`OAuthError`."""
    token = Token.from_response(token_payload(call, result), now=result.sent_at)
    logger.info(
        "%s: expires at %s, scopes=%s, refresh token %s",
        event,
        token.expires_at.isoformat(),
        " ".join(token.scopes),
        fingerprint(token.refresh_token) if token.refresh_token else "none",
    )
    return token


def refreshed_token(old: Token | str, call: HttpCall, result: HttpResult) -> Token:
    """The token a refresh of ``old`` returned; what the server left out (it need not rotate the
    refresh token) is kept from ``old``."""
    new = Token.from_response(token_payload(call, result), now=result.sent_at)
    if isinstance(old, Token):
        # Xero always rotates; if a server does not, the old refresh token stays valid.
        new = attrs.evolve(
            new,
            refresh_token=new.refresh_token or old.refresh_token,
            scopes=new.scopes or old.scopes,
            id_token=new.id_token or old.id_token,
        )
    elif not new.refresh_token:
        new = attrs.evolve(new, refresh_token=old)
    logger.info(
        "access token refreshed: refresh token %s -> %s, expires at %s",
        fingerprint(old.refresh_token if isinstance(old, Token) else old),
        fingerprint(new.refresh_token),
        new.expires_at.isoformat(),
    )
    return new


def check_revocation(call: HttpCall, result: HttpResult) -> None:
    if result.status_code != 200:
        raise oauth_error(call, result, _json(result))


def api_error(call: HttpCall, result: HttpResult) -> OAuthError:
    """An Identity API (``/Connections``) failure: Xero's problem JSON, ``Detail`` first."""
    body = _json(result)
    detail: str | None = None
    if isinstance(body, dict):
        raw = body.get("Detail", body.get("detail", body.get("Title", body.get("title"))))
        detail = call.redact(str(raw))[:300] if raw is not None else None
    status = result.status_code
    error: str | None = None
    if detail:
        prefix = detail.split(":", 1)[0].strip()
        error = prefix if prefix.isidentifier() else None
    text = f"{call.what} failed: HTTP {status}"
    if status == 401:
        text += " (the access token was not accepted)"
    elif status == 403:
        text += " (not allowed for this token)"
    if detail:
        text += f": {detail}"
    return OAuthError(text, error=error, description=detail, status_code=status)


def parse_connections(call: HttpCall, result: HttpResult) -> list[Connection]:
    if result.status_code != 200:
        raise api_error(call, result)
    body = _json(result)
    if not isinstance(body, list):
        raise OAuthError(f"{call.what} failed: the response is not a JSON array", status_code=200)
    return [Connection.from_dict(item) for item in body]


def check_disconnect(call: HttpCall, result: HttpResult, connection_id: str) -> None:
    if result.status_code in (200, 204):
        return
    if result.status_code == 404:
        raise OAuthError(
            f"connection {connection_id} not found (already disconnected, or not this user's)",
            error="not_found",
            status_code=404,
        )
    raise api_error(call, result)


def transport_error(call: HttpCall, exc: BaseException) -> OAuthTransportError:
    timeout = any("timeout" in cls.__name__.lower() for cls in type(exc).__mro__)
    detail = call.redact(str(exc))[:200]
    text = f"{call.what} failed: could not reach {call.url}: {type(exc).__name__}"
    if detail:
        text += f": {detail}"
    return OAuthTransportError(text, timeout=timeout)
