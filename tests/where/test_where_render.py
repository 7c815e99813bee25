"""Rendering rules of F / Expr (README, "Filter and order"): literals, grouping, errors."""

from __future__ import annotations

import copy
import pickle
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal
from enum import Enum, IntEnum
from uuid import UUID

import pytest

from xero_sdk._runtime.where import Expr, F, UnsafeStringError, render_literal, render_where, where

CONTACT_ID = UUID("fe61ead1-8afc-4f0b-beda-066620227aad")


class Status(str, Enum):
    AUTHORISED = "AUTHORISED"
    DRAFT = "DRAFT"


class Plain(Enum):
    PAID = "PAID"


class Rank(IntEnum):
    TOP = 1


# --- the where filter, rule by rule -----------------------------------------------------


def test_design_guid() -> None:
    assert str(F("Contact.ContactID") == CONTACT_ID) == (
        'Contact.ContactID==Guid("fe61ead1-8afc-4f0b-beda-066620227aad")'
    )


def test_design_date() -> None:
    assert str(F("Date") >= date(2026, 1, 31)) == "Date>=DateTime(2026,01,31)"


def test_design_bool() -> None:
    assert str(F("IsSold") == True) == "IsSold==true"  # noqa: E712
    assert str(F("IsSold") == False) == "IsSold==false"  # noqa: E712


def test_design_numbers_and_decimals_unquoted() -> None:
    assert str(F("AmountDue") > 0) == "AmountDue>0"
    assert str(F("AmountDue") > Decimal("12.50")) == "AmountDue>12.50"


def test_design_strings_and_enum_members_quoted() -> None:
    assert str(F("Status") == "AUTHORISED") == 'Status=="AUTHORISED"'
    assert str(F("Status") == Status.AUTHORISED) == 'Status=="AUTHORISED"'
    assert str(F("Status") == Plain.PAID) == 'Status=="PAID"'


def test_design_string_methods() -> None:
    assert str(F("Name").contains("x")) == 'Name.Contains("x")'
    assert str(F("Name").startswith("x")) == 'Name.StartsWith("x")'
    assert str(F("Name").endswith("x")) == 'Name.EndsWith("x")'


def test_design_null() -> None:
    assert str(F("EmailAddress") == None) == "EmailAddress==null"  # noqa: E711
    assert str(F("EmailAddress") != None) == "EmailAddress!=null"  # noqa: E711
    assert str(F("EmailAddress").is_null()) == "EmailAddress==null"
    assert str(F("EmailAddress").is_not_null()) == "EmailAddress!=null"


def test_design_and_or_parentheses_kept() -> None:
    a, b, c = F("A") == 1, F("B") == 2, F("C") == 3
    assert str(a & b) == "A==1&&B==2"
    assert str(a | b) == "A==1||B==2"
    assert str((a | b) & c) == "(A==1||B==2)&&C==3"


def test_design_where_lookups() -> None:
    assert str(where(Type="ACCREC", Date__gte=date(2026, 1, 1))) == (
        'Type=="ACCREC"&&Date>=DateTime(2026,01,01)'
    )
    assert str(where(AmountDue__gt=0, Contact__ContactID=CONTACT_ID)) == (
        'AmountDue>0&&Contact.ContactID==Guid("fe61ead1-8afc-4f0b-beda-066620227aad")'
    )


def test_design_raw_string_always_accepted() -> None:
    raw = 'Status=="DRAFT"'
    assert render_where(raw) == raw
    assert str(where(raw, AmountDue__gt=0)) == '(Status=="DRAFT")&&AmountDue>0'


def test_design_quote_stays_in_its_literal() -> None:
    assert str(F("Name") == 'say "hi"') == 'Name=="say ""hi"""'


def test_design_quickstart() -> None:
    expr = (F("Status") == "AUTHORISED") & (F("AmountDue") > 0)
    assert render_where(expr) == 'Status=="AUTHORISED"&&AmountDue>0'


def test_xero_null_guard_example() -> None:
    expected = 'EmailAddress!=null&&EmailAddress.StartsWith("a")'
    assert str(F("EmailAddress").is_not_null() & F("EmailAddress").startswith("a")) == expected
    assert str(F("EmailAddress").startswith("a", null_safe=True)) == expected
    assert str(F("Name").contains("x", null_safe=True) | (F("A") == 1)) == (
        '(Name!=null&&Name.Contains("x"))||A==1'
    )


# --- literals ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (None, "null"),
        (True, "true"),
        (False, "false"),
        (0, "0"),
        (-5, "-5"),
        (10**30, "1" + "0" * 30),
        (Rank.TOP, "1"),
        (Decimal("12.50"), "12.50"),
        (Decimal("-0.001"), "-0.001"),
        (Decimal("1E+2"), "100"),
        (Decimal("1E-7"), "0.0000001"),
        (Decimal("123456789012345678901234567.8901"), "123456789012345678901234567.8901"),
        ("", '""'),
        ("O'Brien (Ltd) && || ==", '"O\'Brien (Ltd) && || =="'),
        ('"', '""""'),
        ("Ünïcødé 🧾 ☃", '"Ünïcødé 🧾 ☃"'),
        (date(2026, 1, 31), "DateTime(2026,01,31)"),
        (date(5, 3, 9), "DateTime(0005,03,09)"),
        (datetime(2026, 1, 31, 10, 30), "DateTime(2026,01,31,10,30,00)"),
        (datetime(2026, 1, 31, 10, 30, 5, 999999), "DateTime(2026,01,31,10,30,05)"),
        (CONTACT_ID, 'Guid("fe61ead1-8afc-4f0b-beda-066620227aad")'),
    ],
)
def test_literals(value: object, text: str) -> None:
    assert render_literal(value) == text


