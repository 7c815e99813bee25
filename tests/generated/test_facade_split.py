"""The facades are written as one module of methods per resource group, combined into the
same two classes per API: ``<Prefix>Api`` and ``Async<Prefix>Api`` in ``<api>.facade``."""

from __future__ import annotations

import importlib
import inspect
import re
from pathlib import Path

import pytest

from codegen.apis import BY_KEY
from tests.specdocs import REST_APIS
from xero_sdk.auth import scopes

GENERATED = Path(__file__).resolve().parents[2] / "generated" / "xero_generated"
#: a facade piece longer than this is no longer readable as one file
MAX_LINES = 2500


def classes(api: str) -> tuple[type, type]:
    facade = importlib.import_module(f"xero_generated.{api}.facade")
    prefix = BY_KEY[api].prefix
    return getattr(facade, f"{prefix}Api"), getattr(facade, f"Async{prefix}Api")


def methods(cls: type) -> dict[str, object]:
    return {n: f for n, f in inspect.getmembers(cls, inspect.isfunction) if not n.startswith("_")}


@pytest.mark.parametrize("api", REST_APIS)
def test_the_classes_keep_their_slots_and_their_methods(api: str) -> None:
    sync_cls, async_cls = classes(api)
    assert methods(sync_cls).keys() == methods(async_cls).keys() and methods(sync_cls)
    for cls in (sync_cls, async_cls):
        assert cls.__module__ == f"xero_generated.{api}.facade"
        assert cls.__slots__ == ("_sender",)
        instance = cls(object())
        assert not hasattr(instance, "__dict__"), cls  # every base has __slots__ = ()
        with pytest.raises(AttributeError):
            instance.anything = 1
        for base in cls.__mro__[1:-1]:
            assert base.__slots__ == (), base
            assert re.fullmatch(rf"xero_generated\.{api}\.methods\.\w+", base.__module__), base
    assert not any(inspect.iscoroutinefunction(fn) for fn in methods(sync_cls).values())
    for name, fn in methods(async_cls).items():  # iter_* return async iterators: plain functions
        assert inspect.iscoroutinefunction(fn) != name.startswith("iter_"), name


@pytest.mark.parametrize("api", REST_APIS)
def test_each_methods_module_holds_one_resource_group(api: str) -> None:
    """A module's operations all start with the same path segment, and no two modules share one."""
    sync_cls, _ = classes(api)
    segment_of: dict[str, set[str]] = {}
    for name, fn in methods(sync_cls).items():
        if name.startswith("iter_"):
            continue
        found = re.search(r"Xero operation ``\w+``: ``[A-Z]+ /([^/`{]+)", inspect.getdoc(fn) or "")
        assert found, name
        segment_of.setdefault(fn.__module__, set()).add(found[1])
    assert all(len(s) == 1 for s in segment_of.values()), segment_of
    segments = [next(iter(s)) for s in segment_of.values()]
    assert len(set(segments)) == len(segments)


def test_no_facade_file_is_too_long_to_read() -> None:
    pieces = [*GENERATED.glob("*/facade.py"), *GENERATED.glob("*/methods/*.py")]
    assert len(pieces) > 40
    longest = max(pieces, key=lambda p: len(p.read_text(encoding="utf-8").splitlines()))
    assert len(longest.read_text(encoding="utf-8").splitlines()) <= MAX_LINES, longest


def test_a_method_taken_from_the_class_still_names_its_operation() -> None:
    sync_cls, async_cls = classes("accounting")
    want = scopes.allowing("accounting.getInvoices")
    assert scopes.allowing(sync_cls.get_invoices) == want
    assert scopes.allowing(async_cls.get_invoices) == want
    assert scopes.allowing(sync_cls(object()).get_invoices) == want
