"""Rewrites from real responses: fields Xero sends that its documents do not describe.

Each field here was seen in a response captured from the live API (or in Xero's own developer
documentation), in the corpus at ``../shared/realworld/fixtures``; the entry names the fixture
that shows it, so a field is typed only on evidence. ``tests/realworld`` serves every fixture
through the client and counts what is still untyped.
"""

from __future__ import annotations

from typing import Any

import attrs

from .rewrites import Doc, operations, resolve, rewrite

_GUID: dict[str, Any] = {"type": "string", "format": "uuid"}
_TEXT: dict[str, Any] = {"type": "string"}
_FLAG: dict[str, Any] = {"type": "boolean"}
_MONEY: dict[str, Any] = {"type": "number", "format": "double"}
_DATE: dict[str, Any] = {"type": "string", "format": "date"}
_DATE_TIME: dict[str, Any] = {"type": "string", "format": "date-time"}

# The documents, by their info.title (one table covers them all).
ACCOUNTING = "Xero Accounting API"
PAYROLL_AU = "Xero Payroll AU API"
PAYROLL_AU_V2 = "Xero Payroll AU API 2.0"
PAYROLL_NZ = "Xero Payroll NZ"
PAYROLL_UK = "Xero Payroll UK"
ASSETS = "Xero Assets API"


def _list_of(schema: str) -> dict[str, Any]:
    return {"type": "array", "items": {"$ref": f"#/components/schemas/{schema}"}}


def _twin(field: str) -> dict[str, Any]:
    """A ``*String`` twin: the same date written as local ISO text (``2014-04-14T00:00:00``)."""
    return {**_DATE, "description": f"{field} as Xero also writes it, local ISO text read as a date"}


@attrs.frozen
class Observed:
    document: str  # info.title
    schema: str
    field: str
    spec: dict[str, Any]
    fixture: str  # the file under ../shared/realworld/fixtures that shows it


_N = "accounting/nango_"
OBSERVED: tuple[Observed, ...] = (
    Observed(ACCOUNTING, "Invoice", "DateString", _twin("Date"), _N + "invoices_page.json"),
    Observed(ACCOUNTING, "Invoice", "DueDateString", _twin("DueDate"), _N + "invoices_page.json"),
    Observed(ACCOUNTING, "Invoice", "SentToEmailAddress", _TEXT, _N + "invoice_update_response.json"),
    # Seen only empty: a list of objects whose fields nobody has seen (kept whole, typed as a list).
    Observed(
        ACCOUNTING,
        "Invoice",
        "InvoicePaymentServices",
        {"type": "array", "items": {"type": "object", "additionalProperties": True}},
        _N + "credit_notes_page.json",
    ),
    Observed(ACCOUNTING, "CreditNote", "DateString", _twin("Date"), _N + "credit_notes_page.json"),
    Observed(ACCOUNTING, "CreditNote", "ID", _GUID, _N + "credit_notes_page.json"),
    Observed(ACCOUNTING, "CreditNote", "Attachments", _list_of("Attachment"), _N + "credit_note_by_id.json"),
    Observed(ACCOUNTING, "BankTransaction", "DateString", _twin("Date"), _N + "bank_transactions_page.json"),
    Observed(
        ACCOUNTING,
        "BankTransaction",
        "Attachments",
        _list_of("Attachment"),
        _N + "bank_transaction_by_id.json",
    ),
    Observed(ACCOUNTING, "PurchaseOrder", "DateString", _twin("Date"), _N + "purchase_orders_page.json"),
    Observed(
        ACCOUNTING,
        "PurchaseOrder",
        "DeliveryDateString",
        _twin("DeliveryDate"),
        _N + "purchase_orders_page.json",
    ),
    Observed(
        ACCOUNTING,
        "PurchaseOrder",
        "ExpectedArrivalDateString",
        _twin("ExpectedArrivalDate"),
        _N + "purchase_orders_page.json",
    ),
    Observed(ACCOUNTING, "PurchaseOrder", "HasErrors", _FLAG, _N + "purchase_orders_page.json"),
    Observed(ACCOUNTING, "PurchaseOrder", "IsDiscounted", _FLAG, _N + "purchase_orders_page.json"),
    Observed(ACCOUNTING, "PurchaseOrder", "Type", _TEXT, _N + "purchase_orders_page.json"),
    Observed(ACCOUNTING, "LineItem", "ItemID", _GUID, _N + "purchase_order_by_id.json"),
    Observed(ACCOUNTING, "LineItem", "DiscountEnteredAsPercent", _FLAG, _N + "bank_transaction_by_id.json"),
    Observed(
        ACCOUNTING,
        "LineItemTracking",
        "Options",
        _list_of("TrackingOption"),
        _N + "bank_transactions_page.json",
    ),
    Observed(ACCOUNTING, "ContactGroup", "HasValidationErrors", _FLAG, _N + "contacts_page.json"),
    Observed(ACCOUNTING, "Contact", "SkypeUserName", _TEXT, "accounting/fyle_contacts.json"),
    Observed(ACCOUNTING, "Organisation", "TaxNumberName", _TEXT, _N + "organisation.json"),
    Observed(
        ACCOUNTING, "TrackingOption", "HasValidationErrors", _FLAG, "accounting/fyle_tracking_categories.json"
    ),
    Observed(ACCOUNTING, "TrackingOption", "IsActive", _FLAG, "accounting/fyle_tracking_categories.json"),
    Observed(ACCOUNTING, "TrackingOption", "IsArchived", _FLAG, "accounting/fyle_tracking_categories.json"),
    Observed(ACCOUNTING, "TrackingOption", "IsDeleted", _FLAG, "accounting/fyle_tracking_categories.json"),
    Observed(PAYROLL_UK, "Address", "county", _TEXT, "payroll_uk/docs_employees.json"),
    Observed(
        PAYROLL_UK,
        "DevelopmentalRoleDetails",
        "developmentalRolePublicKey",
        _GUID,
        "payroll_uk/docs_employees.json",
    ),
    Observed(ASSETS, "Asset", "description", _TEXT, "assets/docs_asset_single.json"),
    Observed(ASSETS, "BookDepreciationSetting", "costLimit", _MONEY, "assets/docs_assets_draft.json"),
    Observed(ASSETS, "BookDepreciationSetting", "residualValue", _MONEY, "assets/docs_assets_draft.json"),
    Observed(ASSETS, "BookDepreciationSetting", "effectiveFromDate", _DATE, "assets/docs_assets_draft.json"),
    Observed(ASSETS, "BookDepreciationSetting", "currentGainLoss", _MONEY, "assets/docs_asset_single.json"),
)


