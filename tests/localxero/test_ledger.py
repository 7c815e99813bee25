"""Journals from what was posted, reports computed from them, and the documents' side things:
PDF, online invoice URL, attachments, history and notes."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import pytest

from tests.localxero.conftest import raw_client
from xero_sdk import Xero
from xero_sdk.accounting import (
    Account,
    Contact,
    HistoryRecord,
    HistoryRecords,
    Invoice,
    Invoices,
    InvoiceType,
    LineItem,
    Payment,
)
from xero_sdk.attachments import AttachmentError
from xero_sdk.errors import BadRequestError
from xero_sdk.reports import Report
from xero_sdk.testing import LocalXero

TODAY = dt.date.today()


def _authorised(xero: Xero, amount: str = "200.00", status: str = "AUTHORISED") -> Invoice:
    invoice = Invoice(
        type_=InvoiceType.ACCREC,
        contact=Contact(name="Marine Systems"),
        date=TODAY,
        due_date=TODAY + dt.timedelta(days=14),
        status=status,
        line_items=[
            LineItem(description="Service", quantity=1, unit_amount=Decimal(amount), account_code="200")
        ],
    )
    return (xero.accounting.create_invoices(body=Invoices(invoices=[invoice])).invoices or [])[0]


def _balances(xero: Xero) -> dict[str, Decimal]:
    """Account code -> debit (positive) or credit (negative) balance, from the trial balance."""
    report = xero.accounting.get_report_trial_balance()
    out: dict[str, Decimal] = {}
    for section in (report.reports or [])[0].rows or []:
        for row in section.rows or []:
            cells = [c.value or "" for c in row.cells or []]
            code = re.search(r"\((\w+)\)$", cells[0])
            if row.row_type == "Row" and code:
                out[code.group(1)] = Decimal(cells[1] or 0) - Decimal(cells[2] or 0)
    return out


def test_an_authorised_invoice_posts_a_balanced_journal(xero_client: Xero) -> None:
    invoice = _authorised(xero_client)
    journals = [
        j
        for j in xero_client.accounting.get_journals().journals or []
        if str(j.source_id) == str(invoice.invoice_id)
    ]
    assert len(journals) == 1 and journals[0].source_type == "ACCREC"
    lines = {line.account_code: line.net_amount for line in journals[0].journal_lines or []}
    assert lines == {"200": Decimal("-200.00"), "820": Decimal("-30.00"), "610": Decimal("230.00")}


def test_a_draft_posts_nothing_and_voiding_reverses_the_journal(xero_client: Xero) -> None:
    before = _balances(xero_client)
    draft = _authorised(xero_client, status="DRAFT")
    assert _balances(xero_client) == before
    xero_client.accounting.update_invoice(
        str(draft.invoice_id),
        body=Invoices(invoices=[Invoice(invoice_id=draft.invoice_id, status="AUTHORISED")]),
    )
    assert _balances(xero_client)["610"] == before["610"] + Decimal("230.00")
    xero_client.accounting.update_invoice(
        str(draft.invoice_id), body=Invoices(invoices=[Invoice(invoice_id=draft.invoice_id, status="VOIDED")])
    )
    assert _balances(xero_client) == before


def test_the_trial_balance_balances_and_reflects_a_payment(xero_client: Xero) -> None:
    invoice = _authorised(xero_client)
    before = _balances(xero_client)
    payment = Payment(
        invoice=Invoice(invoice_id=invoice.invoice_id),
        account=Account(code="090"),
        amount=Decimal("230.00"),
        date=TODAY,
    )
    xero_client.accounting.create_payment(body=payment)
    after = _balances(xero_client)
    assert after["090"] == before.get("090", Decimal(0)) + Decimal("230.00")
    assert after["610"] == before["610"] - Decimal("230.00")
    report = Report.from_model((xero_client.accounting.get_report_trial_balance().reports or [])[0])
    total = report.sections[-1].rows[-1]
    assert total.values[1] == total.values[2]  # debits equal credits


def test_profit_and_loss_shows_income_net_of_tax_for_the_period(xero_client: Xero) -> None:
    start = TODAY.replace(day=1)
    report = xero_client.accounting.get_report_profit_and_loss(from_date=start, to_date=TODAY)
    income_before = _income(report)
    _authorised(xero_client, "200.00")
    assert _income(
        xero_client.accounting.get_report_profit_and_loss(from_date=start, to_date=TODAY)
    ) == income_before + Decimal("200.00")


def _income(report: object) -> Decimal:
    for section in (report.reports or [])[0].rows or []:  # type: ignore[attr-defined]
        if section.title == "Income":
            return Decimal(section.rows[-1].cells[1].value)
    raise AssertionError("no Income section")


def test_balance_sheet_assets_less_liabilities_equal_equity(xero_client: Xero) -> None:
    _authorised(xero_client)
    report = (xero_client.accounting.get_report_balance_sheet().reports or [])[0]
    values = {}
    for section in report.rows or []:
        for row in section.rows or []:
            cells = row.cells or []
            if cells and cells[0].value in (
                "Total Assets",
                "Total Liabilities",
                "Total Equity",
                "Net Assets",
            ):
                values[cells[0].value] = Decimal(cells[1].value or 0)
    assert (
        values["Total Assets"] - values["Total Liabilities"] == values["Net Assets"] == values["Total Equity"]
    )


def test_aged_receivables_by_contact_lists_what_is_owed(xero_client: Xero) -> None:
    invoice = _authorised(xero_client)
    contact_id = invoice.contact.contact_id if invoice.contact else None
    report = (
        xero_client.accounting.get_report_aged_receivables_by_contact(contact_id=str(contact_id)).reports
        or []
    )[0]
    rows = (report.rows or [])[-1].rows or []
    assert rows[-1].row_type == "SummaryRow"
    assert (rows[-1].cells or [])[-1].value == "230.00"
    assert any((r.cells or [])[1].value == invoice.invoice_number for r in rows[:-1])


def test_the_invoice_pdf_is_a_valid_pdf_with_the_invoices_numbers(xero_client: Xero) -> None:
    invoice = _authorised(xero_client)
    pdf = xero_client.accounting.get_invoice_as_pdf(str(invoice.invoice_id))
    assert pdf.startswith(b"%PDF-1.4") and pdf.rstrip().endswith(b"%%EOF")
    startxref = int(pdf.rsplit(b"startxref", 1)[1].split()[0])
    assert pdf[startxref:].startswith(b"xref")
    offsets = [int(line[:10]) for line in pdf[startxref:].split(b"\n")[3:8]]
    for number, offset in enumerate(offsets, start=1):  # every object where the table says
        assert pdf[offset:].startswith(f"{number} 0 obj".encode())
    assert f"({invoice.invoice_number})".encode() in pdf or str(invoice.invoice_number).encode() in pdf
    assert b"230.00" in pdf


def test_the_online_invoice_url_exists_only_for_approved_sales_invoices(xero_client: Xero) -> None:
    invoice = _authorised(xero_client)
    urls = xero_client.accounting.get_online_invoice(str(invoice.invoice_id)).online_invoices or []
    assert urls and str(urls[0].online_invoice_url).startswith("https://in.xero.com/")
    draft = _authorised(xero_client, status="DRAFT")
    with pytest.raises(BadRequestError):
        xero_client.accounting.get_online_invoice(str(draft.invoice_id))


def test_attachments_upload_list_download_and_limit(xero_local: LocalXero, xero_client: Xero) -> None:
    invoice = _authorised(xero_client)
    attachment = xero_client.attachments.upload(
        "Invoices", str(invoice.invoice_id), b"receipt bytes", file_name="receipt 1.txt", include_online=True
    )
    assert (attachment.file_name, attachment.content_length, attachment.mime_type) == (
        "receipt 1.txt",
        13,
        "text/plain",
    )
    listed = xero_client.accounting.get_invoice_attachments(str(invoice.invoice_id)).attachments or []
    assert [a.file_name for a in listed] == ["receipt 1.txt"]
    assert (
        xero_client.accounting.get_invoice_attachment_by_file_name(
            str(invoice.invoice_id), "receipt 1.txt", content_type="text/plain"
        )
        == b"receipt bytes"
    )
    for n in range(2, 11):
        xero_client.attachments.upload("Invoices", str(invoice.invoice_id), b"x", file_name=f"file{n}.txt")
    with pytest.raises(AttachmentError):  # the SDK counts first
        xero_client.attachments.upload("Invoices", str(invoice.invoice_id), b"x", file_name="eleventh.txt")
    refused = raw_client(xero_local).put(
        f"/Invoices/{invoice.invoice_id}/Attachments/eleventh.txt", content=b"x"
    )
    assert refused.status_code == 400
    assert "maximum number of attachments (10)" in refused.text
    assert (xero_client.accounting.get_invoice(str(invoice.invoice_id)).invoices or [])[0].has_attachments


def test_history_records_changes_and_notes(xero_client: Xero) -> None:
    invoice = _authorised(xero_client)
    xero_client.accounting.create_invoice_history(
        str(invoice.invoice_id),
        body=HistoryRecords(history_records=[HistoryRecord(details="Called the customer")]),
    )
    payment = Payment(
        invoice=Invoice(invoice_id=invoice.invoice_id),
        account=Account(code="090"),
        amount=Decimal("230.00"),
        date=TODAY,
    )
    xero_client.accounting.create_payment(body=payment)
    history = xero_client.accounting.get_invoice_history(str(invoice.invoice_id)).history_records or []
    changes = [h.changes for h in history]
    assert changes[0] == "Paid" and "Note" in changes and changes[-1] == "Created"
    assert any(h.details == "Called the customer" for h in history)


def test_a_bank_transfer_moves_money_between_bank_accounts(xero_client: Xero) -> None:
    from xero_sdk.accounting import BankTransfer, BankTransfers

    before = _balances(xero_client)
    transfer = BankTransfer(
        from_bank_account=Account(code="090"),
        to_bank_account=Account(code="091"),
        amount=Decimal("75.00"),
        date=TODAY,
    )
    xero_client.accounting.create_bank_transfer(body=BankTransfers(bank_transfers=[transfer]))
    after = _balances(xero_client)
    assert after["090"] == before.get("090", Decimal(0)) - Decimal("75.00")
    assert after["091"] == before.get("091", Decimal(0)) + Decimal("75.00")


def test_a_prepayment_is_credit_to_allocate_to_a_later_invoice(xero_client: Xero) -> None:
    from xero_sdk.accounting import Allocation, Allocations, BankTransaction, BankTransactions

    receive = BankTransaction(
        type_="RECEIVE-PREPAYMENT",
        contact=Contact(name="Marine Systems"),
        bank_account=Account(code="090"),
        line_amount_types="Exclusive",
        line_items=[
            LineItem(description="Deposit", quantity=1, unit_amount=Decimal("100.00"), account_code="200")
        ],
    )
    xero_client.accounting.create_bank_transactions(body=BankTransactions(bank_transactions=[receive]))
    prepayment = (xero_client.accounting.get_prepayments().prepayments or [])[0]
    assert (prepayment.total, prepayment.remaining_credit) == (Decimal("115.00"), Decimal("115.00"))
    invoice = _authorised(xero_client)
    allocation = Allocation(
        invoice=Invoice(invoice_id=invoice.invoice_id), amount=Decimal("115.00"), date=TODAY
    )
    xero_client.accounting.create_prepayment_allocations(
        str(prepayment.prepayment_id), body=Allocations(allocations=[allocation])
    )
    after = (xero_client.accounting.get_invoice(str(invoice.invoice_id)).invoices or [])[0]
    assert after.amount_due == Decimal("115.00")
    left = (xero_client.accounting.get_prepayment(str(prepayment.prepayment_id)).prepayments or [])[0]
    assert left.remaining_credit == Decimal("0") and left.status == "PAID"
