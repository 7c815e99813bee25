"""Xero's rules for the documents that move money, and the journals they post.

Each ``save_*`` takes one element of a request body (Xero's field names, JSON values) and the
stored record it updates (or None), and returns the stored record, or raises :class:`Refusal`
with Xero's validation messages. A document that reaches AUTHORISED (POSTED for manual
journals) posts a journal; a change to a posted document reverses the old journal and posts
the new one; voiding or deleting reverses it. The journals feed ``GET /Journals`` and the
reports.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from ._money import compute_totals, money, round_to
from ._org import Org, now_utc
from ._wire import parse_date

__all__ = [
    "Refusal",
    "allocate",
    "save_bank_transaction",
    "save_bank_transfer",
    "save_contact",
    "save_credit_note",
    "save_invoice",
    "save_manual_journal",
    "save_payment",
]

_ZERO = Decimal("0.00")
NOT_MODIFIABLE = "Invoice not of valid status for modification"
HAS_PAYMENTS = "This document cannot be edited as it has a payment or credit note allocated to it."


class Refusal(Exception):
    """Validation messages for one element of a request."""

    def __init__(self, *messages: str) -> None:
        super().__init__("; ".join(messages))
        self.messages = list(messages)


# -- references ---------------------------------------------------------------------------------


def contact_ref(org: Org, given: Any, *, create: bool = True) -> dict[str, Any]:
    """The contact a document names (by ContactID, ContactNumber or Name; a new Name creates one)."""
    if not isinstance(given, Mapping) or not (
        given.get("ContactID") or given.get("Name") or given.get("ContactNumber")
    ):
        raise Refusal("A Contact must be specified for this type of transaction")
    contact = None
    if given.get("ContactID"):
        contact = org.get("Contacts", given["ContactID"])
        if contact is None:
            raise Refusal(f"The contact with ID {given['ContactID']} could not be found")
    elif given.get("ContactNumber"):
        contact = org.get("Contacts", given["ContactNumber"])
    if contact is None and given.get("Name"):
        lowered = str(given["Name"]).lower()
        contact = next((c for c in org.all("Contacts") if c["Name"].lower() == lowered), None)
        if contact is None and create:
            contact = save_contact(org, {"Name": given["Name"]}, None)
    if contact is None:
        raise Refusal("A Contact must be specified for this type of transaction")
    return {"ContactID": contact["ContactID"], "Name": contact["Name"]}


def account_ref(org: Org, given: Any, message: str) -> dict[str, Any]:
    account = None
    if isinstance(given, Mapping):
        account = org.account(given.get("AccountID")) or org.account(given.get("Code"))
    if account is None:
        raise Refusal(message)
    return account


def _summary(account: Mapping[str, Any]) -> dict[str, Any]:
    return {"AccountID": account["AccountID"], "Code": account["Code"], "Name": account["Name"]}


# -- contacts -----------------------------------------------------------------------------------


def save_contact(org: Org, body: Mapping[str, Any], existing: dict[str, Any] | None) -> dict[str, Any]:
    name = body.get("Name", existing["Name"] if existing else None)
    if not name or not str(name).strip():
        raise Refusal("The contact name must be specified")
    lowered = str(name).strip().lower()
    clash = next((c for c in org.all("Contacts") if c["Name"].lower() == lowered and c is not existing), None)
    if clash is not None:
        raise Refusal(
            f"The contact name {name} is already assigned to another contact. The contact name must be unique across all active contacts."
        )
    record = (
        existing
        if existing is not None
        else {
            "ContactStatus": "ACTIVE",
            "IsCustomer": False,
            "IsSupplier": False,
            "HasAttachments": False,
            "ContactGroups": [],
            "Addresses": [],
            "Phones": [],
        }
    )
    for key, value in body.items():
        if key not in ("ContactID", "UpdatedDateUTC", "Balances", "IsCustomer", "IsSupplier"):
            record[key] = value
    record["UpdatedDateUTC"] = now_utc()
    created = existing is None
    org.put("Contacts", record)
    org.note(str(record["ContactID"]), "Created" if created else "Updated", f"Contact {record['Name']}")
    return record


# -- lines and documents ------------------------------------------------------------------------


def _prepare_lines(org: Org, lines: Any, *, sales: bool) -> list[dict[str, Any]]:
    if lines is None:
        return []
    if not isinstance(lines, list):
        raise Refusal("LineItems must be a list")
    out: list[dict[str, Any]] = []
    errors: list[str] = []
    for given in lines:
        line = dict(given) if isinstance(given, Mapping) else {}
        line.setdefault("LineItemID", str(uuid.uuid4()))
        code = line.get("ItemCode")
        if code:
            item = org.get("Items", code)
            if item is None:
                errors.append(f"Item code '{code}' is not valid")
            else:
                details = item.get("SalesDetails" if sales else "PurchaseDetails") or {}
                line.setdefault("Description", item.get("Description") or item["Name"])
                if line.get("UnitAmount") is None and details.get("UnitPrice") is not None:
                    line["UnitAmount"] = details["UnitPrice"]
                line.setdefault("AccountCode", details.get("AccountCode"))
                if details.get("TaxType"):
                    line.setdefault("TaxType", details["TaxType"])
                line["Item"] = {"ItemID": item["ItemID"], "Code": item["Code"], "Name": item["Name"]}
        account_code = line.get("AccountCode")
        if account_code is None and line.get("AccountID"):
            account = org.account(line["AccountID"])
            account_code = account["Code"] if account else None
            line["AccountCode"] = account_code
        if account_code is not None and org.account(account_code) is None:
            errors.append(f"Account code '{account_code}' is not a valid code for this document.")
        if not line.get("Description") and line.get("UnitAmount") is None and line.get("LineAmount") is None:
            errors.append("Description needs to be at least 1 char long")
        out.append(line)
    if errors:
        raise Refusal(*errors)
    return out


def _default_tax(org: Org) -> Any:
    def pick(line: Mapping[str, Any]) -> str:
        account = org.account(line.get("AccountCode"))
        return str(account.get("TaxType") or "NONE") if account else "NONE"

    return pick


def _totals(org: Org, record: dict[str, Any], unitdp: int, *, sales: bool) -> None:
    amount_types = record.get("LineAmountTypes") or "Exclusive"
    if amount_types not in ("Exclusive", "Inclusive", "NoTax"):
        raise Refusal(f"LineAmountTypes '{amount_types}' is not valid: use Exclusive, Inclusive or NoTax")
    record["LineAmountTypes"] = amount_types
    lines = _prepare_lines(org, record.get("LineItems"), sales=sales)
    totals, errors = compute_totals(
        lines, amount_types, org.tax_rate, unitdp=unitdp, default_tax_type=_default_tax(org)
    )
    if errors:
        raise Refusal(*errors)
    record["LineItems"] = lines
    record["SubTotal"] = totals.sub_total
    record["TotalTax"] = totals.total_tax
    record["Total"] = totals.total


def _check_status(kind: str, old: str | None, new: str, record: Mapping[str, Any]) -> None:
    valid = ("DRAFT", "SUBMITTED", "AUTHORISED", "DELETED", "VOIDED", "PAID")
    if new not in valid:
        raise Refusal(f"Status '{new}' is not valid for {kind}")
    if old is None:
        if new in ("DELETED", "VOIDED", "PAID"):
            raise Refusal(f"A new {kind} cannot be created with status {new}")
        return
    if old in ("DELETED", "VOIDED"):
        raise Refusal(NOT_MODIFIABLE)
    paid = (money(record.get("AmountPaid"), _ZERO) or _ZERO) + (
        money(record.get("AmountCredited"), _ZERO) or _ZERO
    )
    if old == "PAID" or (old == "AUTHORISED" and paid > 0):
        raise Refusal(HAS_PAYMENTS)
    if old == "AUTHORISED" and new in ("DRAFT", "SUBMITTED", "DELETED"):
        raise Refusal(
            NOT_MODIFIABLE
            if new != "DELETED"
            else "Invoices with a status of AUTHORISED cannot be deleted, void the invoice instead"
        )
    if old in ("DRAFT", "SUBMITTED") and new == "VOIDED":
        raise Refusal("Only AUTHORISED documents can be voided; delete a DRAFT or SUBMITTED one instead")


def _save_document(
    org: Org,
    body: Mapping[str, Any],
    existing: dict[str, Any] | None,
    *,
    collection: str,
    id_field: str,
    number_field: str,
    kinds: tuple[str, ...],
    unitdp: int,
) -> dict[str, Any]:
    label = "invoice" if collection == "Invoices" else "credit note"
    record: dict[str, Any] = dict(existing) if existing else {}
    old_status = existing.get("Status") if existing else None
    kind = body.get("Type") or record.get("Type")
    if kind not in kinds:
        raise Refusal(
            f"The {label} Type must be one of {', '.join(kinds)}"
            if kind
            else f"A {label} Type must be specified"
        )
    new_status = str(body.get("Status") or old_status or "DRAFT")
    _check_status(label, old_status, new_status, record)
    for key, value in body.items():
        if key not in (
            id_field,
            "Total",
            "SubTotal",
            "TotalTax",
            "AmountDue",
            "AmountPaid",
            "AmountCredited",
            "UpdatedDateUTC",
        ):
            record[key] = value
    record["Type"] = kind
    record["Status"] = new_status
    record["Contact"] = contact_ref(org, record.get("Contact"))
    record["Date"] = parse_date(record.get("Date")) or dt.date.today()
    if record.get("DueDate") is not None:
        record["DueDate"] = parse_date(record["DueDate"])
    record.setdefault("CurrencyCode", org.organisation["BaseCurrency"])
    record.setdefault("CurrencyRate", Decimal(1))
    sales = kind in ("ACCREC", "ACCRECCREDIT")
    _totals(org, record, unitdp, sales=sales)
    if new_status == "AUTHORISED" and not record["LineItems"]:
        raise Refusal(
            f"An {label} must have at least one line item to be approved"
            if label == "invoice"
            else f"A {label} must have at least one line item to be approved"
        )
    number = record.get(number_field)
    if not number and sales:
        record[number_field] = org.next_number(number_field, "INV-" if collection == "Invoices" else "CN-")
    elif number and sales:
        lowered = str(number).lower()
        if any(
            str(r.get(number_field, "")).lower() == lowered and r.get(id_field) != record.get(id_field)
            for r in org.all(collection)
        ):
            raise Refusal(f"{'Invoice' if label == 'invoice' else 'Credit Note'} # must be unique.")
    paid = money(record.get("AmountPaid"), _ZERO) or _ZERO
    credited = money(record.get("AmountCredited"), _ZERO) or _ZERO
    record["AmountPaid"] = paid
    record["AmountCredited"] = credited
    if collection == "Invoices":
        record["AmountDue"] = record["Total"] - paid - credited
        record.setdefault("Payments", [])
        record.setdefault("CreditNotes", [])
    else:
        record["RemainingCredit"] = record["Total"] - credited - paid
        record.setdefault("Allocations", [])
    record.setdefault("HasAttachments", False)
    record["UpdatedDateUTC"] = now_utc()
    org.put(collection, record)
    doc_id = record[id_field]
    _repost(org, record, doc_id, old_status, _document_lines(org, record, kind))
    org.note(
        doc_id,
        "Created" if existing is None else "Updated",
        f"{label.title()} {record.get(number_field) or ''} {new_status} for {record['Total']}".strip(),
    )
    return record


def save_invoice(
    org: Org, body: Mapping[str, Any], existing: dict[str, Any] | None, unitdp: int = 2
) -> dict[str, Any]:
    return _save_document(
        org,
        body,
        existing,
        collection="Invoices",
        id_field="InvoiceID",
        number_field="InvoiceNumber",
        kinds=("ACCREC", "ACCPAY"),
        unitdp=unitdp,
    )


def save_credit_note(
    org: Org, body: Mapping[str, Any], existing: dict[str, Any] | None, unitdp: int = 2
) -> dict[str, Any]:
    return _save_document(
        org,
        body,
        existing,
        collection="CreditNotes",
        id_field="CreditNoteID",
        number_field="CreditNoteNumber",
        kinds=("ACCRECCREDIT", "ACCPAYCREDIT"),
        unitdp=unitdp,
    )


# -- journals -----------------------------------------------------------------------------------

_SOURCE_TYPES = {
    "ACCREC": "ACCREC",
    "ACCPAY": "ACCPAY",
    "ACCRECCREDIT": "ACCRECCREDIT",
    "ACCPAYCREDIT": "ACCPAYCREDIT",
    "RECEIVE": "CASHREC",
    "SPEND": "CASHPAID",
    "RECEIVE-OVERPAYMENT": "CASHREC",
    "SPEND-OVERPAYMENT": "CASHPAID",
    "RECEIVE-PREPAYMENT": "CASHREC",
    "SPEND-PREPAYMENT": "CASHPAID",
}

PostingLine = tuple[dict[str, Any], Decimal, Decimal, str, str]  # account, net, tax, tax type, text


def _document_lines(org: Org, record: Mapping[str, Any], kind: str) -> list[PostingLine]:
    """Debits positive. Sales documents credit income and tax and debit receivables; purchases the
    reverse; credit notes reverse their invoice type; bank transactions use the bank account."""
    sign = (
        Decimal(-1)
        if kind in ("ACCREC", "ACCPAYCREDIT", "RECEIVE", "RECEIVE-OVERPAYMENT", "RECEIVE-PREPAYMENT")
        else Decimal(1)
    )
    if kind in ("ACCREC", "ACCRECCREDIT"):
        control = org.system_account("DEBTORS")
    elif kind in ("ACCPAY", "ACCPAYCREDIT"):
        control = org.system_account("CREDITORS")
    else:
        control = org.account(record["BankAccount"]["AccountID"]) or org.system_account("DEBTORS")
    tax_account = org.system_account("GST")
    lines: list[PostingLine] = []
    total_tax = Decimal(0)
    if kind.endswith("OVERPAYMENT"):
        lines.append(
            (
                org.system_account("DEBTORS" if kind.startswith("RECEIVE") else "CREDITORS"),
                sign * record["Total"],
                _ZERO,
                "NONE",
                "Overpayment",
            )
        )
    else:
        for line in record.get("LineItems") or []:
            account = org.account(line.get("AccountCode")) or org.system_account("ROUNDING")
            tax = line.get("TaxAmount") or _ZERO
            net = (
                line["LineAmount"] - tax
                if record.get("LineAmountTypes") == "Inclusive"
                else line["LineAmount"]
            )
            lines.append(
                (
                    account,
                    sign * net,
                    sign * tax,
                    str(line.get("TaxType") or "NONE"),
                    str(line.get("Description") or ""),
                )
            )
            total_tax += tax
        if total_tax:
            lines.append((tax_account, sign * total_tax, _ZERO, "NONE", "Tax"))
    lines.append((control, -sign * record["Total"], _ZERO, "NONE", str(record.get("Reference") or "")))
    return lines


def _post(
    org: Org,
    source_type: str,
    source_id: str,
    date: dt.date,
    reference: str,
    lines: list[PostingLine],
    *,
    reverse: bool = False,
) -> None:
    factor = Decimal(-1) if reverse else Decimal(1)
    number = org.counters.get("JournalNumber", 0) + 1
    org.counters["JournalNumber"] = number
    org.put(
        "Journals",
        {
            "JournalID": str(uuid.uuid4()),
            "JournalDate": date,
            "JournalNumber": number,
            "CreatedDateUTC": now_utc(),
            "Reference": reference,
            "SourceID": source_id,
            "SourceType": source_type,
            "JournalLines": [
                {
                    "JournalLineID": str(uuid.uuid4()),
                    "AccountID": account["AccountID"],
                    "AccountCode": account["Code"],
                    "AccountType": account["Type"],
                    "AccountName": account["Name"],
                    "Description": text,
                    "NetAmount": factor * net,
                    "GrossAmount": factor * (net + tax),
                    "TaxAmount": factor * tax,
                    "TaxType": tax_type,
                    "TaxName": (org.data["TaxRates"].get(tax_type) or {}).get("Name", "No Tax"),
                    "TrackingCategories": [],
                }
                for account, net, tax, tax_type, text in lines
                if net or tax
            ],
        },
    )


def _repost(
    org: Org, record: dict[str, Any], source_id: str, old_status: str | None, lines: list[PostingLine]
) -> None:
    """Keep the journals equal to what a document's status says is posted."""
    kind = str(record.get("Type") or "MANJOURNAL")
    source = _SOURCE_TYPES.get(kind, kind)
    was_posted = old_status in ("AUTHORISED", "PAID", "POSTED")
    posted = record["Status"] in ("AUTHORISED", "PAID", "POSTED")
    previous = record.pop("_posted", None)
    if was_posted and previous is not None:
        _post(
            org, source, source_id, record["Date"], str(record.get("Reference") or ""), previous, reverse=True
        )
    if posted:
        _post(org, source, source_id, record["Date"], str(record.get("Reference") or ""), lines)
        record["_posted"] = lines


