"""The real-response corpus: responses captured from the live Xero API by other projects.

The fixtures are read where they are kept, ``../shared/realworld/fixtures`` next to the project
(or the folder named by ``XERO_REALWORLD_DIR``), the way the tests find Xero's documents; they
are never copied into the project. ``index.json`` there lists every fixture with the API, model
and SDK operation that fetches it; adding a fixture needs only a row there.

This module walks a parsed model against the JSON it came from: :func:`differences` lists what
``to_dict()`` lost or changed beyond the normalisations named in :data:`NORMALISATIONS`,
:func:`type_errors` lists attribute values that do not hold their annotated type, and
:func:`untyped` lists the fields kept raw in ``additional_properties``.
"""

from __future__ import annotations

import datetime
import functools
import importlib
import json
import os
import types
import typing
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any
from uuid import UUID

import attrs

from xero_sdk._runtime.codec import parse_date, parse_datetime
from xero_sdk._runtime.model import Model

ROOT = Path(__file__).resolve().parent.parent.parent
ENV_VAR = "XERO_REALWORLD_DIR"
SHARED_RELPATH = Path("..") / "shared" / "realworld" / "fixtures"

#: What ``to_dict()`` may change in a real response, and nothing else.
NORMALISATIONS = (
    "a member whose value is null is omitted (fields left as None are not written)",
    "numbers compare by value: 5.00 and 5 are the same Decimal (JSON number text is not kept)",
    "a GUID is written in lower case (UUID text compares case-insensitively)",
    "an empty GUID text (Xero's 'none') is read as None and so omitted",
    "a date or date-time is written in ISO 8601 (YYYY-MM-DD for a date field, with the offset for "
    "a date-time) whatever form Xero used (/Date(...)/, 7-digit fractions, no zone): a date field "
    "compares by calendar date, a date-time field by instant",
)


def fixtures_dir() -> Path:
    env = os.environ.get(ENV_VAR)
    return Path(env) if env else (ROOT / SHARED_RELPATH).resolve()


@attrs.frozen
class Row:
    """One row of ``index.json``."""

    file: str
    api: str
    model: str
    op: str | None
    args: dict[str, Any]
    source: str

    @property
    def path(self) -> Path:
        return fixtures_dir() / self.file

    def body(self) -> bytes:
        return self.path.read_bytes()

    def json(self) -> Any:
        from xero_sdk._runtime.codec import loads

        return loads(self.body())


@functools.cache
def rows() -> tuple[Row, ...]:
    index = fixtures_dir() / "index.json"
    if not index.is_file():
        return ()
    return tuple(
        Row(r["file"], r["api"], r["model"], r["op"], dict(r.get("args") or {}), r.get("source", ""))
        for r in json.loads(index.read_text(encoding="utf-8"))
    )


def model_class(api: str, name: str) -> type[Model]:
    """``Invoices`` or ``list[Connection]`` -> the model class (the element class for a list)."""
    if name.startswith("list[") and name.endswith("]"):
        name = name[5:-1]
    cls = getattr(importlib.import_module(f"xero_sdk._generated.{api}.models"), name)
    assert isinstance(cls, type) and issubclass(cls, Model), name
    return cls


# --- to_dict() against the original ---------------------------------------------------------


def _same_scalar(got: Any, want: Any) -> bool:
    if isinstance(want, bool) or isinstance(got, bool):
        return type(got) is type(want) and got == want
    if isinstance(want, (int, Decimal)) and isinstance(got, (int, Decimal)):
        return Decimal(got) == Decimal(want)
    if isinstance(want, str) and isinstance(got, str):
        if got == want:
            return True
        try:
            return UUID(got) == UUID(want)
        except ValueError:
            pass
        try:  # a date or date-time Xero wrote in another of its forms
            if len(got) == 10:  # a date field, written YYYY-MM-DD: the same calendar date
                return parse_date(got) == parse_date(want)
            return parse_datetime(got) == parse_datetime(want)  # a date-time: the same instant
        except ValueError:
            return False
    return bool(got == want)


