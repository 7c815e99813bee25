"""Numbers as ``Decimal``, never through binary floating point: money must keep its digits."""

from __future__ import annotations

import re
from decimal import Decimal

__all__ = ["to_decimal"]

# A plain decimal literal, ASCII only. Decimal() itself would also take "1_000", " 1 ",
# "NaN", "Infinity" and non-ASCII digits, none of which is a number Xero sends.
_NUMBER_RE = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")


def to_decimal(value: object) -> Decimal:
    """Convert a JSON number (or a numeric string) to ``Decimal`` exactly.

    * ``Decimal``: returned unchanged (the same object).
    * ``int``: exact.
    * ``str`` such as ``"100.0000"``: a plain decimal literal, keeping its digits.
    * ``float``: through its shortest ``repr``, so ``0.1`` gives ``Decimal("0.1")``, not the
      binary value; NaN and infinities are refused.

    ``bool`` and anything else raise ``TypeError``; a malformed or non-finite string raises
    ``ValueError``. Both messages name the value.
    """
    if type(value) is Decimal:
        return value
    if type(value) is int:
        return Decimal(value)
    if type(value) is str:
        return _from_str(value)
    if type(value) is float:
        return _from_float(value)
    return _to_decimal_other(value)


def _from_str(value: str) -> Decimal:
    if _NUMBER_RE.fullmatch(value) is None:
        raise ValueError(f"not a decimal number: {value!r}")
    return Decimal(value)


def _from_float(value: float) -> Decimal:
    text = float.__repr__(value)
    if text in ("nan", "inf", "-inf"):
        raise ValueError(f"not a finite number: {value!r}")
    return Decimal(text)


def _to_decimal_other(value: object) -> Decimal:
    """Subclasses and refusals, off the hot path."""
    if isinstance(value, bool):
        raise TypeError(f"a bool is not a number: {value!r}")
    if isinstance(value, Decimal):
        return value
    if isinstance(value, int):
        return Decimal(int(value))
    if isinstance(value, float):
        return _from_float(value)
    if isinstance(value, str):
        return _from_str(str.__str__(value))
    raise TypeError(f"cannot convert {type(value).__name__} to Decimal: {value!r}")
