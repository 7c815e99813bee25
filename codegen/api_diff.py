"""API-surface diff between two folders of Xero OpenAPI documents.

Usage::

    python -m codegen.api_diff OLD_DIR NEW_DIR [--json] [--docs] [--api KEY ...]
    make api-diff OLD=<dir> NEW=<dir>

The documents compared are the files named in ``specs/lock.json``; a document present in
only one of the folders is noted.  For each API it reports

- operations added / removed / changed (method + path, operationId; for a changed
  operation: operationId, deprecation, security scopes, request body, responses, and
  parameters added / removed / changed by name, location, type and required),
- models (``components/schemas``) added / removed / changed (the model's own type),
- model fields added / removed / changed (type, format, ``$ref``, required, read-only,
  nullable, deprecated, default); nested inline objects are reported as dotted paths
  (``Settings.TrackingCategories.EmployeeGroups``, ``WebhookEvent.events[].eventType``),
- enum values added / removed, for named schema enums (``CurrencyCode``), inline property
  enums (``BankTransfer.Status``) and inline parameter enums (``GET /Invoices query:Statuses``);
  ``oneOf`` lists of ``const`` (OpenAPI 3.1, webhooks) count as enums,
- document-level changes: OpenAPI version, servers, OAuth2 scopes, and
- with ``--docs``, changed summaries and descriptions as well.

Examples and vendor extensions are not part of the surface and are ignored.  The output is
plain text in a stable order, or JSON with ``--json``; the exit status is 0 whatever the
diff (2 for bad usage).

Documents are read as the generator reads them: with the project's loader
(:mod:`codegen.normalise.loader`, PyYAML's C loader), then the normaliser's three YAML-scalar
rewrites, so a bare ``NO`` in a string enum stays the text ``NO``, ``true``/``false`` are
booleans and unquoted dates stay the text Xero wrote.  The normaliser's other rewrites are not
applied: the surface compared is the documents' as Xero wrote them (tenant header, ``$ref``
siblings, webhooks and all).  Each distinct document is parsed once, in parallel processes
(``--jobs``).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import sys
from collections.abc import Iterable, Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from codegen.normalise import loader
from codegen.normalise.rewrites import (
    HTTP_METHODS,
    enum_members_read_as_booleans,
    unquoted_timestamps,
    yaml_booleans,
)

__all__ = [
    "DocumentRef",
    "diff_dirs",
    "diff_surfaces",
    "extract_surface",
    "load_yaml",
    "main",
    "render_text",
]

PROJECT_ROOT = Path(__file__).resolve().parents[1]
_METHOD_ORDER = {m.upper(): i for i, m in enumerate(HTTP_METHODS)}
_MAX_DEPTH = 10
_MAX_TEXT_VALUES = 15

Surface = dict[str, Any]
Report = dict[str, Any]

#: Lists in an API's report that count as changes (in output order).
CHANGE_SECTIONS = (
    "document_changes",
    "operations_added",
    "operations_removed",
    "operations_changed",
    "models_added",
    "models_removed",
    "models_changed",
    "fields_added",
    "fields_removed",
    "fields_changed",
    "enum_values_added",
    "enum_values_removed",
    "docs_changed",
)


# =========================================================================== loading


def load_yaml(path: Path) -> Any:
    """Load one document as the generator reads it, before its surface-changing rewrites.

    The project's loader keeps YAML 1.1 booleans and timestamps as marked text; the
    normaliser's scalar rewrites then decide what each one is, in the normaliser's order:
    string enum members keep the text (``NO``, Norway), other booleans become ``bool`` and
    timestamps stay the text as written.
    """
    doc = loader.load_yaml(path)
    for rewrite in (enum_members_read_as_booleans, yaml_booleans, unquoted_timestamps):
        rewrite(doc)
    return doc


def _surface_of_file(path_str: str) -> Surface:
    """Worker: parse one document and extract its surface (small, picklable)."""
    return extract_surface(load_yaml(Path(path_str)))


def load_surfaces(paths: Sequence[Path], *, jobs: int | None = None) -> list[Surface]:
    """Surfaces of ``paths`` (same order): each distinct content parsed once, in parallel
    processes when there is more than one to parse and ``jobs`` allows it."""
    digests = [hashlib.sha256(path.read_bytes()).hexdigest() for path in paths]
    first: dict[str, Path] = {}
    for digest, path in zip(digests, paths, strict=True):
        first.setdefault(digest, path)

    todo = sorted(first, key=lambda d: -first[d].stat().st_size)
    workers = min(len(todo), jobs if jobs is not None else (os.cpu_count() or 1))
    if workers > 1:
        with ProcessPoolExecutor(max_workers=workers) as pool:
            parsed = list(pool.map(_surface_of_file, [str(first[d]) for d in todo]))
    else:
        parsed = [_surface_of_file(str(first[d])) for d in todo]
    surfaces = dict(zip(todo, parsed, strict=True))
    return [surfaces[digest] for digest in digests]


# =========================================================================== surface


def _jsonable(value: Any) -> Any:
    """Enum members and defaults as JSON values (dates and other scalars become strings)."""
    if value is None or isinstance(value, (str, bool, int, float)):
        return value
    if isinstance(value, list):
        return [_jsonable(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    return str(value)


def _mapping(value: Any) -> Mapping[str, Any]:
    return value if isinstance(value, Mapping) else {}


def _value_key(value: Any) -> str:
    return json.dumps(value, sort_keys=True)


def _text(value: Any) -> str:
    return value.strip() if isinstance(value, str) else ""


def ref_name(ref: str) -> str:
    """``#/components/schemas/Invoice`` -> ``Invoice``; any other pointer is kept readable."""
    prefix = "#/components/schemas/"
    return ref[len(prefix) :] if ref.startswith(prefix) else ref


