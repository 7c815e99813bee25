"""OAuth2 for Xero: the app, tokens, token stores and the token manager the HTTP client uses.

    from xero_sdk.auth import OAuth2App, FileTokenStore, TokenManager, scopes

    app = OAuth2App(client_id, client_secret, redirect_uri="https://example.com/callback",
                    scopes=[scopes.OFFLINE_ACCESS, scopes.ACCOUNTING_INVOICES])
    req = app.authorization_request()       # send the user to req.url; keep state + verifier
    token = app.exchange_code(callback_url, state=req.state, code_verifier=req.code_verifier)
    store = FileTokenStore("xero-token.json")
    store.save(token)
    manager = TokenManager(app, store)      # manager.access_token() before each request

Secrets (tokens, client secret, code verifier, Authorization headers) never appear in this
package's log records (logger ``xero_sdk.auth``), reprs or exception messages.

Every name loads on first use, so importing one submodule (``scopes``, or an exception, which
is defined in :mod:`xero_sdk.errors` and re-exported here) does not load the app and its HTTP
client.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from xero_sdk._runtime.lazy import lazy_module

if TYPE_CHECKING:
    from xero_sdk.errors import (
        AuthorizationError,
        InvalidGrantError,
        NoTokenError,
        OAuthError,
        OAuthTransportError,
        ScopeError,
        StateMismatchError,
        TokenStoreError,
        TokenStoreUnavailableError,
    )

    from . import scopes
    from ._app import (
        DEFAULT_AUTHORIZE_URL,
        DEFAULT_CONNECTIONS_URL,
        DEFAULT_REVOCATION_URL,
        DEFAULT_TOKEN_URL,
        AuthorizationRequest,
        OAuth2App,
    )
    from ._connection import Connection
    from ._loopback import run_loopback_flow
    from ._manager import TokenManager
    from ._redis_store import RedisTokenStore
    from ._sql_store import SQLTokenStore
    from ._stores import BaseTokenStore, FileTokenStore, MemoryTokenStore, TokenStore
    from ._token import Token
    from .scopes import check_scopes

_EXPORTS = {
    "DEFAULT_AUTHORIZE_URL": "_app",
    "DEFAULT_CONNECTIONS_URL": "_app",
    "DEFAULT_REVOCATION_URL": "_app",
    "DEFAULT_TOKEN_URL": "_app",
    "AuthorizationError": ".errors",
    "AuthorizationRequest": "_app",
    "BaseTokenStore": "_stores",
    "Connection": "_connection",
    "FileTokenStore": "_stores",
    "InvalidGrantError": ".errors",
    "MemoryTokenStore": "_stores",
    "NoTokenError": ".errors",
    "OAuth2App": "_app",
    "OAuthError": ".errors",
    "OAuthTransportError": ".errors",
    "ScopeError": ".errors",
    "StateMismatchError": ".errors",
    "Token": "_token",
    "TokenManager": "_manager",
    "TokenStore": "_stores",
    "TokenStoreError": ".errors",
    "TokenStoreUnavailableError": ".errors",
    "RedisTokenStore": "_redis_store",
    "SQLTokenStore": "_sql_store",
    "check_scopes": "scopes",
    "run_loopback_flow": "_loopback",
}

__all__ = [
    "DEFAULT_AUTHORIZE_URL",
    "DEFAULT_CONNECTIONS_URL",
    "DEFAULT_REVOCATION_URL",
    "DEFAULT_TOKEN_URL",
    "AuthorizationError",
    "AuthorizationRequest",
    "BaseTokenStore",
    "Connection",
    "FileTokenStore",
    "InvalidGrantError",
    "MemoryTokenStore",
    "NoTokenError",
    "OAuth2App",
    "OAuthError",
    "OAuthTransportError",
    "RedisTokenStore",
    "SQLTokenStore",
    "ScopeError",
    "StateMismatchError",
    "Token",
    "TokenManager",
    "TokenStore",
    "TokenStoreError",
    "TokenStoreUnavailableError",
    "check_scopes",
    "run_loopback_flow",
    "scopes",
]

if not TYPE_CHECKING:  # mypy sees the imports above, never a catch-all __getattr__
    __getattr__, __dir__ = lazy_module(__name__, _EXPORTS, submodules={"scopes": "scopes"})
