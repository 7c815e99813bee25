"""Deterministic Xero-shaped JSON for the benchmarks.

Everything is derived from a seeded ``random.Random``: the same arguments give the same bytes
on every machine and Python version (only ``getrandbits``/``randrange`` are used, whose output
CPython keeps stable for a given seed).

- :func:`invoices_page`: a ``GET /Invoices`` response as Xero sends it: the envelope (``Id``,
  ``Status``, ``ProviderName``, ``DateTimeUTC``), then invoices with 5 line items, one payment
  and a contact each, MS ``/Date(...)/`` dates, decimals written with their trailing zeros
  (``40.00``, ``1.000000``), and the fields Xero sends beyond its document (``DateString``,
  ``InvoicePaymentServices``...).
- :func:`request_invoices`: the body a client sends to ``PUT /Invoices``: only fields of the
  document, no read-only ones (dates in MS form, which every SDK reads).
- :func:`organisation_body`: a small ``GET /Organisation`` response (about 1 KB).

``python -m benchmarks.payload --invoices 1000 --out page.json`` writes a page to a file.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import uuid
from datetime import datetime, timedelta, timezone
from decimal import Decimal
from random import Random
from typing import Any

__all__ = ["encode", "invoices_page", "organisation_body", "request_invoices"]

SEED = 20240521
_EPOCH = datetime(2023, 1, 1, tzinfo=timezone.utc)
_CENT = Decimal("0.01")
_TAX_RATE = Decimal("0.15")

# A number is carried through json.dumps as this prefix + its digits, then unquoted. The
# payload's own strings never contain a NUL, so the substitution cannot touch them.
_NUM = "\x00n"
_NUM_TOKEN = re.compile(r'"\\u0000n(-?[0-9.]+)"')

_ITEMS = (
    ("BOOK", "Fiction book, hardback", "200", "OUTPUT2"),
    ("DESK", "Standing desk, oak, 160 cm", "200", "OUTPUT2"),
    ("CONS", "Consulting: architecture review", "260", "OUTPUT2"),
    ("SHIP", "Shipping and handling", "210", "NONE"),
    ("LIC", "Software licence, annual, per seat", "260", "OUTPUT2"),
    ("PAPER", "A4 paper, 80 gsm, box of 5 reams", "200", "OUTPUT2"),
)
_NAMES = (
    "Ridgeway University",
    "Bayside Club",
    "City Limousines",
    "Marine Systems",
    "Hamilton Smith Ltd",
    "Boom FM",
    "Port & Philip Freight",
    "Basket Case",
    "Petrie McLoud Watson & Associates",
    "Young Bros Transport",
)


def _uuid(rng: Random) -> str:
    return str(uuid.UUID(int=rng.getrandbits(128), version=4))


def _ms(when: datetime) -> str:
    """Xero's MS JSON date: ``/Date(1518048000000+0000)/``."""
    millis = int((when - datetime(1970, 1, 1, tzinfo=timezone.utc)).total_seconds()) * 1000
    return f"/Date({millis}+0000)/"


def _money(value: Decimal) -> str:
    return _NUM + str(value.quantize(_CENT))


def _number(value: Decimal, places: int) -> str:
    return _NUM + str(value.quantize(Decimal(1).scaleb(-places)))


def _line_item(rng: Random, request: bool) -> tuple[dict[str, Any], Decimal, Decimal]:
    code, description, account, tax_type = _ITEMS[rng.randrange(len(_ITEMS))]
    quantity = Decimal(rng.randrange(1, 20))
    unit = Decimal(rng.randrange(150, 250_000)) / 100
    amount = (quantity * unit).quantize(_CENT)
    tax = (amount * _TAX_RATE).quantize(_CENT) if tax_type != "NONE" else Decimal("0.00")
    item: dict[str, Any] = {
        "ItemCode": code,
        "Description": description,
        "UnitAmount": _number(unit, 4 if request else 2),
        "TaxType": tax_type,
        "TaxAmount": _money(tax),
        "LineAmount": _money(amount),
        "AccountCode": account,
        "Tracking": [],
        "Quantity": _number(quantity, 4),
    }
    if not request:
        item["LineItemID"] = _uuid(rng)
        item["ValidationErrors"] = []
    return item, amount, tax


