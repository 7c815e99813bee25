"""The egress meter: bytes received per tenant and per API, on the client and to ``on_egress``
hooks, counted for every attempt (retries and errors are billed too) and for streamed
downloads once they have been read."""

from __future__ import annotations

import asyncio
import gzip
import io
import json
from typing import Any

from xero_sdk import Egress, EgressMeter, errors

from ._loopback import Loopback, Reply
from .conftest import TENANT, async_client, sync_client

OTHER_TENANT = "0b7e9a0e-8f7c-4f51-9a52-6c8a2f1b3c4d"
INVOICES = json.dumps({"Invoices": [{"InvoiceID": "8a3fdcc9-83eb-4fdd-83e0-52ec1b40b072"}]}).encode()
CONTACTS = json.dumps({"Contacts": []}).encode()


def app(seen: Any) -> Reply:
    if seen.path.endswith("/Invoices"):
        return Reply(200, {"Content-Type": "application/json"}, INVOICES)
    if seen.path.endswith("/Contacts"):
        return Reply(200, {"Content-Type": "application/json"}, CONTACTS)
    if seen.path.startswith("/payroll.xro/2.0/"):
        return Reply(200, {"Content-Type": "application/json"}, b'{"employees": []}')
    if "/Invoices/" in seen.path:  # a PDF, streamed
        return Reply.stream(300_000, "application/pdf")
    return Reply(500, {"Content-Type": "application/json"}, b'{"Message": "boom"}')


def test_bytes_per_tenant_and_api_on_the_client_and_to_hooks(server: Loopback) -> None:
    server.reset(app)
    events: list[Egress] = []
    with sync_client(server, on_egress=events.append) as xero:
        xero.accounting.get_invoices()
        xero.accounting.get_contacts()
        other = xero.for_tenant(OTHER_TENANT)
        other.accounting.get_invoices()
        other.payroll_uk.get_employees()
        meter = xero.egress
        assert isinstance(meter, EgressMeter) and other.egress is meter  # one meter per family
        assert meter.by_tenant() == {
            TENANT: len(INVOICES) + len(CONTACTS),
            OTHER_TENANT: len(INVOICES) + len(b'{"employees": []}'),
        }
        assert meter.by_api() == {"accounting": 2 * len(INVOICES) + len(CONTACTS), "payroll_uk": 17}
        assert meter.by_api(OTHER_TENANT) == {"accounting": len(INVOICES), "payroll_uk": 17}
        assert meter.tenant(TENANT) == len(INVOICES) + len(CONTACTS)
        assert meter.total == sum(e.bytes for e in events)
    assert [(e.tenant_id, e.api, e.operation_id, e.status) for e in events] == [
        (TENANT, "accounting", "getInvoices", 200),
        (TENANT, "accounting", "getContacts", 200),
        (OTHER_TENANT, "accounting", "getInvoices", 200),
        (OTHER_TENANT, "payroll_uk", "getEmployees", 200),
    ]
    meter.reset()
    assert meter.total == 0 and meter.by_api() == {}


def test_streamed_download_is_counted_once_read(server: Loopback) -> None:
    server.reset(app)
    events: list[Egress] = []
    with sync_client(server, on_egress=events.append) as xero:
        out = io.BytesIO()
        written = xero.accounting.get_invoice_as_pdf("8a3fdcc9-83eb-4fdd-83e0-52ec1b40b072", destination=out)
        assert written == 300_000 and xero.egress.total == 300_000
    assert [e.bytes for e in events] == [300_000]


def test_retries_and_errors_are_counted(server: Loopback) -> None:
    body = b'{"Message": "boom"}'
    server.reset(lambda seen: Reply(503, {"Content-Type": "application/json"}, body))
    with sync_client(server, max_retries=2, sleep=lambda s: None) as xero:
        try:
            xero.accounting.get_organisations()
        except errors.ServerError:
            pass
        assert xero.egress.by_api() == {"accounting": 3 * len(body)}


def test_bytes_as_received_when_compressed(server: Loopback) -> None:
    plain = json.dumps({"Contacts": [{"Name": "x" * 5000}]}).encode()
    packed = gzip.compress(plain)
    server.reset(
        lambda seen: Reply(200, {"Content-Type": "application/json", "Content-Encoding": "gzip"}, packed)
    )
    with sync_client(server) as xero:
        contacts = xero.accounting.get_contacts().contacts
        assert contacts is not None and contacts[0].name == "x" * 5000
        assert xero.egress.total == len(packed) < len(plain)  # what Xero sent, what is billed


def test_async_client_counts_and_awaits_async_hooks(server: Loopback) -> None:
    server.reset(app)
    seen: list[int] = []

    async def hook(event: Egress) -> None:
        await asyncio.sleep(0)
        seen.append(event.bytes)

    async def go() -> dict[str, int]:
        async with async_client(server, on_egress=hook) as xero:
            await xero.accounting.get_invoices()
            await xero.for_tenant(OTHER_TENANT).accounting.get_contacts()
            return xero.egress.by_api()

    assert asyncio.run(go()) == {"accounting": len(INVOICES) + len(CONTACTS)}
    assert seen == [len(INVOICES), len(CONTACTS)]
