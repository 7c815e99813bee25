"""A tenant connection as returned by the Identity API (``GET /Connections``).

The data is defined once, by Xero's Identity document: the generated model
``xero_sdk.identity.Connection`` (what ``xero.identity.get_connections()`` returns) holds it.
:class:`Connection` is the view ``xero.connections()`` and ``OAuth2App.connections()`` return
over that model: the names and types this SDK has always offered (``tenant_id`` a ``UUID``,
``created_at`` an aware UTC datetime, ``id`` the text to pass to ``disconnect``), checked on
reading (a connection without ``tenantId`` is refused), and the JSON as received (``raw``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, NoReturn
from uuid import UUID

from xero_sdk._runtime.codec import parse_datetime
from xero_sdk.errors import OAuthError

if TYPE_CHECKING:
    from xero_sdk._generated.identity.models.connection import Connection as ConnectionModel

__all__ = ["Connection", "parse_utc"]


def parse_utc(value: str) -> dt.datetime:
    """The Identity API's timestamps (zone-less, 7-digit fraction: UTC) as aware UTC datetimes."""
    return _utc(parse_datetime(value.strip()))


def _utc(value: dt.datetime) -> dt.datetime:
    return (
        value.replace(tzinfo=dt.timezone.utc) if value.tzinfo is None else value.astimezone(dt.timezone.utc)
    )


def _model_class() -> type[ConnectionModel]:
    from xero_sdk._generated.identity.models.connection import Connection as ConnectionModel

    return ConnectionModel


class Connection:
    """One organisation (or practice) the user has connected to the app.

    A read-only view of the Identity API's generated ``Connection`` model (:attr:`model`):
    ``id``, ``tenant_id``, ``tenant_type``, ``tenant_name``, ``auth_event_id``, ``created_at``,
    ``updated_at`` read it; ``raw`` is the JSON object as received. Two connections are equal when
    those fields are (``raw`` aside); a connection is hashable.
    """

    __slots__ = ("model", "raw")

    model: ConnectionModel
    """The generated Identity API model holding the data (``xero_sdk.identity.Connection``)."""
    raw: Mapping[str, Any]
    """The JSON object as received, including fields this SDK does not know."""

    def __init__(
        self,
        *,
        id: str,
        tenant_id: UUID,
        tenant_type: str,
        tenant_name: str | None = None,
        auth_event_id: str | None = None,
        created_at: dt.datetime | None = None,
        updated_at: dt.datetime | None = None,
        raw: Mapping[str, Any] | None = None,
    ) -> None:
        data = _wire(id, tenant_id, tenant_type, tenant_name, auth_event_id, created_at, updated_at)
        self._set(_model_class().from_dict(data), dict(raw) if raw is not None else data)

    def _set(self, model: ConnectionModel, raw: Mapping[str, Any]) -> None:
        object.__setattr__(self, "model", model)
        object.__setattr__(self, "raw", raw)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Connection:
        """Read one object of the Identity API's ``/connections`` answer; :class:`OAuthError` if it is not a
        JSON object, lacks a field, or has a malformed ``tenantId`` or date."""
        if not isinstance(data, Mapping):
            raise OAuthError("connection is not a JSON object")
        model = _model_class().from_dict(data)
        kept = model.additional_properties
        if data.get("id") is None:
            raise OAuthError("connection has no id")
        if model.tenant_id is None:
            if data.get("tenantId") is None:
                raise OAuthError("connection has no tenantId")
            _malformed("tenantId", kept["tenantId"])
        for key in ("createdDateUtc", "updatedDateUtc"):
            if key in kept and kept[key] != "":
                _malformed(key, kept[key])
        self = object.__new__(cls)
        self._set(model, dict(data))
        return self

    def __setattr__(self, name: str, value: object) -> NoReturn:
        raise AttributeError(f"Connection is read-only (cannot set {name!r})")

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self).from_dict, (dict(self.raw),))

    # -- the fields ----------------------------------------------------------------------------
    @property
    def id(self) -> str:
        """The connection id (used by :meth:`OAuth2App.disconnect` and ``xero.disconnect``)."""
        value = self.model.id
        return str(value) if value is not None else str(self.model.additional_properties["id"])

    @property
    def tenant_id(self) -> UUID:
        """The tenant (organisation or practice): pass it to ``xero.for_tenant``. A ``UUID`` like every
        GUID the SDK returns, so it compares equal to a webhook event's ``tenant_id``."""
        value = self.model.tenant_id
        assert value is not None  # checked when read
        return value

    @property
    def tenant_type(self) -> str:
        """``ORGANISATION`` or ``PRACTICE`` (kept as sent if Xero adds a type)."""
        return self.model.tenant_type or ""

    @property
    def tenant_name(self) -> str | None:
        """The organisation's (or practice's) name."""
        return self.model.tenant_name

    @property
    def auth_event_id(self) -> str | None:
        """Identifies the authorization (consent) event that created or last updated it."""
        value = self.model.auth_event_id
        if value is not None:
            return str(value)
        kept = self.model.additional_properties.get("authEventId")
        return None if kept is None else str(kept)

    @property
    def created_at(self) -> dt.datetime | None:
        """When the user connected this tenant to the app (aware, UTC)."""
        value = self.model.created_date_utc
        return None if value is None else _utc(value)

    @property
    def updated_at(self) -> dt.datetime | None:
        """When the user last connected it again (aware, UTC); may differ from ``created_at``."""
        value = self.model.updated_date_utc
        return None if value is None else _utc(value)

    # -- value behaviour -----------------------------------------------------------------------
    def _key(
        self,
    ) -> tuple[str, UUID, str, str | None, str | None, dt.datetime | None, dt.datetime | None]:
        """The fields, in :func:`_wire`'s order."""
        return (
            self.id,
            self.tenant_id,
            self.tenant_type,
            self.tenant_name,
            self.auth_event_id,
            self.created_at,
            self.updated_at,
        )

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        assert isinstance(other, Connection)
        return self._key() == other._key()

    def __hash__(self) -> int:
        return hash(self._key())

    def __repr__(self) -> str:
        return (
            f"Connection(id={self.id!r}, tenant_id={self.tenant_id!r}, tenant_type={self.tenant_type!r}, "
            f"tenant_name={self.tenant_name!r}, auth_event_id={self.auth_event_id!r}, "
            f"created_at={self.created_at!r}, updated_at={self.updated_at!r})"
        )

    def to_dict(self) -> dict[str, Any]:
        """The Identity API's JSON shape."""
        return _wire(*self._key())


def _wire(
    id: str,
    tenant_id: UUID,
    tenant_type: str,
    tenant_name: str | None,
    auth_event_id: str | None,
    created_at: dt.datetime | None,
    updated_at: dt.datetime | None,
) -> dict[str, Any]:
    """A connection's fields in the Identity API's JSON shape."""
    return {
        "id": id,
        "tenantId": str(tenant_id),
        "tenantType": tenant_type,
        "tenantName": tenant_name,
        "authEventId": auth_event_id,
        "createdDateUtc": created_at.isoformat() if created_at else None,
        "updatedDateUtc": updated_at.isoformat() if updated_at else None,
    }


def _malformed(key: str, value: object) -> NoReturn:
    raise OAuthError(f"connection has a malformed tenantId or date: {key}={str(value)[:60]!r}")
