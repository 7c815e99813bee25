"""Document life cycles: status transitions and Xero's refusals, PUT creates / POST creates or
updates, summarizeErrors, payments, credit note allocations, bank transactions and transfers,
manual journals."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import httpx
import pytest

from xero_sdk import Xero
from xero_sdk.accounting import (
    Account,
    Allocation,
    Allocations,
    BankTransaction,
    BankTransactions,
    BankTransfer,
    BankTransfers,
    Contact,
    CreditNote,
    CreditNotes,
    Invoice,
    Invoices,
    InvoiceType,
    LineItem,
    ManualJournal,
    ManualJournalLine,
    ManualJournals,
    Payment,
)
from xero_sdk.errors import BadRequestError
from xero_sdk.testing import LocalXero


def _messages(error: BadRequestError) -> list[str]:
    """Xero's messages without the element index the SDK adds when it prints them."""
    return [e.message for e in error.errors]


def _invoice(status: str = "DRAFT", amount: str = "100.00") -> Invoice:
    return Invoice(
        type_=InvoiceType.ACCREC,
        contact=Contact(name="Boom FM"),
        date=date(2026, 3, 1),
        due_date=date(2026, 3, 31),
        status=status,
        line_items=[LineItem(description="Ads", quantity=1, unit_amount=Decimal(amount), account_code="200")],
    )


def _create(xero: Xero, invoice: Invoice) -> Invoice:
    return (xero.accounting.create_invoices(body=Invoices(invoices=[invoice])).invoices or [])[0]


def _status(xero: Xero, invoice_id: str, status: str) -> Invoice:
    body = Invoices(invoices=[Invoice(invoice_id=invoice_id, status=status)])
    return (xero.accounting.update_invoice(invoice_id, body=body).invoices or [])[0]


def _pay(xero: Xero, invoice: Invoice, amount: Decimal) -> Payment:
    payment = Payment(
        invoice=Invoice(invoice_id=invoice.invoice_id),
        account=Account(code="090"),
        amount=amount,
        date=date(2026, 3, 10),
    )
    return (xero.accounting.create_payment(body=payment).payments or [])[0]


def test_draft_is_authorised_then_voided(xero_client: Xero) -> None:
    invoice = _create(xero_client, _invoice())
    assert invoice.status == "DRAFT"
    assert invoice.invoice_number and invoice.invoice_number.startswith("INV-")
    assert _status(xero_client, str(invoice.invoice_id), "AUTHORISED").status == "AUTHORISED"
    assert _status(xero_client, str(invoice.invoice_id), "VOIDED").status == "VOIDED"


def test_an_authorised_invoice_cannot_be_deleted_only_voided(xero_client: Xero) -> None:
    invoice = _create(xero_client, _invoice("AUTHORISED"))
    with pytest.raises(BadRequestError) as refused:
        _status(xero_client, str(invoice.invoice_id), "DELETED")
    assert "cannot be deleted, void the invoice instead" in " ".join(_messages(refused.value))


def test_a_voided_invoice_is_not_of_valid_status_for_modification(xero_client: Xero) -> None:
    invoice = _create(xero_client, _invoice("AUTHORISED"))
    _status(xero_client, str(invoice.invoice_id), "VOIDED")
    with pytest.raises(BadRequestError) as refused:
        _status(xero_client, str(invoice.invoice_id), "AUTHORISED")
    assert _messages(refused.value) == ["Invoice not of valid status for modification"]


def test_a_draft_can_be_deleted_but_not_voided(xero_client: Xero) -> None:
    invoice = _create(xero_client, _invoice())
    with pytest.raises(BadRequestError):
        _status(xero_client, str(invoice.invoice_id), "VOIDED")
    assert _status(xero_client, str(invoice.invoice_id), "DELETED").status == "DELETED"


