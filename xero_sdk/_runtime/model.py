"""What every generated model shares: the base class and the field converters.

Generated models are attrs classes (slots, keyword-only) deriving from :class:`Model`; their
``from_dict``/``to_dict`` are generated per class as straight-line code, for speed. This module
holds only what is the same for all of them.
"""

from __future__ import annotations

from collections.abc import Mapping
from collections.abc import Set as AbstractSet
from decimal import Decimal
from sys import intern
from typing import Any, ClassVar, TypeVar
from uuid import UUID, SafeUUID

import attrs

from xero_sdk._runtime.codec import dumps, loads, to_decimal
from xero_sdk._runtime.lazy import LazyClass

__all__ = [
    "NIL_ID",
    "SHAPE_ERRORS",
    "AbsentList",
    "LazyClass",
    "Model",
    "extras",
    "keep",
    "no_value",
    "optional_decimal",
    "parse_uuid",
    "refuse_float",
]

#: What a field's decoder raises when Xero's value does not have the field's shape.
SHAPE_ERRORS = (TypeError, ValueError, AttributeError, KeyError, ArithmeticError)

M = TypeVar("M", bound="Model")


class _NilId(UUID):
    """The type of :data:`NIL_ID`: one instance, kept by copy and pickle (``to_dict`` tells an
    absent id from a nil GUID Xero sent by identity)."""

    __slots__ = ()

    def __reduce__(self) -> tuple[Any, tuple[()]]:
        return (_nil_id, ())

    def __repr__(self) -> str:
        return f"UUID({str(self)!r})"

    def __copy__(self) -> UUID:
        return self

    def __deepcopy__(self, memo: Any) -> UUID:
        return self


def _nil_id() -> UUID:
    return NIL_ID


NIL_ID: UUID = _NilId(int=0)
"""The nil GUID: an entity's own id before Xero has given it one (a model built to create
something), as Xero itself answers for an element it refused. ``to_dict`` never sends this
instance (a nil GUID Xero sent is another instance, and is written back)."""


class AbsentList(list[Any]):
    """The empty list a response model's list field holds when Xero did not send it.

    Users index and iterate such fields without ``| None`` (``created.invoices[0]``); ``to_dict``
    leaves the field out while this list stays empty, so nothing Xero did not send is written
    back. Anything appended makes it an ordinary value, written as usual."""

    __slots__ = ()


class Model:
    """Base of every generated model. Subclasses define ``from_dict`` and ``to_dict``."""

    __slots__ = ()

    FIELDS: ClassVar[dict[str, str]] = {}
    """Python attribute name -> Xero's JSON name."""
    REQUIRED: ClassVar[tuple[str, ...]] = ()

    def __new__(cls, *args: Any, **kwargs: Any) -> Any:
        # Models take keyword arguments only; say so (and how) instead of Python's bare
        # "takes 1 positional argument but 2 were given". Parsing never comes here: from_dict
        # builds instances with object.__new__.
        if args:
            first = next(iter(cls.FIELDS), "field")
            raise TypeError(
                f"{cls.__name__}() takes keyword arguments only, one per field: "
                f"{cls.__name__}({first}=...), not {len(args)} positional argument(s)"
            )
        return object.__new__(cls)

    @classmethod
    def from_dict(cls: type[M], src: Mapping[str, Any]) -> M:  # pragma: no cover - generated
        raise NotImplementedError

    def to_dict(self) -> dict[str, Any]:  # pragma: no cover - generated
        raise NotImplementedError

    @classmethod
    def from_json(cls: type[M], data: bytes | str) -> M:
        """Parse Xero's JSON text (numbers as Decimal, never through float)."""
        return cls.from_dict(loads(data))

    def to_json(self) -> bytes:
        """Xero's JSON for this object, Decimals written exactly."""
        return dumps(self.to_dict())

    # -- equality (generated classes say eq=False: one method here, not one compiled per class) --

    def __eq__(self, other: object) -> bool:
        """Equal when ``other`` is of the very same class and every field compares equal
        (``additional_properties`` included): what attrs would generate, written once, so that
        importing a model does not compile an ``__eq__`` for it."""
        if other.__class__ is not self.__class__:
            return NotImplemented
        names = _EQ_FIELDS.get(self.__class__) or _eq_fields(self.__class__)
        return all(getattr(self, name) == getattr(other, name) for name in names)

    __hash__ = None  # type: ignore[assignment]  # mutable and compared by value: unhashable

    def __repr__(self) -> str:
        """Only the fields that are set: a 60-field Invoice with three values shows three."""
        shown = [f"{name}={value!r}" for name in self.FIELDS if _shown(value := getattr(self, name))]
        extra = getattr(self, "additional_properties", None)
        if extra:
            shown.append(f"additional_properties={extra!r}")
        return f"{type(self).__name__}({', '.join(shown)})"

    def raise_for_errors(self: M) -> M:
        """Raise :class:`~xero_sdk.errors.BadRequestError` if Xero refused an element of this
        response (``summarize_errors=False`` answers 200 with ``HasErrors`` elements); else
        return it. The exception carries every refused element's messages and the elements
        Xero saved (``.succeeded``)."""
        from xero_sdk._runtime.elements import raise_for_element_errors

        raise_for_element_errors(self)
        return self

    @classmethod
    def fits(cls, src: Mapping[str, Any]) -> bool:
        """Whether ``src`` has every field this model requires (to choose a ``oneOf`` branch)."""
        return all(key in src for key in cls.REQUIRED)


