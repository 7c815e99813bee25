"""One type for tenant ids: every place that takes a tenant accepts a ``UUID`` or its text, and
every tenant id the SDK returns (``Connection.tenant_id``, webhook events, ``client.tenant_id``)
is a ``UUID``, so ids from any of them compare equal and pass straight on."""

from __future__ import annotations

import json
from uuid import UUID

from xero_sdk import Xero
from xero_sdk.auth import Connection
from xero_sdk.webhooks import parse_payload

from ._loopback import Loopback, Reply, Seen
from .conftest import TOKEN

TENANT = UUID("7d3f5a3e-1c2b-4d5e-8f90-a1b2c3d4e5f6")


def _event_body(tenant: str) -> bytes:
    event = {
        "resourceUrl": "https://api.xero.com/api.xro/2.0/Contacts/717f2bfc-c6d4-41fd-b238-3f2f0c0cf777",
        "resourceId": "717f2bfc-c6d4-41fd-b238-3f2f0c0cf777",
        "eventDateUtc": "2026-01-31T10:00:00.000",
        "eventType": "UPDATE",
        "eventCategory": "CONTACT",
        "tenantId": tenant,
        "tenantType": "ORGANISATION",
    }
    return json.dumps(
        {"events": [event], "firstEventSequence": 1, "lastEventSequence": 1, "entropy": "x"}
    ).encode()


def test_returned_tenant_ids_are_uuids_that_compare_equal(server: Loopback) -> None:
    connection = Connection.from_dict(
        {"id": "c1", "tenantId": str(TENANT).upper(), "tenantType": "ORGANISATION"}
    )
    (event,) = parse_payload(_event_body(str(TENANT))).events
    assert connection.tenant_id == event.tenant_id == TENANT
    with Xero(access_token=TOKEN, api_url=server.url) as xero:
        assert xero.tenant_id is None
        assert xero.for_tenant(event.tenant_id).tenant_id == connection.tenant_id
        assert xero.for_tenant(str(TENANT)).tenant_id == TENANT


def test_a_uuid_or_its_text_is_sent_as_the_tenant_header(server: Loopback) -> None:
    seen: list[Seen] = []

    def app(request: Seen) -> Reply:
        seen.append(request)
        return Reply.json({"Organisations": []})

    server.app = app
    with Xero(access_token=TOKEN, tenant_id=TENANT, api_url=server.url) as xero:
        assert xero.tenant_id == TENANT
        assert xero.accounting.get_organisations().organisations == []
        xero.for_tenant(str(TENANT)).accounting.get_organisations()
    (event,) = parse_payload(_event_body(str(TENANT))).events
    with Xero(access_token=TOKEN, api_url=server.url) as xero:
        xero.for_tenant(event.tenant_id).accounting.get_organisations()
    assert [r.headers["xero-tenant-id"] for r in seen] == [str(TENANT)] * 3
