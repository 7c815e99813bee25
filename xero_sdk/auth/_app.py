"""``OAuth2App``: one registered Xero app and the identity-service calls it makes.

Endpoints
---------
Every endpoint can be overridden, in this order of precedence:

1. the constructor argument (``authorize_url=``, ``token_url=``, ``revocation_url=``,
   ``connections_url=``);
2. ``identity_url=``: the base URL of one server standing in for all of Xero's identity hosts
   (the test identity server, a proxy); the endpoints become ``{identity_url}/identity/connect/
   authorize``, ``/connect/token``, ``/connect/revocation`` and ``/Connections``;
3. the environment variables ``XERO_AUTHORIZE_URL``, ``XERO_TOKEN_URL``, ``XERO_REVOCATION_URL``,
   ``XERO_CONNECTIONS_URL`` (one endpoint each);
4. the environment variable ``XERO_IDENTITY_URL`` (a base URL, as for ``identity_url=``);
5. Xero's production endpoints.

Environment variables are read when the app is constructed, never at import.
"""

from __future__ import annotations

import copy
import logging
import os
import urllib.parse
from collections.abc import Iterable, Mapping
from types import TracebackType
from typing import TYPE_CHECKING, Any

import attrs
import httpx

from xero_sdk._runtime.redact import MASK
from xero_sdk.errors import InvalidGrantError

from . import _authlib, _protocol
from ._connection import Connection
from ._protocol import HttpCall, HttpResult
from ._sending import AppSending, ClientSending
from ._token import Token, utcnow
from .scopes import OPENID, check_scopes

if TYPE_CHECKING:
    from xero_sdk._transport._core import TransportCore

__all__ = [
    "DEFAULT_AUTHORIZE_URL",
    "DEFAULT_CONNECTIONS_URL",
    "DEFAULT_REVOCATION_URL",
    "DEFAULT_TOKEN_URL",
    "AuthorizationRequest",
    "OAuth2App",
]

logger = logging.getLogger("xero_sdk.auth")

DEFAULT_AUTHORIZE_URL = "https://login.xero.com/identity/connect/authorize"
DEFAULT_TOKEN_URL = "https://identity.xero.com/connect/token"
DEFAULT_REVOCATION_URL = "https://identity.xero.com/connect/revocation"
DEFAULT_CONNECTIONS_URL = "https://api.xero.com/Connections"

#: Paths below ``identity_url`` / ``XERO_IDENTITY_URL``.
IDENTITY_PATHS = {
    "authorize": "/identity/connect/authorize",
    "token": "/connect/token",
    "revocation": "/connect/revocation",
    "connections": "/Connections",
}
ENV_VARS = {
    "authorize": "XERO_AUTHORIZE_URL",
    "token": "XERO_TOKEN_URL",
    "revocation": "XERO_REVOCATION_URL",
    "connections": "XERO_CONNECTIONS_URL",
}
IDENTITY_ENV_VAR = "XERO_IDENTITY_URL"
_DEFAULTS = {
    "authorize": DEFAULT_AUTHORIZE_URL,
    "token": DEFAULT_TOKEN_URL,
    "revocation": DEFAULT_REVOCATION_URL,
    "connections": DEFAULT_CONNECTIONS_URL,
}

#: Authorization parameters the app sets itself, which ``extra_params`` may not override.
_RESERVED_PARAMS = frozenset(
    {
        "response_type",
        "client_id",
        "redirect_uri",
        "scope",
        "state",
        "code_challenge",
        "code_challenge_method",
    }
)

_VERIFIER_LENGTH = 64  # RFC 7636: 43-128
_STATE_LENGTH = 32
_NONCE_LENGTH = 32


@attrs.frozen(kw_only=True, repr=False)
class AuthorizationRequest:
    """Where to send the user, and what to keep (server-side, per login attempt) until the callback.

    Keep ``state`` and ``code_verifier`` (e.g. in the user's server-side session) and pass them to
    :meth:`OAuth2App.exchange_code`. ``nonce`` is set when ``openid`` is requested; check it
    against the ``nonce`` claim of the ``id_token`` if you validate the ID token.
    """

    url: str
    state: str
    code_verifier: str
    nonce: str | None
    redirect_uri: str
    scopes: tuple[str, ...]

    def __repr__(self) -> str:
        return (
            f"AuthorizationRequest(url={self.url!r}, state={self.state!r}, code_verifier={MASK}, "
            f"nonce={self.nonce!r}, redirect_uri={self.redirect_uri!r}, scopes={self.scopes!r})"
        )

    __str__ = __repr__


