"""The generator driver: fails loudly on any generator warning, and check-generated sees edits."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from codegen.check import compare
from codegen.generate import generate_api


def tiny_doc(header_format: str) -> dict[str, object]:
    return {
        "openapi": "3.0.0",
        "info": {"title": "Accounting", "version": "1"},
        "paths": {
            "/Things": {
                "get": {
                    "operationId": "getThings",
                    "tags": ["Accounting"],
                    "x-sdk-tenant": True,
                    "parameters": [
                        {
                            "in": "header",
                            "name": "If-Modified-Since",
                            "schema": {"type": "string", "format": header_format},
                        }
                    ],
                    "responses": {
                        "200": {
                            "description": "ok",
                            "content": {
                                "application/json": {"schema": {"$ref": "#/components/schemas/Things"}}
                            },
                        }
                    },
                }
            }
        },
        "components": {"schemas": {"Things": {"type": "object", "properties": {"Name": {"type": "string"}}}}},
    }


def run(tmp_path: Path, doc: dict[str, object]) -> list[str]:
    src = tmp_path / "doc.json"
    src.write_text(json.dumps(doc))
    return generate_api("accounting", src, tmp_path / "out", "test", "doc.json")


def test_a_dropped_operation_fails_the_run(tmp_path: Path) -> None:
    messages = run(tmp_path, tiny_doc("date-time"))
    assert messages, "the generator dropped getThings and the driver did not notice"
    assert any("will not be generated" in m for m in messages), messages


def test_a_clean_document_generates_its_operation(tmp_path: Path) -> None:
    assert run(tmp_path, tiny_doc("")) == []
    facade = (tmp_path / "out" / "facade.py").read_text()
    assert "class _AccountingMethods(\n        ThingsMethods,\n    ):" in facade
    assert "class _AsyncAccountingMethods(\n        AsyncThingsMethods,\n    ):" in facade
    assert '"methods.things": (\n                "ThingsMethods",' in facade
    methods = (tmp_path / "out" / "methods" / "things.py").read_text()
    assert "def get_things(" in methods and "async def get_things(" in methods
    assert (tmp_path / "out" / "models" / "things.py").exists()


def test_check_generated_reports_edits_additions_and_removals(tmp_path: Path) -> None:
    a, b = tmp_path / "a", tmp_path / "b"
    for root in (a, b):
        (root / "pkg").mkdir(parents=True)
        (root / "pkg" / "same.py").write_text("x = 1\n")
    (a / "pkg" / "edited.py").write_text("x = 1\n")
    (b / "pkg" / "edited.py").write_text("x = 2\n")
    (a / "pkg" / "hand_written.py").write_text("")
    (b / "pkg" / "new.py").write_text("")
    problems = compare(a, b)
    assert any(p.startswith("differs:") and p.endswith("edited.py") for p in problems)
    assert any(p.startswith("only in generated/:") and p.endswith("hand_written.py") for p in problems)
    assert any(p.startswith("missing from generated/:") and p.endswith("new.py") for p in problems)
    assert not any(p.endswith("same.py") for p in problems)


def test_an_api_ordering_without_where_is_refused(tmp_path: Path) -> None:
    """``order`` is checked through the models' field references, which only where-APIs get."""
    doc = tiny_doc("")
    get = doc["paths"]["/Things"]["get"]  # type: ignore[index]
    get["parameters"].append({"in": "query", "name": "order", "schema": {"type": "string"}})
    with pytest.raises(ValueError, match="take order but none takes where"):
        run(tmp_path, doc)
    get["parameters"].append({"in": "query", "name": "where", "schema": {"type": "string"}})
    assert run(tmp_path, doc) == []
    assert "class ThingsFields(Fields):" in (tmp_path / "out" / "models" / "things.py").read_text()
