"""Every public module shows users the same names three ways: ``__all__`` (``import *``), ``dir()``
and what mypy sees. Lazy loading must not widen any of them (a helper like ``TYPE_CHECKING`` or
``forward_module`` showing up) nor narrow them (a model missing from ``import *``)."""

from __future__ import annotations

import enum
import importlib
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from codegen.apis import APIS
from xero_sdk._model import Model

ROOT = Path(__file__).resolve().parents[1]
API_MODULES = [f"xero_sdk.{api.key}" for api in APIS]
PUBLIC_MODULES = [
    "xero_sdk",
    "xero_sdk.errors",
    "xero_sdk.auth",
    "xero_sdk.auth.scopes",
    "xero_sdk.attachments",
    "xero_sdk.batches",
    "xero_sdk.reports",
    "xero_sdk.webhooks",
    *API_MODULES,
]


def public(names: Any) -> set[str]:
    """``names`` without the dunders every module has (``__version__`` is exported)."""
    return {n for n in names if not n.startswith("__") or n == "__version__"}


@pytest.fixture(scope="module")
def mypy_view() -> dict[str, set[str]]:
    """The names ``from <module> import *`` gives in code mypy checks (one probe module per
    public module, through the configuration and cache of ``make typecheck``)."""
    from mypy import build
    from mypy.config_parser import parse_config_file
    from mypy.modulefinder import BuildSource
    from mypy.options import Options

    options = Options()
    parse_config_file(
        options, lambda: None, str(ROOT / "pyproject.toml"), stdout=sys.stdout, stderr=sys.stderr
    )
    options.cache_dir = str(ROOT / ".mypy_cache")
    probes = {f"star_probe_{i}": m for i, m in enumerate(PUBLIC_MODULES)}
    sources = [BuildSource(None, probe, text=f"from {m} import *\n") for probe, m in probes.items()]
    result = build.build(sources, options)
    assert not result.errors, result.errors
    return {m: public(result.files[probe].names) for probe, m in probes.items()}


@pytest.mark.parametrize("name", PUBLIC_MODULES)
def test_all_matches_what_mypy_sees(name: str, mypy_view: dict[str, set[str]]) -> None:
    module = importlib.import_module(name)
    assert public(module.__all__) == mypy_view[name]


@pytest.mark.parametrize("name", PUBLIC_MODULES)
def test_dir_shows_only_public_names(name: str) -> None:
    module = importlib.import_module(name)
    shown = set(dir(module))
    assert shown == set(module.__all__), sorted(shown ^ set(module.__all__))
    assert not {"TYPE_CHECKING", "annotations", "lazy_module", "forward_module"} & shown


@pytest.mark.parametrize("name", API_MODULES)
def test_star_import_gives_models_and_enums(name: str) -> None:
    namespace: dict[str, Any] = {}
    exec(f"from {name} import *", namespace)
    got = {k: v for k, v in namespace.items() if k != "__builtins__"}
    assert set(got) == set(importlib.import_module(name).__all__)
    kinds = {type(v) for v in got.values()}
    assert all(isinstance(v, type) and issubclass(v, (Model, enum.Enum)) for v in got.values()), kinds
    assert any(issubclass(v, Model) for v in got.values())


def test_accounting_star_import_has_the_readme_names() -> None:
    namespace: dict[str, Any] = {}
    exec("from xero_sdk.accounting import *", namespace)
    for name in ("Invoice", "Invoices", "LineItem", "Contact", "InvoiceStatus", "CurrencyCode"):
        assert isinstance(namespace[name], type), name
    assert "forward_module" not in namespace and "TYPE_CHECKING" not in namespace


@pytest.mark.parametrize("name", PUBLIC_MODULES)
def test_unknown_attribute_is_an_attribute_error(name: str) -> None:
    module: ModuleType = importlib.import_module(name)
    with pytest.raises(AttributeError, match="Invoce"):
        module.Invoce  # noqa: B018
