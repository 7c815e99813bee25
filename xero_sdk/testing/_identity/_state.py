"""The identity server's state with its endpoints: :class:`IdentityState`."""

from __future__ import annotations

from ._connections import ConnectionEndpoints
from ._oauth import OAuthEndpoints

__all__ = ["IdentityState"]


class IdentityState(OAuthEndpoints, ConnectionEndpoints):
    """Everything the server knows and the endpoints that read and change it (the OAuth2 ones,
    the connections and the Organisation resource, the admin operations); all methods are
    thread-safe."""
