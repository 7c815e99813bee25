"""The spec normaliser's rewrites: each one names a quirk of Xero's documents and fixes it.

Every rewrite is a function over the whole document, registered with a name and a one-line
reason, and returns how many places it changed. They run in the order listed; the normaliser
records each one's count, and ``make generate`` prints them.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from typing import Any

import attrs

from .loader import YamlBool, YamlTimestamp

Doc = dict[str, Any]
HTTP_METHODS = ("get", "put", "post", "delete", "patch", "options", "head", "trace")
TENANT_HEADER = "xero-tenant-id"


@attrs.frozen
class Rewrite:
    name: str
    reason: str
    apply: Callable[[Doc], int]


REWRITES: list[Rewrite] = []


def rewrite(name: str, reason: str) -> Callable[[Callable[[Doc], int]], Callable[[Doc], int]]:
    def register(fn: Callable[[Doc], int]) -> Callable[[Doc], int]:
        REWRITES.append(Rewrite(name, reason, fn))
        return fn

    return register


# ---------------------------------------------------------------------------- walking helpers


def walk(node: Any) -> Iterator[dict[str, Any]]:
    """Every mapping in the document, depth first, parents before children."""
    stack = [node]
    while stack:
        cur = stack.pop()
        if isinstance(cur, dict):
            yield cur
            stack.extend(reversed(list(cur.values())))
        elif isinstance(cur, list):
            stack.extend(reversed(cur))


def operations(doc: Doc) -> Iterator[tuple[str, str, dict[str, Any], dict[str, Any]]]:
    """(path, method, operation, path item) for every operation."""
    for path, item in (doc.get("paths") or {}).items():
        for method in HTTP_METHODS:
            op = item.get(method)
            if isinstance(op, dict):
                yield path, method, op, item


def resolve(doc: Doc, node: Any) -> Any:
    """Follow a local ``$ref`` (one level at a time until none is left)."""
    seen = 0
    while isinstance(node, dict) and "$ref" in node and seen < 20:
        ref = node["$ref"]
        if not isinstance(ref, str) or not ref.startswith("#/"):
            return node
        target: Any = doc
        for part in ref[2:].split("/"):
            target = target[part.replace("~1", "/").replace("~0", "~")]
        node = target
        seen += 1
    return node


def _schemas_with_properties(doc: Doc) -> Iterator[dict[str, Any]]:
    for node in walk(doc):
        if isinstance(node.get("properties"), dict):
            yield node


def _is_schema_enum_owner(node: dict[str, Any]) -> bool:
    return isinstance(node.get("enum"), list) and node.get("type", "string") == "string"


# ---------------------------------------------------------------------------- YAML scalars


@rewrite(
    "enum-members-read-as-booleans",
    "YAML 1.1 reads bare NO/N/off as booleans: string enum members keep the text as written",
)
def enum_members_read_as_booleans(doc: Doc) -> int:
    count = 0
    for node in walk(doc):
        if _is_schema_enum_owner(node):
            members = node["enum"]
            for i, member in enumerate(members):
                if isinstance(member, YamlBool):
                    members[i] = str(member)
                    count += 1
    return count


@rewrite("yaml-booleans", "remaining YAML booleans (true/false) become real booleans")
def yaml_booleans(doc: Doc) -> int:
    count = 0

    def fix(value: Any) -> Any:
        nonlocal count
        if isinstance(value, YamlBool):
            count += 1
            return value.truth
        return value

    for node in walk(doc):
        for key, value in list(node.items()):
            if isinstance(value, YamlBool):
                node[key] = fix(value)
            elif isinstance(value, list):
                node[key] = [fix(v) for v in value]
    return count


@rewrite("unquoted-timestamps", "unquoted dates and timestamps in examples stay the text Xero wrote")
def unquoted_timestamps(doc: Doc) -> int:
    count = 0
    for node in walk(doc):
        for key, value in list(node.items()):
            if isinstance(value, YamlTimestamp):
                node[key] = str(value)
                count += 1
            elif isinstance(value, list) and any(isinstance(v, YamlTimestamp) for v in value):
                node[key] = [str(v) if isinstance(v, YamlTimestamp) else v for v in value]
                count += 1
    return count


# ---------------------------------------------------------------------------- enums


@rewrite(
    "enum-varnames-out-of-step",
    "x-enum-varnames whose length differs from the enum's (CurrencyCode) is dropped: names come from values",
)
def enum_varnames_out_of_step(doc: Doc) -> int:
    count = 0
    for node in walk(doc):
        names = node.get("x-enum-varnames")
        if names is not None and (not isinstance(node.get("enum"), list) or len(names) != len(node["enum"])):
            del node["x-enum-varnames"]
            count += 1
    return count


@rewrite(
    "enum-duplicate-members",
    "repeated members in an enum are listed once",
)
def enum_duplicate_members(doc: Doc) -> int:
    count = 0
    for node in walk(doc):
        members = node.get("enum")
        if isinstance(members, list) and len(set(map(repr, members))) != len(members):
            seen: set[str] = set()
            unique = []
            for m in members:
                if repr(m) not in seen:
                    seen.add(repr(m))
                    unique.append(m)
            count += len(members) - len(unique)
            node["enum"] = unique
    return count


# ---------------------------------------------------------------------------- dates


@rewrite(
    "ms-date-markers",
    "x-is-msdate / x-is-msdate-time strings (Accounting, Payroll AU) are typed date / date-time",
)
def ms_date_markers(doc: Doc) -> int:
    count = 0
    for node in walk(doc):
        if node.get("type") == "string" and "format" not in node:
            if node.get("x-is-msdate") is True:
                node["format"] = "date"
                count += 1
            elif node.get("x-is-msdate-time") is True:
                node["format"] = "date-time"
                count += 1
    return count


@rewrite(
    "datetime-marked-as-date",
    "fields marked x-is-datetime but declared format: date (NZ/UK lastEdited) are date-times",
)
def datetime_marked_as_date(doc: Doc) -> int:
    count = 0
    for node in walk(doc):
        if node.get("x-is-datetime") is True and node.get("format") == "date":
            node["format"] = "date-time"
            count += 1
    return count


@rewrite(
    "date-named-datetime",
    "fields named ...DateTime but declared format: date (NZ/UK PayRun.postedDateTime) carry a time: date-time",
)
def date_named_datetime(doc: Doc) -> int:
    count = 0
    for node in _schemas_with_properties(doc):
        for name, prop in node["properties"].items():
            if (
                isinstance(prop, dict)
                and prop.get("format") == "date"
                and str(name).lower().endswith("datetime")
            ):
                prop["format"] = "date-time"
                count += 1
    return count


@rewrite(
    "if-modified-since-header",
    "the date-time If-Modified-Since header (which the generator drops) becomes a string the SDK formats",
)
def if_modified_since_header(doc: Doc) -> int:
    count = 0
    params = list((doc.get("components", {}).get("parameters") or {}).values())
    for _path, _method, op, item in operations(doc):
        params.extend(op.get("parameters") or [])
        params.extend(item.get("parameters") or [])
    for param in params:
        if (
            isinstance(param, dict)
            and param.get("in") == "header"
            and param.get("name", "").lower() == "if-modified-since"
        ):
            schema = param.get("schema") or {}
            if schema.get("format") == "date-time" or "x-sdk-if-modified-since" not in param:
                param["schema"] = {"type": "string"}
                param["x-sdk-if-modified-since"] = True
                count += 1
    return count


# ---------------------------------------------------------------------------- headers


@rewrite(
    "tenant-header",
    "the xero-tenant-id header leaves every signature: the client fills it (x-sdk-tenant marks the operation)",
)
def tenant_header(doc: Doc) -> int:
    count = 0

    def is_tenant(param: Any) -> bool:
        p = resolve(doc, param)
        return (
            isinstance(p, dict)
            and p.get("in") == "header"
            and str(p.get("name", "")).lower() == TENANT_HEADER
        )

    ops = list(operations(doc))
    for _path, _method, op, item in ops:
        found = any(is_tenant(p) for owner in (op, item) for p in owner.get("parameters") or [])
        op["x-sdk-tenant"] = found or bool(op.get("x-sdk-tenant"))
        count += found
    for _path, _method, op, item in ops:
        for owner in (op, item):
            params = owner.get("parameters")
            if params:
                owner["parameters"] = [p for p in params if not is_tenant(p)]
    for path_item in (doc.get("paths") or {}).values():
        if path_item.get("parameters") == []:
            del path_item["parameters"]
    comps = doc.get("components", {}).get("parameters") or {}
    for name in [n for n, p in comps.items() if is_tenant(p)]:
        del comps[name]
    return count


# ---------------------------------------------------------------------------- bodies and responses


@rewrite(
    "octet-stream-byte-bodies",
    "uploads declared format: byte (base64 in OAS 3.0), raw or as a multipart part, are binary as Xero takes them",
)
def octet_stream_byte_bodies(doc: Doc) -> int:
    count = 0
    for node in list(walk(doc)):
        content = node.get("content")
        if not isinstance(content, dict):
            continue
        for media, spec in content.items():
            schema = (spec or {}).get("schema") or {}
            if media == "application/octet-stream" and schema.get("format") == "byte":
                schema["format"] = "binary"
                count += 1
            elif media == "multipart/form-data":
                form = resolve(doc, schema)
                for part in (form.get("properties") or {}).values():
                    if isinstance(part, dict) and part.get("format") == "byte":
                        part["format"] = "binary"
                        count += 1
    return count


@rewrite(
    "pdf-operations",
    "PDF operations sit on a fake /pdf path with x-path: the real path and Accept: application/pdf are recorded",
)
def pdf_operations(doc: Doc) -> int:
    count = 0
    for _path, _method, op, _item in operations(doc):
        for response in (op.get("responses") or {}).values():
            response = resolve(doc, response)
            content = response.get("content") if isinstance(response, dict) else None
            if isinstance(content, dict) and "application/pdf" in content:
                content["application/octet-stream"] = content.pop("application/pdf")
                op["x-sdk-accept"] = "application/pdf"
                if "x-path" in op:
                    op["x-sdk-path"] = op["x-path"]
                count += 1
    return count


# ---------------------------------------------------------------------------- schema defects


@rewrite("string-boolean-defaults", 'booleans declared with default "false" (a string) default to false')
def string_boolean_defaults(doc: Doc) -> int:
    count = 0
    for node in walk(doc):
        if node.get("type") == "boolean" and isinstance(node.get("default"), str):
            node["default"] = node["default"].strip().lower() == "true"
            count += 1
    return count


@rewrite("number-format-integer", "type: number with format integer/int is an integer")
def number_format_integer(doc: Doc) -> int:
    count = 0
    for node in walk(doc):
        if node.get("type") in ("number", "integer") and node.get("format") in ("integer", "int"):
            node["type"] = "integer"
            node["format"] = "int32"
            count += 1
    return count


@rewrite(
    "required-without-property", "names in required that are not properties (Files FileObject) are dropped"
)
def required_without_property(doc: Doc) -> int:
    count = 0
    for node in _schemas_with_properties(doc):
        required = node.get("required")
        if isinstance(required, list):
            kept = [r for r in required if r in node["properties"]]
            count += len(required) - len(kept)
            if kept:
                node["required"] = kept
            else:
                del node["required"]
    return count


@rewrite("string-maximum", "strings with maximum (Bank Feeds) use maxLength, as meant")
def string_maximum(doc: Doc) -> int:
    count = 0
    for node in walk(doc):
        if node.get("type") == "string" and "maximum" in node:
            node.setdefault("maxLength", node.pop("maximum"))
            count += 1
    return count


# Schemas whose elements Xero answers with their own ``ValidationErrors`` list although the
# document does not declare it (its own response examples show it: 18 line items in 16.1.0).
# Typed, a line's errors read as ``line.validation_errors[0].message`` (summarizeErrors=false).
_ELEMENTS_WITH_VALIDATION_ERRORS = ("LineItem",)


@rewrite(
    "line-item-validation-errors",
    "LineItem gets the ValidationErrors list Xero sends on every line (the document's examples show it)",
)
def line_item_validation_errors(doc: Doc) -> int:
    schemas = doc.get("components", {}).get("schemas", {})
    if "ValidationError" not in schemas:
        return 0
    count = 0
    for name in _ELEMENTS_WITH_VALIDATION_ERRORS:
        props = schemas.get(name, {}).get("properties")
        if isinstance(props, dict) and "ValidationErrors" not in props:
            props["ValidationErrors"] = {
                "description": "Displays array of validation error messages from the API",
                "type": "array",
                "items": {"$ref": "#/components/schemas/ValidationError"},
            }
            count += 1
    return count


@rewrite("ref-siblings", "keys beside a $ref, which OAS 3.0 ignores, are dropped")
def ref_siblings(doc: Doc) -> int:
    count = 0
    for node in walk(doc):
        if "$ref" in node and len(node) > 1:
            for key in [k for k in node if k != "$ref"]:
                del node[key]
            count += 1
    return count


# ---------------------------------------------------------------------------- examples


def _wants_structure(doc: Doc, schema: Any) -> bool:
    schema = resolve(doc, schema)
    if not isinstance(schema, dict):
        return False
    if schema.get("type") in ("object", "array") or "properties" in schema or "items" in schema:
        return True
    return any(_wants_structure(doc, s) for key in ("allOf", "anyOf", "oneOf") for s in schema.get(key) or [])


def _parsed(text: Any) -> Any:
    if not isinstance(text, str) or text.strip()[:1] not in ("{", "["):
        return None
    try:
        return json.loads(text)
    except ValueError:
        return None


@rewrite(
    "json-in-string-examples",
    "examples written as JSON inside a string (Files, Identity, Payroll AU...) become the object or array they spell",
)
def json_in_string_examples(doc: Doc) -> int:
    """Media-type examples (``example`` and ``examples[*].value``) and schema examples whose
    schema wants an object or an array, and whose text parses as one."""
    count = 0
    for node in list(walk(doc)):
        if "schema" in node and ("example" in node or "examples" in node):
            schema = node.get("schema")  # a media type object (or a parameter)
        elif "example" in node and ("type" in node or "properties" in node or "items" in node):
            schema = node  # a schema with its own example
        else:
            continue
        if not _wants_structure(doc, schema):
            continue
        value = _parsed(node.get("example"))
        if value is not None:
            node["example"] = value
            count += 1
        examples = node.get("examples")
        if isinstance(examples, dict):
            for example in examples.values():
                example = resolve(doc, example)
                value = _parsed(example.get("value")) if isinstance(example, dict) else None
                if value is not None:
                    example["value"] = value
                    count += 1
    return count


# ---------------------------------------------------------------------------- OpenAPI 3.1 (webhooks)


@rewrite(
    "oas31-const-choices", "3.1 oneOf-of-const string choices (webhooks) become an enum, as 3.0 writes them"
)
def oas31_const_choices(doc: Doc) -> int:
    count = 0
    for node in walk(doc):
        choices = node.get("oneOf")
        if (
            isinstance(choices, list)
            and choices
            and all(isinstance(c, dict) and "const" in c for c in choices)
        ):
            node["enum"] = [c["const"] for c in choices]
            node.setdefault("type", "string")
            del node["oneOf"]
            count += 1
        elif "const" in node and not isinstance(node.get("const"), dict):
            node["enum"] = [node.pop("const")]
            node.setdefault("type", "string")
            count += 1
    return count


@rewrite(
    "oas31-deep-refs",
    "a $ref into another schema's properties (webhooks' events items) points at that part, hoisted to a named schema",
)
def oas31_deep_refs(doc: Doc) -> int:
    schemas = doc.get("components", {}).get("schemas") or {}
    hoisted: dict[str, str] = {}
    count = 0
    for node in list(walk(doc)):
        ref = node.get("$ref")
        if not (isinstance(ref, str) and ref.startswith("#/components/schemas/") and ref.count("/") > 3):
            continue
        parts = ref[len("#/components/schemas/") :].split("/")
        if ref not in hoisted:
            target: Any = schemas
            for part in parts:
                target = target[part]
            name = parts[0] + "".join(p[:1].upper() + p[1:] for p in parts[1:] if p not in ("properties",))
            name = name[:-5] + "Item" if name.endswith("Items") else name
            schemas[name] = target
            hoisted[ref] = f"#/components/schemas/{name}"
            # the original place refers to the hoisted schema too
            owner: Any = schemas
            for part in parts[:-1]:
                owner = owner[part]
            owner[parts[-1]] = {"$ref": hoisted[ref]}
        node["$ref"] = hoisted[ref]
        count += 1
    return count


@rewrite(
    "oas31-to-30", "a 3.1 document with only webhooks is read as 3.0 components (the generator's dialect)"
)
def oas31_to_30(doc: Doc) -> int:
    if not str(doc.get("openapi", "")).startswith("3.1"):
        return 0
    doc["openapi"] = "3.0.3"
    doc.pop("webhooks", None)
    doc.setdefault("paths", {})
    for node in walk(doc):
        if "properties" in node and "type" not in node and "allOf" not in node:
            node["type"] = "object"
    return 1
