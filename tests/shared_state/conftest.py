"""Session fixtures: one real redis-server and one PostgreSQL for the shared-state tests."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.auth.conftest import app, make_app
from tests.shared_state._servers import PostgresServer, RedisServer, running

__all__ = ["app", "make_app", "postgres_server", "redis_server", "redis_url"]


@pytest.fixture(scope="session")
def redis_server() -> Iterator[RedisServer]:
    with running("redis") as server:
        yield server


@pytest.fixture
def redis_url(redis_server: RedisServer) -> str:
    """The session's Redis, emptied before the test (and restarted if a test left it down)."""
    if redis_server.process is None or redis_server.process.poll() is not None:
        redis_server.start()
    redis_server.flush()
    return redis_server.url


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[PostgresServer]:
    with running("postgres") as server:
        yield server
