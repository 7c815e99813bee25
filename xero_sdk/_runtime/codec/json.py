"""JSON in and out with exact decimals.

``loads`` reads every non-integer number as ``Decimal`` (never through ``float``); ``dumps``
writes a ``Decimal`` as exactly its digits. The stdlib's C encoder cannot write a bare number
for an object it does not know, so ``dumps`` works in two steps:

1. The C encoder runs with a ``default`` hook that turns each finite ``Decimal`` into the
   string ``<marker><digits>`` and counts them. ``<marker>`` is random per process (64 bits
   from ``os.urandom``), so no one can aim at it.
2. One precompiled regex replaces every ``"<marker><digits>"`` string token by the bare
   ``<digits>`` (``str(Decimal)`` is always valid JSON number text for finite values).

Secrecy alone would make a collision unlikely, not impossible, so step 2 also checks its work.
A match starts at a ``"`` directly followed by the marker and ends at the next ``"``, with only
number characters between, so it never spans two JSON tokens (after a closing quote comes
``,:]}``, never the marker). Each Decimal's own token therefore matches exactly once, and any
extra match must lie inside a user string (a value or a key). So if the number of matches
differs from the number of Decimals, the text is thrown away and the object is encoded again
with a fresh random marker, until the counts agree. A user string is never turned into a bare
number, whatever it contains.

Also encoded: ``uuid.UUID`` as its string, ``datetime``/``date`` via ``format_datetime`` /
``format_date``, ``Enum`` members as their value (``str``/``int`` mixin enums, including
``OpenStrEnum`` pseudo-members, are written by the C encoder as their underlying value).
NaN and infinities, float or Decimal, raise ``ValueError``.
"""

from __future__ import annotations

import functools
import json
import os
import re
from collections.abc import Callable
from datetime import date, datetime
from decimal import Decimal
from enum import Enum
from typing import Any
from uuid import UUID

from xero_sdk._runtime.codec.dates import format_date, format_datetime

__all__ = ["dumps", "loads"]


def _reject_constant(name: str) -> Any:
    raise ValueError(f"JSON constant {name} is not a number Xero sends")


_detect_encoding = json.detect_encoding


_PLAIN = json.JSONDecoder(parse_float=Decimal, parse_constant=_reject_constant).decode

# From this size on (a page of a hundred invoices is about 250 KB) numbers are memoised.
_MEMO_FROM = 32 * 1024


def _decode(text: str) -> Any:
    if len(text) < _MEMO_FROM:
        return _PLAIN(text)
    # One Decimal per distinct number text within a document: a page of invoices repeats the
    # same amounts (0.00, 1.0000, 1.000000, quantities, rates), and sharing them saves about a
    # third of the Decimals it holds (Decimals are immutable, so sharing is invisible). The
    # unbounded lru_cache is a C-level memo: a hit costs less than building a Decimal, and it
    # lives only while this document is decoded. Setting it up costs some microseconds,
    # which only large documents repay.
    decimals = functools.lru_cache(maxsize=None)(Decimal)
    return json.JSONDecoder(parse_float=decimals, parse_constant=_reject_constant).decode(text)


def loads(data: bytes | bytearray | str) -> Any:
    """Decode JSON text; numbers with a fraction or exponent become ``Decimal``, integers ``int``.

    Bytes may be UTF-8 (with or without BOM), UTF-16 or UTF-32, as ``json.loads`` allows.
    ``NaN``/``Infinity`` literals are refused. Errors are ``ValueError``: ``json.JSONDecodeError``
    for malformed text, :class:`JSONDepthError` for nesting too deep to follow (never a raw
    ``RecursionError``). Equal numbers within one document may share one ``Decimal`` object.
    """
    try:
        if type(data) is str:
            return _decode(data)
        if isinstance(data, (bytes, bytearray)):
            return _decode(data.decode(_detect_encoding(data), "surrogatepass"))
        if isinstance(data, str):  # a str subclass
            return _decode(str.__str__(data))
    except RecursionError:
        from xero_sdk.errors import JSONDepthError  # the error path alone loads the error classes

        raise JSONDepthError("JSON nested too deeply (more levels than the decoder follows)") from None
    raise TypeError(f"JSON text must be str or bytes, not {type(data).__name__}")


