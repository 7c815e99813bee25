"""``RedisTokenStore`` and ``SQLTokenStore`` (PostgreSQL, SQLite) against real servers: the
TokenStore protocol, exclusive leases, fenced saves, the previous token kept for Xero's refresh
grace, the documented table, and a server that is down (bounded retries, then a typed error with
no secret in it)."""

from __future__ import annotations

import asyncio
import datetime as dt
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.auth.conftest import login
from tests.identity_server import IdentityServerProcess
from tests.shared_state._servers import PostgresServer, free_port
from xero_sdk import RedisTokenStore, SQLTokenStore, Xero
from xero_sdk.auth import (
    OAuth2App,
    Token,
    TokenManager,
    TokenStore,
    TokenStoreError,
    TokenStoreUnavailableError,
)

KINDS = ["redis", "postgres", "sqlite"]
EXPIRES = dt.datetime.now(dt.timezone.utc).replace(microsecond=0) + dt.timedelta(hours=1)


def _token(n: int) -> Token:
    return Token(
        access_token=f"access-{n}",
        refresh_token=f"refresh-{n}",
        expires_at=EXPIRES + dt.timedelta(seconds=n),
        scopes=("offline_access",),
    )


@pytest.fixture(params=KINDS)
def make_store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Any]:
    """Build stores of one kind on one key (each its own connections, like separate workers)."""
    kind = request.param
    key = f"xero:token:{time.time_ns()}"
    stores: list[Any] = []
    if kind == "redis":
        url = request.getfixturevalue("redis_url")
    elif kind == "postgres":
        url = request.getfixturevalue("postgres_server").url
    else:
        url = f"sqlite:///{tmp_path / 'tokens.db'}"

    def factory(**options: Any) -> Any:
        if kind == "redis":
            store: Any = RedisTokenStore(url, key=key, **options)
        else:
            store = SQLTokenStore(url, key=key, **options)
            store.create_table()
        stores.append(store)
        return store

    factory.kind = kind  # type: ignore[attr-defined]
    yield factory
    for store in stores:
        store.close()


def test_protocol_round_trip_and_previous_token(make_store: Any) -> None:
    store = make_store()
    assert isinstance(store, TokenStore)
    assert store.load() is None
    store.save(_token(1))
    other = make_store()
    assert other.load() == _token(1)
    other.save(_token(2))
    assert store.load() == _token(2)
    assert store.load_previous() == _token(1)  # kept for Xero's 30-minute refresh grace
    assert "refresh-2" not in repr(store) and "access" not in repr(store)


def test_lock_is_exclusive_between_stores(make_store: Any) -> None:
    first, second = make_store(), make_store(lock_timeout=0.5)
    first.save(_token(1))
    with first.lock():
        started = time.monotonic()
        with pytest.raises(TokenStoreError, match="refresh lock"):
            with second.lock():
                pass
        assert time.monotonic() - started >= 0.4
    with second.lock():  # free again once released
        assert second.load() == _token(1)


async def test_async_paths(make_store: Any) -> None:
    store, other = make_store(), make_store(lock_timeout=0.5)
    await store.asave(_token(1))
    assert await other.aload() == _token(1)
    async with store.alock():
        assert await store.aload() == _token(1)
        with pytest.raises(TokenStoreError):
            async with other.alock():
                pass
        await store.asave(_token(2))  # the last step under the lock (SQL: commits and ends it)
    assert await other.aload() == _token(2)
    assert await other.aload_previous() == _token(1)


def test_redis_save_is_fenced_after_the_lease_expired(redis_url: str) -> None:
    """A holder paused past its lease cannot overwrite the token of the holder that took over."""
    key = f"xero:token:{time.time_ns()}"
    slow = RedisTokenStore(redis_url, key=key, lease=0.3)
    fast = RedisTokenStore(redis_url, key=key, lease=5)
    slow.save(_token(1))
    with slow.lock():
        # the process is frozen (GC pause, VM migration): nothing extends its lease
        import redis

        redis.Redis.from_url(redis_url).delete(f"{key}:lock")  # what expiry does
        with fast.lock():
            fast.save(_token(3))
        with pytest.raises(TokenStoreError, match="lease ran out"):
            slow.save(_token(2))
    assert fast.load() == _token(3)


def test_redis_lease_is_extended_while_held(redis_url: str) -> None:
    key = f"xero:token:{time.time_ns()}"
    holder = RedisTokenStore(redis_url, key=key, lease=0.3)
    waiter = RedisTokenStore(redis_url, key=key, lock_timeout=0.2)
    with holder.lock():
        time.sleep(1.0)  # three leases long: the holder's keeper extends it
        with pytest.raises(TokenStoreError):
            with waiter.lock():
                pass
        holder.save(_token(1))
    assert waiter.load() == _token(1)


def test_postgres_lock_is_freed_when_the_holders_connection_dies(postgres_server: PostgresServer) -> None:
    import sqlalchemy as sa

    key = f"k{time.time_ns()}"
    holder = SQLTokenStore(postgres_server.url, key=key)
    holder.create_table()
    holder.save(_token(1))
    waiter = SQLTokenStore(postgres_server.url, key=key, lock_timeout=10)
    got_it = threading.Event()

    def wait_for_lock() -> None:
        with waiter.lock():
            got_it.set()

    with holder.lock():
        pid = holder._held.get().conn.exec_driver_sql("SELECT pg_backend_pid()").scalar()
        thread = threading.Thread(target=wait_for_lock)
        thread.start()
        time.sleep(0.3)
        assert not got_it.is_set()
        # the holder "dies": the server ends its session, as it does when the socket closes
        with sa.create_engine(postgres_server.url).connect() as admin:
            admin.exec_driver_sql(f"SELECT pg_terminate_backend({int(pid)})")
        assert got_it.wait(5)
        thread.join()
    assert waiter.load() == _token(1)


