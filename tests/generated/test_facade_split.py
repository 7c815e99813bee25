"""The facades are written as one module of methods per resource group (``<api>/methods/``) and
keep the surface of one class per API and mode: ``<Prefix>Api`` and ``Async<Prefix>Api`` in
``<api>.facade``, whose methods are imported from their group's module on first access."""

from __future__ import annotations

import importlib
import inspect
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from codegen.apis import BY_KEY
from tests.specdocs import REST_APIS
from xero_sdk.auth import scopes

GENERATED = Path(__file__).resolve().parents[2] / "generated" / "xero_sdk" / "_generated"
#: a facade piece longer than this is no longer readable as one file
MAX_LINES = 2500


def classes(api: str) -> tuple[type, type]:
    facade = importlib.import_module(f"xero_sdk._generated.{api}.facade")
    prefix = BY_KEY[api].prefix
    return getattr(facade, f"{prefix}Api"), getattr(facade, f"Async{prefix}Api")


def methods(cls: type) -> dict[str, object]:
    return {n: f for n, f in inspect.getmembers(cls, inspect.isfunction) if not n.startswith("_")}


def group_classes(api: str, mode: str) -> list[type]:
    """The classes the ``methods/`` modules define for ``mode`` (what mypy sees as the bases)."""
    found = []
    for path in sorted((GENERATED / api / "methods").glob("*.py")):
        if path.stem == "__init__":
            continue
        module = importlib.import_module(f"xero_sdk._generated.{api}.methods.{path.stem}")
        for name, value in vars(module).items():
            if (
                isinstance(value, type)
                and name.endswith("Methods")
                and name.startswith("Async") == (mode == "async")
            ):
                found.append(value)
    return found


@pytest.mark.parametrize("api", REST_APIS)
def test_the_classes_keep_their_slots_and_have_every_groups_methods(api: str) -> None:
    sync_cls, async_cls = classes(api)
    for cls, mode in ((sync_cls, "sync"), (async_cls, "async")):
        assert cls.__mro__ == (cls, object) and cls.__slots__ == ("_sender",)
        instance = cls(object())
        assert not hasattr(instance, "__dict__"), cls
        with pytest.raises(AttributeError):
            instance.anything = 1
        defined = set()
        for group in group_classes(api, mode):
            assert group.__slots__ == (), group
            own = {n for n, v in vars(group).items() if inspect.isfunction(v) and not n.startswith("_")}
            assert own and not own & defined, group
            defined |= own
        assert set(methods(cls)) == defined, cls  # the facade's table names every method, no other
        for name, fn in methods(cls).items():
            assert vars(cls)[name] is fn  # resolved into the class itself
            assert fn.__qualname__ == f"{cls.__name__}.{name}" and fn.__module__ == cls.__module__
            assert inspect.iscoroutinefunction(fn) == (mode == "async" and not name.startswith("iter_"))
            assert (fn.__doc__ or "").strip(), name


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
        segment_of.setdefault(fn.__code__.co_filename, set()).add(found[1])
    assert all(len(s) == 1 for s in segment_of.values()), segment_of
    segments = [next(iter(s)) for s in segment_of.values()]
    assert len(set(segments)) == len(segments)


def test_the_facade_imports_no_group_until_a_method_is_used() -> None:
    code = (
        "import json, sys\n"
        "from xero_sdk._generated.accounting.facade import AccountingApi\n"
        "before = sorted(m for m in sys.modules if '.methods.' in m)\n"
        "api = AccountingApi(object())\n"
        "api.get_invoices\n"
        "after = sorted(m for m in sys.modules if '.methods.' in m)\n"
        "print(json.dumps([before, after]))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120
    )
    before, after = json.loads(out.stdout)
    assert before == [] and after == ["xero_sdk._generated.accounting.methods.invoices"]


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
    assert repr(sync_cls(object()).get_contacts).startswith("<bound method AccountingApi.get_contacts of")