def test_payment_in_full_moves_the_invoice_to_paid_with_nothing_due(xero_client: Xero) -> None:
    invoice = _create(xero_client, _invoice("AUTHORISED"))
    _pay(xero_client, invoice, Decimal("60.00"))
    part = (xero_client.accounting.get_invoice(str(invoice.invoice_id)).invoices or [])[0]
    assert (part.status, part.amount_paid, part.amount_due) == (
        "AUTHORISED",
        Decimal("60.00"),
        Decimal("55.00"),
    )
    _pay(xero_client, invoice, Decimal("55.00"))
    paid = (xero_client.accounting.get_invoice(str(invoice.invoice_id)).invoices or [])[0]
    assert (paid.status, paid.amount_paid, paid.amount_due) == ("PAID", Decimal("115.00"), Decimal("0"))
    assert paid.fully_paid_on_date == date(2026, 3, 10)


def test_a_payment_larger_than_the_amount_due_is_refused(xero_client: Xero) -> None:
    invoice = _create(xero_client, _invoice("AUTHORISED"))
    with pytest.raises(BadRequestError) as refused:
        _pay(xero_client, invoice, Decimal("115.01"))
    assert "exceeds the amount outstanding" in _messages(refused.value)[0]


def test_a_paid_invoice_cannot_be_edited(xero_client: Xero) -> None:
    invoice = _create(xero_client, _invoice("AUTHORISED"))
    _pay(xero_client, invoice, Decimal("115.00"))
    with pytest.raises(BadRequestError) as refused:
        _status(xero_client, str(invoice.invoice_id), "VOIDED")
    assert _messages(refused.value) == [
        "This document cannot be edited as it has a payment or credit note allocated to it."
    ]


def test_deleting_a_payment_puts_the_invoice_back_to_authorised(xero_client: Xero) -> None:
    invoice = _create(xero_client, _invoice("AUTHORISED"))
    payment = _pay(xero_client, invoice, Decimal("115.00"))
    xero_client.accounting.delete_payment(str(payment.payment_id), body={"Status": "DELETED"})  # type: ignore[arg-type]
    back = (xero_client.accounting.get_invoice(str(invoice.invoice_id)).invoices or [])[0]
    assert (back.status, back.amount_due, back.amount_paid) == ("AUTHORISED", Decimal("115.00"), Decimal("0"))


def test_put_creates_and_refuses_an_existing_id(xero_client: Xero) -> None:
    invoice = _create(xero_client, _invoice())
    again = _invoice()
    again.invoice_id = invoice.invoice_id
    with pytest.raises(BadRequestError) as refused:
        xero_client.accounting.create_invoices(body=Invoices(invoices=[again]))
    assert "PUT creates, use POST to update" in _messages(refused.value)[0]


def test_post_updates_the_element_with_an_id_and_creates_the_one_without(xero_client: Xero) -> None:
    first = _create(xero_client, _invoice())
    changed = Invoice(invoice_id=first.invoice_id, reference="changed by POST")
    result = xero_client.accounting.update_or_create_invoices(body=Invoices(invoices=[changed, _invoice()]))
    updated, created = result.invoices or []
    assert updated.invoice_id == first.invoice_id and updated.reference == "changed by POST"
    assert created.invoice_id not in (None, first.invoice_id)


def test_summarize_errors_false_answers_200_with_each_elements_errors_and_keeps_the_valid(
    xero_local: LocalXero, xero_client: Xero
) -> None:
    bad = Invoice(
        type_=InvoiceType.ACCREC,
        contact=Contact(name="Boom FM"),
        line_items=[LineItem(description="x", quantity=1, unit_amount=Decimal(1), account_code="999")],
    )
    before = len(xero_local.org().data["Invoices"])
    result = xero_client.accounting.create_invoices(
        body=Invoices(invoices=[_invoice(), bad]), summarize_errors=False, raise_on_element_errors=False
    )
    ok, refused = result.invoices
    assert ok.status_attribute_string == "OK" and ok.invoice_id
    assert refused.status_attribute_string == "ERROR"
    assert [e.message for e in refused.validation_errors or []] == [
        "Account code '999' is not a valid code for this document."
    ]
    assert len(xero_local.org().data["Invoices"]) == before + 1


