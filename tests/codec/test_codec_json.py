"""xero_sdk._runtime.codec.json: Decimals in and out exactly; the marker can never leak or bite."""

from __future__ import annotations

import json as stdjson
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal
from enum import Enum, IntEnum
from typing import Any
from uuid import UUID

import pytest
from hypothesis import given
from hypothesis import strategies as st

from xero_sdk._runtime.codec import OpenStrEnum, dumps, loads
from xero_sdk._runtime.codec import json as codec_json


class Status(OpenStrEnum):
    DRAFT = "DRAFT"
    AUTHORISED = "AUTHORISED"


class Colour(Enum):
    RED = "red"
    PRICE = Decimal("1.10")


class Level(IntEnum):
    HIGH = 3


def same_tuple(got: object, want: Decimal) -> None:
    assert type(got) is Decimal
    assert got.as_tuple() == want.as_tuple()


# --- loads -----------------------------------------------------------------------------------


def test_loads_reads_non_integers_as_decimal_never_float() -> None:
    got = loads(b'{"a": 0.1}')["a"]
    assert got == Decimal("0.1")
    assert type(got) is Decimal
    # A float would have lost these digits.
    same_tuple(loads("0.1000000000000000055511151231257827"), Decimal("0.1000000000000000055511151231257827"))
    same_tuple(loads(b"229.8950"), Decimal("229.8950"))
    same_tuple(loads(b"1e2"), Decimal("1E+2"))
    same_tuple(loads(b"-0.00"), Decimal("-0.00"))


def test_loads_keeps_integers_as_int() -> None:
    got = loads(b'{"n": 12345678901234567890, "m": -3}')
    assert got == {"n": 12345678901234567890, "m": -3}
    assert type(got["n"]) is int


def test_loads_accepts_str_bytes_bytearray_and_bom() -> None:
    doc = '{"Name": "M\u0101ori", "Total": 1.50}'
    want = {"Name": "M\u0101ori", "Total": Decimal("1.50")}
    assert loads(doc) == want
    assert loads(doc.encode()) == want
    assert loads(bytearray(doc.encode())) == want
    assert loads(b"\xef\xbb\xbf" + doc.encode()) == want
    assert loads(doc.encode("utf-16")) == want


@pytest.mark.parametrize(
    "text", [b"NaN", b"Infinity", b"-Infinity", b'{"a": NaN}', b"", b"{", b"[1,]", b"0.1x"]
)
def test_loads_refuses_non_json_and_non_finite(text: bytes) -> None:
    with pytest.raises(ValueError):
        loads(text)


def test_loads_refuses_non_text() -> None:
    with pytest.raises(TypeError):
        loads(123)  # type: ignore[arg-type]


# --- dumps: decimals -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (Decimal("0.1"), b"0.1"),
        (Decimal("229.8950"), b"229.8950"),
        (Decimal("100"), b"100"),
        (Decimal("-0.00"), b"-0.00"),
        (Decimal("-0"), b"-0"),
        # exponent forms are written as plain decimals (Xero reads .NET decimals)
        (Decimal("1E+2"), b"100"),
        (Decimal("1E-7"), b"0.0000001"),
        (Decimal("0E-8"), b"0.00000000"),
        (Decimal("123456789012345678901234567890.123456789"), b"123456789012345678901234567890.123456789"),
    ],
)
def test_dumps_writes_decimals_exactly(value: Decimal, text: bytes) -> None:
    assert dumps(value) == text
    assert dumps([value]) == b"[" + text + b"]"
    assert dumps({"Amount": value}) == b'{"Amount":' + text + b"}"
    assert Decimal(str(stdjson.loads(text, parse_float=Decimal))) == value  # valid JSON


def test_dumps_exponent_form_is_a_plain_number_equal_to_its_value() -> None:
    got = loads(dumps({"a": Decimal("1E+2")}))["a"]
    assert got == 100
    assert b"E" not in dumps(Decimal("1.5E-7")) and loads(dumps(Decimal("1.5E-7"))) == Decimal("1.5E-7")


def test_dumps_is_compact_utf8() -> None:
    obj = {
        "Name": "M\u0101ori \u2603",
        "Lines": [{"Qty": Decimal("1.0000"), "Ok": True, "None": None}],
        "N": 3,
    }
    got = dumps(obj)
    assert got == '{"Name":"M\u0101ori \u2603","Lines":[{"Qty":1.0000,"Ok":true,"None":null}],"N":3}'.encode()
    assert loads(got) == obj


