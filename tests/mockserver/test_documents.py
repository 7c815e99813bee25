"""The mock-document derivation: each transformation on a small document, then on the real ones."""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest

from codegen.normalise.rewrites import json_in_string_examples
from tests.mockserver.documents import (
    CYCLE_DEPTH,
    REST_APIS,
    TRANSFORMATIONS,
    MockDocumentError,
    colliding_templates,
    ensure_mock_document,
    ensure_normalised,
    level_name,
    mock_document,
    operations,
    pdf_real_path,
    recursive_schema_groups,
    resolve,
    schema_cycles,
    template_key,
)

UUID = {"type": "string", "format": "uuid"}


def json_response(ref: str, example: Any = None) -> dict[str, Any]:
    media: dict[str, Any] = {"schema": {"$ref": f"#/components/schemas/{ref}"}}
    if example is not None:
        media["example"] = example
    return {"200": {"description": "ok", "content": {"application/json": media}}}


def path_param(name: str, schema: dict[str, Any]) -> dict[str, Any]:
    return {"in": "path", "name": name, "required": True, "schema": schema}


def small_doc() -> dict[str, Any]:
    return {
        "openapi": "3.0.0",
        "info": {"title": "t", "version": "1"},
        "paths": {
            "/Invoices/{InvoiceID}": {
                "parameters": [path_param("InvoiceID", UUID)],
                "get": {
                    "operationId": "getInvoice",
                    "parameters": [{"in": "query", "name": "unitdp", "schema": {"type": "integer"}}],
                    "responses": json_response("Invoices"),
                },
            },
            "/Invoices/{InvoiceID}/pdf": {
                "get": {
                    "operationId": "getInvoiceAsPdf",
                    "x-path": "/Invoices/{InvoiceID}",
                    "x-sdk-path": "/Invoices/{InvoiceID}",
                    "x-sdk-accept": "application/pdf",
                    "parameters": [path_param("InvoiceID", UUID)],
                    "responses": {
                        "200": {
                            "description": "pdf",
                            "content": {
                                "application/octet-stream": {"schema": {"type": "string", "format": "binary"}}
                            },
                        }
                    },
                }
            },
            "/Journals/{JournalID}": {
                "get": {
                    "operationId": "getJournal",
                    "parameters": [path_param("JournalID", UUID)],
                    "responses": json_response("Journals"),
                }
            },
            "/Journals/{JournalNumber}": {
                "get": {
                    "operationId": "getJournalByNumber",
                    "parameters": [
                        path_param("JournalNumber", {"type": "integer"}),
                        {
                            "in": "header",
                            "name": "X-Only-Here",
                            "required": True,
                            "schema": {"type": "string"},
                        },
                    ],
                    "responses": json_response("Journals"),
                }
            },
            "/Files/{FileId}": {
                "get": {
                    "operationId": "getFile",
                    "parameters": [path_param("FileId", UUID)],
                    "responses": json_response("File"),
                }
            },
            "/Files/{FolderId}": {
                "post": {
                    "operationId": "uploadFileToFolder",
                    "parameters": [path_param("FolderId", UUID)],
                    "responses": json_response("File", '{ "Name": "a.pdf" }'),
                }
            },
        },
        "components": {
            "schemas": {
                "Invoices": {
                    "type": "object",
                    "properties": {
                        "Invoices": {"type": "array", "items": {"$ref": "#/components/schemas/Invoice"}}
                    },
                },
                "Invoice": {
                    "type": "object",
                    "properties": {
                        "Payments": {"type": "array", "items": {"$ref": "#/components/schemas/Payment"}}
                    },
                },
                "Payment": {
                    "type": "object",
                    "properties": {
                        "Invoice": {"$ref": "#/components/schemas/Invoice"},
                        "Amount": {"type": "number"},
                    },
                },
                "Journals": {"type": "object", "properties": {"JournalID": UUID}},
                "File": {"type": "object", "properties": {"Name": {"type": "string"}}},
                "Node": {
                    "type": "object",
                    "properties": {
                        "children": {"type": "array", "items": {"$ref": "#/components/schemas/Node"}}
                    },
                },
            }
        },
    }


def operation_ids(doc: dict[str, Any]) -> set[str]:
    ids: set[str] = set()
    for _path, _method, op, _item in operations(doc):
        ids.update(op.get("x-mock-merged") or [op["operationId"]])
    return ids


# ---------------------------------------------------------------------------- one at a time


def test_pdf_operation_moves_to_its_real_path_and_answers_pdf() -> None:
    doc = small_doc()
    assert pdf_real_path(doc) == 1
    assert "/Invoices/{InvoiceID}/pdf" not in doc["paths"]
    get = doc["paths"]["/Invoices/{InvoiceID}"]["get"]
    assert get["x-mock-merged"] == ["getInvoice", "getInvoiceAsPdf"]
    content = get["responses"]["200"]["content"]
    assert set(content) == {"application/json", "application/pdf"}
    # the path item's parameter was folded into the merged operation; unitdp became optional
    params = {(p["in"], p["name"]): p for p in get["parameters"]}
    assert params[("path", "InvoiceID")]["required"] is True
    assert params[("query", "unitdp")]["required"] is False
    assert "parameters" not in doc["paths"]["/Invoices/{InvoiceID}"]


