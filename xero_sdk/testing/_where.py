"""Xero's ``where`` and ``order`` languages, evaluated over stored records.

The where language is a subset of .NET Dynamic LINQ, as Xero accepts it: comparisons
(``== != > >= < <=``, also ``=`` and ``<>``), ``AND``/``&&``, ``OR``/``||``, ``NOT``/``!``,
parentheses, literals (``"text"`` with ``""`` for a quote, numbers, ``true``/``false``,
``null``, ``Guid("…")``, ``DateTime(y,m,d[,h,m,s])`` and ``DateTime("iso")``), dotted paths
(``Contact.ContactID``), and the string methods ``Contains``, ``StartsWith``, ``EndsWith``,
``ToLower``, ``ToUpper``, ``Trim``. Names are matched case-insensitively, as Xero does.
A malformed filter raises :class:`WhereError`, which the API answers as Xero does (400).
"""

from __future__ import annotations

import datetime as dt
import re
import uuid
from collections.abc import Callable, Mapping, Sequence
from decimal import Decimal
from typing import Any

__all__ = ["WhereError", "compile_where", "lookup", "sort_records"]

Record = Mapping[str, Any]
Predicate = Callable[[Record], bool]
Value = Callable[[Record], Any]

_TOKEN = re.compile(
    r"""\s*(?:
        (?P<string>"(?:[^"]|"")*")
      | (?P<number>-?\d+(?:\.\d+)?)
      | (?P<op>==|!=|<>|>=|<=|&&|\|\||[=<>!(),.])
      | (?P<name>[A-Za-z_][A-Za-z0-9_]*)
    )""",
    re.VERBOSE,
)


class WhereError(ValueError):
    """The filter cannot be parsed or applied."""


def _tokens(text: str) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    pos = 0
    text = text.rstrip()
    while pos < len(text):
        match = _TOKEN.match(text, pos)
        if match is None or match.end() == pos:
            raise WhereError(f"cannot parse the where filter at position {pos}: {text[pos : pos + 20]!r}")
        kind = match.lastgroup or ""
        out.append((kind, match.group(kind)))
        pos = match.end()
    return out


def lookup(record: Any, path: Sequence[str]) -> Any:
    """The value at a dotted path, names compared case-insensitively; None when absent."""
    value = record
    for part in path:
        if not isinstance(value, Mapping):
            return None
        if part in value:
            value = value[part]
            continue
        lowered = part.lower()
        value = next((v for k, v in value.items() if k.lower() == lowered), None)
    return value


def _comparable(a: Any, b: Any) -> tuple[Any, Any]:
    """Bring both sides to one type: numbers to Decimal, dates to datetimes, GUIDs lowered."""
    if isinstance(a, bool) or isinstance(b, bool):
        return a, b
    if isinstance(a, (int, float, Decimal)) and isinstance(b, (int, float, Decimal)):
        return Decimal(str(a)), Decimal(str(b))
    if isinstance(a, (dt.date, dt.datetime)) and isinstance(b, (dt.date, dt.datetime)):
        return _as_datetime(a), _as_datetime(b)
    if isinstance(a, uuid.UUID) or isinstance(b, uuid.UUID):
        return str(a).lower(), str(b).lower()
    if isinstance(a, str) and isinstance(b, (int, Decimal)):
        try:
            return Decimal(a), b
        except ArithmeticError:
            return a, str(b)
    return a, b


def _as_datetime(value: dt.date) -> dt.datetime:
    if isinstance(value, dt.datetime):
        return value if value.tzinfo else value.replace(tzinfo=dt.timezone.utc)
    return dt.datetime(value.year, value.month, value.day, tzinfo=dt.timezone.utc)


def _compare(op: str, a: Any, b: Any) -> bool:
    if op in ("==", "="):
        if a is None or b is None:
            return a is None and b is None
        x, y = _comparable(a, b)
        return bool(x == y)
    if op in ("!=", "<>"):
        return not _compare("==", a, b)
    if a is None or b is None:
        return False
    x, y = _comparable(a, b)
    try:
        if op == ">":
            return bool(x > y)
        if op == ">=":
            return bool(x >= y)
        if op == "<":
            return bool(x < y)
        return bool(x <= y)
    except TypeError as exc:
        raise WhereError(f"cannot compare {a!r} with {b!r}") from exc


_STRING_METHODS: dict[str, Callable[..., Any]] = {
    "contains": lambda s, x: x in s,
    "startswith": lambda s, x: s.startswith(x),
    "endswith": lambda s, x: s.endswith(x),
    "tolower": lambda s: s.lower(),
    "toupper": lambda s: s.upper(),
    "trim": lambda s: s.strip(),
}


