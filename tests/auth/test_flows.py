"""OAuth2App against the identity server: authorization code + PKCE, refresh rotation, revocation,
client credentials, connections. Sync and async."""

from __future__ import annotations

import urllib.parse
from uuid import UUID

import httpx
import pytest

from tests.auth.conftest import AppFactory, login
from tests.identity_server import DEFAULT_TENANTS, IdentityServerProcess
from tests.mockserver.prism import free_port
from xero_sdk.auth import (
    DEFAULT_AUTHORIZE_URL,
    DEFAULT_CONNECTIONS_URL,
    DEFAULT_REVOCATION_URL,
    DEFAULT_TOKEN_URL,
    AuthorizationError,
    InvalidGrantError,
    OAuth2App,
    OAuthError,
    OAuthTransportError,
    StateMismatchError,
    Token,
    scopes,
)
from xero_sdk.auth._authlib import s256_challenge


def _query(url: str) -> dict[str, str]:
    return dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(url).query))


# -- authorization request ---------------------------------------------------------------------
def test_authorization_request_has_pkce_state_and_nonce(
    app: OAuth2App, identity_server: IdentityServerProcess
) -> None:
    first, second = app.authorization_request(), app.authorization_request()
    params = _query(first.url)
    assert first.url.startswith(f"{identity_server.url}/identity/connect/authorize?")
    assert params["response_type"] == "code"
    assert params["client_id"] == identity_server.client_id
    assert params["redirect_uri"] == identity_server.redirect_uri
    assert params["scope"] == "offline_access openid profile accounting.invoices"
    assert params["state"] == first.state
    assert params["code_challenge_method"] == "S256"
    assert params["code_challenge"] == s256_challenge(first.code_verifier)
    assert 43 <= len(first.code_verifier) <= 128
    assert params["nonce"] == first.nonce
    assert first.state != second.state and first.code_verifier != second.code_verifier
    assert first.nonce != second.nonce


def test_no_nonce_without_openid(make_app: AppFactory) -> None:
    request = make_app(scopes=[scopes.OFFLINE_ACCESS]).authorization_request()
    assert request.nonce is None and "nonce" not in _query(request.url)


