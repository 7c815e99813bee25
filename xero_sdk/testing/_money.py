"""Xero's arithmetic on documents: line amounts, tax and totals in Decimal.

Rules (https://developer.xero.com/documentation/api-guides/rounding-in-xero):
UnitAmount is kept to 2 decimal places, or 4 with ``unitdp=4``; LineAmount and tax are
rounded to 2 places per line, then summed; ``Exclusive`` adds tax to the line amounts,
``Inclusive`` takes it out of them, ``NoTax`` has none. Rounding is half away from zero.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, MutableMapping, Sequence
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

__all__ = ["CENT", "DocumentTotals", "compute_totals", "money", "round_to"]

CENT = Decimal("0.01")


def round_to(value: Decimal, places: int) -> Decimal:
    return value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def money(value: Any, default: Decimal | None = None) -> Decimal | None:
    """A Decimal from a JSON number or numeric text (None when absent)."""
    if value is None or value == "":
        return default
    if isinstance(value, bool):
        raise ValueError(f"{value!r} is not a number")
    return Decimal(str(value))


class DocumentTotals:
    __slots__ = ("sub_total", "total", "total_tax")

    def __init__(self, sub_total: Decimal, total_tax: Decimal) -> None:
        self.sub_total = sub_total
        self.total_tax = total_tax
        self.total = sub_total + total_tax


def compute_totals(
    lines: Sequence[MutableMapping[str, Any]],
    amount_types: str,
    rate_of: Callable[[str], Decimal | None],
    *,
    unitdp: int = 2,
    default_tax_type: Callable[[Mapping[str, Any]], str] | None = None,
) -> tuple[DocumentTotals, list[str]]:
    """Fill each line's UnitAmount, LineAmount, TaxType and TaxAmount; return the totals and
    the validation messages (an unknown tax type, a line without amounts)."""
    errors: list[str] = []
    sub_total = Decimal(0)
    total_tax = Decimal(0)
    for line in lines:
        quantity = money(line.get("Quantity"), Decimal(1))
        unit = money(line.get("UnitAmount"))
        discount = money(line.get("DiscountRate"), Decimal(0))
        assert quantity is not None and discount is not None
        if unit is not None:
            unit = round_to(unit, 4 if unitdp == 4 else 2)
            line["UnitAmount"] = unit
            line["Quantity"] = quantity
            line_amount = round_to(quantity * unit * (1 - discount / 100), 2)
        else:
            given = money(line.get("LineAmount"))
            line_amount = round_to(given, 2) if given is not None else Decimal("0.00")
        line["LineAmount"] = line_amount
        if amount_types == "NoTax":
            line["TaxType"] = "NONE"
            tax = Decimal("0.00")
        else:
            tax_type = line.get("TaxType") or (default_tax_type(line) if default_tax_type else None) or "NONE"
            rate = rate_of(tax_type)
            if rate is None:
                errors.append(
                    f"The TaxType code {tax_type} does not exist or cannot be used with this type of data"
                )
                rate = Decimal(0)
            line["TaxType"] = tax_type
            if amount_types == "Inclusive":
                tax = round_to(line_amount - line_amount / (1 + rate / 100), 2)
            else:
                tax = round_to(line_amount * rate / 100, 2)
        line["TaxAmount"] = tax
        total_tax += tax
        sub_total += line_amount - tax if amount_types == "Inclusive" else line_amount
    return DocumentTotals(round_to(sub_total, 2), round_to(total_tax, 2)), errors