def test_bool_is_checked_before_int() -> None:
    assert str(F("IsSold") == True) == "IsSold==true"  # noqa: E712
    assert str(F("Qty") == 1) == "Qty==1"


def test_aware_datetimes_are_converted_to_utc() -> None:
    nz = timezone(timedelta(hours=13))
    assert render_literal(datetime(2026, 1, 1, 10, 30, tzinfo=nz)) == "DateTime(2025,12,31,21,30,00)"
    assert (
        render_literal(datetime(2026, 1, 1, 10, 30, tzinfo=timezone.utc)) == "DateTime(2026,01,01,10,30,00)"
    )
    west = timezone(-timedelta(hours=9, minutes=30))
    assert render_literal(datetime(2026, 1, 31, 20, 0, tzinfo=west)) == "DateTime(2026,02,01,05,30,00)"


def test_datetime_out_of_range_in_utc() -> None:
    with pytest.raises(ValueError, match="out of range in UTC"):
        render_literal(datetime(1, 1, 1, tzinfo=timezone(timedelta(hours=1))))


def test_subclass_overrides_cannot_change_the_text() -> None:
    class Sneaky(str):
        def __str__(self) -> str:
            return '") || true || ("'

    class SneakyUUID(UUID):
        def __str__(self) -> str:
            return '") || true || ("'

    assert render_literal(Sneaky("x")) == '"x"'
    assert render_literal(SneakyUUID(int=CONTACT_ID.int)) == 'Guid("fe61ead1-8afc-4f0b-beda-066620227aad")'


@pytest.mark.parametrize(
    "value",
    [
        Decimal("NaN"),
        Decimal("sNaN"),
        Decimal("Infinity"),
        Decimal("-Infinity"),
    ],
)
def test_non_finite_numbers_are_refused(value: object) -> None:
    with pytest.raises(ValueError, match="not a finite number"):
        render_literal(value)


@pytest.mark.parametrize("value", [0.1, 0.1 + 0.2, -2.5, 1e20, 1e-7, 1e300, float("nan"), float("inf"), 0.0])
def test_floats_are_refused_as_in_models(value: float) -> None:
    with pytest.raises(TypeError, match=r"float .* use Decimal"):
        render_literal(value)
    with pytest.raises(TypeError, match="float"):
        F("AmountDue") > value  # type: ignore[operator]  # noqa: B015
    with pytest.raises(TypeError, match="float"):
        where(AmountDue__gt=value)


@pytest.mark.parametrize("value", [Decimal("1E+999999999"), Decimal("1E-999"), 10**200])
def test_absurdly_long_numbers_are_refused(value: object) -> None:
    with pytest.raises(ValueError, match=r"limit is 100|longer than 100"):
        render_literal(value)


@pytest.mark.parametrize("value", [[1], (1,), {"a": 1}, b"x", object(), timedelta(1), F("A")])
def test_unsupported_types(value: object) -> None:
    with pytest.raises(TypeError):
        F("A") == value  # noqa: B015


def test_cannot_compare_field_with_field_or_expression() -> None:
    with pytest.raises(TypeError, match="right-hand side must be a literal"):
        F("A") == F("B")  # type: ignore[operator]  # noqa: B015
    with pytest.raises(TypeError, match="right-hand side must be a literal"):
        F("A") != (F("B") == 1)  # noqa: B015


@pytest.mark.parametrize(
    ("char", "reason"),
    [
        ("\\", "backslash"),
        ("\x00", "control character"),
        ("\n", "control character"),
        ("\x85", "control character"),
        ("\ud800", "lone surrogate"),
    ],
)
def test_refused_characters(char: str, reason: str) -> None:
    with pytest.raises(UnsafeStringError) as info:
        F("Name") == f"ab{char}cd"  # noqa: B015
    assert info.value.reason == reason
    assert info.value.index == 2
    assert isinstance(info.value, ValueError)
    assert reason in str(info.value)
    assert f"ab{char}cd" not in str(info.value)  # the message does not echo the (maybe private) value
    clone = pickle.loads(pickle.dumps(info.value))
    assert (clone.reason, clone.index, str(clone)) == (reason, 2, str(info.value))


# --- comparison operators ---------------------------------------------------------------------


def test_all_operators() -> None:
    f = F("Total")
    assert [str(e) for e in (f == 1, f != 1, f < 1, f <= 1, f > 1, f >= 1)] == [
        "Total==1",
        "Total!=1",
        "Total<1",
        "Total<=1",
        "Total>1",
        "Total>=1",
    ]