class _Parser:
    def __init__(self, text: str) -> None:
        self.tokens = _tokens(text)
        self.i = 0

    def peek(self) -> tuple[str, str] | None:
        return self.tokens[self.i] if self.i < len(self.tokens) else None

    def take(self, value: str | None = None) -> tuple[str, str]:
        token = self.peek()
        if token is None or (value is not None and token[1].lower() != value.lower()):
            raise WhereError(
                f"expected {value or 'more'} in the where filter, found {token[1] if token else 'the end'}"
            )
        self.i += 1
        return token

    def is_word(self, *words: str) -> bool:
        token = self.peek()
        return token is not None and token[1].lower() in words

    def parse(self) -> Predicate:
        pred = self.or_()
        if self.peek() is not None:
            raise WhereError(f"unexpected {self.peek()[1]!r} in the where filter")  # type: ignore[index]
        return pred

    def or_(self) -> Predicate:
        parts = [self.and_()]
        while self.is_word("or", "||"):
            self.take()
            parts.append(self.and_())
        return parts[0] if len(parts) == 1 else (lambda r: any(p(r) for p in parts))

    def and_(self) -> Predicate:
        parts = [self.not_()]
        while self.is_word("and", "&&"):
            self.take()
            parts.append(self.not_())
        return parts[0] if len(parts) == 1 else (lambda r: all(p(r) for p in parts))

    def not_(self) -> Predicate:
        if self.is_word("not", "!"):
            self.take()
            inner = self.not_()
            return lambda r: not inner(r)
        return self.comparison()

    def comparison(self) -> Predicate:
        left = self.operand()
        token = self.peek()
        if token is not None and token[1] in ("==", "=", "!=", "<>", ">", ">=", "<", "<="):
            op = self.take()[1]
            right = self.operand()
            return lambda r: _compare(op, left(r), right(r))
        return lambda r: left(r) is True

    def operand(self) -> Value:
        token = self.peek()
        if token is None:
            raise WhereError("the where filter ends early")
        kind, text = token
        if text == "(":
            self.take()
            inner = self.or_()
            self.take(")")
            return lambda r: inner(r)
        self.take()
        if kind == "string":
            value: Any = text[1:-1].replace('""', '"')
            return self.methods(lambda r: value)
        if kind == "number":
            number = Decimal(text)
            return lambda r: number
        if kind != "name":
            raise WhereError(f"unexpected {text!r} in the where filter")
        word = text.lower()
        if word in ("true", "false"):
            flag = word == "true"
            return lambda r: flag
        if word == "null":
            return lambda r: None
        if word == "guid" and self.is_word("("):
            return self.guid()
        if word == "datetime" and self.is_word("("):
            return self.datetime()
        path = [text]
        while self.is_word("."):
            token = self.tokens[self.i + 1] if self.i + 1 < len(self.tokens) else None
            follows_call = self.i + 2 < len(self.tokens) and self.tokens[self.i + 2][1] == "("
            if token is None or token[0] != "name" or follows_call:
                break
            self.take(".")
            path.append(self.take()[1])
        return self.methods(lambda r: lookup(r, path))

    def methods(self, base: Value) -> Value:
        value = base
        while self.is_word("."):
            self.take(".")
            name = self.take()[1].lower()
            method = _STRING_METHODS.get(name)
            if method is None:
                raise WhereError(f"unknown method {name!r} in the where filter")
            self.take("(")
            args: list[Value] = []
            while not self.is_word(")"):
                args.append(self.operand())
                if self.is_word(","):
                    self.take(",")
            self.take(")")
            value = _call(method, value, args)
        return value

    def guid(self) -> Value:
        self.take("(")
        kind, text = self.take()
        self.take(")")
        try:
            parsed = str(uuid.UUID(text[1:-1] if kind == "string" else text))
        except ValueError as exc:
            raise WhereError(f"Guid({text}) is not a GUID") from exc
        return lambda r: parsed

    def datetime(self) -> Value:
        self.take("(")
        parts: list[tuple[str, str]] = []
        while not self.is_word(")"):
            parts.append(self.take())
            if self.is_word(","):
                self.take(",")
        self.take(")")
        try:
            if len(parts) == 1 and parts[0][0] == "string":
                moment = _as_datetime(dt.datetime.fromisoformat(parts[0][1][1:-1].replace("Z", "+00:00")))
            else:
                numbers = [int(p[1]) for p in parts] + [0] * (6 - len(parts))
                if len(parts) < 3 or len(parts) > 6:
                    raise ValueError("DateTime takes 3 to 6 numbers")
                year, month, day, hour, minute, second = numbers[:6]
                moment = dt.datetime(year, month, day, hour, minute, second, tzinfo=dt.timezone.utc)
        except (TypeError, ValueError) as exc:
            raise WhereError(f"DateTime({', '.join(p[1] for p in parts)}) is not a date") from exc
        return lambda r: moment


def _call(method: Callable[..., Any], value: Value, args: Sequence[Value]) -> Value:
    def run(r: Record) -> Any:
        subject = value(r)
        if subject is None:
            return None
        return method(str(subject), *(a(r) for a in args))

    return run


def compile_where(text: str) -> Predicate:
    """A predicate over records (mappings with Xero's field names and Python values)."""
    return _Parser(text).parse()


def sort_records(records: list[dict[str, Any]], order: str) -> list[dict[str, Any]]:
    """``order`` as Xero takes it: ``Field [ASC|DESC]``, several separated by commas."""
    keys: list[tuple[list[str], bool]] = []
    for clause in order.split(","):
        words = clause.split()
        if not words:
            continue
        if len(words) > 2 or (len(words) == 2 and words[1].upper() not in ("ASC", "DESC")):
            raise WhereError(f"cannot order by {clause.strip()!r}")
        keys.append((words[0].split("."), len(words) == 2 and words[1].upper() == "DESC"))
    out = list(records)
    for path, descending in reversed(keys):
        present = [r for r in out if lookup(r, path) is not None]
        missing = [r for r in out if lookup(r, path) is None]
        present.sort(key=lambda r: _sort_key(lookup(r, path)), reverse=descending)
        out = present + missing if not descending else missing + present
    return out


def _sort_key(value: Any) -> Any:
    if isinstance(value, str):
        return value.lower()
    if isinstance(value, (dt.date, dt.datetime)):
        return _as_datetime(value)
    return value