@rewrite(
    "fields-seen-in-real-responses",
    "fields real responses carry that the documents omit (DateString, LineItem.ItemID...) are typed, "
    "each on the evidence of a captured response",
)
def fields_seen_in_real_responses(doc: Doc) -> int:
    title = str((doc.get("info") or {}).get("title", ""))
    schemas = (doc.get("components") or {}).get("schemas") or {}
    count = 0
    for seen in OBSERVED:
        if seen.document != title or seen.schema not in schemas:  # tests/realworld checks each is applied
            continue
        props = schemas[seen.schema].setdefault("properties", {})
        if seen.field not in props:
            props[seen.field] = {**seen.spec, "x-sdk-seen-in": seen.fixture}
            count += 1
    return count


# The metadata Xero puts on every response envelope, by document (the APIs that send it).
_PASCAL_ENVELOPE: dict[str, dict[str, Any]] = {
    "Id": {**_GUID, "description": "Identifies this response"},
    "Status": {**_TEXT, "description": "OK for a successful response"},
    "ProviderName": {**_TEXT, "description": "The name of the app that made the request"},
    "DateTimeUTC": {**_DATE_TIME, "description": "When Xero answered"},
}
_CAMEL_ENVELOPE: dict[str, dict[str, Any]] = {
    "id": {**_GUID, "description": "Identifies this response"},
    "providerName": {**_TEXT, "description": "The name of the app that made the request"},
    "dateTimeUTC": {**_DATE_TIME, "description": "When Xero answered"},
    "httpStatusCode": {**_TEXT, "description": "OK for a successful response"},
}
ENVELOPES: dict[str, tuple[dict[str, dict[str, Any]], str]] = {
    ACCOUNTING: (_PASCAL_ENVELOPE, _N + "invoices_page.json"),
    PAYROLL_AU: (_PASCAL_ENVELOPE, "accounting/phnz2014_users.json (the same .xro 1.0/2.0 envelope)"),
    PAYROLL_AU_V2: (_CAMEL_ENVELOPE, "payroll_uk/docs_employees.json (the same payroll.xro/2.0 envelope)"),
    PAYROLL_NZ: (_CAMEL_ENVELOPE, "payroll_uk/docs_employees.json (the same payroll.xro/2.0 envelope)"),
    PAYROLL_UK: (_CAMEL_ENVELOPE, "payroll_uk/docs_employees.json"),
}


# Envelopes seen in real responses whose operation the document no longer has.
_ENVELOPES_WITHOUT_OPERATION: dict[str, tuple[tuple[str, str], ...]] = {
    ACCOUNTING: (("Employees", "accounting/xeronode_v3_employees_all.json"),),
}


def envelope_schemas(doc: Doc) -> list[str]:
    """The component schemas an operation answers with (2xx, JSON): the response envelopes."""
    title = str((doc.get("info") or {}).get("title", ""))
    names: list[str] = [name for name, _fixture in _ENVELOPES_WITHOUT_OPERATION.get(title, ())]
    for _path, _method, op, _item in operations(doc):
        for status, response in (op.get("responses") or {}).items():
            if not str(status).startswith("2"):
                continue
            content = (resolve(doc, response) or {}).get("content") or {}
            ref = ((content.get("application/json") or {}).get("schema") or {}).get("$ref", "")
            name = ref.rsplit("/", 1)[-1] if ref.startswith("#/components/schemas/") else ""
            if name and name not in names:
                names.append(name)
    return names


@rewrite(
    "envelope-metadata",
    "every response envelope carries Id/Status/ProviderName/DateTimeUTC (payroll 2.0: id/providerName/"
    "dateTimeUTC/httpStatusCode), which no document declares",
)
def envelope_metadata(doc: Doc) -> int:
    envelope = ENVELOPES.get(str((doc.get("info") or {}).get("title", "")))
    if envelope is None:
        return 0
    fields, fixture = envelope
    schemas = (doc.get("components") or {}).get("schemas") or {}
    count = 0
    for name in envelope_schemas(doc):
        schema = schemas.get(name) or {}
        if schema.get("type", "object") != "object" or "items" in schema:
            continue
        props = schema.setdefault("properties", {})
        for field, spec in fields.items():
            if field not in props:
                props[field] = {**spec, "x-sdk-seen-in": fixture}
                count += 1
    return count