# -- payments and allocations -------------------------------------------------------------------


def save_payment(org: Org, body: Mapping[str, Any], existing: dict[str, Any] | None) -> dict[str, Any]:
    if existing is not None:
        if body.get("Status") != "DELETED":
            raise Refusal("A payment can only be changed to Status DELETED")
        if existing["Status"] == "DELETED":
            return existing
        _unpay(org, existing)
        return existing
    target = body.get("Invoice") or body.get("CreditNote")
    collection = "Invoices" if body.get("Invoice") else "CreditNotes"
    document = None
    if isinstance(target, Mapping):
        document = org.get(
            collection,
            target.get("InvoiceID")
            or target.get("CreditNoteID")
            or target.get("InvoiceNumber")
            or target.get("CreditNoteNumber")
            or "",
        )
    if document is None:
        raise Refusal("You must specify an Invoice or CreditNote to pay (by ID or number)")
    account = account_ref(org, body.get("Account"), "Account could not be found")
    if account["Type"] != "BANK" and not account.get("EnablePaymentsToAccount"):
        raise Refusal("Payments can only be made to/from BANK accounts or accounts with payments enabled")
    if document["Status"] != "AUTHORISED":
        raise Refusal(
            "Payment cannot be created: the document is not AUTHORISED"
            if document["Status"] != "PAID"
            else "Payment amount exceeds the amount outstanding on this document"
        )
    amount = money(body.get("Amount"))
    if amount is None or amount <= 0:
        raise Refusal("Payment amount must be greater than zero")
    amount = round_to(amount, 2)
    due_field = "AmountDue" if collection == "Invoices" else "RemainingCredit"
    if amount > document[due_field]:
        raise Refusal("Payment amount exceeds the amount outstanding on this document")
    date = parse_date(body.get("Date")) or dt.date.today()
    kind = str(document["Type"])
    payment_type = {
        "ACCREC": "ACCRECPAYMENT",
        "ACCPAY": "ACCPAYPAYMENT",
        "ACCRECCREDIT": "ARCREDITPAYMENT",
        "ACCPAYCREDIT": "APCREDITPAYMENT",
    }[kind]
    payment = org.put(
        "Payments",
        {
            "Date": date,
            "Amount": amount,
            "CurrencyRate": Decimal(1),
            "Reference": body.get("Reference"),
            "IsReconciled": bool(body.get("IsReconciled", False)),
            "Status": "AUTHORISED",
            "PaymentType": payment_type,
            "UpdatedDateUTC": now_utc(),
            "HasAccount": True,
            "Account": _summary(account),
            collection[:-1]: {
                f"{collection[:-1]}ID": document[f"{collection[:-1]}ID"],
                f"{collection[:-1]}Number": document.get(f"{collection[:-1]}Number"),
                "Type": kind,
                "Contact": document["Contact"],
            },
        },
    )
    incoming = kind in ("ACCREC", "ACCPAYCREDIT")
    control = org.system_account("DEBTORS" if kind.startswith("ACCREC") else "CREDITORS")
    sign = Decimal(1) if incoming else Decimal(-1)
    lines: list[PostingLine] = [
        (account, sign * amount, _ZERO, "NONE", "Payment"),
        (control, -sign * amount, _ZERO, "NONE", "Payment"),
    ]
    payment["_posted"] = lines
    _post(org, payment_type, payment["PaymentID"], date, str(body.get("Reference") or ""), lines)
    document["AmountPaid"] = document["AmountPaid"] + amount
    document[due_field] = document[due_field] - amount
    document.setdefault("Payments", []).append(
        {
            "PaymentID": payment["PaymentID"],
            "Date": date,
            "Amount": amount,
            "Reference": body.get("Reference"),
        }
    )
    _settle(org, document, due_field, date)
    return payment