def test_dumps_escapes_lone_surrogates_instead_of_failing() -> None:
    got = dumps({"a": "x\ud800y", "b": Decimal("1.5")})
    assert got == b'{"a":"x\\ud800y","b":1.5}'
    assert loads(got) == {"a": "x\ud800y", "b": Decimal("1.5")}


@pytest.mark.parametrize(
    "value",
    [
        Decimal("NaN"),
        Decimal("-NaN"),
        Decimal("sNaN"),
        Decimal("NaN123"),
        Decimal("Infinity"),
        Decimal("-Infinity"),
        float("nan"),
        float("inf"),
        -float("inf"),
    ],
)
def test_dumps_refuses_non_finite_numbers(value: object) -> None:
    with pytest.raises(ValueError):
        dumps({"a": [value]})


def test_dumps_decimal_subclass() -> None:
    class Money(Decimal):
        pass

    assert dumps([Money("1.50")]) == b"[1.50]"
    with pytest.raises(ValueError):
        dumps(Money("NaN"))


# --- dumps: other types ----------------------------------------------------------------------


def test_dumps_other_types() -> None:
    obj = {
        "id": UUID("0032c5fa-7b37-4b1a-8ba6-a5b8f7a4c2d1"),
        "day": date(2026, 1, 31),
        "at": datetime(2026, 1, 31, 10, 0, tzinfo=timezone(timedelta(hours=13))),
        "naive": datetime(2026, 1, 31, 10, 0, 5, 193000),
        "known": Status.AUTHORISED,
        "unknown": Status("FUTURE"),
        "colour": Colour.RED,
        "price": Colour.PRICE,
        "level": Level.HIGH,
        "tuple": (1, "a"),
        "float": 0.5,
    }
    assert loads(dumps(obj)) == {
        "id": "0032c5fa-7b37-4b1a-8ba6-a5b8f7a4c2d1",
        "day": "2026-01-31",
        "at": "2026-01-31T10:00:00+13:00",
        "naive": "2026-01-31T10:00:05.193",
        "known": "AUTHORISED",
        "unknown": "FUTURE",
        "colour": "red",
        "price": Decimal("1.10"),
        "level": 3,
        "tuple": [1, "a"],
        "float": Decimal("0.5"),
    }


def test_dumps_refuses_unknown_types() -> None:
    with pytest.raises(TypeError):
        dumps({"a": {1, 2}})
    with pytest.raises(TypeError):
        dumps(object())


def test_dumps_refuses_cycles() -> None:
    cycle: list[Any] = []
    cycle.append(cycle)
    with pytest.raises(ValueError):
        dumps(cycle)


# --- dumps: the marker -----------------------------------------------------------------------

MARKER = codec_json._MARKER


@pytest.mark.parametrize(
    "text",
    [
        MARKER,
        MARKER + "1",
        MARKER + "1.5",
        MARKER + "-1E+2",
        '"' + MARKER + '1"',
        "x" + MARKER + "1",
        'x"' + MARKER + "1",
        '\\"' + MARKER + '1\\"',
        MARKER + "1" + MARKER + "2",
    ],
)
def test_strings_containing_the_marker_are_never_turned_into_numbers(text: str) -> None:
    obj = {"value": text, text: Decimal("2.50"), "list": [Decimal("3"), text, Decimal("-0.1")]}
    got = dumps(obj)
    assert loads(got) == {"value": text, text: Decimal("2.50"), "list": [3, text, Decimal("-0.1")]}
    assert MARKER.encode() in got  # the user's text, intact
    assert dumps(text) == stdjson.dumps(text, ensure_ascii=False).encode()


def test_a_collision_retries_with_a_fresh_marker(monkeypatch: pytest.MonkeyPatch) -> None:
    made: list[str] = []
    real = codec_json._new_marker

    def counting() -> str:
        marker = real()
        made.append(marker)
        return marker

    monkeypatch.setattr(codec_json, "_new_marker", counting)
    assert dumps([MARKER + "1", Decimal("2")]) == f'["{MARKER}1",2]'.encode()
    assert len(made) == 1
    made.clear()
    assert dumps([MARKER, Decimal("2")]) == f'["{MARKER}",2]'.encode()  # no full match: no retry
    assert made == []
    assert dumps([Decimal("2")]) == b"[2]"
    assert made == []