def test_endpoints_default_and_overrides(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in (
        "XERO_AUTHORIZE_URL",
        "XERO_TOKEN_URL",
        "XERO_REVOCATION_URL",
        "XERO_CONNECTIONS_URL",
        "XERO_IDENTITY_URL",
    ):
        monkeypatch.delenv(name, raising=False)
    app = OAuth2App("id")
    assert (app.authorize_url, app.token_url, app.revocation_url, app.connections_url) == (
        DEFAULT_AUTHORIZE_URL,
        DEFAULT_TOKEN_URL,
        DEFAULT_REVOCATION_URL,
        DEFAULT_CONNECTIONS_URL,
    )
    monkeypatch.setenv("XERO_IDENTITY_URL", "http://127.0.0.1:9/")
    monkeypatch.setenv("XERO_TOKEN_URL", "http://proxy/token")
    app = OAuth2App("id", revocation_url="http://explicit/revoke")
    assert app.authorize_url == "http://127.0.0.1:9/identity/connect/authorize"
    assert app.token_url == "http://proxy/token"
    assert app.revocation_url == "http://explicit/revoke"
    assert app.connections_url == "http://127.0.0.1:9/Connections"
    app = OAuth2App("id", identity_url="http://local")
    assert app.token_url == "http://local/connect/token"  # the argument beats the environment


# -- code exchange -------------------------------------------------------------------------------
def test_happy_path(app: OAuth2App, identity_server: IdentityServerProcess) -> None:
    request = app.authorization_request()
    callback = identity_server.authorize(request.url)
    assert callback.startswith(identity_server.redirect_uri + "?")
    token = app.exchange_code(callback, state=request.state, code_verifier=request.code_verifier)
    assert isinstance(token, Token)
    assert token.refresh_token and token.id_token and token.access_token
    assert token.scopes == ("offline_access", "openid", "profile", "accounting.invoices")
    assert 1790 <= token.expires_in() <= 1800
    # the token works on the API
    tenant = DEFAULT_TENANTS[0][0]
    response = httpx.get(
        identity_server.resource_url,
        headers={"Authorization": f"Bearer {token.access_token}", "xero-tenant-id": tenant},
    )
    assert response.status_code == 200
    assert response.json()["Organisations"][0]["OrganisationID"] == tenant
    assert identity_server.stats()["code_exchanges"] == 1


def test_pkce_app_without_secret(make_app: AppFactory, identity_server: IdentityServerProcess) -> None:
    app = make_app(client_id=identity_server.public_client_id, client_secret=None)
    token = login(app, identity_server)
    assert token.refresh_token
    assert app.refresh(token).access_token != token.access_token


def test_wrong_state_is_refused_before_any_exchange(
    app: OAuth2App, identity_server: IdentityServerProcess
) -> None:
    request = app.authorization_request()
    callback = identity_server.authorize(request.url)
    with pytest.raises(StateMismatchError, match="state does not match"):
        app.exchange_code(callback, state="not-the-state", code_verifier=request.code_verifier)
    with pytest.raises(StateMismatchError):
        app.exchange_code(
            callback.replace("state=", "xstate="), state=request.state, code_verifier=request.code_verifier
        )
    assert identity_server.stats()["code_exchanges"] == 0
    # the code was not spent: the right state still works
    assert app.exchange_code(callback, state=request.state, code_verifier=request.code_verifier)


def test_wrong_verifier_is_invalid_grant(app: OAuth2App, identity_server: IdentityServerProcess) -> None:
    request = app.authorization_request()
    callback = identity_server.authorize(request.url)
    other = app.authorization_request()
    with pytest.raises(InvalidGrantError, match="code_verifier") as info:
        app.exchange_code(callback, state=request.state, code_verifier=other.code_verifier)
    assert info.value.error == "invalid_grant" and info.value.status_code == 400


def test_code_is_single_use(app: OAuth2App, identity_server: IdentityServerProcess) -> None:
    request = app.authorization_request()
    callback = identity_server.authorize(request.url)
    app.exchange_code(callback, state=request.state, code_verifier=request.code_verifier)
    with pytest.raises(InvalidGrantError, match="already used"):
        app.exchange_code(callback, state=request.state, code_verifier=request.code_verifier)


def test_error_in_callback(app: OAuth2App, identity_server: IdentityServerProcess) -> None:
    identity_server.configure(consent="deny")
    request = app.authorization_request()
    callback = identity_server.authorize(request.url)
    assert "error=access_denied" in callback
    with pytest.raises(AuthorizationError, match="access_denied: the user declined consent") as info:
        app.exchange_code(callback, state=request.state, code_verifier=request.code_verifier)
    assert info.value.error == "access_denied"
    url = f"https://example.com/cb?error=invalid_scope&error_description=bad+scope&state={request.state}"
    with pytest.raises(AuthorizationError, match="invalid_scope: bad scope"):
        app.exchange_code(url, state=request.state, code_verifier=request.code_verifier)
    with pytest.raises(OAuthError, match="no code"):
        app.exchange_code(
            f"https://example.com/cb?state={request.state}", state=request.state, code_verifier="v" * 43
        )


def test_server_validates_the_authorization_request(
    app: OAuth2App, identity_server: IdentityServerProcess
) -> None:
    request = app.authorization_request()
    tampered = request.url.replace("code_challenge_method=S256", "code_challenge_method=plain")
    assert "code_challenge_method must be S256" in urllib.parse.unquote_plus(
        identity_server.authorize(tampered)
    )
    bad_redirect = request.url.replace("localhost%3A8765", "evil.example")
    assert httpx.get(bad_redirect).status_code == 400


def test_bad_client_secret(make_app: AppFactory, identity_server: IdentityServerProcess) -> None:
    app = make_app(client_secret="wrong-secret-value")
    request = app.authorization_request()
    callback = identity_server.authorize(request.url)
    with pytest.raises(OAuthError, match="invalid_client") as info:
        app.exchange_code(callback, state=request.state, code_verifier=request.code_verifier)
    assert info.value.status_code == 401
    assert not isinstance(info.value, InvalidGrantError)


# -- refresh -----------------------------------------------------------------------------------------
def test_rotation(app: OAuth2App, token: Token, identity_server: IdentityServerProcess) -> None:
    second = app.refresh(token)
    assert second.refresh_token != token.refresh_token
    assert second.access_token != token.access_token
    assert second.scopes == token.scopes
    third = app.refresh(second)
    assert third.refresh_token not in (token.refresh_token, second.refresh_token)
    with pytest.raises(InvalidGrantError, match="must authorise the app again"):
        app.refresh(token)  # the old one is spent
    with pytest.raises(InvalidGrantError):
        app.refresh(second)
    stats = identity_server.stats()
    assert stats["refresh_granted"] == 2 and stats["refresh_rejected"] == 2


def test_dead_refresh_token(app: OAuth2App, token: Token, identity_server: IdentityServerProcess) -> None:
    identity_server.expire("refresh")  # 60 days unused
    with pytest.raises(InvalidGrantError, match="expired after 60 days") as info:
        app.refresh(token)
    assert info.value.error == "invalid_grant" and info.value.status_code == 400
    no_refresh = Token(access_token=token.access_token, expires_at=token.expires_at)
    with pytest.raises(InvalidGrantError, match="no refresh token"):
        app.refresh(no_refresh)


# -- revocation --------------------------------------------------------------------------------------
def test_revocation(app: OAuth2App, token: Token, identity_server: IdentityServerProcess) -> None:
    assert len(app.connections(token)) == 2
    app.revoke(token)
    with pytest.raises(InvalidGrantError):
        app.refresh(token)
    with pytest.raises(OAuthError) as info:
        app.connections(token)
    assert info.value.status_code == 401 and info.value.error == "AuthorizationUnsuccessful"
    assert identity_server.stats()["revocations"] == 1
    app.revoke("unknown-token-value")  # RFC 7009: unknown tokens are not an error


# -- client credentials ------------------------------------------------------------------------------
def test_client_credentials(make_app: AppFactory, identity_server: IdentityServerProcess) -> None:
    app = make_app(scopes=())
    token = app.client_credentials()
    assert token.refresh_token is None and token.access_token
    billing = app.client_credentials([scopes.MARKETPLACE_BILLING])
    assert billing.scopes == ("marketplace.billing",)
    # no tenant header needed, and /connections lists the one organisation
    response = httpx.get(
        identity_server.resource_url, headers={"Authorization": f"Bearer {token.access_token}"}
    )
    assert response.status_code == 200
    assert [c.tenant_id for c in app.connections(token)] == [UUID(DEFAULT_TENANTS[0][0])]
    with pytest.raises(ValueError, match="client secret"):
        make_app(client_id=identity_server.public_client_id, client_secret=None).client_credentials()


# -- connections -------------------------------------------------------------------------------------
def test_connections_and_disconnect(
    app: OAuth2App, token: Token, identity_server: IdentityServerProcess
) -> None:
    connections = app.connections(token)
    assert {c.tenant_id for c in connections} == {
        UUID(t[0]) for t in DEFAULT_TENANTS if t[1] == "ORGANISATION"
    }
    assert all(c.tenant_type == "ORGANISATION" and c.created_at and c.auth_event_id for c in connections)
    event = connections[0].auth_event_id
    assert event is not None
    assert len(app.connections(token.access_token, auth_event_id=event)) == 2
    assert app.connections(token, auth_event_id="00000000-0000-0000-0000-000000000000") == []
    app.disconnect(token, connections[0].id)
    assert [c.id for c in app.connections(token)] == [connections[1].id]
    with pytest.raises(OAuthError, match="not found") as info:
        app.disconnect(token, connections[0].id)
    assert info.value.status_code == 404


def test_connections_with_expired_token(
    app: OAuth2App, token: Token, identity_server: IdentityServerProcess
) -> None:
    identity_server.expire("access")
    with pytest.raises(OAuthError, match="TokenExpired: token expired at") as info:
        app.connections(token)
    assert info.value.status_code == 401 and info.value.error == "TokenExpired"


# -- transport -------------------------------------------------------------------------------------
def test_unreachable_identity_service() -> None:
    app = OAuth2App("id", "secret-value-123", identity_url=f"http://127.0.0.1:{free_port()}")
    with pytest.raises(OAuthTransportError, match="could not reach") as info:
        app.client_credentials()
    assert info.value.__cause__ is None and info.value.__context__ is None
    app.close()


def test_injected_http_client_is_used_and_not_closed(identity_server: IdentityServerProcess) -> None:
    seen: list[str] = []
    client = httpx.Client(event_hooks={"request": [lambda request: seen.append(request.url.path)]})
    app = OAuth2App(
        identity_server.client_id,
        identity_server.client_secret,
        identity_url=identity_server.url,
        http_client=client,
    )
    app.client_credentials()
    app.close()
    assert seen == ["/connect/token"]
    assert not client.is_closed
    client.close()


# -- async twins ---------------------------------------------------------------------------------------
async def test_async_flow(app: OAuth2App, identity_server: IdentityServerProcess) -> None:
    request = app.authorization_request()
    async with httpx.AsyncClient() as browser:
        callback = (await browser.get(request.url)).headers["Location"]
    token = await app.aexchange_code(callback, state=request.state, code_verifier=request.code_verifier)
    rotated = await app.arefresh(token)
    assert rotated.refresh_token != token.refresh_token
    with pytest.raises(InvalidGrantError):
        await app.arefresh(token)
    connections = await app.aconnections(rotated)
    assert len(connections) == 2
    await app.adisconnect(rotated, connections[0].id)
    assert len(await app.aconnections(rotated)) == 1
    await app.arevoke(rotated)
    with pytest.raises(InvalidGrantError):
        await app.arefresh(rotated)
    cc = await app.aclient_credentials([scopes.ACCOUNTING_INVOICES])
    assert cc.refresh_token is None


async def test_async_with_injected_client(identity_server: IdentityServerProcess) -> None:
    async with httpx.AsyncClient() as client:
        app = OAuth2App(
            identity_server.client_id,
            identity_server.client_secret,
            identity_url=identity_server.url,
            async_http_client=client,
        )
        token = await app.aclient_credentials()
        assert token.access_token
        with pytest.raises(StateMismatchError):
            await app.aexchange_code(
                "https://example.com/cb?code=x&state=y", state="z", code_verifier="v" * 43
            )
