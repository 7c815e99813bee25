"""Every response example and schema example in the documents parses and serialises back.

Each example is parsed with the generated code a user gets (an operation's ``parse`` for a
response example, the model's ``from_dict`` for a schema example), then written back with
``to_dict`` and compared with the example: dates by value, numbers by value (never through
float), GUIDs case-insensitively, a field the example gives as null equal to one left out.
"""

from __future__ import annotations

import datetime
import functools
import importlib
import inspect
import json
import re
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any
from uuid import UUID

import pytest

from codegen.normalise import normalise_file
from codegen.normalise.rewrites import operations, resolve
from tests.specdocs import REST_APIS, snake, spec_paths
from xero_sdk._codec import parse_date, parse_datetime

DATE_ONLY = re.compile(r"^\d{4}-\d{2}(-\d{2})?$")


@functools.cache
def normalised(api: str, tmp: str) -> dict[str, Any]:
    out = Path(tmp) / f"{api}.json"
    normalise_file(spec_paths()[api], out)
    return json.loads(out.read_text(encoding="utf-8"))


def model_class(api: str, schema: str) -> Any:
    models = importlib.import_module(f"xero_generated.{api}.models")
    wanted = re.sub(r"[^a-z0-9]", "", schema.lower())
    for name in models.__all__:
        if name.lower() == wanted:
            return getattr(models, name)
    return None


# ---------------------------------------------------------------------- comparison by value


def _as_decimal(value: Any) -> Decimal | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float, Decimal)):
        return Decimal(str(value))
    if isinstance(value, str):
        try:
            return Decimal(value)
        except InvalidOperation:
            return None
    return None


def _as_instant(value: Any) -> datetime.datetime | datetime.date | None:
    if not isinstance(value, str) or not re.match(r"^(\\?/Date\(|\d{4}-\d{2})", value):
        return None
    try:
        return parse_datetime(value)
    except ValueError:
        try:
            return parse_date(value)
        except ValueError:
            return None


def same(a: Any, b: Any, path: str = "$") -> list[str]:
    if isinstance(a, dict) and isinstance(b, dict):
        problems = []
        for key in sorted(set(a) | set(b)):
            problems += same(a.get(key), b.get(key), f"{path}.{key}")
        return problems
    if isinstance(a, list) and isinstance(b, list):
        if len(a) != len(b):
            return [f"{path}: {len(a)} items became {len(b)}"]
        return [p for i, (x, y) in enumerate(zip(a, b, strict=True)) for p in same(x, y, f"{path}[{i}]")]
    if a == b:
        return []
    if isinstance(a, str) and isinstance(b, str):
        try:
            if UUID(a) == UUID(b):
                return []
        except ValueError:
            pass
        ia, ib = _as_instant(a), _as_instant(b)
        if ia is not None and ib is not None:
            if DATE_ONLY.match(a) or DATE_ONLY.match(b):
                # a date field: its value is the calendar date (MS dates in UTC)
                da = ia.date() if isinstance(ia, datetime.datetime) else ia
                db = ib.date() if isinstance(ib, datetime.datetime) else ib
                if da == db:
                    return []
            elif ia == ib:
                return []
    da, db = _as_decimal(a), _as_decimal(b)
    if da is not None and db is not None and da == db:
        return []
    return [f"{path}: {a!r} came back as {b!r}"]


# ---------------------------------------------------------------------- collecting examples


def _examples_of(media: dict[str, Any]) -> list[tuple[str, Any]]:
    found = []
    if "example" in media:
        found.append(("example", media["example"]))
    for name, ex in (media.get("examples") or {}).items():
        if isinstance(ex, dict) and "value" in ex:
            found.append((name, ex["value"]))
    schema = media.get("schema") or {}
    if isinstance(schema, dict) and "example" in schema and "$ref" not in schema:
        found.append(("schema example", schema["example"]))
    return found


