"""What the runtime needs from authentication: a current access token, and a new one after a 401.

``xero_sdk.auth.TokenManager`` implements this protocol (refresh, rotation, persistence,
locking); tests and quick scripts use their own implementation or :class:`StaticToken`.
"""

from __future__ import annotations

from typing import Protocol, runtime_checkable


@runtime_checkable
class TokenProvider(Protocol):
    """The four methods the sync and async loops call."""

    def access_token(self) -> str:
        """A valid access token, refreshed first if it is about to expire."""
        ...

    def on_unauthorized(self, failed_access_token: str) -> str:
        """Xero refused ``failed_access_token`` as expired: return a fresh token (refreshing once,
        or returning another thread's newer token); return the same token if none can be had."""
        ...

    async def aaccess_token(self) -> str: ...

    async def aon_unauthorized(self, failed_access_token: str) -> str: ...


class StaticToken:
    """A fixed access token (quick scripts, tests): never refreshed.

    After a ``TokenExpired`` 401 it returns the same token, so the client raises
    :class:`~xero_sdk.errors.TokenExpiredError` instead of resending."""

    __slots__ = ("_token",)

    def __init__(self, access_token: str) -> None:
        if not access_token:
            raise ValueError("access_token must be a non-empty string")
        self._token = access_token

    def __repr__(self) -> str:
        return "StaticToken(<hidden>)"

    def access_token(self) -> str:
        return self._token

    def on_unauthorized(self, failed_access_token: str) -> str:
        return self._token

    async def aaccess_token(self) -> str:
        return self._token

    async def aon_unauthorized(self, failed_access_token: str) -> str:
        return self._token