def _unpay(org: Org, payment: dict[str, Any]) -> None:
    payment["Status"] = "DELETED"
    payment["UpdatedDateUTC"] = now_utc()
    _post(
        org,
        payment["PaymentType"],
        payment["PaymentID"],
        payment["Date"],
        "Payment deleted",
        payment.pop("_posted", []),
        reverse=True,
    )
    for collection in ("Invoices", "CreditNotes"):
        ref = payment.get(collection[:-1])
        if ref:
            document = org.get(collection, ref[f"{collection[:-1]}ID"])
            if document is not None:
                due_field = "AmountDue" if collection == "Invoices" else "RemainingCredit"
                document["AmountPaid"] -= payment["Amount"]
                document[due_field] += payment["Amount"]
                document["Payments"] = [
                    p for p in document.get("Payments", []) if p["PaymentID"] != payment["PaymentID"]
                ]
                if document["Status"] == "PAID":
                    document["Status"] = "AUTHORISED"
                    document.pop("FullyPaidOnDate", None)
                document["UpdatedDateUTC"] = now_utc()
                org.note(
                    document[f"{collection[:-1]}ID"],
                    "Payment deleted",
                    f"Payment of {payment['Amount']} deleted",
                )


def _settle(org: Org, document: dict[str, Any], due_field: str, date: dt.date) -> None:
    id_field = next(
        k for k in ("InvoiceID", "CreditNoteID", "OverpaymentID", "PrepaymentID") if k in document
    )
    document["UpdatedDateUTC"] = now_utc()
    if document[due_field] == 0:
        document["Status"] = "PAID"
        document["FullyPaidOnDate"] = date
        org.note(document[id_field], "Paid", f"Fully paid on {date.isoformat()}")
    else:
        org.note(document[id_field], "Payment received", f"{due_field} now {document[due_field]}")