class _Doc:
    """A loaded document with local ``$ref`` resolution."""

    def __init__(self, doc: Mapping[str, Any]) -> None:
        self.doc = doc

    def pointer(self, ref: str) -> Any:
        if not ref.startswith("#/"):
            return None
        node: Any = self.doc
        for raw in ref[2:].split("/"):
            part = raw.replace("~1", "/").replace("~0", "~")
            if isinstance(node, Mapping) and part in node:
                node = node[part]
            elif isinstance(node, list) and part.isdigit() and int(part) < len(node):
                node = node[int(part)]
            else:
                return None
        return node

    def deref(self, node: Any) -> Mapping[str, Any]:
        """Follow ``$ref`` chains (parameters, request bodies, responses)."""
        seen: set[str] = set()
        while isinstance(node, Mapping) and isinstance(node.get("$ref"), str):
            ref = node["$ref"]
            if ref in seen:
                break
            seen.add(ref)
            target = self.pointer(ref)
            if target is None:
                break
            node = target
        return node if isinstance(node, Mapping) else {}


def const_enum(schema: Mapping[str, Any]) -> list[Any] | None:
    """Values of a ``oneOf``/``anyOf`` whose branches are all ``const`` (OpenAPI 3.1)."""
    for key in ("oneOf", "anyOf"):
        branches = schema.get(key)
        if isinstance(branches, list) and branches:
            if all(isinstance(b, Mapping) and "const" in b for b in branches):
                return [b["const"] for b in branches]
    return None


def enum_of(schema: Any) -> list[Any] | None:
    """The enum of a schema (or of its array items), as JSON values; ``None`` if not an enum."""
    if not isinstance(schema, Mapping) or "$ref" in schema:
        return None
    values: Any = schema.get("enum")
    if values is None and "const" in schema:
        values = [schema["const"]]
    if values is None:
        values = const_enum(schema)
    if values is None and schema.get("type") == "array":
        return enum_of(schema.get("items"))
    if not isinstance(values, list):
        return None
    return [_jsonable(v) for v in values]


def describe(schema: Any, *, deep: bool = False, depth: int = 0) -> str:
    """A compact, comparable rendering of a schema's type.

    ``string(uuid)``, ``Invoice`` (a ``$ref``; siblings ignored as in OpenAPI 3.0),
    ``array<LineItem>``, ``map<string>``, ``object``, ``any``, ``oneOf[A | B]``.  With
    ``deep`` (request/response bodies, parameters), inline objects list their properties
    and enums their values, since they have no model of their own to be diffed.
    """
    if not isinstance(schema, Mapping):
        return "any"
    if isinstance(schema.get("$ref"), str):
        return ref_name(schema["$ref"])
    if depth > _MAX_DEPTH:
        return "..."
    typ = schema.get("type")
    if isinstance(typ, list):
        non_null = [str(t) for t in typ if t != "null"]
        base = "|".join(sorted(non_null)) or "null"
        if "null" in typ:
            base += "|null"
    elif isinstance(typ, str):
        base = typ
    elif "properties" in schema or "additionalProperties" in schema:
        base = "object"
    elif "items" in schema:
        base = "array"
    else:
        base = ""

    if base == "array":
        base = f"array<{describe(schema.get('items'), deep=deep, depth=depth + 1)}>"
    elif base == "object" or (base == "" and "additionalProperties" in schema):
        props = schema.get("properties")
        extra = schema.get("additionalProperties")
        if isinstance(props, Mapping) and props and deep:
            req = set(schema.get("required") or [])
            inner = ", ".join(
                f"{name}{'*' if name in req else ''}: {describe(sub, deep=True, depth=depth + 1)}"
                for name, sub in sorted(props.items(), key=lambda kv: str(kv[0]))
            )
            base = f"object{{{inner}}}"
        elif isinstance(extra, Mapping) and not props:
            base = f"map<{describe(extra, deep=deep, depth=depth + 1)}>"
        else:
            base = "object"
    if isinstance(schema.get("format"), str):
        base = f"{base}({schema['format']})" if base else f"({schema['format']})"

    consts = const_enum(schema)
    for key in ("allOf", "oneOf", "anyOf"):
        members = schema.get(key)
        if not isinstance(members, list) or (key != "allOf" and consts is not None):
            continue
        rendered = [describe(m, deep=deep, depth=depth + 1) for m in members]
        base = f"{base} {key}[{' | '.join(rendered)}]".strip()
    if deep:
        values = enum_of(schema) if schema.get("type") != "array" else None
        if values is not None:
            base = f"{base} enum[{', '.join(_fmt_value(v) for v in values)}]".strip()
    return base or "any"


