"""TokenManager: refresh ahead of expiry, after a 401, client credentials; sync and async."""

from __future__ import annotations

import asyncio
import datetime as dt

import httpx
import pytest

from tests.auth.conftest import AppFactory
from tests.identity_server import DEFAULT_TENANTS, IdentityServerProcess
from xero_sdk.auth import (
    FileTokenStore,
    InvalidGrantError,
    MemoryTokenStore,
    NoTokenError,
    OAuth2App,
    Token,
    TokenManager,
    TokenStore,
)

TENANT = DEFAULT_TENANTS[0][0]


def _expiring(token: Token, seconds: float = 10) -> Token:
    """The same token, as if it had been issued long ago (expires in ``seconds``)."""
    return Token(
        access_token=token.access_token,
        refresh_token=token.refresh_token,
        expires_at=dt.datetime.now(dt.timezone.utc) + dt.timedelta(seconds=seconds),
        scopes=token.scopes,
        id_token=token.id_token,
    )


def _call(server: IdentityServerProcess, access_token: str, tenant: str | None = TENANT) -> httpx.Response:
    headers = {"Authorization": f"Bearer {access_token}"}
    if tenant:
        headers["xero-tenant-id"] = tenant
    return httpx.get(server.resource_url, headers=headers)


def test_store_protocol() -> None:
    assert isinstance(MemoryTokenStore(), TokenStore)
    assert isinstance(FileTokenStore("x.json"), TokenStore)


def test_fresh_token_is_returned_without_refresh(
    app: OAuth2App, token: Token, identity_server: IdentityServerProcess
) -> None:
    manager = TokenManager(app, MemoryTokenStore(token))
    assert manager.access_token() == token.access_token
    assert manager.token() == token
    assert identity_server.stats()["refresh_granted"] == 0


def test_refresh_ahead_of_expiry_saves_before_returning(
    app: OAuth2App, token: Token, identity_server: IdentityServerProcess, tmp_path: object
) -> None:
    store = FileTokenStore(f"{tmp_path}/token.json")
    store.save(_expiring(token, seconds=30))  # inside the 60 s skew
    manager = TokenManager(app, store)
    access = manager.access_token()
    assert access != token.access_token
    saved = store.load()
    assert saved is not None and saved.access_token == access
    assert saved.refresh_token != token.refresh_token
    assert manager.access_token() == access  # cached, no second refresh
    assert identity_server.stats()["refresh_granted"] == 1
    assert _call(identity_server, access).status_code == 200


def test_on_unauthorized_refreshes_once(
    app: OAuth2App, token: Token, identity_server: IdentityServerProcess
) -> None:
    store = MemoryTokenStore(token)
    manager = TokenManager(app, store)
    first = manager.access_token()
    identity_server.expire("access")  # the server says expired, the client clock does not
    assert _call(identity_server, first).json()["Detail"].startswith("TokenExpired: token expired at ")
    second = manager.on_unauthorized(first)
    assert second != first and _call(identity_server, second).status_code == 200
    # a late 401 for the old token: the store already holds a newer one, no second refresh
    assert manager.on_unauthorized(first) == second
    assert identity_server.stats()["refresh_granted"] == 1


def test_on_unauthorized_after_server_clock_skew(
    app: OAuth2App, token: Token, identity_server: IdentityServerProcess
) -> None:
    manager = TokenManager(app, MemoryTokenStore(token))
    access = manager.access_token()
    identity_server.set_clock(offset=3600)  # server clock an hour ahead: tokens expired there
    response = _call(identity_server, access)
    assert response.status_code == 401 and "TokenExpired" in response.json()["Detail"]
    identity_server.set_clock(offset=0)
    fresh = manager.on_unauthorized(access)
    assert _call(identity_server, fresh).status_code == 200


def test_another_manager_sees_the_rotated_token(
    app: OAuth2App, token: Token, identity_server: IdentityServerProcess, tmp_path: object
) -> None:
    path = f"{tmp_path}/token.json"
    FileTokenStore(path).save(_expiring(token))
    first = TokenManager(app, FileTokenStore(path))
    second = TokenManager(app, FileTokenStore(path))
    assert first.access_token() == second.access_token()
    assert identity_server.stats()["refresh_granted"] == 1


def test_dead_refresh_token_raises_invalid_grant(
    app: OAuth2App, token: Token, identity_server: IdentityServerProcess
) -> None:
    app.refresh(token)  # spent elsewhere, and the new token was not saved in this store
    manager = TokenManager(app, MemoryTokenStore(_expiring(token)))
    with pytest.raises(InvalidGrantError, match="must authorise the app again"):
        manager.access_token()