def test_one_invalid_element_fails_the_whole_request_with_a_validation_exception(
    xero_local: LocalXero, xero_client: Xero
) -> None:
    bad = Invoice(
        type_=InvoiceType.ACCREC,
        contact=Contact(name="Boom FM"),
        line_items=[LineItem(description="x", quantity=1, unit_amount=Decimal(1), account_code="999")],
    )
    before = {name: len(table) for name, table in xero_local.org().data.items()}
    with pytest.raises(BadRequestError) as refused:
        xero_client.accounting.create_invoices(body=Invoices(invoices=[_invoice(), bad]))
    assert refused.value.status == 400
    assert refused.value.error_type == "ValidationException"
    assert refused.value.body["ErrorNumber"] == 10
    assert [len(e.get("ValidationErrors", [])) for e in refused.value.body["Elements"]] == [0, 1]
    assert {name: len(table) for name, table in xero_local.org().data.items()} == before  # nothing saved


def test_invoice_numbers_are_unique_for_sales_invoices(xero_client: Xero) -> None:
    first = _create(xero_client, _invoice())
    second = _invoice()
    second.invoice_number = first.invoice_number
    with pytest.raises(BadRequestError) as refused:
        _create(xero_client, second)
    assert _messages(refused.value) == ["Invoice # must be unique."]


def test_credit_note_allocation_reduces_the_amount_due_and_settles_the_invoice(xero_client: Xero) -> None:
    invoice = _create(xero_client, _invoice("AUTHORISED"))
    note = CreditNote(
        type_="ACCRECCREDIT",
        contact=Contact(name="Boom FM"),
        status="AUTHORISED",
        date=date(2026, 3, 2),
        line_items=[
            LineItem(description="Refund", quantity=1, unit_amount=Decimal("100.00"), account_code="200")
        ],
    )
    credit = (
        xero_client.accounting.create_credit_notes(body=CreditNotes(credit_notes=[note])).credit_notes or []
    )[0]
    assert credit.remaining_credit == Decimal("115.00")
    allocation = Allocation(
        invoice=Invoice(invoice_id=invoice.invoice_id), amount=Decimal("40.00"), date=date(2026, 3, 3)
    )
    xero_client.accounting.create_credit_note_allocation(
        str(credit.credit_note_id), body=Allocations(allocations=[allocation])
    )
    after = (xero_client.accounting.get_invoice(str(invoice.invoice_id)).invoices or [])[0]
    assert (after.amount_credited, after.amount_due, after.status) == (
        Decimal("40.00"),
        Decimal("75.00"),
        "AUTHORISED",
    )
    rest = Allocation(
        invoice=Invoice(invoice_id=invoice.invoice_id), amount=Decimal("75.00"), date=date(2026, 3, 3)
    )
    xero_client.accounting.create_credit_note_allocation(
        str(credit.credit_note_id), body=Allocations(allocations=[rest])
    )
    settled = (xero_client.accounting.get_invoice(str(invoice.invoice_id)).invoices or [])[0]
    assert (settled.amount_due, settled.status) == (Decimal("0"), "PAID")
    left = (xero_client.accounting.get_credit_note(str(credit.credit_note_id)).credit_notes or [])[0]
    assert left.remaining_credit == Decimal("0")