#: Type shown for a name listed in ``required`` that has no property (e.g. Files FileObject).
UNDECLARED = "(required, no property)"


def _field_info(schema: Any) -> dict[str, Any]:
    s: Mapping[str, Any] = schema if isinstance(schema, Mapping) else {}
    return {
        "type": describe(s),
        "required": False,
        "readOnly": bool(s.get("readOnly", False)),
        "writeOnly": bool(s.get("writeOnly", False)),
        "nullable": bool(s.get("nullable", False)),
        "deprecated": bool(s.get("deprecated", False)),
        "default": _jsonable(s["default"]) if "default" in s else None,
        "enum": enum_of(s),
        "description": _text(s.get("description")),
    }


class _FieldCollector:
    """Fields of a model, flattening inline objects / array items / allOf / oneOf into paths.

    ``required`` is applied after the walk, so that a name required by one ``allOf`` member
    and declared by another is matched.
    """

    def __init__(self) -> None:
        self.fields: dict[str, dict[str, Any]] = {}
        self.required: list[str] = []

    def collect(self, schema: Any, prefix: str = "", depth: int = 0) -> None:
        if not isinstance(schema, Mapping) or "$ref" in schema or depth > _MAX_DEPTH:
            return
        props = schema.get("properties")
        if isinstance(props, Mapping):
            for name, sub in props.items():
                path = f"{prefix}{name}"
                self.fields[path] = _field_info(sub)
                self.nested(sub, path, depth + 1)
        required = schema.get("required")
        if isinstance(required, list):
            self.required.extend(f"{prefix}{name}" for name in required)
        for member in schema.get("allOf") or []:
            self.collect(member, prefix, depth + 1)
        if const_enum(schema) is None:
            for key in ("oneOf", "anyOf"):
                members = schema.get(key)
                if isinstance(members, list):
                    for i, member in enumerate(members):
                        self.collect(member, f"{prefix}{key}[{i}].", depth + 1)

    def nested(self, schema: Any, path: str, depth: int) -> None:
        if not isinstance(schema, Mapping) or "$ref" in schema or depth > _MAX_DEPTH:
            return
        self.collect(schema, f"{path}.", depth)
        items = schema.get("items")
        if isinstance(items, Mapping) and "$ref" not in items:
            self.nested(items, f"{path}[]", depth + 1)

    def result(self) -> dict[str, dict[str, Any]]:
        for path in self.required:
            if path not in self.fields:
                self.fields[path] = {**_field_info({}), "type": UNDECLARED}
            self.fields[path]["required"] = True
        return dict(sorted(self.fields.items()))


def _scopes(requirements: Any) -> list[str]:
    scopes: set[str] = set()
    if isinstance(requirements, list):
        for req in requirements:
            if isinstance(req, Mapping):
                for scheme, names in req.items():
                    if isinstance(names, list) and names:
                        scopes.update(str(n) for n in names)
                    else:
                        scopes.add(f"<{scheme}>")
    return sorted(scopes)


def _content(node: Mapping[str, Any]) -> str:
    content = node.get("content")
    if not isinstance(content, Mapping) or not content:
        return "(no body)"
    return "; ".join(
        f"{ctype}: {describe(media.get('schema') if isinstance(media, Mapping) else None, deep=True)}"
        for ctype, media in sorted(content.items(), key=lambda kv: str(kv[0]))
    )


def _parameter(d: _Doc, raw: Any) -> tuple[str, dict[str, Any]] | None:
    p = d.deref(raw)
    name, where = p.get("name"), p.get("in")
    if not isinstance(name, str) or not isinstance(where, str):
        return None
    schema = p.get("schema")
    if schema is None and isinstance(p.get("content"), Mapping):
        media = next(iter(p["content"].values()), None)
        schema = media.get("schema") if isinstance(media, Mapping) else None
    resolved_schema = schema if isinstance(schema, Mapping) else {}
    info = {
        "name": name,
        "in": where,
        "type": describe(resolved_schema),
        "required": bool(p.get("required", False)) or where == "path",
        "deprecated": bool(p.get("deprecated", False)),
        "enum": enum_of(resolved_schema),
        "description": _text(p.get("description")),
    }
    return f"{where}:{name}", info