def allocate(
    org: Org, source_collection: str, source: dict[str, Any], body: Mapping[str, Any]
) -> dict[str, Any]:
    """Apply part of a credit note's (overpayment's, prepayment's) remaining credit to an invoice."""
    if source["Status"] != "AUTHORISED":
        raise Refusal("Only AUTHORISED credit can be allocated")
    invoice_ref = body.get("Invoice")
    invoice = (
        org.get("Invoices", invoice_ref.get("InvoiceID") or invoice_ref.get("InvoiceNumber") or "")
        if isinstance(invoice_ref, Mapping)
        else None
    )
    if invoice is None:
        raise Refusal("The Invoice to allocate to could not be found")
    if invoice["Status"] != "AUTHORISED":
        raise Refusal("Allocations can only be made to AUTHORISED invoices")
    amount = money(body.get("Amount"))
    if amount is None or amount <= 0:
        raise Refusal("Allocation amount must be greater than zero")
    if amount > source["RemainingCredit"]:
        raise Refusal("The amount allocated exceeds the remaining credit")
    if amount > invoice["AmountDue"]:
        raise Refusal("The amount allocated exceeds the amount outstanding on the invoice")
    date = parse_date(body.get("Date")) or dt.date.today()
    single = source_collection[:-1]
    allocation = {
        "AllocationID": str(uuid.uuid4()),
        "Amount": amount,
        "Date": date,
        "Invoice": {"InvoiceID": invoice["InvoiceID"], "InvoiceNumber": invoice.get("InvoiceNumber")},
    }
    source["RemainingCredit"] -= amount
    source.setdefault("Allocations", []).append(allocation)
    if single == "CreditNote":
        source["AmountCredited"] = source.get("AmountCredited", _ZERO) + amount
    invoice["AmountCredited"] = invoice.get("AmountCredited", _ZERO) + amount
    invoice["AmountDue"] -= amount
    invoice.setdefault("CreditNotes" if single == "CreditNote" else f"{single}s", []).append(
        {f"{single}ID": source[f"{single}ID"], "Total": source["Total"], "AppliedAmount": amount}
    )
    if source["RemainingCredit"] == 0:
        source["Status"] = "PAID"
    source["UpdatedDateUTC"] = now_utc()
    _settle(org, invoice, "AmountDue", date)
    return {**allocation, single: {f"{single}ID": source[f"{single}ID"]}}


