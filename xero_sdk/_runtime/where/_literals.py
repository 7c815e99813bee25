"""Python values -> literals of the where language.

See the package docstring (:mod:`xero_sdk._runtime.where`) for the rules and for why string values
are encoded the way they are; this module is where those rules are enforced.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timezone
from decimal import Decimal
from enum import Enum
from typing import Final, TypeAlias
from uuid import UUID

from xero_sdk.errors import REFUSED_BACKSLASH, REFUSED_CONTROL, REFUSED_SURROGATE, UnsafeStringError

__all__ = [
    "MAX_NUMBER_LENGTH",
    "REFUSED_BACKSLASH",
    "REFUSED_CONTROL",
    "REFUSED_SURROGATE",
    "OrderableValue",
    "UnsafeStringError",
    "WhereValue",
    "quote_string",
    "render_literal",
]

#: What ``F(...) == value`` accepts. ``bool`` is included through ``int``, ``datetime``
#: through ``date``; enum members render as their value.
WhereValue: TypeAlias = str | int | Decimal | date | UUID | Enum | None
#: What ``<``, ``<=``, ``>`` and ``>=`` accept: not ``None`` (and, at run time, not ``bool``).
OrderableValue: TypeAlias = str | int | Decimal | date | UUID | Enum

#: Longest number literal written, in characters of its plain decimal form. Xero's numbers are
#: .NET decimals (28-29 significant digits), so this only stops absurd values, such as
#: ``Decimal("1E+999999999")``, from being expanded into huge strings.
MAX_NUMBER_LENGTH: Final = 100

_REFUSED_CHARACTER = re.compile("[\\\\\x00-\x1f\x7f-\x9f\ud800-\udfff]")


def quote_string(value: str) -> str:
    """``value`` as one double-quoted where literal: every ``"`` doubled, or refused."""
    found = _REFUSED_CHARACTER.search(value)
    if found is not None:
        char = found.group()
        if char == "\\":
            reason = REFUSED_BACKSLASH
        elif "\ud800" <= char <= "\udfff":
            reason = REFUSED_SURROGATE
        else:
            reason = REFUSED_CONTROL
        raise UnsafeStringError(value, found.start(), reason)
    return '"' + value.replace('"', '""') + '"'


def _plain_decimal(value: Decimal, original: object) -> str:
    if not value.is_finite():
        raise ValueError(f"cannot use {original!r} in a where filter: not a finite number")
    _, digits, exponent = value.as_tuple()
    if not isinstance(exponent, int):  # pragma: no cover - is_finite() leaves only ints
        raise ValueError(f"cannot use {original!r} in a where filter: not a finite number")
    length = len(digits) + exponent if exponent >= 0 else max(len(digits), 1 - exponent) + 1
    if length > MAX_NUMBER_LENGTH:
        raise ValueError(
            f"cannot use this number in a where filter: its plain decimal form would be "
            f"{length} characters long (the limit is {MAX_NUMBER_LENGTH})"
        )
    return format(value, "f")


def _datetime(value: datetime) -> str:
    if value.utcoffset() is not None:
        try:
            value = value.astimezone(timezone.utc)
        except OverflowError as exc:
            raise ValueError(f"cannot use {value!r} in a where filter: out of range in UTC") from exc
    return (
        f"DateTime({value.year:04d},{value.month:02d},{value.day:02d},"
        f"{value.hour:02d},{value.minute:02d},{value.second:02d})"
    )


def render_literal(value: object) -> str:
    """Render one Python value as a where literal.

    ``None`` -> ``null``; ``bool`` -> ``true``/``false``; ``str`` -> quoted (see
    :func:`quote_string`); ``int`` and ``Decimal`` -> their exact digits, never an exponent;
    ``float`` is refused, as in models (``0.1 + 0.2`` is not ``0.3``: use ``Decimal``); ``date`` ->
    ``DateTime(2026,01,31)``; ``datetime`` -> ``DateTime(2026,01,31,10,30,00)``, converted to
    UTC first when aware, microseconds dropped; ``UUID`` -> ``Guid("...")``; an enum member ->
    its value rendered by these rules. Anything else raises :class:`TypeError`.
    """
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Enum):
        return render_literal(value.value)
    if isinstance(value, str):
        return quote_string(str.__str__(value))
    if isinstance(value, int):
        if value.bit_length() > 4 * MAX_NUMBER_LENGTH:
            raise ValueError(f"cannot use this int in a where filter: longer than {MAX_NUMBER_LENGTH} digits")
        return _plain_decimal(Decimal(int(value)), value)
    if isinstance(value, Decimal):
        return _plain_decimal(value, value)
    if isinstance(value, float):
        raise TypeError(
            f"cannot use the float {value!r} as a where value: binary floats are not the decimals "
            f"Xero compares (0.1 + 0.2 renders 0.30000000000000004); use Decimal({str(value)!r}) or an int"
        )
    if isinstance(value, datetime):
        return _datetime(value)
    if isinstance(value, date):
        return f"DateTime({value.year:04d},{value.month:02d},{value.day:02d})"
    if isinstance(value, UUID):
        return f'Guid("{UUID(int=value.int)}")'
    raise TypeError(
        f"cannot use a {type(value).__name__} as a where value; use str, an enum member, int, "
        "Decimal, bool, date, datetime, uuid.UUID or None"
    )
