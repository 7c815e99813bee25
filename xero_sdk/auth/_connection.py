"""A tenant connection as returned by the Identity API (``GET /Connections``)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any
from uuid import UUID

import attrs

from xero_sdk._runtime.codec import parse_datetime
from xero_sdk.errors import OAuthError

__all__ = ["Connection", "parse_utc"]


def parse_utc(value: str) -> dt.datetime:
    """The Identity API's timestamps (zone-less, 7-digit fraction: UTC) as aware UTC datetimes."""
    return parse_datetime(value.strip()).astimezone(dt.timezone.utc)


@attrs.frozen(kw_only=True)
class Connection:
    """One organisation (or practice) the user has connected to the app."""

    id: str
    """The connection id (used by :meth:`OAuth2App.disconnect`)."""
    tenant_id: UUID
    """The tenant (organisation or practice): pass it to ``xero.for_tenant``. A ``UUID`` like every
    GUID the SDK returns, so it compares equal to a webhook event's ``tenant_id``."""
    tenant_type: str
    """``ORGANISATION`` or ``PRACTICE`` (kept as sent if Xero adds a type)."""
    tenant_name: str | None = None
    auth_event_id: str | None = None
    """Identifies the authorization (consent) event that created or last updated it."""
    created_at: dt.datetime | None = None
    updated_at: dt.datetime | None = None
    raw: Mapping[str, Any] = attrs.field(factory=dict, repr=False, eq=False)
    """The JSON object as received, including fields this SDK does not know."""

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Connection:
        """Read one object of the Identity API's ``/connections`` answer; :class:`OAuthError` if it is not a
        JSON object, lacks a field, or has a malformed ``tenantId`` or date."""
        if not isinstance(data, Mapping):
            raise OAuthError("connection is not a JSON object")
        try:
            return cls(
                id=str(data["id"]),
                tenant_id=UUID(str(data["tenantId"])),
                tenant_type=str(data.get("tenantType") or ""),
                tenant_name=_opt_str(data.get("tenantName")),
                auth_event_id=_opt_str(data.get("authEventId")),
                created_at=_opt_time(data.get("createdDateUtc")),
                updated_at=_opt_time(data.get("updatedDateUtc")),
                raw=dict(data),
            )
        except KeyError as exc:
            raise OAuthError(f"connection has no {exc.args[0]!s}") from None
        except ValueError as exc:
            raise OAuthError(f"connection has a malformed tenantId or date: {exc}") from None

    def to_dict(self) -> dict[str, Any]:
        """The Identity API's JSON shape."""
        return {
            "id": self.id,
            "tenantId": str(self.tenant_id),
            "tenantType": self.tenant_type,
            "tenantName": self.tenant_name,
            "authEventId": self.auth_event_id,
            "createdDateUtc": self.created_at.isoformat() if self.created_at else None,
            "updatedDateUtc": self.updated_at.isoformat() if self.updated_at else None,
        }


def _opt_str(value: Any) -> str | None:
    return None if value is None else str(value)


def _opt_time(value: Any) -> dt.datetime | None:
    if value is None or value == "":
        return None
    return parse_utc(str(value))
