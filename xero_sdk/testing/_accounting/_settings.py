"""Organisation, currencies, tax rates, accounts, items and tracking categories."""

from __future__ import annotations

import re
import uuid
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from .. import _books as books
from .._http import Answer, validation_error
from .._org import Org, now_utc
from ._records import (
    _body,
    _listing,
    _one,
    _save,
    envelope,
    invalid,
    reads,
    writes,
)
from ._routes import Context, route

# -- organisation, settings -----------------------------------------------------------------------


@route("GET", r"/Organisation")
def get_organisation(ctx: Context, m: re.Match[str]) -> Answer:
    return Answer(200, envelope("Organisations", [ctx.org.organisation]))


@route("GET", r"/Currencies")
def get_currencies(ctx: Context, m: re.Match[str]) -> Answer:
    return _listing(ctx, "Currencies", ctx.org.all("Currencies"))


def _save_currency(org: Org, body: Mapping[str, Any], existing: dict[str, Any] | None) -> dict[str, Any]:
    code = str(body.get("Code") or "").upper()
    if len(code) != 3:
        raise books.Refusal("A valid three-letter currency Code must be specified")
    return org.put("Currencies", {"Code": code, "Description": body.get("Description") or code})


@route("PUT", r"/Currencies")
def create_currency(ctx: Context, m: re.Match[str]) -> Answer:
    return _save(ctx, "Currencies", _save_currency)


@route("GET", r"/TaxRates")
def get_tax_rates(ctx: Context, m: re.Match[str]) -> Answer:
    records = ctx.org.all("TaxRates")
    if ctx.request.query.get("TaxType"):
        records = [r for r in records if r["TaxType"] == ctx.request.query["TaxType"]]
    return _listing(ctx, "TaxRates", records)


def _save_tax_rate(org: Org, body: Mapping[str, Any], existing: dict[str, Any] | None) -> dict[str, Any]:
    if not body.get("Name") and existing is None:
        raise books.Refusal("The tax rate Name must be specified")
    record = dict(existing or {"Status": "ACTIVE", "ReportTaxType": body.get("ReportTaxType", "OUTPUT")})
    record.update({k: v for k, v in body.items() if k not in ("EffectiveRate", "DisplayTaxRate")})
    components = record.get("TaxComponents") or []
    rate = sum((Decimal(str(c.get("Rate", 0))) for c in components), Decimal(0))
    record["EffectiveRate"] = record["DisplayTaxRate"] = rate
    if not record.get("TaxType"):
        record["TaxType"] = org.next_number("TaxType", "TAX")
    return org.put("TaxRates", record)


@route("PUT", r"/TaxRates")
def create_tax_rates(ctx: Context, m: re.Match[str]) -> Answer:
    return _save(ctx, "TaxRates", _save_tax_rate)


@route("POST", r"/TaxRates")
def update_tax_rate(ctx: Context, m: re.Match[str]) -> Answer:
    return _save(ctx, "TaxRates", _save_tax_rate)


# -- accounts -------------------------------------------------------------------------------------


reads("Accounts")


def _save_account(org: Org, body: Mapping[str, Any], existing: dict[str, Any] | None) -> dict[str, Any]:
    record = dict(
        existing
        or {"Status": "ACTIVE", "TaxType": "NONE", "HasAttachments": False, "EnablePaymentsToAccount": False}
    )
    record.update({k: v for k, v in body.items() if k not in ("AccountID", "Class", "UpdatedDateUTC")})
    if not record.get("Code") or not record.get("Name") or not record.get("Type"):
        raise books.Refusal("An account needs a Code, a Name and a Type")
    for field in ("Code", "Name"):
        lowered = str(record[field]).lower()
        if any(
            str(a.get(field, "")).lower() == lowered and a["AccountID"] != record.get("AccountID")
            for a in org.all("Accounts")
        ):
            raise books.Refusal(f"Please enter a unique {field}.")
    from .._seed import _class_of

    record["Class"] = _class_of(str(record["Type"]))
    record["UpdatedDateUTC"] = now_utc()
    return org.put("Accounts", record)


writes("Accounts", _save_account)


