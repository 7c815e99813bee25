"""order_by / Order / render_order."""

from __future__ import annotations

import copy
import pickle

import pytest

from xero_sdk._runtime.order import Order, order_by, render_order


@pytest.mark.parametrize(
    ("order", "text"),
    [
        (order_by("Date"), "Date ASC"),
        (order_by("Date", desc=True), "Date DESC"),
        (order_by("Date", ("Name", "ASC"), desc=True), "Date DESC,Name ASC"),
        (order_by("Date", desc=True).then("Name"), "Date DESC,Name ASC"),
        (order_by("-Date", "Name"), "Date DESC,Name ASC"),
        (order_by("Date DESC", "Name asc"), "Date DESC,Name ASC"),
        (order_by(("Date", "descending"), ("Name", "Ascending")), "Date DESC,Name ASC"),
        (order_by("updated_date_utc", desc=True), "UpdatedDateUTC DESC"),
        (order_by("contact.name"), "Contact.Name ASC"),
        (
            order_by("Date").then("Name", desc=True).then(("InvoiceNumber", "ASC")),
            "Date ASC,Name DESC,InvoiceNumber ASC",
        ),
        (order_by(order_by("-Date"), "Name"), "Date DESC,Name ASC"),
        (Order("-Date"), "Date DESC"),
    ],
)
def test_rendering(order: Order, text: str) -> None:
    assert str(order) == text
    assert render_order(order) == text


def test_keys_and_value_semantics() -> None:
    order = order_by("Date", desc=True).then("Name")
    assert order.keys == (("Date", "DESC"), ("Name", "ASC"))
    assert order == order_by("-Date", "Name")
    assert order != order_by("Date", "Name")
    assert len({order, order_by("-Date", "Name")}) == 1
    assert repr(order) == "Order('Date DESC,Name ASC')"
    for clone in (copy.copy(order), copy.deepcopy(order), pickle.loads(pickle.dumps(order))):
        assert clone == order
    with pytest.raises(AttributeError):
        order._keys = ()
    with pytest.raises(AttributeError):
        del order._keys


def test_then_does_not_change_the_original() -> None:
    first = order_by("Date")
    first.then("Name")
    assert str(first) == "Date ASC"


@pytest.mark.parametrize(
    ("keys", "error"),
    [
        ((), ValueError),
        (("Date,Name",), ValueError),
        (("Date DESC,Name",), ValueError),
        (("Date; DROP",), ValueError),
        (("Date SIDEWAYS",), ValueError),
        (("Date DESC ASC",), ValueError),
        ((("Date", "UP"),), ValueError),
        ((("Date",),), TypeError),
        ((("Date", "ASC", "x"),), TypeError),
        ((1,), TypeError),
        (("Date", "-Date"), ValueError),
        (("true",), ValueError),
        (("desc",), ValueError),
        (("",), ValueError),
        (("-",), ValueError),
    ],
)
def test_invalid(keys: tuple[object, ...], error: type[Exception]) -> None:
    with pytest.raises(error):
        order_by(*keys)  # type: ignore[arg-type]


def test_render_order() -> None:
    assert render_order(None) is None
    assert render_order("") is None
    assert render_order("   ") is None
    assert render_order("Name ASC") == "Name ASC"
    with pytest.raises(TypeError, match="order_by"):
        render_order(1)  # type: ignore[arg-type]