def test_colliding_templates_become_one_route() -> None:
    doc = small_doc()
    assert colliding_templates(doc) == 2
    keys = [template_key(p) for p in doc["paths"]]
    assert len(keys) == len(set(keys))
    journal = doc["paths"]["/Journals/{JournalID}"]["get"]
    assert journal["x-mock-merged"] == ["getJournal", "getJournalByNumber"]
    params = {(p["in"], p["name"]): p for p in journal["parameters"]}
    assert params[("path", "JournalID")]["schema"] == {"anyOf": [UUID, {"type": "integer"}]}
    assert params[("path", "JournalID")]["required"] is True
    # a header only one of them declares cannot be required of the other's requests
    assert params[("header", "X-Only-Here")]["required"] is False
    # different methods on equivalent templates just share the path, renamed
    files = doc["paths"]["/Files/{FileId}"]
    assert files["get"]["operationId"] == "getFile"
    assert files["post"]["operationId"] == "uploadFileToFolder"
    assert [p["name"] for p in files["post"]["parameters"]] == ["FileId"]


def test_merging_refuses_two_schemas_for_one_answer() -> None:
    doc = small_doc()
    doc["paths"]["/Journals/{JournalNumber}"]["get"]["responses"] = json_response("File")
    with pytest.raises(MockDocumentError, match="two different application/json schemas"):
        colliding_templates(doc)


def test_json_in_string_examples_are_parsed_only_where_structure_is_wanted() -> None:
    doc = small_doc()
    doc["components"]["schemas"]["File"]["properties"]["Name"]["example"] = '{"not": "parsed"}'
    assert json_in_string_examples(doc) == 1
    media = doc["paths"]["/Files/{FolderId}"]["post"]["responses"]["200"]["content"]["application/json"]
    assert media["example"] == {"Name": "a.pdf"}
    # a string property keeps a string example, even one that looks like JSON
    assert doc["components"]["schemas"]["File"]["properties"]["Name"]["example"] == '{"not": "parsed"}'


def test_recursive_groups_are_found() -> None:
    assert recursive_schema_groups(small_doc()) == [["Invoice", "Payment"], ["Node"]]


def test_schema_cycles_are_unrolled_then_left_unchecked() -> None:
    doc = small_doc()
    assert schema_cycles(doc) > 0
    assert recursive_schema_groups(doc) == []
    schemas = doc["components"]["schemas"]
    # level 1 keeps the original names, so every reference from outside still works
    assert schemas["Invoices"]["properties"]["Invoices"]["items"] == {"$ref": "#/components/schemas/Invoice"}
    chain = []
    node: Any = schemas["Invoice"]
    for _ in range(CYCLE_DEPTH * 2):
        ref = node["properties"].get("Payments", node["properties"].get("Invoice"))
        ref = ref.get("items", ref)
        if "$ref" not in ref:
            break
        chain.append(ref["$ref"].rsplit("/", 1)[-1])
        node = resolve(doc, ref)
    assert chain[0] == level_name("Payment", 2)
    assert len(chain) == CYCLE_DEPTH - 1
    # what lies beyond the last level is anything, and the rest of the schema is untouched
    assert schemas[level_name("Payment", CYCLE_DEPTH)]["properties"]["Amount"] == {"type": "number"}


def test_mock_document_is_a_copy_and_counts_every_transformation() -> None:
    doc = small_doc()
    before = copy.deepcopy(doc)
    mocked, counts = mock_document(doc)
    assert doc == before
    assert list(counts) == [t.name for t in TRANSFORMATIONS]
    assert mocked["info"]["x-mock-transformations"] == counts
    assert operation_ids(mocked) == operation_ids(doc)
    again, _ = mock_document(mocked)
    assert again["paths"] == mocked["paths"]


# ---------------------------------------------------------------------------- the real documents


@pytest.mark.parametrize("api", REST_APIS)
def test_real_document_keeps_every_operation(api: str) -> None:
    normalised = json.loads(ensure_normalised(api).read_text(encoding="utf-8"))
    mocked = json.loads(ensure_mock_document(api).read_text(encoding="utf-8"))
    assert operation_ids(mocked) == operation_ids(normalised)
    keys = [template_key(p) for p in mocked["paths"]]
    assert len(keys) == len(set(keys)), "colliding templates left"
    assert recursive_schema_groups(mocked) == []
    for path, _method, op, _item in operations(mocked):
        assert not path.endswith("/pdf") or "x-path" not in op
        for status, response in (op.get("responses") or {}).items():
            for media in (resolve(mocked, response).get("content") or {}).values():
                example = media.get("example")
                schema = resolve(mocked, media.get("schema") or {})
                if isinstance(example, str) and schema.get("type") in ("object", "array"):
                    pytest.fail(f"{api} {path} {status}: example still a string: {example[:60]!r}")


def test_real_accounting_pdf_and_attachment_routes() -> None:
    mocked = json.loads(ensure_mock_document("accounting").read_text(encoding="utf-8"))
    invoice = mocked["paths"]["/Invoices/{InvoiceID}"]["get"]
    assert set(invoice["x-mock-merged"]) == {"getInvoice", "getInvoiceAsPdf"}
    assert "application/pdf" in invoice["responses"]["200"]["content"]
    attachments = mocked["paths"]["/Invoices/{InvoiceID}/Attachments/{AttachmentID}"]
    assert set(attachments["get"]["x-mock-merged"]) == {
        "getInvoiceAttachmentById",
        "getInvoiceAttachmentByFileName",
    }
    assert {"put", "post"} <= set(attachments)
    counts = mocked["info"]["x-mock-transformations"]
    assert counts["pdf-real-path"] == 4
    assert counts["colliding-templates"] == 14