def _operation(d: _Doc, method: str, path: str, op: Mapping[str, Any], shared: list[Any]) -> dict[str, Any]:
    params: dict[str, dict[str, Any]] = {}
    for raw in [*shared, *(op.get("parameters") or [])]:
        parsed = _parameter(d, raw)
        if parsed is not None:
            params[parsed[0]] = parsed[1]
    body = op.get("requestBody")
    request = None
    if body is not None:
        rb = d.deref(body)
        request = ("required " if rb.get("required") else "optional ") + _content(rb)
    raw_responses = op.get("responses")
    responses = {
        str(code): _content(d.deref(resp))
        for code, resp in (raw_responses.items() if isinstance(raw_responses, Mapping) else [])
    }
    security = op.get("security", d.doc.get("security"))
    return {
        "method": method.upper(),
        "path": path,
        "operationId": op.get("operationId") if isinstance(op.get("operationId"), str) else None,
        "deprecated": bool(op.get("deprecated", False)),
        "security": _scopes(security),
        "request": request,
        "responses": dict(sorted(responses.items())),
        "parameters": dict(sorted(params.items())),
        "summary": _text(op.get("summary")),
        "description": _text(op.get("description")),
    }


def extract_surface(doc: Any) -> Surface:
    """The comparable API surface of one loaded OpenAPI document (JSON-able)."""
    if not isinstance(doc, Mapping):
        doc = {}
    d = _Doc(doc)
    info = _mapping(doc.get("info"))
    operations: dict[str, dict[str, Any]] = {}
    for section, is_webhook in (("paths", False), ("webhooks", True)):
        items = doc.get(section)
        if not isinstance(items, Mapping):
            continue
        for path, raw_item in items.items():
            item = d.deref(raw_item)
            shared = list(item.get("parameters") or [])
            for method in HTTP_METHODS:
                op = item.get(method)
                if isinstance(op, Mapping):
                    where = f"webhook:{path}" if is_webhook else str(path)
                    operations[f"{method.upper()} {where}"] = _operation(d, method, where, op, shared)

    components = _mapping(doc.get("components"))
    schemas = _mapping(components.get("schemas"))
    models: dict[str, dict[str, Any]] = {}
    for name, schema in schemas.items():
        s = schema if isinstance(schema, Mapping) else {}
        collector = _FieldCollector()
        collector.collect(s)
        items = s.get("items")
        if isinstance(items, Mapping) and "$ref" not in items:  # array model of inline objects
            collector.nested(items, "[]", 1)
        models[str(name)] = {
            "type": describe(s),
            "enum": enum_of(s),
            "fields": collector.result(),
            "description": _text(s.get("description")),
        }

    scopes: set[str] = set()
    for scheme in (components.get("securitySchemes") or {}).values():
        flows = scheme.get("flows") if isinstance(scheme, Mapping) else None
        for flow in (flows or {}).values():
            if isinstance(flow, Mapping) and isinstance(flow.get("scopes"), Mapping):
                scopes.update(str(s) for s in flow["scopes"])

    servers = [
        str(s.get("url")) for s in (doc.get("servers") or []) if isinstance(s, Mapping) and s.get("url")
    ]
    return {
        "openapi": str(doc.get("openapi", "")),
        "title": _text(info.get("title")),
        "version": str(info.get("version", "")),
        "servers": servers,
        "scopes": sorted(scopes),
        "operations": dict(sorted(operations.items(), key=lambda kv: _op_sort_key(kv[1]))),
        "models": dict(sorted(models.items())),
    }


def _op_sort_key(op: Mapping[str, Any]) -> tuple[str, int]:
    return (str(op["path"]), _METHOD_ORDER.get(str(op["method"]), 99))


# =========================================================================== diff

_OP_ATTRS = ("operationId", "deprecated", "security", "request")
_PARAM_ATTRS = ("type", "required", "deprecated")
_FIELD_ATTRS = ("type", "required", "readOnly", "writeOnly", "nullable", "deprecated", "default")


def _changes(old: Mapping[str, Any], new: Mapping[str, Any], attrs: Iterable[str]) -> list[dict[str, Any]]:
    return [
        {"attribute": a, "old": old.get(a), "new": new.get(a)}
        for a in attrs
        if _value_key(old.get(a)) != _value_key(new.get(a))
    ]


