"""One scenario, two servers: Prism checks its shape (every request accepted by Xero's document,
every answer typed as the document says), the local Xero its meaning (the totals, the payment,
the trial balance). The same function drives both, so the local Xero cannot drift from the
document the SDK is generated from without this test noticing."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import pytest

from tests.mockserver.prism import PrismFleet
from xero_sdk import F, Xero
from xero_sdk.accounting import (
    Account,
    Contact,
    Invoice,
    Invoices,
    InvoiceType,
    LineAmountTypes,
    LineItem,
    Payment,
    ReportWithRows,
)
from xero_sdk.testing import LocalXero

pytestmark = pytest.mark.contract


@dataclass(frozen=True)
class Api:
    """Tells the contract conftest which Prism this test needs (only Accounting)."""

    api: str


@dataclass
class Outcome:
    contacts: list[Contact]
    created: Invoice
    paid: Invoice
    trial_balance: ReportWithRows
    pdf: bytes


def scenario(xero: Xero) -> Outcome:
    contacts = (
        xero.accounting.get_contacts(
            where=F("Name").startswith("A", null_safe=True), order="Name", page=1
        ).contacts
        or []
    )
    customer = contacts[0].contact_id if contacts and contacts[0].contact_id else None
    invoice = Invoice(
        type_=InvoiceType.ACCREC,
        contact=Contact(contact_id=customer) if customer else Contact(name="ABC Furniture"),
        date=date(2026, 3, 1),
        due_date=date(2026, 3, 31),
        line_amount_types=LineAmountTypes.EXCLUSIVE,
        status="AUTHORISED",
        line_items=[
            LineItem(
                description="Consulting",
                quantity=Decimal("2.5"),
                unit_amount=Decimal("229.8950"),
                account_code="200",
            ),
            LineItem(description="Travel", quantity=1, unit_amount=Decimal("0.10"), account_code="200"),
        ],
    )
    created = (
        xero.accounting.create_invoices(
            body=Invoices(invoices=[invoice]), summarize_errors=False, unitdp=4
        ).invoices
        or []
    )[0]
    assert created.invoice_id is not None and created.amount_due is not None
    payment = Payment(
        invoice=Invoice(invoice_id=created.invoice_id),
        account=Account(code="090"),
        amount=created.amount_due,
        date=date(2026, 3, 10),
    )
    xero.accounting.create_payment(body=payment)
    paid = (xero.accounting.get_invoice(str(created.invoice_id)).invoices or [])[0]
    return Outcome(
        contacts=contacts,
        created=created,
        paid=paid,
        trial_balance=xero.accounting.get_report_trial_balance(date=date(2026, 3, 31)),
        pdf=xero.accounting.get_invoice_as_pdf(str(created.invoice_id)),
    )


def _shape(outcome: Outcome) -> None:
    assert outcome.contacts and all(isinstance(c, Contact) for c in outcome.contacts)
    for invoice in (outcome.created, outcome.paid):
        assert isinstance(invoice.total, Decimal) and isinstance(invoice.date, date)
        assert invoice.line_items and all(isinstance(li.line_amount, Decimal) for li in invoice.line_items)
    report = (outcome.trial_balance.reports or [])[0]
    assert report.rows and all(row.row_type is not None for row in report.rows)
    assert outcome.pdf


@pytest.mark.parametrize("op", [Api("accounting")], ids=["accounting"])
def test_one_scenario_prism_for_shape_local_xero_for_meaning(op: Api, prism: PrismFleet, xero: Xero) -> None:
    prism.server(op.api)
    _shape(scenario(xero))  # Prism refuses any request off the document (422) and answers its examples

    local = LocalXero(strict=True)  # every request and answer checked against the same document
    meaning = scenario(local.client())
    _shape(meaning)
    assert not local.violations
    assert [c.name for c in meaning.contacts] == [
        "ABC Furniture",
        "Acme Corporation",
        "Adventure Works",
        "Alpine Outfitters",
    ]
    assert (meaning.created.sub_total, meaning.created.total_tax, meaning.created.total) == (
        Decimal("574.84"),
        Decimal("86.23"),
        Decimal("661.07"),
    )
    assert (meaning.paid.status, meaning.paid.amount_due) == ("PAID", Decimal("0"))
    assert meaning.pdf.startswith(b"%PDF-") and b"661.07" in meaning.pdf
    sections = {s.title: s for s in (meaning.trial_balance.reports or [])[0].rows or []}
    bank = [
        r for r in sections["Assets"].rows or [] if (r.cells or [])[0].value == "Business Bank Account (090)"
    ]
    assert bank and Decimal((bank[0].cells or [])[1].value or "0") >= Decimal("661.07")