def _contact(rng: Random, index: int, request: bool) -> dict[str, Any]:
    name = f"{_NAMES[index % len(_NAMES)]} {index // len(_NAMES) + 1}"
    if request:
        return {"ContactID": _uuid(rng), "Name": name}
    return {
        "ContactID": _uuid(rng),
        "ContactNumber": f"C{index:06d}",
        "Name": name,
        "Addresses": [],
        "Phones": [],
        "ContactGroups": [],
        "ContactPersons": [],
        "HasValidationErrors": False,
    }


def _invoice(rng: Random, index: int, request: bool) -> dict[str, Any]:
    issued = _EPOCH + timedelta(days=rng.randrange(0, 700))
    due = issued + timedelta(days=rng.choice((7, 14, 20, 30)))
    lines = [_line_item(rng, request) for _ in range(5)]
    sub_total = sum((amount for _, amount, _ in lines), Decimal("0.00"))
    total_tax = sum((tax for _, _, tax in lines), Decimal("0.00"))
    total = sub_total + total_tax
    kind = "ACCREC" if index % 4 else "ACCPAY"
    number = f"INV-{index + 1:06d}"
    if request:
        return {
            "Type": kind,
            "Contact": _contact(rng, index, True),
            "LineItems": [item for item, _, _ in lines],
            "Date": _ms(issued),
            "DueDate": _ms(due),
            "LineAmountTypes": "Exclusive",
            "InvoiceNumber": number,
            "Reference": f"PO {rng.randrange(10_000, 99_999)}",
            "BrandingThemeID": _uuid(rng),
            "CurrencyCode": "NZD",
            "Status": "AUTHORISED",
        }
    paid = (total * rng.choice((Decimal(1), Decimal("0.5"), Decimal("0.25")))).quantize(_CENT)
    paid_on = issued + timedelta(days=rng.randrange(1, 40))
    updated = paid_on + timedelta(seconds=rng.randrange(0, 86_400))
    payment = {
        "PaymentID": _uuid(rng),
        "Date": _ms(paid_on),
        "Amount": _money(paid),
        "Reference": f"DD {rng.randrange(1000, 9999)}",
        "CurrencyRate": _number(Decimal(1), 6),
        "HasAccount": False,
        "HasValidationErrors": False,
    }
    invoice: dict[str, Any] = {
        "Type": kind,
        "InvoiceID": _uuid(rng),
        "InvoiceNumber": number,
        "Reference": f"PO {rng.randrange(10_000, 99_999)}",
        "Payments": [payment],
        "CreditNotes": [],
        "Prepayments": [],
        "Overpayments": [],
        "AmountDue": _money(total - paid),
        "AmountPaid": _money(paid),
        "AmountCredited": _money(Decimal(0)),
        "CurrencyRate": _number(Decimal(1), 6),
        "IsDiscounted": False,
        "HasAttachments": False,
        "InvoicePaymentServices": [],
        "HasErrors": False,
        "Contact": _contact(rng, index, False),
        "DateString": issued.strftime("%Y-%m-%dT00:00:00"),
        "Date": _ms(issued),
        "DueDateString": due.strftime("%Y-%m-%dT00:00:00"),
        "DueDate": _ms(due),
        "BrandingThemeID": _uuid(rng),
        "Status": "PAID" if paid == total else "AUTHORISED",
        "LineAmountTypes": "Exclusive",
        "LineItems": [item for item, _, _ in lines],
        "SubTotal": _money(sub_total),
        "TotalTax": _money(total_tax),
        "Total": _money(total),
        "UpdatedDateUTC": _ms(updated),
        "CurrencyCode": "NZD",
    }
    if paid == total:
        invoice["FullyPaidOnDate"] = _ms(paid_on)
    return invoice


