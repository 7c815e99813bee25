"""codegen/api_diff/: the API-surface differ, on synthetic documents and on 16.0.0 -> 16.1.0."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

from codegen.api_diff import (
    CHANGE_SECTIONS,
    DocumentRef,
    describe,
    diff_dirs,
    diff_surfaces,
    documents,
    extract_surface,
    load_yaml,
    main,
    render_text,
)
from specs.fetch import load_lock

# --------------------------------------------------------------------------- synthetic


def base_doc() -> dict[str, Any]:
    return {
        "openapi": "3.0.0",
        "info": {"title": "Test", "version": "1.0.0"},
        "servers": [{"url": "https://api.example.com/1.0"}],
        "security": [{"OAuth2": ["things.read"]}],
        "paths": {
            "/Things": {
                "parameters": [{"$ref": "#/components/parameters/tenant"}],
                "get": {
                    "operationId": "getThings",
                    "summary": "Lists things",
                    "parameters": [
                        {"in": "query", "name": "page", "schema": {"type": "integer"}},
                        {
                            "in": "query",
                            "name": "status",
                            "schema": {"type": "string", "enum": ["OPEN", "CLOSED"]},
                        },
                    ],
                    "responses": {
                        "200": {
                            "description": "ok",
                            "content": {
                                "application/json": {"schema": {"$ref": "#/components/schemas/Things"}}
                            },
                        }
                    },
                },
                "put": {
                    "operationId": "createThings",
                    "requestBody": {"$ref": "#/components/requestBodies/things"},
                    "responses": {"200": {"$ref": "#/components/responses/things"}},
                },
            },
            "/Things/{ThingID}": {
                "get": {
                    "operationId": "getThing",
                    "parameters": [
                        {"in": "path", "name": "ThingID", "schema": {"type": "string", "format": "uuid"}}
                    ],
                    "responses": {"200": {"$ref": "#/components/responses/things"}},
                }
            },
        },
        "components": {
            "parameters": {
                "tenant": {
                    "in": "header",
                    "name": "xero-tenant-id",
                    "required": True,
                    "schema": {"type": "string"},
                }
            },
            "requestBodies": {
                "things": {
                    "required": True,
                    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Things"}}},
                }
            },
            "responses": {
                "things": {
                    "description": "ok",
                    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Things"}}},
                }
            },
            "securitySchemes": {
                "OAuth2": {
                    "type": "oauth2",
                    "flows": {
                        "authorizationCode": {
                            "authorizationUrl": "https://login.example.com",
                            "tokenUrl": "https://token.example.com",
                            "scopes": {"things.read": "read", "things": "write"},
                        }
                    },
                }
            },
            "schemas": {
                "Things": {
                    "type": "object",
                    "properties": {
                        "Things": {"type": "array", "items": {"$ref": "#/components/schemas/Thing"}}
                    },
                },
                "Thing": {
                    "type": "object",
                    "required": ["ThingID"],
                    "properties": {
                        "ThingID": {"type": "string", "format": "uuid"},
                        "Name": {"type": "string", "description": "The name"},
                        "Amount": {"type": "number", "format": "double"},
                        "Kind": {"type": "string", "enum": ["A", "B"]},
                        "Currency": {"$ref": "#/components/schemas/CurrencyCode"},
                        "Tags": {"type": "array", "items": {"type": "string", "enum": ["red", "blue"]}},
                        "Settings": {
                            "type": "object",
                            "properties": {"Mode": {"type": "string", "enum": ["on", "off"]}},
                        },
                    },
                },
                "CurrencyCode": {"type": "string", "enum": ["NZD", "AUD", "NO"]},
            },
        },
    }


def diff(old: dict[str, Any], new: dict[str, Any], *, docs: bool = False) -> dict[str, Any]:
    return diff_surfaces(extract_surface(old), extract_surface(new), docs=docs)


def only(report: dict[str, Any], *sections: str) -> None:
    """Every change section outside ``sections`` is empty."""
    extra = {s: report[s] for s in CHANGE_SECTIONS if s not in sections and report[s]}
    assert extra == {}


def test_identical_documents_have_no_changes() -> None:
    report = diff(base_doc(), base_doc(), docs=True)
    only(report)


def test_examples_and_extensions_are_not_surface() -> None:
    new = base_doc()
    new["info"]["version"] = "2.0.0"
    new["paths"]["/Things"]["get"]["responses"]["200"]["content"]["application/json"]["example"] = {"a": 1}
    new["components"]["schemas"]["Thing"]["properties"]["Name"]["example"] = "x"
    new["components"]["schemas"]["Thing"]["properties"]["Name"]["x-snake"] = "name"
    only(diff(base_doc(), new))


def test_operation_added_and_removed() -> None:
    new = base_doc()
    del new["paths"]["/Things/{ThingID}"]
    new["paths"]["/Things"]["post"] = {
        "operationId": "updateThings",
        "responses": {"200": {"description": "ok"}},
    }
    report = diff(base_doc(), new)
    only(report, "operations_added", "operations_removed")
    assert report["operations_added"] == [
        {"method": "POST", "path": "/Things", "operationId": "updateThings"}
    ]
    assert report["operations_removed"] == [
        {"method": "GET", "path": "/Things/{ThingID}", "operationId": "getThing"}
    ]


def test_operation_changes() -> None:
    new = base_doc()
    get = new["paths"]["/Things"]["get"]
    get["operationId"] = "listThings"
    get["deprecated"] = True
    get["security"] = [{"OAuth2": ["things.read", "things"]}]
    get["responses"]["404"] = {"description": "missing"}
    new["components"]["requestBodies"]["things"]["content"]["application/json"]["schema"] = {
        "type": "array",
        "items": {"$ref": "#/components/schemas/Thing"},
    }
    report = diff(base_doc(), new)
    only(report, "operations_changed")
    by_op = {o["operationId"]: o for o in report["operations_changed"]}
    assert {c["attribute"]: (c["old"], c["new"]) for c in by_op["listThings"]["changes"]} == {
        "operationId": ("getThings", "listThings"),
        "deprecated": (False, True),
        "security": (["things.read"], ["things", "things.read"]),
        "response 404": (None, "(no body)"),
    }
    assert by_op["createThings"]["changes"] == [
        {
            "attribute": "request",
            "old": "required application/json: Things",
            "new": "required application/json: array<Thing>",
        }
    ]


def test_parameter_added_removed_changed() -> None:
    new = base_doc()
    params = new["paths"]["/Things"]["get"]["parameters"]
    params[0] = {"in": "query", "name": "page", "required": True, "schema": {"type": "string"}}
    params.append({"in": "query", "name": "includeDeleted", "schema": {"type": "boolean"}})
    new["components"]["parameters"]["tenant"]["name"] = "Xero-Tenant-Id"  # shared, via $ref
    report = diff(base_doc(), new)
    only(report, "operations_changed")
    by_op = {o["operationId"]: o for o in report["operations_changed"]}
    assert set(by_op) == {"getThings", "createThings"}  # both inherit the path-level parameter
    get = by_op["getThings"]
    assert get["changes"] == []
    assert get["parameters_changed"] == [
        {
            "name": "page",
            "in": "query",
            "changes": [
                {"attribute": "type", "old": "integer", "new": "string"},
                {"attribute": "required", "old": False, "new": True},
            ],
        }
    ]
    added = {p["name"]: p for p in get["parameters_added"]}
    assert added["includeDeleted"] == {
        "name": "includeDeleted",
        "in": "query",
        "type": "boolean",
        "required": False,
        "enum": None,
    }
    assert added["Xero-Tenant-Id"]["required"] is True
    assert [p["name"] for p in get["parameters_removed"]] == ["xero-tenant-id"]
    text = render_text(_wrap(report))
    assert "~ parameter page (query): type: integer -> string; required: no -> yes" in text
    assert "+ parameter includeDeleted (query): boolean, optional" in text


def test_named_schema_enum_values() -> None:
    new = base_doc()
    new["components"]["schemas"]["CurrencyCode"]["enum"] = ["NZD", "AUD", "NO", "ZWG"]
    report = diff(base_doc(), new)
    only(report, "enum_values_added")
    assert report["enum_values_added"] == [
        {"enum": "CurrencyCode", "kind": "schema", "values": ["ZWG"], "was_enum": True}
    ]
    new["components"]["schemas"]["CurrencyCode"]["enum"] = ["NZD", "ZWG"]
    report = diff(base_doc(), new)
    only(report, "enum_values_added", "enum_values_removed")
    assert report["enum_values_removed"] == [
        {"enum": "CurrencyCode", "kind": "schema", "values": ["AUD", "NO"], "still_enum": True}
    ]


def test_inline_property_array_nested_and_parameter_enums() -> None:
    new = base_doc()
    props = new["components"]["schemas"]["Thing"]["properties"]
    props["Kind"]["enum"].append("C")
    props["Tags"]["items"]["enum"].remove("blue")
    props["Settings"]["properties"]["Mode"]["enum"].append("auto")
    new["paths"]["/Things"]["get"]["parameters"][1]["schema"]["enum"].append("VOIDED")
    report = diff(base_doc(), new)
    only(report, "enum_values_added", "enum_values_removed")
    assert [(e["enum"], e["kind"], e["values"]) for e in report["enum_values_added"]] == [
        ("GET /Things query:status", "parameter", ["VOIDED"]),
        ("Thing.Kind", "property", ["C"]),
        ("Thing.Settings.Mode", "property", ["auto"]),
    ]
    assert [(e["enum"], e["values"]) for e in report["enum_values_removed"]] == [("Thing.Tags", ["blue"])]


def test_const_oneof_is_an_enum() -> None:
    old = base_doc()
    old["components"]["schemas"]["Thing"]["properties"]["Kind"] = {
        "type": "string",
        "oneOf": [{"const": "CREATE"}, {"const": "UPDATE"}],
    }
    new = copy.deepcopy(old)
    new["components"]["schemas"]["Thing"]["properties"]["Kind"]["oneOf"].append({"const": "DELETE"})
    report = diff(old, new)
    only(report, "enum_values_added")
    assert report["enum_values_added"][0]["values"] == ["DELETE"]


def test_field_type_format_ref_and_flags_changed() -> None:
    new = base_doc()
    props = new["components"]["schemas"]["Thing"]["properties"]
    props["Name"] = {"type": "integer", "readOnly": True, "description": "The name"}
    props["Amount"]["format"] = "float"
    props["Currency"] = {"$ref": "#/components/schemas/Money"}
    new["components"]["schemas"]["Thing"]["required"] = ["ThingID", "Amount"]
    new["components"]["schemas"]["Things"]["properties"]["Things"]["items"] = {
        "$ref": "#/components/schemas/Item"
    }
    report = diff(base_doc(), new)
    only(report, "fields_changed")
    changes = {f"{f['model']}.{f['field']}": f["changes"] for f in report["fields_changed"]}
    assert changes == {
        "Thing.Amount": [
            {"attribute": "type", "old": "number(double)", "new": "number(float)"},
            {"attribute": "required", "old": False, "new": True},
        ],
        "Thing.Currency": [{"attribute": "type", "old": "CurrencyCode", "new": "Money"}],
        "Thing.Name": [
            {"attribute": "type", "old": "string", "new": "integer"},
            {"attribute": "readOnly", "old": False, "new": True},
        ],
        "Things.Things": [{"attribute": "type", "old": "array<Thing>", "new": "array<Item>"}],
    }
    text = render_text(_wrap(report))
    assert "~ Thing.Name: type: string -> integer; readOnly: no -> yes" in text


def test_fields_and_models_added_removed() -> None:
    new = base_doc()
    schemas = new["components"]["schemas"]
    schemas["Thing"]["properties"]["Status"] = {
        "type": "string",
        "readOnly": True,
        "enum": ["AUTHORISED", "DELETED"],
    }
    del schemas["Thing"]["properties"]["Amount"]
    schemas["Thing"]["properties"]["Settings"]["properties"]["Level"] = {"type": "integer"}
    schemas["TrackingReference"] = {
        "type": "object",
        "required": ["TrackingCategoryID"],
        "properties": {
            "TrackingCategoryID": {"type": "string", "format": "uuid"},
            "Name": {"type": "string"},
        },
    }
    del schemas["Things"]
    report = diff(base_doc(), new)
    only(report, "fields_added", "fields_removed", "models_added", "models_removed")
    assert [
        (f["model"], f["field"], f["type"], f["enum"], f["readOnly"]) for f in report["fields_added"]
    ] == [
        ("Thing", "Settings.Level", "integer", None, False),
        ("Thing", "Status", "string", ["AUTHORISED", "DELETED"], True),
    ]
    assert [(f["model"], f["field"]) for f in report["fields_removed"]] == [("Thing", "Amount")]
    assert [m["name"] for m in report["models_added"]] == ["TrackingReference"]
    assert report["models_added"][0]["fields"][1] == {
        "field": "TrackingCategoryID",
        "type": "string(uuid)",
        "required": True,
        "readOnly": False,
        "enum": None,
    }
    assert [m["name"] for m in report["models_removed"]] == ["Things"]
    text = render_text(_wrap(report))
    assert "+ Thing.Status: string, enum[AUTHORISED, DELETED], optional, read-only" in text
    assert "+ TrackingReference: object {Name, TrackingCategoryID*}  (* required)" in text


def test_array_model_of_inline_objects() -> None:
    old = base_doc()
    old["components"]["schemas"]["Rows"] = {
        "type": "array",
        "items": {"type": "object", "properties": {"Cells": {"type": "array", "items": {"type": "string"}}}},
    }
    new = copy.deepcopy(old)
    new["components"]["schemas"]["Rows"]["items"]["properties"]["RowType"] = {
        "type": "string",
        "enum": ["Header"],
    }
    report = diff(old, new)
    only(report, "fields_added")
    assert [(f["model"], f["field"], f["enum"]) for f in report["fields_added"]] == [
        ("Rows", "[].RowType", ["Header"])
    ]
    assert extract_surface(new)["models"]["Rows"]["type"] == "array<object>"


def test_model_type_changed_and_enum_introduced() -> None:
    new = base_doc()
    new["components"]["schemas"]["Things"] = {
        "type": "array",
        "items": {"$ref": "#/components/schemas/Thing"},
    }
    new["components"]["schemas"]["Thing"]["properties"]["Name"]["enum"] = ["x"]
    report = diff(base_doc(), new)
    only(report, "models_changed", "fields_removed", "enum_values_added")
    assert report["models_changed"] == [
        {"name": "Things", "changes": [{"attribute": "type", "old": "object", "new": "array<Thing>"}]}
    ]
    assert report["enum_values_added"] == [
        {"enum": "Thing.Name", "kind": "property", "values": ["x"], "was_enum": False}
    ]


def test_document_level_changes_and_docs_flag() -> None:
    new = base_doc()
    new["servers"] = [{"url": "https://api.example.com/2.0"}]
    new["components"]["securitySchemes"]["OAuth2"]["flows"]["authorizationCode"]["scopes"]["extra"] = "x"
    new["components"]["schemas"]["Thing"]["properties"]["Name"]["description"] = "The display name"
    new["paths"]["/Things"]["get"]["summary"] = "Retrieves things"
    assert diff(base_doc(), new)["docs_changed"] == []
    report = diff(base_doc(), new, docs=True)
    only(report, "document_changes", "docs_changed")
    assert report["document_changes"] == [
        {
            "attribute": "servers",
            "old": ["https://api.example.com/1.0"],
            "new": ["https://api.example.com/2.0"],
        },
        {"attribute": "scopes", "added": ["extra"], "removed": []},
    ]
    assert [(d["location"], d["attribute"]) for d in report["docs_changed"]] == [
        ("GET /Things", "summary"),
        ("Thing.Name", "description"),
    ]


def test_webhooks_and_31_types() -> None:
    old: dict[str, Any] = {
        "openapi": "3.1.1",
        "info": {"title": "Hooks", "version": "1"},
        "webhooks": {"invoices": {"post": {"operationId": "publishInvoiceEvent", "responses": {}}}},
        "components": {
            "schemas": {
                "Event": {
                    "properties": {
                        "events": {
                            "type": "array",
                            "items": {"type": "object", "properties": {"id": {"type": ["string", "null"]}}},
                        }
                    }
                }
            }
        },
    }
    new = copy.deepcopy(old)
    new["webhooks"]["contacts"] = {"post": {"operationId": "publishContactEvent", "responses": {}}}
    new["components"]["schemas"]["Event"]["properties"]["events"]["items"]["properties"]["id"]["type"] = (
        "string"
    )
    report = diff(old, new)
    only(report, "operations_added", "fields_changed")
    assert report["operations_added"] == [
        {"method": "POST", "path": "webhook:contacts", "operationId": "publishContactEvent"}
    ]
    assert report["fields_changed"] == [
        {
            "model": "Event",
            "field": "events[].id",
            "changes": [{"attribute": "type", "old": "string|null", "new": "string"}],
        }
    ]


def test_describe() -> None:
    assert describe({"$ref": "#/components/schemas/Invoice", "type": "string"}) == "Invoice"
    assert describe({"type": "array", "items": {"type": "string", "format": "uuid"}}) == "array<string(uuid)>"
    assert describe({"type": "object", "additionalProperties": {"type": "number"}}) == "map<number>"
    assert describe({"type": "object", "properties": {"a": {"type": "string"}}}) == "object"
    assert (
        describe(
            {"type": "object", "required": ["a"], "properties": {"a": {"type": "string", "enum": ["x"]}}},
            deep=True,
        )
        == "object{a*: string enum[x]}"
    )
    assert (
        describe({"oneOf": [{"$ref": "#/components/schemas/A"}, {"type": "integer"}]}) == "oneOf[A | integer]"
    )
    assert describe(None) == "any"


def test_yaml_scalars_are_read_as_the_generator_reads_them(tmp_path: Path) -> None:
    """The project's loader plus the normaliser's scalar rewrites: string enum members keep
    the text (a bare NO is Norway), other booleans are booleans, dates stay text."""
    path = tmp_path / "doc.yaml"
    path.write_text(
        "CountryCode:\n  type: string\n  enum: [NO, N, yes, 'off', true]\n"
        "Flag:\n  type: boolean\n  readOnly: true\n  nullable: false\n  enum: [true, false]\n"
        "Date:\n  type: string\n  example: 2019-08-01\n",
        encoding="utf-8",
    )
    doc = load_yaml(path)
    assert doc == {
        "CountryCode": {"type": "string", "enum": ["NO", "N", "yes", "off", "true"]},
        "Flag": {"type": "boolean", "readOnly": True, "nullable": False, "enum": [True, False]},
        "Date": {"type": "string", "example": "2019-08-01"},
    }
    assert type(doc["CountryCode"]["enum"][0]) is str and type(doc["Date"]["example"]) is str
    assert doc["Flag"]["readOnly"] is True and doc["Flag"]["nullable"] is False


def _wrap(api_report: dict[str, Any]) -> dict[str, Any]:
    return {
        "old": "old",
        "new": "new",
        "only_in_old": [],
        "only_in_new": [],
        "in_neither": [],
        "apis": {
            "test": {
                "title": "Test",
                "file": "test.yaml",
                "old_version": "1",
                "new_version": "2",
                "changed": any(api_report[s] for s in CHANGE_SECTIONS),
                **api_report,
            }
        },
    }


# --------------------------------------------------------------------------- folders


def _write(folder: Path, name: str, doc: dict[str, Any]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_text(json.dumps(doc), encoding="utf-8")  # JSON is YAML


def test_documents_present_on_one_side_only(tmp_path: Path) -> None:
    refs = [DocumentRef("a", "A", "a.yaml"), DocumentRef("b", "B", "b.yaml"), DocumentRef("c", "C", "c.yaml")]
    refs.append(DocumentRef("d", "D", "d.yaml"))
    _write(tmp_path / "old", "a.yaml", base_doc())
    _write(tmp_path / "new", "a.yaml", base_doc())
    _write(tmp_path / "old", "b.yaml", base_doc())
    _write(tmp_path / "new", "c.yaml", base_doc())
    report = diff_dirs(tmp_path / "old", tmp_path / "new", documents=refs, jobs=1)
    assert list(report["apis"]) == ["a"]
    assert report["apis"]["a"]["changed"] is False
    assert report["only_in_old"] == [{"api": "b", "title": "B", "file": "b.yaml"}]
    assert report["only_in_new"] == [{"api": "c", "title": "C", "file": "c.yaml"}]
    assert report["in_neither"] == [{"api": "d", "title": "D", "file": "d.yaml"}]
    text = render_text(report)
    assert "Only in old (removed?): b - B (b.yaml)" in text
    assert "Only in new (added?): c - C (c.yaml)" in text


def test_each_distinct_document_is_parsed_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    refs = [DocumentRef("a", "A", "a.yaml"), DocumentRef("b", "B", "b.yaml")]
    changed = base_doc()
    changed["components"]["schemas"]["CurrencyCode"]["enum"].append("ZWG")
    for folder in ("old", "new"):
        _write(tmp_path / folder, "b.yaml", base_doc())
    _write(tmp_path / "old", "a.yaml", base_doc())
    _write(tmp_path / "new", "a.yaml", changed)
    parsed: list[str] = []
    real = documents._surface_of_file

    def counting(path: str) -> dict[str, Any]:
        parsed.append(Path(path).relative_to(tmp_path).as_posix())
        return real(path)

    monkeypatch.setattr(documents, "_surface_of_file", counting)
    report = diff_dirs(tmp_path / "old", tmp_path / "new", documents=refs, jobs=1)
    assert len(parsed) == 2  # old/a.yaml == old/b.yaml == new/b.yaml, and new/a.yaml
    assert "new/a.yaml" in parsed
    assert report["apis"]["a"]["enum_values_added"][0]["values"] == ["ZWG"]
    assert report["apis"]["b"]["changed"] is False


def test_parallel_parsing_matches_serial(tmp_path: Path) -> None:
    refs = [DocumentRef("a", "A", "a.yaml"), DocumentRef("b", "B", "b.yaml")]
    changed = base_doc()
    changed["paths"]["/Things"]["get"]["parameters"].pop()
    for folder, doc in (("old", base_doc()), ("new", changed)):
        _write(tmp_path / folder, "a.yaml", doc)
        _write(tmp_path / folder, "b.yaml", {**doc, "info": {"title": "B", "version": folder}})
    serial = diff_dirs(tmp_path / "old", tmp_path / "new", documents=refs, jobs=1)
    parallel = diff_dirs(tmp_path / "old", tmp_path / "new", documents=refs, jobs=2)
    assert serial == parallel
    assert serial["apis"]["b"]["operations_changed"][0]["parameters_removed"][0]["name"] == "status"


# --------------------------------------------------------------------------- 16.0.0 -> 16.1.0


@pytest.fixture(scope="session")
def release_report(old_specs: Path, shared_specs: Path) -> dict[str, Any]:
    return diff_dirs(old_specs, shared_specs, docs=True)


def test_release_compares_all_13_documents(release_report: dict[str, Any]) -> None:
    assert len(release_report["apis"]) == 13
    assert release_report["only_in_old"] == release_report["in_neither"] == []
    for api, data in release_report["apis"].items():
        assert (data["old_version"], data["new_version"]) == ("16.0.0", "16.1.0"), api
        assert data["changed"] is (api == "accounting"), api


def test_release_bank_transfer_fields(release_report: dict[str, Any]) -> None:
    acc = release_report["apis"]["accounting"]
    added = {(f["model"], f["field"]): f for f in acc["fields_added"]}
    assert added[("BankTransfer", "Status")]["type"] == "string"
    assert added[("BankTransfer", "Status")]["enum"] == ["AUTHORISED", "DELETED"]
    assert added[("BankTransfer", "Status")]["readOnly"] is True
    assert added[("BankTransfer", "FromTracking")]["type"] == "array<TrackingReference>"
    assert added[("BankTransfer", "ToTracking")]["type"] == "array<TrackingReference>"
    assert sorted(added) == sorted(
        [("BankTransfer", "FromTracking"), ("BankTransfer", "Status"), ("BankTransfer", "ToTracking")]
        + [
            (m, "UpdatedDateUTCString")
            for m in ("CreditNote", "Invoice", "Overpayment", "Payment", "Prepayment")
        ]
    )


def test_release_accounting_is_exactly_this(release_report: dict[str, Any]) -> None:
    """Every change between 16.0.0 and 16.1.0 (found by diffing the files line by line)."""
    acc = release_report["apis"]["accounting"]
    only(acc, "operations_added", "operations_changed", "models_added", "fields_added", "docs_changed")
    assert acc["operations_added"] == [
        {"method": "POST", "path": "/BankTransfers", "operationId": "deleteBankTransfers"},
        {"method": "POST", "path": "/BankTransfers/{BankTransferID}", "operationId": "deleteBankTransfer"},
    ]
    assert acc["operations_changed"] == [
        {
            "method": "GET",
            "path": "/BankTransfers",
            "operationId": "getBankTransfers",
            "changes": [],
            "parameters_added": [
                {"name": "includeDeleted", "in": "query", "type": "boolean", "required": False, "enum": None}
            ],
            "parameters_removed": [],
            "parameters_changed": [],
        }
    ]
    models = {
        m["name"]: [(f["field"], f["type"], f["required"]) for f in m["fields"]] for m in acc["models_added"]
    }
    assert models == {
        "BankTransferDelete": [("BankTransferID", "string(uuid)", True), ("Status", "string", True)],
        "BankTransferDeleteByUrlParam": [("Status", "string", True)],
        "BankTransfersDelete": [("BankTransfers", "array<BankTransferDelete>", False)],
        "TrackingReference": [
            ("Name", "string", False),
            ("Option", "string", False),
            ("TrackingCategoryID", "string(uuid)", True),
            ("TrackingOptionID", "string(uuid)", True),
        ],
    }
    assert acc["docs_changed"] == [
        {
            "location": "Invoice.UpdatedDateUTC",
            "attribute": "description",
            "old": "Last modified date UTC format",
            "new": "UTC timestamp of last update to the invoice",
        }
    ]


def test_release_text_output(release_report: dict[str, Any]) -> None:
    text = render_text(release_report)
    for line in (
        "accounting - Accounting (xero_accounting.yaml, 16.0.0 -> 16.1.0)",
        "    + POST /BankTransfers  deleteBankTransfers",
        "    ~ GET /BankTransfers  getBankTransfers",
        "        + parameter includeDeleted (query): boolean, optional",
        "    + BankTransfer.Status: string, enum[AUTHORISED, DELETED], optional, read-only",
        "    + BankTransfer.FromTracking: array<TrackingReference>, optional",
        "    + BankTransfer.ToTracking: array<TrackingReference>, optional",
        "payroll_au_v2 - Payroll AU v2 (xero-payroll-au-v2.yaml, 16.0.0 -> 16.1.0)",
        "Summary: 1 of 13 APIs changed (accounting): 2 operations added, 1 operation changed, "
        "4 models added, 8 fields added",
    ):
        assert line in text.splitlines(), line


def test_identical_dirs_report_nothing(shared_specs: Path) -> None:
    report = diff_dirs(shared_specs, shared_specs, docs=True)
    count = len(load_lock().documents)  # the release's and Bank Feeds v2 (next/)
    assert len(report["apis"]) == count
    for data in report["apis"].values():
        assert data["changed"] is False
        assert all(data[s] == [] for s in CHANGE_SECTIONS)
    assert render_text(report).endswith(f"Summary: no API-surface changes in {count} APIs\n")


def test_cli(
    old_specs: Path,
    shared_specs: Path,
    release_report: dict[str, Any],
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main([str(old_specs), str(shared_specs), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["apis"]["accounting"]["fields_added"] == release_report["apis"]["accounting"]["fields_added"]
    assert "docs_changed" in data["apis"]["accounting"] and data["apis"]["accounting"]["docs_changed"] == []

    assert main([str(old_specs), str(shared_specs), "--api", "accounting", "--api", "webhooks"]) == 0
    text = capsys.readouterr().out
    assert "+ POST /BankTransfers/{BankTransferID}  deleteBankTransfer" in text
    assert "webhooks - Webhooks" in text and "payroll_uk" not in text

    with pytest.raises(SystemExit) as info:
        main([str(old_specs), str(shared_specs), "--api", "nope"])
    assert info.value.code == 2
    assert "unknown API key(s): nope" in capsys.readouterr().err


def test_bank_feeds_v2_shows_as_added_with_its_operations(release_report: dict[str, Any]) -> None:
    """16.0.0 has no Bank Feeds v2; the shared folder holds it (in next/): it is reported as
    added, with its five operations."""
    assert release_report["only_in_new"] == [
        {"api": "bankfeeds_v2", "title": "Bank Feeds v2", "file": "xero_bankfeeds_v2.yaml"}
    ]
    ops = release_report["operations_of_added_documents"]["bankfeeds_v2"]
    assert sorted(o["operationId"] for o in ops) == [
        "createFeedConnectionsForExistingAccounts",
        "createFeedConnectionsForNewAccounts",
        "deleteFeedConnections",
        "getFeedConnection",
        "getFeedConnections",
    ]
    text = render_text(release_report)
    assert "Only in new (added?): bankfeeds_v2 - Bank Feeds v2 (xero_bankfeeds_v2.yaml)" in text
    assert "  + POST /FeedConnections/ExistingAccount  createFeedConnectionsForExistingAccounts" in text
