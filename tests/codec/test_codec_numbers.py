"""xero_sdk._runtime.codec.numbers.to_decimal: exact, never through float."""

from __future__ import annotations

import math
from decimal import Decimal
from enum import IntEnum

import pytest
from hypothesis import given
from hypothesis import strategies as st

from xero_sdk._runtime.codec import to_decimal


def exactly(got: Decimal, want: str) -> None:
    """Same value AND same digits/exponent (Decimal("1.0") == Decimal("1.00") is not enough)."""
    assert type(got) is Decimal
    assert got.as_tuple() == Decimal(want).as_tuple()


def test_decimal_passes_through_unchanged() -> None:
    value = Decimal("229.8950")
    assert to_decimal(value) is value
    nan = Decimal("NaN")
    assert to_decimal(nan) is nan  # unchanged; dumps refuses it


def test_int() -> None:
    exactly(to_decimal(100), "100")
    exactly(to_decimal(-7), "-7")
    exactly(to_decimal(10**40), "1" + "0" * 40)


@pytest.mark.parametrize(
    "text",
    [
        "100.0000",
        "0.1",
        "-0.00",
        "229.8950",
        "1E+2",
        "1e-7",
        "+5",
        ".5",
        "5.",
        "0",
        "123456789012345678901234567890.123456789",
    ],
)
def test_str_keeps_its_digits(text: str) -> None:
    exactly(to_decimal(text), text)


@pytest.mark.parametrize(
    ("value", "want"),
    [(0.1, "0.1"), (229.895, "229.895"), (1e16, "1E+16"), (-0.0, "-0.0"), (1.0, "1.0"), (5e-324, "5E-324")],
)
def test_float_goes_through_its_shortest_repr(value: float, want: str) -> None:
    exactly(to_decimal(value), want)
    binary = 0.1
    assert to_decimal(binary) != Decimal(binary)  # not the binary value


@pytest.mark.parametrize("value", [True, False, None, [1], {"a": 1}, b"1", object(), 1j])
def test_non_numbers_raise_type_error(value: object) -> None:
    with pytest.raises(TypeError) as info:
        to_decimal(value)
    assert repr(value) in str(info.value)


@pytest.mark.parametrize(
    "value",
    [
        "",
        " 1",
        "1 ",
        "1_000",
        "1,000.00",
        "abc",
        "NaN",
        "nan",
        "sNaN",
        "Infinity",
        "-Infinity",
        "inf",
        "\u0661\u0662",
        "0x10",
        "1e",
        ".",
        "--1",
        math.nan,
        math.inf,
        -math.inf,
    ],
)
def test_malformed_or_non_finite_raise_value_error(value: object) -> None:
    with pytest.raises(ValueError) as info:
        to_decimal(value)
    assert repr(value) in str(info.value)


def test_subclasses() -> None:
    class Level(IntEnum):
        HIGH = 3

    class Money(Decimal):
        pass

    class Text(str):
        def __str__(self) -> str:
            return "not this"

    class Real(float):
        def __repr__(self) -> str:
            return "not this"

    exactly(to_decimal(Level.HIGH), "3")
    money = Money("1.50")
    assert to_decimal(money) is money
    exactly(to_decimal(Text("1.50")), "1.50")
    exactly(to_decimal(Real(0.1)), "0.1")


@given(st.decimals(allow_nan=False, allow_infinity=False))
def test_any_finite_decimal_string_round_trips_exactly(value: Decimal) -> None:
    got = to_decimal(str(value))
    assert got.as_tuple() == value.as_tuple()


@given(st.floats(allow_nan=False, allow_infinity=False))
def test_any_finite_float_is_its_repr(value: float) -> None:
    got = to_decimal(value)
    assert got == Decimal(repr(value))
    assert float(got) == value


@given(st.integers())
def test_any_int_is_exact(value: int) -> None:
    assert to_decimal(value) == value