def _new_marker() -> str:
    # Hex digits only: written unchanged by the JSON encoder, no regex metacharacters, and it
    # cannot be confused with the JSON punctuation around a string token. Kept short because
    # every Decimal carries it through the encoder's string escaping.
    return "xd" + os.urandom(8).hex()


def _marker_split(marker: str) -> Callable[[str], list[str]]:
    # One whole string token from the default hook: quote, marker, str(Decimal), quote. With
    # one capturing group, split() returns [text, digits, text, digits, ..., text]: joining it
    # is the substitution (much faster than sub() with a template on Python 3.11).
    return re.compile(f'"{marker}(-?[0-9][0-9.E+-]*)"').split


_MARKER = _new_marker()
_MARKER_SPLIT = _marker_split(_MARKER)


def _encode(obj: Any, marker: str, ensure_ascii: bool) -> tuple[str, int]:
    """Encode with Decimals as marked strings; return the text and how many were marked."""
    count = 0

    def default(o: Any) -> Any:
        nonlocal count
        if type(o) is Decimal and o.is_finite():
            count += 1
            text = str(o)
            # Xero parses amounts as .NET decimals: write 1E+2 as 100, never in exponent form
            return marker + (_plain(o) if "E" in text else text)
        return _default(o)

    encoder = json.JSONEncoder(
        ensure_ascii=ensure_ascii, allow_nan=False, separators=(",", ":"), default=default
    )
    text = encoder.encode(obj)
    return text, count


#: Largest decimal exponent written in plain digits. Xero parses amounts as .NET decimals (at
#: most 29 digits, 28 decimal places), so this is far beyond any amount it takes; it only stops
#: ``Decimal("1E+20000000")`` from becoming a 20 MB body.
MAX_DECIMAL_EXPONENT = 1000


def _plain(o: Decimal) -> str:
    """``o`` in plain digits, refused when its exponent is beyond any amount Xero takes."""
    if abs(o.adjusted()) > MAX_DECIMAL_EXPONENT or abs(int(o.as_tuple().exponent)) > MAX_DECIMAL_EXPONENT:
        raise ValueError(
            f"Decimal {o!r} is out of range: Xero takes .NET decimals (at most 29 digits, 28 decimal places)"
        )
    return format(o, "f")


def _default(o: Any) -> Any:
    """Everything but plain finite Decimals (off the hot path)."""
    if isinstance(o, Decimal):
        if not o.is_finite():
            raise ValueError(f"{o!r} is not valid JSON")
        return Decimal(o)  # a subclass: back through the hook as a plain Decimal
    if isinstance(o, Enum):
        return o.value
    if isinstance(o, UUID):
        return str(o)
    if isinstance(o, datetime):
        return format_datetime(o)
    if isinstance(o, date):
        return format_date(o)
    raise TypeError(f"Object of type {type(o).__name__} is not JSON serializable: {o!r}")


def _dumps_text(obj: Any, ensure_ascii: bool) -> str:
    marker = _MARKER
    split = _MARKER_SPLIT
    while True:
        text, marked = _encode(obj, marker, ensure_ascii)
        if not marked:
            return text
        parts = split(text)
        if len(parts) == 2 * marked + 1:
            return "".join(parts)
        # Some user string contains this marker: start again with another one.
        marker = _new_marker()
        split = _marker_split(marker)


def dumps(obj: Any) -> bytes:
    """Compact UTF-8 JSON; ``Decimal`` written exactly (``Decimal("229.8950")`` -> ``229.8950``).

    Strings with lone surrogates (not encodable as UTF-8) are written as ``\\uXXXX`` escapes.
    """
    try:
        return _dumps_text(obj, False).encode("utf-8")
    except UnicodeEncodeError:
        return _dumps_text(obj, True).encode("ascii")
