"""Fixtures for the handwritten-layer tests: one loopback server per session (reset for each
test, which fails if the server's app raised), and clients pointed at it."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from xero_sdk import AsyncXero, Xero

from ._loopback import Loopback

TENANT = "7d3f5a3e-1c2b-4d5e-8f90-a1b2c3d4e5f6"
TOKEN = "layer-access-token"


@pytest.fixture(scope="session")
def _loopback() -> Iterator[Loopback]:
    server = Loopback()
    yield server
    server.close()


@pytest.fixture
def server(_loopback: Loopback) -> Iterator[Loopback]:
    _loopback.reset()
    yield _loopback
    errors = list(_loopback.errors)
    _loopback.reset()
    assert not errors, f"the loopback app raised: {errors!r}"


def sync_client(server: Loopback, **kw: Any) -> Xero:
    kw.setdefault("max_retries", 0)
    return Xero(access_token=TOKEN, tenant_id=TENANT, api_url=server.url, **kw)


def async_client(server: Loopback, **kw: Any) -> AsyncXero:
    """Build inside the test's event loop: an ``httpx.AsyncClient`` belongs to one loop."""
    kw.setdefault("max_retries", 0)
    return AsyncXero(access_token=TOKEN, tenant_id=TENANT, api_url=server.url, **kw)
