"""Values as the local Xero keeps them (Decimal, date, datetime) and as Xero sends them.

Stored records hold Python values so that filters and totals compare numbers and dates, not
text. On the way out they become what Xero's Accounting API sends: ``/Date(ms+0000)/`` for
dates and times, JSON numbers for amounts, fields that are None left out. Incoming dates are
read in every form Xero accepts (``2026-01-31``, ISO date-times, ``/Date(ms±zzzz)/``).
"""

from __future__ import annotations

import base64
import datetime as dt
import json
import re
import secrets
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

__all__ = ["decode_state", "dumps", "encode_state", "ms_date", "parse_date", "parse_datetime", "to_wire"]

_MS_DATE = re.compile(r"^/Date\((-?\d+)([+-]\d{4})?\)/$")
_EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.timezone.utc)


def ms_date(value: dt.date) -> str:
    """``/Date(ms+0000)/``: a date is midnight UTC."""
    if not isinstance(value, dt.datetime):
        value = dt.datetime(value.year, value.month, value.day, tzinfo=dt.timezone.utc)
    elif value.tzinfo is None:
        value = value.replace(tzinfo=dt.timezone.utc)
    millis = (value - _EPOCH) // dt.timedelta(milliseconds=1)
    return f"/Date({millis}+0000)/"


def parse_datetime(value: Any) -> dt.datetime | None:
    """A UTC datetime from any form Xero accepts, or None when ``value`` is not one."""
    if isinstance(value, dt.datetime):
        return value if value.tzinfo else value.replace(tzinfo=dt.timezone.utc)
    if isinstance(value, dt.date):
        return dt.datetime(value.year, value.month, value.day, tzinfo=dt.timezone.utc)
    if not isinstance(value, str) or not value:
        return None
    match = _MS_DATE.match(value.replace("\\/", "/"))
    if match:
        return _EPOCH + dt.timedelta(milliseconds=int(match.group(1)))
    text = value.strip().replace("Z", "+00:00")
    if "." in text:  # .NET's 7-digit fractions: Python < 3.11 takes at most 6
        head, _, tail = text.partition(".")
        digits = re.match(r"\d*", tail)
        frac = digits.group() if digits else ""
        text = head + ("." + frac[:6] if frac else "") + tail[len(frac) :]
    try:
        parsed = dt.datetime.fromisoformat(text)
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=dt.timezone.utc)


def parse_date(value: Any) -> dt.date | None:
    moment = parse_datetime(value)
    return moment.date() if moment is not None else None


def to_wire(value: Any) -> Any:
    """A stored value as Xero sends it (fields starting with ``_`` are internal, never sent)."""
    if isinstance(value, Mapping):
        return {k: to_wire(v) for k, v in value.items() if v is not None and not k.startswith("_")}
    if isinstance(value, (list, tuple)):
        return [to_wire(v) for v in value]
    if isinstance(value, (dt.date, dt.datetime)):
        return ms_date(value)
    return value


#: A marker no client text carries (a per-process secret), so only our Decimals become numbers.
_MARK = secrets.token_hex(8)
_NUMBER = re.compile(r'"\\u0000' + _MARK + r'(-?[0-9.E+-]+)\\u0000"')


def _numbers_marked(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _numbers_marked(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_numbers_marked(v) for v in value]
    if isinstance(value, Decimal):
        return f"\x00{_MARK}{value}\x00"
    return value


def dumps(value: Any) -> bytes:
    """JSON with each Decimal written with its own digits (``0.00`` stays ``0.00``, as Xero
    writes amounts), not through a binary float."""
    text = json.dumps(_numbers_marked(value), ensure_ascii=False, separators=(",", ":"))
    return _NUMBER.sub(r"\1", text).encode("utf-8")


# -- persistence: every stored value, tagged, in JSON (for the SQLite file) -----------------------


def _tag(value: Any) -> Any:
    if isinstance(value, Mapping):
        return {k: _tag(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_tag(v) for v in value]
    if isinstance(value, Decimal):
        return {"$d": str(value)}
    if isinstance(value, dt.datetime):
        return {"$t": value.isoformat()}
    if isinstance(value, dt.date):
        return {"$a": value.isoformat()}
    if isinstance(value, bytes):
        return {"$b": base64.b64encode(value).decode("ascii")}
    return value


def _untag(value: Any) -> Any:
    if isinstance(value, dict):
        if len(value) == 1:
            ((key, inner),) = value.items()
            if key == "$d":
                return Decimal(inner)
            if key == "$t":
                return dt.datetime.fromisoformat(inner)
            if key == "$a":
                return dt.date.fromisoformat(inner)
            if key == "$b":
                return base64.b64decode(inner)
        return {k: _untag(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_untag(v) for v in value]
    return value


def encode_state(value: Any) -> str:
    return json.dumps(_tag(value), separators=(",", ":"))


def decode_state(text: str) -> Any:
    return _untag(json.loads(text))
