"""A local OAuth2 server that behaves like Xero's identity service, for tests and ``make demo``.

Run it::

    python -m xero_sdk.testing._identity [--host 127.0.0.1] [--port 0] [--access-token-ttl 1800]
        [--refresh-token-ttl 5184000] [--code-ttl 300] [--token-latency 0]
        [--client ID:SECRET ...] [--public-client ID ...] [--redirect-uri URI ...]
        [--no-require-tenant]

It binds (``--port 0`` picks a free port), then prints exactly one line to stdout and flushes::

    XERO_IDENTITY_URL=http://127.0.0.1:PORT

Everything else (one line per request, never a token or code) goes to stderr. Point the SDK at
it with ``OAuth2App(..., identity_url=URL)`` or the environment variable ``XERO_IDENTITY_URL``.
Stop it with SIGTERM/SIGINT. Built on ``http.server`` (no dependencies beyond the stdlib).

Built-in clients (``--client`` / ``--public-client`` replace them): the confidential
``DEFAULT_CLIENT_ID`` / ``DEFAULT_CLIENT_SECRET`` and the PKCE (no secret)
``DEFAULT_PUBLIC_CLIENT_ID``, both allowed the redirect URIs in ``DEFAULT_REDIRECT_URIS`` (or
those given with ``--redirect-uri``). Tenants: ``DEFAULT_TENANTS``.

Xero-like endpoints
-------------------
``GET /identity/connect/authorize``
    Validates ``client_id`` and ``redirect_uri`` (400, no redirect, if wrong), then
    ``response_type=code``, ``scope``, and PKCE (``code_challenge`` required for public clients,
    method ``S256`` only). Auto-approves (config ``consent=approve``): connects the user's
    organisations under a new ``authEventId`` and answers 302 to
    ``redirect_uri?code=...&scope=...&state=...&session_state=...``; with ``consent=deny``
    redirects with ``error=access_denied``; other errors redirect with ``error=``.
``POST /connect/token``
    Client authentication by HTTP Basic or form (``client_id``/``client_secret``; public
    clients send ``client_id`` only). Grants:

    * ``authorization_code``: single-use codes (reuse revokes the grant), ``redirect_uri`` must
      match, PKCE S256 verification; issues access token, refresh token (with
      ``offline_access``), ``id_token`` (with ``openid``; HS256 JWT carrying the ``nonce``).
    * ``refresh_token``: single-use, rotating: the old refresh token is spent and any reuse,
      unknown, revoked or expired token gets HTTP 400 ``{"error": "invalid_grant"}``. Access
      tokens issued earlier stay valid until they expire (as Xero's JWTs do).
    * ``client_credentials``: confidential clients only; no refresh token; bound to the first
      tenant (no ``xero-tenant-id`` needed).
``POST /connect/revocation``
    RFC 7009: revokes the grant of the given refresh (or access) token, its tokens and the
    user's connections to the app; 200 also for unknown tokens.
``GET /connections`` and ``GET /Connections`` (optional ``?authEventId=``)
    Bearer; Xero-shaped ``[{"id","authEventId","tenantId","tenantType","tenantName",
    "createdDateUtc","updatedDateUtc"}]`` (dates without zone, 7-digit fraction).
``DELETE /Connections/{id}``
    204, or 404 if the id is not one of the user's connections to this app.
``GET /api.xro/2.0/Organisation``
    A resource endpoint: needs a valid bearer and (config ``require_tenant``) a connected
    ``xero-tenant-id``. Expired token: 401 ``{"Type":null,"Title":"Unauthorized","Status":401,
    "Detail":"TokenExpired: token expired at MM/dd/yyyy HH:mm:ss","Instance":"<uuid>",
    "Extensions":{}}``; unknown/revoked: 401 ``Detail: AuthorizationUnsuccessful``; tenant not
    connected: 403 ``Detail: AuthenticationUnsuccessful``.

Admin endpoints (tests only; JSON in and out)
---------------------------------------------
``GET /_admin/health``; ``GET /_admin/stats`` (counters: ``refresh_granted``,
``refresh_rejected``, ``refresh_uses`` {fingerprint(refresh token): presentations},
``refresh_events`` [{at, age, generation, refresh_token}], ``code_exchanges``,
``client_credentials_granted``, ``revocations``, ``resource_ok``, ``resource_401``, ...;
``fingerprint()`` is in this package); ``GET|POST /_admin/config`` (fields of ``Config``:
``access_token_ttl``, ``refresh_token_ttl``, ``code_ttl``, ``consent``, ``require_tenant``,
``token_latency``, ``refresh_grace``, ``clock_offset``); ``POST /_admin/clock`` ``{"offset": s}`` or
``{"advance": s}`` (server clock skew); ``POST /_admin/expire`` ``{"kind": "access"|"refresh",
"token": optional}``; ``POST /_admin/clients`` ``{"client_id", "client_secret", "redirect_uris"}``;
``POST /_admin/faults`` ``{"status": 503, "path": "^/connect/token$", "times": 1, "retry_after": 1}``
(answer that status instead of handling the next matching requests) or ``{"lose_answer": true,
...}`` (handle the request, then close the connection without its answer);
``POST /_admin/reset`` (back to the command-line state).

From Python: :func:`start_identity_server` (a context manager running it as a subprocess) and
the project's pytest fixtures in ``tests/identity_server/fixtures.py``. Run in-process by
:class:`xero_sdk.testing.LocalXero`, which serves these endpoints next to the Accounting API.
"""

from ._process import IdentityServerProcess, start_identity_server
from ._records import (
    DEFAULT_CLIENT_ID,
    DEFAULT_CLIENT_SECRET,
    DEFAULT_PUBLIC_CLIENT_ID,
    DEFAULT_REDIRECT_URIS,
    DEFAULT_TENANTS,
    ClientRecord,
    Config,
    Reply,
    fingerprint,
)
from ._server import IdentityHTTPServer, reply_bytes, route_identity
from ._state import IdentityState

__all__ = [
    "DEFAULT_CLIENT_ID",
    "DEFAULT_CLIENT_SECRET",
    "DEFAULT_PUBLIC_CLIENT_ID",
    "DEFAULT_REDIRECT_URIS",
    "DEFAULT_TENANTS",
    "ClientRecord",
    "Config",
    "IdentityHTTPServer",
    "IdentityServerProcess",
    "IdentityState",
    "Reply",
    "fingerprint",
    "reply_bytes",
    "route_identity",
    "start_identity_server",
]
