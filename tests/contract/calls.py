"""What the contract suite calls and expects, derived from the normalised documents alone.

* :func:`contract_operations`: every operation of the 12 documents (never a number written
  here), ordered smallest document first, so that the small APIs are tested while Prism is
  still loading Accounting.
* :func:`arguments`: the arguments of one SDK method, from the operation's own examples
  (parameter examples, the request body example) or, where there is none, a value made from
  the schema (``sample``). An example that contradicts its own schema (a malformed GUID, a
  value outside its enum, a missing required field) is mended with a value made from the
  schema, and the mend is recorded, so that Prism judges what the SDK does with valid input.
  JSON bodies go through the operation's model (``from_dict``), so the SDK serialises them.
* :func:`expected_result`: what the call must return: a model instance (its class from the
  response schema's name), a list of them, ``bytes`` for binary answers, ``None`` for none.
"""

from __future__ import annotations

import datetime
import functools
import html
import importlib
import inspect
import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from tests.mockserver.documents import (
    REST_APIS,
    Doc,
    effective_params,
    ensure_normalised,
    operations,
    resolve,
)
from tests.specdocs import snake
from xero_sdk._runtime.codec import parse_date, parse_datetime

# SDK-only arguments, not parameters of the document
SKIP_ARGS = frozenset({"self", "options", "destination", "raise_on_element_errors"})
BINARY_MEDIA = ("application/octet-stream", "application/pdf")
UUID_RE = re.compile(r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")
DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
DATETIME_RE = re.compile(r"^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:?\d{2})$")
FIXED_UUIDS = ("6c7a1b2e-1c2d-4e5f-8a9b-0c1d2e3f4a5b", "0b1c2d3e-4f50-4a6b-9c7d-8e9fa0b1c2d3")
BINARY_BODY = b"%PDF-1.4\n% xero-sdk contract test\n"
MAX_DEPTH = 4


def flat(name: str) -> str:
    """A name without case or separators: ``If-Modified-Since`` and ``if_modified_since`` agree."""
    return re.sub(r"[^a-z0-9]", "", name.lower())


# ---------------------------------------------------------------------------- the documents


@functools.cache
def example_document(api: str) -> Doc:
    """The normalised document (its JSON-in-string examples already read as JSON)."""
    doc: Doc = json.loads(ensure_normalised(api).read_text(encoding="utf-8"))
    return doc


@dataclass(frozen=True)
class Operation:
    api: str
    operation_id: str
    method: str
    path: str
    op: dict[str, Any] = field(repr=False, compare=False, hash=False)
    item: dict[str, Any] = field(repr=False, compare=False, hash=False)

    @property
    def name(self) -> str:
        return snake(self.operation_id)

    @property
    def id(self) -> str:
        return f"{self.api}.{self.name}"

    @property
    def doc(self) -> Doc:
        return example_document(self.api)

    def parameters(self) -> list[dict[str, Any]]:
        return effective_params(self.doc, self.op, self.item)

    def success_response(self) -> tuple[str, dict[str, Any]] | None:
        responses = self.op.get("responses") or {}
        codes = sorted(c for c in responses if str(c).startswith("2"))
        if not codes:
            return None
        return codes[0], resolve(self.doc, responses[codes[0]])

    def request_body(self) -> tuple[str, dict[str, Any]] | None:
        body = resolve(self.doc, self.op.get("requestBody"))
        if not isinstance(body, dict):
            return None
        media, spec = next(iter((body.get("content") or {}).items()))
        return media, spec


@functools.cache
def document_sizes() -> dict[str, int]:
    return {api: ensure_normalised(api).stat().st_size for api in REST_APIS}


@functools.cache
def contract_operations() -> tuple[Operation, ...]:
    """Every operation of every document, smallest document first."""
    ops: list[Operation] = []
    for api in sorted(REST_APIS, key=lambda a: document_sizes()[a]):
        for path, method, op, item in operations(example_document(api)):
            ops.append(Operation(api, str(op["operationId"]), method.upper(), path, op, item))
    return tuple(ops)


def counts_by_api(ops: tuple[Operation, ...] | list[Operation]) -> dict[str, int]:
    counts = dict.fromkeys(REST_APIS, 0)
    for op in ops:
        counts[op.api] += 1
    return counts


# ---------------------------------------------------------------------------- values from schemas


@dataclass
class Mends:
    """Where an example contradicted its schema and a made-up value took its place."""

    items: list[str] = field(default_factory=list)

    def add(self, where: str, why: str) -> None:
        self.items.append(f"{where}: {why}")


def _merged_all_of(doc: Doc, schema: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {k: v for k, v in schema.items() if k != "allOf"}
    props: dict[str, Any] = dict(out.get("properties") or {})
    required: list[str] = list(out.get("required") or [])
    for part in schema.get("allOf") or []:
        part = _schema(doc, part)
        props.update(part.get("properties") or {})
        required += part.get("required") or []
        for key in ("type", "format", "enum", "items"):
            if key in part and key not in out:
                out[key] = part[key]
    if props:
        out["properties"] = props
        out.setdefault("type", "object")
    if required:
        out["required"] = required
    return out


def _schema(doc: Doc, schema: Any) -> dict[str, Any]:
    schema = resolve(doc, schema)
    if not isinstance(schema, dict):
        return {}
    if "allOf" in schema:
        return _merged_all_of(doc, schema)
    for key in ("anyOf", "oneOf"):
        if schema.get(key):
            return _schema(doc, schema[key][0])
    return schema


def _kind(schema: dict[str, Any]) -> str:
    if "type" in schema:
        return str(schema["type"])
    if "properties" in schema:
        return "object"
    if "items" in schema:
        return "array"
    return "any"


def _enum(schema: dict[str, Any]) -> list[Any]:
    return [e for e in schema.get("enum") or [] if e not in ("", None)]


def sample(doc: Doc, schema: Any, depth: int = 0, index: int = 0) -> Any:
    """A value valid for ``schema`` (examples of leaves used when they are valid)."""
    s = _schema(doc, schema)
    enum = _enum(s)
    if enum:
        return enum[0]
    kind = _kind(s)
    example = s.get("example")
    if example is not None and kind not in ("object", "array") and _valid_leaf(s, example):
        return example
    if kind == "object":
        props = s.get("properties") or {}
        required = set(s.get("required") or [])
        out: dict[str, Any] = {}
        for name, prop in props.items():
            p = _schema(doc, prop)
            if p.get("readOnly") and name not in required:
                continue
            if depth >= MAX_DEPTH and name not in required:
                continue
            if depth >= 1 and _kind(p) in ("object", "array") and name not in required:
                continue
            out[name] = sample(doc, prop, depth + 1)
        return out
    if kind == "array":
        return [sample(doc, s.get("items") or {}, depth + 1)]
    if kind == "integer":
        return int(s.get("minimum", 1) or 1)
    if kind == "number":
        return Decimal(str(s.get("minimum", "1.5") or "1.5"))
    if kind == "boolean":
        return True
    if kind == "string":
        fmt = s.get("format")
        if fmt == "uuid":
            return FIXED_UUIDS[index % 2]
        if fmt == "date":
            return "2026-01-31"
        if fmt == "date-time":
            return "2026-01-31T10:00:00+00:00"
        if fmt == "email":
            return "contract@example.com"
        if fmt in ("binary", "byte"):
            return ""
        return "value" if index == 0 else f"value{index}"
    return "value"


def _valid_leaf(schema: dict[str, Any], value: Any) -> bool:
    kind = _kind(schema)
    enum = schema.get("enum")
    if enum and value not in enum:
        return False
    if kind == "string":
        if not isinstance(value, str):
            return False
        fmt = schema.get("format")
        if fmt == "uuid":
            return bool(UUID_RE.match(value))
        if fmt == "date":
            return bool(DATE_RE.match(value)) or _parses(parse_date, value)
        if fmt == "date-time":
            return bool(DATETIME_RE.match(value)) or _parses(parse_datetime, value)
        return True
    if kind == "integer":
        return isinstance(value, int) and not isinstance(value, bool)
    if kind == "number":
        return isinstance(value, (int, float, Decimal)) and not isinstance(value, bool)
    if kind == "boolean":
        return isinstance(value, bool)
    return True


def _parses(fn: Callable[[str], Any], value: str) -> bool:
    try:
        fn(value)
    except (ValueError, TypeError):
        return False
    return True


def conform(doc: Doc, schema: Any, value: Any, where: str, mends: Mends, depth: int = 0) -> Any:
    """``value`` (an example) with every part that contradicts ``schema`` replaced by a sample."""
    s = _schema(doc, schema)
    kind = _kind(s)
    if value is None:
        return None
    if kind == "object":
        if not isinstance(value, dict):
            mends.add(where, f"expected an object, got {type(value).__name__}")
            return sample(doc, s, depth)
        props = s.get("properties") or {}
        required = s.get("required") or []
        out = {}
        for key, item in value.items():
            if item is None and key in props and not _schema(doc, props[key]).get("nullable"):
                continue  # null where the schema has no null: as if left out (the SDK drops it too)
            out[key] = (
                conform(doc, props[key], item, f"{where}.{key}", mends, depth + 1) if key in props else item
            )
        for key in required:
            if key not in out and key in props:
                mends.add(where, f"required {key!r} missing or null")
                out[key] = sample(doc, props[key], depth + 1)
        return out
    if kind == "array":
        if not isinstance(value, list):
            mends.add(where, f"expected an array, got {type(value).__name__}")
            return sample(doc, s, depth)
        return [
            conform(doc, s.get("items") or {}, v, f"{where}[{i}]", mends, depth + 1)
            for i, v in enumerate(value)
        ]
    if kind == "any":
        return value
    if kind == "number" and isinstance(value, float):
        value = Decimal(str(value))
    if _valid_leaf(s, value):
        return value
    mended = sample(doc, s, depth)
    mends.add(
        where, f"{value!r} is not a valid {s.get('format') or kind}{' (enum)' if s.get('enum') else ''}"
    )
    return mended


def _example_of(param: dict[str, Any]) -> Any:
    if "example" in param:
        return param["example"]
    examples = param.get("examples")
    if isinstance(examples, dict) and examples:
        first = next(iter(examples.values()))
        if isinstance(first, dict):
            return first.get("value")
    schema = param.get("schema") or {}
    return schema.get("example") if isinstance(schema, dict) else None


def _unescape(value: Any) -> Any:
    return html.unescape(value) if isinstance(value, str) else value


# ---------------------------------------------------------------------------- SDK arguments


def _model(api: str, annotation: str) -> Any:
    """The model class an annotation such as ``Invoices | Mapping[str, Any]`` names."""
    models = importlib.import_module(f"xero_sdk._generated.{api}.models")
    name = annotation.split("|")[0].strip()
    if name.startswith("Sequence["):
        name = name[len("Sequence[") : -1]
    return getattr(models, name)


def _as_python(
    op: Operation, param: dict[str, Any], annotation: str, value: Any, mends: Mends, full: bool
) -> Any:
    """Turn a JSON-ish value valid for the parameter's schema into the SDK argument's type."""
    ann = annotation.replace(" | None", "")
    schema = _schema(op.doc, param.get("schema") or {})
    if ann.startswith("Sequence["):
        items = schema.get("items") or {}
        if isinstance(value, str):
            value = [v.strip() for v in value.split(",") if v.strip()]
        if not isinstance(value, list) or not value:
            value = [sample(op.doc, items, 1, 0)]
        value = [
            conform(op.doc, items, _unescape(v), f"{param['name']}[{i}]", mends) for i, v in enumerate(value)
        ]
        if full and len(value) == 1:
            # two items: how the SDK joins a list is what Prism checks
            second = sample(op.doc, items, 1, 1)
            if second == value[0]:  # the example again: a distinct value of the same format
                second = FIXED_UUIDS[1] if _schema(op.doc, items).get("format") == "uuid" else f"{second}2"
            value.append(second)
        inner = ann[len("Sequence[") : -1]
        return [
            _as_python(op, {"name": param["name"], "schema": items}, inner, v, mends, full) for v in value
        ]
    if "datetime.datetime" in ann:
        if isinstance(value, str) and _parses(parse_datetime, value):
            parsed = parse_datetime(value)
        else:
            parsed = datetime.datetime(2026, 1, 31, 10, 0, tzinfo=datetime.timezone.utc)
        if parsed.tzinfo is None:
            parsed = parsed.replace(tzinfo=datetime.timezone.utc)
        return parsed
    if "datetime.date" in ann:
        if isinstance(value, str) and _parses(parse_date, value):
            return parse_date(value)
        return datetime.date(2026, 1, 31)
    if ann == "int":
        return int(value)
    if ann == "bool":
        return value if isinstance(value, bool) else str(value).lower() == "true"
    if ann in ("Decimal | int", "Decimal"):
        return Decimal(str(value))
    return str(value)


def _param_value(op: Operation, param: dict[str, Any], annotation: str, mends: Mends, full: bool) -> Any:
    where = f"{param.get('in')} {param.get('name')}"
    example = _unescape(_example_of(param))
    schema = param.get("schema") or {}
    if example is None:
        value = sample(op.doc, schema)
    elif annotation.replace(" | None", "").startswith("Sequence["):
        value = example
    else:
        value = conform(op.doc, schema, example, where, mends)
    return _as_python(op, param, annotation, value, mends, full)


def _body_value(op: Operation, annotation: str, mends: Mends) -> Any:
    found = op.request_body()
    if found is None:
        raise LookupError(f"{op.id}: the method takes a body the document does not declare")
    media, spec = found
    if media in BINARY_MEDIA or media.startswith("image/") or "bytes" in annotation:
        return BINARY_BODY
    example = spec.get("example")
    if example is None and isinstance(spec.get("examples"), dict) and spec["examples"]:
        first = resolve(op.doc, next(iter(spec["examples"].values())))
        example = first.get("value") if isinstance(first, dict) else None
    schema = spec.get("schema") or {}
    if example is None or example == "":
        value = sample(op.doc, schema)
    else:
        value = conform(op.doc, schema, example, "body", mends)
    if annotation.startswith("Sequence["):
        model = _model(op.api, annotation)
        return [model.from_dict(v) for v in value]
    if "Mapping" in annotation:
        return _model(op.api, annotation).from_dict(value)
    return value


def _multipart_fields(op: Operation) -> dict[str, tuple[dict[str, Any], bool]]:
    found = op.request_body()
    if found is None or found[0] != "multipart/form-data":
        return {}
    schema = _schema(op.doc, found[1].get("schema") or {})
    required = set(schema.get("required") or [])
    return {flat(name): (prop, name in required) for name, prop in (schema.get("properties") or {}).items()}


def _raw_body_media(op: Operation) -> str | None:
    found = op.request_body()
    if found is None or found[0].endswith("json") or found[0] == "multipart/form-data":
        return None
    return found[0]


def arguments(
    op: Operation, method: Callable[..., Any], *, full: bool
) -> tuple[list[Any], dict[str, Any], Mends]:
    """Positional and keyword arguments for ``method``: every parameter the document gives the
    operation when ``full``, else only the required ones."""
    mends = Mends()
    by_snake: dict[str, dict[str, Any]] = {}
    by_flat: dict[str, dict[str, Any]] = {}
    for p in op.parameters():
        if isinstance(p.get("x-snake"), str):
            by_snake[p["x-snake"]] = p
        by_flat[flat(str(p.get("name", "")))] = p
    multipart = _multipart_fields(op)
    args: list[Any] = []
    kwargs: dict[str, Any] = {}
    for name, sig in inspect.signature(method).parameters.items():
        if name in SKIP_ARGS:
            continue
        annotation = str(sig.annotation)
        required = sig.default is inspect.Parameter.empty
        if name == "body" and not multipart:
            value = _body_value(op, annotation, mends)
        elif flat(name) in multipart:
            prop, _ = multipart[flat(name)]
            if not required and not full:
                continue
            value = (
                BINARY_BODY
                if "bytes" in annotation
                else _as_python(
                    op, {"name": name, "schema": prop}, annotation, sample(op.doc, prop), mends, full
                )
            )
            if name == "filename" or name == "name":
                value = "contract-test.pdf"
            if name == "mime_type":
                value = "application/pdf"
        elif name == "content_type" and flat(name) not in by_flat and _raw_body_media(op):
            # the media type of a raw upload (the document's, application/octet-stream)
            if not required and not full:
                continue
            value = _raw_body_media(op)
        else:
            param = by_snake.get(name) or by_flat.get(flat(name))
            if param is None:
                raise LookupError(f"{op.id}: argument {name!r} matches no parameter of the document")
            if not required and not full:
                continue
            value = _param_value(op, param, annotation, mends, full)
        if sig.kind is inspect.Parameter.POSITIONAL_OR_KEYWORD:
            args.append(value)
        else:
            kwargs[name] = value
    return args, kwargs, mends


# ---------------------------------------------------------------------------- expected results


@dataclass(frozen=True)
class Expected:
    kind: str  # model | list | bytes | none
    model: Any = None
    media: tuple[str, ...] = ()
    """For ``bytes``: the media types the answer may have (what the SDK asked for)."""

    def check(self, result: Any) -> str | None:
        """``None`` when ``result`` is what the operation returns, else what is wrong."""
        if self.kind == "none":
            return None if result is None else f"expected None, got {type(result).__name__}"
        if self.kind == "bytes":
            return None if isinstance(result, bytes) else f"expected bytes, got {type(result).__name__}"
        if self.kind == "model":
            if isinstance(result, self.model):
                return None
            return f"expected {self.model.__name__}, got {type(result).__name__}"
        if self.kind == "list":
            if not isinstance(result, list):
                return f"expected a list of {self.model.__name__}, got {type(result).__name__}"
            wrong = [type(x).__name__ for x in result if not isinstance(x, self.model)]
            return f"expected {self.model.__name__} items, got {wrong}" if wrong else None
        raise AssertionError(f"unknown expectation {self.kind!r}")


def model_for_schema(api: str, name: str) -> Any:
    models = importlib.import_module(f"xero_sdk._generated.{api}.models")
    wanted = flat(name)
    for candidate in models.__all__:
        if flat(candidate) == wanted:
            return getattr(models, candidate)
    raise LookupError(f"{api}: no model for schema {name!r}")


def expected_result(op: Operation) -> Expected:
    found = op.success_response()
    if found is None:
        return Expected("none")
    status, response = found
    content = response.get("content") or {}
    if not content:
        return Expected("none")
    media, spec = next(iter(content.items()))
    if media in BINARY_MEDIA or not media.endswith("json"):
        accept = op.op.get("x-sdk-accept")
        return Expected("bytes", media=(accept,) if isinstance(accept, str) else tuple(content))
    schema = (spec or {}).get("schema") or {}
    if "$ref" in schema:
        return Expected("model", model_for_schema(op.api, schema["$ref"].rsplit("/", 1)[-1]))
    if schema.get("type") == "array" and "$ref" in (schema.get("items") or {}):
        return Expected("list", model_for_schema(op.api, schema["items"]["$ref"].rsplit("/", 1)[-1]))
    if schema.get("type") == "object" or "properties" in schema:
        # an inline object: the generator names its model after the operation and status
        return Expected("model", model_for_schema(op.api, f"{op.operation_id}Response{status}"))
    raise LookupError(f"{op.id}: no expectation for a {media} answer with schema {schema}")


def is_json_read(op: Operation) -> bool:
    """A list or get operation: GET answering JSON (the fuzz tests' subjects)."""
    return op.method == "GET" and expected_result(op).kind in ("model", "list")


_WRONG = {
    "string": 12345,
    "integer": "not a number",
    "number": "not a number",
    "boolean": "not a boolean",
    "array": "not an array",
    "object": "not an object",
}


def _wrong_value(doc: Doc, schema: Any, depth: int = 0) -> tuple[bool, Any]:
    s = _schema(doc, schema)
    if "type" in s and s["type"] in _WRONG:
        return True, _WRONG[s["type"]]
    if depth > 3:
        return False, None
    if "items" in s:
        ok, value = _wrong_value(doc, s["items"], depth + 1)
        return ok, [value]
    for name, prop in (s.get("properties") or {}).items():
        ok, value = _wrong_value(doc, prop, depth + 1)
        if ok:
            return True, {name: value}
    return False, None


def wrong_body(op: Operation) -> bytes | None:
    """A JSON body the operation's schema refuses (a value of the wrong type where the schema
    states one), or ``None`` when the operation has no JSON body or its schema accepts anything."""
    found = op.request_body()
    if found is None or not found[0].endswith("json"):
        return None
    ok, value = _wrong_value(op.doc, found[1].get("schema") or {})
    return json.dumps(value).encode() if ok else None
