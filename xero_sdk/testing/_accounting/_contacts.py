"""Contacts and contact groups."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from .. import _books as books
from .._http import Answer
from .._org import Org
from ._records import (
    _elements,
    _listing,
    _one,
    envelope,
    writes,
)
from ._routes import Context, route


@route("GET", r"/Contacts")
def get_contacts(ctx: Context, m: re.Match[str]) -> Answer:
    records = ctx.org.all("Contacts")
    term = ctx.request.query.get("searchTerm", "").lower()
    if term:
        fields = ("Name", "FirstName", "LastName", "ContactNumber", "EmailAddress")
        records = [r for r in records if any(term in str(r.get(f) or "").lower() for f in fields)]
    _refresh_contact_flags(ctx.org)
    return _listing(ctx, "Contacts", records, default_archived="ContactStatus")


def _refresh_contact_flags(org: Org) -> None:
    """IsCustomer / IsSupplier follow the contact's invoices (as in Xero: they do not bump UpdatedDateUTC)."""
    for invoice in org.all("Invoices"):
        contact = org.get("Contacts", invoice["Contact"]["ContactID"])
        if contact is not None and invoice["Status"] in ("AUTHORISED", "PAID"):
            contact["IsCustomer" if invoice["Type"] == "ACCREC" else "IsSupplier"] = True


@route("GET", r"/Contacts/(?P<id>[^/]+)")
def get_contact(ctx: Context, m: re.Match[str]) -> Answer:
    return Answer(200, envelope("Contacts", [_one(ctx, "Contacts", m["id"])]))


writes("Contacts", books.save_contact, create_or_update=True)


@route("GET", r"/ContactGroups")
def get_contact_groups(ctx: Context, m: re.Match[str]) -> Answer:
    return _listing(
        ctx, "ContactGroups", [g for g in ctx.org.all("ContactGroups") if g.get("Status") != "DELETED"]
    )


@route("GET", r"/ContactGroups/(?P<id>[^/]+)")
def get_contact_group(ctx: Context, m: re.Match[str]) -> Answer:
    return Answer(200, envelope("ContactGroups", [_one(ctx, "ContactGroups", m["id"])]))


def _save_group(org: Org, body: Mapping[str, Any], existing: dict[str, Any] | None) -> dict[str, Any]:
    record = dict(existing or {"Status": "ACTIVE", "Contacts": []})
    record.update({k: v for k, v in body.items() if k in ("Name", "Status")})
    if not record.get("Name"):
        raise books.Refusal("The contact group Name must be specified")
    return org.put("ContactGroups", record)


writes("ContactGroups", _save_group)


@route("PUT", r"/ContactGroups/(?P<id>[^/]+)/Contacts")
def add_to_group(ctx: Context, m: re.Match[str]) -> Answer:
    group = _one(ctx, "ContactGroups", m["id"])
    added = []
    for element in _elements(ctx.request, "Contacts"):
        contact = _one(ctx, "Contacts", str(element.get("ContactID")))
        if all(c["ContactID"] != contact["ContactID"] for c in group["Contacts"]):
            group["Contacts"].append({"ContactID": contact["ContactID"], "Name": contact["Name"]})
            contact.setdefault("ContactGroups", []).append(
                {"ContactGroupID": group["ContactGroupID"], "Name": group["Name"], "Status": "ACTIVE"}
            )
        added.append({"ContactID": contact["ContactID"], "Name": contact["Name"]})
    return Answer(200, envelope("Contacts", added))


@route("DELETE", r"/ContactGroups/(?P<id>[^/]+)/Contacts(?:/(?P<contact>[^/]+))?")
def remove_from_group(ctx: Context, m: re.Match[str]) -> Answer:
    group = _one(ctx, "ContactGroups", m["id"])
    gone = {
        c["ContactID"] for c in group["Contacts"] if m["contact"] is None or c["ContactID"] == m["contact"]
    }
    group["Contacts"] = [c for c in group["Contacts"] if c["ContactID"] not in gone]
    for contact_id in gone:
        contact = ctx.org.get("Contacts", contact_id)
        if contact is not None:
            contact["ContactGroups"] = [
                g for g in contact.get("ContactGroups", []) if g["ContactGroupID"] != group["ContactGroupID"]
            ]
    return Answer(204)