def test_reflected_comparisons_keep_their_meaning() -> None:
    assert str(0 < F("Total")) == "Total>0"
    assert str(date(2026, 1, 1) <= F("Date")) == "Date>=DateTime(2026,01,01)"
    assert str(None == F("EmailAddress")) == "EmailAddress==null"  # noqa: E711


@pytest.mark.parametrize("value", [None, True, False])
def test_ordering_refuses_null_and_bool(value: object) -> None:
    for compare in (F.__lt__, F.__le__, F.__gt__, F.__ge__):
        with pytest.raises(TypeError, match="ordering comparisons"):
            compare(F("Total"), value)  # type: ignore[arg-type]


@pytest.mark.parametrize("method", ["contains", "startswith", "endswith"])
def test_methods_take_strings_only(method: str) -> None:
    with pytest.raises(TypeError, match="takes a str"):
        getattr(F("Name"), method)(1)
    assert str(getattr(F("Status"), method)(Status.DRAFT)).endswith('("DRAFT")')


# --- grouping ---------------------------------------------------------------------------------

A, B, C, D = (F(name) == i for i, name in enumerate("ABCD", 1))


@pytest.mark.parametrize(
    ("expr", "text"),
    [
        (A & B & C, "A==1&&B==2&&C==3"),
        (A | B | C, "A==1||B==2||C==3"),
        (A & (B & C), "A==1&&B==2&&C==3"),
        (A | (B | C), "A==1||B==2||C==3"),
        ((A | B) & C, "(A==1||B==2)&&C==3"),
        (A & (B | C), "A==1&&(B==2||C==3)"),
        (A | (B & C), "A==1||(B==2&&C==3)"),
        ((A & B) | (C & D), "(A==1&&B==2)||(C==3&&D==4)"),
        ((A | B) & (C | D), "(A==1||B==2)&&(C==3||D==4)"),
        (((A | B) & C) | D, "((A==1||B==2)&&C==3)||D==4"),
        (A & "X==1||Y==2", "A==1&&(X==1||Y==2)"),
        ("X==1||Y==2" | A, "(X==1||Y==2)||A==1"),
        (Expr("X==1") & A, "(X==1)&&A==1"),
    ],
)
def test_grouping(expr: Expr, text: str) -> None:
    assert str(expr) == text


# --- truth value, precedence mistakes ---------------------------------------------------------


def test_bool_raises() -> None:
    with pytest.raises(TypeError, match="no truth value"):
        bool(F("A") == 1)
    with pytest.raises(TypeError, match="no truth value"):
        if F("A") == 1:
            pass
    with pytest.raises(TypeError, match="not 'and'/'or'"):
        _ = (F("A") == 1) and (F("B") == 2)
    with pytest.raises(TypeError, match="is a field, not a condition"):
        bool(F("A"))


def test_missing_parentheses_are_explained() -> None:
    with pytest.raises(TypeError, match="parenthesise each comparison"):
        F("A") == 1 & F("B") == 2  # noqa: B015
    with pytest.raises(TypeError, match="parenthesise each comparison"):
        F("A") & F("B")


def test_combining_with_a_field_or_other_types() -> None:
    with pytest.raises(TypeError, match="is a field, not a condition"):
        (F("A") == 1) & F("B")
    with pytest.raises(TypeError, match="expected a where expression"):
        (F("A") == 1) | 3  # type: ignore[operator]


# --- the Expr object --------------------------------------------------------------------------


def test_expr_is_immutable_and_hashable() -> None:
    expr = F("A") == 1
    with pytest.raises(AttributeError):
        expr._text = "x"
    with pytest.raises(AttributeError):
        del expr._text
    with pytest.raises(AttributeError):
        F("A")._name = "B"
    assert expr == (F("A") == 1)
    assert expr != (F("A") == 2)
    assert expr != "A==1"
    assert len({expr, F("A") == 1, where(A=1)}) == 1


def test_f_is_not_hashable() -> None:
    with pytest.raises(TypeError):
        hash(F("A"))


def test_repr() -> None:
    assert repr((F("Status") == "PAID") & (F("Total") > 0)) == """Expr('Status=="PAID"&&Total>0')"""
    assert repr(F("contact.contact_id")) == "F('Contact.ContactID')"
    assert F("contact.contact_id").name == "Contact.ContactID"


def test_copy_and_pickle() -> None:
    expr = (F("A") == 1) | "X==2"
    for clone in (copy.copy(expr), copy.deepcopy(expr), pickle.loads(pickle.dumps(expr))):
        assert clone == expr
        assert str(clone & (F("B") == 2)) == "(A==1||(X==2))&&B==2"
    field = pickle.loads(pickle.dumps(F("Name")))
    assert str(field == "x") == 'Name=="x"'
    assert copy.copy(F("Name")).name == "Name"
    assert copy.deepcopy(F("Name")).name == "Name"


def test_expr_constructor_wraps_raw_text() -> None:
    assert str(Expr('  Status=="DRAFT" ')) == 'Status=="DRAFT"'
    with pytest.raises(TypeError):
        Expr(1)  # type: ignore[arg-type]
