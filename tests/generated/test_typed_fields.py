"""Typed field references: ``Invoice.F.amount_due > 0`` renders like ``F("AmountDue") > 0``."""

from __future__ import annotations

import importlib
from datetime import date
from decimal import Decimal
from uuid import UUID

import pytest

from xero_sdk import F
from xero_sdk._fields import Field, Fields
from xero_sdk._model import Model
from xero_sdk.accounting import Contact, Invoice, InvoiceStatus, LineItem


def test_typed_references_render_like_f() -> None:
    cid = UUID("6c7a1b2e-1c2d-4e5f-8a9b-0c1d2e3f4a5b")
    assert str((Invoice.F.status == InvoiceStatus.AUTHORISED) & (Invoice.F.amount_due > 0)) == str(
        (F("Status") == "AUTHORISED") & (F("AmountDue") > 0)
    )
    assert str(Invoice.F.contact.contact_id == cid) == f'Contact.ContactID==Guid("{cid}")'
    assert str(Invoice.F.date >= date(2026, 1, 31)) == "Date>=DateTime(2026,01,31)"
    assert str(Invoice.F.total <= Decimal("229.8950")) == "Total<=229.8950"
    assert str(Contact.F.email_address.is_null()) == "EmailAddress==null"
    assert str(Contact.F.name.startswith("A", null_safe=True)) == 'Name!=null&&Name.StartsWith("A")'
    assert str(Invoice.F.contact.name.contains('say "hi"')) == 'Contact.Name.Contains("say ""hi""")'


def test_lists_have_no_reference() -> None:
    assert not hasattr(Invoice.F, "line_items")
    assert hasattr(LineItem.F, "quantity")


def test_a_field_is_not_a_condition() -> None:
    with pytest.raises(TypeError):
        bool(Invoice.F.total == 1)  # the Expr refuses truth
    with pytest.raises(TypeError):
        bool(Invoice.F.total)


@pytest.mark.parametrize("api", ["accounting", "payroll_au"])
def test_every_reference_of_the_filterable_apis_renders(api: str) -> None:
    """Accounting and Payroll AU are the APIs with where filters: every field Xero names must be
    a valid filter name (no reference may fail when a user reaches for it)."""
    models = importlib.import_module(f"xero_generated.{api}.models")
    checked = reserved = 0
    for name in models.__all__:
        cls = getattr(models, name)
        if not (isinstance(cls, type) and issubclass(cls, Model)):
            continue
        fields = cls.F
        assert isinstance(fields, Fields)
        filterable = {a for a, v in vars(type(fields)).items() if isinstance(v, property)}
        assert filterable <= set(cls.FIELDS), cls
        for attr in filterable:
            try:
                ref = getattr(fields, attr)
            except ValueError as exc:  # a name the where language reserves (Xero's field "New")
                assert "reserved word" in str(exc), exc
                reserved += 1
                continue
            if isinstance(ref, Field):
                assert str(ref.is_null()) == f"{ref.name}==null"
                checked += 1
            else:
                assert isinstance(ref, Fields)
    assert checked > 100 and reserved <= 2, (checked, reserved)
