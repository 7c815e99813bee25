"""Totals: Decimal from the lines, tax per line rounded to 2 places, LineAmountTypes, unitdp."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from xero_sdk import Xero
from xero_sdk.accounting import Contact, Invoice, Invoices, InvoiceType, LineAmountTypes, LineItem


def _create(xero: Xero, lines: list[LineItem], amount_types: LineAmountTypes, **kwargs: Any) -> Invoice:
    draft = Invoice(
        type_=InvoiceType.ACCREC,
        contact=Contact(name="ABC Furniture"),
        date=date(2026, 3, 1),
        line_amount_types=amount_types,
        line_items=lines,
    )
    created = xero.accounting.create_invoices(body=Invoices(invoices=[draft]), **kwargs)
    assert created.invoices
    return created.invoices[0]


def test_exclusive_adds_tax_per_line_rounded_half_up_to_cents(xero_client: Xero) -> None:
    invoice = _create(
        xero_client,
        [
            LineItem(
                description="Consulting",
                quantity=Decimal("2.5"),
                unit_amount=Decimal("229.8950"),
                account_code="200",
            ),
            LineItem(description="Travel", quantity=1, unit_amount=Decimal("0.10"), account_code="200"),
        ],
        LineAmountTypes.EXCLUSIVE,
        unitdp=4,
    )
    # 2.5 x 229.8950 = 574.7375 -> 574.74; tax 15%: 86.211 -> 86.21 and 0.015 -> 0.02 (per line)
    assert [li.line_amount for li in invoice.line_items or []] == [Decimal("574.74"), Decimal("0.10")]
    assert [li.tax_amount for li in invoice.line_items or []] == [Decimal("86.21"), Decimal("0.02")]
    assert invoice.sub_total == Decimal("574.84")
    assert invoice.total_tax == Decimal("86.23")
    assert invoice.total == Decimal("661.07")
    assert invoice.amount_due == Decimal("661.07")


def test_inclusive_takes_tax_out_of_the_line_amounts(xero_client: Xero) -> None:
    invoice = _create(
        xero_client,
        [LineItem(description="Widget", quantity=1, unit_amount=Decimal("115.00"), account_code="200")],
        LineAmountTypes.INCLUSIVE,
    )
    assert invoice.total == Decimal("115.00")
    assert invoice.total_tax == Decimal("15.00")
    assert invoice.sub_total == Decimal("100.00")


def test_notax_has_no_tax_and_tax_type_none(xero_client: Xero) -> None:
    invoice = _create(
        xero_client,
        [LineItem(description="Donation", quantity=3, unit_amount=Decimal("33.33"), account_code="200")],
        LineAmountTypes.NOTAX,
    )
    assert invoice.total == invoice.sub_total == Decimal("99.99")
    assert invoice.total_tax == Decimal("0")
    assert [li.tax_type for li in invoice.line_items or []] == ["NONE"]


def test_unit_amount_keeps_four_places_with_unitdp_4_and_two_otherwise(xero_client: Xero) -> None:
    line = LineItem(description="Fine grained", quantity=3, unit_amount=Decimal("1.2345"), account_code="200")
    four = _create(xero_client, [line], LineAmountTypes.EXCLUSIVE, unitdp=4)
    two = _create(xero_client, [line], LineAmountTypes.EXCLUSIVE)
    assert (four.line_items or [])[0].unit_amount == Decimal("1.2345")
    assert (four.line_items or [])[0].line_amount == Decimal("3.70")  # 3.7035 -> 2 places
    assert (two.line_items or [])[0].unit_amount == Decimal("1.23")
    assert (two.line_items or [])[0].line_amount == Decimal("3.69")
    # read back without unitdp: the stored 4-place unit amount is shown to 2 places
    again = xero_client.accounting.get_invoice(str(four.invoice_id)).invoices or []
    assert (again[0].line_items or [])[0].unit_amount == Decimal("1.23")


def test_discount_rate_reduces_the_line_amount(xero_client: Xero) -> None:
    invoice = _create(
        xero_client,
        [
            LineItem(
                description="Sale",
                quantity=2,
                unit_amount=Decimal("50.00"),
                discount_rate=Decimal("10"),
                account_code="200",
            )
        ],
        LineAmountTypes.EXCLUSIVE,
    )
    assert invoice.sub_total == Decimal("90.00")
    assert invoice.total == Decimal("103.50")


def test_item_code_fills_description_price_account_and_tax_type(xero_client: Xero) -> None:
    invoice = _create(xero_client, [LineItem(item_code="BOOK", quantity=2)], LineAmountTypes.EXCLUSIVE)
    line = (invoice.line_items or [])[0]
    assert line.unit_amount == Decimal("19.95")
    assert line.account_code == "200"
    assert line.tax_type == "OUTPUT2"
    assert invoice.total == Decimal("45.89")  # 39.90 + 5.985 -> 5.99


def test_a_new_contact_name_creates_the_contact(xero_client: Xero) -> None:
    invoice = Invoice(
        type_=InvoiceType.ACCREC,
        contact=Contact(name="Brand New Customer Ltd"),
        line_items=[LineItem(description="x", quantity=1, unit_amount=Decimal("1.00"), account_code="200")],
    )
    created = (xero_client.accounting.create_invoices(body=Invoices(invoices=[invoice])).invoices or [])[0]
    contacts = xero_client.accounting.get_contacts(where='Name=="Brand New Customer Ltd"').contacts or []
    assert [c.contact_id for c in contacts] == [created.contact.contact_id if created.contact else None]
