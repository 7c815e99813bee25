"""``Xero(..., unitdp=4)`` reaches every operation the documents give ``unitdp`` (and their
``iter_`` twins); a per-call value wins; every other operation of every API never gets it.
Each operation is called through the client with an ``httpx.MockTransport`` recording the
query string."""

from __future__ import annotations

import inspect
import uuid
from collections.abc import Callable
from typing import Any

import httpx
import pytest

from tests.specdocs import REST_APIS
from xero_sdk import AsyncXero, Xero

from ._docs import unitdp_operations
from .conftest import TENANT, TOKEN

UNITDP = unitdp_operations()
ID = str(uuid.UUID(int=7))


def _takes_unitdp(api: str, name: str) -> bool:
    ops = UNITDP[api]
    return name in ops or (name.startswith("iter_") and "get_" + name.removeprefix("iter_") in ops)


def _methods(client: Xero | AsyncXero, api: str) -> list[str]:
    facade = getattr(client, api)
    return sorted(n for n in dir(type(facade)) if not n.startswith("_"))


def _value(name: str, annotation: str) -> Any:
    """A value of the right shape for a required argument."""
    if name == "body":
        if "bytes" in annotation:
            return b"x"
        return [] if annotation.startswith("Sequence[") else {}
    if annotation.startswith("Sequence["):
        return [ID]
    if "UUID" in annotation:
        return ID
    return 1 if annotation == "int" else "x"


def _call_args(method: Callable[..., Any]) -> tuple[list[Any], dict[str, Any]]:
    args: list[Any] = []
    kwargs: dict[str, Any] = {}
    for p in inspect.signature(method).parameters.values():
        if p.default is not inspect.Parameter.empty:
            continue
        value = _value(p.name, str(p.annotation))
        if p.kind is inspect.Parameter.KEYWORD_ONLY:
            kwargs[p.name] = value
        else:
            args.append(value)
    return args, kwargs


class Recorder:
    def __init__(self) -> None:
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        return httpx.Response(200, json={})

    def unitdp(self) -> list[list[str]]:
        return [r.url.params.get_list("unitdp") for r in self.requests]


def sync_org(recorder: Recorder, **kw: Any) -> Xero:
    transport = httpx.MockTransport(recorder)
    return Xero(access_token=TOKEN, tenant_id=TENANT, http_client=httpx.Client(transport=transport), **kw)


def async_org(recorder: Recorder, **kw: Any) -> AsyncXero:
    transport = httpx.MockTransport(recorder)
    return AsyncXero(
        access_token=TOKEN, tenant_id=TENANT, http_client=httpx.AsyncClient(transport=transport), **kw
    )


def call(client: Xero, api: str, name: str, **extra: Any) -> None:
    method = getattr(getattr(client, api), name)
    args, kwargs = _call_args(method)
    result = method(*args, **kwargs, **extra)
    if name.startswith("iter_"):
        list(result)


async def acall(client: AsyncXero, api: str, name: str, **extra: Any) -> None:
    method = getattr(getattr(client, api), name)
    args, kwargs = _call_args(method)
    result = method(*args, **kwargs, **extra)
    if name.startswith("iter_"):
        [item async for item in result]
    else:
        await result


UNITDP_METHODS = sorted(
    name for name in _methods(sync_org(Recorder()), "accounting") if _takes_unitdp("accounting", name)
)


def test_the_documents_give_unitdp_to_26_accounting_operations() -> None:
    assert len(UNITDP["accounting"]) == 26
    assert all(not ops for api, ops in UNITDP.items() if api != "accounting")
    client = sync_org(Recorder())
    for api in REST_APIS:
        with_param = {
            name
            for name in _methods(client, api)
            if "unitdp" in inspect.signature(getattr(getattr(client, api), name)).parameters
        }
        assert with_param == {name for name in _methods(client, api) if _takes_unitdp(api, name)}


@pytest.mark.parametrize("name", UNITDP_METHODS)
def test_the_client_default_applies_and_a_call_overrides_it(name: str) -> None:
    recorder = Recorder()
    call(sync_org(recorder, unitdp=4), "accounting", name)
    call(sync_org(recorder, unitdp=4), "accounting", name, unitdp=2)
    call(sync_org(recorder, unitdp=4), "accounting", name, unitdp=4)
    call(sync_org(recorder), "accounting", name)
    call(sync_org(recorder), "accounting", name, unitdp=4)
    assert recorder.unitdp() == [["4"], ["2"], ["4"], [], ["4"]]


async def test_async_client_default_applies_and_a_call_overrides_it() -> None:
    recorder = Recorder()
    async with async_org(recorder, unitdp=4) as org:
        for name in UNITDP_METHODS:
            await acall(org, "accounting", name)
            await acall(org, "accounting", name, unitdp=2)
    async with async_org(recorder) as plain:
        for name in UNITDP_METHODS:
            await acall(plain, "accounting", name)
    count = len(UNITDP_METHODS)
    assert recorder.unitdp() == [["4"], ["2"]] * count + [[]] * count


@pytest.mark.parametrize("api", REST_APIS)
def test_operations_without_unitdp_never_get_it(api: str) -> None:
    recorder = Recorder()
    org = sync_org(recorder, unitdp=4)
    names = [n for n in _methods(org, api) if not _takes_unitdp(api, n)]
    assert names
    for name in names:
        call(org, api, name)
    assert len(recorder.requests) == len(names)
    assert recorder.unitdp() == [[]] * len(names)


@pytest.mark.parametrize("api", REST_APIS)
async def test_async_operations_without_unitdp_never_get_it(api: str) -> None:
    recorder = Recorder()
    async with async_org(recorder, unitdp=4) as org:
        names = [n for n in _methods(org, api) if not _takes_unitdp(api, n)]
        for name in names:
            await acall(org, api, name)
    assert len(recorder.requests) == len(names)
    assert recorder.unitdp() == [[]] * len(names)
