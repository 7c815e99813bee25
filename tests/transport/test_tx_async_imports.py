"""An async request does not attempt any import once the client is warm.

httpcore imports ``sniffio`` on every async request; when it is not installed Python retries
(and fails) the import each time, scanning ``sys.path``: most of the per-call CPU cost of
``AsyncXero`` on a fast server. xero-sdk depends on sniffio for that reason; this test fails if
the dependency goes missing or another per-request import appears anywhere in the stack.
"""

from __future__ import annotations

import asyncio
import sys
from collections.abc import Sequence
from importlib.machinery import ModuleSpec
from types import ModuleType
from typing import Any

from xero_sdk import AsyncXero

BODY = b'{"Organisations":[{"Name":"Demo Company (NZ)"}]}'
ANSWER = b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n%s" % (
    len(BODY),
    BODY,
)


async def _serve(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    try:
        while await reader.readuntil(b"\r\n\r\n"):
            writer.write(ANSWER)
            await writer.drain()
    except (asyncio.IncompleteReadError, ConnectionError):
        pass
    finally:
        writer.close()


class ImportAttempts:
    """A meta-path finder that records every module Python looks for, and finds none."""

    def __init__(self) -> None:
        self.names: list[str] = []

    def find_spec(
        self, name: str, path: Sequence[str] | None, target: ModuleType | None = None
    ) -> ModuleSpec | None:
        self.names.append(name)
        return None


async def _calls(xero: AsyncXero, count: int) -> list[Any]:
    return await asyncio.gather(*(xero.accounting.get_organisations() for _ in range(count)))


async def test_warm_async_requests_import_nothing(async_transport: Any) -> None:
    server = await asyncio.start_server(_serve, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    attempts = ImportAttempts()
    try:
        async with AsyncXero(
            access_token="at-SECRET",
            tenant_id="t-1",
            api_url=f"http://127.0.0.1:{port}",
            transport=async_transport,
        ) as xero:
            await _calls(xero, 3)  # connections open, every module the path needs loaded
            sys.meta_path.insert(0, attempts)
            try:
                answers = await _calls(xero, 20)
            finally:
                sys.meta_path.remove(attempts)
    finally:
        server.close()
        await server.wait_closed()
    assert [a.organisations[0].name for a in answers] == ["Demo Company (NZ)"] * 20
    assert attempts.names == [], f"imports attempted on every request: {sorted(set(attempts.names))}"