def _envelope(rng: Random) -> dict[str, Any]:
    return {
        "Id": _uuid(rng),
        "Status": "OK",
        "ProviderName": "xero-sdk benchmarks",
        "DateTimeUTC": _ms(_EPOCH + timedelta(days=800)),
    }


def invoices_page(count: int = 1000, *, start: int = 0, seed: int = SEED) -> dict[str, Any]:
    """A ``GET /Invoices`` response with ``count`` invoices numbered from ``start``.

    Numbers are placeholders until :func:`encode`; use the bytes, not this dict, as input."""
    rng = Random(f"{seed}:{start}:{count}")
    body = _envelope(rng)
    body["Invoices"] = [_invoice(rng, start + i, False) for i in range(count)]
    return body


def request_invoices(count: int = 1000, *, seed: int = SEED) -> dict[str, Any]:
    """The ``PUT /Invoices`` body a client builds (``{"Invoices": [...]}``), before encoding."""
    rng = Random(f"{seed}:request:{count}")
    return {"Invoices": [_invoice(rng, i, True) for i in range(count)]}


def organisation_body(seed: int = SEED) -> dict[str, Any]:
    """A ``GET /Organisation`` response (a demo company), before encoding."""
    rng = Random(f"{seed}:organisation")
    body = _envelope(rng)
    body["Organisations"] = [
        {
            "OrganisationID": _uuid(rng),
            "APIKey": "",
            "Name": "Demo Company (NZ)",
            "LegalName": "Demo Company (NZ)",
            "PaysTax": True,
            "Version": "NZ",
            "OrganisationType": "COMPANY",
            "BaseCurrency": "NZD",
            "CountryCode": "NZ",
            "IsDemoCompany": True,
            "OrganisationStatus": "ACTIVE",
            "TaxNumber": "101-304-517",
            "FinancialYearEndDay": 31,
            "FinancialYearEndMonth": 3,
            "SalesTaxBasis": "PAYMENTS",
            "SalesTaxPeriod": "TWOMONTHS",
            "DefaultSalesTax": "Tax Exclusive",
            "DefaultPurchasesTax": "Tax Inclusive",
            "CreatedDateUTC": _ms(_EPOCH),
            "OrganisationEntityType": "COMPANY",
            "Timezone": "NEWZEALANDSTANDARDTIME",
            "ShortCode": "!f3Dkq",
            "Edition": "BUSINESS",
            "Class": "DEMO",
            "LineOfBusiness": "Professional services",
            "Addresses": [],
            "Phones": [],
            "ExternalLinks": [],
            "PaymentTerms": {},
        }
    ]
    return body


def encode(body: dict[str, Any]) -> bytes:
    """Compact UTF-8 JSON with every number written exactly as generated (``40.00``)."""
    text = json.dumps(body, separators=(",", ":"), ensure_ascii=False)
    return _NUM_TOKEN.sub(r"\1", text).encode("utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Write a deterministic Xero invoices page as JSON.")
    parser.add_argument("--invoices", type=int, default=1000, help="invoices on the page (default 1000)")
    parser.add_argument("--start", type=int, default=0, help="number of the first invoice")
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--request", action="store_true", help="a PUT /Invoices body instead")
    parser.add_argument("--out", help="file to write (default: stdout)")
    args = parser.parse_args(argv)
    if args.request:
        data = encode(request_invoices(args.invoices, seed=args.seed))
    else:
        data = encode(invoices_page(args.invoices, start=args.start, seed=args.seed))
    if args.out:
        with open(args.out, "wb") as fh:
            fh.write(data)
    else:
        sys.stdout.buffer.write(data + b"\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