def test_rotated_outside_the_lock_is_recovered(
    app: OAuth2App, token: Token, identity_server: IdentityServerProcess
) -> None:
    store = MemoryTokenStore(_expiring(token))

    class Racy(MemoryTokenStore):
        loads = 0

        def load(self) -> Token | None:
            current = store.load()
            if current is not None and current.refresh_token == token.refresh_token and self.loads == 1:
                store.save(app.refresh(current))  # a holder that ignores the lock rotates now
            self.loads += 1
            return current

        def save(self, new: Token) -> None:
            store.save(new)

    racy = Racy()
    manager = TokenManager(app, racy)
    manager.access_token()  # load #0: expiring -> lock -> load #1 rotates behind our back
    assert manager.access_token() != token.access_token


def test_empty_store(app: OAuth2App) -> None:
    with pytest.raises(NoTokenError, match="run the authorization flow"):
        TokenManager(app, MemoryTokenStore()).access_token()
    with pytest.raises(ValueError, match="token store is required"):
        TokenManager(app)


def test_force_refresh(app: OAuth2App, token: Token, identity_server: IdentityServerProcess) -> None:
    manager = TokenManager(app, MemoryTokenStore(token))
    assert manager.force_refresh().refresh_token != token.refresh_token
    assert identity_server.stats()["refresh_granted"] == 1


def test_client_credentials_mode(make_app: AppFactory, identity_server: IdentityServerProcess) -> None:
    app = make_app(scopes=())
    manager = TokenManager(app, client_credentials=True)
    assert manager.client_credentials
    first = manager.access_token()
    assert _call(identity_server, first, tenant=None).status_code == 200  # no tenant header
    assert manager.access_token() == first
    identity_server.expire("access")
    second = manager.on_unauthorized(first)
    assert second != first and _call(identity_server, second, tenant=None).status_code == 200
    stored = manager.store.load()
    assert stored is not None and stored.refresh_token is None
    # expiring by the client clock: a new client-credentials token, no refresh grant
    manager.store.save(_expiring(stored))
    assert TokenManager(app, manager.store, client_credentials=True).access_token() not in (first, second)
    stats = identity_server.stats()
    assert stats["client_credentials_granted"] == 3 and stats["refresh_granted"] == 0


def test_repr_hides_secrets(app: OAuth2App, token: Token) -> None:
    text = repr(TokenManager(app, MemoryTokenStore(token)))
    assert token.access_token not in text and "***" in text


# -- async ---------------------------------------------------------------------------------------
async def test_async_refresh_and_401(
    app: OAuth2App, token: Token, identity_server: IdentityServerProcess, tmp_path: object
) -> None:
    store = FileTokenStore(f"{tmp_path}/token.json")
    store.save(_expiring(token))
    manager = TokenManager(app, store)
    first = await manager.aaccess_token()
    assert first != token.access_token
    results = await asyncio.gather(*(manager.aaccess_token() for _ in range(20)))
    assert set(results) == {first}
    identity_server.expire("access")
    tokens = await asyncio.gather(*(manager.aon_unauthorized(first) for _ in range(10)))
    assert len(set(tokens)) == 1 and tokens[0] != first
    assert identity_server.stats()["refresh_granted"] == 2
    assert (await manager.aforce_refresh()).access_token != tokens[0]


async def test_async_client_credentials(make_app: AppFactory, identity_server: IdentityServerProcess) -> None:
    manager = TokenManager(make_app(scopes=()), client_credentials=True)
    tokens = await asyncio.gather(*(manager.aaccess_token() for _ in range(10)))
    assert len(set(tokens)) == 1
    assert identity_server.stats()["client_credentials_granted"] == 1


async def test_cancelled_caller_does_not_lose_the_rotated_token(
    app: OAuth2App, token: Token, identity_server: IdentityServerProcess
) -> None:
    identity_server.configure(token_latency=0.3)
    store = MemoryTokenStore(_expiring(token))
    manager = TokenManager(app, store)
    task = asyncio.create_task(manager.aaccess_token())
    await asyncio.sleep(0.1)  # the refresh request is in flight
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    for _ in range(100):  # the shielded refresh completes and saves
        saved = store.load()
        if saved is not None and saved.refresh_token != token.refresh_token:
            break
        await asyncio.sleep(0.05)
    assert saved is not None and saved.refresh_token != token.refresh_token
    identity_server.configure(token_latency=0)
    assert await manager.aaccess_token() == saved.access_token
    assert identity_server.stats()["refresh_rejected"] == 0
