"""Proofs that no value can leave its literal, and that grouping is exactly what Python meant.

Every rendered text is read back by ``where_grammar``, an independent reader of the where
language, in three dialects: ``LINQ`` (Xero's Dynamic LINQ: ``""`` inside a literal is one
quote, backslash ordinary), ``ESCAPE`` (backslash escapes too, as in Dynamic LINQ's
successor) and ``NAIVE`` (a literal ends at the next quote). Under LINQ and ESCAPE the value
must come back exactly, as one string token in the right place; under NAIVE every character
of the value must still sit inside string literals, so the server's worst case is a syntax
error. Values are refused only for the reasons documented in ``xero_sdk._runtime.where``.
"""

from __future__ import annotations

import operator
import unicodedata
from collections.abc import Callable
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal
from typing import Any
from urllib.parse import parse_qsl
from uuid import UUID

import pytest
from hypothesis import HealthCheck, event, example, given, settings
from hypothesis import strategies as st

from xero_sdk._runtime.where import (
    REFUSED_BACKSLASH,
    REFUSED_CONTROL,
    REFUSED_SURROGATE,
    Expr,
    F,
    UnsafeStringError,
    render_where,
    where,
)

from .where_grammar import ESCAPE, LINQ, NAIVE, Token, WhereSyntaxError, parse, tokenize

# --- strategies -------------------------------------------------------------------------------

NASTY = [
    '"',
    '""',
    "'",
    "\\",
    '\\"',
    "\\\\",
    ")",
    "(",
    "&&",
    "||",
    "==",
    "!=",
    "&",
    "|",
    "!",
    "<>",
    "\n",
    "\r\n",
    "\t",
    "\x00",
    "\x7f",
    "\x85",
    "\u2028",
    "\u202e",
    "\ufeff",
    "\ud800",
    "\udfff",
    '")||true||("',
    '"||Name!=null||"',
    '\\")||true||(\\"',
    "Guid(",
    "DateTime(",
    ".Contains(",
    "null",
    "true",
    " ",
    ",",
    "%",
    "+",
    "#",
    "=",
    "AND",
    "OR",
    "🧾",
]
ANY_CHAR = st.characters(exclude_categories=())  # every code point: controls and surrogates too
EVERY_STRING = st.lists(
    st.one_of(st.sampled_from(NASTY), st.text(alphabet=ANY_CHAR, max_size=6)), max_size=8
).map("".join)
ALLOWED_STRING = st.lists(
    st.one_of(
        st.sampled_from(
            [
                s
                for s in NASTY
                if "\\" not in s and all(unicodedata.category(c) not in ("Cc", "Cs") for c in s)
            ]
        ),
        st.text(alphabet=st.characters(exclude_categories=("Cc", "Cs"), exclude_characters="\\"), max_size=6),
    ),
    max_size=6,
).map("".join)
# Half from every code point (mostly refused: controls are common there), half from the
# characters that are kept, so that both outcomes are well exercised.
ANY_STRING = st.one_of(EVERY_STRING, ALLOWED_STRING)

METHODS = {"Contains": F.contains, "StartsWith": F.startswith, "EndsWith": F.endswith}


def documented_refusal(value: str) -> tuple[int, str] | None:
    """The first character the module docstring says must be refused, and why."""
    for index, char in enumerate(value):
        category = unicodedata.category(char)
        if char == "\\":
            return index, REFUSED_BACKSLASH
        if category == "Cc":
            return index, REFUSED_CONTROL
        if category == "Cs":
            return index, REFUSED_SURROGATE
    return None


def shape(tokens: list[Token]) -> list[tuple[str, Any]]:
    return [(t.kind, t.value if t.kind in ("string", "number") else t.text) for t in tokens]


