"""Models stay attrs classes with attrs' equality while ``__eq__`` is written once on ``Model``.

The generated classes say ``eq=False`` (so importing a model compiles one method less);
``Model.__eq__`` must compare exactly as attrs' generated method did: same class, every field
(``additional_properties`` included), instances unhashable. attrs' own API keeps working.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import attrs
import pytest

from xero_sdk._generated.payroll_uk.models import Employee
from xero_sdk.accounting import Contact, Invoice, InvoiceStatus, LineItem, Phone

INVOICE: dict[str, Any] = {
    "InvoiceID": "6c7a1b2e-1c2d-4e5f-8a9b-0c1d2e3f4a5b",
    "Status": "PAID",
    "Contact": {"Name": "A", "Phones": [{"PhoneNumber": "1"}]},
    "LineItems": [{"UnitAmount": Decimal("2.50")}],
    "Total": Decimal("2.50"),
    "Unknown": {"kept": True},
}


def decoded() -> Invoice:
    """A fresh decode each time: equal objects, never the same ones."""
    return Invoice.from_dict(INVOICE)


def test_equal_when_every_field_is_equal() -> None:
    assert decoded() == decoded()
    assert not decoded() != decoded()
    assert Phone(phone_number="1") == Phone(phone_number="1")


@pytest.mark.parametrize(
    "change",
    [
        {"status": InvoiceStatus.DRAFT},
        {"total": Decimal("2.51")},
        {"contact": Contact(name="B")},
        {"line_items": [LineItem(unit_amount=Decimal("2.50")), LineItem()]},
        {"date": datetime.date(2024, 1, 1)},
        {"additional_properties": {"Unknown": {"kept": False}}},
    ],
)
def test_unequal_when_any_field_differs(change: dict[str, Any]) -> None:
    changed = attrs.evolve(decoded(), **change)
    assert changed != decoded()
    assert not changed == decoded()


def test_other_classes_are_never_equal() -> None:
    class MyPhone(Phone):
        __slots__ = ()

    assert Phone(phone_number="1") != MyPhone(phone_number="1")
    assert Phone() != Contact()
    assert Phone() != {"PhoneNumber": None}
    assert Phone().__eq__(object()) is NotImplemented


def test_equality_covers_every_api() -> None:
    assert Employee(first_name="A") == Employee(first_name="A")
    assert Employee(first_name="A") != Employee(first_name="B")


def test_models_are_unhashable() -> None:
    with pytest.raises(TypeError, match="unhashable"):
        hash(decoded())
    with pytest.raises(TypeError, match="unhashable"):
        {Phone()}


def test_attrs_api_still_works() -> None:
    invoice = decoded()
    assert attrs.has(Invoice)
    assert Invoice.__attrs_attrs__ is attrs.fields(Invoice)
    names = [field.name for field in attrs.fields(Invoice)]
    assert {"invoice_id", "status", "total", "additional_properties"} <= set(names)
    assert all(field.eq for field in attrs.fields(Invoice))
    assert attrs.fields(Invoice).additional_properties.name == "additional_properties"
    evolved = attrs.evolve(invoice, reference="R-1")
    assert evolved.reference == "R-1" and evolved.total == Decimal("2.50")
    assert attrs.asdict(Phone(phone_number="1"))["phone_number"] == "1"
    assert Invoice(reference="R-1").reference == "R-1"
    with pytest.raises(TypeError, match="float"):
        attrs.evolve(invoice, total=2.5)  # the field's validator still runs