# -- bank transactions, transfers, manual journals ------------------------------------------------


def save_bank_transaction(
    org: Org, body: Mapping[str, Any], existing: dict[str, Any] | None, unitdp: int = 2
) -> dict[str, Any]:
    record: dict[str, Any] = dict(existing) if existing else {}
    old_status = existing.get("Status") if existing else None
    if old_status == "DELETED":
        raise Refusal("This Bank Transaction cannot be edited as it has been deleted")
    for key, value in body.items():
        if key not in ("BankTransactionID", "Total", "SubTotal", "TotalTax", "UpdatedDateUTC"):
            record[key] = value
    kind = record.get("Type")
    kinds = (
        "RECEIVE",
        "SPEND",
        "RECEIVE-OVERPAYMENT",
        "SPEND-OVERPAYMENT",
        "RECEIVE-PREPAYMENT",
        "SPEND-PREPAYMENT",
    )
    if kind not in kinds:
        raise Refusal(f"The bank transaction Type must be one of {', '.join(kinds)}")
    bank = account_ref(org, record.get("BankAccount"), "A valid BankAccount must be specified")
    if bank["Type"] != "BANK":
        raise Refusal("The BankAccount must be an account of Type BANK")
    record["BankAccount"] = _summary(bank)
    record["Contact"] = contact_ref(org, record.get("Contact"))
    record["Date"] = parse_date(record.get("Date")) or dt.date.today()
    record["Status"] = str(record.get("Status") or "AUTHORISED")
    if record["Status"] not in ("AUTHORISED", "DELETED"):
        raise Refusal("Bank transactions can only have Status AUTHORISED or DELETED")
    record.setdefault("IsReconciled", False)
    record.setdefault("CurrencyCode", org.organisation["BaseCurrency"])
    _totals(org, record, unitdp, sales=str(kind).startswith("RECEIVE"))
    record["UpdatedDateUTC"] = now_utc()
    record.setdefault("HasAttachments", False)
    org.put("BankTransactions", record)
    _repost(org, record, record["BankTransactionID"], old_status, _document_lines(org, record, str(kind)))
    if existing is None and ("OVERPAYMENT" in str(kind) or "PREPAYMENT" in str(kind)):
        _credit_from_bank(org, record, str(kind))
    org.note(
        record["BankTransactionID"], "Created" if existing is None else "Updated", f"{kind} {record['Total']}"
    )
    return record