def check_literal(
    build: Callable[[], Expr],
    value: str,
    before: list[tuple[str, Any]],
    after: list[tuple[str, Any]],
    tree: tuple[Any, ...],
) -> None:
    """``build()`` must refuse ``value`` for its documented reason, or render it safely."""
    refusal = documented_refusal(value)
    event(f"refused: {refusal[1]}" if refusal else ("kept, with quotes" if '"' in value else "kept"))
    if refusal is not None:
        with pytest.raises(UnsafeStringError) as info:
            build()
        assert (info.value.index, info.value.reason) == refusal
        assert refusal[1] in str(info.value)
        return
    text = str(build())
    for dialect in (LINQ, ESCAPE):
        tokens = tokenize(text, dialect)
        assert shape(tokens) == [*before, ("string", value), *after]
        literal = tokens[len(before)]
        assert literal.text.startswith('"') and literal.text.endswith('"')
        assert parse(text, dialect) == tree
    # A reader that knows no doubling: the value splits into adjacent literals, never code.
    naive = tokenize(text, NAIVE)
    pieces = naive[len(before) : len(naive) - len(after)]
    assert shape(naive[: len(before)]) == before
    assert shape(naive[len(naive) - len(after) :]) == after
    assert all(piece.kind == "string" for piece in pieces)
    assert len(pieces) == value.count('"') + 1
    assert '"'.join(piece.value for piece in pieces) == value
    if '"' in value:
        with pytest.raises(WhereSyntaxError):
            parse(text, NAIVE)


# --- string values ----------------------------------------------------------------------------


@settings(max_examples=2000, deadline=None)
@given(value=ANY_STRING, op=st.sampled_from(["==", "!="]))
@example(value='x")||true||("', op="==")
@example(value="\\", op="==")
@example(value='a\\"b', op="!=")
@example(value="\x00", op="==")
@example(value="\ud800", op="==")
@example(value="", op="==")
def test_comparison_value_stays_one_literal(value: str, op: str) -> None:
    compare = operator.eq if op == "==" else operator.ne
    check_literal(
        lambda: compare(F("Name"), value),
        value,
        before=[("ident", "Name"), ("op", op)],
        after=[],
        tree=("cmp", "Name", op, value),
    )


@settings(max_examples=1500, deadline=None)
@given(value=ANY_STRING, method=st.sampled_from(sorted(METHODS)), nested=st.booleans())
@example(value='")||true||("', method="Contains", nested=False)
def test_method_argument_stays_one_literal(value: str, method: str, nested: bool) -> None:
    field = "Contact.Name" if nested else "Name"
    path: list[tuple[str, Any]] = (
        [("ident", "Contact"), (".", "."), ("ident", "Name")] if nested else [("ident", "Name")]
    )
    check_literal(
        lambda: METHODS[method](F(field), value),
        value,
        before=[*path, (".", "."), ("ident", method), ("(", "(")],
        after=[(")", ")")],
        tree=("call", field, method, value),
    )


@settings(max_examples=1000, deadline=None)
@given(
    value=ANY_STRING,
    lookup=st.sampled_from(["", "__exact", "__ne", "__contains", "__startswith", "__endswith"]),
)
def test_where_keyword_value_stays_one_literal(value: str, lookup: str) -> None:
    op, method = {
        "": ("==", None),
        "__exact": ("==", None),
        "__ne": ("!=", None),
        "__contains": (None, "Contains"),
        "__startswith": (None, "StartsWith"),
        "__endswith": (None, "EndsWith"),
    }[lookup]
    before: list[tuple[str, Any]] = [("ident", "Contact"), (".", "."), ("ident", "Name")]
    if method:
        check_literal(
            lambda: where(**{f"contact__name{lookup}": value}),
            value,
            [*before, (".", "."), ("ident", method), ("(", "(")],
            [(")", ")")],
            ("call", "Contact.Name", method, value),
        )
    else:
        check_literal(
            lambda: where(**{f"contact__name{lookup}": value}),
            value,
            [*before, ("op", op)],
            [],
            ("cmp", "Contact.Name", op, value),
        )