def _enum_delta(
    location: str, kind: str, old: list[Any] | None, new: list[Any] | None, report: Report
) -> None:
    if old == new:
        return
    old_keys = {_value_key(v) for v in old or []}
    new_keys = {_value_key(v) for v in new or []}
    added = [v for v in new or [] if _value_key(v) not in old_keys]
    removed = [v for v in old or [] if _value_key(v) not in new_keys]
    if added:
        report["enum_values_added"].append(
            {"enum": location, "kind": kind, "values": added, "was_enum": old is not None}
        )
    if removed:
        report["enum_values_removed"].append(
            {"enum": location, "kind": kind, "values": removed, "still_enum": new is not None}
        )


def _doc_delta(location: str, attr: str, old: Any, new: Any, report: Report, docs: bool) -> None:
    if docs and (old or "") != (new or ""):
        report["docs_changed"].append({"location": location, "attribute": attr, "old": old, "new": new})


def _op_ref(op: Mapping[str, Any]) -> dict[str, Any]:
    return {"method": op["method"], "path": op["path"], "operationId": op["operationId"]}


def _param_ref(p: Mapping[str, Any]) -> dict[str, Any]:
    return {"name": p["name"], "in": p["in"], "type": p["type"], "required": p["required"], "enum": p["enum"]}


def _field_ref(model: str, path: str, f: Mapping[str, Any]) -> dict[str, Any]:
    return {
        "model": model,
        "field": path,
        "type": f["type"],
        "required": f["required"],
        "readOnly": f["readOnly"],
        "enum": f["enum"],
    }


def _model_ref(name: str, m: Mapping[str, Any]) -> dict[str, Any]:
    fields = [
        {k: v for k, v in _field_ref(name, path, f).items() if k != "model"}
        for path, f in m["fields"].items()
    ]
    return {"name": name, "type": m["type"], "enum": m["enum"], "fields": fields}


def _empty_report() -> Report:
    return {section: [] for section in CHANGE_SECTIONS}


def diff_surfaces(old: Surface, new: Surface, *, docs: bool = False) -> Report:
    """Compare two surfaces; every list in :data:`CHANGE_SECTIONS` is in a stable order."""
    report = _empty_report()

    for attr in ("openapi", "servers"):
        if old.get(attr) != new.get(attr):
            report["document_changes"].append({"attribute": attr, "old": old.get(attr), "new": new.get(attr)})
    old_scopes, new_scopes = set(old.get("scopes", [])), set(new.get("scopes", []))
    if old_scopes != new_scopes:
        report["document_changes"].append(
            {
                "attribute": "scopes",
                "added": sorted(new_scopes - old_scopes),
                "removed": sorted(old_scopes - new_scopes),
            }
        )

    # ------------------------------------------------------------------ operations
    old_ops: Mapping[str, Any] = old.get("operations", {})
    new_ops: Mapping[str, Any] = new.get("operations", {})
    for key, op in new_ops.items():
        if key not in old_ops:
            report["operations_added"].append(_op_ref(op))
    for key, op in old_ops.items():
        if key not in new_ops:
            report["operations_removed"].append(_op_ref(op))
    for key in sorted(set(old_ops) & set(new_ops), key=lambda k: _op_sort_key(new_ops[k])):
        o, n = old_ops[key], new_ops[key]
        where = f"{n['method']} {n['path']}"
        entry: dict[str, Any] = {
            **_op_ref(n),
            "changes": _changes(o, n, _OP_ATTRS),
            "parameters_added": [],
            "parameters_removed": [],
            "parameters_changed": [],
        }
        for code in sorted(set(o["responses"]) | set(n["responses"])):
            ro, rn = o["responses"].get(code), n["responses"].get(code)
            if ro != rn:
                entry["changes"].append({"attribute": f"response {code}", "old": ro, "new": rn})
        op_, np_ = o["parameters"], n["parameters"]
        for pkey in sorted(set(np_) - set(op_)):
            entry["parameters_added"].append(_param_ref(np_[pkey]))
        for pkey in sorted(set(op_) - set(np_)):
            entry["parameters_removed"].append(_param_ref(op_[pkey]))
        for pkey in sorted(set(op_) & set(np_)):
            po, pn = op_[pkey], np_[pkey]
            pchanges = _changes(po, pn, _PARAM_ATTRS)
            if pchanges:
                entry["parameters_changed"].append({"name": pn["name"], "in": pn["in"], "changes": pchanges})
            _enum_delta(f"{where} {pkey}", "parameter", po["enum"], pn["enum"], report)
            _doc_delta(f"{where} {pkey}", "description", po["description"], pn["description"], report, docs)
        for attr in ("summary", "description"):
            _doc_delta(where, attr, o[attr], n[attr], report, docs)
        if (
            entry["changes"]
            or entry["parameters_added"]
            or entry["parameters_removed"]
            or entry["parameters_changed"]
        ):
            report["operations_changed"].append(entry)

    # ------------------------------------------------------------------ models
    old_models: Mapping[str, Any] = old.get("models", {})
    new_models: Mapping[str, Any] = new.get("models", {})
    for name in sorted(set(new_models) - set(old_models)):
        report["models_added"].append(_model_ref(name, new_models[name]))
    for name in sorted(set(old_models) - set(new_models)):
        report["models_removed"].append(_model_ref(name, old_models[name]))
    for name in sorted(set(old_models) & set(new_models)):
        mo, mn = old_models[name], new_models[name]
        if mo["type"] != mn["type"]:
            report["models_changed"].append(
                {"name": name, "changes": [{"attribute": "type", "old": mo["type"], "new": mn["type"]}]}
            )
        _enum_delta(name, "schema", mo["enum"], mn["enum"], report)
        _doc_delta(name, "description", mo["description"], mn["description"], report, docs)
        fo, fn = mo["fields"], mn["fields"]
        for path in sorted(set(fn) - set(fo)):
            report["fields_added"].append(_field_ref(name, path, fn[path]))
        for path in sorted(set(fo) - set(fn)):
            report["fields_removed"].append(_field_ref(name, path, fo[path]))
        for path in sorted(set(fo) & set(fn)):
            changes = _changes(fo[path], fn[path], _FIELD_ATTRS)
            if changes:
                report["fields_changed"].append({"model": name, "field": path, "changes": changes})
            _enum_delta(f"{name}.{path}", "property", fo[path]["enum"], fn[path]["enum"], report)
            _doc_delta(
                f"{name}.{path}",
                "description",
                fo[path]["description"],
                fn[path]["description"],
                report,
                docs,
            )

    report["enum_values_added"].sort(key=lambda e: str(e["enum"]))
    report["enum_values_removed"].sort(key=lambda e: str(e["enum"]))
    return report


