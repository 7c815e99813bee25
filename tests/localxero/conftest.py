"""The local Xero's own tests: Xero's documents are normalised first (so every request and
answer is checked against them: the ``xero_local`` fixture is strict), and ``raw`` gives an
httpx client on the wire, for what the SDK's models hide (MS dates, headers)."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from tests.mockserver.documents import ensure_normalised
from xero_sdk.testing import LocalXero


@pytest.fixture(scope="session", autouse=True)
def normalised_documents() -> None:
    for api in ("accounting", "payroll_nz", "projects"):
        ensure_normalised(api)


def raw_client(local: LocalXero, tenant_id: str | None = None) -> httpx.Client:
    token = local.access_token()["access_token"]
    return httpx.Client(
        transport=local.transport(),
        base_url="https://api.xero.com/api.xro/2.0",
        headers={
            "Authorization": f"Bearer {token}",
            "xero-tenant-id": tenant_id or local.tenant_id,
            "Accept": "application/json",
        },
    )


@pytest.fixture
def raw(xero_local: LocalXero) -> Iterator[httpx.Client]:
    with raw_client(xero_local) as client:
        yield client
