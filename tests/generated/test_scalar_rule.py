"""The scalar rule (README, "Scalar fields"), checked over every scalar field of every model.

A JSON value is stored in a typed attribute only when it has the shape the field's type reads;
anything else (``""`` included, for every field but text) leaves the attribute ``None`` and is
kept unchanged in ``additional_properties``, so ``to_dict()`` writes it back as received.
"""

from __future__ import annotations

import datetime
import enum
import importlib
from decimal import Decimal
from typing import Any
from uuid import UUID

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from xero_sdk._apis import KEYS
from xero_sdk._runtime.model import NIL_ID, Model

BUILTIN = {
    "str": str,
    "bool": bool,
    "int": int,
    "Decimal": Decimal,
    "datetime.date": datetime.date,
    "datetime.datetime": datetime.datetime,
    "UUID": UUID,
}


def _scalar_type(models: Any, annotation: Any) -> type | None:
    text = annotation if isinstance(annotation, str) else getattr(annotation, "__name__", "")
    text = text.removesuffix(" | None")
    if text in BUILTIN:
        return BUILTIN[text]
    found = getattr(models, text, None) if text.isidentifier() else None
    if isinstance(found, type) and issubclass(found, enum.Enum):
        return found
    return None


def _fields() -> list[tuple[type[Model], str, str, type]]:
    out = []
    for api in KEYS:
        models = importlib.import_module(f"xero_sdk._generated.{api}.models")
        for name in models.__all__:
            cls = getattr(models, name)
            if not (isinstance(cls, type) and issubclass(cls, Model)):
                continue
            for field in attrs.fields(cls):
                typ = _scalar_type(models, field.type)
                if typ is not None and field.name in cls.FIELDS:
                    out.append((cls, field.name, cls.FIELDS[field.name], typ))
    return out


FIELDS = _fields()
KINDS = {typ if not issubclass(typ, enum.Enum) else enum.Enum for *_, typ in FIELDS}

json_scalars = st.one_of(
    st.just(""),
    st.booleans(),
    st.integers(min_value=-(10**20), max_value=10**20),
    st.decimals(allow_nan=False, allow_infinity=False, places=4, min_value=-(10**9), max_value=10**9),
    st.text(max_size=40),
    st.sampled_from(
        [
            "2019-08-01",
            "2019-08-01T10:20:30",
            "/Date(1573689600000+0000)/",
            "6c7a1b2e-1c2d-4e5f-8a9b-0c1d2e3f4a5b",
            "AUTHORISED",
            "12.50",
            "true",
            "5",
        ]
    ),
)
json_values = st.one_of(
    json_scalars,
    st.lists(json_scalars, max_size=2),
    st.dictionaries(st.text(max_size=3), json_scalars, max_size=2),
)


def test_every_scalar_type_is_covered() -> None:
    assert len(FIELDS) > 1900
    assert KINDS == {str, bool, int, Decimal, datetime.date, datetime.datetime, UUID, enum.Enum}


def _fits(value: object, typ: type) -> bool:
    if typ in (bool, int, str):
        return type(value) is typ
    return isinstance(value, typ)


@settings(max_examples=3000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(field=st.sampled_from(FIELDS), value=json_values)
def test_a_value_is_stored_typed_or_kept_as_json(
    field: tuple[type[Model], str, str, type], value: Any
) -> None:
    cls, attr, wire, typ = field
    obj = cls.from_dict({wire: value})
    got = getattr(obj, attr)
    # an entity's own id is never None: its "no value" is the nil GUID (codegen/shapes.py)
    absent = got is None or got is NIL_ID
    assert absent or _fits(got, typ), f"{cls.__name__}.{attr}: {value!r} stored as {got!r}"
    out = obj.to_dict()
    assert wire in out, f"{cls.__name__}.{attr}: {value!r} lost on to_dict()"
    if absent:
        assert obj.additional_properties == {wire: value}
        assert out[wire] == value and type(out[wire]) is type(value)
    else:
        assert obj.additional_properties == {}
        if typ is str:
            assert got == value  # text is stored as received
    if value == "" and typ is not str:
        assert absent, f"{cls.__name__}.{attr}: '' stored as {got!r}"


@pytest.mark.parametrize(
    ("wire", "value"),
    [("Description", 5), ("Description", True), ("Quantity", True), ("Quantity", "x"), ("LineItemID", "")],
)
def test_examples_from_the_issue(wire: str, value: object) -> None:
    from xero_sdk.accounting import LineItem

    item = LineItem.from_dict({wire: value})
    assert item.additional_properties == {wire: value} and item.to_dict() == {wire: value}


def test_bool_enum_and_empty_fields_of_an_invoice() -> None:
    from xero_sdk.accounting import Invoice

    inv = Invoice.from_dict({"HasAttachments": "yes", "Status": "", "Date": "", "InvoiceID": ""})
    assert (inv.has_attachments, inv.status, inv.date) == (None, None, None)
    assert inv.invoice_id is NIL_ID  # an entity's own id: the nil GUID means "no value"
    assert inv.to_dict() == {"HasAttachments": "yes", "Status": "", "Date": "", "InvoiceID": ""}
    ok = Invoice.from_dict({"HasAttachments": True, "Status": "PAID", "Reference": ""})
    assert ok.has_attachments is True and ok.status == "PAID" and ok.reference == ""
