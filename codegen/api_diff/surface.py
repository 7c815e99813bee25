"""The API surface of one document: operations, parameters, models, fields, enums, scopes and
servers, in plain JSON-able data (examples and vendor extensions left out)."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from codegen.normalise.rewrites import HTTP_METHODS

_MAX_DEPTH = 10
_METHOD_ORDER = {m.upper(): i for i, m in enumerate(HTTP_METHODS)}

Surface = dict[str, Any]


def _fmt_value(value: Any) -> str:
    return value if isinstance(value, str) else json.dumps(value)


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


def _op_sort_key(op: Mapping[str, Any]) -> tuple[str, int]:
    return (str(op["path"]), _METHOD_ORDER.get(str(op["method"]), 99))


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