@route("DELETE", r"/Accounts/(?P<id>[^/]+)")
def delete_account(ctx: Context, m: re.Match[str]) -> Answer:
    account = _one(ctx, "Accounts", m["id"])
    used = any(
        line["AccountID"] == account["AccountID"] for j in ctx.org.journals() for line in j["JournalLines"]
    )
    if used or account.get("SystemAccount"):
        raise validation_error(
            [
                {
                    **account,
                    "ValidationErrors": [
                        {
                            "Message": "This account has transactions or is a system account: archive it instead"
                        }
                    ],
                }
            ]
        )
    del ctx.org.data["Accounts"][account["AccountID"]]
    return Answer(200, envelope("Accounts", [{**account, "Status": "DELETED"}]))


# -- items ----------------------------------------------------------------------------------------


def _save_item(org: Org, body: Mapping[str, Any], existing: dict[str, Any] | None) -> dict[str, Any]:
    record = dict(existing or {"IsSold": True, "IsPurchased": True, "IsTrackedAsInventory": False})
    record.update({k: v for k, v in body.items() if k not in ("ItemID", "UpdatedDateUTC")})
    code = str(record.get("Code") or "")
    if not code:
        raise books.Refusal("Item code must be specified")
    if any(
        i["Code"].lower() == code.lower() and i.get("ItemID") != record.get("ItemID")
        for i in org.all("Items")
    ):
        raise books.Refusal(f"Item code '{code}' already exists")
    record.setdefault("Name", code)
    record["UpdatedDateUTC"] = now_utc()
    return org.put("Items", record)


reads("Items")


writes("Items", _save_item, create_or_update=True)


@route("DELETE", r"/Items/(?P<id>[^/]+)")
def delete_item(ctx: Context, m: re.Match[str]) -> Answer:
    item = _one(ctx, "Items", m["id"])
    del ctx.org.data["Items"][item["ItemID"]]
    return Answer(204)


# -- tracking categories ------------------------------------------------------------------------


def _save_tracking(org: Org, body: Mapping[str, Any], existing: dict[str, Any] | None) -> dict[str, Any]:
    record = dict(existing or {"Status": "ACTIVE", "Options": []})
    record.update({k: v for k, v in body.items() if k in ("Name", "Status")})
    if not record.get("Name"):
        raise books.Refusal("The tracking category Name must be specified")
    active = [
        c
        for c in org.all("TrackingCategories")
        if c.get("Status") == "ACTIVE" and c.get("TrackingCategoryID") != record.get("TrackingCategoryID")
    ]
    if existing is None and len(active) >= 2:
        raise books.Refusal("You can only have 2 active tracking categories")
    return org.put("TrackingCategories", record)


@route("GET", r"/TrackingCategories")
def get_tracking(ctx: Context, m: re.Match[str]) -> Answer:
    records = [c for c in ctx.org.all("TrackingCategories") if c.get("Status") != "DELETED"]
    if not ctx.request.flag("includeArchived"):
        records = [c for c in records if c.get("Status") != "ARCHIVED"]
    return _listing(ctx, "TrackingCategories", records)


@route("GET", r"/TrackingCategories/(?P<id>[^/]+)")
def get_tracking_one(ctx: Context, m: re.Match[str]) -> Answer:
    return Answer(200, envelope("TrackingCategories", [_one(ctx, "TrackingCategories", m["id"])]))


writes("TrackingCategories", _save_tracking)


@route("DELETE", r"/TrackingCategories/(?P<id>[^/]+)")
def delete_tracking(ctx: Context, m: re.Match[str]) -> Answer:
    category = _one(ctx, "TrackingCategories", m["id"])
    category["Status"] = "DELETED"
    return Answer(200, envelope("TrackingCategories", [category]))


@route("PUT", r"/TrackingCategories/(?P<id>[^/]+)/Options")
def create_tracking_option(ctx: Context, m: re.Match[str]) -> Answer:
    category = _one(ctx, "TrackingCategories", m["id"])
    body = _body(ctx.request)
    name = body.get("Name") or ((body.get("Options") or [{}])[0] or {}).get("Name")
    if not name:
        raise invalid("The tracking option Name must be specified")
    if any(o["Name"].lower() == str(name).lower() for o in category["Options"]):
        raise invalid(f"The tracking option {name} already exists")
    option = {
        "TrackingOptionID": str(uuid.uuid4()),
        "Name": name,
        "Status": "ACTIVE",
        "TrackingCategoryID": category["TrackingCategoryID"],
    }
    category["Options"].append(option)
    return Answer(200, envelope("Options", [option]))
