"""The OAuth2 token: an immutable value whose secrets never show in ``repr``/``str``."""

from __future__ import annotations

import datetime as dt
import logging
import math
from collections.abc import Callable, Iterable, Mapping
from typing import Any

import attrs

from xero_sdk._runtime.codec import parse_datetime
from xero_sdk._runtime.redact import MASK
from xero_sdk.errors import OAuthError

__all__ = ["Token", "utcnow"]

logger = logging.getLogger("xero_sdk.auth")

#: Xero's documented access-token lifetime, used when a response has no ``expires_in``.
DEFAULT_EXPIRES_IN = 1800
#: Longest lifetime believed from a token response (a year): a larger ``expires_in`` is cut to
#: it rather than failing after the refresh token was spent (the new token would be lost).
MAX_EXPIRES_IN = 366 * 24 * 3600


def utcnow() -> dt.datetime:
    """The current time as an aware UTC datetime."""
    return dt.datetime.now(dt.timezone.utc)


def _aware_utc(value: dt.datetime) -> dt.datetime:
    if not isinstance(value, dt.datetime):
        raise TypeError(f"expires_at must be a datetime, got {type(value).__name__}")
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError("expires_at must be timezone-aware (UTC)")
    return value.astimezone(dt.timezone.utc)


def _scope_tuple(value: Iterable[str] | str | None) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        return tuple(value.split())
    return tuple(str(s) for s in value)


def _mask(value: str | None) -> str:
    return "None" if value is None else MASK