def test_repeated_collisions_still_terminate_correctly(monkeypatch: pytest.MonkeyPatch) -> None:
    # The "fresh" marker collides too (as if an attacker knew it); the next one does not.
    second = "xd" + "1" * 16
    third = "xd" + "2" * 16
    queue = [second, third]
    monkeypatch.setattr(codec_json, "_new_marker", lambda: queue.pop(0))
    obj = [MARKER + "1", second + "1", Decimal("7.0")]
    assert dumps(obj) == f'["{MARKER}1","{second}1",7.0]'.encode()
    assert queue == []


def test_the_marker_is_random_per_process() -> None:
    assert codec_json._new_marker() != codec_json._new_marker()
    assert MARKER.isalnum() and MARKER.isascii()


# --- properties ------------------------------------------------------------------------------

finite_decimals = st.decimals(allow_nan=False, allow_infinity=False)


@given(finite_decimals)
def test_decimal_round_trip_is_exact(value: Decimal) -> None:
    text = dumps(value)
    plain = format(value, "f") if "E" in str(value) else str(value)
    assert text == plain.encode() and b"E" not in text
    got = loads(text)
    if isinstance(got, Decimal):
        assert got == value and Decimal(plain).as_tuple() == got.as_tuple()  # the digits written
    else:  # an integer literal: JSON has no other way to say it
        assert type(got) is int
        assert got == value


@given(st.lists(finite_decimals, max_size=20))
def test_decimal_lists_round_trip(values: list[Decimal]) -> None:
    got = loads(dumps({"values": values}))["values"]
    assert got == values
    for back, value in zip(got, values, strict=True):
        if isinstance(back, Decimal):
            assert back.as_tuple() == value.as_tuple()


@given(st.text())
def test_any_text_round_trips_unchanged(text: str) -> None:
    assert loads(dumps(text)) == text
    assert loads(dumps({text: text, "d": Decimal("1.5")})) == {text: text, "d": Decimal("1.5")}


marker_pieces = st.sampled_from(
    [
        MARKER,
        MARKER[:5],
        MARKER[5:],
        '"',
        "\\",
        "1",
        "1.5",
        "-",
        "E+2",
        "0",
        ",",
        ":",
        "[",
        "]",
        "{",
        "}",
        "xd",
        "\u2603",
    ]
)
# Strings whose JSON token contains exactly what the default hook's tokens look like: the
# marker, then number characters, then the token's closing quote (at the start of the string,
# or after an escaped quote inside it). These force the count check to reject and retry.
colliding_text = st.builds(
    lambda prefix, digits: prefix + MARKER + digits,
    st.sampled_from(["", '"', 'x"', '\\"']) | st.text(max_size=5).map(lambda t: t + '"'),
    st.from_regex(r"-?[0-9][0-9.E+-]{0,6}", fullmatch=True),
)
adversarial_text = st.lists(marker_pieces, max_size=8).map("".join) | colliding_text | st.text()


@given(adversarial_text, st.lists(st.one_of(adversarial_text, finite_decimals), max_size=6))
def test_text_that_looks_like_the_marker_round_trips(key: str, items: list[Any]) -> None:
    obj = {key: items, "k": [key, Decimal("0.01")]}
    assert loads(dumps(obj)) == obj


@given(colliding_text, st.lists(finite_decimals, min_size=1, max_size=4))
def test_colliding_text_round_trips_and_decimals_stay_numbers(text: str, numbers: list[Decimal]) -> None:
    obj = {"text": text, text: numbers, "numbers": numbers}
    back = loads(dumps(obj))
    assert back == obj
    assert back["text"] == text
    assert all(not isinstance(value, str) for value in back["numbers"])


def test_equal_number_texts_share_one_decimal_and_keep_their_digits() -> None:
    pad = b"x" * codec_json._MEMO_FROM  # a page-sized document
    doc = loads(b'{"pad": "%s", "a": 0.00, "b": 0.00, "c": 0.0, "d": [1.0000, 1.0000], "e": 2.5E+1}' % pad)
    assert doc["a"] is doc["b"]  # one object per distinct text within a document
    assert str(doc["a"]) == "0.00" and str(doc["c"]) == "0.0"  # 0.00 and 0.0 stay distinct
    assert doc["d"][0] is doc["d"][1] and str(doc["d"][0]) == "1.0000"
    assert doc["e"] == Decimal(25) and type(doc["e"]) is Decimal
    other = loads(b'{"a": 0.00, "b": 0.00, "c": 0.0}')  # small: no memo, same values
    assert other["a"] == doc["a"] and str(other["a"]) == "0.00" and str(other["c"]) == "0.0"
