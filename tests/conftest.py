"""Shared pytest setup: the local identity server fixtures (started once per run, on demand),
hypothesis without its per-example deadline (speed is measured by ``make bench``, never by a
timed assertion, and a loaded CI machine must not fail a property that holds), and the async
transports every real-socket async test runs on."""

import pytest
from hypothesis import settings

pytest_plugins = ["tests.identity_server.fixtures"]

settings.register_profile("xero-sdk", deadline=None)
settings.load_profile("xero-sdk")


@pytest.fixture(params=["httpx", "aiohttp"])
def async_transport(request: pytest.FixtureRequest) -> str:
    """``AsyncXero(transport=...)``: every async test over a real socket runs on both."""
    return str(request.param)
