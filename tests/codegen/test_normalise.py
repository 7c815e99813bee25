"""Each rewrite of the spec normaliser, on the smallest document that shows its quirk."""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

import pytest

from codegen.normalise import REWRITES, normalise
from codegen.normalise.loader import YamlBool, YamlTimestamp, load_yaml_text

Doc = dict[str, Any]


def op_doc(op: Doc, *, params: list[Doc] | None = None, components: Doc | None = None) -> Doc:
    item: Doc = {"get": op}
    if params is not None:
        item["parameters"] = params
    return {"openapi": "3.0.0", "paths": {"/Things": item}, "components": components or {}}


def schema_doc(schemas: Doc) -> Doc:
    return {"openapi": "3.0.0", "paths": {}, "components": {"schemas": schemas}}


def holds(check: Callable[[Doc], bool], doc: Doc) -> bool:
    try:
        return check(doc)
    except (KeyError, TypeError):
        return False


def run(name: str, doc: Doc) -> tuple[Doc, int]:
    rw = next(r for r in REWRITES if r.name == name)
    return doc, rw.apply(doc)


def test_loader_keeps_yaml11_scalars_as_written() -> None:
    doc = load_yaml_text("enum: [NO, N, 'YES']\nflag: true\nwhen: 2019-08-01\n")
    assert doc["enum"][0] == "NO" and isinstance(doc["enum"][0], YamlBool)
    assert isinstance(doc["flag"], YamlBool) and doc["flag"].truth
    assert isinstance(doc["when"], YamlTimestamp) and doc["when"] == "2019-08-01"


def case_enum_bools() -> tuple[Doc, Callable[[Doc], bool]]:
    doc = schema_doc({"CountryCode": {"type": "string", "enum": load_yaml_text("[NZ, NO, GB]")}})
    return (
        doc,
        lambda d: (
            d["components"]["schemas"]["CountryCode"]["enum"] == ["NZ", "NO", "GB"]
            and all(type(v) is str for v in d["components"]["schemas"]["CountryCode"]["enum"])
        ),
    )


def case_yaml_booleans() -> tuple[Doc, Callable[[Doc], bool]]:
    doc = load_yaml_text(
        "openapi: 3.0.0\npaths: {}\ncomponents: {schemas: {A: {type: object, properties: {x: {type: boolean, example: true}}}}}"
    )
    return doc, lambda d: d["components"]["schemas"]["A"]["properties"]["x"]["example"] is True


def case_timestamps() -> tuple[Doc, Callable[[Doc], bool]]:
    doc = load_yaml_text(
        "openapi: 3.0.0\npaths: {}\ncomponents: {schemas: {A: {type: string, example: 2020-02-06T12:17:43}}}"
    )
    return doc, lambda d: type(d["components"]["schemas"]["A"]["example"]) is str


def case_varnames() -> tuple[Doc, Callable[[Doc], bool]]:
    doc = schema_doc(
        {"Currency": {"type": "string", "enum": ["NZD", "USD"], "x-enum-varnames": ["EMPTY", "NZD", "USD"]}}
    )
    return doc, lambda d: "x-enum-varnames" not in d["components"]["schemas"]["Currency"]


def case_duplicates() -> tuple[Doc, Callable[[Doc], bool]]:
    doc = schema_doc({"S": {"type": "string", "enum": ["A", "B", "A"]}})
    return doc, lambda d: d["components"]["schemas"]["S"]["enum"] == ["A", "B"]


def case_ms_dates() -> tuple[Doc, Callable[[Doc], bool]]:
    doc = schema_doc(
        {
            "Invoice": {
                "type": "object",
                "properties": {
                    "Date": {"type": "string", "x-is-msdate": True},
                    "UpdatedDateUTC": {"type": "string", "x-is-msdate-time": True},
                },
            }
        }
    )

    def ok(d: Doc) -> bool:
        props = d["components"]["schemas"]["Invoice"]["properties"]
        return props["Date"]["format"] == "date" and props["UpdatedDateUTC"]["format"] == "date-time"

    return doc, ok


def case_datetime_marked_date() -> tuple[Doc, Callable[[Doc], bool]]:
    doc = schema_doc(
        {
            "PaySlip": {
                "type": "object",
                "properties": {"lastEdited": {"type": "string", "format": "date", "x-is-datetime": True}},
            }
        }
    )
    return (
        doc,
        lambda d: d["components"]["schemas"]["PaySlip"]["properties"]["lastEdited"]["format"] == "date-time",
    )