_EQ_FIELDS: dict[type, tuple[str, ...]] = {}


def _eq_fields(cls: type) -> tuple[str, ...]:
    """The attrs fields of ``cls`` that take part in equality, in declaration order (cached)."""
    names = tuple(field.name for field in attrs.fields(cls) if field.eq)
    return _EQ_FIELDS.setdefault(cls, names)


def _shown(value: Any) -> bool:
    """Whether ``repr`` shows a field: set, and not an absent list or id."""
    return value is not None and value is not NIL_ID and not (value.__class__ is AbsentList and not value)


def optional_decimal(value: Decimal | int | None) -> Decimal | None:
    """attrs converter for money and number fields: accepts int and numeric text, keeps Decimal
    exactly. A float is left as it is for :func:`refuse_float`, which can name the field."""
    if value is None or type(value) is Decimal:
        return value
    if isinstance(value, float):
        return value  # type: ignore[return-value]  # refuse_float names the field
    return to_decimal(value)


def refuse_float(instance: Model, attribute: attrs.Attribute[Any], value: object) -> None:
    """attrs validator for money and number fields: a float is refused, naming the field.

    A float is binary: ``0.1 + 0.2`` is ``0.30000000000000004``, and sending that as an amount
    would be wrong by a fraction Xero then rounds or refuses. Pass a ``Decimal``, an ``int`` or
    the number as text (``"0.30"``)."""
    if isinstance(value, float):
        raise TypeError(
            f"{type(instance).__name__}.{attribute.name} takes a Decimal, int or numeric str, not the "
            f"float {value!r} (a float is not an exact amount): pass Decimal({str(value)!r}) if that "
            "is the amount meant"
        )


_new_uuid = object.__new__
_set_int = UUID.__dict__["int"].__set__
_set_safe = UUID.__dict__["is_safe"].__set__
_UNKNOWN_SAFETY = SafeUUID.unknown


def parse_uuid(value: Any) -> UUID:
    """A GUID from Xero. The empty string Xero sometimes sends for 'none' raises ``ValueError``
    like any text that is not a GUID, so the model keeps it as JSON (see the scalar rule).

    A page of 1000 invoices carries some 9000 GUIDs, so the usual form skips
    ``UUID.__init__``: 32 ASCII letters and digits once the dashes are removed, read as
    hexadecimal (a letter beyond ``f`` raises ``ValueError``, a shape error), which is what
    ``UUID()`` does with such text. Any other text (braces, ``urn:uuid:``...) goes to ``UUID()``
    itself, so the result is always the one ``UUID(value)`` gives (tested)."""
    if value.__class__ is str:
        digits = value.replace("-", "")
        if len(digits) == 32 and digits.isascii() and digits.isalnum():
            guid: UUID = _new_uuid(UUID)
            _set_int(guid, int(digits, 16))
            _set_safe(guid, _UNKNOWN_SAFETY)
            return guid
        if not value:  # Xero's "no GUID": kept as JSON by the caller, so it is written back
            raise ValueError("an empty string is not a GUID")
        return UUID(value)
    if isinstance(value, UUID):
        return value
    if isinstance(value, str):  # a str subclass
        return parse_uuid(str.__str__(value))
    raise TypeError(f"a GUID is text, not {type(value).__name__}")


def no_value(value: Any) -> Any:
    """Refuse an empty text where a typed value belongs (an enum's ``""``): like any value of
    the wrong shape, the model keeps it as JSON and writes it back unchanged."""
    raise ValueError(f"{value!r} is no value of this field's type")


def extras(src: Mapping[str, Any], names: AbstractSet[str]) -> dict[str, Any]:
    """The members of ``src`` named ``names`` (fields the document does not describe), kept as
    JSON; string values are interned like the model's own string fields (Xero repeats them:
    ``DateString``, ``StatusAttributeString``...)."""
    out = {}
    for name in names:
        v = src[name]
        out[name] = intern(v) if v.__class__ is str else v
    return out


def keep(kept: dict[str, Any] | None, name: str, value: Any) -> dict[str, Any]:
    """Record a value that did not fit its field, to keep it as JSON (see ``from_dict``)."""
    if kept is None:
        kept = {}
    kept[name] = value
    return kept
