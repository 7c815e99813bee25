"""A whole Xero integration in one script: consent, connections, organisation, contacts with a
where filter, an invoice with Decimal amounts, an attachment, the invoice PDF, a payment, the
trial balance, paging, and a token refresh.

Against real Xero::

    XERO_CLIENT_ID=... XERO_CLIENT_SECRET=... python examples/quickstart.py

(register ``http://localhost:8765/callback`` as a redirect URI of your app; consent happens in
your browser; the token is kept in ``xero-token.json``). It approves and pays one invoice, so
connect a Xero demo company, not your books. ``make demo`` runs the same script
against the local Xero (``python -m xero_sdk.testing serve``: identity and Accounting with
state), with consent automated: see ``examples/demo.py``.

Environment: ``XERO_CLIENT_ID``, ``XERO_CLIENT_SECRET`` (optional for a PKCE app),
``XERO_REDIRECT_URI`` (default ``http://localhost:8765/callback``), ``XERO_TOKEN_FILE``
(default ``xero-token.json``); the SDK also reads ``XERO_IDENTITY_URL`` and ``XERO_<API>_URL``
to talk to other servers than Xero's.
"""

from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import Callable
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

from xero_sdk import F, FileTokenStore, OAuth2App, Xero, order_by, run_loopback_flow, scopes
from xero_sdk.accounting import (
    Account,
    Contact,
    Invoice,
    Invoices,
    InvoiceType,
    LineAmountTypes,
    LineItem,
    Payment,
)
from xero_sdk.auth import TokenManager
from xero_sdk.reports import Report

SCOPES = [
    scopes.OFFLINE_ACCESS,
    scopes.OPENID,
    scopes.PROFILE,
    scopes.EMAIL,
    scopes.ACCOUNTING_SETTINGS_READ,
    scopes.ACCOUNTING_CONTACTS,
    scopes.ACCOUNTING_TRANSACTIONS,
    scopes.ACCOUNTING_ATTACHMENTS,
]


def step(number: int, title: str) -> None:
    print(f"\n{number}. {title}")


def show(label: str, value: Any) -> None:
    print(f"   {label:<22} {value}")


