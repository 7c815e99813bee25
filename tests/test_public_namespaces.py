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
from xero_sdk._runtime.model import Model

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


def exception_classes() -> list[type[BaseException]]:
    found: dict[str, type[BaseException]] = {}
    for name in PUBLIC_MODULES:
        module = importlib.import_module(name)
        for attr in module.__all__:
            value = getattr(module, attr)
            if isinstance(value, type) and issubclass(value, BaseException):
                found[value.__qualname__] = value
    return sorted(found.values(), key=lambda c: c.__qualname__)


EXCEPTIONS = exception_classes()


def example(cls: type[BaseException]) -> BaseException:
    """An instance built as the SDK builds one."""
    from xero_sdk import errors
    from xero_sdk.batches import BatchResult

    if issubclass(cls, errors.APIError):
        return cls("refused", status=400, errors=[errors.ErrorDetail("bad", index=0)])
    if cls is errors.UnknownFieldError:
        return cls(
            "where: Invoice has no field 'Staus'", name="Staus", model="Invoice", suggestions=["Status"]
        )
    if cls.__name__ == "BatchError":
        return cls(BatchResult(kind="Invoices", outcomes=[], chunks=[]))  # type: ignore[call-arg]
    if cls.__name__ == "UnsafeStringError":
        return cls("a\\b", 1, "backslash")  # type: ignore[call-arg]
    return cls("failed")


def test_every_public_exception_is_found() -> None:
    names = {c.__name__ for c in EXCEPTIONS}
    assert {"BadRequestError", "InvalidGrantError", "ScopeError", "AttachmentError", "BatchError"} <= names
    assert {"WebhookPayloadError", "UnknownFieldError", "UnsafeStringError"} <= names


@pytest.mark.parametrize("cls", EXCEPTIONS, ids=lambda c: c.__name__)
def test_exceptions_name_their_public_module(cls: type[BaseException]) -> None:
    """Tracebacks and reprs name the module users import the class from, and pickling (which
    looks the class up there) round-trips."""
    import pickle

    assert cls.__module__ in PUBLIC_MODULES, cls.__module__
    assert getattr(importlib.import_module(cls.__module__), cls.__qualname__) is cls
    instance = example(cls)
    again = pickle.loads(pickle.dumps(instance))
    assert type(again) is cls and str(again) == str(instance)


@pytest.mark.parametrize("cls", EXCEPTIONS, ids=lambda c: c.__name__)
def test_help_lists_every_attribute(cls: type[BaseException]) -> None:
    import pydoc

    text = cls.__doc__ or ""  # what help() shows about the class itself (not its signature)
    assert pydoc.render_doc(cls, renderer=pydoc.plaintext).count(text.splitlines()[0]) >= 1
    instance = example(cls)
    attributes = {name for name in vars(instance) if not name.startswith("_")}
    attributes |= {n for n in dir(type(instance)) if isinstance(getattr(type(instance), n, None), property)}
    attributes -= set(dir(BaseException))
    missing = sorted(name for name in attributes if f"{name}:" not in text)
    assert not missing, f"help({cls.__name__}) does not document {missing}"
