"""The fields typed without ``| None`` (codegen/shapes.py) hold on Xero's real answers.

- an entity's own id (``Invoice.invoice_id``, ``Contact.contact_id``...) is present on every such
  object in the real-response corpus (``../shared/realworld/fixtures``);
- a response model's list reads as empty when absent and is not written back;
- an id absent from a model built to create something is the nil GUID, never sent.
"""

from __future__ import annotations

import importlib
import json
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from uuid import UUID

import attrs
import pytest

from xero_sdk._runtime.codec import loads
from xero_sdk._runtime.model import NIL_ID, AbsentList, Model

# read in place, never copied into the project: ../shared next to the checkout
FIXTURES = Path(__file__).resolve().parents[2].parent / "shared" / "realworld" / "fixtures"


def own_id_field(cls: type[Model]) -> str | None:
    """The attribute typed as the entity's own id (its default is the nil GUID), if any."""
    return next((f.name for f in attrs.fields(cls) if f.default is NIL_ID), None)  # type: ignore[arg-type]


def walk(value: Any) -> Iterator[Model]:
    """Every model instance inside ``value`` (itself included)."""
    if isinstance(value, Model):
        yield value
        for f in attrs.fields(type(value)):  # type: ignore[arg-type]
            yield from walk(getattr(value, f.name))
    elif isinstance(value, list):
        for item in value:
            yield from walk(item)


def fixtures() -> list[dict[str, Any]]:
    index = FIXTURES / "index.json"
    assert index.is_file(), f"the real-response corpus is missing: {index}"
    return list(json.loads(index.read_text(encoding="utf-8")))


def parse(entry: dict[str, Any]) -> Any:
    models = importlib.import_module(f"xero_sdk._generated.{entry['api']}.models")
    body = loads((FIXTURES / entry["file"]).read_bytes())
    name: str = entry["model"]
    if name.startswith("list[") and name.endswith("]"):
        cls = getattr(models, name[5:-1])
        return [cls.from_dict(x) for x in body]
    return getattr(models, name).from_dict(body)


def test_own_ids_are_present_on_every_real_entity() -> None:
    seen: Counter[str] = Counter()
    missing = []
    for entry in fixtures():
        for obj in walk(parse(entry)):
            field = own_id_field(type(obj))
            if field is None:
                continue
            value = getattr(obj, field)
            seen[type(obj).__name__] += 1
            assert isinstance(value, UUID)
            if value is NIL_ID:
                missing.append(f"{entry['file']}: {type(obj).__name__}.{field}")
    assert not missing, missing
    # the corpus exercises the rule on many entities, not on one
    assert sum(seen.values()) > 500 and len(seen) >= 15, seen


def test_own_id_rule_covers_the_entities_users_pass_on() -> None:
    from xero_sdk import accounting, payroll_nz, projects

    assert own_id_field(accounting.Invoice) == "invoice_id"
    assert own_id_field(accounting.Contact) == "contact_id"
    assert own_id_field(accounting.Organisation) == "organisation_id"
    assert own_id_field(payroll_nz.Employee) == "employee_id"
    assert own_id_field(projects.Project) == "project_id"
    assert own_id_field(accounting.LineItem) is None  # never returned on its own: stays optional


def test_an_id_xero_did_not_send_is_the_nil_guid_and_never_written() -> None:
    from xero_sdk.accounting import Contact, Invoice

    draft = Invoice(contact=Contact(name="ACME"))
    assert draft.invoice_id is NIL_ID and draft.invoice_id == UUID(int=0)
    assert draft.to_dict() == {"Contact": {"Name": "ACME"}}
    assert "invoice_id" not in repr(draft)
    refused = Invoice.from_dict({"InvoiceID": str(UUID(int=0))})  # Xero's answer for a refused element
    assert refused.invoice_id == NIL_ID
    assert refused.to_dict() == {"InvoiceID": str(UUID(int=0))}


@pytest.mark.parametrize("src", [{}, {"Invoices": None}])
def test_an_absent_response_list_reads_empty_and_is_not_written_back(src: dict[str, Any]) -> None:
    from xero_sdk.accounting import Invoices

    page = Invoices.from_dict(src)
    assert page.invoices == [] and page.warnings == []
    assert isinstance(page.invoices, AbsentList)
    assert page.to_dict() == {}
    assert Invoices().to_dict() == {}


def test_a_sent_or_filled_response_list_is_written() -> None:
    from xero_sdk.accounting import Invoice, Invoices

    assert Invoices.from_dict({"Invoices": []}).to_dict() == {"Invoices": []}
    assert Invoices(invoices=[]).to_dict() == {"Invoices": []}
    page = Invoices()
    page.invoices.append(Invoice(reference="r"))
    assert page.to_dict() == {"Invoices": [{"Reference": "r"}]}
    assert Invoices() is not Invoices() and Invoices().invoices is not Invoices().invoices


def test_absence_survives_copy_and_pickle() -> None:
    import copy
    import pickle

    from xero_sdk.accounting import Invoice, Invoices

    page = Invoices(invoices=[Invoice(reference="r")])
    for again in (pickle.loads(pickle.dumps(page)), copy.deepcopy(page), copy.copy(page)):
        assert again.invoices[0].invoice_id is NIL_ID
        assert again.to_dict() == {"Invoices": [{"Reference": "r"}]}
    assert pickle.loads(pickle.dumps(Invoices())).to_dict() == {}
    assert repr(NIL_ID) == "UUID('00000000-0000-0000-0000-000000000000')"