# =========================================================================== folders


@dataclass(frozen=True)
class DocumentRef:
    """A document to compare: the lock's API key, title and file name (and the sub-folder a
    document newer than the release is kept in, ``next``)."""

    api: str
    title: str
    file: str
    folder: str = ""

    def path_in(self, folder: Path) -> Path | None:
        """The document in ``folder`` (or in its sub-folder), ``None`` when absent."""
        for path in (folder / self.file, folder / self.folder / self.file if self.folder else None):
            if path is not None and path.is_file():
                return path
        return None


def locked_documents(project_root: Path = PROJECT_ROOT) -> list[DocumentRef]:
    """The documents named in ``specs/lock.json``."""
    from specs.fetch import load_lock

    return [DocumentRef(d.api, d.title, d.file, d.folder) for d in load_lock(project_root).documents]


def diff_dirs(
    old_dir: Path,
    new_dir: Path,
    *,
    documents: Sequence[DocumentRef] | None = None,
    docs: bool = False,
    jobs: int | None = None,
) -> Report:
    """Diff every locked document present in both folders; note those present in one only, and
    list the operations of a document only the new folder has."""
    refs = list(documents) if documents is not None else locked_documents()
    found = {r.api: (r.path_in(old_dir), r.path_in(new_dir)) for r in refs}
    both = [r for r in refs if found[r.api][0] and found[r.api][1]]
    only_old = [r for r in refs if found[r.api][0] and not found[r.api][1]]
    only_new = [r for r in refs if found[r.api][1] and not found[r.api][0]]
    missing = [r for r in refs if not found[r.api][0] and not found[r.api][1]]

    paths = (
        [found[r.api][0] for r in both]
        + [found[r.api][1] for r in both]
        + [found[r.api][1] for r in only_new]
    )
    surfaces = load_surfaces([p for p in paths if p is not None], jobs=jobs)
    apis: dict[str, Any] = {}
    for i, ref in enumerate(both):
        old, new = surfaces[i], surfaces[len(both) + i]
        changes = diff_surfaces(old, new, docs=docs)
        apis[ref.api] = {
            "title": ref.title,
            "file": ref.file,
            "old_version": old.get("version"),
            "new_version": new.get("version"),
            "changed": any(changes[s] for s in CHANGE_SECTIONS),
            **changes,
        }
    added = {
        ref.api: diff_surfaces({}, surfaces[2 * len(both) + i])["operations_added"]
        for i, ref in enumerate(only_new)
    }

    def refs_json(items: Sequence[DocumentRef]) -> list[dict[str, str]]:
        return [{"api": r.api, "title": r.title, "file": r.file} for r in items]

    return {
        "old": str(old_dir),
        "new": str(new_dir),
        "only_in_old": refs_json(only_old),
        "only_in_new": refs_json(only_new),
        "in_neither": refs_json(missing),
        "apis": apis,
        "operations_of_added_documents": added,
    }


