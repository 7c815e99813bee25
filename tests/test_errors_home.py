"""Every exception class users can meet is defined in ``xero_sdk.errors``; the 400 class's old
name ``ValidationError`` still works for one release, with a warning.

One home means one ``from xero_sdk import errors`` finds every class a user catches, tracebacks
and pickles name one module, and ``errors`` depends on nothing above it."""

from __future__ import annotations

import ast
import importlib
import importlib.util
import json
import pickle
import pkgutil
import subprocess
import sys
import warnings
from datetime import date
from decimal import Decimal
from pathlib import Path
from types import ModuleType

import pytest

import xero_sdk
from xero_sdk import Xero, errors
from xero_sdk.accounting import Contact, Invoice, Invoices, InvoiceType, LineItem

ROOT = Path(__file__).resolve().parents[1]

#: Exception classes defined outside ``xero_sdk.errors``, and why users never meet them.
PRIVATE_EXCEPTIONS = {
    # the transport reads a body under limits; _core turns these into ResponseError /
    # APITimeoutError (and the identity client into OAuthTransportError)
    "BodyTooLarge": "xero_sdk._transport._body",
    "BodyDecodeError": "xero_sdk._transport._body",
    "DeadlinePassed": "xero_sdk._transport._body",
    # the CLI prints it on stderr and exits with its code
    "CLIError": "xero_sdk.cli._errors",
    # the local Xero turns these into HTTP answers (400, a refused element, a dropped connection)
    "WhereError": "xero_sdk.testing._where",
    "Refusal": "xero_sdk.testing._books",
    "Dropped": "xero_sdk.testing._local",
    "ApiError": "xero_sdk.testing._http",
}


def _is_private(module: str) -> bool:
    return any(part.startswith("_") for part in module.split(".")[1:])


def _sdk_modules() -> list[str]:
    """Every module of the package, except ``__main__``s (they run a program) and the
    generated code (no exception classes; importing all of it takes long)."""
    names = ["xero_sdk"]
    for info in pkgutil.walk_packages(xero_sdk.__path__, "xero_sdk."):
        parts = info.name.split(".")
        if parts[-1] == "__main__" or "_generated" in parts:
            continue
        names.append(info.name)
    return names


SDK_MODULES = _sdk_modules()
PUBLIC_MODULES = [m for m in SDK_MODULES if not _is_private(m)]


def _exported(module: ModuleType) -> list[str]:
    names = getattr(module, "__all__", None)
    return list(names) if names is not None else [n for n in dir(module) if not n.startswith("_")]


def _own_exceptions(values: object) -> set[type[BaseException]]:
    assert isinstance(values, list)
    return {
        v
        for v in values
        if isinstance(v, type) and issubclass(v, BaseException) and v.__module__.startswith("xero_sdk")
    }


def test_the_walk_reaches_every_subsystem() -> None:
    from tests.test_public_namespaces import PUBLIC_MODULES as LISTED

    assert {*LISTED, "xero_sdk.testing", "xero_sdk.cli"} <= set(PUBLIC_MODULES)


@pytest.mark.parametrize("name", PUBLIC_MODULES)
def test_public_exceptions_are_defined_in_errors(name: str) -> None:
    module = importlib.import_module(name)
    found = _own_exceptions([getattr(module, attr) for attr in _exported(module)])
    for cls in found:
        assert cls.__module__ == "xero_sdk.errors", f"{name}.{cls.__name__} is defined in {cls.__module__}"
        assert cls.__name__ in errors.__all__, cls.__name__
        assert getattr(errors, cls.__name__) is cls


def test_every_class_in_errors_is_exported() -> None:
    defined = _own_exceptions(list(vars(errors).values()))
    public = {cls for cls in defined if not cls.__name__.startswith("_")}
    assert {cls.__name__ for cls in public} <= set(errors.__all__)
    assert {
        "BadRequestError",
        "ScopeError",
        "TokenStoreUnavailableError",
        "AttachmentExistsError",
        "BatchError",
        "BatchResponseError",
        "WebhookPayloadError",
        "UnsafeStringError",
        "JSONDepthError",
        "ContractViolation",
    } <= {cls.__name__ for cls in public}


def test_subsystems_reexport_the_same_classes() -> None:
    from xero_sdk import attachments, auth, batches, testing, webhooks
    from xero_sdk._runtime.codec.json import loads
    from xero_sdk._runtime.where import F, render_where

    assert auth.ScopeError is errors.ScopeError and auth.OAuthError is errors.OAuthError
    assert attachments.AttachmentError is errors.AttachmentError
    assert batches.BatchError is errors.BatchError and batches.BatchResponseError is errors.BatchResponseError
    assert webhooks.WebhookPayloadError is errors.WebhookPayloadError
    assert testing.ContractViolation is errors.ContractViolation
    # what the where builder and the codec raise is the class users import from errors
    with pytest.raises(errors.UnsafeStringError):
        render_where(F("Name") == "a\\b")
    with pytest.raises(errors.JSONDepthError):
        loads("[" * 100_000)
    with pytest.raises(errors.WebhookPayloadError):
        webhooks.parse_payload(b"[]")


def test_exceptions_elsewhere_are_private_control_flow() -> None:
    """A new exception class outside ``errors`` must be decided on: moved there, or listed above
    with the reason users never meet it."""
    elsewhere: dict[str, str] = {}
    for name in SDK_MODULES:
        for value in vars(importlib.import_module(name)).values():
            if (
                isinstance(value, type)
                and issubclass(value, BaseException)
                and value.__module__.startswith("xero_sdk")
                and value.__module__ != "xero_sdk.errors"
            ):
                elsewhere[value.__qualname__] = value.__module__
    assert set(elsewhere) == set(PRIVATE_EXCEPTIONS), elsewhere
    for cls_name, module in elsewhere.items():
        assert _is_private(module), f"{cls_name} is defined in the public module {module}"
        assert all(cls_name not in _exported(importlib.import_module(public)) for public in PUBLIC_MODULES), (
            f"{cls_name} is exported by a public module"
        )