def case_named_datetime() -> tuple[Doc, Callable[[Doc], bool]]:
    doc = schema_doc(
        {"PayRun": {"type": "object", "properties": {"postedDateTime": {"type": "string", "format": "date"}}}}
    )
    return (
        doc,
        lambda d: (
            d["components"]["schemas"]["PayRun"]["properties"]["postedDateTime"]["format"] == "date-time"
        ),
    )


def case_if_modified_since() -> tuple[Doc, Callable[[Doc], bool]]:
    param = {"in": "header", "name": "If-Modified-Since", "schema": {"type": "string", "format": "date-time"}}
    doc = op_doc(
        {"operationId": "getThings", "parameters": [{"$ref": "#/components/parameters/ims"}]},
        components={"parameters": {"ims": param}},
    )

    def ok(d: Doc) -> bool:
        p = d["components"]["parameters"]["ims"]
        return p["schema"] == {"type": "string"} and p["x-sdk-if-modified-since"] is True

    return doc, ok


def case_tenant() -> tuple[Doc, Callable[[Doc], bool]]:
    tenant = {"in": "header", "name": "xero-tenant-id", "required": True, "schema": {"type": "string"}}
    doc = op_doc(
        {
            "operationId": "getThings",
            "parameters": [{"in": "query", "name": "page", "schema": {"type": "integer"}}],
        },
        params=[{"$ref": "#/components/parameters/requiredHeader"}],
        components={"parameters": {"requiredHeader": tenant}},
    )

    def ok(d: Doc) -> bool:
        item = d["paths"]["/Things"]
        return (
            item["get"]["x-sdk-tenant"] is True
            and "parameters" not in item
            and [p["name"] for p in item["get"]["parameters"]] == ["page"]
            and "requiredHeader" not in d["components"]["parameters"]
        )

    return doc, ok


def case_octet_stream() -> tuple[Doc, Callable[[Doc], bool]]:
    body = {"content": {"application/octet-stream": {"schema": {"type": "string", "format": "byte"}}}}
    form = {"content": {"multipart/form-data": {"schema": {"$ref": "#/components/schemas/UploadObject"}}}}
    upload = {
        "type": "object",
        "properties": {"body": {"type": "string", "format": "byte"}, "name": {"type": "string"}},
    }
    doc = {
        "openapi": "3.0.0",
        "paths": {
            "/A": {"put": {"operationId": "raw", "requestBody": body}},
            "/B": {"post": {"operationId": "form", "requestBody": form}},
        },
        "components": {"schemas": {"UploadObject": upload}},
    }

    def ok(d: Doc) -> bool:
        raw = d["paths"]["/A"]["put"]["requestBody"]["content"]["application/octet-stream"]["schema"]
        part = d["components"]["schemas"]["UploadObject"]["properties"]["body"]
        return raw["format"] == "binary" and part["format"] == "binary"

    return doc, ok


def case_pdf() -> tuple[Doc, Callable[[Doc], bool]]:
    op = {
        "operationId": "getInvoiceAsPdf",
        "x-path": "/Invoices/{InvoiceID}",
        "responses": {
            "200": {
                "description": "pdf",
                "content": {"application/pdf": {"schema": {"type": "string", "format": "binary"}}},
            }
        },
    }
    doc = {"openapi": "3.0.0", "paths": {"/Invoices/{InvoiceID}/pdf": {"get": op}}, "components": {}}

    def ok(d: Doc) -> bool:
        o = d["paths"]["/Invoices/{InvoiceID}/pdf"]["get"]
        return (
            o["x-sdk-accept"] == "application/pdf"
            and o["x-sdk-path"] == "/Invoices/{InvoiceID}"
            and list(o["responses"]["200"]["content"]) == ["application/octet-stream"]
        )

    return doc, ok


def case_bool_defaults() -> tuple[Doc, Callable[[Doc], bool]]:
    doc = schema_doc({"A": {"type": "object", "properties": {"x": {"type": "boolean", "default": "false"}}}})
    return doc, lambda d: d["components"]["schemas"]["A"]["properties"]["x"]["default"] is False


def case_number_integer() -> tuple[Doc, Callable[[Doc], bool]]:
    doc = schema_doc(
        {
            "APIException": {
                "type": "object",
                "properties": {"ErrorNumber": {"type": "number", "format": "integer"}},
            }
        }
    )
    return (
        doc,
        lambda d: (
            d["components"]["schemas"]["APIException"]["properties"]["ErrorNumber"]["type"] == "integer"
        ),
    )


