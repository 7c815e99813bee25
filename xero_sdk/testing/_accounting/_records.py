"""What every collection's routes share: the response envelope, a record's view, the request
body's elements, listings (filters, ``where``, ``order``, paging) and saving (PUT / POST, with
``summarizeErrors``)."""

from __future__ import annotations

import json
import re
import uuid
from collections.abc import Callable, Mapping
from decimal import Decimal
from typing import Any

from .. import _books as books
from .._http import Answer, ApiError, Request, not_found, validation_error
from .._money import round_to
from .._org import COLLECTIONS, Org, now_utc
from .._pdf import invoice_pdf
from .._where import WhereError, compile_where, sort_records
from .._wire import parse_datetime
from ._routes import Context, route

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


def _collection_named(segment: str) -> str:
    return next(c for c in COLLECTIONS if c.lower() == segment.lower())


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


def reads(collection: str, *, pdf: bool = False) -> None:
    """Register a collection's reads: ``GET /<collection>`` lists (:func:`_listing`) and
    ``GET /<collection>/{id}`` gets one (as a PDF too when ``pdf`` and the request accepts one)."""

    def list_records(ctx: Context, m: re.Match[str]) -> Answer:
        return _listing(ctx, collection, ctx.org.all(collection))

    def get_record(ctx: Context, m: re.Match[str]) -> Answer:
        record = _one(ctx, collection, m["id"])
        if pdf and "application/pdf" in (ctx.request.header("Accept") or ""):
            return Answer(200, invoice_pdf(ctx.org, record), {"Content-Type": "application/pdf"})
        return Answer(200, envelope(collection, [_view(record, ctx.request)]))

    route("GET", rf"/{collection}")(list_records)
    route("GET", rf"/{collection}/(?P<id>[^/]+)")(get_record)


def writes(collection: str, saver: Saver, *, create_or_update: bool = False, update: bool = True) -> None:
    """Register a collection's writes as Xero answers them: ``PUT /<collection>`` creates,
    (``update``) ``POST /<collection>/{id}`` updates one, and (``create_or_update``)
    ``POST /<collection>`` creates or updates each element of the body."""
    writes_per_request(collection, lambda ctx: saver, create_or_update=create_or_update, update=update)


def writes_per_request(
    collection: str,
    saver_for: Callable[[Context], Saver],
    *,
    create_or_update: bool = False,
    update: bool = True,
) -> None:
    """:func:`writes` with a saver chosen for each request (``unitdp``, webhook events)."""

    def create(ctx: Context, m: re.Match[str]) -> Answer:
        return _save(ctx, collection, saver_for(ctx), create_only=True)

    def create_or_update_each(ctx: Context, m: re.Match[str]) -> Answer:
        return _save(ctx, collection, saver_for(ctx))

    def update_one(ctx: Context, m: re.Match[str]) -> Answer:
        return _save(ctx, collection, saver_for(ctx), path_key=m["id"])

    route("PUT", rf"/{collection}")(create)
    if create_or_update:
        route("POST", rf"/{collection}")(create_or_update_each)
    if update:
        route("POST", rf"/{collection}/(?P<id>[^/]+)")(update_one)


def invalid(message: str) -> ApiError:
    """A 400 ``ValidationException`` with one element holding one message."""
    return validation_error([{"ValidationErrors": [{"Message": message}]}])


def _refused(element: Mapping[str, Any], messages: list[str]) -> dict[str, Any]:
    return {
        **element,
        "StatusAttributeString": "ERROR",
        "ValidationErrors": [{"Message": m} for m in messages],
    }


def _with_unitdp(saver: Callable[..., dict[str, Any]], request: Request) -> Saver:
    unitdp = _unitdp(request)
    return lambda org, body, existing: saver(org, body, existing, unitdp)
