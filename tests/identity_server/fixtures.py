"""pytest fixtures for the identity server.

Use them from a conftest::

    pytest_plugins = ["tests.identity_server.fixtures"]        # top-level tests/conftest.py

* ``identity_server_process`` (session): one server subprocess for the whole run, stopped at
  the end.
* ``identity_server`` (function): the same server, reset to its initial state before the test.
  When such a test fails, the server's log lines written during the test are attached to the
  report ("identity server log" section).
"""

from __future__ import annotations

from collections.abc import Generator, Iterator

import pytest

from xero_sdk.testing._identity import IdentityServerProcess, start_identity_server

__all__ = ["identity_server", "identity_server_process", "pytest_runtest_makereport"]

_LOG_START = pytest.StashKey[tuple[IdentityServerProcess, int]]()
_SECTION = "identity server log"


@pytest.fixture(scope="session")
def identity_server_process() -> Iterator[IdentityServerProcess]:
    with start_identity_server() as server:
        yield server


@pytest.fixture
def identity_server(
    identity_server_process: IdentityServerProcess, request: pytest.FixtureRequest
) -> Iterator[IdentityServerProcess]:
    server = identity_server_process
    if server.process.poll() is not None:
        raise RuntimeError(f"the identity server has exited; its log:\n{server.log_text()}")
    server.reset()
    request.node.stash[_LOG_START] = (server, server.log_size())
    yield server


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(
    item: pytest.Item, call: pytest.CallInfo[None]
) -> Generator[None, pytest.TestReport, pytest.TestReport]:
    report = yield
    entry = item.stash.get(_LOG_START, None)
    if entry is not None and report.failed and all(title != _SECTION for title, _ in report.sections):
        server, start = entry
        report.sections.append((_SECTION, server.log_text(start) or "(empty)"))
    return report
