"""Field references (:class:`F`) and immutable where expressions (:class:`Expr`)."""

from __future__ import annotations

from typing import Any, Final, NoReturn

from ._literals import OrderableValue, WhereValue, render_literal
from ._names import xero_field_name

__all__ = ["Expr", "F", "as_expr"]

_ATOM: Final = 0  # one comparison or method call: never needs parentheses
_AND: Final = 1
_OR: Final = 2
_RAW: Final = 3  # text the caller wrote: always parenthesised when combined

_NO_TRUTH: Final = (
    "a where expression has no truth value: F(...) == value builds a filter, it does not compare. "
    "Combine conditions with & and | (not 'and'/'or'), and use str(expr) to see the where text"
)
_PRECEDENCE: Final = (
    "& and | bind tighter than == and <: parenthesise each comparison, "
    "as in (F('Status') == 'PAID') & (F('Total') > 0)"
)


def _check_raw(text: str) -> str:
    stripped = text.strip()
    if not stripped:
        raise ValueError("a raw where string cannot be empty")
    depth = 0
    quote = ""
    for char in stripped:
        if quote:
            if char == quote:  # a doubled quote closes and reopens: the same in effect
                quote = ""
        elif char in "\"'":
            quote = char
        elif char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
            if depth < 0:
                break
    if quote or depth:
        problem = "an unterminated string literal" if quote else "unbalanced parentheses"
        raise ValueError(
            f"raw where string {text!r} has {problem}; it could change how the conditions around it "
            "are grouped, so it is refused"
        )
    return stripped


def _rebuild(kind: int, text: str, names: frozenset[str] = frozenset()) -> Expr:
    return Expr._new(kind, text, names)


class Expr:
    """An immutable where condition. ``str(expr)`` is the text sent as ``where=``.

    Build them with :class:`F` and :func:`~xero_sdk._runtime.where.where`; combine them with ``&``
    (AND, rendered ``&&``) and ``|`` (OR, rendered ``||``); either side may be a raw string.
    ``Expr(text)`` wraps a raw where string you wrote yourself (trusted code: never build one
    from user data). Two expressions are equal when they render the same text.
    """

    __slots__ = ("_kind", "_names", "_text")
    _kind: int
    _text: str
    _names: frozenset[str]

    def __init__(self, text: str) -> None:
        if not isinstance(text, str):
            raise TypeError(f"Expr() wraps a raw where string, not a {type(text).__name__}")
        object.__setattr__(self, "_kind", _RAW)
        object.__setattr__(self, "_text", _check_raw(text))
        object.__setattr__(self, "_names", frozenset())

    @classmethod
    def _new(cls, kind: int, text: str, names: frozenset[str] = frozenset()) -> Expr:
        self = object.__new__(cls)
        object.__setattr__(self, "_kind", kind)
        object.__setattr__(self, "_text", text)
        object.__setattr__(self, "_names", names)
        return self

    @property
    def field_names(self) -> frozenset[str]:
        """Xero's names of the fields this expression's ``F`` parts compare (``Contact.ContactID``);
        raw text is not read. An API call checks them against its model before sending."""
        return self._names

    def _operand(self, kind: int) -> str:
        # Same-operator chains stay flat (&& and || are associative); a different operator or
        # raw text is parenthesised, so the result never depends on && vs || precedence.
        if self._kind == kind or self._kind == _ATOM:
            return self._text
        return "(" + self._text + ")"

    def __and__(self, other: Expr | str) -> Expr:
        return _combine(_AND, self, as_expr(other))

    def __rand__(self, other: str) -> Expr:
        return _combine(_AND, as_expr(other), self)

    def __or__(self, other: Expr | str) -> Expr:
        return _combine(_OR, self, as_expr(other))

    def __ror__(self, other: str) -> Expr:
        return _combine(_OR, as_expr(other), self)

    def __str__(self) -> str:
        return self._text

    def __repr__(self) -> str:
        return f"Expr({self._text!r})"

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Expr):
            return self._text == other._text
        return NotImplemented

    def __hash__(self) -> int:
        return hash(self._text)

    def __bool__(self) -> NoReturn:
        raise TypeError(_NO_TRUTH)

    def __setattr__(self, name: str, value: Any) -> NoReturn:
        raise AttributeError("where expressions are immutable")

    def __delattr__(self, name: str) -> NoReturn:
        raise AttributeError("where expressions are immutable")

    def __reduce__(self) -> tuple[Any, tuple[int, str, frozenset[str]]]:
        return (_rebuild, (self._kind, self._text, self._names))

    def __copy__(self) -> Expr:
        return self

    def __deepcopy__(self, memo: object) -> Expr:
        return self


def _combine(kind: int, left: Expr, right: Expr) -> Expr:
    sep = "&&" if kind == _AND else "||"
    return Expr._new(kind, left._operand(kind) + sep + right._operand(kind), left._names | right._names)


