"""Filters as a user writes them, checked by ``mypy --strict`` (``make typecheck``): floats are
refused in where values as in models (names are checked at call time: see
tests/layer/test_where_names.py)."""

from __future__ import annotations

from decimal import Decimal

from xero_sdk import F, Xero
from xero_sdk.accounting import Invoice
from xero_sdk.errors import UnknownFieldError


def filters(org: Xero) -> None:
    org.accounting.get_invoices(where=(F("AmountDue") > Decimal("0.3")) & (F("AmountDue") < 10))
    org.accounting.get_invoices(where=F("AmountDue") > 0.1 + 0.2)  # type: ignore[operator]
    org.accounting.get_invoices(where=Invoice.F.amount_due > 0.3)  # type: ignore[operator]
    try:
        org.accounting.get_invoices(where=F("Staus") == "AUTHORISED")
    except UnknownFieldError as exc:
        closest: list[str] = exc.suggestions
        del closest
