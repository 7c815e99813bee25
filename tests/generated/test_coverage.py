"""Every operation of every document is a typed method on its API object, sync and async.

The list of operations comes from Xero's documents themselves, never from a number written
here; each one is called through both facades with a recording sender and the request it
builds is checked against the document (method, path, tenant header, idempotency).
"""

from __future__ import annotations

import asyncio
import datetime
import importlib
import inspect
import re
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest

from codegen.apis import BY_KEY
from tests.specdocs import REST_APIS, raw_doc, raw_operations, resolve, snake
from xero_sdk._runtime.operation import ApiRequest, Destination, RequestOptions

UUID_TEXT = "6c7a1b2e-1c2d-4e5f-8a9b-0c1d2e3f4a5b"


class Recorder:
    """A sender that records the request instead of sending it."""

    def __init__(self) -> None:
        self.requests: list[ApiRequest] = []

    def request(self, req: ApiRequest, parse: Callable[[Any], Any], options: RequestOptions | None) -> Any:
        self.requests.append(req)
        return None

    def request_bytes(
        self, req: ApiRequest, destination: Destination | None, options: RequestOptions | None
    ) -> Any:
        self.requests.append(req)
        return b""


class AsyncRecorder(Recorder):
    async def request(
        self, req: ApiRequest, parse: Callable[[Any], Any], options: RequestOptions | None
    ) -> Any:  # type: ignore[override]
        self.requests.append(req)
        return None

    async def request_bytes(  # type: ignore[override]
        self, req: ApiRequest, destination: Destination | None, options: RequestOptions | None
    ) -> Any:
        self.requests.append(req)
        return b""


def value_for(annotation: str) -> Any:
    """A value of the annotated type, enough to build a request."""
    a = annotation.replace(" | None", "")
    if a.startswith("Sequence["):
        return [value_for(a[len("Sequence[") : -1])]
    if "UUID" in a:
        return UUID_TEXT
    if "datetime.datetime" in a:
        return datetime.datetime(2026, 1, 31, 10, 0, tzinfo=datetime.timezone.utc)
    if "datetime.date" in a:
        return datetime.date(2026, 1, 31)
    if "bytes" in a:
        return b"%PDF-1.4 test"
    if "Mapping[str, Any]" in a or a.startswith("list["):
        return {} if "Mapping" in a else []
    if a == "Decimal | int":
        return Decimal("1.5")
    if a == "int":
        return 1
    if a == "bool":
        return True
    return "value"


def call_args(method: Any) -> tuple[list[Any], dict[str, Any]]:
    args: list[Any] = []
    kwargs: dict[str, Any] = {}
    for name, p in inspect.signature(method).parameters.items():
        if name == "self" or p.default is not inspect.Parameter.empty:
            continue
        value = value_for(str(p.annotation))
        if p.kind is inspect.Parameter.POSITIONAL_OR_KEYWORD:
            args.append(value)
        else:
            kwargs[name] = value
    return args, kwargs


def expected_path(path: str, op: dict[str, Any]) -> re.Pattern[str]:
    real = op.get("x-path", path)
    pattern = re.sub(r"\\\{[^}]+\\\}", "[^/]+", re.escape(real))
    return re.compile(f"^{pattern}$")


def has_tenant(api: str, op: dict[str, Any], item: dict[str, Any]) -> bool:
    doc = raw_doc(api)
    for p in [*(item.get("parameters") or []), *(op.get("parameters") or [])]:
        p = resolve(doc, p)
        if p.get("in") == "header" and p.get("name", "").lower() == "xero-tenant-id":
            return True
    return False


def all_operations() -> list[tuple[str, str, str, dict[str, Any], dict[str, Any]]]:
    return [
        (api, path, method, op, item) for api in REST_APIS for path, method, op, item in raw_operations(api)
    ]


OPERATIONS = all_operations()


def test_every_document_has_operations() -> None:
    counts = {api: sum(1 for o in OPERATIONS if o[0] == api) for api in REST_APIS}
    assert all(counts.values()), counts


@pytest.mark.parametrize("api", REST_APIS)
def test_every_operation_on_sync_and_async_surfaces(api: str) -> None:
    facade = importlib.import_module(f"xero_sdk._generated.{api}.facade")
    prefix = BY_KEY[api].prefix
    sync_cls = getattr(facade, f"{prefix}Api")
    async_cls = getattr(facade, f"Async{prefix}Api")
    ops = [o for o in OPERATIONS if o[0] == api]
    checked = 0
    for _api, path, method, op, item in ops:
        name = snake(op["operationId"])
        sync_method = getattr(sync_cls, name, None)
        async_method = getattr(async_cls, name, None)
        assert sync_method is not None, f"{api}.{name} missing on the sync API"
        assert async_method is not None, f"{api}.{name} missing on the async API"
        assert not inspect.iscoroutinefunction(sync_method)
        assert inspect.iscoroutinefunction(async_method), f"{api}.{name} is not async"
        assert (sync_method.__doc__ or "").strip(), f"{api}.{name} has no docstring"

        sync_rec = Recorder()
        args, kwargs = call_args(sync_method)
        getattr(sync_cls(sync_rec), name)(*args, **kwargs)
        async_rec = AsyncRecorder()
        asyncio.run(getattr(async_cls(async_rec), name)(*args, **kwargs))
        for req in (sync_rec.requests[0], async_rec.requests[0]):
            assert req.operation_id == op["operationId"]
            assert req.api == api
            assert req.method == method.upper()
            assert expected_path(path, op).match(req.path), (name, req.path)
            assert req.tenant == has_tenant(api, op, item), name
        assert sync_rec.requests[0] == async_rec.requests[0]
        checked += 1
    assert checked == len(ops)
    print(f"{api}: {checked} operations checked on the sync and the async surface")


def test_total_operation_count_reported(capsys: pytest.CaptureFixture[str]) -> None:
    total = len(OPERATIONS)
    names = {(api, snake(op["operationId"])) for api, _p, _m, op, _i in OPERATIONS}
    assert len(names) == total, "two operations of one API map to one method name"
    with capsys.disabled():
        print(
            f"\ncoverage: {total} operations in {len(REST_APIS)} documents, each on the sync and the async surface"
        )
