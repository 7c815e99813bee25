"""Per-element errors: every operation the documents give ``summarizeErrors``, called with
``summarize_errors=False`` against a 200 in which Xero refused one element of two, raises a
``BadRequestError`` carrying the refused element's messages and the saved element, or returns
the answer with ``raise_on_element_errors=False`` (whose ``raise_for_errors()`` raises)."""

from __future__ import annotations

import inspect
from collections.abc import Callable
from typing import Any

import pytest

from tests.specdocs import raw_operations, snake
from xero_sdk import accounting, errors
from xero_sdk._runtime.model import Model

from ._loopback import Loopback, Reply, Seen
from .conftest import async_client, sync_client
from .test_unitdp import _call_args


def _summarize_operations() -> list[str]:
    out = []
    for _path, _method, op, item in raw_operations("accounting"):
        names = {
            str(p.get("$ref", p.get("name", ""))).rsplit("/", 1)[-1].lower()
            for p in op.get("parameters") or []
        }
        names |= {
            str(p.get("$ref", p.get("name", ""))).rsplit("/", 1)[-1].lower()
            for p in item.get("parameters") or []
        }
        if "summarizeerrors" in names:
            out.append(snake(op["operationId"]))
    return sorted(out)


OPERATIONS = _summarize_operations()
OK = {"HasErrors": False, "StatusAttributeString": "OK", "Reference": "saved"}
REFUSED = {
    "HasErrors": True,
    "StatusAttributeString": "ERROR",
    "ValidationErrors": [{"Message": "Email address must be valid."}, {"Message": "Contact is required."}],
}


def _answer(method: Any) -> Callable[[Seen], Reply]:
    """A 200 whose every field of the response model holds one saved and one refused element
    (fields that are not lists of elements keep them as JSON)."""
    response = getattr(accounting, inspect.signature(method).return_annotation)
    document = {name: [OK, REFUSED] for name in response.FIELDS.values()}
    return lambda seen: Reply.json(document)


def _prepared(server: Loopback, facade: Any, name: str) -> tuple[Any, list[Any], dict[str, Any]]:
    """The method, its required arguments plus ``summarize_errors=False``, and the server set
    to answer it with one saved and one refused element."""
    method = getattr(facade, name)
    server.app = _answer(method)
    args, kwargs = _call_args(method)
    kwargs["summarize_errors"] = False
    return method, args, kwargs


def test_the_documents_have_summarize_errors_operations() -> None:
    assert len(OPERATIONS) >= 20, OPERATIONS
    assert "create_invoices" in OPERATIONS and "update_or_create_contacts" in OPERATIONS


def _check_raised(exc: errors.BadRequestError, name: str) -> None:
    assert exc.status == 200
    assert [(e.index, e.message) for e in exc.errors if e.severity == "error"] == [
        (1, "Email address must be valid."),
        (1, "Contact is required."),
    ]
    assert len(exc.succeeded) == 1 and isinstance(exc.succeeded[0], Model), name
    assert isinstance(exc.response, Model)
    assert "refused 1 of 2 elements" in str(exc) and "Email address must be valid." in str(exc)


@pytest.mark.parametrize("name", OPERATIONS)
def test_refused_elements_raise_by_default(server: Loopback, name: str) -> None:
    with sync_client(server) as xero:
        method, args, kwargs = _prepared(server, xero.accounting, name)
        with pytest.raises(errors.BadRequestError) as raised:
            method(*args, **kwargs)
    _check_raised(raised.value, name)
    assert raised.value.operation_id is not None and snake(raised.value.operation_id) == name


@pytest.mark.parametrize("name", OPERATIONS)
def test_refused_elements_are_returned_on_request(server: Loopback, name: str) -> None:
    with sync_client(server) as xero:
        method, args, kwargs = _prepared(server, xero.accounting, name)
        result = method(*args, raise_on_element_errors=False, **kwargs)
        with pytest.raises(errors.BadRequestError) as raised:
            result.raise_for_errors()
        _check_raised(raised.value, name)
        # without summarize_errors=False the 200 is Xero's whole answer: nothing to check
        kwargs.pop("summarize_errors")
        assert isinstance(method(*args, **kwargs), Model)


@pytest.mark.parametrize("name", OPERATIONS)
async def test_async_refused_elements_raise_by_default(server: Loopback, name: str) -> None:
    async with async_client(server) as xero:
        method, args, kwargs = _prepared(server, xero.accounting, name)
        with pytest.raises(errors.BadRequestError) as raised:
            await method(*args, **kwargs)
        _check_raised(raised.value, name)
        result = await method(*args, raise_on_element_errors=False, **kwargs)
        with pytest.raises(errors.BadRequestError):
            result.raise_for_errors()


def test_an_answer_without_refused_elements_is_returned(server: Loopback) -> None:
    server.app = lambda seen: Reply.json({"Invoices": [OK, OK]})
    with sync_client(server) as xero:
        result = xero.accounting.create_invoices(body={"Invoices": [{}, {}]}, summarize_errors=False)
    assert [inv.reference for inv in result.invoices] == ["saved", "saved"]
    assert result.raise_for_errors() is result
