"""Typed field references for where filters: ``Invoice.F.amount_due``.

``Invoice.F`` (an ``InvoiceFields``, generated next to the model for the APIs whose operations
take a ``where`` filter: Accounting and Payroll AU) has one attribute per filterable
field: a :class:`Field` typed with the field's Python type, or the nested model's fields. So an
editor completes ``Invoice.F.`` with Invoice's fields and mypy rejects a value of the wrong type::

    where = (Invoice.F.status == InvoiceStatus.AUTHORISED) & (Invoice.F.amount_due > 0)
    where = Invoice.F.contact.contact_id == contact_id       # Contact.ContactID==Guid("...")
    Invoice.F.amount_due > "100"                              # mypy: str is not Decimal | int

Rendering is :class:`~xero_sdk._runtime.where.F`'s (the same literals, the same quoting); this module
only adds the types. It is imported by those models' modules, so it loads the filter package only
when a reference is first used. List fields have no reference: Xero's filter language does not reach into
lists.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Generic, NoReturn, TypeVar

if TYPE_CHECKING:
    from xero_sdk._runtime.where import Expr, F

__all__ = ["Field", "Fields"]

T = TypeVar("T")


class Field(Generic[T]):
    """One field of a model, by Xero's JSON name (``Contact.ContactID``, ``lastEdited``), typed
    by its values. The name is used as given (validated, never re-spelled)."""

    __slots__ = ("_field",)

    def __init__(self, name: str) -> None:
        from xero_sdk._runtime.where import F

        self._field: F = F.exact(name)

    @property
    def name(self) -> str:
        return self._field.name

    def __eq__(self, value: T | None) -> Expr:  # type: ignore[override]
        return self._field._compare("==", value)

    def __ne__(self, value: T | None) -> Expr:  # type: ignore[override]
        return self._field._compare("!=", value)

    def __lt__(self, value: T) -> Expr:
        return self._field._ordered("<", value)

    def __le__(self, value: T) -> Expr:
        return self._field._ordered("<=", value)

    def __gt__(self, value: T) -> Expr:
        return self._field._ordered(">", value)

    def __ge__(self, value: T) -> Expr:
        return self._field._ordered(">=", value)

    def is_null(self) -> Expr:
        return self._field.is_null()

    def is_not_null(self) -> Expr:
        return self._field.is_not_null()

    def contains(self: Field[str], text: str, *, null_safe: bool = False) -> Expr:
        return self._field.contains(text, null_safe=null_safe)

    def startswith(self: Field[str], text: str, *, null_safe: bool = False) -> Expr:
        return self._field.startswith(text, null_safe=null_safe)

    def endswith(self: Field[str], text: str, *, null_safe: bool = False) -> Expr:
        return self._field.endswith(text, null_safe=null_safe)

    __hash__ = None  # type: ignore[assignment]

    def __bool__(self) -> NoReturn:
        self._field.__bool__()

    def __repr__(self) -> str:
        return f"Field({self.name!r})"


class Fields:
    """Base of the generated ``<Model>Fields`` classes: field references under a path prefix."""

    __slots__ = ("_prefix",)

    def __init__(self, prefix: str = "") -> None:
        self._prefix = prefix

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self._prefix!r})"