def collect(api: str, tmp: str) -> list[tuple[str, Any, Any]]:
    """(label, parse function, example) for every example of the document."""
    doc = normalised(api, tmp)
    cases: list[tuple[str, Any, Any]] = []
    components = doc.get("components", {})
    for _path, _method, op, _item in operations(doc):
        module = None
        for status, response in (op.get("responses") or {}).items():
            if not str(status).startswith("2"):
                continue
            media = (resolve(doc, response).get("content") or {}).get("application/json")
            if not media:
                continue
            for label, value in _examples_of(media):
                if module is None:
                    facade = importlib.import_module(f"xero_generated.{api}.facade")
                    method_obj = getattr(
                        facade,
                        next(n for n in dir(facade) if n.endswith("Api") and not n.startswith("Async")),
                    )
                    source = getattr(method_obj, snake(op["operationId"]))  # defined in a base: methods/
                    tag = re.search(r"from \.\.api\.(\w+) import", inspect.getsource(source))
                    assert tag, op["operationId"]
                    module = importlib.import_module(
                        f"xero_generated.{api}.api.{tag.group(1)}.{snake(op['operationId'])}"
                    )
                cases.append((f"{api} {op['operationId']} {status} {label}", module.parse, value))
    for name, schema in (components.get("schemas") or {}).items():
        if (
            isinstance(schema, dict)
            and "example" in schema
            and (schema.get("type") == "object" or "properties" in schema)
        ):
            cls = model_class(api, name)
            assert cls is not None, f"{api}: no model for schema {name}"
            cases.append((f"{api} schema {name}", cls.from_dict, schema["example"]))
    return cases


def to_json(value: Any) -> Any:
    if hasattr(value, "to_dict"):
        return value.to_dict()
    if isinstance(value, list):
        return [to_json(v) for v in value]
    if isinstance(value, (datetime.date, UUID)):
        return str(value)
    return value


@pytest.fixture(scope="module")
def tmpdir_str(tmp_path_factory: pytest.TempPathFactory) -> str:
    return str(tmp_path_factory.mktemp("normalised"))


def test_every_example_round_trips(tmpdir_str: str, capsys: pytest.CaptureFixture[str]) -> None:
    failures: list[str] = []
    counts: dict[str, int] = {}
    for api in REST_APIS:
        cases = collect(api, tmpdir_str)
        counts[api] = len(cases)
        for label, parse, example in cases:
            try:
                parsed = parse(example)
            except Exception as exc:  # a parse failure is a finding, reported with the others
                failures.append(f"{label}: does not parse: {type(exc).__name__}: {exc}")
                continue
            failures += [f"{label}: {p}" for p in same(example, to_json(parsed))]
    total = sum(counts.values())
    with capsys.disabled():
        print(
            f"\nexamples: {total} checked ({', '.join(f'{k} {v}' for k, v in counts.items())}), {len(failures)} failed"
        )
    assert total > 0
    assert not failures, "\n".join(failures[:60]) + (
        f"\n... and {len(failures) - 60} more" if len(failures) > 60 else ""
    )


#: Fields whose examples hold a scalar of another JSON type than the document declares
#: (``ReceiptNumber: 1`` for a string, ``"true"`` for a boolean...). By the scalar rule such a
#: value is kept as JSON, never stored in the typed attribute; a field not listed here showing
#: up is a new contradiction (or a decoder bug) and fails the test.
SCALAR_CONTRADICTIONS = frozenset(
    {
        "ReceiptNumber",
        "IsReconciled",
        "RatePerUnit",
        "DaysInPayrollYear",
        "globalTaxTypeID",
        "statementLineCount",
    }
)


def kept_fields(value: Any, path: str = "$") -> list[str]:
    """Known fields whose value was kept as JSON because its shape did not fit the document:
    structure (a list where one object belongs, a null inside a list), or a scalar of another
    type in one of the :data:`SCALAR_CONTRADICTIONS`."""
    found: list[str] = []
    if isinstance(value, list):
        for i, v in enumerate(value):
            found += kept_fields(v, f"{path}[{i}]")
    elif hasattr(value, "FIELDS"):
        known = set(value.FIELDS.values())
        for k, v in value.additional_properties.items():
            if k in known:
                if isinstance(v, (list, dict)):
                    found.append(f"{path}.{k}")
                else:
                    assert k in SCALAR_CONTRADICTIONS, f"{path}.{k}: scalar {v!r} did not decode"
        for attr in value.FIELDS:
            found += kept_fields(getattr(value, attr), f"{path}.{value.FIELDS[attr]}")
    return found


def test_examples_parse_into_typed_fields(tmpdir_str: str, capsys: pytest.CaptureFixture[str]) -> None:
    """Keeping a value as JSON is for shapes that contradict the document, not a way to pass."""
    kept: list[str] = []
    for api in REST_APIS:
        for label, parse, example in collect(api, tmpdir_str):
            kept += [f"{label}: {k}" for k in kept_fields(parse(example))]
    with capsys.disabled():
        print(f"\nexamples: {len(kept)} values kept as JSON because their shape contradicts the document")
        for line in kept:
            print(f"  {line}")
    assert len(kept) < 20
