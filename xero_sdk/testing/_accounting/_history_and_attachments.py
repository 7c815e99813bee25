"""A record's history (and notes added to it) and its attachments."""

from __future__ import annotations

import re
import uuid
from collections.abc import Mapping
from typing import Any

from .._http import Answer, not_found, validation_error
from .._org import COLLECTIONS
from ._records import (
    _collection_named,
    _elements,
    _one,
    _refused,
    invalid,
)
from ._routes import ATTACHMENT_ENTITIES, Context, route

MAX_ATTACHMENTS = 10

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
        raise invalid(f"The file name {name!r} contains characters that are not allowed")
    if not ctx.request.body:
        raise invalid("The attachment is empty")
    files = ctx.org.attachments.setdefault(key, [])
    files[:] = [f for f in files if f["FileName"] != name]
    if len(files) >= MAX_ATTACHMENTS:
        raise invalid(f"The maximum number of attachments ({MAX_ATTACHMENTS}) has been reached")
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
