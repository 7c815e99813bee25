"""Shared pytest setup: the local identity server fixtures (started once per run, on demand)."""

pytest_plugins = ["tests.identity_server.fixtures"]

import pytest  # noqa: E402


@pytest.fixture(params=["httpx", "aiohttp"])
def async_transport(request: pytest.FixtureRequest) -> str:
    """``AsyncXero(transport=...)``: every async test over a real socket runs on both."""
    return str(request.param)