def _resolve(kind: str, explicit: str | None, identity_url: str | None, env: Mapping[str, str]) -> str:
    if explicit:
        return explicit
    if identity_url:
        return identity_url.rstrip("/") + IDENTITY_PATHS[kind]
    from_env = env.get(ENV_VARS[kind])
    if from_env:
        return from_env
    base = env.get(IDENTITY_ENV_VAR)
    if base:
        return base.rstrip("/") + IDENTITY_PATHS[kind]
    return _DEFAULTS[kind]


class OAuth2App:
    """A Xero app registration: client id (and secret), redirect URI, scopes, endpoints.

    ``OAuth2App`` is stateless with respect to users: it holds no token, so one instance can
    serve any number of users, tenants, threads and event loops. Tokens live in a
    :class:`~xero_sdk.auth.TokenStore`; :class:`~xero_sdk.auth.TokenManager` keeps them fresh.

    * ``client_secret=None`` is a PKCE ("Auth Code with PKCE") app: no secret is ever sent.
    * ``scopes`` are checked at construction (:func:`~xero_sdk.auth.scopes.check_scopes`);
      ``allow_unknown_scopes=True`` lets through scopes newer than this SDK.
    * ``http_client`` / ``async_http_client``: clients to send identity calls with (their
      timeouts, proxies, TLS settings apply). Without them the app owns a pooled sync client
      (closed by :meth:`close`) and uses a short-lived async client per call, so it is never
      tied to one event loop.
    * ``timeout``: seconds one identity call may take as a whole, retries included.

    Identity calls go through the SDK's transport: the retry policy, redaction, logging (logger
    ``xero_sdk``), per-attempt deadline and body limits of API calls (see
    :mod:`xero_sdk.auth._sending` for which calls are repeated). The token manager of a
    ``Xero`` client built with ``app=`` sends them with that client's pool, retry policy and
    event hooks.
    """

    def __init__(
        self,
        client_id: str,
        client_secret: str | None = None,
        *,
        redirect_uri: str | None = None,
        scopes: Iterable[str] = (),
        allow_unknown_scopes: bool = False,
        authorize_url: str | None = None,
        token_url: str | None = None,
        revocation_url: str | None = None,
        connections_url: str | None = None,
        identity_url: str | None = None,
        http_client: httpx.Client | None = None,
        async_http_client: httpx.AsyncClient | None = None,
        timeout: float = 30.0,
    ) -> None:
        if not isinstance(client_id, str) or not client_id:
            raise ValueError("client_id is required")
        if client_secret is not None and not isinstance(client_secret, str):
            raise TypeError("client_secret must be a string or None")
        self._client_id = client_id
        self._client_secret = client_secret or None
        self._redirect_uri = redirect_uri
        self._allow_unknown_scopes = allow_unknown_scopes
        self._scopes = check_scopes(scopes, allow_unknown=allow_unknown_scopes)
        env = os.environ
        self._authorize_url = _resolve("authorize", authorize_url, identity_url, env)
        self._token_url = _resolve("token", token_url, identity_url, env)
        self._revocation_url = _resolve("revocation", revocation_url, identity_url, env)
        self._connections_url = _resolve("connections", connections_url, identity_url, env)
        self._timeout = timeout
        self._sending: AppSending | ClientSending = AppSending(timeout, http_client, async_http_client)

    @classmethod
    def from_env(cls, **kwargs: Any) -> OAuth2App:
        """Build an app from ``XERO_CLIENT_ID``, ``XERO_CLIENT_SECRET`` (optional),
        ``XERO_REDIRECT_URI`` (optional) and ``XERO_SCOPES`` (optional, space-separated);
        keyword arguments are passed to the constructor and win over the environment."""
        env = os.environ
        client_id = env.get("XERO_CLIENT_ID")
        if not client_id and "client_id" not in kwargs:
            raise ValueError("XERO_CLIENT_ID is not set")
        params: dict[str, Any] = {
            "client_id": client_id,
            "client_secret": env.get("XERO_CLIENT_SECRET") or None,
            "redirect_uri": env.get("XERO_REDIRECT_URI") or None,
            "scopes": tuple(env.get("XERO_SCOPES", "").split()),
        }
        params.update(kwargs)
        return cls(**params)

    # -- configuration (read-only) -------------------------------------------------------------
    @property
    def client_id(self) -> str:
        """The app's client id."""
        return self._client_id

    @property
    def has_client_secret(self) -> bool:
        """Whether the app has a client secret (a confidential app; a PKCE-only app has none)."""
        return self._client_secret is not None

    @property
    def redirect_uri(self) -> str | None:
        """Where Xero sends the user back after consent, if set."""
        return self._redirect_uri

    @property
    def scopes(self) -> tuple[str, ...]:
        """The scopes the app requests by default."""
        return self._scopes

    @property
    def authorize_url(self) -> str:
        """Xero's authorization endpoint (where the user gives consent)."""
        return self._authorize_url

    @property
    def token_url(self) -> str:
        """Xero's token endpoint (code exchange, refresh, client credentials)."""
        return self._token_url

    @property
    def revocation_url(self) -> str:
        """Xero's endpoint for revoking a refresh token."""
        return self._revocation_url

    @property
    def connections_url(self) -> str:
        """The Identity API's connections endpoint (the tenants a token may reach)."""
        return self._connections_url

    def __repr__(self) -> str:
        secret = MASK if self._client_secret else "None"
        return (
            f"OAuth2App(client_id={self._client_id!r}, client_secret={secret}, "
            f"redirect_uri={self._redirect_uri!r}, scopes={self._scopes!r}, "
            f"token_url={self._token_url!r})"
        )

    __str__ = __repr__

    # -- authorization code flow ---------------------------------------------------------------
    def authorization_request(
        self,
        *,
        scopes: Iterable[str] | None = None,
        redirect_uri: str | None = None,
        extra_params: Mapping[str, str] | None = None,
    ) -> AuthorizationRequest:
        """A fresh authorization URL with PKCE (S256), a random ``state`` and, when ``openid``
        is requested, a ``nonce``. Nothing is sent anywhere; nothing is stored in the app."""
        chosen = self._chosen_scopes(scopes)
        if not chosen:
            raise ValueError("no scopes: pass scopes=[...] to OAuth2App or authorization_request()")
        redirect = self._redirect(redirect_uri)
        state = _authlib.random_token(_STATE_LENGTH)
        verifier = _authlib.random_token(_VERIFIER_LENGTH, pkce=True)
        nonce = _authlib.random_token(_NONCE_LENGTH) if OPENID in chosen else None
        extra: dict[str, str] = dict(extra_params or {})
        clash = _RESERVED_PARAMS & set(extra)
        if clash:
            raise ValueError(f"extra_params may not set {sorted(clash)}")
        extra["code_challenge"] = _authlib.s256_challenge(verifier)
        extra["code_challenge_method"] = "S256"
        if nonce:
            extra.setdefault("nonce", nonce)
        url = _authlib.authorization_url(
            self._authorize_url,
            client_id=self._client_id,
            redirect_uri=redirect,
            scopes=chosen,
            state=state,
            extra=extra,
        )
        logger.debug("authorization request built: scopes=%s redirect_uri=%s", " ".join(chosen), redirect)
        return AuthorizationRequest(
            url=url,
            state=state,
            code_verifier=verifier,
            nonce=extra.get("nonce"),
            redirect_uri=redirect,
            scopes=chosen,
        )

    def _chosen_scopes(self, scopes: Iterable[str] | None) -> tuple[str, ...]:
        """``scopes`` checked as the app's are, or the app's when ``None``."""
        if scopes is None:
            return self._scopes
        return check_scopes(scopes, allow_unknown=self._allow_unknown_scopes)

    def _redirect(self, redirect_uri: str | None) -> str:
        """``redirect_uri``, else the app's; one is required for the authorization code flow."""
        redirect = redirect_uri or self._redirect_uri
        if not redirect:
            raise ValueError("redirect_uri is required for the authorization code flow")
        return redirect

    def _token_call(
        self,
        what: str,
        grant_type: str,
        params: dict[str, str | None],
        secrets: list[str | None],
        scopes: tuple[str, ...] = (),
    ) -> HttpCall:
        """A token-endpoint call authenticated as this app (the secret, if any, is redacted)."""
        call = _protocol.token_call(
            what,
            url=self._token_url,
            client_id=self._client_id,
            client_secret=self._client_secret,
            grant_type=grant_type,
            params=params,
            secrets=secrets,
        )
        return attrs.evolve(call, scopes=scopes or self._scopes)

    def _code_call(
        self, callback_url: str, state: str, code_verifier: str, redirect_uri: str | None
    ) -> HttpCall:
        code = _protocol.parse_callback(callback_url, state, self._scopes)
        redirect = self._redirect(redirect_uri)
        if not code_verifier:
            raise ValueError("code_verifier is required (use AuthorizationRequest.code_verifier)")
        return self._token_call(
            "code exchange",
            "authorization_code",
            {"code": code, "redirect_uri": redirect, "code_verifier": code_verifier},
            [code, code_verifier],
        )

    def exchange_code(
        self, callback_url: str, *, state: str, code_verifier: str, redirect_uri: str | None = None
    ) -> Token:
        """Check the callback URL Xero redirected the user to (``error=``, ``state``) and trade its
        code for a :class:`Token`. ``redirect_uri`` defaults to the app's."""
        call = self._code_call(callback_url, state, code_verifier, redirect_uri)
        return _protocol.issued_token("authorization code exchanged", call, self._send(call))

    async def aexchange_code(
        self, callback_url: str, *, state: str, code_verifier: str, redirect_uri: str | None = None
    ) -> Token:
        """Async :meth:`exchange_code`."""
        call = self._code_call(callback_url, state, code_verifier, redirect_uri)
        return _protocol.issued_token("authorization code exchanged", call, await self._asend(call))

    # -- refresh -------------------------------------------------------------------------------
    def _refresh_call(self, token: Token | str) -> HttpCall:
        refresh_token = token.refresh_token if isinstance(token, Token) else token
        if not refresh_token:
            raise InvalidGrantError(
                "this token has no refresh token (client-credentials token, or offline_access was "
                "not granted): the user must authorise the app again"
            )
        return self._token_call(
            "token refresh",
            "refresh_token",
            {"refresh_token": refresh_token},
            [refresh_token, token.access_token if isinstance(token, Token) else None],
        )

    def refresh(self, token: Token | str) -> Token:
        """Spend ``token``'s refresh token for a new token. Xero rotates refresh tokens: save the
        returned token before using it (``TokenManager`` does). Raises
        :class:`~xero_sdk.auth.InvalidGrantError` when the refresh token is dead."""
        call = self._refresh_call(token)
        return _protocol.refreshed_token(token, call, self._send(call))

    async def arefresh(self, token: Token | str) -> Token:
        """Async :meth:`refresh`."""
        call = self._refresh_call(token)
        return _protocol.refreshed_token(token, call, await self._asend(call))

    # -- revocation ----------------------------------------------------------------------------
    def _revoke_call(self, token: Token | str) -> HttpCall:
        if isinstance(token, Token):
            value, hint = (
                (token.refresh_token, "refresh_token")
                if token.refresh_token
                else (token.access_token, "access_token")
            )
        else:
            value, hint = token, None
        if not value:
            raise ValueError("nothing to revoke")
        return _protocol.revocation_call(
            url=self._revocation_url,
            client_id=self._client_id,
            client_secret=self._client_secret,
            token=value,
            token_type_hint=hint,
        )

    def revoke(self, token: Token | str) -> None:
        """Revoke the refresh token (Xero then kills the access tokens and the user's connections
        to this app). A ``str`` is sent as is."""
        call = self._revoke_call(token)
        _protocol.check_revocation(call, self._send(call))
        logger.info("token revoked")

    async def arevoke(self, token: Token | str) -> None:
        """Async :meth:`revoke`."""
        call = self._revoke_call(token)
        _protocol.check_revocation(call, await self._asend(call))
        logger.info("token revoked")

    # -- client credentials (Custom Connections, App Store billing) ----------------------------
    def _client_credentials_call(self, scopes: Iterable[str] | None) -> HttpCall:
        if not self._client_secret:
            raise ValueError("the client credentials grant needs a client secret")
        chosen = self._chosen_scopes(scopes)
        return self._token_call(
            "client credentials grant", "client_credentials", {"scope": " ".join(chosen) or None}, [], chosen
        )

    def client_credentials(self, scopes: Iterable[str] | None = None) -> Token:
        """A client-credentials token (Custom Connections; ``scopes=[MARKETPLACE_BILLING]`` for App
        Store billing). No refresh token: fetch a new one when it expires. ``scopes=None`` sends
        the app's scopes, or none (Xero then grants the connection's scopes)."""
        call = self._client_credentials_call(scopes)
        return _protocol.issued_token("client credentials token issued", call, self._send(call))

    async def aclient_credentials(self, scopes: Iterable[str] | None = None) -> Token:
        """Async :meth:`client_credentials`."""
        call = self._client_credentials_call(scopes)
        return _protocol.issued_token("client credentials token issued", call, await self._asend(call))

    # -- Identity API --------------------------------------------------------------------------
    def _connections_call(self, token: Token | str, auth_event_id: str | None) -> HttpCall:
        params = [("authEventId", str(auth_event_id))] if auth_event_id else []
        return _protocol.bearer_call(
            "connections request", "getConnections", "GET", self._connections_url, _access(token), params
        )

    def _disconnect_call(self, token: Token | str, connection_id: str) -> HttpCall:
        if not connection_id:
            raise ValueError("connection_id is required")
        url = f"{self._connections_url.rstrip('/')}/{urllib.parse.quote(str(connection_id), safe='')}"
        return _protocol.bearer_call("disconnect", "deleteConnection", "DELETE", url, _access(token), [])

    def connections(self, token: Token | str, auth_event_id: str | None = None) -> list[Connection]:
        """The tenants this token may access (``GET /Connections``), optionally only those
        connected by one authorization event (``authEventId``)."""
        call = self._connections_call(token, auth_event_id)
        return _protocol.parse_connections(call, self._send(call))

    async def aconnections(self, token: Token | str, auth_event_id: str | None = None) -> list[Connection]:
        """Async :meth:`connections`."""
        call = self._connections_call(token, auth_event_id)
        return _protocol.parse_connections(call, await self._asend(call))

    def disconnect(self, token: Token | str, connection_id: str) -> None:
        """Remove a connection (``DELETE /Connections/{id}``); an unknown id raises
        :class:`OAuthError` with ``status_code == 404``."""
        call = self._disconnect_call(token, connection_id)
        _protocol.check_disconnect(call, self._send(call), connection_id)
        logger.info("connection %s removed", connection_id)

    async def adisconnect(self, token: Token | str, connection_id: str) -> None:
        """Async :meth:`disconnect`."""
        call = self._disconnect_call(token, connection_id)
        _protocol.check_disconnect(call, await self._asend(call), connection_id)
        logger.info("connection %s removed", connection_id)

    # -- transport -----------------------------------------------------------------------------
    def _through_client(
        self, core: TransportCore, http: httpx.Client | httpx.AsyncClient, max_retries: int, sleep: Any
    ) -> OAuth2App:
        """This app, sending its identity calls through a client's transport (``core``, its pool
        ``http``, its retry budget and sleep); see :class:`ClientSending`."""
        sending = self._sending
        own = sending if isinstance(sending, AppSending) else sending.own
        clone = copy.copy(self)
        clone._sending = ClientSending(own, core, http, max_retries, sleep)
        return clone

    def _send(self, call: HttpCall) -> HttpResult:
        sent_at = utcnow()
        response = self._sending.send(call)  # raises OAuthTransportError when no answer came
        return _protocol.received(response, sent_at)

    async def _asend(self, call: HttpCall) -> HttpResult:
        sent_at = utcnow()
        response = await self._sending.asend(call)
        return _protocol.received(response, sent_at)

    # -- lifecycle -----------------------------------------------------------------------------
    def close(self) -> None:
        """Close the HTTP client the app created (a client passed in is left open)."""
        self._sending.close()

    async def aclose(self) -> None:
        """Same as :meth:`close` (the app's async clients are per call)."""
        self.close()

    def __enter__(self) -> OAuth2App:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    async def __aenter__(self) -> OAuth2App:
        return self

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        await self.aclose()


def _access(token: Token | str) -> str:
    value = token.access_token if isinstance(token, Token) else token
    if not value:
        raise ValueError("an access token is required")
    return value