def test_why_backslashes_are_refused() -> None:
    """Doubling quotes is exact for Xero's reader, but a reader where backslash escapes
    would read a different value, or end the literal somewhere else."""

    def doubling_only(value: str) -> str:
        return '"' + value.replace('"', '""') + '"'

    text = f"Name=={doubling_only('C:' + chr(92) + 'new')}"
    assert parse(text, LINQ) == ("cmp", "Name", "==", "C:\\new")
    assert parse(text, ESCAPE) == ("cmp", "Name", "==", "C:\new")
    text = f"A=={doubling_only('x' + chr(92))}&&B=={doubling_only('y')}"
    assert parse(text, LINQ) == ("and", (("cmp", "A", "==", "x\\"), ("cmp", "B", "==", "y")))
    assert [t.kind for t in tokenize(text[: text.index("y")], ESCAPE)] == ["ident", "op", "string"]
    assert tokenize(text[: text.index("y")], ESCAPE)[2].value == 'x"&&B=='  # the literal ran on
    for value in ("C:\\new", "x\\"):
        with pytest.raises(UnsafeStringError, match="backslash"):
            F("Name") == value  # noqa: B015


# --- combined expressions: values and grouping together ---------------------------------------

FIELDS = st.sampled_from(
    ["Name", "Contact.Name", "AmountDue", "Status", "Date", "Contact.ContactID", "IsSold"]
)
SCALARS = st.one_of(
    ALLOWED_STRING,
    st.integers(min_value=-(10**30), max_value=10**30),
    st.decimals(allow_nan=False, allow_infinity=False, places=4, min_value=-(10**12), max_value=10**12),
    st.booleans(),
    st.none(),
    st.dates(),
    st.datetimes(),
    st.uuids(),
)
ORDERABLE = st.one_of(
    st.integers(min_value=-(10**30), max_value=10**30),
    st.decimals(allow_nan=False, allow_infinity=False, places=2, min_value=-(10**9), max_value=10**9),
    st.dates(),
    st.datetimes(),
    ALLOWED_STRING,
)
COMPARE = {
    "==": operator.eq,
    "!=": operator.ne,
    "<": operator.lt,
    "<=": operator.le,
    ">": operator.gt,
    ">=": operator.ge,
}


def read_back(value: Any) -> Any:
    """What the reader returns for a rendered value."""
    if value is None or isinstance(value, (bool, str, UUID)):
        return value
    if isinstance(value, (int, Decimal)):
        return Decimal(value)
    if isinstance(value, datetime):
        return value.replace(microsecond=0)
    return value


# (expression, expected tree, number of grouping parentheses the text should contain)
Built = tuple[Expr, tuple[Any, ...], int]


@st.composite
def leaves(draw: st.DrawFn) -> Built:
    field = draw(FIELDS)
    op = draw(st.sampled_from([*COMPARE, *METHODS]))
    if op in METHODS:
        text = draw(ALLOWED_STRING)
        expr, tree = METHODS[op](F(field), text), ("call", field, op, text)
    else:
        value = draw(SCALARS if op in ("==", "!=") else ORDERABLE)
        expr, tree = COMPARE[op](F(field), value), ("cmp", field, op, read_back(value))
    if draw(st.integers(0, 5)) == 0:  # sometimes the same condition as a raw string
        return Expr(str(expr)), tree, -1
    return expr, tree, 0


def combine(args: tuple[str, list[Built]]) -> Built:
    kind, kids = args
    expr = kids[0][0]
    for kid in kids[1:]:
        expr = (expr & kid[0]) if kind == "and" else (expr | kid[0])
    flat: list[Any] = []
    parens = 0
    for _, tree, count in kids:
        if count == -1:  # raw text: always parenthesised when combined
            parens += 1
            flat.append(tree)
        elif tree[0] == kind:  # the same operator: written flat
            parens += count
            flat.extend(tree[1])
        else:  # a different operator: parenthesised
            parens += count + (1 if tree[0] in ("and", "or") else 0)
            flat.append(tree)
    return expr, (kind, tuple(flat)), parens


