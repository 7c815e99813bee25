"""Operations Xero's documents answer with no content (204) return ``None`` and say so: every one is
annotated ``-> None`` (sync and async) and returns ``None`` from a real 204; ``email_invoice``, whose
document sends an empty object, needs no body argument."""

from __future__ import annotations

import inspect
import json
import uuid
from typing import Any

import pytest

from tests.specdocs import REST_APIS, raw_doc, raw_operations, resolve, snake

from ._loopback import Loopback, Reply, Seen
from .conftest import async_client, sync_client
from .test_unitdp import _call_args


def _no_content_operations() -> list[tuple[str, str]]:
    """(api, method name) of every operation whose only success response has no content."""
    out = []
    for api in REST_APIS:
        doc = raw_doc(api)
        for _path, _method, op, _item in raw_operations(api):
            ok = {
                str(s): resolve(doc, r)
                for s, r in (op.get("responses") or {}).items()
                if str(s).startswith("2")
            }
            if ok and all(not (r or {}).get("content") for r in ok.values()):
                out.append((api, snake(op["operationId"])))
    return out


NO_CONTENT = _no_content_operations()


def test_the_documents_have_no_content_operations() -> None:
    assert len(NO_CONTENT) >= 17, NO_CONTENT
    assert ("accounting", "email_invoice") in NO_CONTENT
    assert ("projects", "update_project") in NO_CONTENT


def _no_content(seen: Seen) -> Reply:
    return Reply(204)


@pytest.mark.parametrize(("api", "name"), NO_CONTENT)
def test_no_content_operation_returns_none(server: Loopback, api: str, name: str) -> None:
    server.app = _no_content
    with sync_client(server) as xero:
        method = getattr(getattr(xero, api), name)
        assert inspect.signature(method).return_annotation == "None"
        args, kwargs = _call_args(method)
        assert method(*args, **kwargs) is None


@pytest.mark.parametrize(("api", "name"), NO_CONTENT)
async def test_async_no_content_operation_returns_none(server: Loopback, api: str, name: str) -> None:
    server.app = _no_content
    async with async_client(server) as xero:
        method = getattr(getattr(xero, api), name)
        assert inspect.signature(method).return_annotation == "None"
        args, kwargs = _call_args(method)
        assert await method(*args, **kwargs) is None


def test_email_invoice_needs_no_body(server: Loopback) -> None:
    seen: list[Seen] = []

    def app(request: Seen) -> Reply:
        seen.append(request)
        return Reply(204)

    server.app = app
    invoice_id = uuid.UUID(int=5)
    with sync_client(server) as xero:
        result: Any = xero.accounting.email_invoice(invoice_id)
    assert result is None
    assert seen[0].method == "POST" and seen[0].path.endswith(f"/Invoices/{invoice_id}/Email")
    assert json.loads(seen[0].body) == {}
    assert seen[0].headers["content-type"].startswith("application/json")
