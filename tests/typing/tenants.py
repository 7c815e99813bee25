"""Tenant ids as a user passes them on, checked by ``mypy --strict`` (``make typecheck``):
a ``UUID`` or its text is taken everywhere, and every tenant id the SDK returns is a ``UUID``."""

from __future__ import annotations

from uuid import UUID

from typing_extensions import assert_type

from xero_sdk import AsyncXero, Connection, Xero, identity
from xero_sdk.webhooks import WebhookPayload


def pass_on(xero: Xero, axero: AsyncXero, payload: WebhookPayload, connection: Connection) -> None:
    for event in payload.events:
        assert_type(event.tenant_id, UUID)
        xero.for_tenant(event.tenant_id)
    assert_type(connection.tenant_id, UUID)
    assert_type(connection.model, identity.Connection)  # the data: the generated Identity model
    assert_type(xero.tenant_id, UUID | None)
    xero.for_tenant(connection.tenant_id)
    xero.for_tenant("7d3f5a3e-1c2b-4d5e-8f90-a1b2c3d4e5f6")
    axero.for_tenant(connection.tenant_id)
    Xero(access_token="t", tenant_id=connection.tenant_id)
    AsyncXero(access_token="t", tenant_id="7d3f5a3e-1c2b-4d5e-8f90-a1b2c3d4e5f6")
    xero.for_tenant(1)  # type: ignore[arg-type]
    text: str = connection.tenant_id  # type: ignore[assignment]
    del text