def differences(got: Any, want: Any, where: str = "$") -> Iterator[str]:
    """Where ``got`` (``to_dict()``) differs from ``want`` (the JSON) beyond NORMALISATIONS."""
    if isinstance(want, dict):
        if not isinstance(got, dict):
            yield f"{where}: object became {got!r}"
            return
        for key, value in want.items():
            if value is None:
                if key in got and got[key] is not None:
                    yield f"{where}.{key}: null became {got[key]!r}"
                continue
            if key not in got:
                if value == "" and _is_guid_field(key):
                    continue
                yield f"{where}.{key}: {value!r} lost"
                continue
            yield from differences(got[key], value, f"{where}.{key}")
        for key in got.keys() - want.keys():
            yield f"{where}.{key}: {got[key]!r} added"
    elif isinstance(want, list):
        if not isinstance(got, list) or len(got) != len(want):
            yield f"{where}: list became {got!r}"
            return
        for i, (g, w) in enumerate(zip(got, want, strict=True)):
            yield from differences(g, w, f"{where}[{i}]")
    elif not _same_scalar(got, want):
        yield f"{where}: {want!r} became {got!r}"


def _is_guid_field(key: str) -> bool:
    """Xero's GUID fields end in ID / Id (``ContactID``, ``SalesTaxCodeId``, ``earningsRateID``)."""
    return key.endswith(("ID", "Id", "id"))


# --- typed values ---------------------------------------------------------------------------


@functools.cache
def hints(cls: type[Model]) -> dict[str, Any]:
    """The attributes' annotations, evaluated (nested models resolved through the package)."""
    module = importlib.import_module(cls.__module__)
    package = importlib.import_module(cls.__module__.rsplit(".", 1)[0])
    names: dict[str, Any] = dict(vars(module))
    for name, value in list(names.items()):
        if type(value).__name__ == "LazyClass":
            names[name] = getattr(package, name)
    return typing.get_type_hints(cls, globalns=names)


def holds(value: Any, hint: Any) -> bool:
    """Whether ``value`` is an instance of the annotation ``hint`` (unions, lists, dicts)."""
    origin = typing.get_origin(hint)
    if hint is Any:
        return True
    if origin in (typing.Union, types.UnionType):
        return any(holds(value, arm) for arm in typing.get_args(hint))
    if origin is list:
        (item,) = typing.get_args(hint)
        return isinstance(value, list) and all(holds(v, item) for v in value)
    if origin is dict:
        key, item = typing.get_args(hint)
        return isinstance(value, dict) and all(holds(k, key) and holds(v, item) for k, v in value.items())
    if hint is type(None):
        return value is None
    if hint is datetime.date:  # a datetime is a date subclass, but not what a date field holds
        return type(value) is datetime.date
    if hint is datetime.datetime:
        return isinstance(value, datetime.datetime) and value.tzinfo is not None
    if hint is bool:
        return type(value) is bool
    if hint is int:
        return isinstance(value, int) and not isinstance(value, bool)
    if origin is not None:
        return isinstance(value, origin)
    return isinstance(value, hint)


def models_in(value: Any) -> Iterator[Model]:
    if isinstance(value, Model):
        yield value
        for name in value.FIELDS:
            yield from models_in(getattr(value, name))
    elif isinstance(value, list):
        for item in value:
            yield from models_in(item)


def type_errors(root: Any) -> Iterator[str]:
    for model in models_in(root):
        annotations = hints(type(model))
        for name in model.FIELDS:
            value = getattr(model, name)
            if not holds(value, annotations[name]):
                yield f"{type(model).__name__}.{name}: {value!r} is not {annotations[name]}"


def untyped(root: Any) -> Iterator[tuple[str, str]]:
    """(model, JSON name) of every field the model does not describe (kept raw in
    ``additional_properties``)."""
    for model in models_in(root):
        described = model.FIELDS.values()
        for key in getattr(model, "additional_properties", {}):
            if key not in described:
                yield type(model).__name__, key


def kept_raw(root: Any) -> Iterator[tuple[str, str]]:
    """(model, JSON name) of every described field whose value did not fit it (kept raw).

    ``""`` in a field that is not text is Xero's "no value": the scalar rule (README, "Call") reads it as ``None`` and keeps the ``""`` so that it is written back; it is
    not counted here."""
    for model in models_in(root):
        described = model.FIELDS.values()
        for key, value in getattr(model, "additional_properties", {}).items():
            if key in described and value != "":
                yield type(model).__name__, key


def string_twins(root: Any) -> Iterator[tuple[str, Any, Any]]:
    """(field, value, *String twin) for each date field whose response carries a twin (the twin
    as text, or as the date its typed field read)."""
    for model in models_in(root):
        extra = getattr(model, "additional_properties", {})
        by_json = {json_name: attr for attr, json_name in model.FIELDS.items()}
        for json_name, attr in by_json.items():
            twin = by_json.get(json_name + "String")
            text = getattr(model, twin) if twin else extra.get(json_name + "String")
            value = getattr(model, attr)
            if isinstance(value, datetime.date) and isinstance(text, (str, datetime.date)):
                yield f"{type(model).__name__}.{attr}", value, text
