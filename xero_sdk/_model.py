"""What every generated model shares: the base class and the field converters.

Generated models are attrs classes (slots, keyword-only) deriving from :class:`Model`; their
``from_dict``/``to_dict`` are generated per class as straight-line code, for speed. This module
holds only what is the same for all of them.
"""

from __future__ import annotations

import gc
import re
import threading
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from decimal import Decimal
from typing import Any, ClassVar, TypeVar
from uuid import UUID, SafeUUID

from xero_sdk._codec import dumps, loads, to_decimal
from xero_sdk._lazy import LazyClass

__all__ = ["SHAPE_ERRORS", "LazyClass", "Model", "gc_paused", "keep", "optional_decimal", "parse_uuid"]

#: What a field's decoder raises when Xero's value does not have the field's shape.
SHAPE_ERRORS = (TypeError, ValueError, AttributeError, KeyError, ArithmeticError)

M = TypeVar("M", bound="Model")


class Model:
    """Base of every generated model. Subclasses define ``from_dict`` and ``to_dict``."""

    __slots__ = ()

    FIELDS: ClassVar[dict[str, str]] = {}
    """Python attribute name -> Xero's JSON name."""
    REQUIRED: ClassVar[tuple[str, ...]] = ()

    @classmethod
    def from_dict(cls: type[M], src: Mapping[str, Any]) -> M:  # pragma: no cover - generated
        raise NotImplementedError

    def to_dict(self) -> dict[str, Any]:  # pragma: no cover - generated
        raise NotImplementedError

    @classmethod
    def from_json(cls: type[M], data: bytes | str) -> M:
        """Parse Xero's JSON text (numbers as Decimal, never through float)."""
        with gc_paused():
            return cls.from_dict(loads(data))

    def to_json(self) -> bytes:
        """Xero's JSON for this object, Decimals written exactly."""
        return dumps(self.to_dict())

    def __repr__(self) -> str:
        """Only the fields that are set: a 60-field Invoice with three values shows three."""
        shown = [f"{name}={getattr(self, name)!r}" for name in self.FIELDS if getattr(self, name) is not None]
        extra = getattr(self, "additional_properties", None)
        if extra:
            shown.append(f"additional_properties={extra!r}")
        return f"{type(self).__name__}({', '.join(shown)})"

    @classmethod
    def fits(cls, src: Mapping[str, Any]) -> bool:
        """Whether ``src`` has every field this model requires (to choose a ``oneOf`` branch)."""
        return all(key in src for key in cls.REQUIRED)


def optional_decimal(value: Decimal | int | None) -> Decimal | None:
    """attrs converter for money and number fields: accepts int, keeps Decimal exactly."""
    if value is None or type(value) is Decimal:
        return value
    return to_decimal(value)


_GUID = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\Z").match
_new_uuid = object.__new__
_set_int = UUID.__dict__["int"].__set__
_set_safe = UUID.__dict__["is_safe"].__set__
_UNKNOWN_SAFETY = SafeUUID.unknown


def parse_uuid(value: Any) -> UUID | None:
    """A GUID from Xero; the empty string Xero sometimes sends for 'none' is None.

    The canonical 8-4-4-4-12 form (all Xero sends) skips ``UUID.__init__``'s generic parsing:
    a page of 1000 invoices carries 8000 GUIDs."""
    if type(value) is str and _GUID(value) is not None:
        guid: UUID = _new_uuid(UUID)
        _set_int(guid, int(value.replace("-", ""), 16))
        _set_safe(guid, _UNKNOWN_SAFETY)
        return guid
    if isinstance(value, UUID):
        return value
    if value == "":
        return None
    return UUID(value)


def keep(kept: dict[str, Any] | None, name: str, value: Any) -> dict[str, Any]:
    """Record a value that did not fit its field, to keep it as JSON (see ``from_dict``)."""
    if kept is None:
        kept = {}
    kept[name] = value
    return kept


_gc_lock = threading.Lock()
_gc_depth = 0
_gc_reenable = False


@contextmanager
def gc_paused() -> Iterator[None]:
    """Hold the cyclic garbage collector while a response is decoded and turned into models.

    A page of 1000 invoices allocates some 100,000 containers and no reference cycle; the
    collector would otherwise walk them over and over as they are created (about a tenth of
    the parse time). Nested and concurrent uses share one pause; the collector is re-enabled
    only if it was enabled when the first one began.
    """
    global _gc_depth, _gc_reenable
    with _gc_lock:
        if _gc_depth == 0:
            _gc_reenable = gc.isenabled()
            gc.disable()
        _gc_depth += 1
    try:
        yield
    finally:
        with _gc_lock:
            _gc_depth -= 1
            if _gc_depth == 0 and _gc_reenable:
                gc.enable()