@attrs.frozen(kw_only=True, repr=False)
class Token:
    """An OAuth2 token set as returned by Xero's token endpoint.

    ``access_token``, ``refresh_token`` and ``id_token`` are secrets: ``repr()``/``str()`` show
    ``***`` instead. ``refresh_token`` is ``None`` for client-credentials tokens (Custom
    Connections, App Store billing) and when ``offline_access`` was not granted.
    """

    access_token: str
    refresh_token: str | None = None
    expires_at: dt.datetime = attrs.field(converter=_aware_utc)
    """When the access token expires, an aware UTC datetime."""
    scopes: tuple[str, ...] = attrs.field(default=(), converter=_scope_tuple)
    id_token: str | None = None
    token_type: str = "Bearer"

    # -- construction -------------------------------------------------------------------------
    @classmethod
    def from_response(cls, data: Mapping[str, Any], *, now: dt.datetime | None = None) -> Token:
        """Build a token from a token-endpoint JSON response.

        ``expires_at`` is ``now`` (default: the current time, taken when the response was
        received) plus ``expires_in``. Raises :class:`OAuthError` (without echoing the response)
        when ``access_token`` is missing or a field has the wrong type.
        """

        def expires_at(fields: Mapping[str, Any]) -> dt.datetime:
            start = _aware_utc(now) if now is not None else utcnow()
            expires_in = fields.get("expires_in")
            if expires_in is None:
                logger.debug("token response has no expires_in; assuming %s s", DEFAULT_EXPIRES_IN)
                seconds = float(DEFAULT_EXPIRES_IN)
            else:
                try:
                    seconds = float(expires_in)
                except (TypeError, ValueError):
                    raise OAuthError("token response has a non-numeric expires_in") from None
                if math.isnan(seconds):  # the refresh token is spent: keep the new token
                    logger.warning("token response has expires_in NaN; using %d", DEFAULT_EXPIRES_IN)
                    seconds = float(DEFAULT_EXPIRES_IN)
                if not 0 <= seconds <= MAX_EXPIRES_IN:
                    logger.warning("token response has expires_in %g s; using %d", seconds, MAX_EXPIRES_IN)
                    seconds = min(max(seconds, 0.0), float(MAX_EXPIRES_IN))
            return start + dt.timedelta(seconds=seconds)

        return _build(cls, data, "token response", expires_at, ("scope", "scopes"), "a malformed scope")

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Token:
        """Inverse of :meth:`to_dict`. Also reads token sets saved by other libraries
        (authlib, xero-python): ``expires_at`` as epoch seconds, ``scope`` as a string or list."""

        def expires_at(fields: Mapping[str, Any]) -> dt.datetime:
            raw_expiry = fields.get("expires_at")
            if isinstance(raw_expiry, (int, float)) and not isinstance(raw_expiry, bool):
                try:  # NaN, 1e300, years beyond 9999: what a corrupt or hostile file holds
                    return dt.datetime.fromtimestamp(float(raw_expiry), tz=dt.timezone.utc)
                except (ValueError, OverflowError, OSError):
                    raise OAuthError("stored token has an out-of-range expires_at") from None
            if isinstance(raw_expiry, str):
                try:  # zone-less values are UTC, as the codec reads Xero's own
                    return parse_datetime(raw_expiry)
                except ValueError:
                    raise OAuthError("stored token has a malformed expires_at") from None
            raise OAuthError("stored token has no expires_at")

        return _build(cls, data, "stored token", expires_at, ("scopes", "scope"), "a malformed scope list")

    def to_dict(self) -> dict[str, Any]:
        """A JSON-serialisable dict (secrets included: this is what a token store persists)."""
        return {
            "access_token": self.access_token,
            "refresh_token": self.refresh_token,
            "expires_at": self.expires_at.isoformat(),
            "scopes": list(self.scopes),
            "id_token": self.id_token,
            "token_type": self.token_type,
        }

    # -- queries ------------------------------------------------------------------------------
    def expires_in(self, *, now: dt.datetime | None = None) -> float:
        """Seconds until the access token expires (negative once expired)."""
        now = now if now is not None else utcnow()
        return (self.expires_at - now).total_seconds()

    def is_expiring(self, skew: float = 60.0, *, now: dt.datetime | None = None) -> bool:
        """Whether the access token expires within ``skew`` seconds (or already has)."""
        return self.expires_in(now=now) <= skew

    @property
    def can_refresh(self) -> bool:
        """Whether there is a refresh token (not the case for client-credentials tokens)."""
        return bool(self.refresh_token)

    def __repr__(self) -> str:
        return (
            f"Token(access_token={MASK}, refresh_token={_mask(self.refresh_token)}, "
            f"expires_at={self.expires_at.isoformat()}, scopes={self.scopes!r}, "
            f"id_token={_mask(self.id_token)}, token_type={self.token_type!r})"
        )

    __str__ = __repr__


def _build(
    cls: type[Token],
    data: Mapping[str, Any],
    what: str,
    expires_at: Callable[[Mapping[str, Any]], dt.datetime],
    scope_keys: tuple[str, str],
    malformed_scope: str,
) -> Token:
    """What :meth:`Token.from_response` and :meth:`Token.from_dict` share: the checks (in this
    order: a mapping, an access token, ``expires_at(data)``, the scopes, read from the first of
    ``scope_keys`` present) and the fields. Messages name ``what``, never a value."""
    if not isinstance(data, Mapping):
        raise OAuthError(f"{what} is not a JSON object")
    access_token = data.get("access_token")
    if not isinstance(access_token, str) or not access_token:
        raise OAuthError(f"{what} has no access_token")
    expiry = expires_at(data)
    preferred, other = scope_keys
    scope = data.get(preferred, data.get(other))
    if scope is not None and not isinstance(scope, (str, list, tuple)):
        raise OAuthError(f"{what} has {malformed_scope}")
    return cls(
        access_token=access_token,
        refresh_token=_optional_str(data, "refresh_token"),
        expires_at=expiry,
        scopes=_scope_tuple(scope),
        id_token=_optional_str(data, "id_token"),
        token_type=_optional_str(data, "token_type") or "Bearer",
    )


def _optional_str(data: Mapping[str, Any], key: str) -> str | None:
    value = data.get(key)
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        raise OAuthError(f"token field {key} is not a string")
    return value
