"""Typed field references: ``Invoice.F.amount_due > 0`` renders like ``F("AmountDue") > 0``.

Only the models of APIs whose operations take a ``where`` filter have them (``<Model>Fields``
and ``Model.F``); the other APIs' models have none.
"""

from __future__ import annotations

import enum
import functools
import importlib
import types
import typing
from datetime import date, datetime, timezone
from decimal import Decimal
from uuid import UUID

import pytest

from tests.specdocs import REST_APIS, raw_doc, raw_operations, resolve
from xero_sdk import F
from xero_sdk._runtime.fields import Field, Fields
from xero_sdk._runtime.model import Model
from xero_sdk.accounting import Contact, Invoice, InvoiceStatus, LineItem


@functools.cache
def where_apis() -> frozenset[str]:
    """The APIs with at least one operation taking a ``where`` query parameter, from the documents."""
    found = set()
    for api in REST_APIS:
        doc = raw_doc(api)
        for _path, _method, op, item in raw_operations(api):
            params = [
                resolve(doc, p) for p in [*(item.get("parameters") or []), *(op.get("parameters") or [])]
            ]
            if any(p.get("in") == "query" and p.get("name") == "where" for p in params):
                found.add(api)
    return frozenset(found)


@pytest.mark.parametrize("api", [*REST_APIS, "webhooks"])
def test_models_have_references_exactly_when_their_api_filters_with_where(api: str) -> None:
    """A where-API's every model has ``F`` (a ``<Model>Fields``); any other API's models have
    neither ``F`` nor a ``<Model>Fields`` class, and their modules do not import ``_fields``."""
    models = importlib.import_module(f"xero_sdk._generated.{api}.models")
    filters = api in where_apis()
    seen = 0
    for name in models.__all__:
        cls = getattr(models, name)
        if not (isinstance(cls, type) and issubclass(cls, Model)):
            continue
        module = importlib.import_module(cls.__module__)
        if filters:
            assert isinstance(cls.F, Fields) and type(cls.F).__name__ == f"{name}Fields", name
        else:
            assert not hasattr(cls, "F"), name
            assert f"{name}Fields" not in vars(module), name
            assert "Fields" not in vars(module) and "Field" not in vars(module), name
        seen += 1
    assert seen > 0, api


def test_the_where_apis_are_found_in_the_documents() -> None:
    """The set the generator decides from: Accounting and Payroll AU filter with where today;
    the Payroll UK/NZ and Projects documents do not."""
    assert {"accounting", "payroll_au"} <= where_apis()
    assert not {"payroll_uk", "payroll_nz", "projects", "assets"} & where_apis()


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
    assert api in where_apis()
    models = importlib.import_module(f"xero_sdk._generated.{api}.models")
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


def _hints(obj: object, module: str) -> dict[str, object]:
    """Evaluated annotations of ``obj`` (a class or function) from a generated model module,
    with the module's lazy stand-ins replaced by the classes they stand for."""
    namespace = dict(vars(importlib.import_module(module)))
    package = importlib.import_module(module.rsplit(".", 1)[0])
    for name, value in list(namespace.items()):
        if type(value).__name__ == "LazyClass":
            namespace[name] = getattr(package, name)
    return typing.get_type_hints(obj, globalns=namespace)


def _arms(hint: object) -> set[object]:
    if typing.get_origin(hint) in (typing.Union, types.UnionType):
        return {arm for arm in typing.get_args(hint) if arm is not type(None)}
    return {hint}


@pytest.mark.parametrize("api", [*REST_APIS, "webhooks"])
def test_every_reference_names_its_json_field_and_takes_the_attribute_type(api: str) -> None:
    """For every model of every where-API, ``Model.F.<attr>`` renders the JSON name of ``<attr>``
    (``lastEdited`` in the camelCase APIs, ``LastEdited`` in the Pascal ones) and is typed with
    the attribute's own type: a ``datetime`` attribute gives ``Field[datetime]``, not
    ``Field[date]``. A reference may also accept what renders the same literal: ``int`` where
    the attribute is ``Decimal``, ``str`` where it is an open enum."""
    models = importlib.import_module(f"xero_sdk._generated.{api}.models")
    checked = 0
    for name in models.__all__:
        cls = getattr(models, name)
        if not (isinstance(cls, type) and issubclass(cls, Model)):
            continue
        if not hasattr(cls, "F"):  # an API without where filters: no references at all
            assert api not in where_apis(), name
            continue
        attributes = _hints(cls, cls.__module__)
        fields_cls = type(cls.F)
        for attr, member in vars(fields_cls).items():
            if not isinstance(member, property):
                continue
            assert attr in cls.FIELDS, f"{name}.F.{attr} names no attribute"
            wire = cls.FIELDS[attr]
            try:
                ref = getattr(cls.F, attr)
            except ValueError as exc:  # a name the where language reserves (Xero's field "New")
                assert "reserved word" in str(exc) and wire == "New", exc
                continue
            (attr_type,) = _arms(attributes[attr])
            if isinstance(ref, Fields):  # a nested model: its own references, under "Wire."
                assert type(ref) is getattr(
                    importlib.import_module(attr_type.__module__), f"{attr_type.__name__}Fields"
                )
                assert ref._prefix == wire + "."
                continue
            assert ref.name == wire, (name, attr, ref.name, wire)
            (field_type,) = typing.get_args(_hints(member.fget, cls.__module__)["return"])
            accepted = _arms(field_type)
            extra = accepted - {attr_type}
            assert attr_type in accepted, (name, attr, attr_type, accepted)
            allowed = (
                {int}
                if attr_type is Decimal
                else {str}
                if isinstance(attr_type, type) and issubclass(attr_type, enum.Enum)
                else set()
            )
            assert extra <= allowed, (name, attr, attr_type, accepted)
            checked += 1
    assert (checked > 0) == (api in where_apis()), (api, checked)


def test_references_are_json_names_with_the_attribute_type() -> None:
    from xero_sdk._generated.payroll_au.models import Timesheet

    assert Timesheet.F.updated_date_utc.name == "UpdatedDateUTC"
    assert str(Timesheet.F.updated_date_utc >= datetime(2026, 1, 31, 10, 30, tzinfo=timezone.utc)) == (
        "UpdatedDateUTC>=DateTime(2026,01,31,10,30,00)"
    )
    assert typing.get_args(
        _hints(type(Timesheet.F).updated_date_utc.fget, Timesheet.__module__)["return"]
    ) == (datetime,)


def test_payroll_uk_takes_no_where_so_its_models_have_no_references() -> None:
    """Payroll UK's camelCase models (``Payslip.last_edited`` is ``lastEdited``) had references
    while no Payroll UK operation takes ``where``: they are gone."""
    from xero_sdk._generated.payroll_uk.models import Payslip

    assert Payslip.FIELDS["last_edited"] == "lastEdited"
    assert not hasattr(Payslip, "F")
    assert not hasattr(importlib.import_module(Payslip.__module__), "PayslipFields")


@pytest.mark.parametrize("name", ['lastEdited"==x', "last Edited", "true", "", "a..b"])
def test_a_reference_name_is_validated_though_not_re_spelled(name: str) -> None:
    with pytest.raises(ValueError):
        Field(name)
