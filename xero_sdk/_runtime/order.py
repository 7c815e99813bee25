"""The ``order`` parameter: ``order_by("Date", desc=True).then("Name")`` -> ``Date DESC,Name ASC``.

Accounting and Payroll AU v1 list operations take ``order=`` as Dynamic LINQ orderings:
``Field ASC`` or ``Field DESC``, several separated by commas, the first key sorting first.
Field names are validated and mapped from snake_case exactly as in ``where``
(:func:`xero_sdk._runtime.where.xero_field_name`), so ``order_by("updated_date_utc")`` renders
``UpdatedDateUTC ASC``. Every key is written with its direction, so the text never depends
on the server's default. Generated API methods pass their ``order=`` argument
(``str | Order | None``) through :func:`render_order`.
"""

from __future__ import annotations

from typing import Any, Final, NoReturn, TypeAlias

from .where._check import check_names
from .where._names import xero_field_name

__all__ = ["Order", "OrderKey", "order_by", "render_order"]

_DIRECTIONS: Final = {"asc": "ASC", "ascending": "ASC", "desc": "DESC", "descending": "DESC"}


def _direction(word: str, key: object) -> str:
    if not isinstance(word, str) or word.lower() not in _DIRECTIONS:
        raise ValueError(f"invalid sort direction in {key!r}: use 'ASC' or 'DESC'")
    return _DIRECTIONS[word.lower()]


def _keys(key: object, desc: bool) -> tuple[tuple[str, str], ...]:
    if isinstance(key, Order):
        return key.keys
    if isinstance(key, tuple):
        if len(key) != 2 or not isinstance(key[0], str):
            raise TypeError(f"an order key tuple is (field, 'ASC' or 'DESC'), not {key!r}")
        return ((xero_field_name(key[0]), _direction(key[1], key)),)
    if isinstance(key, str):
        words = key.split()
        if len(words) == 2:
            return ((xero_field_name(words[0]), _direction(words[1], key)),)
        if key.startswith("-"):
            return ((xero_field_name(key[1:]), "DESC"),)
        return ((xero_field_name(key), "DESC" if desc else "ASC"),)
    raise TypeError(f"an order key is a field name, a (field, direction) tuple or an Order, not {key!r}")


class Order:
    """An immutable ``order`` value. ``str(order)`` is the text sent as ``order=``."""

    __slots__ = ("_keys",)
    _keys: tuple[tuple[str, str], ...]

    def __init__(self, *keys: OrderKey, desc: bool = False) -> None:
        collected: list[tuple[str, str]] = []
        for key in keys:
            for name, direction in _keys(key, desc):
                if any(name == seen for seen, _ in collected):
                    raise ValueError(f"{name} appears more than once in the ordering")
                collected.append((name, direction))
        if not collected:
            raise ValueError("an ordering needs at least one field")
        object.__setattr__(self, "_keys", tuple(collected))

    @property
    def keys(self) -> tuple[tuple[str, str], ...]:
        """``((field, "ASC" | "DESC"), ...)``, first key first."""
        return self._keys

    def then(self, *keys: OrderKey, desc: bool = False) -> Order:
        """This ordering followed by more keys (``desc`` applies to the plain names given)."""
        return Order(self, *keys, desc=desc)

    def __str__(self) -> str:
        return ",".join(f"{name} {direction}" for name, direction in self._keys)

    def __repr__(self) -> str:
        return f"Order({str(self)!r})"

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Order):
            return self._keys == other._keys
        return NotImplemented

    def __hash__(self) -> int:
        return hash(self._keys)

    def __setattr__(self, name: str, value: Any) -> NoReturn:
        raise AttributeError("Order is immutable")

    def __delattr__(self, name: str) -> NoReturn:
        raise AttributeError("Order is immutable")

    def __reduce__(self) -> tuple[Any, tuple[tuple[str, str], ...]]:
        return (Order, self._keys)


#: One key as accepted by :func:`order_by`: ``"Date"``, ``"-Date"`` (descending),
#: ``"Date DESC"``, ``("Date", "DESC")``, or an :class:`Order` whose keys are appended.
OrderKey: TypeAlias = str | tuple[str, str] | Order


def order_by(*keys: OrderKey, desc: bool = False) -> Order:
    """An ordering: ``order_by("Date", desc=True)`` -> ``Date DESC``.

    Keys sort in the order given: ``order_by("Date", ("Name", "ASC"), desc=True)`` ->
    ``Date DESC,Name ASC``, as does ``order_by("-Date", "Name")`` or
    ``order_by("Date", desc=True).then("Name")``. ``desc`` applies to plain field names;
    ``"-Field"``, ``"Field DESC"`` and ``(field, direction)`` carry their own direction.
    """
    return Order(*keys, desc=desc)


def render_order(value: str | Order | None, model: str | None = None) -> str | None:
    """The text to send as the ``order`` query parameter, or ``None`` to send none.

    An :class:`Order` gives its rendering once its field names are checked against ``model``
    (the operation's items, ``package:Class``); a raw string is sent unchanged (a blank one is
    no ordering at all).
    """
    if value is None:
        return None
    if isinstance(value, Order):
        check_names((name for name, _ in value.keys), model, "order")
        return str(value)
    if isinstance(value, str):
        return value if value.strip() else None
    raise TypeError(f"order= takes a str or an Order (from order_by()), not a {type(value).__name__}")