def run(
    *,
    client_id: str,
    client_secret: str | None,
    redirect_uri: str,
    token_file: Path,
    open_browser: Callable[[str], Any] | None = None,
) -> None:
    app = OAuth2App(client_id, client_secret, redirect_uri=redirect_uri, scopes=SCOPES)
    store = FileTokenStore(token_file)

    step(1, "Consent (authorization code + PKCE, callback on a loopback port)")
    token = store.load()
    if token is None or not token.can_refresh:
        token = run_loopback_flow(app, open_browser=open_browser, timeout=300)
        store.save(token)
        show("consented; scopes", " ".join(token.scopes))
    else:
        show("token from", token_file)
    show("access token", token)  # the repr never shows a secret

    manager = TokenManager(app, store)
    xero = Xero(token_manager=manager)

    step(2, "Connections: the organisations this user connected")
    connections = xero.connections()
    for connection in connections:
        show(connection.tenant_type, f"{connection.tenant_name} ({connection.tenant_id})")
    org = xero.for_tenant(connections[0].tenant_id)

    step(3, "Organisation")
    organisation = (org.accounting.get_organisations().organisations or [])[0]
    show("name", organisation.name)
    show("base currency", organisation.base_currency)
    show(
        "financial year end", f"{organisation.financial_year_end_day}/{organisation.financial_year_end_month}"
    )

    step(4, "Contacts with a where filter")
    contacts = (
        org.accounting.get_contacts(
            where=(F("ContactStatus") == "ACTIVE") & F("Name").startswith("A", null_safe=True),
            order=order_by("Name"),
            page=1,
        ).contacts
        or []
    )
    show("active contacts 'A...'", len(contacts))
    for contact in contacts[:3]:
        show("  contact", f"{contact.name} <{contact.email_address}>")
    customer = contacts[0] if contacts else Contact(name="ABC Limited")

    step(5, "Create an invoice with Decimal amounts (approved: AUTHORISED)")
    draft = Invoice(
        status="AUTHORISED",
        type_=InvoiceType.ACCREC,
        contact=Contact(contact_id=customer.contact_id) if customer.contact_id else customer,
        date=date.today(),
        due_date=date.today() + timedelta(days=30),
        line_amount_types=LineAmountTypes.EXCLUSIVE,
        reference="xero-sdk quickstart",
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
    created = org.accounting.create_invoices(
        body=Invoices(invoices=[draft]), summarize_errors=False, unitdp=4
    )
    invoice = (created.invoices or [draft])[0]
    show("sent unit amounts", ", ".join(str(li.unit_amount) for li in draft.line_items or []))
    show("invoice", f"{invoice.invoice_number} {invoice.status} for {customer.name}")
    show(
        "subtotal + tax",
        f"{invoice.sub_total} + {invoice.total_tax} = {invoice.total} {invoice.currency_code}",
    )
    show("amount due", invoice.amount_due)
    invoice_id = invoice.invoice_id
    if invoice_id is None:
        raise SystemExit("Xero returned no invoice id")

    step(6, "Upload an attachment")
    receipt = b"%PDF-1.4\n% a tiny receipt from the xero-sdk quickstart\n"
    attachment = org.attachments.upload(
        "Invoices", invoice_id, receipt, file_name="receipt 2026 #1.pdf", include_online=True, replace=True
    )
    show("attachment", f"{attachment.file_name} ({attachment.content_length} bytes, {attachment.mime_type})")

    step(7, "Download the invoice PDF")
    pdf = org.accounting.get_invoice_as_pdf(invoice_id)
    with tempfile.NamedTemporaryFile(suffix=".pdf", delete=False) as out:
        written = org.accounting.get_invoice_as_pdf(invoice_id, destination=out)
    show("PDF in memory", f"{len(pdf)} bytes")
    show("PDF streamed to", f"{out.name} ({written} bytes)")
    os.unlink(out.name)

    step(8, "Pay the invoice in full from a bank account")
    banks = (
        org.accounting.get_accounts(where=(F("Type") == "BANK") & (F("Status") == "ACTIVE")).accounts or []
    )
    if banks and invoice.amount_due:
        org.accounting.create_payment(
            body=Payment(
                invoice=Invoice(invoice_id=invoice_id),
                account=Account(account_id=banks[0].account_id),
                amount=invoice.amount_due,
                date=date.today(),
            )
        )
        paid = (org.accounting.get_invoice(invoice_id).invoices or [invoice])[0]
        show("paid into", f"{banks[0].name} ({banks[0].code})")
        show("invoice now", f"{paid.status}, amount due {paid.amount_due}")
    else:
        show("skipped", "no active bank account")

    step(9, "Trial balance (computed from the journals)")
    report = Report.from_model((org.accounting.get_report_trial_balance().reports or [])[0])
    for section in report.sections:
        for row in section.rows:
            if row.label.startswith(tuple(a.name or "?" for a in banks[:1])) or "Receivable" in row.label:
                show(f"  {row.label}", f"debit {row.get(1) or '-'}  credit {row.get(2) or '-'}")
    total = report.sections[-1].rows[-1] if report.sections and report.sections[-1].rows else None
    if total is not None:
        show("total debits/credits", f"{total.get(1)} / {total.get(2)}")

    step(10, "Page through invoices (largest page size, every page)")
    total = Decimal(0)
    count = 0
    for item in org.accounting.iter_invoices(where=F("Status") == "AUTHORISED", order="Date DESC"):
        count += 1
        total += item.amount_due or 0
    show("authorised invoices", count)
    show("amount due", total)
    first_page = org.accounting.get_contacts(page=1, page_size=10)
    if first_page.pagination is not None:
        pages = first_page.pagination
        show("contacts, 10 a page", f"{pages.item_count} contacts on {pages.page_count} pages")
    limits = org.rate_limits
    show(
        "rate limits left",
        f"{limits.day_remaining} today, {limits.minute_remaining} this minute"
        if limits
        else "n/a (the server sent no X-*Limit-Remaining headers)",
    )

    step(11, "Refresh the token (rotated and saved before use)")
    before = store.load()
    refreshed = manager.force_refresh()
    after = store.load()
    show(
        "refresh token rotated",
        before is not None and after is not None and before.refresh_token != after.refresh_token,
    )
    show("new expiry", refreshed.expires_at.isoformat(timespec="seconds"))
    show("still working", org.accounting.get_organisations().organisations is not None)
    xero.close()
    print("\nDone.")


def main() -> int:
    client_id = os.environ.get("XERO_CLIENT_ID")
    if not client_id:
        print("Set XERO_CLIENT_ID (and XERO_CLIENT_SECRET) to run against Xero, or run `make demo`.")
        return 2
    run(
        client_id=client_id,
        client_secret=os.environ.get("XERO_CLIENT_SECRET") or None,
        redirect_uri=os.environ.get("XERO_REDIRECT_URI", "http://localhost:8765/callback"),
        token_file=Path(os.environ.get("XERO_TOKEN_FILE", "xero-token.json")),
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
