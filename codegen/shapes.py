"""Which fields of which models are typed without ``| None``, and why.

Every field of a Xero model is optional in the documents (Xero omits what is empty), so the
generated attribute is ``X | None``. Two kinds of field are typed without ``None`` because users
index or pass them straight away and Xero's answers always make them safe:

- **Lists of a response model** (a model an operation returns as its JSON body, e.g.
  ``Invoices.invoices``, ``Organisations.organisations``, ``Employees.employees``): an absent or
  ``null`` list reads as an empty one. The empty list then stands for "absent" (an
  ``AbsentList``) and ``to_dict`` leaves it out while it stays empty, so nothing Xero did not
  send is written back.
- **An entity's own id** (the ``UUID`` field named after its model: ``Invoice.InvoiceID``,
  ``Contact.ContactID``, ``Employee.EmployeeID``, ``Project.projectId``) on every model Xero
  returns as a response, as an item of a response's list, or in a bare array response. Xero
  gives every entity it returns its id: the real responses in ``../shared/realworld/fixtures``
  carry it on every such object (tested), and an element Xero refused carries the nil GUID.
  When the id is absent (a model a user builds to create something), the field holds
  ``NIL_ID`` (the nil GUID, ``UUID(int=0)``, as Xero uses it) and ``to_dict`` leaves it out.
- **GUIDs a payload document requires** (the webhooks document, whose models only Xero sends:
  an event's ``tenantId`` and ``resourceId`` are ``required``): typed and defaulted the same way,
  so ``xero.for_tenant(event.tenant_id)`` type-checks.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import attrs
from openapi_python_client.parser.properties import ListProperty, ModelProperty, UuidProperty

from .typemap import class_name, is_model, properties, raw, unwrap


@attrs.frozen
class Shapes:
    responses: frozenset[str]
    """Class names of the models operations return as their JSON body."""
    entities: frozenset[str]
    """Class names of the models Xero returns: responses, their list items, bare-array items."""
    payloads: bool = False
    """The document has no operations: every model is a payload Xero sends (webhooks)."""

    def always_list(self, model: Any, prop: Any) -> bool:
        """A list field of a response model: never None (absent reads as empty)."""
        return class_name(model) in self.responses and isinstance(unwrap(prop), ListProperty)

    def own_id(self, model: Any, prop: Any) -> bool:
        """The entity's own id (``<Model>ID``, any case) on a model Xero returns, or a GUID a
        payload document requires: never None."""
        if not isinstance(unwrap(prop), UuidProperty):
            return False
        name = class_name(model)
        if self.payloads:
            return any(raw(p.name) == raw(prop.name) for p in model.required_properties or [])
        return name in self.entities and raw(prop.name).lower() == f"{name.lower()}id"


def shapes(response_props: Iterable[Any], models: dict[str, Any]) -> Shapes:
    """The shapes for one API from its operations' JSON response properties; ``models`` maps
    class names to parsed models (a property met through a reference is a stub)."""
    responses: set[str] = set()
    entities: set[str] = set()
    response_props = list(response_props)
    for prop in response_props:
        prop = unwrap(prop)
        if isinstance(prop, ListProperty) and is_model(prop.inner_property):
            entities.add(class_name(unwrap(prop.inner_property)))
        elif isinstance(prop, ModelProperty):
            name = class_name(prop)
            responses.add(name)
            entities.add(name)
            for field in properties(models.get(name, prop)):
                inner = unwrap(field)
                if isinstance(inner, ListProperty) and is_model(inner.inner_property):
                    entities.add(class_name(unwrap(inner.inner_property)))
    return Shapes(frozenset(responses), frozenset(entities), payloads=not response_props)
