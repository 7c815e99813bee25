"""Open string enums: a value Xero adds later is kept, never an error.

``OpenStrEnum`` is a ``str``-mixin ``Enum``. Known members are ordinary members. Calling the
class with any other ``str`` returns a *pseudo-member*: an instance of the class whose
``value`` (and ``name``) is that string, which ``str()``, ``format()`` and ``json.dumps``
write back unchanged and which compares and hashes like the string. Pseudo-members are not
class attributes, not listed by iteration or ``len()``, and ``is_known`` is ``False`` for them.

How it works, on Python 3.10 to 3.13: the metaclass's ``__call__`` answers ``SomeEnum(value)``
from the class's ``_value2member_map_`` (known values) or the per-class cache of pseudo-members
(unknown values seen before), which is about twice as fast as ``EnumMeta.__call__`` for a known
value and several times for an unknown one. Anything else goes the normal Enum way:
``Enum.__new__`` misses and calls ``_missing_``, which on the first sight of a value
builds the pseudo-member with ``str.__new__`` plus the attributes every Enum version
reads (``_value_``, ``_name_``, ``__objclass__``, ``_sort_order_``). The cache is kept outside
the class (``_value2member_map_`` is left alone, so ``__contains__`` and ``__members__`` see
only real members); ``dict.setdefault`` makes two threads meeting the same new value agree on
one object. Pickling and copying go through ``Enum.__reduce_ex__`` (``cls(value)``), which
returns the cached pseudo-member. At most ``MAX_UNKNOWN_PER_ENUM`` values are cached per class;
past that, new values still work but are not interned (equal, not identical).

Note: ``x in SomeEnum`` for a pseudo-member ``x`` differs between Python versions (3.12+ says
``True`` because it is an instance); use ``x.is_known``.
"""

from __future__ import annotations

from enum import Enum, EnumMeta
from typing import TYPE_CHECKING, Any

__all__ = ["MAX_UNKNOWN_PER_ENUM", "OpenStrEnum"]

MAX_UNKNOWN_PER_ENUM = 1024

# enum class -> {unknown value -> its pseudo-member}
_UNKNOWN: dict[type, dict[str, Any]] = {}
_UNKNOWN_GET = _UNKNOWN.get


class _OpenStrEnumType(EnumMeta):
    """Metaclass whose ``__call__`` answers ``SomeEnum(value)`` from two dict lookups.

    ``EnumMeta.__call__`` and ``Enum.__new__`` are Python code (and a miss goes through a
    ``KeyError``); generated ``from_dict`` code calls ``SomeEnum(value)`` for every enum field,
    so the common cases (a known value, an unknown value seen before) are answered here and
    anything else (first sight of a value, bad values, the functional API) is passed on
    unchanged. Defined for the runtime only: type checkers keep ``EnumMeta``'s signature, so
    ``SomeEnum(value)`` is still typed as ``SomeEnum``.
    """

    if not TYPE_CHECKING:

        def __call__(cls, value, *args, **kwargs):
            if not args and not kwargs:
                try:
                    member = cls._value2member_map_.get(value)
                    if member is None:
                        cache = _UNKNOWN_GET(cls)
                        if cache is not None:
                            member = cache.get(value)
                except TypeError:  # unhashable: let Enum report it
                    member = None
                if member is not None:
                    return member
            return super().__call__(value, *args, **kwargs)


class OpenStrEnum(str, Enum, metaclass=_OpenStrEnumType):
    """Base class of every generated string enum; see the module docstring."""

    # The raw value for str() and format(), as enum.StrEnum does (3.10 has no StrEnum).
    __str__ = str.__str__
    __format__ = str.__format__  # type: ignore[assignment]  # typeshed: positional-only arg

    @classmethod
    def _missing_(cls, value: object) -> Any:
        if not cls._member_map_:
            return None  # OpenStrEnum itself, or another class without members: nothing to open
        if type(value) is not str:
            if not isinstance(value, str):
                return None  # Enum raises "ValueError: 5 is not a valid X"
            value = str.__str__(value)
            known = cls._value2member_map_.get(value)
            if known is not None:
                return known
        cache = _UNKNOWN.get(cls)
        if cache is None:
            cache = _UNKNOWN.setdefault(cls, {})
        member = cache.get(value)
        if member is None:
            member = str.__new__(cls, value)
            vars(member).update(
                _value_=value,
                _name_=value,
                __objclass__=cls,
                _sort_order_=len(cls._member_names_),
            )
            if len(cache) < MAX_UNKNOWN_PER_ENUM:
                member = cache.setdefault(value, member)
        return member

    @property
    def is_known(self) -> bool:
        """Whether this is a member declared on the class (not a value Xero added later)."""
        return type(self)._member_map_.get(self._name_) is self

    def __repr__(self) -> str:
        if type(self)._member_map_.get(self._name_) is self:
            return f"<{type(self).__name__}.{self._name_}: {self._value_!r}>"
        return f"<{type(self).__name__} (unknown): {self._value_!r}>"
