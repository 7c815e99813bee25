"""The local Xero-like identity server, for the project's tests and ``make demo``.

Its implementation ships with the SDK in :mod:`xero_sdk.testing._identity` (the local Xero
serves the same endpoints); this package re-exports it so that ``tests.identity_server``,
``python -m tests.identity_server`` and the fixtures in :mod:`tests.identity_server.fixtures`
keep working. See :mod:`xero_sdk.testing._identity` for the endpoints and options.
"""

from xero_sdk.testing._identity import (
    DEFAULT_CLIENT_ID,
    DEFAULT_CLIENT_SECRET,
    DEFAULT_PUBLIC_CLIENT_ID,
    DEFAULT_REDIRECT_URIS,
    DEFAULT_TENANTS,
    Config,
    IdentityHTTPServer,
    IdentityServerProcess,
    IdentityState,
    fingerprint,
    start_identity_server,
)

__all__ = [
    "DEFAULT_CLIENT_ID",
    "DEFAULT_CLIENT_SECRET",
    "DEFAULT_PUBLIC_CLIENT_ID",
    "DEFAULT_REDIRECT_URIS",
    "DEFAULT_TENANTS",
    "Config",
    "IdentityHTTPServer",
    "IdentityServerProcess",
    "IdentityState",
    "fingerprint",
    "start_identity_server",
]