TREES = st.recursive(
    leaves(),
    lambda inner: st.tuples(st.sampled_from(["and", "or"]), st.lists(inner, min_size=2, max_size=4)).map(
        combine
    ),
    max_leaves=12,
)


def grouping_parens(tokens: list[Token]) -> int:
    """``(`` that group, not those opening a call's arguments (``Guid(``, ``.Contains(``)."""
    return sum(1 for i, t in enumerate(tokens) if t.kind == "(" and (i == 0 or tokens[i - 1].kind != "ident"))


@settings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(TREES)
def test_combined_expressions_read_back_exactly(built: Built) -> None:
    expr, tree, parens = built
    text = str(expr)
    for dialect in (LINQ, ESCAPE):
        # parse() refuses && and || mixed without parentheses, so this also proves the text
        # never relies on their relative precedence.
        assert parse(text, dialect) == tree
    assert grouping_parens(tokenize(text)) == max(parens, 0)  # and no redundant parentheses
    assert render_where(expr) == text
    assert parse(str(where(expr, Status="PAID")), LINQ) == (
        "and",
        (*(tree[1] if tree[0] == "and" else (tree,)), ("cmp", "Status", "==", "PAID")),
    )


# --- field names and keyword keys -------------------------------------------------------------

NAMES = st.one_of(
    st.text(alphabet=ANY_CHAR, max_size=20),
    st.from_regex(r"[A-Za-z_][A-Za-z0-9_]{0,8}(\.[A-Za-z_][A-Za-z0-9_]{0,8}){0,2}", fullmatch=True),
    st.lists(
        st.one_of(
            st.sampled_from([*NASTY, "Name", ".", "_", "__", "Contact", "true", "new"]),
            st.text(alphabet="aZ_.9 ", max_size=3),
        ),
        max_size=5,
    ).map("".join),
)


def assert_path(tokens: list[Token]) -> int:
    """Tokens start with ident(.ident)*; return how many tokens the path used."""
    assert tokens[0].kind == "ident"
    used = 1
    while used + 1 < len(tokens) and tokens[used].kind == "." and tokens[used + 1].kind == "ident":
        used += 2
    return used


@settings(max_examples=1500, deadline=None)
@given(NAMES)
def test_field_names_cannot_inject(name: str) -> None:
    try:
        field = F(name)
    except ValueError as exc:
        event("refused")
        assert "field name" in str(exc)
        return
    event("accepted")
    tokens = tokenize(str(field == 1))
    used = assert_path(tokens)
    assert shape(tokens[used:]) == [("op", "=="), ("number", Decimal(1))]
    assert parse(str(field.contains("x"))) == ("call", field.name, "Contains", "x")


@settings(max_examples=1000, deadline=None)
@given(key=NAMES, lookup=st.sampled_from(["", "__gt", "__ne", "_is_not", "__lte", "_is_less_than", "__in"]))
def test_keyword_keys_cannot_inject(key: str, lookup: str) -> None:
    value: Any = [1] if lookup == "__in" else 1
    try:
        expr = where(**{key + lookup: value})
    except ValueError as exc:
        event("refused")
        assert "field name" in str(exc) or "unknown lookup" in str(exc)
        return
    event("accepted")
    tokens = tokenize(str(expr))
    used = assert_path(tokens)
    assert [t.kind for t in tokens[used:]] == ["op", "number"]


# --- numbers and dates ------------------------------------------------------------------------


def plain_length(value: Decimal) -> int:
    """Characters of the plain (no exponent) form, sign aside."""
    _, digits, exponent = value.as_tuple()
    assert isinstance(exponent, int)
    before_point = max(len(digits) + exponent, 1)
    return before_point + (1 - exponent if exponent < 0 else 0)


def check_number(value: int | Decimal, expected: Decimal, exact_digits: bool) -> None:
    text = str(F("AmountDue") > value)
    tokens = tokenize(text)
    assert shape(tokens) == [("ident", "AmountDue"), ("op", ">"), ("number", expected)]
    literal = tokens[2].text
    assert "e" not in literal.lower()
    assert Decimal(literal) == expected
    if exact_digits:  # digits, trailing zeros and sign exactly as given
        assert Decimal(literal).as_tuple() == expected.as_tuple()


