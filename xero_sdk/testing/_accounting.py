"""The Accounting API operations that keep state, routed by method and path.

:func:`handle` answers a request for one organisation, or returns None when the operation is
not one the local Xero keeps state for (the caller then answers from the document's examples).
Lists take ``where``, ``order``, ``page``/``pageSize`` (with the ``pagination`` object),
``IDs``, ``Statuses``, ``ContactIDs``, ``InvoiceNumbers``, ``includeArchived``,
``summaryOnly``, ``unitdp`` and ``If-Modified-Since``; PUT creates, POST creates or updates;
``summarizeErrors=false`` answers 200 with each element's ``ValidationErrors``, otherwise one
invalid element fails the whole request with a 400 ``ValidationException`` and nothing is saved.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import re
import uuid
from collections.abc import Callable, Mapping
from decimal import Decimal
from typing import Any

from . import _books as books
from . import _reports as reports
from ._http import Answer, ApiError, Request, not_found, validation_error
from ._money import round_to
from ._org import COLLECTIONS, Org, now_utc
from ._pdf import invoice_pdf
from ._where import WhereError, compile_where, sort_records
from ._wire import parse_date, parse_datetime

__all__ = ["ATTACHMENT_ENTITIES", "Context", "handle"]

#: The entities whose attachments the local Xero keeps (URL segment -> collection).
ATTACHMENT_ENTITIES = (
    "Accounts",
    "BankTransactions",
    "BankTransfers",
    "Contacts",
    "CreditNotes",
    "Invoices",
    "ManualJournals",
)
MAX_ATTACHMENTS = 10
MAX_PAGE_SIZE = 1000
_PAGED = (
    "BankTransactions",
    "Contacts",
    "CreditNotes",
    "Invoices",
    "ManualJournals",
    "Overpayments",
    "Payments",
    "Prepayments",
)
_WEBHOOK_CATEGORIES = {"Contacts": "CONTACT", "Invoices": "INVOICE", "CreditNotes": "CREDITNOTE"}


@dataclasses.dataclass
class Context:
    """One request's organisation, and the webhook events its changes raise."""

    org: Org
    request: Request
    events: list[tuple[str, str, str]] = dataclasses.field(default_factory=list)
    """(category, type, resource id) of each change, for webhooks."""

    def changed(self, collection: str, record_id: str, created: bool) -> None:
        category = _WEBHOOK_CATEGORIES.get(collection)
        if category:
            self.events.append((category, "CREATE" if created else "UPDATE", record_id))


Handler = Callable[[Context, re.Match[str]], Answer]
_ROUTES: list[tuple[str, re.Pattern[str], Handler]] = []


def route(method: str, pattern: str) -> Callable[[Handler], Handler]:
    def register(fn: Handler) -> Handler:
        _ROUTES.append((method, re.compile("^" + pattern + "$", re.IGNORECASE), fn))
        return fn

    return register


def handle(ctx: Context, path: str) -> Answer | None:
    """``path`` is relative to ``/api.xro/2.0``."""
    for method, pattern, fn in _ROUTES:
        if method != ctx.request.method:
            continue
        match = pattern.match(path)
        if match:
            return fn(ctx, match)
    return None


# -- shared ---------------------------------------------------------------------------------------


def _unitdp(request: Request) -> int:
    return 4 if request.query.get("unitdp") == "4" else 2


def envelope(collection: str, items: list[Any], **extra: Any) -> dict[str, Any]:
    return {
        "Id": str(uuid.uuid4()),
        "Status": "OK",
        "ProviderName": "xero-sdk local Xero",
        "DateTimeUTC": now_utc(),
        **extra,
        collection: items,
    }


def _view(record: Mapping[str, Any], request: Request, *, summary: bool = False) -> dict[str, Any]:
    out = dict(record)
    if summary:
        for key in (
            "LineItems",
            "Addresses",
            "Phones",
            "ContactPersons",
            "Payments",
            "CreditNotes",
            "Allocations",
        ):
            out.pop(key, None)
    if "LineItems" in out and _unitdp(request) == 2:
        out["LineItems"] = [
            {**line, "UnitAmount": round_to(line["UnitAmount"], 2)}
            if isinstance(line.get("UnitAmount"), Decimal)
            else line
            for line in out["LineItems"]
        ]
    return out