def _credit_from_bank(org: Org, bank_tx: dict[str, Any], kind: str) -> None:
    collection = "Overpayments" if "OVERPAYMENT" in kind else "Prepayments"
    single = collection[:-1]
    record = org.put(
        collection,
        {
            "Type": kind,
            "Contact": bank_tx["Contact"],
            "Date": bank_tx["Date"],
            "Status": "AUTHORISED",
            "LineAmountTypes": bank_tx["LineAmountTypes"],
            "LineItems": bank_tx["LineItems"],
            "SubTotal": bank_tx["SubTotal"],
            "TotalTax": bank_tx["TotalTax"],
            "Total": bank_tx["Total"],
            "RemainingCredit": bank_tx["Total"],
            "Allocations": [],
            "CurrencyCode": bank_tx["CurrencyCode"],
            "UpdatedDateUTC": now_utc(),
            "HasAttachments": False,
        },
    )
    bank_tx[f"{single}ID"] = record[f"{single}ID"]


def save_bank_transfer(org: Org, body: Mapping[str, Any], existing: dict[str, Any] | None) -> dict[str, Any]:
    if existing is not None:
        raise Refusal("Bank transfers cannot be changed")
    source = account_ref(org, body.get("FromBankAccount"), "A valid FromBankAccount must be specified")
    dest = account_ref(org, body.get("ToBankAccount"), "A valid ToBankAccount must be specified")
    if source["Type"] != "BANK" or dest["Type"] != "BANK":
        raise Refusal("Transfers can only be made between BANK accounts")
    if source["AccountID"] == dest["AccountID"]:
        raise Refusal("The From and To bank accounts must be different")
    amount = money(body.get("Amount"))
    if amount is None or amount <= 0:
        raise Refusal("The transfer amount must be greater than zero")
    amount = round_to(amount, 2)
    date = parse_date(body.get("Date")) or dt.date.today()
    record = org.put(
        "BankTransfers",
        {
            "FromBankAccount": _summary(source),
            "ToBankAccount": _summary(dest),
            "Amount": amount,
            "Date": date,
            "CurrencyRate": Decimal(1),
            "Reference": body.get("Reference"),
            "FromIsReconciled": False,
            "ToIsReconciled": False,
            "HasAttachments": False,
            "CreatedDateUTC": now_utc(),
        },
    )
    _post(
        org,
        "TRANSFER",
        record["BankTransferID"],
        date,
        str(body.get("Reference") or ""),
        [(dest, amount, _ZERO, "NONE", "Transfer"), (source, -amount, _ZERO, "NONE", "Transfer")],
    )
    return record


