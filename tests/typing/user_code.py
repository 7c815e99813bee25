"""Code as a user writes it, checked by ``mypy --strict`` (``make typecheck``).

Lines marked ``# type: ignore[<code>]`` MUST be rejected: with ``warn_unused_ignores`` the
check fails the day typing goes loose and mypy starts accepting them.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from uuid import UUID

from xero_sdk import Xero
from xero_sdk._generated.accounting.facade import AccountingApi, AsyncAccountingApi
from xero_sdk.accounting import Contact, CurrencyCode, Invoice, Invoices, InvoiceStatus, LineItem
from xero_sdk.batches import BatchResult
from xero_sdk.payroll_uk import Employee as UkEmployee
from xero_sdk.reports import Report

# --- models: typed fields, Decimal money, real dates, open enums -------------------------
line = LineItem(description="Consulting", quantity=Decimal("2"), unit_amount=Decimal("229.8950"))
line_from_int = LineItem(quantity=3)  # ints are accepted for Decimal fields
invoice = Invoice(
    contact=Contact(name="ACME"),
    line_items=[line, line_from_int],
    date=datetime.date(2026, 1, 31),
    currency_code=CurrencyCode.NZD,
    status=InvoiceStatus.DRAFT,
)
total: Decimal | None = invoice.total
when: datetime.date | None = invoice.date
ident: UUID | None = invoice.invoice_id
payload: dict[str, object] = invoice.to_dict()
again: Invoice = Invoice.from_dict(payload)
wrapper = Invoices(invoices=[invoice])
employee = UkEmployee(first_name="Ada")

# --- rejected: a str where a Decimal or a date belongs, unknown keywords -----------------
LineItem(unit_amount="12.50")  # type: ignore[arg-type]
LineItem(quantity=1.5)  # type: ignore[arg-type]
Invoice(date="2026-01-31")  # type: ignore[arg-type]
Invoice(contact="ACME")  # type: ignore[arg-type]
Invoice(totl=Decimal("1"))  # type: ignore[call-arg]
Invoice(Contact(name="x"))  # type: ignore[arg-type, call-arg]
bad_total: str = invoice.total  # type: ignore[assignment]
invoice.status = "DRAFT"  # type: ignore[assignment]


# --- API surface: every operation typed, sync and async ----------------------------------
def use_sync(api: AccountingApi) -> None:
    result: Invoices = api.get_invoices(where='Status=="DRAFT"', order="Date DESC", unitdp=4, page=1)
    one: Invoices = api.get_invoice(UUID(int=1))
    pdf: bytes = api.get_invoice_as_pdf("6c7a1b2e-1c2d-4e5f-8a9b-0c1d2e3f4a5b")
    written: int = api.get_invoice_as_pdf("6c7a1b2e-1c2d-4e5f-8a9b-0c1d2e3f4a5b", destination="invoice.pdf")
    for item in api.iter_invoices(
        if_modified_since=datetime.datetime(2026, 1, 1, tzinfo=datetime.timezone.utc)
    ):
        amount: Decimal | None = item.amount_due
    api.create_invoices(body=wrapper, summarize_errors=False)
    api.get_invoices(unitdp="4")  # type: ignore[arg-type]
    api.get_invoices(wher="x")  # type: ignore[call-arg]
    api.get_invoices(if_modified_since="2026-01-01")  # type: ignore[arg-type]
    api.create_invoices(invoice=wrapper)  # type: ignore[call-arg]
    del result, one, pdf, written, amount


async def use_async(api: AsyncAccountingApi) -> None:
    result: Invoices = await api.get_invoices(page=2)
    async for item in api.iter_invoices():
        status: InvoiceStatus | None = item.status
    not_awaited: Invoices = api.get_invoices()  # type: ignore[assignment]
    del result, status, not_awaited


# --- batches and reports: typed results ---------------------------------------------------
def use_layer(org: Xero) -> None:
    results: BatchResult[Invoice] = org.batches.save([invoice, Invoice(reference="second")])
    saved: list[Invoice] = results.saved
    org.batches.save([invoice, Contact(name="x")])  # type: ignore[type-var]
    report = Report.from_model(org.accounting.get_report_balance_sheet())
    first: dict[str, object] = report.to_dicts()[0]
    pdf: bytes = org.attachments.download("Invoices", UUID(int=1), file_name="a.pdf")
    del saved, first, pdf


# --- typed where filters -----------------------------------------------------------------
typed_filter = (Invoice.F.status == InvoiceStatus.AUTHORISED) & (Invoice.F.amount_due > 0)
nested_filter = Invoice.F.contact.contact_id == UUID(int=1)
rejected_amount = Invoice.F.amount_due > "100"  # type: ignore[operator]
rejected_date = Invoice.F.date >= "2026-01-01"  # type: ignore[operator]
Invoice.F.amount_due.contains("1")  # type: ignore[misc]
misspelt = Invoice.F.amout_due  # type: ignore[attr-defined]


# --- operations answering 204 return None; an empty-body operation needs no dummy body ---------
def no_content(api: AccountingApi) -> None:
    api.email_invoice(UUID(int=1))
    api.delete_item(UUID(int=1))
    deleted = api.delete_item(UUID(int=1))  # type: ignore[func-returns-value]
    emailed = api.email_invoice(UUID(int=1))  # type: ignore[func-returns-value]
    del deleted, emailed