def test_table_ddl_is_documented(postgres_server: PostgresServer) -> None:
    ddl = SQLTokenStore.ddl("postgresql")
    assert ddl.startswith("CREATE TABLE xero_tokens") and "token_key VARCHAR(255) NOT NULL" in ddl
    assert "PRIMARY KEY (token_key)" in ddl
    # the statement as shown creates a table the store works with
    import sqlalchemy as sa

    engine = sa.create_engine(postgres_server.url)
    with engine.begin() as conn:
        conn.exec_driver_sql(
            SQLTokenStore.ddl("postgresql", table="tokens_from_ddl").replace(
                "CREATE TABLE", "CREATE TABLE IF NOT EXISTS"
            )
        )
    store = SQLTokenStore(engine, key="u1", table="tokens_from_ddl")
    store.save(_token(5))
    assert store.load() == _token(5)
    # the README shows the same statement
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text()
    assert SQLTokenStore.ddl("postgresql") in readme


def test_manager_falls_back_to_the_previous_refresh_token(
    make_store: Any, app: OAuth2App, identity_server: IdentityServerProcess
) -> None:
    """The current refresh token is refused but the one before it is inside Xero's grace: the
    manager retries that one once instead of sending the user to consent again."""
    identity_server.configure(refresh_grace=1800)
    store = make_store()
    store.save(login(app, identity_server))
    manager = TokenManager(app, store)
    manager.force_refresh()  # previous = the login token (its refresh token now spent)
    current = store.load()
    identity_server.expire("refresh", current.refresh_token)  # the current one is dead
    token = manager.force_refresh()
    assert token.refresh_token not in (current.refresh_token,)
    assert store.load() == token
    assert identity_server.stats()["refresh_rejected"] == 1  # the dead one, once; then the fallback


@pytest.mark.parametrize("kind", ["redis", "postgres"])
def test_server_down_gives_a_typed_error_after_bounded_retries(kind: str) -> None:
    port = free_port()
    if kind == "redis":
        store: Any = RedisTokenStore(f"redis://:hunter2-secret@127.0.0.1:{port}/0", key="k", retries=3)
    else:
        store = SQLTokenStore(
            f"postgresql+psycopg://xero:hunter2-secret@127.0.0.1:{port}/x", key="k", retries=3
        )
    started = time.monotonic()
    with pytest.raises(TokenStoreUnavailableError) as err:
        store.load()
    assert time.monotonic() - started < 5
    assert "after 3 attempts" in str(err.value)
    for text in (str(err.value), repr(err.value), repr(store)):
        assert "hunter2" not in text
    assert err.value.__cause__ is None and err.value.__context__ is None
    with pytest.raises(TokenStoreUnavailableError):
        asyncio.run(store.aload())
    # through the client: no request is sent without a token
    with Xero(token_manager=TokenManager(OAuth2App("id", "secret"), store), tenant_id="t") as xero:
        with pytest.raises(TokenStoreUnavailableError):
            xero.accounting.get_organisations()


@pytest.fixture(params=["postgres", "sqlite"])
def async_engine_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "postgres":
        url: str = request.getfixturevalue("postgres_server").url  # psycopg: sync and asyncio
        return url
    return f"sqlite+aiosqlite:///{tmp_path / 'tokens.db'}"


async def test_sql_store_on_an_async_engine(
    async_engine_url: str, app: OAuth2App, identity_server: IdentityServerProcess
) -> None:
    """On an ``AsyncEngine`` the store is natively async: load, save, the lock (exclusive against
    another engine's store), and a refresh through ``AsyncXero``'s path (``TokenManager``)."""
    from sqlalchemy.ext.asyncio import create_async_engine

    key = f"k{time.time_ns()}"
    first_engine, second_engine = create_async_engine(async_engine_url), create_async_engine(async_engine_url)
    try:
        async with first_engine.begin() as conn:
            await conn.run_sync(
                lambda sync: SQLTokenStore(sync.engine, key=key).table.metadata.create_all(sync)
            )
        store = SQLTokenStore(first_engine, key=key)
        other = SQLTokenStore(second_engine, key=key, lock_timeout=0.5)
        with pytest.raises(TypeError, match="AsyncEngine"):
            store.load()
        await store.asave(login(app, identity_server))
        async with store.alock():
            with pytest.raises(TokenStoreError, match="refresh lock"):
                async with other.alock():
                    pass
        identity_server.configure(access_token_ttl=1)
        manager = TokenManager(app, other)
        before = await other.aload()
        token = await manager.aforce_refresh()
        assert token != before and await store.aload() == token
        assert await store.aload_previous() == before
        assert identity_server.stats()["refresh_granted"] == 1
    finally:
        await first_engine.dispose()
        await second_engine.dispose()


def test_postgres_restart_retries_then_reconnects(postgres_server: PostgresServer) -> None:
    """While the database is down a load fails after its bounded retries with the typed error;
    once it is back the same store reconnects (stale pooled connections are pre-pinged)."""
    key = f"k{time.time_ns()}"
    store = SQLTokenStore(postgres_server.url, key=key, retries=2, retry_backoff=0.05)
    store.create_table()
    store.save(_token(1))
    postgres_server.stop()
    try:
        with pytest.raises(TokenStoreUnavailableError, match="after 2 attempts"):
            store.load()
    finally:
        postgres_server.start()
    assert store.load() == _token(1)
    store.save(_token(2))
    assert store.load_previous() == _token(1)
    store.close()
