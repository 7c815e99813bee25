"""The flows a user runs, end to end through ``Xero``: consent, stores, refresh, custom connections."""

from __future__ import annotations

import threading
from pathlib import Path
from uuid import UUID

import httpx
import pytest

from tests.auth.conftest import AppFactory, login
from tests.identity_server import DEFAULT_TENANTS, IdentityServerProcess
from tests.mockserver.prism import free_port
from xero_sdk import FileTokenStore, MemoryTokenStore, OAuth2App, Xero, run_loopback_flow, scopes
from xero_sdk.errors import InvalidGrantError, XeroError


def api_urls(server: IdentityServerProcess) -> dict[str, str]:
    return {"accounting": server.url + "/api.xro/2.0"}


def test_loopback_flow_for_desktop_and_cli_apps(identity_server: IdentityServerProcess) -> None:
    redirect = f"http://localhost:{free_port()}/callback"
    identity_server.admin(
        "POST",
        "clients",
        {"client_id": "desktop-app", "client_secret": None, "redirect_uris": [redirect]},
    )
    app = OAuth2App(
        "desktop-app", redirect_uri=redirect, scopes=[scopes.OFFLINE_ACCESS, scopes.ACCOUNTING_INVOICES],
        identity_url=identity_server.url,
    )  # fmt: skip
    opened: list[str] = []

    def browser(url: str) -> None:
        # the user approves in the browser, which follows Xero's redirect to the loopback port
        opened.append(url)
        threading.Thread(
            target=httpx.get, args=(url,), kwargs={"follow_redirects": True}, daemon=True
        ).start()

    token = run_loopback_flow(app, open_browser=browser, timeout=30)
    assert opened and "code_challenge_method=S256" in opened[0]
    assert token.refresh_token and token.access_token
    with Xero(app=app, token_store=MemoryTokenStore(token), base_urls=api_urls(identity_server)) as xero:
        assert {c.tenant_id for c in xero.connections()} <= {UUID(t[0]) for t in DEFAULT_TENANTS}


def test_loopback_flow_refuses_a_non_loopback_redirect(make_app: AppFactory) -> None:
    app = make_app(redirect_uri="https://example.com/callback")
    with pytest.raises(ValueError, match="loopback"):
        run_loopback_flow(app, open_browser=lambda url: None, timeout=1)


def test_web_app_flow_then_calls_refresh_by_themselves_and_persist_the_rotation(
    make_app: AppFactory, identity_server: IdentityServerProcess, tmp_path: Path
) -> None:
    app = make_app()
    store = FileTokenStore(tmp_path / "xero-token.json")
    store.save(login(app, identity_server))
    first = store.load()
    assert first is not None
    with Xero(app=app, token_store=store, base_urls=api_urls(identity_server)) as xero:
        tenant = xero.connections()[0].tenant_id
        org = xero.for_tenant(tenant)
        assert org.accounting.get_organisations().organisations
        # Xero expires the access token early (or the clock skews): the client refreshes once
        identity_server.expire("access")
        assert org.accounting.get_organisations().organisations
    rotated = store.load()
    assert rotated is not None
    assert rotated.refresh_token != first.refresh_token, "the rotated token was not persisted"
    assert identity_server.stats()["refresh_granted"] == 1


def test_a_dead_refresh_token_says_consent_again(
    make_app: AppFactory, identity_server: IdentityServerProcess
) -> None:
    app = make_app()
    store = MemoryTokenStore(login(app, identity_server))
    identity_server.expire("refresh")
    identity_server.expire("access")
    xero = Xero(
        app=app, token_store=store, tenant_id=DEFAULT_TENANTS[0][0], base_urls=api_urls(identity_server)
    )
    with pytest.raises(InvalidGrantError, match="consent") as info:
        xero.accounting.get_organisations()
    assert isinstance(info.value, XeroError)
    xero.close()


def test_custom_connection_uses_client_credentials_and_no_tenant(
    make_app: AppFactory, identity_server: IdentityServerProcess
) -> None:
    seen: list[httpx.Request] = []
    app = make_app()
    with Xero(
        app=app, client_credentials=True, base_urls=api_urls(identity_server), on_request=seen.append
    ) as custom:
        assert custom.accounting.get_organisations().organisations
    assert identity_server.stats()["client_credentials_granted"] == 1
    assert seen and all("xero-tenant-id" not in r.headers for r in seen)
