"""The bearer-protected endpoints: ``/connections`` (list, delete) and the Organisation resource."""

from __future__ import annotations

import uuid

from ._core import StateCore
from ._records import (
    Reply,
    _problem,
    _xero_datetime,
)


class ConnectionEndpoints(StateCore):
    """The bearer-protected endpoints of :class:`~._state.IdentityState`."""

    def organisation(self, authorization: str | None, tenant_header: str | None) -> Reply:
        with self._lock:
            record, failure = self._bearer(authorization)
            if failure is not None:
                self.stats["resource_401"] += 1
                return failure
            assert record is not None
            grant = self.grants[record.grant_id]
            tenants = [c.tenant_id for c in self._visible_connections(grant)]
            if grant.kind == "client_credentials":
                tenant_id = tenants[0]
            elif tenant_header in tenants:
                tenant_id = tenant_header
            elif self.config.require_tenant:
                self.stats["resource_403"] += 1
                return _problem(403, "Forbidden", "AuthenticationUnsuccessful")
            else:
                tenant_id = tenants[0] if tenants else self.tenants[0][0]
            name = next((t[2] for t in self.tenants if t[0] == tenant_id), "")
            self.stats["resource_ok"] += 1
            return Reply(
                200,
                {
                    "Id": str(uuid.uuid4()),
                    "Status": "OK",
                    "ProviderName": "xero-sdk identity server",
                    "DateTimeUTC": f"/Date({int(self.now() * 1000)})/",
                    "Organisations": [{"OrganisationID": tenant_id, "Name": name, "Version": "NZ"}],
                },
            )

    def list_connections(self, authorization: str | None, auth_event_id: str | None) -> Reply:
        with self._lock:
            record, failure = self._bearer(authorization)
            if failure is not None:
                return failure
            assert record is not None
            self.stats["connections_calls"] += 1
            items = self._visible_connections(self.grants[record.grant_id])
            if auth_event_id:
                items = [c for c in items if c.auth_event_id == auth_event_id]
            return Reply(
                200,
                [
                    {
                        "id": c.id,
                        "authEventId": c.auth_event_id,
                        "tenantId": c.tenant_id,
                        "tenantType": c.tenant_type,
                        "tenantName": c.tenant_name,
                        "createdDateUtc": _xero_datetime(c.created),
                        "updatedDateUtc": _xero_datetime(c.updated),
                    }
                    for c in items
                ],
            )

    def delete_connection(self, authorization: str | None, connection_id: str) -> Reply:
        with self._lock:
            record, failure = self._bearer(authorization)
            if failure is not None:
                return failure
            assert record is not None
            grant = self.grants[record.grant_id]
            connection = self.connections.get(connection_id)
            if connection is None or connection.client_id != grant.client_id:
                return _problem(404, "Not Found", f"connection {connection_id} not found")
            del self.connections[connection_id]
            self.stats["disconnects"] += 1
            self.log(f"connection {connection_id} deleted")
            return Reply(204, None)