# =========================================================================== text


def _fmt_value(value: Any) -> str:
    return value if isinstance(value, str) else json.dumps(value)


def _fmt_values(values: Sequence[Any]) -> str:
    shown = [_fmt_value(v) for v in values[:_MAX_TEXT_VALUES]]
    more = len(values) - len(shown)
    return ", ".join(shown) + (f", ... (+{more} more)" if more > 0 else "")


def _fmt_attr(value: Any) -> str:
    if value is None:
        return "none"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):
        return "[" + ", ".join(_fmt_value(v) for v in value) + "]"
    return str(value)


def _fmt_change(change: Mapping[str, Any]) -> str:
    return f"{change['attribute']}: {_fmt_attr(change['old'])} -> {_fmt_attr(change['new'])}"


def _fmt_type(info: Mapping[str, Any]) -> str:
    parts = [str(info["type"])]
    if info.get("enum") is not None:
        parts.append(f"enum[{_fmt_values(info['enum'])}]")
    parts.append("required" if info.get("required") else "optional")
    if info.get("readOnly"):
        parts.append("read-only")
    return ", ".join(parts)


def _clip(text: Any, limit: int = 100) -> str:
    s = " ".join(str(text or "").split())
    return s if len(s) <= limit else s[: limit - 3] + "..."


def render_api(api: str, data: Mapping[str, Any]) -> list[str]:
    version = (
        f"{data['old_version']} -> {data['new_version']}"
        if data["old_version"] != data["new_version"]
        else str(data["new_version"])
    )
    lines = [f"{api} - {data['title']} ({data['file']}, {version})"]
    if not data["changed"]:
        lines.append("  no API-surface changes")
        return lines

    def section(key: str, heading: str, rows: list[str]) -> None:
        if rows:
            lines.append(f"  {heading} ({len(data[key])}):")
            lines.extend(f"    {row}" for row in rows)

    doc_rows = []
    for c in data["document_changes"]:
        if c["attribute"] == "scopes":
            doc_rows.append(f"~ scopes: added [{', '.join(c['added'])}], removed [{', '.join(c['removed'])}]")
        else:
            doc_rows.append(f"~ {_fmt_change(c)}")
    section("document_changes", "Document", doc_rows)
    section(
        "operations_added",
        "Operations added",
        [f"+ {o['method']} {o['path']}  {o['operationId']}" for o in data["operations_added"]],
    )
    section(
        "operations_removed",
        "Operations removed",
        [f"- {o['method']} {o['path']}  {o['operationId']}" for o in data["operations_removed"]],
    )
    rows: list[str] = []
    for o in data["operations_changed"]:
        rows.append(f"~ {o['method']} {o['path']}  {o['operationId']}")
        rows.extend(f"    {_fmt_change(c)}" for c in o["changes"])
        rows.extend(f"    + parameter {p['name']} ({p['in']}): {_fmt_type(p)}" for p in o["parameters_added"])
        rows.extend(
            f"    - parameter {p['name']} ({p['in']}): {_fmt_type(p)}" for p in o["parameters_removed"]
        )
        for p in o["parameters_changed"]:
            changes = "; ".join(_fmt_change(c) for c in p["changes"])
            rows.append(f"    ~ parameter {p['name']} ({p['in']}): {changes}")
    section("operations_changed", "Operations changed", rows)

    def model_row(sign: str, m: Mapping[str, Any]) -> str:
        if m["enum"] is not None:
            return f"{sign} {m['name']}: {m['type']} enum[{_fmt_values(m['enum'])}]"
        if m["fields"]:
            names = ", ".join(f["field"] + ("*" if f["required"] else "") for f in m["fields"])
            note = "  (* required)" if any(f["required"] for f in m["fields"]) else ""
            return f"{sign} {m['name']}: {m['type']} {{{names}}}{note}"
        return f"{sign} {m['name']}: {m['type']}"

    section("models_added", "Models added", [model_row("+", m) for m in data["models_added"]])
    section("models_removed", "Models removed", [model_row("-", m) for m in data["models_removed"]])
    section(
        "models_changed",
        "Models changed",
        [f"~ {m['name']}: {'; '.join(_fmt_change(c) for c in m['changes'])}" for m in data["models_changed"]],
    )
    section(
        "fields_added",
        "Model fields added",
        [f"+ {f['model']}.{f['field']}: {_fmt_type(f)}" for f in data["fields_added"]],
    )
    section(
        "fields_removed",
        "Model fields removed",
        [f"- {f['model']}.{f['field']}: {_fmt_type(f)}" for f in data["fields_removed"]],
    )
    section(
        "fields_changed",
        "Model fields changed",
        [
            f"~ {f['model']}.{f['field']}: {'; '.join(_fmt_change(c) for c in f['changes'])}"
            for f in data["fields_changed"]
        ],
    )
    section(
        "enum_values_added",
        "Enum values added",
        [
            f"+ {e['enum']}: {_fmt_values(e['values'])}" + ("" if e["was_enum"] else "  (was not an enum)")
            for e in data["enum_values_added"]
        ],
    )
    section(
        "enum_values_removed",
        "Enum values removed",
        [
            f"- {e['enum']}: {_fmt_values(e['values'])}"
            + ("" if e["still_enum"] else "  (no longer an enum)")
            for e in data["enum_values_removed"]
        ],
    )
    section(
        "docs_changed",
        "Documentation changed",
        [
            f"~ {d['location']} {d['attribute']}: {_clip(d['old'])!r} -> {_clip(d['new'])!r}"
            for d in data["docs_changed"]
        ],
    )
    return lines