# -- errors sits at the bottom: it imports only leaf modules, and only the standard library ------


def _sdk_imports(path: Path, *, in_functions: bool = True) -> set[str]:
    """Every ``xero_sdk`` module ``path`` imports: at the top, for type checkers and (unless
    ``in_functions`` is false) inside functions."""
    found: set[str] = set()
    nodes: list[ast.AST] = [ast.parse(path.read_text())]
    while nodes:
        node = nodes.pop()
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and not in_functions:
            continue
        nodes.extend(ast.iter_child_nodes(node))
        if isinstance(node, ast.ImportFrom) and node.level:
            raise AssertionError(f"{path}: relative import")
        if isinstance(node, ast.ImportFrom) and node.module:
            names = [node.module]
        elif isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        else:
            continue
        found |= {n for n in names if n == "xero_sdk" or n.startswith("xero_sdk.")}
    return found


def _source(module: str) -> Path:
    spec = importlib.util.find_spec(module)
    assert spec is not None and spec.origin is not None, module
    return Path(spec.origin)


def test_errors_imports_only_leaf_modules() -> None:
    """No import cycle through errors: what it imports imports nothing of the SDK when loaded
    (``_transport._config`` reads the package's ``__version__`` inside a function, when it first
    builds the User-Agent)."""
    imported = _sdk_imports(_source("xero_sdk.errors"))
    assert imported, "the test reads the module's imports"
    for module in imported:
        assert module != "xero_sdk", "errors must not import the package's public surface"
        assert not _sdk_imports(_source(module), in_functions=False), (
            f"{module} (imported by errors) imports the SDK"
        )


def test_importing_errors_loads_the_standard_library_only() -> None:
    script = (
        "import json, sys\n"
        "import xero_sdk\n"
        "before = set(sys.modules)\n"
        "import xero_sdk.errors\n"
        "print(json.dumps(sorted(set(sys.modules) - before)))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, check=True
    )
    added = json.loads(result.stdout)
    others = {name.split(".")[0] for name in added} - {"xero_sdk"}
    assert others <= set(sys.stdlib_module_names), sorted(others - set(sys.stdlib_module_names))
    assert "xero_sdk.errors" in added
    assert not {"xero_sdk.auth", "xero_sdk._runtime.where", "xero_sdk._runtime.codec"} & set(added)


# -- ValidationError -> BadRequestError --------------------------------------------------------


def test_old_name_warns_with_the_new_name_and_the_release() -> None:
    with pytest.warns(DeprecationWarning) as caught:
        old = errors.ValidationError
    assert old is errors.BadRequestError
    (warning,) = caught.list
    text = str(warning.message)
    assert "BadRequestError" in text
    assert errors.VALIDATION_ERROR_REMOVED_IN in text and errors.BAD_REQUEST_RENAMED_IN in text
    assert warning.filename == __file__  # points at the user's line, not at the SDK
    with pytest.warns(DeprecationWarning, match="BadRequestError"):
        from xero_sdk.errors import ValidationError  # noqa: F401
    with pytest.warns(DeprecationWarning):  # every access warns, not only the first
        errors.ValidationError  # noqa: B018


def test_old_name_is_not_part_of_the_listing() -> None:
    assert "ValidationError" not in errors.__all__ and "ValidationError" not in dir(errors)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        namespace: dict[str, object] = {}
        exec("from xero_sdk.errors import *", namespace)
    assert namespace["BadRequestError"] is errors.BadRequestError and "ValidationError" not in namespace
    assert (
        errors.STATUS_ERRORS[400] is errors.BadRequestError
        and errors.STATUS_ERRORS[422] is errors.BadRequestError
    )


def _invoice_without_contact() -> Invoices:
    line = LineItem(description="Ads", quantity=1, unit_amount=Decimal("10.00"), account_code="200")
    return Invoices(invoices=[Invoice(type_=InvoiceType.ACCREC, date=date(2026, 3, 1), line_items=[line])])


def test_except_old_name_catches_a_400_from_a_real_call(xero_client: Xero) -> None:
    with pytest.warns(DeprecationWarning):
        old = errors.ValidationError
    try:
        xero_client.accounting.create_invoices(body=_invoice_without_contact())
    except old as exc:
        assert type(exc) is errors.BadRequestError and exc.status == 400
        assert exc.operation_id == "createInvoices" and exc.messages
        again = pickle.loads(pickle.dumps(exc))
        assert type(again) is errors.BadRequestError and str(again) == str(exc)
    else:
        pytest.fail("a 400 was expected")


def test_except_old_name_catches_refused_elements(xero_client: Xero) -> None:
    body = _invoice_without_contact()
    body.invoices.append(
        Invoice(
            type_=InvoiceType.ACCREC,
            contact=Contact(name="Boom FM"),
            date=date(2026, 3, 1),
            line_items=[
                LineItem(description="Ads", quantity=1, unit_amount=Decimal("5.00"), account_code="200")
            ],
        )
    )
    with pytest.warns(DeprecationWarning), pytest.raises(errors.ValidationError) as raised:
        xero_client.accounting.create_invoices(body=body, summarize_errors=False)
    assert raised.type is errors.BadRequestError and raised.value.status == 200
    assert len(raised.value.succeeded) == 1 and {d.index for d in raised.value.errors} == {0}
