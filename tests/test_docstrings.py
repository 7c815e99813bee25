"""Every public symbol of the handwritten layer has a docstring an editor can show on hover."""

from __future__ import annotations

import functools
import importlib
import inspect

PUBLIC_MODULES = (
    "xero_sdk",
    "xero_sdk.errors",
    "xero_sdk.auth",
    "xero_sdk.auth.scopes",
    "xero_sdk.webhooks",
    "xero_sdk.attachments",
    "xero_sdk.batches",
    "xero_sdk.reports",
    "xero_sdk.testing",
    "xero_sdk.transports",
)


def _has_doc(obj: object) -> bool:
    doc = inspect.getdoc(obj)
    return bool(doc and doc.strip())


def _missing_docstrings() -> list[str]:
    missing: set[str] = set()
    for module_name in PUBLIC_MODULES:
        module = importlib.import_module(module_name)
        for name in module.__all__:
            obj = getattr(module, name)
            if not (inspect.isclass(obj) or inspect.isfunction(obj)):
                continue
            qualname = f"{obj.__module__}.{obj.__qualname__}"
            if not _has_doc(obj):
                missing.add(qualname)
            if not inspect.isclass(obj):
                continue
            for attr, member in vars(obj).items():
                if attr.startswith("_"):
                    continue
                if isinstance(member, (staticmethod, classmethod)):
                    member = member.__func__
                if isinstance(member, (property, functools.cached_property)):
                    documented = _has_doc(member)
                elif inspect.isfunction(member):
                    # Looked up on the class so that getdoc follows the MRO: a method
                    # implementing a documented base method inherits its docstring.
                    documented = _has_doc(getattr(obj, attr))
                else:
                    continue
                if not documented:
                    missing.add(f"{qualname}.{attr}")
    return sorted(missing)


def test_public_symbols_have_docstrings() -> None:
    missing = _missing_docstrings()
    assert not missing, f"{len(missing)} public symbols lack a docstring:\n" + "\n".join(missing)
