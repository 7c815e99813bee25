"""Identifier lists beyond Xero's URL cap (about 52 GUIDs) are sent as several requests and the
answers merged, for the plain methods and their ``iter_`` twins; operations Xero removes warn."""

from __future__ import annotations

import asyncio
import json
import uuid
import warnings
from typing import Any
from urllib.parse import quote

import pytest

from xero_sdk._runtime.id_lists import GUIDS_PER_REQUEST, LIST_BUDGET

from ._loopback import Loopback, Reply, Seen
from .conftest import async_client, sync_client

GUIDS = [str(uuid.UUID(int=i + 1)) for i in range(130)]


def listed(seen: Seen, name: str) -> list[str]:
    values = seen.params(name)
    return values[0].split(",") if values else []


def invoices(seen: Seen) -> Reply:
    """Echo the filter: one invoice per requested ID (or invoice number), one page."""
    ids = listed(seen, "IDs") or [
        str(uuid.uuid5(uuid.NAMESPACE_OID, n)) for n in listed(seen, "InvoiceNumbers")
    ]
    body = {
        "Invoices": [{"InvoiceID": i} for i in ids],
        "pagination": {"page": 1, "pageSize": 1000, "pageCount": 1, "itemCount": len(ids)},
    }
    return Reply(200, {"Content-Type": "application/json"}, json.dumps(body).encode())


def test_a_long_id_list_is_split_and_the_answers_merged(server: Loopback) -> None:
    server.reset(invoices)
    with sync_client(server) as xero:
        result = xero.accounting.get_invoices(ids=GUIDS, statuses=["AUTHORISED"])
    assert len(server.requests) == 3
    sent = [listed(r, "IDs") for r in server.requests]
    assert [len(s) for s in sent] == [GUIDS_PER_REQUEST, GUIDS_PER_REQUEST, 130 - 2 * GUIDS_PER_REQUEST]
    assert [g for s in sent for g in s] == GUIDS  # every id once, in order
    assert all(r.params("Statuses") == ["AUTHORISED"] for r in server.requests)  # the rest unchanged
    assert [str(i.invoice_id) for i in result.invoices or []] == GUIDS
    assert result.pagination is not None and result.pagination.item_count == 130


def test_a_list_that_fits_is_one_request(server: Loopback) -> None:
    server.reset(invoices)
    with sync_client(server) as xero:
        result = xero.accounting.get_invoices(ids=GUIDS[:GUIDS_PER_REQUEST])
    assert len(server.requests) == 1 and len(result.invoices or []) == GUIDS_PER_REQUEST


def test_short_invoice_numbers_go_many_at_a_time_within_the_same_budget(server: Loopback) -> None:
    numbers = [f"INV-{n:04d}" for n in range(400)] + ["INV-0001"]  # a duplicate is sent once
    server.reset(invoices)
    with sync_client(server) as xero:
        result = xero.accounting.get_invoices(invoice_numbers=numbers)
    sent = [listed(r, "InvoiceNumbers") for r in server.requests]
    assert [n for s in sent for n in s] == numbers[:400]
    assert 1 < len(sent) < 400 // GUIDS_PER_REQUEST
    assert all(len(quote(",".join(s), safe="")) <= LIST_BUDGET for s in sent)
    assert len(result.invoices or []) == 400


def test_two_long_lists_are_combined_piece_by_piece(server: Loopback) -> None:
    contacts = GUIDS[:60]
    server.reset(invoices)
    with sync_client(server) as xero:
        xero.accounting.get_invoices(ids=GUIDS[:60], contact_ids=contacts)
    pairs = [(len(listed(r, "IDs")), len(listed(r, "ContactIDs"))) for r in server.requests]
    assert pairs == [(52, 52), (52, 8), (8, 52), (8, 8)]  # the lists are ANDed: every combination


def test_iter_twin_walks_each_piece(server: Loopback) -> None:
    server.reset(invoices)
    with sync_client(server) as xero:
        got = [str(i.invoice_id) for i in xero.accounting.iter_invoices(ids=GUIDS[:70])]
    assert got == GUIDS[:70]
    assert [len(listed(r, "IDs")) for r in server.requests] == [52, 18]
    assert all(r.params("pageSize") == ["1000"] for r in server.requests)


def test_async_methods_split_too(server: Loopback) -> None:
    server.reset(invoices)

    async def go() -> tuple[list[Any], list[Any]]:
        async with async_client(server) as xero:
            one = await xero.accounting.get_contacts(ids=GUIDS[:60])
            two = [i async for i in xero.accounting.iter_invoices(ids=GUIDS[:60])]
            return [one], two

    server.reset(lambda seen: invoices(seen) if "Invoices" in seen.path else contacts_reply(seen))
    _one, items = asyncio.run(go())
    assert [str(i.invoice_id) for i in items] == GUIDS[:60]
    contact_calls = [r for r in server.requests if r.path.endswith("/Contacts")]
    assert [len(listed(r, "IDs")) for r in contact_calls] == [52, 8]


def contacts_reply(seen: Seen) -> Reply:
    body = {"Contacts": [{"ContactID": i} for i in listed(seen, "IDs")]}
    return Reply(200, {"Content-Type": "application/json"}, json.dumps(body).encode())


@pytest.mark.parametrize("method", ["get_receipts", "get_expense_claims"])
def test_operations_xero_removes_warn_naming_the_date(server: Loopback, method: str) -> None:
    server.reset(lambda seen: Reply(200, {"Content-Type": "application/json"}, b"{}"))
    with sync_client(server) as xero, warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        getattr(xero.accounting, method)()
    (warning,) = [w for w in caught if issubclass(w.category, DeprecationWarning)]
    assert "February 2027" in str(warning.message)
    assert warning.filename == __file__  # points at the caller's line
    doc = getattr(type(xero.accounting), method).__doc__
    assert ".. deprecated:: Xero removes this operation in February 2027" in doc


def test_async_removal_warning_points_at_the_awaiting_line(server: Loopback) -> None:
    server.reset(lambda seen: Reply(200, {"Content-Type": "application/json"}, b"{}"))

    async def go() -> list[warnings.WarningMessage]:
        async with async_client(server) as xero:
            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always")
                await xero.accounting.get_receipts()
            return caught

    (warning,) = [w for w in asyncio.run(go()) if issubclass(w.category, DeprecationWarning)]
    assert "getReceipts" in str(warning.message) and "February 2027" in str(warning.message)
    assert warning.filename == __file__