def render_text(report: Mapping[str, Any]) -> str:
    lines = ["API surface diff", f"  old: {report['old']}", f"  new: {report['new']}", ""]
    apis: Mapping[str, Any] = report["apis"]
    for api, data in apis.items():
        lines.extend(render_api(api, data))
        lines.append("")
    for key, label in (
        ("only_in_old", "Only in old (removed?)"),
        ("only_in_new", "Only in new (added?)"),
        ("in_neither", "In neither folder"),
    ):
        for ref in report[key]:
            lines.append(f"{label}: {ref['api']} - {ref['title']} ({ref['file']})")
            if key == "only_in_new":
                for o in report.get("operations_of_added_documents", {}).get(ref["api"], []):
                    lines.append(f"  + {o['method']} {o['path']}  {o['operationId']}")
    if report["only_in_old"] or report["only_in_new"] or report["in_neither"]:
        lines.append("")

    changed = [a for a, d in apis.items() if d["changed"]]
    counts = []
    for key, noun, verb in (
        ("operations_added", "operation", "added"),
        ("operations_removed", "operation", "removed"),
        ("operations_changed", "operation", "changed"),
        ("models_added", "model", "added"),
        ("models_removed", "model", "removed"),
        ("models_changed", "model", "changed"),
        ("fields_added", "field", "added"),
        ("fields_removed", "field", "removed"),
        ("fields_changed", "field", "changed"),
        ("enum_values_added", "enum", "with values added"),
        ("enum_values_removed", "enum", "with values removed"),
    ):
        n = sum(len(d[key]) for d in apis.values())
        if n:
            counts.append(f"{n} {noun}{'' if n == 1 else 's'} {verb}")
    if changed:
        lines.append(
            f"Summary: {len(changed)} of {len(apis)} APIs changed ({', '.join(changed)}): {', '.join(counts) or 'document-level changes only'}"
        )
    else:
        lines.append(f"Summary: no API-surface changes in {len(apis)} APIs")
    return "\n".join(lines) + "\n"


# =========================================================================== CLI


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m codegen.api_diff",
        description="API-surface diff of the Xero OpenAPI documents named in specs/lock.json "
        "between two folders (operations, parameters, models, fields, enum values).",
    )
    parser.add_argument("old_dir", type=Path, metavar="OLD_DIR")
    parser.add_argument("new_dir", type=Path, metavar="NEW_DIR")
    parser.add_argument("--json", action="store_true", help="print the report as JSON")
    parser.add_argument("--docs", action="store_true", help="also report changed summaries and descriptions")
    parser.add_argument(
        "--api",
        action="append",
        default=None,
        metavar="KEY",
        help="only this API (repeatable), e.g. accounting",
    )
    parser.add_argument("--jobs", type=int, default=None, help="parallel parser processes (default: CPUs)")
    args = parser.parse_args(argv)

    for d in (args.old_dir, args.new_dir):
        if not d.is_dir():
            parser.error(f"{d} is not a directory")
    try:
        refs = locked_documents()
    except Exception as exc:  # SpecsError and friends: the lock is unusable
        parser.error(f"cannot read specs/lock.json: {exc}")
    if args.api:
        unknown = sorted(set(args.api) - {r.api for r in refs})
        if unknown:
            parser.error(
                f"unknown API key(s): {', '.join(unknown)} (known: {', '.join(r.api for r in refs)})"
            )
        refs = [r for r in refs if r.api in set(args.api)]

    report = diff_dirs(
        args.old_dir,
        args.new_dir,
        documents=refs,
        docs=args.docs,
        jobs=args.jobs,
    )
    if args.json:
        sys.stdout.write(json.dumps(report, indent=2, ensure_ascii=False) + "\n")
    else:
        sys.stdout.write(render_text(report))
    return 0


if __name__ == "__main__":
    sys.exit(main())
