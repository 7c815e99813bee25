"""The normaliser's rewrites from real responses (codegen/normalise/observed.py) are applied to
the generated models, and each cites a fixture that really shows its field."""

from __future__ import annotations

import datetime
import functools
import importlib
from collections.abc import Iterator
from typing import Any
from uuid import UUID

import pytest

from codegen.normalise.observed import ENVELOPES, OBSERVED, Observed, envelope_schemas
from tests.specdocs import REST_APIS, raw_doc

from . import corpus

PYTHON_TYPES = {"uuid": UUID, "date": datetime.date, "date-time": datetime.datetime}


@functools.cache
def api_by_title() -> dict[str, str]:
    """The API of each document, by the document's ``info.title`` (how the rewrites name it)."""
    return {raw_doc(api)["info"]["title"]: api for api in REST_APIS}


def keys(node: Any) -> Iterator[str]:
    if isinstance(node, dict):
        yield from node
        for value in node.values():
            yield from keys(value)
    elif isinstance(node, list):
        for value in node:
            yield from keys(value)


def attribute(api: str, schema: str, field: str) -> tuple[str, Any]:
    cls = corpus.model_class(api, schema)
    by_json = {json_name: attr for attr, json_name in cls.FIELDS.items()}
    assert field in by_json, f"{api}.{schema} has no field {field}: the rewrite was not applied"
    return by_json[field], corpus.hints(cls)[by_json[field]]


@pytest.mark.parametrize("seen", OBSERVED, ids=[f"{o.schema}.{o.field}" for o in OBSERVED])
def test_observed_field_is_typed_and_its_fixture_shows_it(seen: Observed) -> None:
    _attr, hint = attribute(api_by_title()[seen.document], seen.schema, seen.field)
    expected = PYTHON_TYPES.get(seen.spec.get("format", ""))
    if expected is not None:
        assert expected in hint.__args__, (seen, hint)
    fixture = corpus.fixtures_dir() / seen.fixture
    if not fixture.is_file():
        pytest.skip(f"no fixture at {fixture}")
    assert seen.field in set(keys(corpus.Row(seen.fixture, "", "", None, {}, "").json())), seen


@pytest.mark.parametrize("title", list(ENVELOPES))
def test_every_response_envelope_carries_the_metadata(title: str) -> None:
    api = api_by_title()[title]
    fields, _fixture = ENVELOPES[title]
    models = importlib.import_module(f"xero_sdk._generated.{api}.models")
    checked = 0
    for name in envelope_schemas(raw_doc(api)):
        cls = getattr(models, name, None)
        if cls is None or not hasattr(cls, "FIELDS"):  # a list or scalar answer: no envelope
            continue
        for field, spec in fields.items():
            _attr, hint = attribute(api, name, field)
            expected = PYTHON_TYPES.get(spec.get("format", ""), str)
            assert expected in hint.__args__, (name, field, hint)
        checked += 1
    assert checked >= 1, title