def test_an_allocation_above_the_remaining_credit_is_refused(xero_client: Xero) -> None:
    invoice = _create(xero_client, _invoice("AUTHORISED", "1000.00"))
    note = CreditNote(
        type_="ACCRECCREDIT",
        contact=Contact(name="Boom FM"),
        status="AUTHORISED",
        line_items=[
            LineItem(description="Refund", quantity=1, unit_amount=Decimal("10.00"), account_code="200")
        ],
    )
    credit = (
        xero_client.accounting.create_credit_notes(body=CreditNotes(credit_notes=[note])).credit_notes or []
    )[0]
    with pytest.raises(BadRequestError) as refused:
        xero_client.accounting.create_credit_note_allocation(
            str(credit.credit_note_id),
            body=Allocations(
                allocations=[
                    Allocation(
                        invoice=Invoice(invoice_id=invoice.invoice_id),
                        amount=Decimal("11.51"),
                        date=date(2026, 3, 3),
                    )
                ]
            ),
        )
    assert _messages(refused.value) == ["The amount allocated exceeds the remaining credit"]


def test_a_spend_money_transaction_computes_totals_from_its_lines(xero_client: Xero) -> None:
    spend = BankTransaction(
        type_="SPEND",
        contact=Contact(name="Espresso 31"),
        bank_account=Account(code="090"),
        line_amount_types="Inclusive",
        line_items=[
            LineItem(description="Coffee", quantity=4, unit_amount=Decimal("4.60"), account_code="429")
        ],
    )
    created = (
        xero_client.accounting.create_bank_transactions(
            body=BankTransactions(bank_transactions=[spend])
        ).bank_transactions
        or []
    )[0]
    assert (created.total, created.total_tax, created.sub_total, created.status) == (
        Decimal("18.40"),
        Decimal("2.40"),
        Decimal("16.00"),
        "AUTHORISED",
    )


def test_a_receive_overpayment_creates_an_overpayment_with_remaining_credit(xero_client: Xero) -> None:
    receive = BankTransaction(
        type_="RECEIVE-OVERPAYMENT",
        contact=Contact(name="Boom FM"),
        bank_account=Account(code="090"),
        line_amount_types="NoTax",
        line_items=[LineItem(description="Overpaid", line_amount=Decimal("50.00"), account_code="610")],
    )
    xero_client.accounting.create_bank_transactions(body=BankTransactions(bank_transactions=[receive]))
    overpayments = xero_client.accounting.get_overpayments().overpayments or []
    assert [(o.remaining_credit, o.status) for o in overpayments] == [(Decimal("50.00"), "AUTHORISED")]


def test_a_bank_transfer_needs_two_different_bank_accounts(xero_client: Xero) -> None:
    same = BankTransfer(
        from_bank_account=Account(code="090"), to_bank_account=Account(code="090"), amount=Decimal("10.00")
    )
    with pytest.raises(BadRequestError):
        xero_client.accounting.create_bank_transfer(body=BankTransfers(bank_transfers=[same]))
    good = BankTransfer(
        from_bank_account=Account(code="090"), to_bank_account=Account(code="091"), amount=Decimal("10.00")
    )
    created = (
        xero_client.accounting.create_bank_transfer(body=BankTransfers(bank_transfers=[good])).bank_transfers
        or []
    )[0]
    assert created.amount == Decimal("10.00")


def test_a_manual_journal_must_balance(xero_client: Xero) -> None:
    unbalanced = ManualJournal(
        narration="Accrual",
        status="POSTED",
        journal_lines=[
            ManualJournalLine(line_amount=Decimal("100.00"), account_code="429"),
            ManualJournalLine(line_amount=Decimal("-90.00"), account_code="800"),
        ],
    )
    with pytest.raises(BadRequestError) as refused:
        xero_client.accounting.create_manual_journals(body=ManualJournals(manual_journals=[unbalanced]))
    assert _messages(refused.value) == ["The total debits (100.00) must equal total credits (90.00)"]


def test_where_filter_on_a_malformed_expression_is_a_query_parse_exception(raw: httpx.Client) -> None:
    response = raw.get("/Contacts", params={"where": 'Name=="unterminated'})
    assert response.status_code == 400
    assert response.json()["Type"] == "QueryParseException"