@settings(max_examples=1500, deadline=None)
@given(st.one_of(st.decimals(), st.decimals(allow_nan=False, allow_infinity=False, places=6)))
@example(Decimal("1E+2"))
@example(Decimal("-0.00"))
@example(Decimal("1E-7"))
@example(Decimal("sNaN"))
def test_decimals_are_exact(value: Decimal) -> None:
    if not value.is_finite():
        with pytest.raises(ValueError, match="not a finite number"):
            F("AmountDue") > value  # noqa: B015
        return
    if plain_length(value) > 100:
        with pytest.raises(ValueError, match="limit is 100"):
            F("AmountDue") > value  # noqa: B015
        return
    check_number(value, value, exact_digits=value.as_tuple().exponent <= 0)  # type: ignore[operator]


@settings(max_examples=600, deadline=None)
@given(st.one_of(st.integers(), st.integers(min_value=10**95, max_value=10**105), st.booleans()))
def test_ints_are_exact(value: int) -> None:
    if isinstance(value, bool):
        assert str(F("IsSold") == value) == f"IsSold=={'true' if value else 'false'}"
        return
    if len(str(abs(value))) > 100:
        with pytest.raises(ValueError):
            F("AmountDue") > value  # noqa: B015
        return
    check_number(value, Decimal(value), exact_digits=True)


@settings(max_examples=300, deadline=None)
@given(st.floats())
def test_floats_are_refused(value: float) -> None:
    """A float never reaches the text: its binary value is not the decimal Xero compares."""
    for build in (lambda: F("AmountDue") > value, lambda: F("A") == value, lambda: where(A=value)):  # type: ignore[operator]
        with pytest.raises(TypeError, match="float"):
            build()


@settings(max_examples=500, deadline=None)
@given(st.dates())
def test_dates(value: date) -> None:
    text = str(F("Date") >= value)
    assert text == f"Date>=DateTime({value.year:04d},{value.month:02d},{value.day:02d})"
    assert parse(text) == ("cmp", "Date", ">=", value)


OFFSETS = st.timedeltas(min_value=-timedelta(hours=23, minutes=59), max_value=timedelta(hours=23, minutes=59))


@settings(max_examples=800, deadline=None)
@given(st.datetimes(timezones=st.one_of(st.none(), st.just(timezone.utc), OFFSETS.map(timezone))))
def test_datetimes(value: datetime) -> None:
    if value.tzinfo is not None:
        try:
            expected = value.astimezone(timezone.utc).replace(tzinfo=None)
        except OverflowError:
            with pytest.raises(ValueError, match="out of range in UTC"):
                F("UpdatedDateUTC") >= value  # noqa: B015
            return
    else:
        expected = value
    text = str(F("UpdatedDateUTC") >= value)
    assert parse(text) == ("cmp", "UpdatedDateUTC", ">=", expected.replace(microsecond=0))


@settings(max_examples=200, deadline=None)
@given(st.uuids())
def test_guids(value: UUID) -> None:
    assert parse(str(F("Contact.ContactID") == value)) == ("cmp", "Contact.ContactID", "==", value)


# --- over the wire ----------------------------------------------------------------------------


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(TREES)
def test_text_survives_query_string_encoding(built: Built) -> None:
    """httpx percent-encodes the text (``&``, ``+``, ``#``, ``%``, quotes, non-ASCII), so the
    server decodes exactly what was rendered: a raw ``&`` cannot cut the filter short."""
    httpx = pytest.importorskip("httpx")
    text = str(built[0])
    url = httpx.URL("https://api.xero.com/api.xro/2.0/Invoices", params={"where": text, "page": "1"})
    query = url.query.decode("ascii")
    assert parse_qsl(query, keep_blank_values=True, strict_parsing=True) == [("where", text), ("page", "1")]
