"""``where(...)``: Django-style and xeroizer-style keyword lookups, and ``render_where``."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Final

from ._check import check_names
from ._expr import Expr, F, as_expr
from ._literals import render_literal

__all__ = ["LOOKUPS", "XEROIZER_SUFFIXES", "render_where", "where"]

#: Django-style lookups: ``Field__<lookup>=value``. No suffix means ``exact``.
LOOKUPS: Final = (
    "exact",
    "ne",
    "gt",
    "gte",
    "lt",
    "lte",
    "contains",
    "startswith",
    "endswith",
    "isnull",
    "in",
)

#: xeroizer's suffix words (``amount_due_is_greater_than=0``), longest first, with the lookup
#: each one means.
XEROIZER_SUFFIXES: Final = (
    ("_is_greater_than_or_equal_to", "gte"),
    ("_is_less_than_or_equal_to", "lte"),
    ("_is_greater_than", "gt"),
    ("_is_less_than", "lt"),
    ("_is_not", "ne"),
)

# Lookup words from Django or xeroizer that this module does not take; a trailing ``__word``
# like these is reported instead of being read as a nested field name.
_NOT_LOOKUPS: Final = frozenset(
    {
        "iexact",
        "icontains",
        "istartswith",
        "iendswith",
        "range",
        "regex",
        "iregex",
        "search",
        "eq",
        "neq",
        "ge",
        "le",
        "is",
        "isnot",
        "not",
        "notin",
        "not_in",
        "notnull",
        "isnotnull",
        "is_null",
        "is_not_null",
        "is_not",
        "is_greater_than",
        "is_greater_than_or_equal_to",
        "is_less_than",
        "is_less_than_or_equal_to",
    }
)


#: The lookups that are an operator, and the ones that are a string method call.
_OPERATORS: Final = {"exact": "==", "ne": "!=", "gt": ">", "gte": ">=", "lt": "<", "lte": "<="}
_METHODS: Final = {"contains": "Contains", "startswith": "StartsWith", "endswith": "EndsWith"}


def _distance(a: str, b: str) -> int:
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        previous = current
    return previous[-1]


def _unknown_lookup(word: str) -> str | None:
    """A message if ``word`` (the part after the last ``__``) looks like a lookup we lack."""
    if word != word.lower():
        return None
    # One typo away from a lookup (``gtt``, ``contain``); ``ne`` and ``in`` are left out, as
    # too many short field names (``Net``, ``ID``) are one letter away from them.
    close = [lk for lk in LOOKUPS if lk not in ("ne", "in") and len(word) >= 3 and _distance(word, lk) <= 1]
    if word not in _NOT_LOOKUPS and not close:
        return None
    hint = f" (did you mean {close[0]!r}?)" if close else ""
    return (
        f"unknown lookup {word!r}{hint}; valid lookups are "
        + ", ".join(LOOKUPS)
        + " (as in AmountDue__gt=0), or the suffixes "
        + ", ".join(suffix for suffix, _ in XEROIZER_SUFFIXES)
        + " (as in amount_due_is_greater_than=0)"
    )


def _split_key(key: str) -> tuple[str, str]:
    parts = key.split("__")
    if len(parts) > 1 and parts[-1] in LOOKUPS:
        return ".".join(parts[:-1]), parts[-1]
    if len(parts) > 1:
        problem = _unknown_lookup(parts[-1])
        if problem is not None:
            raise ValueError(f"where({key}=...): {problem}")
    last = parts[-1]
    for suffix, lookup in XEROIZER_SUFFIXES:
        if last.endswith(suffix) and len(last) > len(suffix):
            parts[-1] = last[: -len(suffix)]
            return ".".join(parts), lookup
    return ".".join(parts), "exact"


def _one_of(field: F, values: object, key: str) -> Expr:
    if isinstance(values, (str, bytes)) or not isinstance(values, Iterable):
        raise TypeError(
            f"where({key}=...) takes a list, tuple or set of values, not a {type(values).__name__}"
        )
    items = list(values)
    if isinstance(values, (set, frozenset)):
        items.sort(key=render_literal)  # a set has no order of its own: make the text stable
    if not items:
        raise ValueError(f"where({key}=...) needs at least one value")
    result: Expr = field == items[0]
    for item in items[1:]:
        result = result | (field == item)
    return result


def _lookup(key: str, value: object) -> Expr:
    path, lookup = _split_key(key)
    try:
        field = F(path)
    except ValueError as exc:
        raise ValueError(f"where({key}=...): {exc}") from exc
    if lookup in ("exact", "ne"):
        return field._compare(_OPERATORS[lookup], value)
    if lookup in _OPERATORS:
        return field._ordered(_OPERATORS[lookup], value)
    if lookup == "isnull":
        if not isinstance(value, bool):
            raise TypeError(f"where({key}=...) takes True or False, not {value!r}")
        return field.is_null() if value else field.is_not_null()
    if lookup == "in":
        return _one_of(field, value, key)
    return field._call(_METHODS[lookup], value, False)  # type: ignore[arg-type]


def where(*conditions: Expr | str, **lookups: object) -> Expr:
    """AND of every condition and keyword lookup, in the order given.

    Positional arguments are expressions or raw where strings. Keywords name a field, Xero's
    name or snake_case, with ``__`` for nesting and an optional lookup suffix:

    ``Type="ACCREC"`` / ``Type__exact=...`` -> ``==``; ``__ne`` -> ``!=``; ``__gt``,
    ``__gte``, ``__lt``, ``__lte``; ``__contains``, ``__startswith``, ``__endswith``;
    ``__isnull=True``/``False`` -> ``==null``/``!=null``; ``__in=[a, b]`` ->
    ``(F==a||F==b)``; ``Contact__ContactID=uuid`` -> ``Contact.ContactID==Guid("...")``.
    xeroizer's suffixes also work: ``amount_due_is_greater_than=0`` (``_is_not``,
    ``_is_greater_than``, ``_is_greater_than_or_equal_to``, ``_is_less_than``,
    ``_is_less_than_or_equal_to``).

    At least one condition is required: pass ``where=None`` to the API call for no filter.
    """
    parts = [as_expr(condition) for condition in conditions]
    parts.extend(_lookup(key, value) for key, value in lookups.items())
    if not parts:
        raise ValueError("where() needs at least one condition; pass where=None for no filter")
    result = parts[0]
    for part in parts[1:]:
        result = result & part
    return result


def render_where(value: str | Expr | None, model: str | None = None) -> str | None:
    """The text to send as the ``where`` query parameter, or ``None`` to send none.

    This is what generated API methods call on their ``where=`` argument, with the model their
    items are (``package:Class``). An :class:`Expr` gives its rendering once its field names are
    checked against that model; a raw string is sent unchanged (a blank one is no filter at all).
    """
    if value is None:
        return None
    if isinstance(value, Expr):
        if value.field_names:
            check_names(value.field_names, model, "where")
        return str(value)
    if isinstance(value, str):
        return value if value.strip() else None
    return str(as_expr(value))  # anything else: as_expr raises a TypeError that says what it got
