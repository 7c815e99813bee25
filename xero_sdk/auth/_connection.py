"""A tenant connection as returned by the Identity API (``GET /Connections``)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from typing import Any

import attrs

from ._errors import OAuthError

__all__ = ["Connection", "parse_utc"]

_ISO = re.compile(
    r"^(?P<date>\d{4}-\d{2}-\d{2})[T ](?P<time>\d{2}:\d{2}(?::\d{2})?)"
    r"(?:\.(?P<frac>\d+))?(?P<zone>Z|z|[+-]\d{2}:?\d{2})?$"
)


def parse_utc(value: str) -> dt.datetime:
    """Parse the Identity API's timestamps into aware UTC datetimes.

    Xero writes them without a zone and with a 7-digit fraction
    (``2021-02-10T23:17:50.1930000``), which ``datetime.fromisoformat`` rejects before Python
    3.11; zone-less values are UTC. The fraction is truncated to microseconds.
    """
    match = _ISO.match(value.strip())
    if match is None:
        raise ValueError(f"not an ISO 8601 date-time: {value!r}")
    frac = (match["frac"] or "")[:6].ljust(6, "0")
    zone = match["zone"] or "+00:00"
    if zone in ("Z", "z"):
        zone = "+00:00"
    elif ":" not in zone:
        zone = f"{zone[:3]}:{zone[3:]}"
    clock = match["time"] if match["time"].count(":") == 2 else match["time"] + ":00"
    parsed = dt.datetime.fromisoformat(f"{match['date']}T{clock}.{frac}{zone}")
    return parsed.astimezone(dt.timezone.utc)


@attrs.frozen(kw_only=True)
class Connection:
    """One organisation (or practice) the user has connected to the app."""

    id: str
    """The connection id (used by :meth:`OAuth2App.disconnect`)."""
    tenant_id: str
    """The value for the ``xero-tenant-id`` header."""
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
        if not isinstance(data, Mapping):
            raise OAuthError("connection is not a JSON object")
        try:
            return cls(
                id=str(data["id"]),
                tenant_id=str(data["tenantId"]),
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
            raise OAuthError(f"connection has a malformed date: {exc}") from None

    def to_dict(self) -> dict[str, Any]:
        """The Identity API's JSON shape."""
        return {
            "id": self.id,
            "tenantId": self.tenant_id,
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
