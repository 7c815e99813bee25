"""pytest fixtures for testing an integration against the local Xero (registered through the
``pytest11`` entry point, so installing ``xero-sdk`` makes them available):

``xero_local``
    A :class:`~xero_sdk.testing.LocalXero` with freshly seeded organisations for each test
    (a copy of a demo company built once per process: milliseconds). Strict: a request or
    answer that breaks Xero's document fails the test. Options with a marker:
    ``@pytest.mark.xero_local(country="UK", rate_limits=RateLimits(per_minute=5))``.
``xero_client`` / ``axero_client``
    A connected :class:`~xero_sdk.Xero` / :class:`~xero_sdk.AsyncXero` for the first
    organisation, closed after the test.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from xero_sdk import AsyncXero, Xero
    from xero_sdk.testing import LocalXero

__all__ = ["axero_client", "pytest_configure", "xero_client", "xero_local"]


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        "xero_local(**options): options for the xero_local fixture's LocalXero (country=, rate_limits=, ...)",
    )


@pytest.fixture
def xero_local(request: pytest.FixtureRequest) -> Iterator[LocalXero]:
    from xero_sdk.testing import LocalXero

    options: dict[str, Any] = {"strict": True}
    marker = request.node.get_closest_marker("xero_local")
    if marker is not None:
        options.update(marker.kwargs)
    local = LocalXero(**options)
    yield local
    if local.violations and options.get("strict"):
        pytest.fail(
            "the local Xero saw requests or answers that break Xero's document:\n"
            + "\n".join(local.violations)
        )


@pytest.fixture
def xero_client(xero_local: LocalXero) -> Iterator[Xero]:
    client = xero_local.client()
    yield client
    client.close()


@pytest.fixture
def axero_client(xero_local: LocalXero) -> AsyncXero:
    """A plain (not async) fixture: the in-process transport holds no connections to close, so
    it works with or without an async pytest plugin."""
    return xero_local.async_client()
