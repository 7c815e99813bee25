"""The ``contract`` marker (tests that start Prism and so need ``npm ci``) for the launcher's tests too."""

from __future__ import annotations

import pytest


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "contract: starts Prism mock servers (needs `npm ci`)")