def as_expr(value: object) -> Expr:
    """``value`` as an :class:`Expr`: expressions as they are, strings as raw where text."""
    if isinstance(value, Expr):
        return value
    if isinstance(value, str):
        return Expr(value)
    if isinstance(value, F):
        raise TypeError(f"{value!r} is a field, not a condition: compare it, as in {value!r} == value")
    if isinstance(value, dict):
        raise TypeError("to filter with a mapping of lookups, unpack it: where(**lookups)")
    if isinstance(value, bool):
        raise TypeError(
            "got a bool where a where expression was expected; write the field on the left "
            "(F('Total') > 0, not 0 < F('Total')) and combine with & and |, not 'and'/'or'"
        )
    raise TypeError(f"expected a where expression or a raw where string, not a {type(value).__name__}")


class F:
    """A reference to a field, by Xero's name (``F("Contact.ContactID")``) or in snake_case.

    Comparing it builds an :class:`Expr`: ``F("AmountDue") > 0`` renders ``AmountDue>0``.
    ``F("EmailAddress") == None`` renders ``EmailAddress==null`` (or use :meth:`is_null`,
    which linters leave alone). Ordering comparisons refuse ``None`` and ``bool``.
    """

    __slots__ = ("_name",)
    _name: str

    def __init__(self, name: str) -> None:
        object.__setattr__(self, "_name", xero_field_name(name))

    @classmethod
    def exact(cls, name: str) -> F:
        """The field named exactly ``name`` (Xero's JSON name, validated but not re-spelled)."""
        self = object.__new__(cls)
        object.__setattr__(self, "_name", xero_field_name(name, exact=True))
        return self

    @property
    def name(self) -> str:
        """Xero's name of the field, e.g. ``Contact.ContactID``."""
        return self._name

    def _compare(self, op: str, value: object) -> Expr:
        if isinstance(value, (F, Expr)):
            raise TypeError(
                f"cannot compare {self!r} with {value!r}: the right-hand side must be a literal value"
            )
        return Expr._new(_ATOM, self._name + op + render_literal(value), frozenset((self._name,)))

    def _ordered(self, op: str, value: object) -> Expr:
        if value is None or isinstance(value, bool):
            raise TypeError(
                f"cannot use {op} with {value!r} on {self._name}: ordering comparisons take numbers, "
                "dates and strings; use == or != for null and booleans"
            )
        return self._compare(op, value)

    def __eq__(self, value: WhereValue) -> Expr:  # type: ignore[override]
        return self._compare("==", value)

    def __ne__(self, value: WhereValue) -> Expr:  # type: ignore[override]
        return self._compare("!=", value)

    def __lt__(self, value: OrderableValue) -> Expr:
        return self._ordered("<", value)

    def __le__(self, value: OrderableValue) -> Expr:
        return self._ordered("<=", value)

    def __gt__(self, value: OrderableValue) -> Expr:
        return self._ordered(">", value)

    def __ge__(self, value: OrderableValue) -> Expr:
        return self._ordered(">=", value)

    def is_null(self) -> Expr:
        """``Field==null``."""
        return self._compare("==", None)

    def is_not_null(self) -> Expr:
        """``Field!=null``."""
        return self._compare("!=", None)

    def _call(self, method: str, text: str, null_safe: bool) -> Expr:
        if not isinstance(text, str):
            raise TypeError(f"{self._name}.{method}() takes a str, not a {type(text).__name__}")
        call = Expr._new(_ATOM, f"{self._name}.{method}({render_literal(text)})", frozenset((self._name,)))
        return self.is_not_null() & call if null_safe else call

    def contains(self, text: str, *, null_safe: bool = False) -> Expr:
        """``Field.Contains("text")``; with ``null_safe=True``, ``(Field!=null&&Field.Contains(...))``
        as Xero advises for optional fields."""
        return self._call("Contains", text, null_safe)

    def startswith(self, text: str, *, null_safe: bool = False) -> Expr:
        """``Field.StartsWith("text")`` (``null_safe`` as for :meth:`contains`)."""
        return self._call("StartsWith", text, null_safe)

    def endswith(self, text: str, *, null_safe: bool = False) -> Expr:
        """``Field.EndsWith("text")`` (``null_safe`` as for :meth:`contains`)."""
        return self._call("EndsWith", text, null_safe)

    def __bool__(self) -> NoReturn:
        raise TypeError(f"{self!r} is a field, not a condition; {_NO_TRUTH}")

    def __and__(self, other: object) -> NoReturn:
        raise TypeError(_PRECEDENCE)

    __rand__ = __and__
    __or__ = __and__
    __ror__ = __and__

    def __repr__(self) -> str:
        return f"F({self._name!r})"

    def __setattr__(self, name: str, value: Any) -> NoReturn:
        raise AttributeError("F is immutable")

    def __delattr__(self, name: str) -> NoReturn:
        raise AttributeError("F is immutable")

    def __reduce__(self) -> tuple[Any, tuple[str]]:
        return (F, (self._name,))

    def __copy__(self) -> F:
        return self

    def __deepcopy__(self, memo: object) -> F:
        return self