def case_required() -> tuple[Doc, Callable[[Doc], bool]]:
    doc = schema_doc(
        {
            "FileObject": {
                "type": "object",
                "required": ["name", "Name"],
                "properties": {"Name": {"type": "string"}},
            }
        }
    )
    return doc, lambda d: d["components"]["schemas"]["FileObject"]["required"] == ["Name"]


def case_string_maximum() -> tuple[Doc, Callable[[Doc], bool]]:
    doc = schema_doc({"S": {"type": "string", "maximum": 255}})
    return doc, lambda d: d["components"]["schemas"]["S"] == {"type": "string", "maxLength": 255}


def case_ref_siblings() -> tuple[Doc, Callable[[Doc], bool]]:
    doc = schema_doc(
        {
            "A": {
                "type": "object",
                "properties": {"b": {"$ref": "#/components/schemas/B", "description": "x"}},
            },
            "B": {"type": "object"},
        }
    )
    return (
        doc,
        lambda d: d["components"]["schemas"]["A"]["properties"]["b"] == {"$ref": "#/components/schemas/B"},
    )


def case_const_choices() -> tuple[Doc, Callable[[Doc], bool]]:
    doc = schema_doc(
        {
            "E": {
                "type": "string",
                "oneOf": [{"type": "string", "const": "CREATE"}, {"type": "string", "const": "UPDATE"}],
            }
        }
    )
    return (
        doc,
        lambda d: (
            d["components"]["schemas"]["E"]["enum"] == ["CREATE", "UPDATE"]
            and "oneOf" not in d["components"]["schemas"]["E"]
        ),
    )


def case_deep_refs() -> tuple[Doc, Callable[[Doc], bool]]:
    doc = schema_doc(
        {
            "Event": {
                "properties": {
                    "events": {
                        "type": "array",
                        "items": {"type": "object", "properties": {"id": {"type": "string"}}},
                    }
                }
            },
            "Other": {"allOf": [{"$ref": "#/components/schemas/Event/properties/events/items"}]},
        }
    )

    def ok(d: Doc) -> bool:
        s = d["components"]["schemas"]
        return (
            "EventEventsItem" in s
            and s["Other"]["allOf"][0] == {"$ref": "#/components/schemas/EventEventsItem"}
            and s["Event"]["properties"]["events"]["items"]
            == {"$ref": "#/components/schemas/EventEventsItem"}
        )

    return doc, ok


def case_oas31() -> tuple[Doc, Callable[[Doc], bool]]:
    doc = {
        "openapi": "3.1.1",
        "webhooks": {"x": {}},
        "components": {"schemas": {"A": {"properties": {"a": {"type": "string"}}}}},
    }
    return (
        doc,
        lambda d: (
            d["openapi"] == "3.0.3"
            and "webhooks" not in d
            and d["paths"] == {}
            and d["components"]["schemas"]["A"]["type"] == "object"
        ),
    )


def case_json_in_string_examples() -> tuple[Doc, Callable[[Doc], bool]]:
    media = {"schema": {"$ref": "#/components/schemas/Folder"}, "example": '{"Name": "Inbox"}'}
    doc = op_doc(
        {
            "operationId": "getFolder",
            "responses": {"200": {"description": "ok", "content": {"application/json": media}}},
        }
    )
    doc["components"] = {
        "schemas": {
            "Folder": {"type": "object", "properties": {"Name": {"type": "string", "example": '{"a": 1}'}}}
        }
    }

    def ok(d: Doc) -> bool:
        got = d["paths"]["/Things"]["get"]["responses"]["200"]["content"]["application/json"]["example"]
        kept = d["components"]["schemas"]["Folder"]["properties"]["Name"]["example"]
        return got == {"Name": "Inbox"} and kept == '{"a": 1}'  # a string field keeps its text

    return doc, ok


def case_line_item_validation_errors() -> tuple[Doc, Callable[[Doc], bool]]:
    error = {"type": "object", "properties": {"Message": {"type": "string"}}}
    line = {"type": "object", "properties": {"Description": {"type": "string"}}}
    doc = {"components": {"schemas": {"ValidationError": error, "LineItem": line}}}

    def ok(d: Doc) -> bool:
        prop = d["components"]["schemas"]["LineItem"]["properties"].get("ValidationErrors", {})
        return prop.get("items") == {"$ref": "#/components/schemas/ValidationError"}

    return doc, ok