def _body(request: Request) -> dict[str, Any]:
    if not request.body:
        return {}
    try:
        value = json.loads(request.body, parse_float=Decimal)
    except ValueError as exc:
        raise validation_error([], f"The request body is not valid JSON: {exc}") from exc
    if not isinstance(value, dict):
        raise validation_error([], "The request body must be a JSON object")
    return value


def _elements(request: Request, collection: str) -> list[dict[str, Any]]:
    body = _body(request)
    items = body.get(collection)
    if items is None and body and collection not in body:
        items = [body]  # a single element without its wrapper, as Xero also accepts
    if not isinstance(items, list) or not all(isinstance(i, dict) for i in items):
        raise validation_error([], f"The request body needs a list named {collection}")
    return items


def _split(value: str | None) -> list[str]:
    return [v.strip().strip('"').lower() for v in (value or "").split(",") if v.strip()]


def _listing(
    ctx: Context, collection: str, records: list[dict[str, Any]], *, default_archived: str | None = None
) -> Answer:
    request = ctx.request
    query = request.query
    id_field = COLLECTIONS[collection][0]
    if default_archived and not request.flag("includeArchived"):
        records = [r for r in records if r.get(default_archived) != "ARCHIVED"]
    ids = _split(query.get("IDs"))
    if ids:
        records = [r for r in records if str(r.get(id_field, "")).lower() in ids]
    for name, path in (
        ("Statuses", "Status"),
        ("ContactIDs", "Contact.ContactID"),
        ("InvoiceNumbers", "InvoiceNumber"),
    ):
        wanted = _split(query.get(name))
        if wanted:
            parts = path.split(".")
            records = [r for r in records if str(_lookup(r, parts) or "").lower() in wanted]
    since = request.header("If-Modified-Since")
    if since:
        moment = parse_datetime(since)
        if moment is None:
            raise validation_error([], f"If-Modified-Since {since!r} is not a date")
        stamp = "CreatedDateUTC" if collection == "Journals" else "UpdatedDateUTC"
        records = [r for r in records if r.get(stamp) is None or r[stamp] > moment]
    try:
        if query.get("where"):
            predicate = compile_where(query["where"])
            records = [r for r in records if predicate(r)]
        if query.get("order"):
            records = sort_records(records, query["order"])
    except WhereError as exc:
        raise ApiError(
            Answer(400, {"ErrorNumber": 16, "Type": "QueryParseException", "Message": str(exc)})
        ) from exc
    extra: dict[str, Any] = {}
    if "page" in query and collection in _PAGED:
        try:
            page = max(1, int(query["page"]))
            size = min(MAX_PAGE_SIZE, max(1, int(query.get("pageSize") or 100)))
        except ValueError as exc:
            raise validation_error([], "page and pageSize must be whole numbers") from exc
        count = len(records)
        records = records[(page - 1) * size : page * size]
        extra["pagination"] = {
            "page": page,
            "pageSize": size,
            "pageCount": -(-count // size),
            "itemCount": count,
        }
    summary = request.flag("summaryOnly") or (
        collection in ("Invoices", "CreditNotes") and "page" not in query and not ids
    )
    items = [_view(r, request, summary=summary and collection != "Journals") for r in records]
    return Answer(200, envelope(collection, items, **extra))


def _lookup(record: Mapping[str, Any], parts: list[str]) -> Any:
    value: Any = record
    for part in parts:
        value = value.get(part) if isinstance(value, Mapping) else None
    return value


def _one(ctx: Context, collection: str, key: str) -> dict[str, Any]:
    record = ctx.org.get(collection, key)
    if record is None:
        raise not_found(f"{collection}/{key}")
    return record


Saver = Callable[[Org, Mapping[str, Any], "dict[str, Any] | None"], dict[str, Any]]


def _save(
    ctx: Context, collection: str, saver: Saver, *, path_key: str | None = None, create_only: bool = False
) -> Answer:
    """PUT (create) or POST (create or update) of every element of the body."""
    request = ctx.request
    elements = _elements(request, collection)
    id_field, number_field = COLLECTIONS[collection]
    summarize = request.query.get("summarizeErrors", "true").lower() != "false"
    before = ctx.org.copy() if summarize else None
    results: list[dict[str, Any]] = []
    failed = False
    for element in elements:
        existing = None
        # POST finds the record by id or number; PUT only creates (a number is checked for clashes)
        by_number = element.get(number_field) if number_field and not create_only else None
        key = path_key or element.get(id_field) or by_number
        if key:
            existing = ctx.org.get(collection, key)
            generated_id = id_field.endswith("ID")  # not a natural key like a currency's Code
            if existing is None and (path_key or (element.get(id_field) and generated_id)):
                results.append(
                    _refused(element, [f"No {collection} record with {id_field} {key} could be found"])
                )
                failed = True
                continue
        if create_only and existing is not None and element.get(id_field):
            results.append(_refused(element, [f"{key} already exists: PUT creates, use POST to update"]))
            failed = True
            continue
        try:
            record = saver(ctx.org, element, existing)
        except books.Refusal as refusal:
            results.append(_refused(element, refusal.messages))
            failed = True
            continue
        ctx.changed(collection, str(record[id_field]), existing is None)
        results.append({**_view(record, request), "StatusAttributeString": "OK"})
    if failed and summarize:
        assert before is not None
        ctx.org.__dict__.update(before.__dict__)
        ctx.events.clear()
        raise validation_error(results)
    return Answer(200, envelope(collection, results))


def writes(collection: str, saver: Saver, *, create_or_update: bool = False) -> None:
    """Register a collection's writes as Xero answers them: ``PUT /<collection>`` creates,
    ``POST /<collection>/{id}`` updates one, and (``create_or_update``) ``POST /<collection>``
    creates or updates each element of the body."""

    def create(ctx: Context, m: re.Match[str]) -> Answer:
        return _save(ctx, collection, saver, create_only=True)

    def create_or_update_each(ctx: Context, m: re.Match[str]) -> Answer:
        return _save(ctx, collection, saver)

    def update(ctx: Context, m: re.Match[str]) -> Answer:
        return _save(ctx, collection, saver, path_key=m["id"])

    route("PUT", rf"/{collection}")(create)
    if create_or_update:
        route("POST", rf"/{collection}")(create_or_update_each)
    route("POST", rf"/{collection}/(?P<id>[^/]+)")(update)


def _refused(element: Mapping[str, Any], messages: list[str]) -> dict[str, Any]:
    return {
        **element,
        "StatusAttributeString": "ERROR",
        "ValidationErrors": [{"Message": m} for m in messages],
    }


def _with_unitdp(saver: Callable[..., dict[str, Any]], request: Request) -> Saver:
    unitdp = _unitdp(request)
    return lambda org, body, existing: saver(org, body, existing, unitdp)


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


@route("GET", r"/Accounts")
def get_accounts(ctx: Context, m: re.Match[str]) -> Answer:
    return _listing(ctx, "Accounts", ctx.org.all("Accounts"))


@route("GET", r"/Accounts/(?P<id>[^/]+)")
def get_account(ctx: Context, m: re.Match[str]) -> Answer:
    return Answer(200, envelope("Accounts", [_one(ctx, "Accounts", m["id"])]))


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
    from ._seed import _class_of

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


# -- contacts and groups --------------------------------------------------------------------------


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


@route("GET", r"/Items")
def get_items(ctx: Context, m: re.Match[str]) -> Answer:
    return _listing(ctx, "Items", ctx.org.all("Items"))


@route("GET", r"/Items/(?P<id>[^/]+)")
def get_item(ctx: Context, m: re.Match[str]) -> Answer:
    return Answer(200, envelope("Items", [_view(_one(ctx, "Items", m["id"]), ctx.request)]))


writes("Items", _save_item, create_or_update=True)


@route("DELETE", r"/Items/(?P<id>[^/]+)")
def delete_item(ctx: Context, m: re.Match[str]) -> Answer:
    item = _one(ctx, "Items", m["id"])
    del ctx.org.data["Items"][item["ItemID"]]
    return Answer(204)


# -- invoices and credit notes --------------------------------------------------------------------


def _documents(collection: str, saver: Callable[..., dict[str, Any]]) -> None:
    @route("GET", rf"/{collection}")
    def list_documents(ctx: Context, m: re.Match[str]) -> Answer:
        return _listing(ctx, collection, ctx.org.all(collection))

    @route("GET", rf"/{collection}/(?P<id>[^/]+)")
    def get_document(ctx: Context, m: re.Match[str]) -> Answer:
        record = _one(ctx, collection, m["id"])
        if "application/pdf" in (ctx.request.header("Accept") or ""):
            return Answer(200, invoice_pdf(ctx.org, record), {"Content-Type": "application/pdf"})
        return Answer(200, envelope(collection, [_view(record, ctx.request)]))

    @route("PUT", rf"/{collection}")
    def create_documents(ctx: Context, m: re.Match[str]) -> Answer:
        return _save(ctx, collection, _with_unitdp(saver, ctx.request), create_only=True)

    @route("POST", rf"/{collection}")
    def update_or_create_documents(ctx: Context, m: re.Match[str]) -> Answer:
        return _save(ctx, collection, _with_unitdp(saver, ctx.request))

    @route("POST", rf"/{collection}/(?P<id>[^/]+)")
    def update_document(ctx: Context, m: re.Match[str]) -> Answer:
        return _save(ctx, collection, _with_unitdp(saver, ctx.request), path_key=m["id"])


_documents("Invoices", books.save_invoice)
_documents("CreditNotes", books.save_credit_note)


@route("GET", r"/Invoices/(?P<id>[^/]+)/OnlineInvoice")
def online_invoice(ctx: Context, m: re.Match[str]) -> Answer:
    invoice = _one(ctx, "Invoices", m["id"])
    if invoice["Type"] != "ACCREC" or invoice["Status"] in ("DRAFT", "SUBMITTED", "DELETED"):
        raise validation_error(
            [
                {
                    "ValidationErrors": [
                        {"Message": "An online invoice can only be retrieved for an approved sales invoice"}
                    ]
                }
            ]
        )
    token = uuid.uuid5(uuid.UUID(invoice["InvoiceID"]), "online").hex
    return Answer(200, {"OnlineInvoices": [{"OnlineInvoiceUrl": f"https://in.xero.com/{token}"}]})


@route("GET", r"/Invoices/(?P<id>[^/]+)/pdf")
def invoice_as_pdf(ctx: Context, m: re.Match[str]) -> Answer:
    return Answer(
        200, invoice_pdf(ctx.org, _one(ctx, "Invoices", m["id"])), {"Content-Type": "application/pdf"}
    )


def _allocations(collection: str) -> None:
    @route("PUT", rf"/{collection}/(?P<id>[^/]+)/Allocations")
    def create_allocation(ctx: Context, m: re.Match[str]) -> Answer:
        source = _one(ctx, collection, m["id"])
        results = []
        for element in _elements(ctx.request, "Allocations"):
            try:
                results.append(books.allocate(ctx.org, collection, source, element))
            except books.Refusal as refusal:
                raise validation_error([_refused(element, refusal.messages)]) from refusal
            ctx.changed("Invoices", str(element.get("Invoice", {}).get("InvoiceID", "")), False)
        return Answer(200, envelope("Allocations", results))


for _collection in ("CreditNotes", "Overpayments", "Prepayments"):
    _allocations(_collection)


@route("GET", r"/(?P<collection>Overpayments|Prepayments)")
def get_credits(ctx: Context, m: re.Match[str]) -> Answer:
    collection = next(c for c in COLLECTIONS if c.lower() == m["collection"].lower())
    return _listing(ctx, collection, ctx.org.all(collection))


@route("GET", r"/(?P<collection>Overpayments|Prepayments)/(?P<id>[^/]+)")
def get_credit(ctx: Context, m: re.Match[str]) -> Answer:
    collection = next(c for c in COLLECTIONS if c.lower() == m["collection"].lower())
    return Answer(200, envelope(collection, [_one(ctx, collection, m["id"])]))


# -- payments -------------------------------------------------------------------------------------


@route("GET", r"/Payments")
def get_payments(ctx: Context, m: re.Match[str]) -> Answer:
    return _listing(ctx, "Payments", ctx.org.all("Payments"))


@route("GET", r"/Payments/(?P<id>[^/]+)")
def get_payment(ctx: Context, m: re.Match[str]) -> Answer:
    return Answer(200, envelope("Payments", [_one(ctx, "Payments", m["id"])]))


def _payment_saver(ctx: Context) -> Saver:
    def save(org: Org, body: Mapping[str, Any], existing: dict[str, Any] | None) -> dict[str, Any]:
        payment = books.save_payment(org, body, existing)
        ref = payment.get("Invoice")
        if ref:
            ctx.changed("Invoices", ref["InvoiceID"], False)
        return payment

    return save


@route("PUT", r"/Payments")
def create_payments(ctx: Context, m: re.Match[str]) -> Answer:
    return _save(ctx, "Payments", _payment_saver(ctx), create_only=True)


@route("POST", r"/Payments")
def create_payment(ctx: Context, m: re.Match[str]) -> Answer:
    return _save(ctx, "Payments", _payment_saver(ctx))


@route("POST", r"/Payments/(?P<id>[^/]+)")
def delete_payment(ctx: Context, m: re.Match[str]) -> Answer:
    return _save(ctx, "Payments", _payment_saver(ctx), path_key=m["id"])


# -- bank transactions, transfers, manual journals, tracking --------------------------------------


def _simple(collection: str, saver: Saver, *, unitdp: bool = False, update: bool = True) -> None:
    @route("GET", rf"/{collection}")
    def list_records(ctx: Context, m: re.Match[str]) -> Answer:
        return _listing(ctx, collection, ctx.org.all(collection))

    @route("GET", rf"/{collection}/(?P<id>[^/]+)")
    def get_record(ctx: Context, m: re.Match[str]) -> Answer:
        return Answer(200, envelope(collection, [_view(_one(ctx, collection, m["id"]), ctx.request)]))

    def chosen(ctx: Context) -> Saver:
        return _with_unitdp(saver, ctx.request) if unitdp else saver

    @route("PUT", rf"/{collection}")
    def create_records(ctx: Context, m: re.Match[str]) -> Answer:
        return _save(ctx, collection, chosen(ctx), create_only=True)

    if update:

        @route("POST", rf"/{collection}")
        def update_or_create_records(ctx: Context, m: re.Match[str]) -> Answer:
            return _save(ctx, collection, chosen(ctx))

        @route("POST", rf"/{collection}/(?P<id>[^/]+)")
        def update_record(ctx: Context, m: re.Match[str]) -> Answer:
            return _save(ctx, collection, chosen(ctx), path_key=m["id"])


_simple("BankTransactions", books.save_bank_transaction, unitdp=True)
_simple("BankTransfers", books.save_bank_transfer, update=False)
_simple("ManualJournals", books.save_manual_journal)


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
        raise validation_error(
            [{"ValidationErrors": [{"Message": "The tracking option Name must be specified"}]}]
        )
    if any(o["Name"].lower() == str(name).lower() for o in category["Options"]):
        raise validation_error(
            [{"ValidationErrors": [{"Message": f"The tracking option {name} already exists"}]}]
        )
    option = {
        "TrackingOptionID": str(uuid.uuid4()),
        "Name": name,
        "Status": "ACTIVE",
        "TrackingCategoryID": category["TrackingCategoryID"],
    }
    category["Options"].append(option)
    return Answer(200, envelope("Options", [option]))


# -- journals and reports -------------------------------------------------------------------------


@route("GET", r"/Journals")
def get_journals(ctx: Context, m: re.Match[str]) -> Answer:
    """100 journals at most, those numbered after ``offset``, in number order."""
    try:
        offset = int(ctx.request.query.get("offset") or 0)
    except ValueError as exc:
        raise validation_error([], "offset must be a whole number") from exc
    records = [j for j in ctx.org.journals() if j["JournalNumber"] > offset]
    if ctx.request.flag("paymentsOnly"):
        records = [
            j for j in records if j["SourceType"] in ("ACCRECPAYMENT", "ACCPAYPAYMENT", "CASHREC", "CASHPAID")
        ]
    answer = _listing(ctx, "Journals", records)
    answer.body["Journals"] = answer.body["Journals"][:100]
    return answer


@route("GET", r"/Journals/(?P<id>[^/]+)")
def get_journal(ctx: Context, m: re.Match[str]) -> Answer:
    key = m["id"]
    record = ctx.org.get("Journals", key) or next(
        (j for j in ctx.org.journals() if str(j["JournalNumber"]) == key), None
    )
    if record is None:
        raise not_found(f"Journals/{key}")
    return Answer(200, envelope("Journals", [record]))


def _date_param(ctx: Context, name: str, default: dt.date) -> dt.date:
    value = ctx.request.query.get(name)
    if not value:
        return default
    parsed = parse_date(value)
    if parsed is None:
        raise validation_error([], f"{name} {value!r} is not a date")
    return parsed


@route("GET", r"/Reports/TrialBalance")
def trial_balance(ctx: Context, m: re.Match[str]) -> Answer:
    return Answer(200, reports.trial_balance(ctx.org, _date_param(ctx, "date", dt.date.today())))


@route("GET", r"/Reports/ProfitAndLoss")
def profit_and_loss(ctx: Context, m: re.Match[str]) -> Answer:
    end = _date_param(ctx, "toDate", dt.date.today())
    start = _date_param(ctx, "fromDate", end.replace(day=1))
    return Answer(200, reports.profit_and_loss(ctx.org, start, end))


@route("GET", r"/Reports/BalanceSheet")
def balance_sheet(ctx: Context, m: re.Match[str]) -> Answer:
    return Answer(200, reports.balance_sheet(ctx.org, _date_param(ctx, "date", dt.date.today())))


@route("GET", r"/Reports/(?P<kind>AgedReceivablesByContact|AgedPayablesByContact)")
def aged(ctx: Context, m: re.Match[str]) -> Answer:
    contact = _one(ctx, "Contacts", ctx.request.query.get("contactId") or "-")
    kind = "ACCREC" if m["kind"].lower().startswith("agedreceivables") else "ACCPAY"
    return Answer(
        200,
        reports.aged_by_contact(
            ctx.org, contact["ContactID"], _date_param(ctx, "date", dt.date.today()), kind
        ),
    )


# -- history and attachments ----------------------------------------------------------------------

_ENTITY = (
    "/(?P<collection>"
    + "|".join(c for c in COLLECTIONS if c not in ("TaxRates", "Currencies", "Journals"))
    + ")"
)


@route("GET", _ENTITY + r"/(?P<id>[^/]+)/History")
def get_history(ctx: Context, m: re.Match[str]) -> Answer:
    record = _one(ctx, _collection_named(m["collection"]), m["id"])
    key = _record_id(m["collection"], record)
    return Answer(200, {"HistoryRecords": list(reversed(ctx.org.history.get(key, [])))})


@route("PUT", _ENTITY + r"/(?P<id>[^/]+)/History")
def add_note(ctx: Context, m: re.Match[str]) -> Answer:
    record = _one(ctx, _collection_named(m["collection"]), m["id"])
    key = _record_id(m["collection"], record)
    added = []
    for element in _elements(ctx.request, "HistoryRecords"):
        details = str(element.get("Details") or "")
        if not details or len(details) > 2500:
            raise validation_error([_refused(element, ["A note needs Details of 1 to 2500 characters"])])
        ctx.org.note(key, "Note", details)
        added.append(ctx.org.history[key][-1])
    return Answer(200, {"HistoryRecords": added})


def _collection_named(segment: str) -> str:
    return next(c for c in COLLECTIONS if c.lower() == segment.lower())


def _record_id(segment: str, record: Mapping[str, Any]) -> str:
    return str(record[COLLECTIONS[_collection_named(segment)][0]])


_ATTACHABLE = "/(?P<collection>" + "|".join(ATTACHMENT_ENTITIES) + ")"


@route("GET", _ATTACHABLE + r"/(?P<id>[^/]+)/Attachments")
def list_attachments(ctx: Context, m: re.Match[str]) -> Answer:
    record = _one(ctx, _collection_named(m["collection"]), m["id"])
    return Answer(200, {"Attachments": ctx.org.attachments.get(_record_id(m["collection"], record), [])})


@route("GET", _ATTACHABLE + r"/(?P<id>[^/]+)/Attachments/(?P<name>[^/]+)")
def download_attachment(ctx: Context, m: re.Match[str]) -> Answer:
    record = _one(ctx, _collection_named(m["collection"]), m["id"])
    for attachment in ctx.org.attachments.get(_record_id(m["collection"], record), []):
        if m["name"] in (attachment["AttachmentID"], attachment["FileName"]):
            return Answer(200, attachment["_content"], {"Content-Type": attachment["MimeType"]})
    raise not_found(f"attachment {m['name']}")


@route("PUT", _ATTACHABLE + r"/(?P<id>[^/]+)/Attachments/(?P<name>[^/]+)")
def upload_attachment(ctx: Context, m: re.Match[str]) -> Answer:
    return _store_attachment(ctx, m)


@route("POST", _ATTACHABLE + r"/(?P<id>[^/]+)/Attachments/(?P<name>[^/]+)")
def replace_attachment(ctx: Context, m: re.Match[str]) -> Answer:
    return _store_attachment(ctx, m)


_MIME = {
    ".pdf": "application/pdf",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".txt": "text/plain",
    ".csv": "text/csv",
}


def _store_attachment(ctx: Context, m: re.Match[str]) -> Answer:
    collection = _collection_named(m["collection"])
    record = _one(ctx, collection, m["id"])
    key = _record_id(m["collection"], record)
    name = m["name"]
    if re.search(r'[<>:"/\\|?*]', name):
        raise validation_error(
            [
                {
                    "ValidationErrors": [
                        {"Message": f"The file name {name!r} contains characters that are not allowed"}
                    ]
                }
            ]
        )
    if not ctx.request.body:
        raise validation_error([{"ValidationErrors": [{"Message": "The attachment is empty"}]}])
    files = ctx.org.attachments.setdefault(key, [])
    files[:] = [f for f in files if f["FileName"] != name]
    if len(files) >= MAX_ATTACHMENTS:
        raise validation_error(
            [
                {
                    "ValidationErrors": [
                        {"Message": f"The maximum number of attachments ({MAX_ATTACHMENTS}) has been reached"}
                    ]
                }
            ]
        )
    suffix = name[name.rfind(".") :].lower() if "." in name else ""
    attachment_id = str(uuid.uuid4())
    attachment = {
        "AttachmentID": attachment_id,
        "FileName": name,
        "Url": f"https://api.xero.com/api.xro/2.0/{collection}/{key}/Attachments/{name}",
        "MimeType": ctx.request.header("Content-Type") if suffix not in _MIME else _MIME[suffix],
        "ContentLength": len(ctx.request.body),
        "_content": ctx.request.body,
    }
    if collection in ("Invoices", "CreditNotes"):
        attachment["IncludeOnline"] = (
            ctx.request.flag("IncludeOnline") or ctx.request.query.get("IncludeOnline") == "True"
        )
    files.append(attachment)
    record["HasAttachments"] = True
    ctx.org.note(key, "Attached a file", name)
    return Answer(200, {"Attachments": [attachment]})