def save_manual_journal(org: Org, body: Mapping[str, Any], existing: dict[str, Any] | None) -> dict[str, Any]:
    record: dict[str, Any] = dict(existing) if existing else {}
    old_status = existing.get("Status") if existing else None
    if old_status in ("VOIDED", "DELETED"):
        raise Refusal("This manual journal cannot be edited")
    for key, value in body.items():
        if key not in ("ManualJournalID", "UpdatedDateUTC"):
            record[key] = value
    if not record.get("Narration"):
        raise Refusal("Narration is required")
    status = str(record.get("Status") or "DRAFT")
    if status not in ("DRAFT", "POSTED", "DELETED", "VOIDED"):
        raise Refusal(f"Status '{status}' is not valid for a manual journal")
    if old_status == "POSTED" and status in ("DRAFT", "DELETED"):
        raise Refusal("A POSTED manual journal can only be voided")
    record["Status"] = status
    record["Date"] = parse_date(record.get("Date")) or dt.date.today()
    record.setdefault("LineAmountTypes", "NoTax")
    lines = []
    errors = []
    for given in record.get("JournalLines") or []:
        line = dict(given)
        amount = money(line.get("LineAmount"))
        account = org.account(line.get("AccountCode")) or org.account(line.get("AccountID"))
        if account is None:
            errors.append(f"Account code '{line.get('AccountCode')}' is not a valid code")
            continue
        if amount is None:
            errors.append("Each journal line needs a LineAmount")
            continue
        line["LineAmount"] = round_to(amount, 2)
        line["AccountCode"] = account["Code"]
        line["AccountID"] = account["AccountID"]
        line.setdefault("TaxType", "NONE")
        line["TaxAmount"] = _ZERO
        lines.append(line)
    if errors:
        raise Refusal(*errors)
    if status == "POSTED" and len(lines) < 2:
        raise Refusal("A posted manual journal must have at least two lines")
    debits = sum((line["LineAmount"] for line in lines if line["LineAmount"] > 0), Decimal(0))
    credits = -sum((line["LineAmount"] for line in lines if line["LineAmount"] < 0), Decimal(0))
    if debits != credits:
        raise Refusal(f"The total debits ({debits}) must equal total credits ({credits})")
    record["JournalLines"] = lines
    record["UpdatedDateUTC"] = now_utc()
    record.setdefault("HasAttachments", False)
    org.put("ManualJournals", record)
    postings: list[PostingLine] = [
        (
            org.account(line["AccountCode"]) or {},
            line["LineAmount"],
            _ZERO,
            "NONE",
            str(line.get("Description") or ""),
        )
        for line in lines
    ]
    record["Type"] = "MANJOURNAL"
    _repost(org, record, record["ManualJournalID"], old_status, postings)
    record.pop("Type")
    return record
