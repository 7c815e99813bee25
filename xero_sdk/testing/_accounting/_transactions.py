"""Invoices, credit notes, allocations, overpayments, prepayments, payments, bank transactions,
bank transfers and manual journals."""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable, Mapping
from typing import Any

from .. import _books as books
from .._http import Answer, validation_error
from .._org import Org
from .._pdf import invoice_pdf
from ._records import (
    Saver,
    _collection_named,
    _elements,
    _listing,
    _one,
    _refused,
    _with_unitdp,
    envelope,
    invalid,
    reads,
    writes,
    writes_per_request,
)
from ._routes import Context, route

# -- invoices and credit notes --------------------------------------------------------------------


def _unitdp_saver(saver: Callable[..., dict[str, Any]]) -> Callable[[Context], Saver]:
    """The saver for each request, given the request's ``unitdp``."""
    return lambda ctx: _with_unitdp(saver, ctx.request)


for _collection, _saver in (("Invoices", books.save_invoice), ("CreditNotes", books.save_credit_note)):
    reads(_collection, pdf=True)
    writes_per_request(_collection, _unitdp_saver(_saver), create_or_update=True)


@route("GET", r"/Invoices/(?P<id>[^/]+)/OnlineInvoice")
def online_invoice(ctx: Context, m: re.Match[str]) -> Answer:
    invoice = _one(ctx, "Invoices", m["id"])
    if invoice["Type"] != "ACCREC" or invoice["Status"] in ("DRAFT", "SUBMITTED", "DELETED"):
        raise invalid("An online invoice can only be retrieved for an approved sales invoice")
    token = uuid.uuid5(uuid.UUID(invoice["InvoiceID"]), "online").hex
    return Answer(200, {"OnlineInvoices": [{"OnlineInvoiceUrl": f"https://in.xero.com/{token}"}]})


@route("GET", r"/Invoices/(?P<id>[^/]+)/pdf")
def invoice_as_pdf(ctx: Context, m: re.Match[str]) -> Answer:
    return Answer(
        200, invoice_pdf(ctx.org, _one(ctx, "Invoices", m["id"])), {"Content-Type": "application/pdf"}
    )


def _allocations(collection: str) -> None:
    @route("PUT", rf"/{collection}/(?P<id>[^/]+)/Allocations")
    def create_allocation(ctx: Context, m: re.Match[str]) -> Answer:
        source = _one(ctx, collection, m["id"])
        results = []
        for element in _elements(ctx.request, "Allocations"):
            try:
                results.append(books.allocate(ctx.org, collection, source, element))
            except books.Refusal as refusal:
                raise validation_error([_refused(element, refusal.messages)]) from refusal
            ctx.changed("Invoices", str(element.get("Invoice", {}).get("InvoiceID", "")), False)
        return Answer(200, envelope("Allocations", results))


for _collection in ("CreditNotes", "Overpayments", "Prepayments"):
    _allocations(_collection)


@route("GET", r"/(?P<collection>Overpayments|Prepayments)")
def get_credits(ctx: Context, m: re.Match[str]) -> Answer:
    collection = _collection_named(m["collection"])
    return _listing(ctx, collection, ctx.org.all(collection))


@route("GET", r"/(?P<collection>Overpayments|Prepayments)/(?P<id>[^/]+)")
def get_credit(ctx: Context, m: re.Match[str]) -> Answer:
    collection = _collection_named(m["collection"])
    return Answer(200, envelope(collection, [_one(ctx, collection, m["id"])]))


# -- payments -------------------------------------------------------------------------------------


def _payment_saver(ctx: Context) -> Saver:
    def save(org: Org, body: Mapping[str, Any], existing: dict[str, Any] | None) -> dict[str, Any]:
        payment = books.save_payment(org, body, existing)
        ref = payment.get("Invoice")
        if ref:
            ctx.changed("Invoices", ref["InvoiceID"], False)
        return payment

    return save


reads("Payments")
writes_per_request("Payments", _payment_saver, create_or_update=True)


# -- bank transactions, transfers, manual journals -----------------------------------------------


reads("BankTransactions")
writes_per_request("BankTransactions", _unitdp_saver(books.save_bank_transaction), create_or_update=True)
reads("BankTransfers")
writes("BankTransfers", books.save_bank_transfer, update=False)
reads("ManualJournals")
writes("ManualJournals", books.save_manual_journal, create_or_update=True)
