"""Typed wrappers over the parts of authlib this package uses.

authlib ships no type information, so everything untyped stays here: its modules are loaded
with ``importlib`` on first use (``import xero_sdk`` stays cheap, and no mypy override is
needed), their attributes are ``Any`` inside this module and typed at its boundary.

Only authlib's I/O-free protocol helpers are used (authorization URL, token and revocation
request bodies, client authentication, PKCE). The HTTP calls go through the ``httpx`` clients
the SDK controls, so one pooled client can be shared, mocked or proxied, and sync and async
share one code path.
"""

from __future__ import annotations

import importlib
from collections.abc import Mapping, Sequence
from types import ModuleType

__all__ = [
    "authorization_url",
    "client_auth",
    "random_token",
    "revocation_body",
    "s256_challenge",
    "token_request_body",
]


def _authlib(module: str) -> ModuleType:
    return importlib.import_module(f"authlib.{module}")


#: RFC 7636 unreserved characters allowed in a code verifier.
_VERIFIER_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~"


def random_token(length: int, *, pkce: bool = False) -> str:
    """A cryptographically random string (``SystemRandom``) of ``length`` characters."""
    generate_token = _authlib("common.security").generate_token
    chars = _VERIFIER_CHARS if pkce else None
    value = generate_token(length, chars) if chars else generate_token(length)
    return str(value)


def s256_challenge(code_verifier: str) -> str:
    """``BASE64URL(SHA256(code_verifier))`` without padding (PKCE S256)."""
    return str(_authlib("oauth2.rfc7636").create_s256_code_challenge(code_verifier))


def authorization_url(
    url: str,
    *,
    client_id: str,
    redirect_uri: str,
    scopes: Sequence[str],
    state: str,
    extra: Mapping[str, str],
) -> str:
    """The authorization endpoint URL with ``response_type=code`` and the given parameters."""
    uri = _authlib("oauth2.rfc6749.parameters").prepare_grant_uri(
        url,
        client_id=client_id,
        response_type="code",
        redirect_uri=redirect_uri,
        scope=list(scopes),
        state=state,
        **dict(extra),
    )
    return str(uri)


def token_request_body(grant_type: str, params: Mapping[str, str | None]) -> str:
    """The ``application/x-www-form-urlencoded`` body of a token request (empty values dropped)."""
    prepare_token_request = _authlib("oauth2.rfc6749.parameters").prepare_token_request
    body = prepare_token_request(grant_type, "", **{k: v for k, v in params.items() if v})
    return str(body)


def revocation_body(token: str, token_type_hint: str | None) -> str:
    """The RFC 7009 revocation request body."""
    body, _headers = _authlib("oauth2.rfc7009").prepare_revoke_token_request(token, token_type_hint, "", {})
    return str(body)


def client_auth(client_id: str, client_secret: str | None, body: str) -> tuple[dict[str, str], str]:
    """Authenticate the client at the token/revocation endpoint.

    With a secret: HTTP Basic (``client_secret_basic``, what Xero documents). Without one (PKCE
    apps): ``client_id`` in the body (``none``). Returns the headers to add and the new body.
    """
    client_auth_class = _authlib("oauth2.auth").ClientAuth
    method = "client_secret_basic" if client_secret else "none"
    auth = client_auth_class(client_id, client_secret, method)
    _uri, headers, new_body = auth.prepare("POST", "", {}, body)
    return {str(k): str(v) for k, v in dict(headers).items()}, str(new_body)
