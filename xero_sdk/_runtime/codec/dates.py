"""Xero's date and date-time wire forms, parsed and written without the host time zone.

Accepted on the way in (the forms Xero's APIs send, per its documents and captured answers):

* MS JSON: ``/Date(1573755038314)/``, ``/Date(1550793549320+0000)/``, negative
  (``/Date(-1642464000000+0000)/``) and zero epochs, optionally with escaped slashes
  (``\\/Date(...)\\/``). The number is milliseconds since 1970-01-01T00:00:00Z; the optional
  ``+hhmm``/``-hhmm`` says which offset the instant was written in. A date-time keeps the
  instant (in that offset); a date-only field is the calendar date at that offset (no
  offset: UTC), which is what the response's ``*String`` twin says.
* ISO 8601: ``2019-08-01``, ``2019-08`` (year-month), ``2019-08-01T10:00``,
  ``2021-02-10T23:17:50``, with a fraction of any length after ``.`` or ``,`` and an
  optional zone ``Z``, ``+13:00``, ``+1300`` or ``+13``. A date-time without a zone is UTC.
  The date and time may be separated by ``T``, ``t`` or one space.

Fractions longer than microseconds (Xero sends 7 digits) are TRUNCATED to microseconds, never
rounded: rounding could carry into the next second, minute or even day.

How: the usual MS forms (``/Date(<digits>+0000)/``, ``/Date(<digits>)/``) take a fast path of
string slices; every other MS form is checked by a precompiled regex. The ISO grammar is
checked by one precompiled regex, and the checked pieces are re-assembled into the canonical
``YYYY-MM-DDTHH:MM:SS[.ffffff]+HH:MM`` form that ``datetime.fromisoformat`` has accepted
unchanged since Python 3.7, which builds the object in C. No other form is ever handed to
``fromisoformat``, so what is accepted does not depend on the Python version. Nothing reads
the host time zone (no ``time.localtime``, no naive ``fromtimestamp``), and ``parse_date``
memoises its results (dates repeat a lot within a page).
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta, timezone

__all__ = [
    "format_date",
    "format_datetime",
    "format_if_modified_since",
    "parse_date",
    "parse_datetime",
]

_UTC = timezone.utc
_EPOCH = datetime(1970, 1, 1, tzinfo=_UTC)
_EPOCH_ORDINAL = date(1970, 1, 1).toordinal()
_MS_PER_DAY = 86_400_000
_ONE_SECOND = timedelta(seconds=1)

_timedelta = timedelta
_fromtimestamp = datetime.fromtimestamp
# Below 2**32 s (2106-02-07), ms / 1000 is within 0.48 us of the exact instant (half an ulp),
# so fromtimestamp's rounding to the nearest microsecond gives it exactly: the fast path is
# exact there, and twice as fast as building a timedelta. Larger values take the timedelta path.
_FROMTIMESTAMP_EXACT_MS = 2**32 * 1000
_fromordinal = date.fromordinal
_date_fromisoformat = date.fromisoformat
_datetime_fromisoformat = datetime.fromisoformat

# /Date(ms[+-hhmm])/ with optional backslashes before the slashes (JSON's "\/" escape kept).
# [0-9] and not \d: \d also matches non-ASCII digits.
_MS_RE = re.compile(r"\\?/Date\((-?[0-9]{1,18})([+-][0-9]{4})?\)\\?/")
# Groups: year-month, -day, hh:mm, ss, fraction, zone.
_ISO_RE = re.compile(
    r"([0-9]{4}-[0-9]{2})"
    r"(?:(-[0-9]{2})"
    r"(?:[Tt ]([0-9]{2}:[0-9]{2})(?::([0-9]{2})(?:[.,]([0-9]+))?)?"
    r"([Zz]|[+-][0-9]{2}(?::?[0-9]{2})?)?"
    r")?)?"
)

# Bounded memo of parse_date results: a page of invoices repeats the same few dates. Dates are
# immutable, so sharing one object is safe; the dict is only cleared, never iterated.
_DATE_CACHE: dict[str, date] = {}
_DATE_CACHE_GET = _DATE_CACHE.get
_DATE_CACHE_MAX = 4096

# ISO zone text -> canonical "+HH:MM" suffix (finite: the regex only admits digits).
_ISO_ZONES: dict[str | None, str] = {None: "+00:00", "Z": "+00:00", "z": "+00:00"}
# MS "+hhmm" -> the epoch expressed in that offset (so epoch + delta keeps the offset).
_MS_EPOCHS: dict[str, datetime] = {"+0000": _EPOCH, "-0000": _EPOCH}


def _bad(value: object, what: str, cause: str = "") -> Exception:
    if not isinstance(value, str):
        return TypeError(f"Xero {what} must be a str, not {type(value).__name__}: {value!r}")
    detail = f" ({cause})" if cause else ""
    return ValueError(f"not a Xero {what}: {value!r}{detail}")


def _offset_minutes(sign: str, hh: str, mm: str, value: str, what: str) -> int:
    hours, minutes = int(hh), int(mm)
    if hours > 23 or minutes > 59:
        raise _bad(value, what, "UTC offset out of range")
    total = hours * 60 + minutes
    return -total if sign == "-" else total


def _iso_zone(zone: str | None, value: str, what: str) -> str:
    suffix = _ISO_ZONES.get(zone)
    if suffix is None:
        assert zone is not None  # None is pre-filled
        total = _offset_minutes(zone[0], zone[1:3], zone[-2:] if len(zone) > 3 else "00", value, what)
        sign = "-" if total < 0 else "+"
        hours, minutes = divmod(abs(total), 60)
        suffix = f"{sign}{hours:02d}:{minutes:02d}"
        _ISO_ZONES[zone] = suffix
    return suffix


def _ms_epoch(offset: str, value: str, what: str) -> datetime:
    epoch = _MS_EPOCHS.get(offset)
    if epoch is None:
        total = _offset_minutes(offset[0], offset[1:3], offset[3:5], value, what)
        epoch = _EPOCH.astimezone(timezone(timedelta(minutes=total)))
        _MS_EPOCHS[offset] = epoch
    return epoch


def _iso_datetime(match: re.Match[str], value: str, what: str) -> datetime:
    """Build the aware datetime for an ``_ISO_RE`` match (zone-less means UTC)."""
    year_month, day, hour_minute, second, fraction, zone = match.groups()
    if fraction is not None:  # pad or truncate to microseconds
        fraction = "." + fraction[:6] if len(fraction) >= 6 else "." + (fraction + "00000")[:6]
    text = (
        f"{year_month}{day or '-01'}T{hour_minute or '00:00'}:{second or '00'}"
        f"{fraction or ''}{_ISO_ZONES.get(zone) or _iso_zone(zone, value, what)}"
    )
    try:
        return _datetime_fromisoformat(text)
    except ValueError as exc:  # month 13, hour 24, ...
        raise _bad(value, what, str(exc)) from None


def _ms_datetime(value: str, what: str) -> datetime:
    """Any MS JSON form, checked by the regex (the slow path)."""
    match = _MS_RE.fullmatch(value)
    if match is None:
        raise _bad(value, what)
    millis, offset = match.groups()
    epoch = _EPOCH if offset is None else _ms_epoch(offset, value, what)
    try:
        return epoch + _timedelta(0, 0, 0, int(millis))
    except OverflowError:
        raise _bad(value, what, "out of range") from None


def parse_datetime(value: str) -> datetime:
    """Parse any Xero date or date-time form into an aware ``datetime``.

    MS JSON values give the instant they encode, in UTC, or in the ``+hhmm`` offset written
    after the milliseconds (the same instant). ISO values keep their written offset; without
    one they are UTC. A date or year-month alone is midnight UTC of that day or of the first
    of that month. Raises ``ValueError`` naming the value if it is not one of these forms,
    ``TypeError`` if it is not a ``str``.
    """
    if type(value) is not str and not isinstance(value, str):
        raise _bad(value, "date-time")
    if value[:6] == "/Date(":
        # Fast path for the usual /Date(<ms>+0000)/ and /Date(<ms>)/: ASCII digits only
        # (isdigit alone would pass other scripts' digits, and int() would take " 1" or "1_0").
        if value[-7:] == "+0000)/":
            digits = value[6:-7]
        elif value[-2:] == ")/":
            digits = value[6:-2]
        else:
            digits = ""
        if digits.isdigit() and digits.isascii():
            millis = int(digits)
            if millis < _FROMTIMESTAMP_EXACT_MS:
                try:
                    return _fromtimestamp(millis / 1000, _UTC)
                except (OverflowError, OSError):  # a platform with a 32-bit time_t
                    pass
        return _ms_datetime(value, "date-time")
    match = _ISO_RE.fullmatch(value)
    if match is None:
        if value[:1] == "\\":
            return _ms_datetime(value, "date-time")
        raise _bad(value, "date-time")
    # _iso_datetime, inlined: this is the hot path for the ISO-speaking APIs.
    year_month, day, hour_minute, second, fraction, zone = match.groups()
    if fraction is not None:  # pad or truncate to microseconds
        fraction = "." + fraction[:6] if len(fraction) >= 6 else "." + (fraction + "00000")[:6]
    text = (
        f"{year_month}{day or '-01'}T{hour_minute or '00:00'}:{second or '00'}"
        f"{fraction or ''}{_ISO_ZONES.get(zone) or _iso_zone(zone, value, 'date-time')}"
    )
    try:
        return _datetime_fromisoformat(text)
    except ValueError as exc:  # month 13, hour 24, ...
        raise _bad(value, "date-time", str(exc)) from None


def _parse_date_uncached(value: str) -> date:
    if type(value) is not str and not isinstance(value, str):
        raise _bad(value, "date")
    first = value[:1]
    if first == "/" or first == "\\":
        match = _MS_RE.fullmatch(value)
        if match is None:
            raise _bad(value, "date")
        millis, offset = match.groups()
        # The calendar date at the written offset: /Date(1397390400000+1200)/ is local midnight
        # of 2014-04-14 at +12:00 (its DateString twin says so), though 2014-04-13 in UTC.
        shift = 0 if offset is None else _offset_minutes(offset[0], offset[1:3], offset[3:5], value, "date")
        try:
            return _fromordinal(_EPOCH_ORDINAL + (int(millis) + shift * 60_000) // _MS_PER_DAY)
        except (ValueError, OverflowError):
            raise _bad(value, "date", "out of range") from None
    match = _ISO_RE.fullmatch(value)
    if match is None:
        raise _bad(value, "date")
    year_month, day, hour_minute, _, _, _ = match.groups()
    if hour_minute is not None:  # a date-time: the written calendar date, time validated
        return _iso_datetime(match, value, "date").date()
    try:
        return _date_fromisoformat(f"{year_month}{day or '-01'}")
    except ValueError as exc:
        raise _bad(value, "date", str(exc)) from None


def parse_date(value: str) -> date:
    """Parse any Xero date or date-time form into a ``date``.

    MS JSON values give the calendar date of the encoded instant at the offset written after
    the milliseconds, or in UTC when none is written: ``/Date(1573689600000+0000)/`` is
    2019-11-14 in every host time zone, and ``/Date(1397390400000+1200)/`` (midnight at
    +12:00, which is noon of the 13th in UTC) is 2014-04-14, the date its ``DateString``
    twin states. Date-times (``parse_datetime``) keep the instant. ISO date-times
    give the calendar date as written, whatever the offset. A year-month gives the first of
    the month. Raises ``ValueError`` naming the value if it is not one of these forms,
    ``TypeError`` if it is not a ``str``.
    """
    try:
        cached = _DATE_CACHE_GET(value)
    except TypeError:  # unhashable
        raise _bad(value, "date") from None
    if cached is not None:
        return cached
    result = _parse_date_uncached(value)
    if len(_DATE_CACHE) >= _DATE_CACHE_MAX:
        _DATE_CACHE.clear()
    _DATE_CACHE[value] = result
    return result


def format_date(value: date) -> str:
    """``YYYY-MM-DD``; a ``datetime`` gives its own (wall-clock) date part."""
    if type(value) is date:
        return value.isoformat()
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return date.isoformat(value)
    raise TypeError(f"format_date needs a date, not {type(value).__name__}: {value!r}")


def format_datetime(value: datetime | date) -> str:
    """ISO 8601 as Xero accepts it.

    Aware values keep their offset (``2026-01-31T10:00:00+13:00``, UTC as ``+00:00``); naive
    values are written without a zone (Xero reads them as UTC). A fraction is written only when
    non-zero: 3 digits when whole milliseconds, else 6. An offset that is not whole minutes
    cannot be written as ``+hh:mm`` and is converted to UTC. A plain ``date`` gives its
    midnight, without a zone.
    """
    if isinstance(value, datetime):
        offset = value.utcoffset()
        if offset is not None and (offset.seconds % 60 or offset.microseconds):
            value = value.astimezone(_UTC)
        micro = value.microsecond
        if micro and micro % 1000 == 0:
            return value.isoformat(timespec="milliseconds")
        return value.isoformat()
    if isinstance(value, date):
        return f"{date.isoformat(value)}T00:00:00"
    raise TypeError(f"format_datetime needs a datetime, not {type(value).__name__}: {value!r}")


def format_if_modified_since(value: date | datetime) -> str:
    """The ``If-Modified-Since`` value Xero wants: UTC ``yyyy-mm-ddThh:mm:ss``.

    Any fraction of a second is rounded UP, so that no change made in that second is missed.
    A naive datetime is taken to be UTC; a date is midnight UTC.
    """
    if isinstance(value, datetime):
        if value.utcoffset() is not None:
            value = value.astimezone(_UTC)
        value = value.replace(tzinfo=None)
        if value.microsecond:
            try:
                value = value.replace(microsecond=0) + _ONE_SECOND
            except OverflowError:
                raise ValueError(f"If-Modified-Since out of range: {value!r}") from None
        return value.isoformat()
    if isinstance(value, date):
        return f"{date.isoformat(value)}T00:00:00"
    raise TypeError(f"If-Modified-Since needs a date or datetime, not {type(value).__name__}: {value!r}")