def case_fields_seen_in_real_responses() -> tuple[Doc, Callable[[Doc], bool]]:
    line = {"type": "object", "properties": {"Description": {"type": "string"}}}
    doc = schema_doc({"LineItem": line, "LineItemTracking": {"properties": {}}, "TrackingOption": {}})
    for name in ("Invoice", "CreditNote", "BankTransaction", "PurchaseOrder", "ContactGroup", "Contact"):
        doc["components"]["schemas"][name] = {"type": "object", "properties": {}}
    doc["components"]["schemas"]["Organisation"] = {"type": "object", "properties": {}}
    doc["info"] = {"title": "Xero Accounting API"}

    def ok(d: Doc) -> bool:
        schemas = d["components"]["schemas"]
        item_id = schemas["LineItem"]["properties"]["ItemID"]
        twin = schemas["Invoice"]["properties"]["DateString"]
        return (
            item_id["format"] == "uuid"
            and item_id["x-sdk-seen-in"].endswith(".json")
            and twin["format"] == "date"
            and schemas["LineItem"]["properties"]["Description"] == {"type": "string"}
        )

    return doc, ok


def case_envelope_metadata() -> tuple[Doc, Callable[[Doc], bool]]:
    def response(schema: str) -> Doc:
        content = {"application/json": {"schema": {"$ref": f"#/components/schemas/{schema}"}}}
        return {"200": {"description": "ok", "content": content}}

    doc = op_doc({"operationId": "getEmployees", "responses": response("Employees")})
    doc["paths"]["/Other"] = {"post": {"operationId": "createThing", "responses": response("Thing")}}
    doc["components"] = {
        "schemas": {
            "Employees": {"type": "object", "properties": {"employees": {"type": "array"}}},
            "Thing": {"type": "object", "properties": {"id": {"type": "integer"}}},
            "Employee": {"type": "object", "properties": {}},
        }
    }
    doc["info"] = {"title": "Xero Payroll UK"}

    def ok(d: Doc) -> bool:
        schemas = d["components"]["schemas"]
        props = schemas["Employees"]["properties"]
        return (
            props["id"]["format"] == "uuid"
            and props["dateTimeUTC"]["format"] == "date-time"
            and {"providerName", "httpStatusCode", "employees"} <= set(props)
            and schemas["Thing"]["properties"]["id"] == {"type": "integer"}  # a declared field stays
            and schemas["Employee"]["properties"] == {}  # not a response envelope
        )

    return doc, ok


CASES: dict[str, Callable[[], tuple[Doc, Callable[[Doc], bool]]]] = {
    "enum-members-read-as-booleans": case_enum_bools,
    "yaml-booleans": case_yaml_booleans,
    "unquoted-timestamps": case_timestamps,
    "enum-varnames-out-of-step": case_varnames,
    "enum-duplicate-members": case_duplicates,
    "ms-date-markers": case_ms_dates,
    "datetime-marked-as-date": case_datetime_marked_date,
    "date-named-datetime": case_named_datetime,
    "if-modified-since-header": case_if_modified_since,
    "tenant-header": case_tenant,
    "octet-stream-byte-bodies": case_octet_stream,
    "pdf-operations": case_pdf,
    "string-boolean-defaults": case_bool_defaults,
    "number-format-integer": case_number_integer,
    "required-without-property": case_required,
    "string-maximum": case_string_maximum,
    "ref-siblings": case_ref_siblings,
    "line-item-validation-errors": case_line_item_validation_errors,
    "json-in-string-examples": case_json_in_string_examples,
    "oas31-const-choices": case_const_choices,
    "oas31-deep-refs": case_deep_refs,
    "oas31-to-30": case_oas31,
    "fields-seen-in-real-responses": case_fields_seen_in_real_responses,
    "envelope-metadata": case_envelope_metadata,
}


def test_every_rewrite_is_named_explained_and_tested() -> None:
    names = [r.name for r in REWRITES]
    assert len(names) == len(set(names))
    assert set(names) == set(CASES), "each rewrite needs a case here (and no case without a rewrite)"
    for rw in REWRITES:
        assert rw.reason and "\n" not in rw.reason, rw.name


@pytest.mark.parametrize("name", list(CASES))
def test_rewrite(name: str) -> None:
    doc, check = CASES[name]()
    assert not holds(check, copy.deepcopy(doc)), f"the case for {name} does not show the quirk"
    doc, count = run(name, doc)
    assert count >= 1, f"{name} changed nothing"
    assert check(doc), f"{name} did not fix the quirk"


@pytest.mark.parametrize("name", list(CASES))
def test_rewrite_is_idempotent(name: str) -> None:
    doc, _check = CASES[name]()
    normalise(doc)
    once = copy.deepcopy(doc)
    normalise(doc)
    assert doc == once
